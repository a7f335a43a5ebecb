"""Spreadsheets for people: ideas with their votes, the votes and rules of every round,
notes – as CSV files and as one Excel workbook with a sheet each (``workbook.py``).

The CSVs are made for Excel in Japan and for LibreOffice: UTF-8 with a BOM (without it
Excel reads UTF-8 as Shift_JIS and shows garbage), CRLF line ends, RFC 4180 quoting,
headers in the reader's language. A text cell that starts like a formula (= + - @, tab,
CR, and the full-width ＝＋－＠) gets a leading apostrophe so that a spreadsheet shows it
instead of running it, as Decidim's own CSV export does. The workbook needs none: its
text cells are text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from workshop.export.common import FORMULA_START, csv_utf8
from workshop.export.workbook import Table, workbook_bytes
from workshop.i18n import N_, Message, gettext_for
from workshop.model import Cluster, Idea, Note, NoteKind, Prompt, RoundStatus, Team, VoteRound
from workshop.store import WorkshopStore
from workshop.voting import RoundResults, results_visible, round_results

FOLDER = "spreadsheets/"
BOM = "\ufeff".encode()

NOTE_KINDS = {
    NoteKind.NOTE: N_("Note"),
    NoteKind.DECISION: N_("Decision"),
    NoteKind.ACTION: N_("Action item"),
    NoteKind.QUESTION: N_("Question"),
}
ROUND_STATUSES = {
    RoundStatus.DRAFT: N_("Draft"),
    RoundStatus.OPEN: N_("Open"),
    RoundStatus.CLOSED: N_("Closed"),
}


def neutralised(value: object) -> object:
    """A cell value that no spreadsheet runs as a formula; numbers stay numbers."""
    if type(value) is str:
        return "'" + value if value and value[0] in FORMULA_START else value
    return "" if value is None else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A spreadsheet CSV: BOM, CRLF, formula-like text neutralised."""
    return BOM + csv_utf8(itertools.chain([header], rows), ",", "\r\n",
                          neutralise_formulas=True)


def closed_results(store: WorkshopStore) -> tuple[list[RoundResults], list[Message]]:
    """Results of the rounds whose voting is over and whose results may be shown; the
    others are left out of exports, with a warning saying why."""
    results, warnings = [], []
    for vote_round in store.list(VoteRound):
        if vote_round.status is not RoundStatus.CLOSED:
            warnings.append(Message(N_("Vote round “{round}” is not closed, so its results are "
                                       "left out of the exported files."),
                                    {"round": vote_round.name}))
        elif not results_visible(vote_round):
            warnings.append(Message(N_("The results of vote round “{round}” have not been "
                                       "revealed, so they are left out of the exported files."),
                                    {"round": vote_round.name}))
        else:
            results.append(round_results(store, vote_round.id))
    return results, warnings


WORKBOOK = "workshop.xlsx"
SHEET_NAMES = {"ideas": N_("Ideas"), "votes": N_("Votes"), "rounds": N_("Rounds"),
               "notes": N_("Notes")}


def spreadsheet_files(store: WorkshopStore, lang: str, results: Sequence[RoundResults], *,
                      public: bool = False) -> list[tuple[str, bytes]]:
    """The spreadsheets/ folder: (name in the bundle, bytes): a CSV per table, then the
    workbook of them all."""
    tables = spreadsheet_tables(store, lang, results, public=public)
    return [*csv_files(tables), (FOLDER + WORKBOOK, workbook_bytes(workbook_tables(tables, lang)))]


def spreadsheet_tables(store: WorkshopStore, lang: str, results: Sequence[RoundResults], *,
                       public: bool = False) -> dict[str, Rows]:
    return {
        "ideas": ideas_table(store, lang, results),
        "votes": votes_table(store, lang, results),
        "rounds": rounds_table(lang, results),
        "notes": notes_table(store, lang, public=public),
    }


def csv_files(tables: dict[str, Rows]) -> list[tuple[str, bytes]]:
    return [(f"{FOLDER}{key}.csv", csv_bytes(header, rows))
            for key, (header, rows) in tables.items()]


def workbook_tables(tables: dict[str, Rows], lang: str) -> list[Table]:
    """The sheets of the workbook (``WORKBOOK``): the same tables, named in ``lang``."""
    _ = gettext_for(lang)
    return [Table(_(SHEET_NAMES[key]), header, rows) for key, (header, rows) in tables.items()]


Rows = tuple[list[str], list[list[object]]]  # a table: header and rows


def ideas_table(store: WorkshopStore, lang: str, results: Sequence[RoundResults]) -> Rows:
    _ = gettext_for(lang)
    names = _names(store)
    ideas = store.ideas()
    titles = {idea.id: idea.title for idea in ideas}
    header = [_("No."), _("Prompt"), _("Team"), _("Cluster"), _("Title"), _("Details")]
    for result in results:
        header += [_("{round}: dots").format(round=result.round.name),
                   _("{round}: rank").format(round=result.round.name)]
    header += [_("Merged into"), _("ID")]
    by_round = [{c.candidate_id: c for c in result.candidates} for result in results]

    def rows() -> Iterator[list[object]]:
        for number, idea in enumerate(ideas, start=1):
            row: list[object] = [number, names.get(idea.prompt_id), names.get(idea.team_id),
                                 names.get(idea.cluster_id), idea.title, idea.details]
            for candidates in by_round:
                found = candidates.get(idea.id) or candidates.get(idea.cluster_id or "")
                row += [found.total, found.rank] if found else ["", ""]
            row += [titles.get(idea.merged_into_id or "", ""), idea.id]
            yield row

    return header, list(rows())


def votes_table(store: WorkshopStore, lang: str, results: Sequence[RoundResults]) -> Rows:
    _ = gettext_for(lang)
    clusters = {c.id for c in store.list(Cluster, include_deleted=True)}
    header = [_("Round"), _("Rank"), _("Tied"), _("Candidate"), _("Kind"), _("Digital dots"),
              _("Paper dots"), _("Total dots"), _("ID")]
    rows = []
    for result in results:
        for c in result.candidates:
            kind = _("Cluster") if c.candidate_id in clusters else _("Idea")
            rows.append([result.round.name, c.rank, _("yes") if c.tied else "", c.title, kind,
                         c.digital, c.paper, c.total, c.candidate_id])
    return header, rows


def rounds_table(lang: str, results: Sequence[RoundResults]) -> Rows:
    _ = gettext_for(lang)
    header = [_("Round"), _("Status"), _("Candidates"), _("Dots per voter"), _("Dots per idea"),
              _("Negative dots"), _("Own team's ideas allowed"), _("Ballots"),
              _("Voided ballots"), _("Voters on paper"), _("Attendees"), _("Turnout (%)"),
              _("Opened"), _("Closed"), _("Revealed")]
    rows = []
    for result in results:
        r = result.round
        turnout = "" if result.turnout is None else round(result.turnout * 100)
        rows.append([r.name, _(ROUND_STATUSES[r.status]), len(result.candidates),
                     r.dots_per_voter, r.max_dots_per_idea, r.negative_dots,
                     _("yes") if r.allow_own_team else _("no"), result.ballots, result.voided,
                     result.paper_voters, result.attendees, turnout, local_time(r.opened_at),
                     local_time(r.closed_at), local_time(r.revealed_at)])
    return header, rows


def notes_table(store: WorkshopStore, lang: str, *, public: bool = False) -> Rows:
    _ = gettext_for(lang)
    names = _names(store)
    titles = {idea.id: idea.title for idea in store.list(Idea, include_deleted=True)}
    header = [_("Kind"), _("Text"), _("Team"), _("Prompt"), _("Idea")]
    if not public:
        header.append(_("Internal"))
    header += [_("Written"), _("ID")]
    rows = []
    for note in store.list(Note):
        if public and note.internal:
            continue
        row: list[object] = [_(NOTE_KINDS[note.kind]), note.text, names.get(note.team_id),
                             names.get(note.prompt_id), titles.get(note.idea_id or "", "")]
        if not public:
            row.append(_("yes") if note.internal else "")
        rows.append([*row, local_time(note.created_at), note.id])
    return header, rows


def local_time(value: str | None) -> str:
    """An ISO time as this computer's local 'YYYY-MM-DD HH:MM', which spreadsheets read."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def _names(store: WorkshopStore) -> dict[str | None, str]:
    """Prompt texts, team and cluster names by id (deleted ones too: old links still read)."""
    names: dict[str | None, str] = {}
    for prompt in store.list(Prompt, include_deleted=True):
        names[prompt.id] = prompt.text
    for team in store.list(Team, include_deleted=True):
        names[team.id] = team.name
    for cluster in store.list(Cluster, include_deleted=True):
        names[cluster.id] = cluster.name
    return names
