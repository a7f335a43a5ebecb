"""Ideas typed elsewhere (a spreadsheet, a form) added to the workshop from a sheet.

Columns ``prompt``, ``team``, ``title``, ``details`` and optionally ``cluster`` (in English or
as the app shows them in either language, in any order); prompts, teams and clusters are
found by name and created when missing. Accepts what Excel in Japan and LibreOffice
write: CSV or tab-separated text in UTF-8 with or without BOM, Shift_JIS (cp932) or
UTF-16 with a BOM (Excel's "Unicode text"), separated by comma, semicolon or tab; and
.xlsx workbooks (the first sheet, read with openpyxl). All or nothing: every row is
checked before the first idea is stored, and a problem names its line (the sheet's row).
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workshop.errors import InputError, WorkshopError
from workshop.i18n import LANGUAGES, N_, Message, Nn_, Plural, gettext_for
from workshop.model import Cluster, Idea, Prompt, Team
from workshop.palette import next_colour
from workshop.rules import validated
from workshop.store import WorkshopStore
from workshop.text import clean_text

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# An .xlsx is a zip: its unpacked XML may be far larger than the file (and a zip bomb
# larger still); refused before openpyxl reads it.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
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
        return Plural(Nn_(
            "Added {count} idea; new prompts: {prompts}, new teams: {teams}, new clusters: "
            "{clusters}.",
            "Added {count} ideas; new prompts: {prompts}, new teams: {teams}, new clusters: "
            "{clusters}."), self.ideas, {
            "prompts": len(self.prompts), "teams": len(self.teams),
            "clusters": len(self.clusters)})


@dataclass(frozen=True)
class _Row:
    line: int
    prompt: str
    team: str
    cluster: str
    idea: Idea


def import_ideas(store: WorkshopStore, path: Path | str) -> IdeaImportReport:
    """Add the ideas of one sheet (CSV, tab-separated text or .xlsx) to the workshop, all
    in one transaction."""
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
    """By its BOM: UTF-8 or UTF-16 (Excel's "Unicode text"); without one, UTF-8, else
    Excel's Japanese Shift_JIS (cp932)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError as error:
                failed = error
                break
    else:
        if b"\x00" in content[:4096]:  # UTF-16 without its BOM: not guessed
            raise IdeaImportError(path, N_(
                "{sheet} looks like UTF-16 text without a byte order mark; save the sheet "
                "as “CSV UTF-8” or as “Unicode text” from Excel."))
        for encoding in ("utf-8", "cp932"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError as error:
                failed = error
    line = content[:failed.start].count(b"\n") + 1
    raise IdeaImportError(path, N_("{sheet}, line {line}: the text is neither UTF-8 nor "
                                   "Shift_JIS; save the sheet as “CSV UTF-8”."), line=line)


def parse_sheet(path: Path, content: bytes) -> list[_Row]:
    """Every idea row of a sheet, checked; raises ``IdeaImportError`` naming the line."""
    if content.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        lines = _workbook_lines(path, content)
    else:
        lines = _text_lines(path, decode(path, content))
    header = next(lines, None)
    if header is None:
        raise IdeaImportError(path, N_("{sheet} is empty."))
    columns = _columns(path, header[1])
    rows = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave empty rows at the end
        if len(rows) >= MAX_ROWS:
            raise IdeaImportError(path, N_("{sheet} has more than {limit} rows."),
                                  limit=MAX_ROWS)
        rows.append(_row(path, line, columns, cells))
    if not rows:
        raise IdeaImportError(path, N_("{sheet} has no ideas below its header line."))
    return rows


def _text_lines(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of CSV or tab-separated text; the separator is the one of tab,
    semicolon and comma that the header line holds most of."""
    first_line = text.split("\n", 1)[0]
    separator = max(("\t", ";", ","), key=lambda s: (first_line.count(s), s == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            yield line, cells
    except csv.Error as error:
        raise IdeaImportError(path, N_("{sheet}, line {line}: {problem}."),
                              line=reader.line_num, problem=str(error)) from None


def _workbook_lines(path: Path, content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of an .xlsx workbook's first sheet. Formulas give the
    value Excel saved with them; numbers and dates become the text they show."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            raise IdeaImportError(path, N_("{sheet} unpacks to more than {limit} MB, far more "
                                           "than a sheet of ideas; it is not imported."),
                                  limit=MAX_XLSX_UNPACKED // 2**20)
        from openpyxl import load_workbook  # only for .xlsx: ~0.2 s to import

        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except IdeaImportError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds on a damaged file
        raise IdeaImportError(path, N_("{sheet} is not a workbook this app can read; save "
                                       "it from Excel as .xlsx or as “CSV UTF-8”.")) from None
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 3, not 3.0
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


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
