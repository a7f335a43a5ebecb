"""One open workshop in the window: the store, undo history and change notifications.

Pages and item models never write to the store directly: they call ``Session.add`` /
``update`` / ``delete`` / ``run``, which do the core work first (so a rule broken by bad
input raises before anything is recorded), then push an undoable command and announce
which records changed: ``changed(table, ids)`` names the ids written (a frozenset), or
None when anything in the table may have changed (an import, a bulk undo), so item models
apply just those rows instead of reloading the table.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop.errors import WorkshopFileError
from workshop.model import Record
from workshop.pin import PinGuard

if TYPE_CHECKING:
    from workshop.store import WorkshopStore

BACKUP_CHECK_MS = 60_000


class Session(QObject):
    changed = Signal(str, object)  # a table, and the frozenset of ids changed (None: any)
    saved = Signal()  # a change was committed to disk
    # A change the file refused (a full or pulled disk, a read-only file): the window says
    # so; the error still reaches the caller, which keeps what the person typed.
    save_failed = Signal(object)

    def __init__(self, store: WorkshopStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        # One per open workshop: the count of wrong PINs lasts while participants are here.
        self.pin_guard = PinGuard(store.local.facilitator_pin)
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._backup_if_due)
        self._backup_timer.start(BACKUP_CHECK_MS)

    @property
    def path(self) -> Path | None:
        return self.store.path

    def close(self) -> None:
        self._backup_timer.stop()
        self.undo_stack.clear()
        self.store.close()

    # Each change is done once here, then recorded; undo/redo replay it from the record.

    @contextlib.contextmanager
    def _saving(self) -> Iterator[None]:
        try:
            yield
        except WorkshopFileError as error:
            self.save_failed.emit(error)
            raise

    def add(self, record: Record, text: str = "") -> Record:
        with self._saving():
            stored = self.store.add(record)
        self._push(_Command(
            text,
            redo=lambda: self.store.undelete(type(stored), stored.id),
            undo=lambda: self.store.delete(type(stored), stored.id),
            tables=(stored.TABLE,), ids={stored.TABLE: (stored.id,)},
        ))
        return stored

    def update(self, record: Record, text: str = "") -> Record:
        before = self.store.get(type(record), record.id)
        with self._saving():
            after = self.store.update(record)
        self._push(_Command(
            text,
            redo=lambda: self.store.update(_fields_of(after)),
            undo=lambda: self.store.update(_fields_of(before)),
            tables=(after.TABLE,), ids={after.TABLE: (after.id,)},
        ))
        return after

    def delete(self, cls: type[Record], record_id: str, text: str = "") -> None:
        with self._saving():
            self.store.delete(cls, record_id)
        self._push(_Command(
            text,
            redo=lambda: self.store.delete(cls, record_id),
            undo=lambda: self.store.undelete(cls, record_id),
            tables=(cls.TABLE,), ids={cls.TABLE: (record_id,)},
        ))

    def run(self, text: str, do: Callable[[], object], undo: Callable[[], object],
            tables: tuple[str, ...],
            ids: Mapping[str, Iterable[str]] | None = None) -> object:
        """A change made of several core calls (merge, reorder): ``do`` runs now. ``ids``
        names the records it touches per table (both ways); a table left out may have
        changed anywhere."""
        with self._saving():
            result = do()
        self._push(_Command(text, redo=do, undo=undo, tables=tables, ids=ids))
        return result

    def _push(self, command: _Command) -> None:
        command.session = self
        self.undo_stack.push(command)  # skips the first redo: the change is already made
        self.announce(*command.tables, ids=command.ids)

    def announce(self, *tables: str, ids: Mapping[str, Iterable[str]] | None = None) -> None:
        for table in tables:
            changed = (ids or {}).get(table)
            self.changed.emit(table, None if changed is None else frozenset(changed))
        self.saved.emit()

    def _backup_if_due(self) -> None:
        if self.store.read_only:
            return
        with contextlib.suppress(WorkshopFileError):  # a full disk: the next save says so
            self.store.backup_if_due()


def _fields_of(record: Record) -> Record:
    # The update stamps new times; the values are what undo/redo restore.
    return dataclasses.replace(record)


class _Command(QUndoCommand):
    def __init__(self, text: str, *, redo: Callable, undo: Callable,
                 tables: tuple[str, ...],
                 ids: Mapping[str, Iterable[str]] | None = None) -> None:
        super().__init__(text)
        self._redo, self._undo, self.tables = redo, undo, tables
        self.ids = {table: frozenset(found) for table, found in (ids or {}).items()}
        self._first = True
        self.session: Session | None = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._replay(self._redo)

    def undo(self) -> None:
        self._replay(self._undo)

    def _replay(self, change: Callable) -> None:
        if self.session is None:
            change()
            return
        with self.session._saving():
            change()
        if self.session:
            self.session.announce(*self.tables, ids=self.ids)
