"""The people-facing tables as one Excel workbook (``spreadsheets/workshop.xlsx``).

Beside the CSVs, for the many who open spreadsheets in Excel: a sheet per table, the
header row frozen and bold, column widths from the content (full-width characters count
twice), multi-line and long text wrapped. Every text cell is an inline string – never a
formula, whatever it starts with – so the workbook holds the exact text (no apostrophe,
unlike the CSVs) and nothing in it can run. Numbers stay numbers. An .xlsx is UTF-8 XML
inside, so Japanese opens right in any Excel.

Written as SpreadsheetML directly rather than through openpyxl (which reads the workbook
back in the tests, and reads idea sheets): openpyxl builds an object per cell and took
2.2 s for 10,000 ideas (22 µs a cell), more than the whole rest of the bundle; the few
parts of a workbook that hold no data are fixed text.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from workshop.text import display_width

MIN_WIDTH, MAX_WIDTH = 6, 60  # in Excel's character widths
# Excel's limits: a cell holds at most 32,767 characters; a sheet name 31, without []:*?/\.
MAX_CELL = 32_767
_SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
# Characters XML 1.0 cannot hold at all (the input rules remove most already).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLE_BOLD, _STYLE_WRAP = 1, 2  # indexes into cellXfs of styles.xml
_WRAPPED = f' s="{_STYLE_WRAP}"'
_TEXT_TYPES = {str, type(None)}
_NEWLINE = "\n"  # (Python 3.11's f-strings take no backslash)


@dataclass(frozen=True)
class Table:
    """One sheet: its name, header and rows (str, int, float or None values)."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    """The .xlsx file of ``tables``, one sheet each, in order."""
    return package(workbook_parts(tables))


def workbook_parts(tables: Sequence[Table]) -> list[tuple[str, bytes]]:
    """The workbook's XML parts (name, UTF-8) that ``package`` zips: apart, so that the
    bundle deflates them on its second thread while it makes the next files."""
    names = _sheet_names([t.name for t in tables])
    count = len(tables)
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES.format(sheets="".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)))),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", _WORKBOOK.format(sheets="".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1)))),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheets="".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)), styles=count + 1)),
        ("xl/styles.xml", _STYLES),
    ]
    parts += [(f"xl/worksheets/sheet{n}.xml", _sheet(table))
              for n, table in enumerate(tables, start=1)]
    return [(name, text.encode("utf-8")) for name, text in parts]


def package(parts: Sequence[tuple[str, bytes]]) -> bytes:
    """The .xlsx (a zip) of ``workbook_parts``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data, compresslevel=3)
    return out.getvalue()


def _sheet(table: Table) -> str:
    """The sheet's XML, built a column at a time: a column of text is cleaned and escaped
    as one string and its cells made in one comprehension (a function call per cell made
    the workbook most of the 10,000-idea bundle's time)."""
    widths = _widths(table)
    letters = [_column_letter(n) for n in range(len(widths))]
    cols = "".join(f'<col min="{n}" max="{n}" width="{w:g}" customWidth="1"/>'
                   for n, w in enumerate(widths, start=1))
    lines = [_SHEET_START, cols, "</cols><sheetData>",
             _row(1, letters, table.header, widths, _STYLE_BOLD)]
    width = len(widths)
    rows = table.rows
    if rows and all(len(row) == width for row in rows):
        by_column = zip(*rows, strict=True)
        columns = [_column_cells(letter, column, limit)
                   for letter, column, limit in zip(letters, by_column, widths, strict=True)]
        starts = [f'<row r="{n}">' for n in range(2, len(rows) + 2)]
        ends = itertools.repeat("</row>", len(rows))
        # One join over every piece, row after row (a join per row cost as much again).
        pieces = zip(starts, *columns, ends, strict=True)
        lines.append("".join(itertools.chain.from_iterable(pieces)))
    else:  # ragged rows (none of ours): a cell at a time
        lines += [_row(n, letters, row, widths, 0) for n, row in enumerate(rows, start=2)]
    lines.append("</sheetData></worksheet>")
    return "".join(lines)


def _column_cells(letter: str, values: Sequence[object], width: float) -> list[str]:
    """The cells of one column from row 2 on, exactly as ``_row`` makes them."""
    if not set(map(type, values)) <= _TEXT_TYPES:
        return [_cell(f"{letter}{n}", value, width, 0)
                for n, value in enumerate(values, start=2)]
    texts = [v[:MAX_CELL] if v else "" for v in values]
    joined = "\x00".join(texts)  # \x00 cannot be in a cell that needs no cleaning
    if joined.count("\x00") == len(texts) - 1 and not _NOT_XML.search(joined.replace("\x00", "")):
        escaped = escape(joined).split("\x00")
    else:
        escaped = [escape(_NOT_XML.sub("", text)) for text in texts]
    return ["" if not value else
            f'<c r="{letter}{n}" t="inlineStr"'
            f'{_WRAPPED if _NEWLINE in value or len(value) > width else ""}><is>'
            f'<t xml:space="preserve">{text}</t></is></c>'
            for n, value, text in zip(itertools.count(2), values, escaped)]


def _row(number: int, letters: list[str], values: Sequence[object], widths: list[float],
         style: int) -> str:
    cells = [_cell(f"{letter}{number}", value, width, style)
             for letter, value, width in zip(letters, values, widths, strict=False)]
    return f'<row r="{number}">{"".join(cells)}</row>'


def _cell(ref: str, value: object, width: float, style: int) -> str:
    if value is None or value == "":
        return ""
    if type(value) is str:
        text = escape(_NOT_XML.sub("", value[:MAX_CELL]))
        # len() for the width: a cheap upper bound of what fits (wide characters count 1)
        wrap = style or (_STYLE_WRAP if "\n" in value or len(value) > width else 0)
        styled = f' s="{wrap}"' if wrap else ""
        return (f'<c r="{ref}" t="inlineStr"{styled}><is><t xml:space="preserve">'
                f'{text}</t></is></c>')
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _widths(table: Table) -> list[float]:
    """Each column as wide as its widest line (in the first 500 rows), within limits."""
    widths = [display_width(str(name)) + 2 for name in table.header]
    first = table.rows[:500]
    for n in range(len(widths)):
        # Each different text once: a column of teams or prompts repeats a few names.
        texts = {str(row[n]) for row in first
                 if len(row) > n and row[n] is not None and row[n] != ""}
        for text in texts:
            widest = max(map(display_width, text.split("\n")))
            widths[n] = max(widths[n], widest + 2)
    return [float(min(max(w, MIN_WIDTH), MAX_WIDTH)) for w in widths]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_names(names: Sequence[str]) -> list[str]:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    used: set[str] = set()
    found = []
    for name in names:
        base = (name.translate(_SHEET_NAME_BAD).strip("'") or "Sheet")[:31]
        candidate, n = base, 2
        while candidate.lower() in used:
            suffix = f" ({n})"
            candidate, n = base[:31 - len(suffix)] + suffix, n + 1
        used.add(candidate.lower())
        found.append(candidate)
    return found


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{sheets}</Types>')
_ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="{_REL}/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/>'
    '</bookViews><sheets>{sheets}</sheets></workbook>')
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PKG_REL}">{{sheets}}<Relationship Id="rId{{styles}}" '
    f'Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
# Fonts: the default and its bold; the two fills every styles.xml must have; cell formats:
# 0 plain, 1 bold (the header), 2 wrapped at the top (long and multi-line text).
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_SHEET_START = (
    _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView '
    'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
    'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>')
