"""Qt item models over the store's records. They hold a read copy of the records for
display and reload it when the session announces a change to their table; every change
goes back through the session (and so through the store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from workshop.board import IdeaFilter, idea_matches
from workshop.model import Cluster, Idea, Prompt, Record, Team
from workshop.ui.session import Session

RecordRole = Qt.ItemDataRole.UserRole + 1
ColourRole = Qt.ItemDataRole.UserRole + 2
IdRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class _Rows:
    """Applies a fresh list of records to a model with the narrowest notification:
    changed rows → dataChanged, rows added at the end → insert, anything else → reset."""

    @staticmethod
    def apply(model, old: list[Record], new: list[Record], columns: int) -> list[Record]:
        old_ids = [r.id for r in old]
        new_ids = [r.id for r in new]
        if old_ids == new_ids:
            for row, (a, b) in enumerate(zip(old, new, strict=True)):
                if a != b:
                    model._records[row] = b
                    model.dataChanged.emit(model.index(row, 0), model.index(row, columns - 1))
            return new
        if new_ids[: len(old_ids)] == old_ids:
            model.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            model._records = new
            model.endInsertRows()
            return new
        if old_ids[: len(new_ids)] == new_ids:
            model.beginRemoveRows(QModelIndex(), len(new), len(old) - 1)
            model._records = new
            model.endRemoveRows()
            return new
        model.beginResetModel()
        model._records = new
        model.endResetModel()
        return new


class RecordListModel(QAbstractListModel):
    """A list of records of one kind (prompts, teams, clusters, agenda items, ...)."""

    def __init__(self, session: Session, cls: type[Record], label: Callable[[Any], str],
                 load: Callable[[], Sequence[Record]] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cls = cls
        self._label = label
        self._load = load or (lambda: session.store.list(cls))
        self._records: list[Record] = list(self._load())
        session.changed.connect(self._on_changed)

    def _on_changed(self, table: str) -> None:
        if table == self.cls.TABLE:
            self.refresh()

    def refresh(self) -> None:
        _Rows.apply(self, self._records, list(self._load()), 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._label(record)
        if role == RecordRole:
            return record
        if role == IdRole:
            return record.id
        if role == ColourRole or role == Qt.ItemDataRole.DecorationRole:
            colour = getattr(record, "colour", None)
            return QColor(colour) if colour else None
        return None

    def record(self, row: int) -> Record:
        return self._records[row]

    def records(self) -> list[Record]:
        return list(self._records)

    def row_of(self, record_id: str) -> int:
        return next((n for n, r in enumerate(self._records) if r.id == record_id), -1)


class IdeaTableModel(QAbstractTableModel):
    """Every live idea (merged duplicates included, filtered out by the proxy)."""

    TITLE, TEAM, PROMPT, CLUSTER = range(4)

    def __init__(self, session: Session, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._tr = tr
        self._records: list[Idea] = []
        self._names: dict[str, Record] = {}
        self._load_names()
        self._records = session.store.ideas()
        session.changed.connect(self._on_changed)

    def _load_names(self) -> None:
        store = self.session.store
        self._names = {
            r.id: r for cls in (Team, Prompt, Cluster)
            for r in store.list(cls, include_deleted=True)
        }

    def _on_changed(self, table: str) -> None:
        if table in (Team.TABLE, Prompt.TABLE, Cluster.TABLE):
            self._load_names()
            if self._records:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._records) - 1, 3))
        elif table == Idea.TABLE:
            _Rows.apply(self, self._records, self.session.store.ideas(), 4)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self._tr("Idea"), self._tr("Team"), self._tr("Prompt"),
                    self._tr("Cluster")][section]
        return None

    def name_of(self, record_id: str | None) -> str:
        record = self._names.get(record_id or "")
        if record is None:
            return ""
        return getattr(record, "name", None) or getattr(record, "text", "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        idea = self._records[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return idea.title
            link = (idea.team_id, idea.prompt_id, idea.cluster_id)[column - 1]
            return self.name_of(link)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE:
            return idea.details or None
        if role == RecordRole:
            return idea
        if role == IdRole:
            return idea.id
        if role == ColourRole:
            owner = self._names.get((idea.team_id if column != self.CLUSTER
                                     else idea.cluster_id) or "")
            return QColor(owner.colour) if owner is not None else None
        return None

    def record(self, row: int) -> Idea:
        return self._records[row]

    def row_of(self, idea_id: str) -> int:
        return next((n for n, r in enumerate(self._records) if r.id == idea_id), -1)


class CoreFilterProxy(QSortFilterProxyModel):
    """Shows the rows a core predicate ``matches(record, filter)`` accepts: the rules of
    what is shown live in the Qt-free core, the proxy only applies them."""

    def __init__(self, matches: Callable[[Any, Any], bool], initial: Any, parent=None) -> None:
        super().__init__(parent)
        self._matches = matches
        self._filter = initial
        # The predicate reads records, not a role: a role no label change touches keeps a
        # renamed team from re-filtering every row.
        self.setFilterRole(RecordRole)

    @property
    def current_filter(self) -> Any:
        return self._filter

    def set_filter(self, new_filter: Any) -> None:
        self.beginFilterChange()
        self._filter = new_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._matches(self.sourceModel().record(source_row), self._filter)

    def record(self, row: int) -> Any:
        return self.sourceModel().record(self.mapToSource(self.index(row, 0)).row())


class IdeaFilterProxy(CoreFilterProxy):
    """The ideas the core's ``idea_matches`` accepts."""

    def __init__(self, parent=None) -> None:
        super().__init__(idea_matches, IdeaFilter(), parent)
