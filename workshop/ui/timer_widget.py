"""The agenda timer in the window: a controller that ticks the core state machine
(``workshop.timer``) and a compact bar that shows it above every page.

The controller lives on the main window, not on a page, so the running time survives a
rebuild of the pages (a change of language); the bar is rebuilt with the pages and only
draws what the controller says. The projector view draws the same controller, so both
screens always show the same time.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop import timer as core
from workshop.model import AgendaItem
from workshop.ui.accessible import show_value

TICK_MS = 250
# F6–F10 convert the text being composed in Japanese input methods (hiragana, katakana,
# romaji), so the timer keeps off them: everything is on F5, the rarer and more
# disruptive moves behind a modifier so that they are not hit by accident.
START_PAUSE_KEY = "F5"
ADD_MINUTE_KEY = "Shift+F5"
NEXT_ITEM_KEY = "Ctrl+F5"
PREVIOUS_ITEM_KEY = "Ctrl+Shift+F5"
# The over-time signal pulses gently (one change a second, far below any flash that could
# trouble a viewer) between two reds that both keep white text readable.
# Over time pulses between two reds that both keep white text ≥ 7:1 (7.3 and 11.4) –
# read from the back of the room on a projector (#d62839 was 5:1).
OVER_COLOURS = ("#b00020", "#7a0016")
DIGITS_SAMPLE = "−88:88"  # the widest time text: the digits keep one width while counting
BAR_BACKGROUND = "#e8ecf2"
PAUSED_INK = "#4a4f57"  # 7.1:1 on the paused background, 8.2:1 on white
PAUSED_BACKGROUND = "#eceff3"


@dataclass(frozen=True)
class TimerView:
    """What every display of the timer shows at one moment (bar and projector alike)."""

    title: str  # the current agenda item; "" when there is none
    number: int  # 1-based position of the current item; 0 when there is none
    count: int  # agenda items in all
    text: str  # "12:05", or "−0:42" once over
    over: bool
    running: bool
    finished: bool  # past the last item (or no agenda at all)
    pulse: bool  # the phase of the over-time pulse; flips every second while over
    paused: bool = False  # started, then stopped part-way: not the same as "not started"

    @property
    def has_item(self) -> bool:
        return not self.finished and self.count > 0


class TimerController(QObject):
    """Holds the timer state for the open workshop and ticks it while it runs."""

    changed = Signal()  # what a display shows has changed (at most once per tick)

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # monotonic seconds; tests put a fake clock here
        self.wall_clock: Callable[[], float] = time.time  # for saving across restarts
        self._load: Callable[[], object] | None = None
        self._save: Callable[[dict[str, object]], None] | None = None
        self.items: list[AgendaItem] = []
        self.state = core.new_timer([])
        self._session = None
        self._shown: TimerView | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)

    # ------------------------------------------------------------ the workshop

    def attach(self, session, load: Callable[[], object] | None = None,
               save: Callable[[dict[str, object]], None] | None = None) -> None:
        """Time the agenda of a newly opened workshop, and follow its edits. With ``load``
        and ``save``, the timer carries on from where it was when the file was last open
        (after a crash or a restart, a running timer has kept running), and every command
        is saved."""
        self.detach()
        self._session = session
        session.changed.connect(self._on_session_changed)
        self.set_agenda(session.store.list(AgendaItem))
        self._load, self._save = load, save
        if load is not None:
            state = core.resumed(load(), self.state.durations, self.clock(), self.wall_clock())
            if state is not None:
                self._apply(state)

    def detach(self) -> None:
        if self._session is not None:
            self._session.changed.disconnect(self._on_session_changed)
            self._session = None
        self._load = self._save = None
        self.items = []
        self._apply(core.new_timer([]))

    def _on_session_changed(self, table: str) -> None:
        if table == AgendaItem.TABLE and self._session is not None:
            self.set_agenda(self._session.store.list(AgendaItem))

    def set_agenda(self, items: list[AgendaItem]) -> None:
        """Follow an edited agenda. The item being timed keeps its place in time even if it
        moved or its minutes changed; if it was deleted, the item now at its position
        starts from its full time (running on if the timer was running)."""
        current = self.current_item()
        durations = tuple(max(0, item.minutes) * 60 for item in items)
        ids = [item.id for item in items]
        self.items = list(items)
        if current is not None and current.id in ids:
            state = dataclasses.replace(self.state, durations=durations,
                                        index=ids.index(current.id))
        else:
            state = core.TimerState(durations, index=min(self.state.index, len(items)))
            if self.state.running:
                state = core.start(state, self.clock())
        self._command(state)

    def current_item(self) -> AgendaItem | None:
        if self.state.finished or self.state.index >= len(self.items):
            return None
        return self.items[self.state.index]

    # ------------------------------------------------------------ commands

    def start(self) -> None:
        self._command(core.start(self.state, self.clock()))

    def pause(self) -> None:
        self._command(core.pause(self.state, self.clock()))

    def toggle(self) -> None:
        if self.state.running:
            self.pause()
        else:
            self.start()

    def add_minute(self) -> None:
        if not self.state.finished:
            self._command(core.add_minute(self.state))

    def next_item(self) -> None:
        self._command(core.next_item(self.state, self.clock()))

    def previous_item(self) -> None:
        self._command(core.previous_item(self.state, self.clock()))

    def reset_item(self) -> None:
        if not self.state.finished:
            self._command(core.reset_item(self.state))

    # ------------------------------------------------------------ display

    def view(self) -> TimerView:
        state = self.state
        item = self.current_item()
        if item is None:
            return TimerView("", 0, len(self.items), core.format_remaining(0), over=False,
                             running=False, finished=True, pulse=False)
        remaining = state.remaining(self.clock())
        over = state.over(self.clock())
        return TimerView(
            title=item.title, number=state.index + 1, count=len(self.items),
            text=core.format_remaining(remaining), over=over, running=state.running,
            finished=False, pulse=over and state.running and int(-remaining) % 2 == 1,
            paused=not state.running and state.elapsed_before > 0,
        )

    def tick(self) -> None:
        """Read the clock; tell the displays only when what they show has changed."""
        view = self.view()
        if view != self._shown:
            self._shown = view
            self.changed.emit()

    def _command(self, state: core.TimerState) -> None:
        """A change a person made (or an agenda edit): shown, and saved if there is a
        place to save it."""
        self._apply(state)
        if self._save is not None:
            self._save(core.saved_form(state, self.clock(), self.wall_clock()))

    def _apply(self, state: core.TimerState) -> None:
        self.state = state
        if state.running and not self._ticker.isActive():
            self._ticker.start()
        elif not state.running:
            self._ticker.stop()
        self._shown = self.view()
        self.changed.emit()


def _with_key(text: str, key: str) -> str:
    native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text} ({native})"


def _make_action(parent: QWidget, text: str, key: str, slot) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(key))
    # Works from any page and from the projector window too (a facilitator who has just
    # dragged the projector to its screen still has the timer under F5).
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.setToolTip(_with_key(text, key))
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


class TimerBar(QWidget):
    """The timer above every page: the agenda item, the time left in big digits, and the
    Start/Pause, +1 minute and Next item buttons (``actions()``; the window's Timer menu
    shows the same actions). Read-only (no buttons, shortcuts off) in kiosk mode."""

    def __init__(self, timer: TimerController, tr: Callable[[str], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timer = timer
        self.tr_ = tr
        self.setObjectName("timer-bar")
        # A palette, not a style sheet: a widget with its own style sheet stops following
        # the application's font, i.e. the zoom.
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BAR_BACKGROUND))
        self.setPalette(palette)
        self.read_only = False
        self.retired = False  # taken out of the window (rebuilt pages): its keys must go quiet

        self.number_label = QLabel()
        self.number_label.setProperty("role", "hint")
        self.number_label.setWordWrap(True)  # at 200 % on 1366 pixels it must give way
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # agenda titles are data
        self.title_label.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("timer-digits")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.over_label = QLabel(tr("Over time"))
        self.over_label.setObjectName("timer-over")
        self.over_label.setAccessibleName(tr("Over time"))
        self.paused_label = QLabel("⏸ " + tr("Paused"))
        self.paused_label.setObjectName("timer-paused")
        self.paused_label.setAccessibleName(tr("Paused"))
        self.paused_label.setStyleSheet(
            f"#timer-paused {{ background: {PAUSED_INK}; color: #ffffff; border-radius: 8px;"
            " padding: 6px 12px; }")

        self.start_action = _make_action(self, tr("Start"), START_PAUSE_KEY, timer.toggle)
        self.minute_action = _make_action(self, tr("+1 minute"), ADD_MINUTE_KEY,
                                          timer.add_minute)
        self.next_action = _make_action(self, tr("Next item"), NEXT_ITEM_KEY, timer.next_item)
        # In the Timer menu only (a mistaken "next" is rare; the bar keeps three buttons).
        self.previous_action = _make_action(self, tr("Previous item"), PREVIOUS_ITEM_KEY,
                                            timer.previous_item)
        self.reset_action = QAction(tr("Restart this item"), self)
        self.reset_action.triggered.connect(timer.reset_item)
        self.addAction(self.reset_action)

        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.number_label)
        texts.addWidget(self.title_label)
        self.buttons = QWidget()
        button_row = QHBoxLayout(self.buttons)
        button_row.setContentsMargins(12, 0, 0, 0)  # apart from the digits (in sizeHint)
        self.action_buttons: list[QToolButton] = []
        for action in (self.start_action, self.minute_action, self.next_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button_row.addWidget(button)
            self.action_buttons.append(button)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(16, 6, 16, 6)
        self.grid.addLayout(texts, 0, 0)
        self.grid.setColumnStretch(0, 1)
        # The digits and the buttons side by side, or (narrow window, large zoom) the
        # buttons in a row of their own under the bar: see ``arrange``.
        self.side = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.side.addWidget(self.over_label, 0, Qt.AlignmentFlag.AlignCenter)
        self.side.addWidget(self.paused_label, 0, Qt.AlignmentFlag.AlignCenter)
        self.side.addWidget(self.clock_label, 0, Qt.AlignmentFlag.AlignCenter)
        self.grid.addLayout(self.side, 0, 1)
        self.grid.addWidget(self.buttons, 0, 2, Qt.AlignmentFlag.AlignCenter)

        self._style_key: tuple | None = None
        self._fit_digits()
        timer.changed.connect(self.refresh)
        self.refresh()

    def set_read_only(self, on: bool) -> None:
        """Kiosk mode: participants see the time but cannot start, pause or skip it."""
        self.read_only = on
        self.buttons.setVisible(not on)
        self.refresh()

    def refresh(self) -> None:
        view = self.timer.view()
        tr = self.tr_
        if view.has_item:
            self.number_label.setText(tr("Agenda item {number} of {count}").format(
                number=view.number, count=view.count))
            show_value(self.title_label, tr("Agenda item"), view.title, tr)
        elif view.count:
            self.number_label.setText("")
            self.title_label.setText(tr("End of the agenda"))
            self.title_label.setAccessibleName("")
        else:
            self.number_label.setText("")
            self.title_label.setText(tr("No agenda items yet: add them on the Setup page."))
            self.title_label.setAccessibleName("")
        # Heard as "Time left: 20:00", or "Over time by 3:12" (the digits show "−3:12").
        show_value(self.clock_label, tr("Time left"), view.text if view.has_item else "–:––",
                   tr)
        if view.over:
            self.clock_label.setAccessibleName(
                tr("Over time by {time}").format(time=view.text.lstrip("−")))
        self.over_label.setVisible(view.over)
        self.paused_label.setVisible(view.paused and view.has_item)
        self.start_action.setText(tr("Pause") if view.running else tr("Start"))
        self.start_action.setToolTip(_with_key(self.start_action.text(), START_PAUSE_KEY))
        for button in self.action_buttons:
            button.setAccessibleName(button.defaultAction().text())
        enabled = view.has_item and not self.read_only and not self.retired
        for action in (self.start_action, self.minute_action, self.next_action,
                       self.reset_action):
            action.setEnabled(enabled)
        self.previous_action.setEnabled(view.number != 1 and view.count > 0
                                        and not self.read_only and not self.retired)
        self._restyle(view)

    def _restyle(self, view: TimerView) -> None:
        key = (view.over, view.pulse, view.paused)
        if key == self._style_key:
            return  # restyling costs a polish: only when the look changes, not every tick
        self._style_key = key
        if view.over:
            colour = OVER_COLOURS[int(view.pulse)]
            box = f"background: {colour}; color: #ffffff;"
        elif view.paused:  # grey digits in a dashed box: time is not passing
            box = f"background: {PAUSED_BACKGROUND}; color: {PAUSED_INK};"
        else:
            box = "background: #ffffff; color: #111111;"
        border = "dashed" if view.paused and not view.over else "solid"
        self.clock_label.setStyleSheet(
            f"#timer-digits {{ {box} border: 2px {border} #555; border-radius: 8px;"
            " padding: 0 14px; }")
        self.over_label.setStyleSheet(
            f"#timer-over {{ {box} border-radius: 8px; padding: 6px 12px; }}")

    def _fit_digits(self) -> None:
        """Digits at twice the window's type, one fixed width; remade when the window's
        font changes (zoom). The labels with their own style sheet get explicit fonts."""
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * 2.2)
        font.setBold(True)
        self.clock_label.setFont(font)
        metrics = QFontMetrics(font)
        self.clock_label.setMinimumWidth(metrics.horizontalAdvance(DIGITS_SAMPLE) + 36)
        bold = QFont(self.font())
        bold.setBold(True)
        self.title_label.setFont(bold)
        badge = QFont(bold)
        badge.setPointSizeF(self.font().pointSizeF() * 1.25)
        self.over_label.setFont(badge)
        self.paused_label.setFont(badge)

    def arrange(self, width: int) -> None:
        """Put the buttons in a row of their own under the bar, the badges over the digits,
        when one row would need more than ``width`` (English at 200 % on a 1280-pixel
        projector mirror: the buttons alone are ~700 px, too wide to stack under the digits
        beside the agenda item), so the bar never widens the window past the screen; all
        in one row again when there is room."""
        margins = self.grid.contentsMargins()
        texts = max(self.number_label.minimumSizeHint().width(),
                    self.title_label.minimumSizeHint().width(), 8 * self.fontMetrics().height())
        over = sum(label.sizeHint().width() for label in (self.over_label, self.paused_label)
                   if not label.isHidden())
        row = (margins.left() + margins.right() + texts + over
               + 2 * self.grid.horizontalSpacing() + 2 * self.side.spacing()
               + self.clock_label.minimumWidth() + self.buttons.sizeHint().width())
        one_row = row <= width
        direction = (QBoxLayout.Direction.LeftToRight if one_row
                     else QBoxLayout.Direction.TopToBottom)
        if self.side.direction() != direction:
            self.side.setDirection(direction)
            self.grid.removeWidget(self.buttons)
            if one_row:
                self.grid.addWidget(self.buttons, 0, 2, Qt.AlignmentFlag.AlignCenter)
            else:
                self.grid.addWidget(self.buttons, 1, 0, 1, 2, Qt.AlignmentFlag.AlignRight)
        # Now, not on the next loop: a zoom step has just widened the digits where they
        # stood, and until the bar is laid out again they reach past the window's edge.
        self.grid.activate()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange(self.width())

    # The shortcuts work application-wide, so a bar that has been taken out of the window
    # (its pages rebuilt; deleted a moment later) must not answer F5 alongside the new one.
    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # not a minimised window: the bar itself went away
            self.retired = True
            self.refresh()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self.retired:
            self.retired = False
            self.refresh()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_digits()
        super().changeEvent(event)
