"""Qt item models over the store's records. They hold a read copy of the records for
display and apply the records the session names as changed (see ``listmodel``); every
change goes back through the session (and so through the store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from workshop.board import IdeaFilter, idea_matches
from workshop.model import Cluster, Idea, Prompt, Record, Source, Team
from workshop.ui.listmodel import Index, RecordListBase, RecordTableBase
from workshop.ui.session import Session

RecordRole = Qt.ItemDataRole.UserRole + 1
ColourRole = Qt.ItemDataRole.UserRole + 2
IdRole = Qt.ItemDataRole.UserRole + 3


def shown_title(idea: Idea, tr: Callable[[str], str]) -> str:
    """An idea's title as lists and cards show it: marked when it came from a phone."""
    if idea.source == Source.PHONE:  # the room sees which ideas came by phone
        return tr("{title} (from a phone)").format(title=idea.title)
    return idea.title


class RecordListModel(RecordListBase):
    """A list of records of one kind (prompts, teams, clusters, agenda items, ...)."""

    def __init__(self, session: Session, cls: type[Record], label: Callable[[Any], str],
                 load: Callable[[], Sequence[Record]] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cls = cls
        self._label = label
        self.follow(session, cls, load)

    def refresh(self) -> None:
        self.reload()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record_at(index)
        if record is None:
            return None
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


class IdeaTableModel(RecordTableBase):
    """Every live idea (merged duplicates included, filtered out by the proxy)."""

    TITLE, TEAM, PROMPT, CLUSTER = range(4)
    COLUMNS = 4

    def __init__(self, session: Session, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._tr = tr
        self._names: dict[str, Record] = {}
        self._load_names()
        self.follow(session, Idea)
        session.changed.connect(self._names_changed)

    def _load_names(self, cls: type[Record] | None = None,
                    ids: frozenset[str] | None = None) -> None:
        store = self.session.store
        if cls is None or ids is None:
            self._names = {
                r.id: r for kind in (Team, Prompt, Cluster)
                for r in store.list(kind, include_deleted=True)
            }
        else:
            self._names.update((r.id, r) for r in store.get_many(cls, ids, include_deleted=True))

    def _names_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
        kind = _NAMED.get(table)
        if kind is not None:
            self._load_names(kind, ids)
            # Roles the filter never reads: a renamed team does not re-filter every idea.
            self.refresh_rows(roles=_NAME_ROLES)

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
        idea = self.record_at(index)
        if idea is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return shown_title(idea, self._tr)
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


_NAMED = {cls.TABLE: cls for cls in (Team, Prompt, Cluster)}  # the names an idea shows
_NAME_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, ColourRole)


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
        if new_filter == self._filter:
            return  # re-running the predicate over every row would change nothing
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
