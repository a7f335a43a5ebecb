"""Item models of the Voting page: candidates, paper counts being typed, ranked results,
dots per voter's team, and a round's log.

They show what the page hands them (read through the core's voting functions); nothing
here writes to the store. The paper model holds the counts being typed until they are
saved with ``set_paper_tally``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap

from workshop.i18n import ngettext_of
from workshop.model import Ballot, RoundEvent, RoundStatus, Team, VoteRound
from workshop.ui.listmodel import RecordListBase, RecordTableBase
from workshop.ui.times import local_time, locale_for
from workshop.voting import Candidate, RoundResults, event_messages

Index = QModelIndex | QPersistentModelIndex
_Role = Qt.ItemDataRole
TiedRole = Qt.ItemDataRole.UserRole + 20
CandidateIdRole = Qt.ItemDataRole.UserRole + 21
MAX_PAPER_DIGITS = 6  # a million stickers is already far beyond any room


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def round_state(vote_round: VoteRound) -> str:
    """draft / open / closed / revealed: the four states a facilitator talks about."""
    if vote_round.status == RoundStatus.CLOSED and vote_round.revealed_at:
        return "revealed"
    return str(vote_round.status)


def state_label(tr: Callable[[str], str], vote_round: VoteRound) -> str:
    return {
        "draft": tr("draft"),
        "open": tr("open"),
        "closed": tr("closed"),
        "revealed": tr("revealed"),
    }[round_state(vote_round)]


def round_label(tr: Callable[[str], str], vote_round: VoteRound) -> str:
    """A round in the list: its state in words (first, so that a long name never hides
    it), then its name."""
    return tr("{state}: {name}").format(name=vote_round.name,
                                        state=state_label(tr, vote_round))


def rank_text(tr: Callable[[str], str], rank: int, tied: bool, no_dots: bool = False) -> str:
    """A rank, with ties said in words (never marked by colour alone); an idea nobody gave
    a dot has no place worth a number."""
    if no_dots:
        return tr("no dots")
    return tr("{rank} (tied)").format(rank=rank) if tied else str(rank)


def plurals(tr: Callable[[str], str]) -> Callable[[str, str, int], str]:
    """The ``ngettext`` of the catalog ``tr`` (a bound ``gettext``) comes from."""
    return ngettext_of(tr)


def rest_summary(tr: Callable[[str], str], results: RoundResults, shown: int) -> str:
    """What is not drawn large: "+ 18 more, 9 without dots" (empty when nothing is left)."""
    ngettext = plurals(tr)
    without = results.without_dots()
    more = len(results.with_dots()) - shown  # ideas with dots below the top
    parts = []
    if more > 0:
        parts.append(ngettext("+ {count} more", "+ {count} more", more).format(count=more))
    if without:
        parts.append(ngettext("{count} without dots", "{count} without dots",
                              without).format(count=without))
    return tr(", ").join(parts)


class CandidateListModel(RecordListBase):
    """A round's candidates, each with its team's name when it has one."""

    def key_of(self, record: tuple[Candidate, str]) -> str:
        return record[0].id

    def set_candidates(self, candidates: Sequence[Candidate], team_names: dict[str, str],
                       cluster_word: str) -> None:
        rows = []
        for candidate in candidates:
            owner = team_names.get(candidate.team_id or "", "")
            if candidate.cluster:
                owner = f"{cluster_word}, {owner}" if owner else cluster_word
            rows.append((candidate, owner))
        self.set_records(rows)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        row = self.record_at(index)
        if row is None:
            return None
        candidate, owner = row
        if role in (_Role.DisplayRole, _Role.AccessibleTextRole):
            return f"{candidate.title}   ({owner})" if owner else candidate.title
        if role == CandidateIdRole:
            return candidate.id
        return None


class PaperTallyModel(QAbstractTableModel):
    """Sticker counts per candidate as they are typed: column 1 takes digits only; an
    empty cell is "not counted". ``edited`` fires after every accepted change."""

    TITLE, DOTS = range(2)
    edited = Signal()

    def __init__(self, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._rows: list[Candidate] = []
        self._counts: dict[str, int] = {}

    def load(self, candidates: Sequence[Candidate], counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._rows = list(candidates)
        self._counts = {cid: n for cid, n in counts.items()}
        self.endResetModel()

    def counts(self) -> dict[str, int]:
        """The typed counts, empty cells left out, in ballot order."""
        return {c.id: self._counts[c.id] for c in self._rows if c.id in self._counts}

    def titles(self) -> dict[str, str]:
        return {c.id: c.title for c in self._rows}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _Role.DisplayRole) -> Any:
        if role != _Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return (self._tr("Idea"), self._tr("Sticker dots"))[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DOTS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        candidate = self._rows[index.row()]
        if index.column() == self.TITLE:
            if role in (_Role.DisplayRole, _Role.AccessibleTextRole, _Role.ToolTipRole):
                return candidate.title
            return None
        count = self._counts.get(candidate.id)
        if role in (_Role.DisplayRole, _Role.EditRole):
            return "" if count is None else str(count)
        if role == _Role.AccessibleTextRole:
            return self._tr("{title}: {count} sticker dots").format(
                title=candidate.title, count="" if count is None else count)
        if role == _Role.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = _Role.EditRole) -> bool:
        if (role != _Role.EditRole or not index.isValid() or index.column() != self.DOTS
                or not 0 <= index.row() < len(self._rows)):
            return False
        text = str(value if value is not None else "").strip()
        if text and (not text.isascii() or not text.isdigit() or len(text) > MAX_PAPER_DIGITS):
            return False  # digits only: a typo never becomes a count
        cid = self._rows[index.row()].id
        new = int(text) if text else None
        if self._counts.get(cid) == new:
            return True
        if new is None:
            self._counts.pop(cid, None)
        else:
            self._counts[cid] = new
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class _CandidateRows(QAbstractTableModel):
    """A table with one row per candidate of a round's results (none while hidden)."""

    def __init__(self, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._results: RoundResults | None = None

    def _rows(self):
        return self._results.candidates if self._results else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())


class ResultsModel(RecordTableBase):
    """A revealed round's candidates, best first: rank (ties in words), title, digital
    dots, paper dots and the total. Empty while results are hidden. New counts change the
    rows in place while the ranking stays; a new ranking resets the table."""

    RANK, TITLE, DIGITAL, PAPER, TOTAL = range(5)
    COLUMNS = 5

    def __init__(self, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(parent)
        self._tr = tr

    def key_of(self, record) -> str:
        return record.candidate_id

    def set_results(self, results: RoundResults | None) -> None:
        self.set_records(results.candidates if results else ())

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _Role.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != _Role.DisplayRole:
            return None
        tr = self._tr
        return (tr("Rank"), tr("Idea"), tr("Digital"), tr("Paper"), tr("Total"))[section]

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        row, column = self.record_at(index), index.column()
        if row is None:
            return None
        if role in (_Role.DisplayRole, _Role.AccessibleTextRole):
            if column == self.RANK:
                return rank_text(self._tr, row.rank, row.tied, row.no_dots)
            if column == self.TITLE:
                return row.title
            return str((row.digital, row.paper, row.total)[column - self.DIGITAL])
        if role == _Role.TextAlignmentRole and column != self.TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _Role.FontRole and (row.tied or column == self.TOTAL):
            font = QFont()
            font.setBold(True)
            return font
        if role == TiedRole:
            return row.tied
        if role == CandidateIdRole:
            return row.candidate_id
        return None


class TeamBreakdownModel(_CandidateRows):
    """Digital dots per candidate (rows, best first) and voter's team (columns). Paper
    stickers carry no team, so they are not in this table."""

    def __init__(self, tr: Callable[[str], str], parent=None) -> None:
        super().__init__(tr, parent)
        self._columns: list[tuple[str | None, str, str]] = []  # (team id, name, colour)

    def set_results(self, results: RoundResults | None, teams: Sequence[Team]) -> None:
        self.beginResetModel()
        self._results = results
        self._columns = []
        if results is not None:
            known = {t.id: t for t in teams}
            voting = set(results.by_team)
            self._columns = [(t.id, t.name, t.colour) for t in teams if t.id in voting]
            # a team deleted since keeps its column, under its id
            self._columns += [(tid, tid, "") for tid in sorted(voting - set(known) - {None})]
            if None in voting:
                self._columns.append((None, self._tr("No team given"), ""))
        self.endResetModel()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._results is None else 1 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _Role.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return self._tr("Idea") if role == _Role.DisplayRole else None
        _tid, name, colour = self._columns[section - 1]
        if role == _Role.DisplayRole:
            return name
        if role == _Role.DecorationRole and colour:
            return _swatch(colour)  # beside the name, never instead of it
        return None

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        rows = self._rows()
        if not index.isValid() or not 0 <= index.row() < len(rows) or self._results is None:
            return None
        row, column = rows[index.row()], index.column()
        if role in (_Role.DisplayRole, _Role.AccessibleTextRole):
            if column == 0:
                return row.title
            team_id = self._columns[column - 1][0]
            return str(self._results.by_team.get(team_id, {}).get(row.candidate_id, 0))
        if role == _Role.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RoundLogModel(RecordListBase):
    """A round's log, oldest first: local time and what happened, in the window's words.
    A new event is one row more at the end; the rows above stay as they were."""

    def __init__(self, lang: str, parent=None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._locale = locale_for(lang)

    def key_of(self, record: tuple[str, str]) -> str:
        return record[0]

    def set_events(self, events: Sequence[RoundEvent]) -> None:
        self.set_records([
            (event.id, f"{local_time(event.at, self._locale)}   "
             + " ".join(m.render(self._lang) for m in event_messages(event)))
            for event in events
        ])

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        row = self.record_at(index)
        if row is None:
            return None
        if role in (_Role.DisplayRole, _Role.AccessibleTextRole, _Role.ToolTipRole):
            return row[1]
        return None


def describe_ballot(ctx, r: VoteRound, ballot: Ballot) -> str:
    """Which ballot a void takes back: its number in the round, time, team and dots."""
    store, tr = ctx.store, ctx.tr
    dots = [d for d in store.ballot_dots(r.id) if d.ballot_id == ballot.id]
    total = sum(abs(d.dots) for d in dots)
    team = next((t.name for t in store.list(Team, include_deleted=True)
                 if t.id == ballot.team_id), tr("no team given"))
    return tr("This voids ballot no. {number}, cast at {time} ({team}), with {dots} on "
              "{ideas}.").format(
        number=store.round_ballot_counts(r.id)[0],
        time=local_time(ballot.cast_at, locale_for(ctx.lang)), team=team,
        dots=ctx.ngettext("{count} dot", "{count} dots", total).format(count=total),
        ideas=ctx.ngettext("{count} idea", "{count} ideas", len(dots)).format(count=len(dots)))
