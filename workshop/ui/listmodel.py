"""The one base of the item models over records: rows are changed where the records
changed, never by reloading and diffing the whole table.

The session says which records changed (``changed(table, ids)``); a model reads just
those (``store.get_many``) and ``apply`` maps each onto ``beginInsertRows``,
``dataChanged``, ``beginMoveRows`` or ``beginRemoveRows`` at the record's place in display
order – as napari's container models map list events onto Qt's. Views, selections and
proxies (``dynamicSortFilter`` re-sorts and re-filters only the rows signalled) keep
everything else. ``set_records`` takes a whole new list when a change may be anywhere
(``ids`` None, or the model shows something other than one table).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
)

from workshop.model import Record
from workshop.ui.session import Session

Index = QModelIndex | QPersistentModelIndex
MAX_STEPS = 32  # more separate runs of rows than this: one reset is cheaper for the views
BULK_IDS = 1_000  # more changed ids than this: reading the whole table is cheaper


def display_order(record: Record) -> tuple:
    """The store's display order (``position, created_at, id``), as a sort key."""
    return (getattr(record, "position", 0), record.created_at, record.id)


def _record_rows(qt_model: type) -> type:
    """The base over ``qt_model`` (a list or a table model of Qt): the same code for both,
    so that list callers keep ``index(row)`` and views call Qt's own ``index``."""

    class RecordRows(qt_model):
        """Rows of records (or any values with a key), ``COLUMNS`` wide. Subclasses give
        ``data`` and may change ``key_of`` and ``order_of``."""

        COLUMNS = 1
        # Rows kept in ``order_of`` (a followed table's display order): a row is found by
        # bisection, not by a scan that must be redone after every insert.
        SORTED = False

        def __init__(self, parent=None) -> None:
            super().__init__(parent)
            self._records: list[Any] = []
            self._by_key: dict[str, Any] = {}
            self._rows: dict[str, int] | None = None  # made again after rows move
            self._table: str | None = None  # the table followed, with its two reads
            self._load: Callable[[], Sequence] = list
            self._load_some: Callable[[Iterable[str]], Sequence] = lambda ids: []

        # ------------------------------------------------------------- keys and order

        def key_of(self, record: Any) -> Any:
            return record.id

        def order_of(self, record: Any) -> tuple:
            return display_order(record)

        # ------------------------------------------------------------------ Qt side

        def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self._records)

        def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else self.COLUMNS

        def data(self, index: Index, role: int = 0) -> Any:
            return None  # subclasses say what their rows show

        def record_at(self, index: Index) -> Any | None:
            """The record of a valid index of this model, else None."""
            if not index.isValid() or not 0 <= index.row() < len(self._records):
                return None
            return self._records[index.row()]

        def record(self, row: int) -> Any:
            return self._records[row]

        def records(self) -> list[Any]:
            return list(self._records)

        def row_of(self, key: Any) -> int:
            if self.SORTED:
                record = self._by_key.get(key)
                return -1 if record is None else self._row_in_order(record)
            return self._scan_row(key)

        def _scan_row(self, key: Any) -> int:
            if self._rows is None:
                self._rows = {self.key_of(r): n for n, r in enumerate(self._records)}
            return self._rows.get(key, -1)

        def refresh_rows(self, first_column: int = 0, last_column: int | None = None,
                         roles: Sequence[int] = ()) -> None:
            """Every row's text may read differently (a name it shows changed elsewhere)."""
            if self._records:
                last = self.columnCount() - 1 if last_column is None else last_column
                self.dataChanged.emit(self.index(0, first_column),
                                      self.index(len(self._records) - 1, last), list(roles))

        # ------------------------------------------------------------ following a table

        def follow(self, session: Session, cls: type[Record],
                   load: Callable[[], Sequence] | None = None,
                   load_some: Callable[[Iterable[str]], Sequence] | None = None) -> None:
            """Show the live records of ``cls`` and follow the session's notices about them."""
            store = session.store
            self.SORTED = True  # the store's display order
            self._table = cls.TABLE
            self._load = load or (lambda: store.list(cls))
            self._load_some = load_some or (lambda ids: store.get_many(cls, ids))
            self.set_records(self._load())
            session.changed.connect(self._on_table_changed)

        def _on_table_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
            if table == self._table:
                self.reload(ids)

        def reload(self, ids: Iterable[str] | None = None) -> None:
            """Read the records of ``ids`` again (None: all of them) and show what changed."""
            if ids is None or len(ids := frozenset(ids)) > BULK_IDS:
                self.set_records(self._load())
                return
            found = {self.key_of(r): r for r in self._load_some(ids)}
            self.apply({key: found.get(key) for key in ids})

        # ------------------------------------------------------------------ changes

        def apply(self, changed: Mapping[Any, Any | None]) -> None:
            """Insert, update, move or remove the records of ``changed`` (None: gone from this
            model), each at its place in ``order_of``; other rows are not touched."""
            for key, record in changed.items():
                old = self._by_key.get(key)
                if old is None:
                    if record is not None:
                        self._insert(record)
                elif record is None:
                    self._remove(self._row_in_order(old))
                else:
                    self._replace(self._row_in_order(old), old, record)

        def _row_in_order(self, record: Any) -> int:
            row = bisect_left(self._records, self.order_of(record), key=self.order_of)
            if row < len(self._records) and self.key_of(self._records[row]) == self.key_of(record):
                return row
            return self._scan_row(self.key_of(record))  # out of order (set_records' own)

        def _insert(self, record: Any) -> None:
            row = bisect_left(self._records, self.order_of(record), key=self.order_of)
            self.beginInsertRows(QModelIndex(), row, row)
            self._records.insert(row, record)
            self._by_key[self.key_of(record)] = record
            self._rows = None
            self.endInsertRows()

        def _remove(self, row: int) -> None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._by_key[self.key_of(self._records.pop(row))]
            self._rows = None
            self.endRemoveRows()

        def _replace(self, row: int, old: Any, record: Any) -> None:
            key = self.key_of(record)
            if self.order_of(old) != self.order_of(record):
                rest = self._records[:row] + self._records[row + 1:]
                target = bisect_left(rest, self.order_of(record), key=self.order_of)
                if target != row:
                    # Qt counts the destination before the row leaves: one more when moving down.
                    self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                                       target + 1 if target > row else target)
                    self._records.pop(row)
                    self._records.insert(target, record)
                    self._by_key[key] = record
                    self._rows = None
                    self.endMoveRows()
                    row = target
            self._records[row] = record
            self._by_key[key] = record
            if old != record:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

        def set_records(self, new: Iterable[Any]) -> None:
            """Show ``new`` (in its own order): rows removed, inserted or changed in place where
            the keys say so, so that selections elsewhere survive; a reset only when the
            remaining rows change order or the change is scattered over many places."""
            new = list(new)
            old = self._records
            old_keys = [self.key_of(r) for r in old]
            new_keys = [self.key_of(r) for r in new]
            if old_keys != new_keys:
                kept, known = set(new_keys), set(old_keys)
                gone = _runs([n for n, k in enumerate(old_keys) if k not in kept])
                added = _runs([n for n, k in enumerate(new_keys) if k not in known])
                reordered = ([k for k in old_keys if k in kept]
                             != [k for k in new_keys if k in known])
                if reordered or len(gone) + len(added) > MAX_STEPS:
                    self.beginResetModel()
                    self._take(new)
                    self.endResetModel()
                    return
                self._records = list(old)
                for first, last in reversed(gone):
                    self.beginRemoveRows(QModelIndex(), first, last)
                    del self._records[first:last + 1]
                    self._rows = None
                    self.endRemoveRows()
                for first, last in added:
                    self.beginInsertRows(QModelIndex(), first, last)
                    self._records[first:first] = new[first:last + 1]
                    self._rows = None
                    self.endInsertRows()
            before = self._by_key
            self._take(new)
            changed = [n for n, r in enumerate(new) if before.get(new_keys[n], r) != r]
            right = self.columnCount() - 1
            for first, last in _runs(changed):
                self.dataChanged.emit(self.index(first, 0), self.index(last, right))

        def _take(self, records: list[Any]) -> None:
            self._records = records
            self._by_key = {self.key_of(r): r for r in records}
            self._rows = None

    return RecordRows


# A list (one column; ``index(row)``) and a table of records: the one base, over each.
RecordListBase = _record_rows(QAbstractListModel)
RecordTableBase = _record_rows(QAbstractTableModel)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending rows as runs of neighbours: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
