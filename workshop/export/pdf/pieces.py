"""Layout pieces of the report: the cover, the table of contents, a URL set as a link.

The table of contents is made in one pass: each entry's page number is drawn as a form
XObject named after the entry, and the forms are defined when the document is saved,
once the pages are known (as the "n / N" footer does). Building the document twice, as
reportlab's own ``TableOfContents`` needs, would double the time of a large report.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workshop.export.pdf.fonts import LATIN
from workshop.export.pdf.styles import ACCENT, INK, RULE, Typography


def toc_form(key: str) -> str:
    return f"WorkshopToc-{key}"


@dataclass(frozen=True)
class TocEntry:
    key: str  # the section flowable carries ``toc_key = key``
    title: str
    level: int  # 0 chapters, 1 their parts


class TableOfContents(Flowable):
    """目次: one line per entry – title, dotted leader, page number (from a form)."""

    def __init__(self, entries: list[TocEntry], type_: Typography, *, size: float = 12,
                 leading: float = 21) -> None:
        super().__init__()
        self.entries = entries
        self.type = type_
        self.size = size
        self.leading = leading
        self._lines: list[tuple[TocEntry, Flowable]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._lines = []
        for entry in self.entries:
            indent = 8 * mm * entry.level
            role = "toc" if entry.level == 0 else "body"
            line = self.type.one_line(entry.title, role, available_width - indent - 22 * mm)
            self._lines.append((entry, line))
        self.height = len(self.entries) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        known = getattr(canvas, "toc_keys", None)
        top = self.height
        for entry, line in self._lines:
            top -= self.leading
            indent = 8 * mm * entry.level
            _w, height = line.wrap(self.width, self.leading)
            bottom = top + (self.leading - height) / 2
            line.drawOn(canvas, indent, bottom)
            size = line.style.fontSize if hasattr(line, "style") else line.size
            baseline = bottom + height - size  # where a one-line paragraph sets its text
            canvas.saveState()
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.8)
            canvas.setDash(0.8, 3)
            text_width = min(getattr(line, "text_width", line.width), line.width)
            canvas.line(indent + text_width + 2 * mm, baseline, self.width - 12 * mm, baseline)
            canvas.restoreState()
            canvas.saveState()
            canvas.translate(self.width, baseline)
            canvas.doForm(toc_form(entry.key))
            canvas.restoreState()
            if known is not None:
                known[entry.key] = entry.level


def define_toc_forms(canvas: Canvas, pages: dict[str, int], keys: dict[str, int]) -> None:
    """Define each entry's page number form (right-aligned at its origin); entries whose
    section was never placed get an empty form, so the PDF stays valid."""
    for key, level in keys.items():
        canvas.beginForm(toc_form(key), lowerx=-60, lowery=-4, upperx=0, uppery=16)
        canvas.setFont(LATIN, 12 if level == 0 else 10.5)
        canvas.setFillColor(INK)
        if key in pages:
            canvas.drawRightString(0, 0, str(pages[key]))
        canvas.endForm()


def url_lines(url: str, font: str, size: float, width: float) -> list[str]:
    """A URL broken into lines of ``width`` only after a "/", "?", "&" or "#" – never
    inside the host, where a break reads as two addresses (a host longer than a line,
    and a single path segment that is, are cut where they must be)."""
    pieces: list[str] = []
    current = ""
    for char in url:
        current += char
        if char in "/?&#" and not url.startswith(current.rstrip("/") + "//"):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    # Keep "https://" and the host as one piece.
    if len(pieces) >= 3 and pieces[0].endswith(":/") and pieces[1] == "/":
        pieces[:3] = [pieces[0] + pieces[1] + pieces[2]]
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and stringWidth(line + piece, font, size) > width:
            lines.append(line)
            line = ""
        while stringWidth(piece, font, size) > width:  # longer than a line on its own
            cut = len(piece)
            while cut > 1 and stringWidth(piece[:cut], font, size) > width:
                cut -= 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line:
        lines.append(line)
    return lines


class UrlLink(Flowable):
    """A URL in the accent colour, broken only between its parts, and a link in the PDF."""

    def __init__(self, url: str, *, size: float = 10, font: str = LATIN,
                 align: int = 0) -> None:
        super().__init__()
        self.url = url
        self.size = size
        self.font = font
        self.align = align  # 0 left, 1 centre
        self.leading = size * 1.35
        self.lines: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = url_lines(self.url, self.font, self.size, available_width)
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(ACCENT)
        y = self.height - self.size
        for line in self.lines:
            free = self.width - stringWidth(line, self.font, self.size)
            canvas.drawString(free / 2 if self.align == 1 else 0, y, line)
            y -= self.leading
        canvas.linkURL(self.url, (0, 0, self.width, self.height), relative=1, thickness=0)


class Cover(Flowable):
    """The cover page, filling the frame: ``top`` hangs from the top, ``bottom`` stands on
    the bottom, ``middle`` is centred in the room between (a cover with its facts bunched
    at the top and the lower half empty looks unfinished)."""

    def __init__(self, top: list[Flowable], middle: list[Flowable],
                 bottom: list[Flowable]) -> None:
        super().__init__()
        self.parts = (top, middle, bottom)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 0.01
        return self.width, self.height

    def _heights(self, flowables: list[Flowable]) -> list[float]:
        heights = []
        for flowable in flowables:
            _w, height = flowable.wrap(self.width, self.height)
            heights.append(height + flowable.getSpaceAfter())
        return heights

    def draw(self) -> None:
        top, middle, bottom = self.parts
        y = self.height
        for flowable, height in zip(top, self._heights(top), strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y + flowable.getSpaceAfter())
        bottom_heights = self._heights(bottom)
        floor = sum(bottom_heights)
        middle_heights = self._heights(middle)
        room = y - floor
        y -= max(0.0, (room - sum(middle_heights)) / 2)
        for flowable, height in zip(middle, middle_heights, strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y + flowable.getSpaceAfter())
        y = floor
        for flowable, height in zip(bottom, bottom_heights, strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y + flowable.getSpaceAfter())
