"""A horizontal bar chart of a round's results, drawn with QPainter (QtCharts is not
available): one row per candidate, best first, with its rank, title, bar and total.

Digital dots are a solid bar, paper stickers a hatched one, and a legend names both, so
the two sources differ by pattern and words, not by colour alone. A tie is written next to
the total. The type grows with the space: the same widget fills a projector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop.ui.style import ACCENT, INK
from workshop.voting import CandidateResult

DIGITAL_FILL = ACCENT
PAPER_FILL = "#cfe0fb"
PAPER_HATCH = "#06357f"
ROW_TO_FONT = 0.56  # the type takes over half a row; the rest is air between bars


@dataclass(frozen=True)
class _Layout:
    font: QFont
    row: float
    top: float
    rank: QRectF  # the rank column of the first row
    title: QRectF
    bars: QRectF
    value_width: float


class VoteBarChart(QWidget):
    """``set_results(candidates)`` with the ranked ``CandidateResult`` rows (or none)."""

    def __init__(self, tr: Callable[[str], str], *, largest_px: int = 0,
                 row_to_font: float = ROW_TO_FONT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.row_to_font = row_to_font
        # 0: rows as high as the window's type needs (it scrolls); else the type may grow
        # up to ``largest_px`` to fill the widget (projector).
        self.largest_px = largest_px
        self._rows: tuple[CandidateResult, ...] = ()
        self.setAccessibleName(tr("Results chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_results(self, rows: Sequence[CandidateResult]) -> None:
        self._rows = tuple(rows)
        self.setAccessibleDescription("; ".join(self.row_texts()))
        self.updateGeometry()
        self.update()

    def rows(self) -> tuple[CandidateResult, ...]:
        return self._rows

    # ------------------------------------------------------------------ texts

    def legend_texts(self) -> tuple[str, str]:
        return self.tr_("Digital ballots"), self.tr_("Paper stickers")

    def value_text(self, row: CandidateResult) -> str:
        if row.no_dots:
            return self.tr_("no dots")
        return self.tr_("{total} (tied)").format(total=row.total) if row.tied else str(row.total)

    @staticmethod
    def rank_text(row: CandidateResult) -> str:
        return "–" if row.no_dots else str(row.rank)  # an idea without dots has no place

    def row_texts(self) -> list[str]:
        """Every row as the chart writes it: rank, title, total (and the tie)."""
        return [f"{self.rank_text(row)}. {row.title}: {self.value_text(row)}"
                for row in self._rows]

    def drawn_texts(self) -> list[str]:
        """Every text the chart paints (for tests: what the room can read)."""
        if not self._rows:
            return []
        texts = list(self.legend_texts())
        for row in self._rows:
            texts += [self.rank_text(row), row.title, self.value_text(row)]
        return texts

    # ------------------------------------------------------------------ geometry

    def _base_px(self) -> float:
        font = self.font()
        return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 4 / 3

    def sizeHint(self) -> QSize:
        row = self._base_px() / self.row_to_font
        return QSize(640, int(row * (len(self._rows) + 1.5)))

    def minimumSizeHint(self) -> QSize:
        if self.largest_px:
            return QSize(200, 100)
        return QSize(320, self.sizeHint().height())

    def _layout(self) -> _Layout:
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        count = len(self._rows) + 1  # the legend takes a row
        row = area.height() / count
        px = row * self.row_to_font
        if self.largest_px:
            px = min(px, self.largest_px)
        else:
            px = min(px, self._base_px())
            row = min(row, self._base_px() / self.row_to_font)
        font = QFont(self.font())
        font.setPixelSize(max(9, int(px)))
        metrics = QFontMetricsF(font)
        rank_w = metrics.horizontalAdvance("00") + px * 0.6
        widest_value = max((metrics.horizontalAdvance(self.value_text(r)) for r in self._rows),
                           default=0)
        value_w = widest_value + px * 0.8
        titles = max((metrics.horizontalAdvance(r.title) for r in self._rows), default=0)
        title_w = min(titles + px, area.width() * 0.42)
        top = area.top() + row
        left = area.left()
        return _Layout(
            font=font, row=row, top=top,
            rank=QRectF(left, top, rank_w, row),
            title=QRectF(left + rank_w, top, title_w, row),
            bars=QRectF(left + rank_w + title_w, top,
                        max(10.0, area.width() - rank_w - title_w - value_w), row),
            value_width=value_w,
        )

    def layout_px(self) -> int:
        """The pixel size of the type the rows are drawn in now (for tests)."""
        return self._layout().font.pixelSize() if self._rows else 0

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not self._rows:
            painter.end()
            return
        layout = self._layout()
        painter.setFont(layout.font)
        self._paint_legend(painter, layout)
        low = min(0, *(min(r.total, r.digital) for r in self._rows))
        high = max(1, *(max(r.digital, 0) + r.paper for r in self._rows))
        scale = layout.bars.width() / (high - low)
        zero = layout.bars.left() - low * scale
        bar_height = layout.row * 0.62
        for number, row in enumerate(self._rows):
            y = layout.top + number * layout.row
            painter.setPen(QColor(INK))
            bold = QFont(layout.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(layout.rank.translated(0, y - layout.top).adjusted(0, 0, -6, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.rank_text(row))
            painter.setFont(layout.font)
            title_box = layout.title.translated(0, y - layout.top).adjusted(4, 0, -8, 0)
            title = QFontMetricsF(layout.font).elidedText(
                row.title, Qt.TextElideMode.ElideRight, title_box.width())
            painter.drawText(title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             title)
            bar_top = y + (layout.row - bar_height) / 2
            end = self._paint_bar(painter, row, zero, scale, bar_top, bar_height)
            painter.setPen(QColor(INK))
            if row.tied:
                painter.setFont(bold)
            painter.drawText(QRectF(end + layout.row * 0.2, y, layout.value_width, layout.row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.value_text(row))
            painter.setFont(layout.font)
        painter.setPen(QPen(QColor("#555555"), 1))
        bottom = layout.top + len(self._rows) * layout.row
        painter.drawLine(int(zero), int(layout.top), int(zero), int(bottom))
        painter.end()

    def _paint_bar(self, painter: QPainter, row: CandidateResult, zero: float, scale: float,
                   top: float, height: float) -> float:
        """Draw one candidate's bar; returns the x where its total is written."""
        digital = row.digital
        right = zero
        if digital > 0:
            box = QRectF(zero, top, digital * scale, height)
            self._fill(painter, box, paper=False)
            right = box.right()
        if row.paper > 0:
            box = QRectF(right, top, row.paper * scale, height)
            self._fill(painter, box, paper=True)
            right = box.right()
        if digital < 0:  # negative dots reach left of zero
            box = QRectF(zero + digital * scale, top, -digital * scale, height)
            self._fill(painter, box, paper=False, negative=True)
        return max(right, zero)

    @staticmethod
    def _fill(painter: QPainter, box: QRectF, *, paper: bool, negative: bool = False) -> None:
        painter.setPen(QPen(QColor(PAPER_HATCH if paper else "#06357f"), 1.5))
        if paper:
            painter.setBrush(QColor(PAPER_FILL))
            painter.drawRect(box)
            painter.setBrush(QBrush(QColor(PAPER_HATCH), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(box)
        else:
            painter.setBrush(QBrush(QColor("#b00020" if negative else DIGITAL_FILL)))
            painter.drawRect(box)

    def _paint_legend(self, painter: QPainter, layout: _Layout) -> None:
        metrics = QFontMetricsF(layout.font)
        y = layout.top - layout.row
        swatch = layout.row * 0.45
        x = layout.bars.left()
        painter.setFont(layout.font)
        for text, paper in zip(self.legend_texts(), (False, True), strict=True):
            box = QRectF(x, y + (layout.row - swatch) / 2, swatch * 1.6, swatch)
            self._fill(painter, box, paper=paper)
            painter.setPen(QColor(INK))
            text_x = box.right() + swatch * 0.4
            painter.drawText(QRectF(text_x, y, metrics.horizontalAdvance(text) + 4, layout.row),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x = text_x + metrics.horizontalAdvance(text) + swatch * 1.5
