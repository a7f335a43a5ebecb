"""How the board looks: idea cards painted by a delegate (no widget per idea, so 2,000 ideas
cost only the few cards on screen), and a column = a painted header + a list view.

A card shows the idea's title, and each team as a colour chip *with its name* (never colour
alone); a merged idea lists every team it came from.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workshop.palette import text_colour_on
from workshop.ui.board.models import ClusterColumnModel, DuplicatesRole, TeamsRole
from workshop.ui.style import ACCENT, FOCUS, INK

PAD = 10
BAR = 7  # the team-colour bar at the card's left edge
CHIP = 14
STACK = 5  # how far the card under a merged idea shows: a stack of cards, as on paper
UNCLUSTERED_COLOUR = "#e3e6ea"
SELECTED_BACKGROUND = "#dbe7fd"


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


def column_width(font: QFont) -> int:
    """Wide enough for a readable card at any zoom: about 16 capital Ms of the font."""
    return max(240, QFontMetrics(font).horizontalAdvance("M") * 16)


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` pixels (Japanese breaks
    between characters, English between words); the last line is elided if text is left."""
    text = " ".join(text.split())
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while len(starts) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start:start + length].rstrip() for start, length in starts]
    if starts and sum(starts[-1]) < len(text):
        rest = text[starts[-1][0]:]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class IdeaCardDelegate(QStyledItemDelegate):
    """Paints one idea as a card: title on up to two lines, then its teams."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        title = QFontMetrics(option.font).lineSpacing()
        teams = QFontMetrics(small_font(option.font)).lineSpacing()
        return QSize(200, 2 * PAD + 2 * title + 6 + teams + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        card = QRectF(option.rect.adjusted(5, 4, -5, -4))
        if index.data(DuplicatesRole):
            card.adjust(0, 0, -STACK, -STACK)
            painter.setPen(QPen(QColor("#5f6b78"), 1))
            painter.setBrush(QColor("#e9ecef"))
            painter.drawRoundedRect(card.translated(STACK, STACK), 6, 6)
        painter.setPen(QPen(QColor(ACCENT if selected else "#8a94a0"), 3 if selected else 1))
        painter.setBrush(QColor(SELECTED_BACKGROUND if selected else "#ffffff"))
        painter.drawRoundedRect(card, 6, 6)
        teams = index.data(TeamsRole) or []
        if teams:
            bar = QRectF(card.left() + 2, card.top() + 2, BAR, card.height() - 4)
            painter.fillRect(bar, QColor(teams[0][1]))
        if focused:  # the keyboard's current card, visible from across the room
            painter.setPen(QPen(QColor(FOCUS), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(option.rect.adjusted(2, 1, -2, -1)), 8, 8)
        left = int(card.left()) + BAR + PAD
        width = int(card.right()) - PAD - left
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(QColor(INK))
        y = int(card.top()) + PAD
        for line in wrapped_lines(index.data() or "", font, width, 2):
            painter.drawText(QRect(left, y, width, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += metrics.lineSpacing()
        self._paint_teams(painter, teams, option.font, left, int(card.bottom()) - PAD, width)
        painter.restore()

    @staticmethod
    def _paint_teams(painter: QPainter, teams: list[tuple[str, str]], base: QFont, left: int,
                     bottom: int, width: int) -> None:
        font = small_font(base)
        metrics = QFontMetrics(font)
        painter.setFont(font)
        height = metrics.lineSpacing()
        top = bottom - height
        x, right = left, left + width
        for name, colour in teams:  # chips part the names: no comma to translate
            if x + CHIP + 6 >= right:
                break
            chip = QRectF(x, top + (height - CHIP) / 2, CHIP, CHIP)
            painter.setPen(QPen(QColor("#333333"), 1))
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(chip, 3, 3)
            x += CHIP + 5
            room = right - x
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
            painter.setPen(QColor("#333333"))
            painter.drawText(QRect(x, top, room, height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += metrics.horizontalAdvance(text) + 16


class ColumnView(QListView):
    """One column's cards. Left/Right (without modifiers) step to the neighbouring column,
    so arrow keys walk the whole board."""

    step = Signal(int)
    focused = Signal()

    def __init__(self, model: ClusterColumnModel, delegate: IdeaCardDelegate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setItemDelegate(delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setObjectName("board-column")
        self.setModel(model)  # last: each setting above would lay out every row again

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step.emit(-1 if event.key() == Qt.Key.Key_Left else +1)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#444444"))
            painter.drawText(self.viewport().rect().adjusted(14, 14, -14, -14),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self.empty_text)


class ColumnHeader(QWidget):
    """The cluster's name and number of ideas on the cluster's colour (the name is always
    there: the colour only helps)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.count = ""
        self.colour = UNCLUSTERED_COLOUR
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set(self, name: str, count: str, colour: str | None) -> None:
        self.name, self.count = name, count
        self.colour = colour or UNCLUSTERED_COLOUR
        self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def sizeHint(self) -> QSize:
        return QSize(200, QFontMetrics(self._font()).lineSpacing() + 2 * PAD)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:
        font_changed = event.type() == QEvent.Type.FontChange
        super().changeEvent(event)
        if font_changed:
            self.updateGeometry()

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#555555"), 1))
        painter.setBrush(QColor(self.colour))
        painter.drawRoundedRect(QRectF(self.rect().adjusted(1, 1, -1, -1)), 6, 6)
        font = self._font()
        metrics = QFontMetrics(font)
        painter.setFont(font)
        painter.setPen(QColor(text_colour_on(self.colour)))
        inner = self.rect().adjusted(PAD, 0, -PAD, 0)
        count_width = metrics.horizontalAdvance(self.count)
        painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self.count)
        name = metrics.elidedText(self.name, Qt.TextElideMode.ElideRight,
                                  inner.width() - count_width - PAD)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)


class ClusterColumn(QWidget):
    """A header over a list of cards, for one cluster (or the unclustered ideas)."""

    def __init__(self, model: ClusterColumnModel, delegate: IdeaCardDelegate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.key = model.key
        # Children made with their parent: adding a list view to a layout later would
        # re-polish it and lay out every row again (a third of opening the board).
        self.header = ColumnHeader(self)
        self.view = ColumnView(model, delegate, self)
        self.header.clicked.connect(self.view.setFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.setFixedWidth(column_width(self.font()))

    def changeEvent(self, event: QEvent) -> None:
        font_changed = event.type() == QEvent.Type.FontChange
        super().changeEvent(event)
        if font_changed:  # zoom: wider cards, not clipped text
            self.setFixedWidth(column_width(self.font()))
