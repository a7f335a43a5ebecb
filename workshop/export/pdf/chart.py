"""A horizontal bar chart of a round's results, drawn directly (no chart library).

Labels are ordinary paragraphs, so Japanese titles wrap with the line-start rules and get
the same font fallback as all other text; reportlab's chart widgets draw labels as single
strings in one font.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from workshop.export.pdf.fonts import JAPANESE, LATIN, LATIN_BOLD
from workshop.export.pdf.styles import ACCENT, INK, MUTED, RULE, TINT, Typography

_RANK_WIDTH = 9 * mm
_VALUE_WIDTH = 12 * mm
_GAP = 2 * mm
_BAR_HEIGHT = 3.6 * mm
_SIZE = 10.0  # ranks and values
_LATER_BARS = colors.HexColor("#8fa9c9")


@dataclass(frozen=True)
class Bar:
    rank: str  # "1", "1 (tied)", 「同率1位」
    label: str
    value: int
    top: bool  # among the best (rank 1): drawn in the accent colour


class BarChart(Flowable):
    """One row per bar: rank, label (at most two lines), bar, value."""

    def __init__(self, bars: list[Bar], type_: Typography, *, label_share: float = 0.42,
                 scale_to: int | None = None, rank_width: float = _RANK_WIDTH) -> None:
        super().__init__()
        self.bars = bars
        self.rank_width = rank_width
        self.type = type_
        self.label_share = label_share
        # Bars split over pages keep one scale.
        self.scale_to = scale_to if scale_to is not None else max(
            [b.value for b in bars] + [1])
        self._rows: list[tuple[Bar, Paragraph, float]] = []
        self._laid_out_for: float | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        label_width = available_width * self.label_share
        if self._laid_out_for != label_width:  # measured more than once; labels made once
            self._rows = []
            for bar in self.bars:
                label = self.type.fitted(bar.label, "cell", label_width, 2)
                _w, h = label.wrap(label_width, 1_000)
                self._rows.append((bar, label, max(h, _BAR_HEIGHT) + 2 * mm))
            self._laid_out_for = label_width
        self.height = sum(h for _b, _l, h in self._rows) + 2 * mm
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        used, count = 2 * mm, 0
        for _bar, _label, h in self._rows:
            if used + h > available_height:
                break
            used += h
            count += 1
        if count == 0 or count == len(self.bars):
            return []
        return [BarChart(self.bars[:count], self.type, label_share=self.label_share,
                         scale_to=self.scale_to, rank_width=self.rank_width),
                BarChart(self.bars[count:], self.type, label_share=self.label_share,
                         scale_to=self.scale_to, rank_width=self.rank_width)]

    def draw(self) -> None:
        canvas = self.canv
        label_width = self.width * self.label_share
        bar_left = self.rank_width + label_width + _GAP
        bar_room = self.width - bar_left - _VALUE_WIDTH
        y = self.height - 1 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(bar_left, 0, bar_left, self.height)
        for bar, label, h in self._rows:
            y -= h
            middle = y + h / 2
            canvas.setFillColor(ACCENT if bar.top else MUTED)
            face = (LATIN_BOLD if bar.top else LATIN) if bar.rank.isascii() else JAPANESE
            canvas.setFont(face, _SIZE)
            canvas.drawRightString(self.rank_width - 2 * mm, middle - 3.5, bar.rank)
            label.drawOn(canvas, self.rank_width, middle - label.height / 2)
            length = bar_room * bar.value / self.scale_to if self.scale_to else 0
            canvas.setFillColor(TINT)
            canvas.rect(bar_left, middle - _BAR_HEIGHT / 2, bar_room, _BAR_HEIGHT,
                        stroke=0, fill=1)
            canvas.setFillColor(ACCENT if bar.top else _LATER_BARS)
            if length > 0:
                canvas.rect(bar_left, middle - _BAR_HEIGHT / 2, length, _BAR_HEIGHT,
                            stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(LATIN_BOLD if bar.top else LATIN, _SIZE)
            canvas.drawString(bar_left + length + 1.5 * mm, middle - 3.5, str(bar.value))
