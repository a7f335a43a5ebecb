"""What every export shares: its settings, progress with cancellation, atomic output files."""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.i18n import N_
from workshop.store.leftovers import output_partial

PAPER_SIZES = ("a4", "a3", "letter")


@dataclass(frozen=True)
class ExportSettings:
    """Choices a person makes on the Export page or the command line."""

    lang: str  # the language of labels in the outputs
    paper: str | None = None  # None: each output's own default (A4; A3 for team sheets)
    public: bool = False  # leave out internal notes/photos and personal names
    profile: str | None = None  # the bundle's platform profile; None: the workshop's


class Cancelled(WorkshopError):
    def __init__(self) -> None:
        super().__init__(N_("The export was cancelled; no file was written."))


@dataclass
class Progress:
    """Reports progress and lets the person cancel: ``step`` raises ``Cancelled``."""

    report: Callable[[int, int], None] | None = None
    is_cancelled: Callable[[], bool] = field(default=lambda: False)

    def step(self, done: int, total: int) -> None:
        if self.is_cancelled():
            raise Cancelled
        if self.report:
            self.report(done, total)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` only if the block succeeds,
    so a failed or cancelled export never leaves a half-written file (or destroys the
    previous one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Locked while written: a killed export's file is removed by the next export here.
    with output_partial(path) as temporary:
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # shared
        yield temporary
        os.replace(temporary, path)


# How a cell that a spreadsheet would run as a formula starts: = + - @, tab, CR, and their
# full-width and small forms (＝＋－＠ ﹦﹢﹣﹫), which Excel in Japan reads as the same.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")


def csv_utf8(rows: Iterable[Iterable[object]], separator: str, line_end: str, *,
             neutralise_formulas: bool = False) -> bytes:
    """CSV in UTF-8 as RFC 4180 writes it, ``line_end`` after every row: a cell is quoted
    when it holds the separator, a double quote or a line break, and its quotes doubled;
    None is an empty cell. With ``neutralise_formulas`` a text cell that starts like a
    formula gets a leading apostrophe, so that no spreadsheet runs it.

    The csv module writes it: the hand-written writer this was before was only 1.25–1.4×
    faster, not the 2× it claimed (34 against 43 ms of CPU for the ideas sheet of 20,000
    ideas, in an export that takes seconds; ``benchmarks/csv_bench.py``), too little to
    keep quoting rules of our own. The text is encoded as it is written, never
    held as one ``str`` (one emoji would make that take 4 bytes per character).
    """
    if neutralise_formulas:
        rows = (["'" + cell if type(cell) is str and cell and cell[0] in FORMULA_START
                 else cell for cell in row] for row in rows)
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    # Always CRLF for the writer: it quotes a cell holding any character of its line end,
    # and a lone CR must be quoted too (a reader would take it for a line break).
    if line_end == "\r\n":
        csv.writer(text, delimiter=separator, lineterminator="\r\n").writerows(rows)
    else:
        line = io.StringIO()
        row_writer = csv.writer(line, delimiter=separator, lineterminator="\r\n")
        for row in rows:
            line.seek(0)
            line.truncate()
            row_writer.writerow(row)
            text.write(line.getvalue()[:-2] + line_end)
    text.flush()
    return out.getvalue()
