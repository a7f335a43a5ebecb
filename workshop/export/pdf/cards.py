"""Idea cards: one idea per card, as many cards per sheet as fit at a readable size, with
cut marks in the margins and small crosses where inner cards meet.

A card shows the idea's number (the same as in the report), its team, prompt, title
(set as large as fits), details and cluster. Text too long for a card is shortened with an
ellipsis and the export warns about it: the report always has the whole text.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.data import CardData, IdeaEntry
from workshop.export.pdf.document import PdfDocument
from workshop.export.pdf.fonts import LATIN_BOLD
from workshop.export.pdf.styles import ACCENT, MUTED, colour
from workshop.i18n import Nn_, Plural

CARD_MIN_WIDTH = 88 * mm
CARD_MIN_HEIGHT = 80 * mm
_PAD = 5 * mm
_MARK = 5 * mm  # length of a cut mark
_MARK_GAP = 1.5 * mm  # between the card edge and its cut mark
_TITLE_SIZES = (20, 18, 16, 14, 12, 10)
_DETAIL_SIZES = (10.5, 9.5, 9.0)
_NUMBER_SIZE = 13.0  # nothing a reader must read under 9 pt


class CardsDocument(PdfDocument):
    margins = (12 * mm, 12 * mm, 12 * mm, 16 * mm)
    header = False
    footer_rule = False

    def __init__(self, data: CardData, settings: ExportSettings) -> None:
        super().__init__(settings, data.workshop, data.qr)
        self.data = data
        self.columns = max(1, int(self.frame_width // CARD_MIN_WIDTH))
        self.rows = max(1, int(self.frame_height // CARD_MIN_HEIGHT))
        self.card_width = self.frame_width / self.columns
        self.card_height = self.frame_height / self.rows
        self.shortened = 0
        self._shared: dict[tuple[str, str], Flowable] = {}

    def title(self) -> str:
        return self._("Idea cards")

    def story(self) -> list[Flowable]:
        per_sheet = self.columns * self.rows
        ideas = self.data.ideas
        return [CardSheet(self, ideas[start:start + per_sheet])
                for start in range(0, len(ideas), per_sheet)] or [
            self.type.para(self._("The workshop has no ideas yet."), "body")]

    def render(self, out: Path | BinaryIO, progress: Progress, *,
               invariant: bool = False) -> None:
        super().render(out, progress, invariant=invariant)
        if self.shortened:
            self.notices.append(Plural(Nn_(
                "{count} idea card was too long to print in full and is shortened on the "
                "card; the report has the whole text.",
                "{count} idea cards were too long to print in full and are shortened on the "
                "card; the report has the whole text."), self.shortened))

    # ------------------------------------------------------------------------- a card

    def draw_card(self, canvas: Canvas, idea: IdeaEntry, x: float, y: float) -> None:
        """Draw one card with its lower-left corner at (x, y)."""
        width = self.card_width - 2 * _PAD
        top = y + self.card_height - _PAD
        bottom = y + _PAD
        left = x + _PAD
        shortened = False

        canvas.setFillColor(colour(idea.team_colour))
        canvas.rect(left, top - 1.6 * mm, width, 1.6 * mm, stroke=0, fill=1)
        top -= 1.6 * mm + 2 * mm
        # The number as a plain string (Vera Bold draws digits); the team, prompt and
        # cluster are the same on many cards: each is laid out once and drawn again.
        canvas.setFillColor(ACCENT)
        canvas.setFont(LATIN_BOLD, _NUMBER_SIZE)
        canvas.drawString(left, top - _NUMBER_SIZE, str(idea.number))
        line_top = top
        top -= _NUMBER_SIZE * 1.2
        if idea.team:
            team = self.shared("team", idea.team, lambda text: self.type.fitted(
                text, "meta_right", width * 0.68, 1), width * 0.68)
            team.drawOn(canvas, left + width * 0.32,
                        line_top - (line_top - top + team.height) / 2)
        if idea.prompt:  # the prompt is printed in full in the report
            prompt = self.shared("prompt", idea.prompt, lambda text: self.type.fitted(
                text, "meta", width, 2), width)
            top -= 1 * mm + prompt.height
            prompt.drawOn(canvas, left, top)
        top -= 2.5 * mm

        footer_height = 0.0
        if idea.cluster:
            cluster = self.shared("cluster", idea.cluster, lambda text: self.type.para_parts(
                [(idea.cluster_colour, "chip"),
                 (text if len(text) <= 40 else text[:39] + "…", "")], "meta"), width)
            cluster.drawOn(canvas, left, bottom)
            footer_height = cluster.height + 2 * mm
        room = top - bottom - footer_height

        title, cut = self._title(idea.title, width, room * 0.7 if idea.details else room)
        shortened |= cut
        top = _place(canvas, title, left, top, width)
        room = top - bottom - footer_height - 2 * mm
        if idea.details:
            details, cut = self._details(idea.details, width, room)
            shortened |= cut
            if details is not None:
                _place(canvas, details, left, top - 2 * mm, width)
        self.shortened += shortened

    def shared(self, kind: str, text: str, make, width: float) -> Flowable:
        """A paragraph that many cards print alike, made and wrapped once."""
        key = (kind, text)
        if key not in self._shared:
            paragraph = make(text)
            paragraph.wrap(width, 10_000)
            self._shared[key] = paragraph
        return self._shared[key]

    def _title(self, text: str, width: float, room: float) -> tuple[Paragraph, bool]:
        """The title at the largest size that fits ``room`` (one size smaller if that saves
        a nearly empty last line), else shortened at the smallest size."""
        fitting = []
        for size in _TITLE_SIZES:
            title = self.type.para(text, "card_title", fontSize=size, leading=size * 1.25)
            if title.wrap(width, 10_000)[1] <= room:
                fitting.append(title)
                if len(fitting) == 2 or not _short_last_line(title, width):
                    break
        if len(fitting) == 2 and _line_count(fitting[1]) < _line_count(fitting[0]):
            return fitting[1], False
        if fitting:
            return fitting[0], False
        size = _TITLE_SIZES[-1]
        lines = max(1, int(room // (size * 1.25)))
        return self.type.fit(text, "card_title", width, lines, fontSize=size,
                             leading=size * 1.25)

    def _details(self, text: str, width: float, room: float
                 ) -> tuple[Paragraph | None, bool]:
        for size in _DETAIL_SIZES:
            details = self.type.para(text, "card_detail", fontSize=size, leading=size * 1.4)
            if details.wrap(width, 10_000)[1] <= room:
                return details, False
        size = _DETAIL_SIZES[-1]
        lines = int(room // (size * 1.4))
        if lines < 1:
            return None, True
        return self.type.fit(text, "card_detail", width, lines, fontSize=size,
                             leading=size * 1.4)

    def draw_cut_marks(self, canvas: Canvas, x: float, y: float, count: int) -> None:
        """Cut marks in the margins at every card edge, and small crosses where cards meet
        (only around the cards on this sheet)."""
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.4)
        rows_used = -(-count // self.columns)
        columns_used = min(count, self.columns)
        right = x + columns_used * self.card_width
        top = y + self.frame_height
        low = top - rows_used * self.card_height
        for column in range(columns_used + 1):
            cx = x + column * self.card_width
            canvas.line(cx, top + _MARK_GAP, cx, top + _MARK_GAP + _MARK)
            canvas.line(cx, low - _MARK_GAP, cx, low - _MARK_GAP - _MARK)
        for row in range(rows_used + 1):
            cy = top - row * self.card_height
            canvas.line(x - _MARK_GAP, cy, x - _MARK_GAP - _MARK, cy)
            canvas.line(right + _MARK_GAP, cy, right + _MARK_GAP + _MARK, cy)
        for row in range(1, rows_used):
            for column in range(1, columns_used):
                cx, cy = x + column * self.card_width, top - row * self.card_height
                canvas.line(cx - 1.5 * mm, cy, cx + 1.5 * mm, cy)
                canvas.line(cx, cy - 1.5 * mm, cx, cy + 1.5 * mm)
        canvas.restoreState()


def _place(canvas: Canvas, paragraph: Paragraph, left: float, top: float,
           width: float) -> float:
    """Draw ``paragraph`` hanging from ``top``; returns the y below it."""
    _w, height = paragraph.wrap(width, 10_000)
    paragraph.drawOn(canvas, left, top - height)
    return top - height


def _line_count(paragraph: Paragraph) -> int:
    return len(paragraph.blPara.lines)


def _short_last_line(paragraph: Paragraph, width: float) -> bool:
    """Whether a wrapped paragraph ends with a line under a quarter of the width (an
    orphaned character or two on a card title)."""
    lines = paragraph.blPara.lines
    if len(lines) < 2:
        return False
    last = lines[-1]
    free = last.extraSpace if hasattr(last, "extraSpace") else last[0]
    return width - free < width * 0.25


class CardSheet(Flowable):
    """One sheet of cards, filling the frame."""

    def __init__(self, document: CardsDocument, ideas: tuple[IdeaEntry, ...]) -> None:
        super().__init__()
        self.document = document
        self.ideas = ideas

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.document.frame_width, self.document.frame_height - 0.01

    def draw(self) -> None:
        doc = self.document
        canvas = self.canv
        doc.draw_cut_marks(canvas, 0, 0, len(self.ideas))
        for index, idea in enumerate(self.ideas):
            row, column = divmod(index, doc.columns)
            x = column * doc.card_width
            y = doc.frame_height - (row + 1) * doc.card_height
            canvas.saveState()
            doc.draw_card(canvas, idea, x, y)
            canvas.restoreState()
