"""Small widgets of the Notes page: the kind picker, the searchable link picker, the filter
bar and the large photo view."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import NoteKind, Photo
from workshop.notes import KIND_SYMBOLS, Link, NoteFilter, kind_label
from workshop.ui.accessible import spoken_caption
from workshop.ui.ime import ImeTextEdit
from workshop.ui.notes.models import LinkChoiceModel, LinkRole
from workshop.ui.style import scale_font
from workshop.ui.widgets import Columns

SEARCH_DELAY_MS = 150  # filter after a short pause in typing, not on every key


def said_if_refused(error: QLabel, lang: str, step: Callable[[], object]) -> bool:
    """Run ``step``; True once it went through. A file that refuses it is said in ``error``
    beside the list (the list itself shows nothing changed)."""
    try:
        step()
    except WorkshopError as refusal:
        error.setText(refusal.render(lang))
        error.show()
        return False
    return True


class KeyActions(QObject):
    """Keys that act on a list or table while it has the focus (Delete, F2).

    An event filter rather than shortcuts: it works the same in every window state, and
    the keys still reach the view when no action is bound to them.
    """

    def __init__(self, view: QWidget, actions: dict[Qt.Key, Callable[[], None]]) -> None:
        super().__init__(view)
        self._actions = actions
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            action = self._actions.get(Qt.Key(event.key()))
            if action is not None:
                action()
                return True
        return super().eventFilter(watched, event)


class WrappingDelegate(QStyledItemDelegate):
    """Text wrapped over the lines a row has room for, the last one ending in "…" when
    there is more: rows keep one height (fast with hundreds of notes), nothing is cut
    without a sign. The whole text is in the tooltip and in the editor."""

    MARGIN = 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(self.MARGIN, self.MARGIN // 2, -self.MARGIN, -self.MARGIN // 2)
        selected = opt.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        metrics = QFontMetricsF(opt.font)
        y = float(rect.top())
        for line in wrapped_lines(text, opt.font, rect.width(),
                                  max(1, int(rect.height() // metrics.lineSpacing()))):
            painter.drawText(QPointF(rect.left(), y + metrics.ascent()), line)
            y += metrics.lineSpacing()
        painter.restore()


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """``text`` broken into lines of ``width``; at most ``max_lines``, the last elided."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:  # "…" at the end of the last line that fits
        last = lines[max_lines - 1].rstrip() + " …"
        lines = [*lines[: max_lines - 1],
                 metrics.elidedText(last, Qt.TextElideMode.ElideRight, width)]
    return [line.rstrip() for line in lines]


class NoteTextEdit(ImeTextEdit):
    """The note's text: Enter saves, Shift+Enter new line, Esc cancels an edit."""

    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.composing:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class KindPicker(QWidget):
    """Note, decision, action item or question as radio buttons: a symbol and a word,
    arrow keys move between them, Alt+letter picks one."""

    def __init__(self, labels: dict[NoteKind, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[NoteKind, QRadioButton] = {}
        for number, kind in enumerate(NoteKind):
            button = QRadioButton(f"{KIND_SYMBOLS[kind]} {labels[kind]}")
            button.setAccessibleName(spoken_caption(labels[kind]))
            self.group.addButton(button, number)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.buttons[NoteKind.NOTE].setChecked(True)

    def kind(self) -> NoteKind:
        return list(NoteKind)[max(self.group.checkedId(), 0)]

    def set_kind(self, kind: NoteKind) -> None:
        self.buttons[NoteKind(kind)].setChecked(True)


class LinkCombo(QComboBox):
    """Pick what a note or photo is linked to by typing any part of its name.

    Editable only for searching: the text always snaps back to a real choice, and the
    choice survives the list being rebuilt (a team renamed, an idea added).
    """

    link_chosen = Signal(object)  # Link | None, when the person picks one

    def __init__(self, model: LinkChoiceModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        view = QListView()
        view.setUniformItemSizes(True)
        self.setView(view)
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        completer = QCompleter(model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        # Every row the same height: with 2,000 ideas the lists lay out without asking
        # each row for its size (set before a model is attached, when it is cheap).
        popup = QListView()
        popup.setUniformItemSizes(True)
        completer.setPopup(popup)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText(name)
        # The text field inside is what has the focus while typing: it says what it is.
        self.lineEdit().setAccessibleName(name)
        self._kept: Link | None = None
        self._quiet = False  # while the list is rebuilt or the code sets the choice
        model.modelAboutToBeReset.connect(self._keep)
        model.modelReset.connect(self._restore)
        self.currentIndexChanged.connect(self._index_changed)
        self.lineEdit().editingFinished.connect(self._snap_back)

    def link(self) -> Link | None:
        return self.currentData(LinkRole)

    def set_link(self, link: Link | None) -> None:
        """Show ``link`` without announcing it as the person's choice."""
        row = self.model().row_of(link)
        quiet, self._quiet = self._quiet, True
        try:
            self.setCurrentIndex(max(row, 0))
            self._snap_back()
        finally:
            self._quiet = quiet

    def _index_changed(self, _row: int) -> None:
        if not self._quiet:
            self.link_chosen.emit(self.link())

    def _keep(self) -> None:
        # QComboBox moves to the first row on a reset and says so: not the person's choice.
        self._kept = self.link()
        self._quiet = True

    def _restore(self) -> None:
        self.set_link(self._kept)
        self._quiet = False

    def _snap_back(self) -> None:
        if self.currentIndex() >= 0 and self.lineEdit().text() != self.currentText():
            self.lineEdit().setText(self.currentText())

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._snap_back()


class FilterBar(QWidget):
    """What to show: a kind (notes only), a link and words to search for."""

    changed = Signal(object)  # NoteFilter

    def __init__(self, tr: Callable[[str], str], lang: str, links: LinkChoiceModel, *,
                 kinds: bool, link_name: str, search_hint: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        choices, link, words, rest = QHBoxLayout(), QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        label = QLabel(tr("Show:"))
        choices.addWidget(label)
        self.kind = QComboBox()
        self.kind.setAccessibleName(tr("Show kind"))
        self.kind.addItem(tr("All kinds"), None)
        for kind in NoteKind:
            self.kind.addItem(f"{KIND_SYMBOLS[kind]} {kind_label(kind).render(lang)}", kind)
        choices.addWidget(self.kind)
        self.link = LinkCombo(links, link_name)
        label.setBuddy(self.kind if kinds else self.link)
        if kinds:  # the link box needs a label of its own (a combo is heard by its label)
            link_label = QLabel(tr("Linked to:"))
            link_label.setBuddy(self.link)
            link.addWidget(link_label)
        link.addWidget(self.link, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setAccessibleName(search_hint)
        self.search.setClearButtonEnabled(True)
        words.addWidget(self.search, 1)
        self.clear_button = QPushButton(tr("Show all"))
        self.clear_button.setAccessibleName(tr("Clear the filters"))
        words.addWidget(self.clear_button)
        # One row when it fits; the link, then the search, move below when narrow (130 %
        # and over, or a 150 % screen scale).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        rest.addWidget(Columns(link, words, spacing=6))
        layout.addWidget(Columns(choices, rest, spacing=6, stretch=(0, 1), parent=self))
        # Only once it has a parent: shown before, it flashed as a window of its own and
        # took the keyboard from the main window (pages are built while the window is up).
        self.kind.setVisible(kinds)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.kind.currentIndexChanged.connect(self._emit)
        self.link.link_chosen.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.clear_button.clicked.connect(self.clear)

    def current(self) -> NoteFilter:
        return NoteFilter(kind=self.kind.currentData(), link=self.link.link(),
                          text=self.search.text())

    def clear(self) -> None:
        self.kind.setCurrentIndex(0)
        self.link.set_link(None)
        self.search.clear()
        self._emit()

    def apply_now(self) -> None:
        """Filter without waiting for the pause in typing (Enter in the search field)."""
        self._timer.stop()
        self._emit()

    def _emit(self, *_args) -> None:
        self.changed.emit(self.current())


class PhotoPreview(QDialog):
    """One photo as large as the screen allows, with its caption; ←/→ for the others."""

    def __init__(self, tr: Callable[[str], str], photos: Sequence[Photo], row: int,
                 describe: Callable[[Photo], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._photos = list(photos)
        self._row = row
        self._describe = describe
        self._tr = tr
        self._full = QImage()
        self.setWindowTitle(tr("Photo"))
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(320, 240)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scale_font(self.caption, 1.2)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(tr("← → other photos · Esc closes")))
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        screen = self.screen().availableGeometry()
        self.resize(int(screen.width() * 0.8), int(screen.height() * 0.85))
        self._show_row()

    @property
    def photo(self) -> Photo:
        return self._photos[self._row]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: +1}.get(Qt.Key(event.key()))
        if step and self._photos:
            self._row = (self._row + step) % len(self._photos)
            self._show_row()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _show_row(self) -> None:
        photo = self.photo
        self._full = QImage.fromData(photo.data)
        self.caption.setText(self._describe(photo))
        self.image.setAccessibleName(photo.caption or self._tr("Photo"))
        self._fit()

    def _fit(self) -> None:
        if self._full.isNull():
            return
        area = self.image.size()
        scaled = self._full.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(QPixmap.fromImage(scaled))

