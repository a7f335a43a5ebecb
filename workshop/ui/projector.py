"""The projector view: a second window, full screen on a second screen when there is one,
that shows the room the current prompt and the timer in type readable from the back.

It follows the main window and holds nothing of its own: the window pushes the workshop
title and the current prompt (``set_title``, ``set_prompt``), and the timer comes from the
same ``TimerController`` as the main window's bar, so both always show the same time.
Later steps of the day put their own content in the middle: ``show_message(text)`` and
``show_widget(widget)`` (e.g. the voting state and results), ``show_prompt()`` to go back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.ui.accessible import name_with_value
from workshop.ui.timer_widget import DIGITS_SAMPLE, OVER_COLOURS, TimerController

PAPER = "#ffffff"
INK = "#111111"
STRIP = "#1f2937"  # the timer strip: white on dark slate, unless over time


def fitting_pixel_size(font: QFont, text: str, width: float, height: float, *, wrap: bool,
                       smallest: int = 8, largest: int = 600, whole_words: bool = False,
                       ink: bool = False) -> int:
    """The largest pixel size at which ``text`` fits in ``width`` × ``height`` (wrapped at
    word or, for Japanese, character boundaries when ``wrap``); ``smallest`` if none does.

    ``whole_words``: wrap only at spaces – each space-separated part must fit on a line
    (a short Japanese agenda item such as アイスブレイク is one word, never アイスブレ/イク).
    ``ink`` (one line only): measure the drawn glyphs, not the line box – a Latin UI face
    such as Noto Sans has a line box ~1.36 em high for accents the timer's digits never
    use, and sizing the digits by it left them smaller than the strip allows."""
    if not text or width <= 0 or height <= 0:
        return smallest
    flags = Qt.AlignmentFlag.AlignCenter.value
    if wrap:
        flags |= Qt.TextFlag.TextWordWrap.value
    probe = QFont(font)
    low, high = smallest, max(smallest, largest)
    while low < high:
        middle = (low + high + 1) // 2
        probe.setPixelSize(middle)
        metrics = QFontMetricsF(probe)
        box = (metrics.tightBoundingRect(text) if ink and not wrap
               else metrics.boundingRect(QRectF(0, 0, width, height), flags, text))
        words_fit = not whole_words or all(
            metrics.horizontalAdvance(word) <= width for word in text.split())
        if box.width() <= width and box.height() <= height and words_fit:
            low = middle
        else:
            high = middle - 1
    return low


class FitLabel(QLabel):
    """A label whose type grows or shrinks so that its text fills the space it is given.

    ``fill`` is the share of the space the text may take; ``sample`` (if given) is measured
    instead of the text, so that e.g. the timer's digits keep one size while counting."""

    def __init__(self, *, wrap: bool, fill: float = 0.94, largest: int = 600,
                 sample: str = "", bold: bool = False, whole_words: bool = False,
                 ink: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # prompts are data, never markup
        self.setWordWrap(wrap)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The layout gives the space; the label's size hint must not push back.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.wrap, self.fill, self.largest, self.sample = wrap, fill, largest, sample
        self.whole_words, self.ink = whole_words, ink
        font = QFont(self.font())
        font.setBold(bold)
        self.setFont(font)

    def set_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.fit()

    def fit(self) -> None:
        area = self.contentsRect()
        size = fitting_pixel_size(self.font(), self.sample or self.text(),
                                  area.width() * self.fill, area.height() * self.fill,
                                  wrap=self.wrap, largest=self.largest,
                                  whole_words=self.whole_words, ink=self.ink)
        if size != self.font().pixelSize():
            font = QFont(self.font())
            font.setPixelSize(size)
            self.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


def projector_screen(screens: Sequence, main_screen) -> object | None:
    """The screen for the projector view: one that is not the main window's, if any."""
    if len(screens) < 2:
        return None
    others = [screen for screen in screens if screen != main_screen]
    return others[0] if others else None


class ProjectorWindow(QMainWindow):
    """The room's view: workshop title (small), the prompt (huge), the timer (big).

    A main window, not a bare widget: assistive technology hears a window ("frame") named
    by its title, where a top-level QWidget is an unnamed "filler"."""

    def __init__(self, timer: TimerController, tr: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.timer = timer
        self.tr_ = tr
        self.workshop_title = ""
        self.prompt = ""
        self._custom: QWidget | None = None
        self.setObjectName("projector")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Opening it must not take the keyboard from the facilitator's window (a hint some
        # platforms ignore: the main window also takes the focus back, see toggle_projector).
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setStyleSheet(f"#projector {{ background: {PAPER}; }}"
                           f" #projector QLabel {{ color: {INK}; }}"
                           # The title too reads from the back: ≥ 7:1 (#444 washed out).
                           f" #projector QLabel#projector-title {{ color: {INK}; }}")

        self.title_label = FitLabel(wrap=False, fill=0.6, largest=56)
        self.title_label.setObjectName("projector-title")
        self.prompt_label = FitLabel(wrap=True, bold=True)
        self.message_label = FitLabel(wrap=True, bold=True)
        self.center = QStackedWidget()
        self.center.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.center.addWidget(self.prompt_label)
        self.center.addWidget(self.message_label)

        self.timer_strip = QWidget()
        self.timer_strip.setObjectName("projector-timer")
        self.timer_strip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.timer_strip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.item_label = FitLabel(wrap=True, fill=0.9, largest=80, whole_words=True)
        self.item_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.over_label = FitLabel(wrap=False, fill=0.85, largest=110, bold=True)
        self.over_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Sized by the digits' ink: centred in the strip, they stay inside it with room
        # to spare even where the face's line box is taller than the strip.
        self.clock_label = FitLabel(wrap=False, fill=0.8, sample=DIGITS_SAMPLE, bold=True,
                                    ink=True)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.addWidget(self.item_label, 3)
        texts.addWidget(self.over_label, 2)
        strip = QHBoxLayout(self.timer_strip)
        # The digits take the larger share: sized to fit "−88:88" in their column, they are
        # what the back of the room reads (≥ 180 px on a 1080p projector in a wide Latin face).
        strip.addLayout(texts, 2)
        strip.addWidget(self.clock_label, 3)

        body = QWidget()
        self.setCentralWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title_label, 1)
        layout.addWidget(self.center, 7)
        layout.addWidget(self.timer_strip, 3)

        self._strip_key: tuple | None = None
        self.compact_timer = False
        self.retranslate(tr)
        timer.changed.connect(self.refresh_timer)

    # ------------------------------------------------------------ following the window

    def retranslate(self, tr: Callable[[str], str]) -> None:
        self.tr_ = tr
        self.setWindowTitle(tr("Projector view"))
        self.over_label.set_text(tr("Over time"))
        self.refresh_timer()

    def set_title(self, text: str) -> None:
        self.workshop_title = text
        self._show_prompt_text()

    def set_prompt(self, text: str) -> None:
        """The prompt the teams are working on (the Capture page's current prompt)."""
        self.prompt = text
        self._show_prompt_text()

    def _show_prompt_text(self) -> None:
        # Before any prompt is chosen the middle shows the workshop's title instead.
        self.prompt_label.set_text(self.prompt or self.workshop_title)
        name_with_value(self.prompt_label, self.tr_("Current prompt"), self.tr_)
        self.title_label.set_text(self.workshop_title)
        self.title_label.setVisible(bool(self.prompt) or self.center.currentIndex() != 0)

    # ------------------------------------------------------------ other content

    def show_prompt(self) -> None:
        self.center.setCurrentWidget(self.prompt_label)
        self.set_compact_timer(False)
        self._show_prompt_text()

    def show_message(self, text: str) -> None:
        """A text in the middle instead of the prompt, fitted as large as it goes."""
        self.message_label.set_text(text)
        self.center.setCurrentWidget(self.message_label)
        self.set_compact_timer(False)
        self._show_prompt_text()

    def set_compact_timer(self, compact: bool) -> None:
        """A thin timer strip (1/12 of the height instead of 3/11), e.g. under results."""
        layout = self.centralWidget().layout()  # a main window: its body holds the layout
        layout.setStretchFactor(self.center, 10 if compact else 7)
        layout.setStretchFactor(self.timer_strip, 1 if compact else 3)
        self.compact_timer = compact

    def show_widget(self, widget: QWidget, *, compact_timer: bool = False) -> None:
        """Any widget in the middle (it becomes the projector's; the one before is deleted)."""
        if widget is not self._custom:
            if self._custom is not None:
                self.center.removeWidget(self._custom)
                self._custom.deleteLater()
            self._custom = widget
            self.center.addWidget(widget)
        self.center.setCurrentWidget(widget)
        self.set_compact_timer(compact_timer)
        self._show_prompt_text()

    # ------------------------------------------------------------ the timer

    def refresh_timer(self) -> None:
        view = self.timer.view()
        self.timer_strip.setVisible(view.has_item)
        if not view.has_item:
            return
        self.item_label.set_text(f"{view.number} / {view.count}   {view.title}")
        self.clock_label.set_text(view.text)
        name_with_value(self.clock_label, self.tr_("Time left"), self.tr_)
        self.over_label.setVisible(view.over)
        key = (view.over, view.pulse)
        if key != self._strip_key:  # restyle only when the look changes
            self._strip_key = key
            background = OVER_COLOURS[int(view.pulse)] if view.over else STRIP
            self.timer_strip.setStyleSheet(
                f"#projector-timer {{ background: {background}; }}"
                " #projector-timer QLabel { color: #ffffff; }")

    # ------------------------------------------------------------ screens and keys

    def present(self, main_screen=None) -> None:
        """Full screen on a screen other than the main window's, or else a window the
        facilitator can move (e.g. to a projector plugged in later) and make full screen."""
        screen = projector_screen(QGuiApplication.screens(), main_screen)
        if screen is None:
            if not self.isVisible() and main_screen is not None:
                available = main_screen.availableGeometry()
                self.resize(available.width() * 2 // 3, available.height() * 2 // 3)
                self.move(available.center() - self.rect().center())
            self.showNormal()
            # One screen: the view opens over the main window, or it looks as if nothing
            # happened (F12 or Esc closes it again, see keyPressEvent).
            self.raise_()
            self.activateWindow()
        else:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Margins grow with the window: projectors often crop the edges (overscan).
        margin = max(12, self.width() // 32)
        self.center.setContentsMargins(margin, margin // 3, margin, margin // 3)
        self.timer_strip.layout().setContentsMargins(margin, margin // 4, margin, margin // 4)
        super().resizeEvent(event)

    def single_screen(self) -> bool:
        return len(QGuiApplication.screens()) < 2

    def keyPressEvent(self, event: QKeyEvent) -> None:
        parent = self.parentWidget()
        if event.key() == Qt.Key.Key_F12 and parent is not None:
            self.close()  # the same key that opened it, when it holds the keyboard
            parent.activateWindow()
        elif event.key() == Qt.Key.Key_F11:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        elif event.key() == Qt.Key.Key_Escape and parent is not None and self.single_screen():
            self.close()  # a window over the facilitator's: Esc puts it away
            parent.activateWindow()
        else:
            super().keyPressEvent(event)
