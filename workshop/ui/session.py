"""One open workshop in the window: the store, its writer, undo history and change notices.

Pages and item models never write to the store directly: they call ``Session.add`` /
``update`` / ``delete`` / ``run``. The rules are checked here first, on the UI thread, so
bad input raises its one-line message at once with nothing queued; the write itself goes to
the workshop's single writer (``workshop.store.writer``) and the UI thread carries on. When
the writer acknowledges the commit (the change is on the disk), a queued signal brings the
outcome back here: the undoable command is pushed and ``changed`` says which records
changed – so what the window shows is always already saved. A write the file refused
emits ``save_failed`` and reaches the caller's ``failed`` callback, which keeps what the
person typed.

``flush()`` applies every outstanding acknowledgement now (closing, tests); ``wait(future)``
does so up to one write and returns its result or raises its error, for the few steps whose
caller needs the outcome before going on.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop.errors import NotSavedError, WorkshopError, WorkshopFileError
from workshop.model import Ballot, Idea, Record
from workshop.pin import PinGuard
from workshop.rules import validated
from workshop.store.writer import Writer

if TYPE_CHECKING:
    from workshop.phones.hosting import PhoneHost
    from workshop.store import WorkshopStore

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60_000

Change = Callable[["WorkshopStore"], Any]  # core work, given the writer's store
# The ids of the records changed, per table (read when the change is announced, so the
# core work may fill them in); a table left out: any of its records may have changed.
Ids = Mapping[str, Iterable[str]] | None


class Session(QObject):
    # The table whose records changed, and a frozenset of their ids (None: any may have).
    changed = Signal(str, object)
    saved = Signal()  # a change was committed to disk
    # A change the file refused (a full or pulled disk, a read-only file): the window says
    # so; the caller's ``failed`` callback keeps what the person typed.
    save_failed = Signal(object)
    # A write's future, emitted on the writer's thread when it is done: queued to this one.
    _acknowledged = Signal(object)
    # A write by the phones' server, committed on the writer's thread: queued to this one.
    _phone_wrote = Signal()

    def __init__(self, store: WorkshopStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store  # for reads on the UI thread; writes go to ``writer``
        self.writer = Writer(store)
        self._drafts = QueuedDrafts(store, self.writer)
        self.undo_stack = QUndoStack(self)
        # One per open workshop: the count of wrong PINs lasts while participants are here.
        self.pin_guard = PinGuard(store.local.facilitator_pin)
        # Outstanding writes in the order they were queued, each with what to do on its ack.
        self._pending: dict[concurrent.futures.Future, Callable[[concurrent.futures.Future],
                                                                None]] = {}
        self._awaited: set[concurrent.futures.Future] = set()  # their callers take errors
        self._acknowledged.connect(self._apply_through, Qt.ConnectionType.QueuedConnection)
        self._phone_wrote.connect(self._announce_phone_write, Qt.ConnectionType.QueuedConnection)
        self._phones: PhoneHost | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._backup_if_due)
        self._backup_timer.start(BACKUP_CHECK_MS)

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def drafts(self) -> QueuedDrafts:
        """Half-typed text, kept by the writer too: no fsync on the UI thread as one types."""
        return self._drafts

    def set_local_settings(self, settings: Mapping[str, str]) -> concurrent.futures.Future:
        """Settings of this laptop kept in the file (the hotspot's name, say): not records,
        not undoable; queued to the writer like everything else."""
        items = dict(settings)

        def write(store: WorkshopStore) -> None:
            for key, value in items.items():
                store.local.set_setting(key, value)

        return self.writer.submit(write, transaction=False)

    def set_facilitator_pin(self, pin_hash: str) -> None:
        """Keep the PIN's hash, waiting for the writer: participants take over right after,
        and the PIN that lets the facilitator back in must be on the disk before they do
        (a refused write raises here, as the store's own would)."""
        self.writer.call(lambda store: store.local.set_facilitator_pin(pin_hash),
                         transaction=False)

    @property
    def phones(self) -> PhoneHost:
        """The phones' server of this workshop (off until the facilitator starts it); its
        writes come through ``changed`` like the window's own."""
        if self._phones is None:
            from workshop.phones.hosting import PhoneHost

            self._phones = PhoneHost(self.store, self.writer,
                                     on_write=lambda _answer: self._phone_wrote.emit())
        return self._phones

    def close(self) -> None:
        """Let the writer finish what is queued, then close. Call ``flush()`` first while
        the pages still live: acknowledgements left now are dropped."""
        if self._phones is not None:  # phones stop before the writer they write through
            self._phones.stop()
        self._backup_timer.stop()
        self.writer.close()
        self._pending.clear()
        self.undo_stack.clear()
        self.store.close()

    # Each change is checked here, queued to the writer and recorded at once (so Ctrl+Z
    # right after Enter undoes it: the undo is queued behind it); announced on its ack.

    def add(self, record: Record, text: str = "", *, done: Callable[[Any], object] | None = None,
            failed: Callable[[Exception], object] | None = None) -> Record:
        """Queue a new record; returns it checked (its id is final, its times not yet)."""
        checked = validated(record)
        cls, record_id = type(checked), checked.id
        self._change(text, lambda store: store.add(checked),
                     redo=lambda store: store.undelete(cls, record_id),
                     undo=lambda store: store.delete(cls, record_id), tables=(cls.TABLE,),
                     ids={cls.TABLE: (record_id,)}, done=done, failed=failed)
        return checked

    def update(self, record: Record, text: str = "", *, base: Record | None = None,
               done: Callable[[Any], object] | None = None,
               failed: Callable[[Exception], object] | None = None) -> Record:
        """Queue the fields the caller changed in a live record; returns it checked.

        What changed is ``record`` against ``base``, the version the caller started from
        (by default the one on the disk now). Only those fields are written, onto the
        record as the writer has it then: an edit still queued (a slow USB stick) is not
        put back by a page whose copy was read before it landed. The merged record meets
        the rules again on the writer; if it does not, nothing is written."""
        checked = validated(record)
        cls = type(checked)
        if base is None:
            base = self.store.get(cls, checked.id)
        changes = _changed_fields(base, checked)
        versions: list[Record] = []  # before and after, filled by the writer

        def change(store: WorkshopStore) -> Record:
            # Read on the writer's thread: an earlier queued edit is already in ``current``.
            current = store.get(cls, checked.id)
            versions[:] = [current, store.update(dataclasses.replace(current, **changes))]
            return versions[1]

        # Undo and redo are queued behind ``change``: ``versions`` is filled by then.
        self._change(text, change, redo=lambda store: store.update(_fields_of(versions[1])),
                     undo=lambda store: store.update(_fields_of(versions[0])),
                     tables=(cls.TABLE,), ids={cls.TABLE: (checked.id,)}, done=done,
                     failed=failed)
        return checked

    def delete(self, cls: type[Record], record_id: str, text: str = "", *,
               done: Callable[[Any], object] | None = None,
               failed: Callable[[Exception], object] | None = None) -> None:
        self._change(text, lambda store: store.delete(cls, record_id),
                     redo=lambda store: store.delete(cls, record_id),
                     undo=lambda store: store.undelete(cls, record_id), tables=(cls.TABLE,),
                     ids={cls.TABLE: (record_id,)}, done=done, failed=failed)

    def run(self, text: str, do: Change, undo: Change, tables: tuple[str, ...], *,
            ids: Ids = None, done: Callable[[Any], object] | None = None,
            failed: Callable[[Exception], object] | None = None) -> concurrent.futures.Future:
        """A change made of several core calls (merge, reorder), each given the writer's
        store; ``do`` is queued now. ``ids`` names the records it touches per table (both
        ways). ``session.wait(future)`` for its result."""
        return self._change(text, do, redo=do, undo=undo, tables=tables, ids=ids, done=done,
                            failed=failed)

    def write(self, change: Change, tables: tuple[str, ...], *, transaction: bool = True,
              done: Callable[[Any], object] | None = None,
              failed: Callable[[Exception], object] | None = None
              ) -> concurrent.futures.Future:
        """A change that is not undoable (a merge of bundles): announced on its ack, then
        ``done`` gets its result; a refused one goes to ``failed`` as ``run``'s do."""
        with self._saving():
            future = self.writer.submit(change, transaction=transaction)

        def acknowledged(future: concurrent.futures.Future) -> None:
            if future.exception() is not None:
                self._report(future, failed)
                return
            self.announce(*tables)
            if done is not None:
                done(future.result())

        self._track(future, acknowledged)
        return future

    def wait(self, future: concurrent.futures.Future) -> Any:
        """Wait for one queued write and apply the acknowledgements up to it; returns its
        result or raises its error (as the store would have)."""
        self._awaited.add(future)
        try:
            concurrent.futures.wait([future])
            self._apply_through(future)
        finally:
            self._awaited.discard(future)
        return future.result()

    def flush(self) -> None:
        """Wait for every queued write and apply its acknowledgement now."""
        while self._pending:
            last = next(reversed(self._pending))
            concurrent.futures.wait([last])
            self._apply_through(last)
        self.writer.flush()  # drafts too

    def announce(self, *tables: str, ids: Ids = None) -> None:
        for table in tables:
            changed = (ids or {}).get(table)
            self.changed.emit(table, None if changed is None else frozenset(changed))
        self.saved.emit()

    def _announce_phone_write(self) -> None:
        # Which records a phone changed is the server's business; the pages reload ideas
        # and ballots (phones write nothing else the window shows). A notice queued before
        # the workshop closed finds no pages to tell.
        if not self.writer.closed:
            self.announce(Idea.TABLE, Ballot.TABLE)

    # ----------------------------------------------------------------------- internals

    def _change(self, text: str, change: Change, *, redo: Change, undo: Change,
                tables: tuple[str, ...], ids: Ids, done: Callable[[Any], object] | None,
                failed: Callable[[Exception], object] | None) -> concurrent.futures.Future:
        with self._saving():  # a read-only file refuses here, at once
            future = self.writer.submit(change)
        command = _Command(text, redo=redo, undo=undo, tables=tables, ids=ids)
        command.session = self
        self.undo_stack.push(command)  # skips the first redo: the change is already queued

        def acknowledged(future: concurrent.futures.Future) -> None:
            if future.exception() is not None:
                self._drop(command)
                self._report(future, failed)
                return
            self.announce(*tables, ids=ids)
            if done is not None:
                done(future.result())

        self._track(future, acknowledged)
        return future

    def clear_history(self) -> None:
        """Forget every undo step (a merge of bundles replaces records under them). A step
        still queued is told first: Qt deletes the commands, so if the writer refuses it
        there is no step left to drop."""
        stack = self.undo_stack
        for index in range(stack.count()):
            command = stack.command(index)
            if isinstance(command, _Command):
                command.forgotten = True
        stack.clear()

    def _drop(self, command: _Command) -> None:
        """A change the writer refused leaves no step to undo."""
        if command.forgotten:
            return  # the history was cleared: the command is gone
        command.refused = True
        command.setObsolete(True)
        stack = self.undo_stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is command:
            stack.undo()  # Qt removes an obsolete command once it is undone

    def _track(self, future: concurrent.futures.Future,
               acknowledged: Callable[[concurrent.futures.Future], None]) -> None:
        self._pending[future] = acknowledged
        future.add_done_callback(self._acknowledged.emit)

    def _apply_through(self, future: concurrent.futures.Future) -> None:
        """Apply the acknowledgements of ``future`` and of every write queued before it,
        in order (the writer commits in that order)."""
        if future not in self._pending:
            return  # already applied by flush() or wait()
        while self._pending:
            first = next(iter(self._pending))
            acknowledged = self._pending.pop(first)
            acknowledged(first)
            if first is future:
                return

    def _report(self, future: concurrent.futures.Future,
                failed: Callable[[Exception], object] | None) -> None:
        """A refused write: the window always says when the file refused or something
        unforeseen broke (logged, and told as one line); a broken rule goes to whoever
        asked (``failed``, or the caller of ``wait``), else to the window."""
        error = future.exception()
        if not isinstance(error, WorkshopError):
            log.error("a queued change failed", exc_info=error)
            error = NotSavedError()
        told = isinstance(error, WorkshopFileError | NotSavedError)
        if told:
            self.save_failed.emit(error)
        if future in self._awaited:
            return  # raised by wait()
        if failed is not None:
            failed(error)
        elif not told:
            self.save_failed.emit(error)

    @contextlib.contextmanager
    def _saving(self) -> Iterator[None]:
        try:
            yield
        except WorkshopFileError as error:
            self.save_failed.emit(error)
            raise

    def _replay(self, change: Change, command: _Command) -> None:
        with self._saving():
            future = self.writer.submit(change)

        def acknowledged(future: concurrent.futures.Future) -> None:
            if future.exception() is None:
                self.announce(*command.tables, ids=command.ids)
            else:
                self._report(future, None)

        self._track(future, acknowledged)

    def _backup_if_due(self) -> None:
        if self.store.read_only or self.writer.closed:
            return
        # On the writer's connection, which counts the changes; a full disk: the next save
        # says so.
        self.writer.submit(lambda store: _quietly(store.backup_if_due), transaction=False)


class QueuedDrafts:
    """The store's drafts (``LocalState``) for ``DraftFields``: read on the window's
    connection, written by the writer. A refused draft is not announced: the text stays in
    its field, and the next save of a record says why."""

    def __init__(self, store: WorkshopStore, writer: Writer) -> None:
        self._store, self._writer = store, writer
        # What this window set, as it will be once the writer has it: a draft read right
        # after it was set (switching teams and back) is never the older one on the disk.
        self._set: dict[tuple[str, str], str] = {}

    def draft(self, field: str, owner: str = "") -> str:
        if (field, owner) in self._set:
            return self._set[field, owner]
        return self._store.local.draft(field, owner)

    def set_draft(self, field: str, owner: str, text: str) -> None:
        self._writer.submit(lambda store: _quietly(
            lambda: store.local.set_draft(field, owner, text)), transaction=False)
        self._set[field, owner] = text


def _quietly(step: Callable[[], object]) -> None:
    with contextlib.suppress(WorkshopFileError):
        step()


# Kept by the store, never taken from a page's copy.
_STAMPS = frozenset(f.name for f in dataclasses.fields(Record))


def _changed_fields(base: Record, edited: Record) -> dict[str, Any]:
    return {f.name: getattr(edited, f.name) for f in dataclasses.fields(edited)
            if f.name not in _STAMPS and getattr(edited, f.name) != getattr(base, f.name)}


def _fields_of(record: Record) -> Record:
    # The update stamps new times; the values are what undo/redo restore.
    return dataclasses.replace(record)


class _Command(QUndoCommand):
    def __init__(self, text: str, *, redo: Change, undo: Change, tables: tuple[str, ...],
                 ids: Ids = None) -> None:
        super().__init__(text)
        self._redo, self._undo, self.tables, self.ids = redo, undo, tables, ids
        self._first = True
        self.refused = False  # the writer refused the change: nothing to replay
        self.forgotten = False  # cleared from the history (Qt has deleted it)
        self.session: Session | None = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._replay(self._redo)

    def undo(self) -> None:
        self._replay(self._undo)

    def _replay(self, change: Change) -> None:
        if self.session is not None and not self.refused:
            self.session._replay(change, self)
