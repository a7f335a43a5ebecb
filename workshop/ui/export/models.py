"""Item models of the Export page: the clusters' platform ids (editable), and a merge
report as a table of counts per kind of record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from workshop.errors import WorkshopError
from workshop.export import decidim
from workshop.i18n import N_
from workshop.model import RECORD_TYPES, Cluster, Prompt
from workshop.ui.context import UiContext
from workshop.ui.export.ops import PLATFORM_TABLE, set_cluster_link
from workshop.ui.listmodel import RecordTableBase

if TYPE_CHECKING:
    from workshop.export.merge import MergeReport

Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole

# The id columns of the cluster table, in the order shown: (link field, header).
ID_COLUMNS = (("category", N_("Category id")), ("scope", N_("Scope id")),
              ("taxonomies", N_("Taxonomy ids")))
CLUSTER_COLUMN, PROMPT_COLUMN, FIRST_ID_COLUMN = 0, 1, 2
# Which id columns each kind of profile uses (decidim.Profile.links).
USED_IDS = {"categories": ("category", "scope"), "taxonomies": ("taxonomies",), "": ()}


class ClusterLinkModel(RecordTableBase):
    """One row per live cluster: its name, prompt and platform ids. Editing an id saves
    it through the session (undoable); an id that is not one is refused with
    ``failed(message)`` and nothing changes."""

    failed = Signal(str)
    COLUMNS = FIRST_ID_COLUMN + len(ID_COLUMNS)

    def __init__(self, ctx: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._prompts: dict[str, str] = {}
        self._links: dict[str, decidim.ClusterLink] = {}
        self._load_names()
        self.follow(ctx.session, Cluster)
        ctx.session.changed.connect(self._names_changed)

    def _load_names(self) -> None:
        store = self.ctx.session.store
        self._prompts = {p.id: p.text for p in store.list(Prompt, include_deleted=True)}
        self._links = decidim.platform_settings(store).clusters

    def _names_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
        if table in (Prompt.TABLE, PLATFORM_TABLE):  # a cluster's own changes: ``follow``
            self._load_names()
            self.refresh_rows()

    def cluster(self, row: int) -> Cluster:
        return self._records[row]

    def any_prompt(self) -> bool:
        """Whether any cluster belongs to a prompt (else the prompt column says nothing)."""
        return any(c.prompt_id for c in self._records)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        cluster = self.record_at(index)
        if cluster is None:
            return None
        column = index.column()
        prompt = " ".join(self._prompts.get(cluster.prompt_id or "", "").split())
        if role in (_Role.DisplayRole, _Role.EditRole, _Role.AccessibleTextRole):
            if column == CLUSTER_COLUMN:
                return cluster.name
            if column == PROMPT_COLUMN:
                return prompt
            link = self._links.get(cluster.id, decidim.ClusterLink())
            return getattr(link, ID_COLUMNS[column - FIRST_ID_COLUMN][0])
        if role == _Role.ToolTipRole and column in (CLUSTER_COLUMN, PROMPT_COLUMN):
            return f"{cluster.name}\n{prompt}" if prompt else cluster.name
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _Role.DisplayRole) -> Any:
        if role != _Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        tr = self.ctx.tr
        headers = [tr("Cluster"), tr("Prompt"), *(tr(label) for _, label in ID_COLUMNS)]
        return headers[section] if 0 <= section < len(headers) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= FIRST_ID_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = _Role.EditRole) -> bool:
        if role != _Role.EditRole or not index.isValid() or index.column() < FIRST_ID_COLUMN:
            return False
        cluster = self._records[index.row()]
        name = ID_COLUMNS[index.column() - FIRST_ID_COLUMN][0]
        text = self.ctx.tr("Set platform ids of “{cluster}”").format(cluster=cluster.name)
        try:
            set_cluster_link(self.ctx.session, cluster.id, text, failed=self._refused,
                             **{name: str(value or "").strip()})
        except WorkshopError as error:
            self._refused(error)
            return False
        return True  # queued: the session's announcement refreshes the row once stored

    def _refused(self, error: Exception) -> None:
        if isinstance(error, WorkshopError):
            self.failed.emit(error.render(self.ctx.lang))


# Plural names of each kind of record, for the merge report's rows.
KIND_LABELS = {
    "workshop": N_("Workshop details"), "prompts": N_("Prompts"), "teams": N_("Teams"),
    "agenda_items": N_("Agenda items"), "ideas": N_("Ideas"), "clusters": N_("Clusters"),
    "vote_rounds": N_("Vote rounds"), "ballots": N_("Ballots"),
    "ballot_dots": N_("Ballot dots"), "tallies": N_("Paper tallies"), "notes": N_("Notes"),
    "photos": N_("Photos"), "round_events": N_("Vote round log"),
}
COUNT_COLUMNS = (("added", N_("Added")), ("updated", N_("Updated")),
                 ("unchanged", N_("Unchanged")), ("conflicting", N_("Conflicting")))
TOTAL = ""  # the key of the last row


class MergeReportModel(RecordTableBase):
    """What merging did (or would do), summed over the bundles: one row per kind of
    record that any bundle held – those with changes first – then the total."""

    COLUMNS = 1 + len(COUNT_COLUMNS)

    def __init__(self, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self.tr = tr

    def key_of(self, record: tuple[str, dict[str, int]]) -> str:
        return record[0]

    def set_reports(self, reports: Sequence[MergeReport]) -> None:
        changed, same = [], []
        totals: Counter[str] = Counter()
        for cls in RECORD_TYPES:
            counts = {name: sum(getattr(r, name)[cls.TABLE] for r in reports)
                      for name, _ in COUNT_COLUMNS}
            if any(counts.values()):
                # What the merge brought comes first: it is what people look for.
                (same if counts["unchanged"] == sum(counts.values()) else changed).append(
                    (cls.TABLE, counts))
                totals.update(counts)
        rows = changed + same
        if reports:
            rows.append((TOTAL, {name: totals[name] for name, _ in COUNT_COLUMNS}))
        self.set_records(rows)

    def counts(self, table: str) -> dict[str, int]:
        """The counts of one kind (``TOTAL`` for the sum); zeros if it is not shown."""
        return next((c for key, c in self._records if key == table),
                    dict.fromkeys((n for n, _ in COUNT_COLUMNS), 0))

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        row = self.record_at(index)
        if row is None:
            return None
        key, counts = row
        column = index.column()
        if role in (_Role.DisplayRole, _Role.AccessibleTextRole):
            if column == 0:
                return self.tr("Total") if key == TOTAL else self.tr(KIND_LABELS[key])
            return str(counts[COUNT_COLUMNS[column - 1][0]])
        if role == _Role.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _Role.FontRole and key == TOTAL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _Role.DisplayRole) -> Any:
        if role != _Role.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        headers = [self.tr("Kind"), *(self.tr(label) for _, label in COUNT_COLUMNS)]
        return headers[section] if 0 <= section < len(headers) else None
