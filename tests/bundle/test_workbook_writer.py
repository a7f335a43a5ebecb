"""The workbook's fast sheet writer (a column at a time) writes exactly what the plain one
(a cell at a time) writes, for awkward values too; openpyxl reads every value back."""

from __future__ import annotations

import io

import openpyxl
import pytest

from workshop.export import workbook
from workshop.export.workbook import Table

CLEAN = [
    "plain", "", None, "a < b & c > d", 'quotes " and \'', "two\nlines", "x" * 80, "]]>",
    "駅前にベンチを増やす 🍙", "=1+1", "  spaces  ", "tab\there", "𠮷野町",
]
# Characters XML cannot hold: a column with any of them is cleaned a cell at a time.
AWKWARD = [*CLEAN, "control \x01\x08 and \x0b gone", "nul \x00 in the middle", "\ufffe\uffff"]


def _rows(values: list, columns: int, count: int = 40) -> list[list[object]]:
    return [[values[(n + c) % len(values)] for c in range(columns)] for n in range(count)]


def _plain(table: Table) -> str:
    """The sheet written a cell at a time: rows of uneven length take that path (the extra
    value has no column and is not written)."""
    return workbook._sheet(Table(table.name, table.header, [[*row, None] for row in table.rows]))


@pytest.mark.parametrize("values", [CLEAN, AWKWARD], ids=["clean", "awkward"])
@pytest.mark.parametrize("mixed", [False, True], ids=["text", "mixed"])
def test_the_column_writer_writes_what_the_cell_writer_writes(values, mixed):
    rows = _rows(values, 4)
    if mixed:  # numbers, booleans and text in one column
        for n, row in enumerate(rows):
            row[1] = [n, 2.5, True, False, None, "text", 0][n % 7]
    table = Table("Ideas", ["No.", "Title", "Details", "ID"], rows)
    assert workbook._sheet(table) == _plain(table)
    assert "<row r=\"41\">" in workbook._sheet(table)


def test_openpyxl_reads_back_every_value():
    rows = _rows(AWKWARD, 3)
    rows[0][0] = 7
    rows[1][0] = True
    rows[2][0] = 1.25
    table = Table("Ideas", ["A", "B", "C"], rows)
    book = openpyxl.load_workbook(io.BytesIO(workbook.workbook_bytes([table])))
    read = [list(row) for row in book.active.iter_rows(min_row=2, values_only=True)]
    gone = str.maketrans("", "", "\x00\x01\x08\x0b\ufffe\uffff")
    expected = [[None if v in (None, "") else v.translate(gone) if isinstance(v, str) else v
                 for v in row] for row in rows]
    assert read == expected
