"""Item models of the Board page, over the store.

``BoardModel`` reads the ideas, clusters and teams once per change and lets the core's
``board_columns`` group them for the current filter in a single pass; each column of the
board is a ``ClusterColumnModel`` (a list model) fed from that pass. Grouping once is what
keeps 2,000 ideas smooth: a filter proxy per column would run Python filter code for every
idea in every column on each keystroke. A change to some ideas (the session names them)
reads just those and places each in its column with row-level notifications, so moving
a card costs the same at 20,000 ideas as at 20, and a selection survives an edit
elsewhere on the board.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from workshop import board
from workshop.board import IdeaFilter, board_columns, idea_matches, merged_groups, merged_teams
from workshop.errors import WorkshopError
from workshop.model import Cluster, Idea, Prompt, Team
from workshop.ui.board import ops as board_ops
from workshop.ui.context import UiContext
from workshop.ui.listmodel import BULK_IDS, RecordListBase, display_order
from workshop.ui.models import ColourRole, IdRole, RecordRole, shown_title

IDEAS_MIME = "application/x-workshop-ideas"
TeamsRole = Qt.ItemDataRole.UserRole + 10  # [(name, colour), ...] of an idea's teams
DuplicatesRole = Qt.ItemDataRole.UserRole + 11  # how many duplicates were merged into it
UNCLUSTERED = ""  # the key of the column of ideas in no cluster
NO_CLUSTER_CHOICE = "-"  # the cluster filter's choice "only the unclustered ideas"
TABLES = (Idea.TABLE, Cluster.TABLE, Team.TABLE, Prompt.TABLE)

Index = QModelIndex | QPersistentModelIndex


class BoardModel(QObject):
    """The board's state: every idea, cluster and team, the filter, and one list model per
    column. Edits go through ``workshop.ui.board.ops`` (undoable)."""

    regrouped = Signal()  # columns, their ideas, names or colours may have changed
    failed = Signal(str)  # an edit broke a rule; the message is in the window's language

    def __init__(self, ctx: UiContext, parent: QObject | None = None, *,
                 live: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.workshop_id = self.session.store.workshop().id
        self._ideas: dict[str, Idea] = {}  # by id, in display order after a full read
        self._teams_of: dict[str, tuple[str, ...]] = {}
        self._duplicates: dict[str, int] = {}
        self._teams: dict[str, Team] = {}
        self._clusters: list[Cluster] = []
        self._prompts: list[Prompt] = []
        self._columns: dict[str, ClusterColumnModel] = {}
        self._keys: list[str] = []
        self._query = IdeaFilter()
        self._started = False  # nothing read yet: the first read chooses the first prompt
        self._live = False
        self._stale: set[str] = set(TABLES)
        self._stale_ideas: set[str] = set()  # ideas changed while the board was not shown
        self._total: tuple[str | None, int] | None = None  # (prompt, its ideas): counts()
        self.session.changed.connect(self._on_changed)
        self.set_live(live)

    # ------------------------------------------------------------------ reading

    def _load(self, tables: set[str]) -> None:
        store = self.session.store
        if Idea.TABLE in tables:
            self._ideas = {i.id: i for i in store.ideas()}
            self._total = None
            self._group_duplicates()
        if Cluster.TABLE in tables:
            self._clusters = store.list(Cluster)
        if Team.TABLE in tables:
            self._teams = {t.id: t for t in store.list(Team, include_deleted=True)}
        if Prompt.TABLE in tables:
            self._prompts = store.list(Prompt)

    def _group_duplicates(self) -> None:
        ideas = list(self._ideas.values())
        if any(i.merged_into_id for i in ideas):  # a group's teams in the order written
            ideas.sort(key=display_order)
        groups = merged_groups(ideas)
        self._teams_of = merged_teams(ideas, groups)
        self._duplicates = {key: len(found) for key, found in groups.items()}

    def _on_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
        if table not in TABLES:
            return
        if table == Idea.TABLE and ids is not None and Idea.TABLE not in self._stale:
            if not self._live:
                # typing ideas on another page must not pay for the board
                self._stale_ideas |= ids
                if len(self._stale_ideas) > BULK_IDS:
                    self._stale.add(table)
                return
            self.update_ideas(ids)
            return
        if not self._live:
            self._stale.add(table)
            return
        self.reload({table})

    def set_live(self, live: bool) -> None:
        """Follow changes only while the board is on screen; catch up when it comes back."""
        self._live = live
        if not live:
            return
        if self._stale:
            stale, self._stale, self._stale_ideas = self._stale, set(), set()
            self.reload(stale)
        elif self._stale_ideas:
            ids, self._stale_ideas = self._stale_ideas, set()
            self.update_ideas(ids)

    def update_ideas(self, ids: frozenset[str] | set[str]) -> None:
        """Read the ideas of ``ids`` again and move, add or drop just their cards."""
        if not self._started or len(ids) > BULK_IDS:
            self.reload({Idea.TABLE})
            return
        found = {i.id: i for i in self.session.store.get_many(Idea, ids)}
        before = (self._teams_of, self._duplicates)
        if self._total is not None:  # kept up to date: recounting 20,000 ideas is not free
            everything = IdeaFilter(prompt_id=self._total[0])
            gained = sum(idea_matches(found[i], everything) for i in ids if i in found)
            lost = sum(idea_matches(self._ideas[i], everything) for i in ids if i in self._ideas)
            self._total = (self._total[0], self._total[1] + gained - lost)
        for idea_id in ids:
            if idea_id in found:
                self._ideas[idea_id] = found[idea_id]
            else:
                self._ideas.pop(idea_id, None)
        self._group_duplicates()
        # A merge changes what its surviving idea shows (teams, duplicates) and finds.
        touched = set(ids) | {
            key for old, new in zip(before, (self._teams_of, self._duplicates), strict=True)
            for key in set(old) ^ set(new) | {k for k in old if old.get(k) != new.get(k)}}
        base = dataclasses.replace(self._query, cluster_id=None, unclustered_only=False)
        visible = {c.id for c in self.visible_clusters()}
        for idea_id in touched:
            idea = self._ideas.get(idea_id)
            key = None
            if idea is not None and idea_matches(idea, base, self._teams_of.get(idea_id, ())):
                key = idea.cluster_id if idea.cluster_id in visible else UNCLUSTERED
            for column in self._columns.values():
                column.place(idea_id, idea if column.key == key else None)
        self.regrouped.emit()

    def reload(self, tables: set[str]) -> None:
        self._load(tables)
        first = self._prompts[0].id if self._prompts else None
        if not self._started:
            self._started = True
            self._query = dataclasses.replace(self._query, prompt_id=first)
        elif Prompt.TABLE in tables and self._query.prompt_id not in self.prompt_ids():
            self._query = dataclasses.replace(self._query, prompt_id=first)
        if Cluster.TABLE in tables and self._query.cluster_id not in self.visible_keys():
            self._query = dataclasses.replace(self._query, cluster_id=None)
        if Team.TABLE in tables:
            for column in self._columns.values():
                column.refresh_all()
        self._regroup()

    def _regroup(self) -> None:
        # Ideas added one by one since the last full read sit at the end of the dict.
        ideas = sorted(self._ideas.values(), key=display_order)
        columns = board_columns(ideas, self._clusters, self._query, self._teams_of)
        keys = [c.key for c in columns]
        for column in columns:
            model = self._columns.get(column.key)
            if model is None:
                model = self._columns[column.key] = ClusterColumnModel(self, column.key, self)
            model.set_column(column.cluster, column.ideas)
        for key in set(self._columns) - set(keys):
            self._columns.pop(key).deleteLater()  # after the page dropped its view
        self._keys = keys
        self.regrouped.emit()

    @property
    def query(self) -> IdeaFilter:
        return self._query

    def set_query(self, **changes: Any) -> None:
        query = dataclasses.replace(self._query, **changes)
        if query != self._query:
            self._query = query
            self._regroup()

    def column_keys(self) -> list[str]:
        """The columns shown, in order: ``UNCLUSTERED`` first, then cluster ids."""
        return list(self._keys)

    def column(self, key: str) -> ClusterColumnModel:
        return self._columns[key]

    def cluster(self, key: str) -> Cluster | None:
        return next((c for c in self._clusters if c.id == key), None) if key else None

    def visible_clusters(self) -> list[Cluster]:
        """The clusters of the chosen prompt, whatever the other filters."""
        return board.visible_clusters(self._clusters, self._query.prompt_id)

    def visible_keys(self) -> list[str | None]:
        return [None, *(c.id for c in self.visible_clusters())]

    def prompt_ids(self) -> list[str | None]:
        return [None, *(p.id for p in self._prompts)]

    def teams_of(self, idea: Idea) -> list[Team]:
        ids = self._teams_of.get(idea.id) or ((idea.team_id,) if idea.team_id else ())
        return [self._teams[t] for t in ids if t in self._teams]

    def duplicates_of(self, idea: Idea) -> int:
        return self._duplicates.get(idea.id, 0)

    def counts(self) -> tuple[int, int]:
        """(ideas shown, ideas of the chosen prompt): what the filter leaves out."""
        shown = sum(self._columns[k].rowCount() for k in self._keys)
        prompt = self._query.prompt_id
        if self._total is None or self._total[0] != prompt:
            everything = IdeaFilter(prompt_id=prompt)
            self._total = (prompt, sum(1 for i in self._ideas.values()
                                       if idea_matches(i, everything)))
        return shown, self._total[1]

    # ------------------------------------------------------------------ editing

    def attempt(self, edit: Callable[[], Any]) -> Any:
        """Run an edit; a broken rule becomes a message (``failed``) and None."""
        try:
            return edit()
        except WorkshopError as error:
            self.refused(error)
            return None

    def refused(self, error: Exception) -> None:
        """A queued edit the writer refused (a rule broken by an edit queued before it, a
        full disk): its message, as for a rule broken at once."""
        if isinstance(error, WorkshopError):
            self.failed.emit(error.render(self.ctx.lang))

    def move(self, idea_ids: Sequence[str], key: str, *,
             done: Callable[[Any], object] | None = None) -> int:
        """Queue putting ideas into the column ``key``; returns how many move (0: none,
        or a rule said no). They show there once the writer has them on the disk."""
        cluster = self.cluster(key)
        if key and cluster is None:
            return 0
        tr_ = self.ctx.tr
        return self.attempt(lambda: board_ops.move_ideas(
            self.session, tr_, list(idea_ids), cluster, done=done, failed=self.refused)) or 0


class ClusterColumnModel(RecordListBase):
    """The ideas of one column of the board, as cards; a source and target of drag and
    drop (the mime data carries idea ids, never text to re-create them from)."""

    SORTED = True  # ``board_columns`` keeps the store's order

    def __init__(self, board_model: BoardModel, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board_model
        self.key = key
        self.cluster: Cluster | None = None

    def set_column(self, cluster: Cluster | None, ideas: Sequence[Idea]) -> None:
        self.cluster = cluster
        self.set_records(ideas)

    def place(self, idea_id: str, idea: Idea | None) -> None:
        """Show ``idea`` in this column at its place (None: not in this column). Its card
        is repainted even when the idea itself is unchanged (its duplicates may be)."""
        self.apply({idea_id: idea})
        row = self.row_of(idea_id) if idea is not None else -1
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def refresh_all(self) -> None:
        self.refresh_rows()

    def ideas(self) -> list[Idea]:
        return self.records()

    def idea(self, row: int) -> Idea:
        return self._records[row]

    def title(self) -> str:
        return board_ops.cluster_label(self.board.ctx.tr, self.cluster)

    # ------------------------------------------------------------------ reading

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        idea = self.record_at(index)
        if idea is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_title(idea, self.board.ctx.tr)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            teams = ", ".join(t.name for t in self.board.teams_of(idea))
            title = shown_title(idea, self.board.ctx.tr)
            text = f"{title} ({teams})" if teams else title
            merged = self.board.duplicates_of(idea)
            if merged:
                text += " " + self.board.ctx.ngettext(
                    "(merged with {count} duplicate)", "(merged with {count} duplicates)",
                    merged).format(count=merged)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            teams = ", ".join(t.name for t in self.board.teams_of(idea))
            return "\n\n".join(p for p in (idea.title, idea.details, teams) if p)
        if role == TeamsRole:
            return [(t.name, t.colour) for t in self.board.teams_of(idea)]
        if role == DuplicatesRole:
            return self.board.duplicates_of(idea)
        if role == ColourRole:
            teams = self.board.teams_of(idea)
            return QColor(teams[0].colour) if teams else None
        if role == IdRole:
            return idea.id
        if role == RecordRole:
            return idea
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # dropping on empty space of the column
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)

    # ------------------------------------------------------------ drag and drop

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [IDEAS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ideas = [self._records[r] for r in rows if r < len(self._records)]
        mime = QMimeData()
        payload = {"workshop": self.board.workshop_id, "ideas": [i.id for i in ideas]}
        mime.setData(IDEAS_MIME, QByteArray(json.dumps(payload).encode("utf-8")))
        mime.setText("\n".join(i.title for i in ideas))  # dropped into an editor: the titles
        return mime

    def _dropped_ids(self, data: QMimeData) -> list[str]:
        if not data.hasFormat(IDEAS_MIME):
            return []
        try:
            payload = json.loads(bytes(data.data(IDEAS_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return []
        if not isinstance(payload, dict) or payload.get("workshop") != self.board.workshop_id:
            return []  # ideas of another workshop (another window) are not ours to move
        ids = payload.get("ideas")
        return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and bool(self._dropped_ids(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        ids = self._dropped_ids(data)
        if not ids or action != Qt.DropAction.MoveAction:
            return False
        # Where in the column it lands does not matter: a cluster keeps its ideas in the
        # order they were written.
        return self.board.move(ids, self.key) > 0


class ChoiceModel(RecordListBase):
    """The choices of a filter box: fixed ones first ("All teams"), then records from the
    store, with their colour as a swatch beside the name."""

    def __init__(self, ctx: UiContext, fixed: Sequence[tuple[str, str]],
                 load: Callable[[], Sequence[tuple[str, str, str | None]]],
                 tables: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fixed = [(key, label, None) for key, label in fixed]
        self._load = load
        self._tables = tuple(tables)
        self.refresh()
        ctx.session.changed.connect(self._on_changed)

    def _on_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
        if table in self._tables:
            self.refresh()  # a few teams or clusters: read again, rows kept by key

    def refresh(self) -> None:
        self.set_records([*self._fixed, *self._load()])

    def key_of(self, record: tuple[str, str, str | None]) -> str:
        return record[0]

    def key(self, row: int) -> str:
        return self._records[row][0] if 0 <= row < len(self._records) else ""

    def row_of(self, key: str | None) -> int:
        return super().row_of(key or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        choice = self.record_at(index)
        if choice is None:
            return None
        key, label, colour = choice
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return label
        if role == Qt.ItemDataRole.DecorationRole and colour:
            return QColor(colour)
        if role == IdRole:
            return key
        return None
