"""Ideas typed elsewhere (a spreadsheet, a form) added to the workshop from a CSV file.

Columns ``prompt``, ``team``, ``title``, ``details`` and optionally ``cluster`` (in English or
as the app shows them in either language, in any order); prompts, teams and clusters are
found by name and created when missing. Accepts what Excel in Japan and LibreOffice
write: UTF-8 with or without BOM, or Shift_JIS (cp932); comma or semicolon. All or nothing:
every row is checked before the first idea is stored, and a problem names its line.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from workshop.errors import InputError, WorkshopError
from workshop.i18n import LANGUAGES, N_, Message, gettext_for
from workshop.model import Cluster, Idea, Prompt, Team
from workshop.palette import next_colour
from workshop.rules import validated
from workshop.store import WorkshopStore
from workshop.text import clean_text

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
COLUMNS = {"prompt": N_("Prompt"), "team": N_("Team"), "title": N_("Title"),
           "details": N_("Details"), "cluster": N_("Cluster")}
REQUIRED = ("title",)


class IdeaImportError(WorkshopError):
    """A spreadsheet that cannot be imported; no idea was added."""

    def __init__(self, path: Path | str, msgid: str, /, **params: object) -> None:
        self.path = Path(path)
        super().__init__(msgid, sheet=str(path), **params)


@dataclass
class IdeaImportReport:
    ideas: int = 0
    prompts: list[str] = field(default_factory=list)  # names of those created
    teams: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)

    def summary(self) -> Message:
        return Message(N_("Added {ideas} ideas; new prompts: {prompts}, new teams: {teams}, "
                          "new clusters: {clusters}."), {
            "ideas": self.ideas, "prompts": len(self.prompts), "teams": len(self.teams),
            "clusters": len(self.clusters)})


@dataclass(frozen=True)
class _Row:
    line: int
    prompt: str
    team: str
    cluster: str
    idea: Idea


def import_ideas(store: WorkshopStore, path: Path | str) -> IdeaImportReport:
    """Add the ideas of one CSV file to the workshop, all in one transaction."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise IdeaImportError(path, N_("{sheet} is too large to import (over 20 MB)."))
        content = path.read_bytes()
    except OSError as error:
        raise IdeaImportError(path, N_("{sheet} could not be read: {problem}."),
                              problem=error.strerror or str(error)) from None
    rows = parse_sheet(path, content)
    store.backup("import")  # only now: a sheet that fails its checks leaves no trace
    return _store(store, rows)


def decode(path: Path, content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Excel's Japanese Shift_JIS (cp932)."""
    bom = content.startswith(b"\xef\xbb\xbf")
    encodings = ("utf-8-sig",) if bom else ("utf-8", "cp932")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as error:
            failed = error
    line = content[:failed.start].count(b"\n") + 1
    raise IdeaImportError(path, N_("{sheet}, line {line}: the text is neither UTF-8 nor "
                                   "Shift_JIS; save the sheet as “CSV UTF-8”."), line=line)


def parse_sheet(path: Path, content: bytes) -> list[_Row]:
    text = decode(path, content)
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise IdeaImportError(path, N_("{sheet} is empty."))
        columns = _columns(path, header)
        rows = []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheets leave empty rows at the end
            if len(rows) >= MAX_ROWS:
                raise IdeaImportError(path, N_("{sheet} has more than {limit} rows."),
                                      limit=MAX_ROWS)
            rows.append(_row(path, line, columns, cells))
    except csv.Error as error:
        raise IdeaImportError(path, N_("{sheet}, line {line}: {problem}."),
                              line=reader.line_num, problem=str(error)) from None
    if not rows:
        raise IdeaImportError(path, N_("{sheet} has no ideas below its header line."))
    return rows


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    """Column name -> position, from English names or the app's labels in any language."""
    names = {}
    for key, label in COLUMNS.items():
        names[_folded(key)] = key
        for lang in LANGUAGES:
            names[_folded(gettext_for(lang)(label))] = key
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        if not cell.strip():
            continue  # an empty trailing column
        key = names.get(_folded(cell))
        if key is None:
            raise IdeaImportError(path, N_(
                "{sheet}, line 1: unknown column “{column}”; the columns are prompt, team, "
                "title, details and (optional) cluster."), column=cell.strip()[:50])
        if key in columns:
            raise IdeaImportError(path, N_("{sheet}, line 1: the column “{column}” appears "
                                           "twice."), column=cell.strip()[:50])
        columns[key] = position
    for key in REQUIRED:
        if key not in columns:
            raise IdeaImportError(path, N_("{sheet}, line 1: the column “{column}” is "
                                           "missing."), column=key)
    return columns


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _row(path: Path, line: int, columns: dict[str, int], cells: list[str]) -> _Row:
    width = max(columns.values()) + 1
    if any(c.strip() for c in cells[width:]):
        raise IdeaImportError(path, N_("{sheet}, line {line}: more cells than columns (a "
                                       "separator inside a text that is not in quotes?)."),
                              line=line)

    def cell(key: str) -> str:
        position = columns.get(key)
        return cells[position] if position is not None and position < len(cells) else ""

    names = {}
    for key in ("prompt", "team", "cluster"):
        names[key] = clean_text(cell(key), multiline=key == "prompt")
    try:  # the same rules as typing them in
        idea = validated(Idea(title=cell("title"), details=cell("details")))
        if names["prompt"]:
            validated(Prompt(text=names["prompt"]))
        if names["team"]:
            validated(Team(name=names["team"]))
        if names["cluster"]:
            validated(Cluster(name=names["cluster"]))
    except InputError as error:
        raise IdeaImportError(path, N_("{sheet}, line {line}: {problem}"), line=line,
                              problem=error.message) from None
    return _Row(line, names["prompt"], names["team"], names["cluster"], idea)


def _store(store: WorkshopStore, rows: list[_Row]) -> IdeaImportReport:
    report = IdeaImportReport()
    with store.transaction():
        prompts = {p.text: p for p in store.list(Prompt)}
        teams = {t.name: t for t in store.list(Team)}
        clusters = {c.name: c for c in store.list(Cluster)}
        next_position = max((i.position for i in store.ideas()), default=-1) + 1
        for row in rows:
            prompt = prompts.get(row.prompt)
            if row.prompt and prompt is None:
                prompt = prompts[row.prompt] = store.add(Prompt(text=row.prompt,
                                                                position=len(prompts)))
                report.prompts.append(row.prompt)
            team = teams.get(row.team)
            if row.team and team is None:
                colour = next_colour([t.colour for t in teams.values()])
                team = teams[row.team] = store.add(Team(name=row.team, colour=colour,
                                                        position=len(teams)))
                report.teams.append(row.team)
            cluster = clusters.get(row.cluster)
            if row.cluster and cluster is None:
                cluster = clusters[row.cluster] = store.add(Cluster(
                    name=row.cluster, colour=next_colour([c.colour for c in clusters.values()]),
                    position=len(clusters)))
                report.clusters.append(row.cluster)
            store.add(Idea(title=row.idea.title, details=row.idea.details,
                           prompt_id=prompt.id if prompt else None,
                           team_id=team.id if team else None,
                           cluster_id=cluster.id if cluster else None, position=next_position))
            next_position += 1
            report.ideas += 1
    return report
