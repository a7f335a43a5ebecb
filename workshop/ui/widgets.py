"""The small widgets every page (and the start screen, and the dialogs) builds with:
headings, hints and the label that shows a broken rule beside its field.

Nothing here knows the open workshop, so that the start screen and the PIN dialog use them
before any workshop is open (``workshop.ui.page`` is what a page of the window is).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from workshop.ui import style


def heading(text: str, scale: float = 1.5) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    style.scale_font(label, scale, bold=True)  # a font, not a stylesheet size: follows the zoom
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """A message shown next to a field when its value breaks a rule."""
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def swatch(colour: str, size: int = 24) -> QIcon:
    """A square of a team's or cluster's colour, shown beside its name (never instead)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class Columns(QWidget):
    """Two columns side by side when the width has room for both, else one above the
    other: a form at 150 % or in Japanese reflows instead of being cut at the scroll
    area's edge or scrolling sideways."""

    def __init__(self, first: QLayout, second: QLayout, spacing: int = 16,
                 stretch: tuple[int, int] = (1, 1), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = _ColumnsLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        self._box.addLayout(first, stretch[0])
        self._box.addLayout(second, stretch[1])

    def side_by_side(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.LeftToRight


class _ColumnsLayout(QBoxLayout):
    """Decides at each layout pass, so that a zoom step that widens the columns without
    resizing the widget stacks them too."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight, parent)

    def _columns(self) -> list[QLayout]:
        return [self.itemAt(i).layout() for i in range(self.count())]

    def minimumSize(self) -> QSize:
        # As narrow as the wider column: the parent never has to scroll sideways to keep
        # the columns side by side, since they stack below that width.
        least = super().minimumSize()
        margins = self.contentsMargins()
        return QSize(max(column.minimumSize().width() for column in self._columns())
                     + margins.left() + margins.right(), least.height())

    def setGeometry(self, rect: QRect) -> None:
        margins = self.contentsMargins()
        both = (sum(column.minimumSize().width() for column in self._columns())
                + self.spacing() * (self.count() - 1) + margins.left() + margins.right())
        direction = (QBoxLayout.Direction.LeftToRight if rect.width() >= both
                     else QBoxLayout.Direction.TopToBottom)
        if self.direction() != direction:
            self.setDirection(direction)
        super().setGeometry(rect)


class Flow(QLayout):
    """Widgets left to right, the next row begun where the next one no longer fits: a
    row of buttons at 150 % or in Japanese wraps instead of being cut at the scroll area's
    edge. With ``columns``, at most that many a row, each row filling the width (the
    Capture page's team buttons). The order is the adding order (Tab too)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8,
                 columns: int = 0) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._columns = columns
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown)
        width += self.spacing() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:
        # As narrow as the widest item: below the width of a row, items wrap.
        shown = self._shown()
        return self._with_margins(QSize(
            max((item.minimumSize().width() for item in shown), default=0),
            max((item.minimumSize().height() for item in shown), default=0)))

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        """Lays the items out in ``rect`` (when ``move``); the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        shown, gap = self._shown(), self.spacing()
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in shown:
            width = min(item.sizeHint().width(), area.width())
            full = len(rows[-1]) == self._columns
            if rows[-1] and (full or used + gap + width > area.width()):
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append((item, width))
        if self._columns:  # each row's spare width shared out: the row is filled
            for n, row in enumerate(rows):
                spare = area.width() - gap * (len(row) - 1) - sum(w for _i, w in row)
                rows[n] = [(item, width + spare // max(1, len(row))) for item, width in row]
        y = area.y()
        for row in filter(None, rows):
            height = max(item.sizeHint().height() for item, _width in row)
            x = area.x()
            for item, width in row:
                if move:
                    item.setGeometry(QRect(x, y, width, height))
                x += width + gap
            y += height + gap
        return y - gap - area.y() + margins.top() + margins.bottom() if shown else 0


class WrappingCheckBox(QCheckBox):
    """A check box whose text wraps onto more lines when it is narrow (Qt's never does):
    a long Japanese rule at 200 % stays readable instead of being cut."""

    _FLAGS = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def _text_rect(self, width: int) -> QRect:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, width, self.height())
        return self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)

    def _indicator(self) -> int:
        return self.width() - self._text_rect(self.width()).width()

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        # Japanese breaks between any two characters; English only between words.
        words = max((self.fontMetrics().horizontalAdvance(word)
                     for word in self.text().split() if word.isascii()), default=0)
        # About ten characters a line at least: narrower reads as a column of single words.
        width = min(least.width(), self._indicator() + max(words, 10 * self.fontMetrics()
                                                            .averageCharWidth()))
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        room = max(1, width - self._indicator())
        text = self.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), self._FLAGS,
                                               self.text())
        line = super().sizeHint().height()
        return max(line, line - self.fontMetrics().height() + text.height())

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)  # every line of the text, not only the first

    def paintEvent(self, _event) -> None:
        # The box beside the first line (as a one-line check box has it), the text below.
        line = min(self.height(), super().sizeHint().height())
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, self.width(), line)
        text = self._text_rect(self.width())
        text.setTop((line - self.fontMetrics().height()) // 2)
        text.setBottom(self.height())
        option.text = ""
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_CheckBox, option, painter, self)
        self.style().drawItemText(painter, text, int(self._FLAGS | Qt.AlignmentFlag.AlignLeft
                                                     | Qt.AlignmentFlag.AlignTop),
                                  option.palette, self.isEnabled(), self.text(),
                                  QPalette.ColorRole.WindowText)
