"""The agenda timer in the main window: the bar, its actions and shortcuts, the over-time
signal, kiosk mode, and following the agenda. Time comes from a fake clock."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeySequence
from PySide6.QtWidgets import QApplication

from workshop.model import AgendaItem, Workshop
from workshop.ui.timer_widget import OVER_COLOURS, TimerController

IME_KEYS = {f"F{n}" for n in range(6, 11)}  # Japanese input methods convert text with these


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float, timer: TimerController) -> None:
        self.now += seconds
        timer.tick()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def timed_window(demo_window, clock):
    def make(lang: str = "en"):
        window = demo_window(lang)
        window.timer.clock = clock
        return window

    return make


def shown(window) -> tuple[str, str, str]:
    bar = window.timer_bar
    return bar.number_label.text(), bar.title_label.text(), bar.clock_label.text()


def activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def timer_menu(window):
    menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
    return next(m for m in menus if m.title() == "&Timer")


def test_start_pause_plus_one_and_next_through_the_actions(timed_window, clock):
    window = timed_window("en")
    bar = window.timer_bar
    assert shown(window) == ("Agenda item 1 of 7", "Introduction and ice-breaker", "20:00")
    assert [a.text() for a in timer_menu(window).actions()] == [
        "Start", "+1 minute", "Next item", "Previous item", "Restart this item"]
    assert not bar.previous_action.isEnabled()  # nothing before the first item

    bar.start_action.trigger()
    assert window.timer.state.running and bar.start_action.text() == "Pause"
    clock.advance(65, window.timer)
    assert bar.clock_label.text() == "18:55"

    bar.start_action.trigger()  # pause: time stands still
    clock.advance(600, window.timer)
    assert bar.clock_label.text() == "18:55" and bar.start_action.text() == "Start"

    bar.minute_action.trigger()
    assert bar.clock_label.text() == "19:55"

    bar.next_action.trigger()
    assert shown(window) == ("Agenda item 2 of 7", "Individual idea writing", "15:00")
    assert not window.timer.state.running  # it was paused, the next item waits too

    bar.start_action.trigger()
    clock.advance(30, window.timer)
    bar.reset_action.trigger()
    assert bar.clock_label.text() == "15:00" and not window.timer.state.running

    bar.previous_action.trigger()  # "next" was pressed too soon: back, from its start
    assert shown(window) == ("Agenda item 1 of 7", "Introduction and ice-breaker", "20:00")
    assert not bar.previous_action.isEnabled()


def test_the_timer_carries_on_after_the_app_is_closed_and_reopened(timed_window, clock):
    window = timed_window("en")
    path = window.session.store.path
    bar = window.timer_bar
    bar.next_action.trigger()
    bar.minute_action.trigger()
    bar.start_action.trigger()
    clock.advance(120, window.timer)  # item 2: 15 + 1 minutes, 2 gone
    assert bar.clock_label.text() == "14:00"
    window.timer.wall_clock = lambda: 1_800_000_000.0
    bar.minute_action.trigger()  # every command is saved (here: 15:00 left, running)

    window.close_workshop()  # the laptop crashed; the app is started again 90 s later
    window.timer.wall_clock = lambda: 1_800_000_090.0
    assert window.open_path(path)
    window.timer.clock = clock
    clock.advance(0, window.timer)
    assert shown(window) == ("Agenda item 2 of 7", "Individual idea writing", "13:30")
    assert window.timer.state.running


def test_the_shortcuts_work_from_any_page_and_keep_off_the_input_method_keys(
        timed_window, clock, qtbot):
    window = timed_window("en")
    activate(window, qtbot)  # shortcuts go to the active window only
    window.show_page(1)  # Capture: the keyboard is in the idea title field
    field = window.page("capture").idea_title
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F5)
    assert window.timer.state.running
    qtbot.keyClick(field, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert window.timer_bar.clock_label.text() == "21:00"
    qtbot.keyClick(field, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    assert window.timer_bar.title_label.text() == "Individual idea writing"
    assert field.text() == ""  # nothing was typed into the field

    keys = {s.toString() for a in [*window.actions(), *window.timer_bar.actions()]
            for s in a.shortcuts()}
    assert {"F5", "Shift+F5", "Ctrl+F5", "F12"} <= keys
    assert not keys & IME_KEYS


def test_over_time_is_shown_at_zero_in_text_and_colour(timed_window, clock):
    window = timed_window("en")
    bar = window.timer_bar
    window.timer.start()
    clock.advance(20 * 60 - 1, window.timer)
    assert bar.clock_label.text() == "0:01" and bar.over_label.isHidden()
    assert bar.clock_label.accessibleName() == "Time left: 0:01"  # heard: what it is and shows

    clock.advance(16, window.timer)
    assert bar.clock_label.text() == "−0:15"
    assert bar.over_label.isVisible() and bar.over_label.text() == "Over time"
    assert bar.clock_label.accessibleName() == "Over time by 0:15"
    first = bar.clock_label.styleSheet()
    assert any(colour in first for colour in OVER_COLOURS)
    clock.advance(1, window.timer)  # the gentle pulse: the red changes once a second
    assert bar.clock_label.styleSheet() != first
    assert any(colour in bar.clock_label.styleSheet() for colour in OVER_COLOURS)

    bar.minute_action.trigger()
    assert bar.clock_label.text() == "0:44" and bar.over_label.isHidden()
    assert not any(colour in bar.clock_label.styleSheet() for colour in OVER_COLOURS)


def test_the_timer_survives_a_language_switch_and_follows_agenda_edits(timed_window, clock):
    window = timed_window("en")
    window.timer.start()
    clock.advance(90, window.timer)
    old_bar = window.timer_bar
    window.set_language("ja")
    assert window.timer_bar is not old_bar  # rebuilt with the pages ...
    assert window.timer.state.running  # ... the time kept running
    assert window.timer_bar.clock_label.text() == "18:30"
    assert window.timer_bar.title_label.text() == "Introduction and ice-breaker"  # data
    assert window.timer_bar.start_action.isEnabled()
    assert not old_bar.start_action.isEnabled()  # the old bar's F5 has gone quiet

    session = window.session
    items = session.store.list(AgendaItem)
    session.update(dataclasses.replace(items[0], minutes=25))
    window.session.flush()
    session.flush()
    assert window.timer_bar.clock_label.text() == "23:30"  # same item, longer timebox
    session.add(AgendaItem(title="Welcome", minutes=5, position=-1))  # a new first item
    window.session.flush()
    assert window.timer_bar.clock_label.text() == "23:30"  # still timing the same item
    assert window.timer.view().number == 2 and window.timer.view().count == 8
    session.delete(AgendaItem, items[0].id)
    window.session.flush()
    assert window.timer_bar.title_label.text() == "Individual idea writing"
    assert window.timer_bar.clock_label.text() == "15:00"
    assert window.timer.state.running  # the next item took over, running
    window.session.undo_stack.undo()  # the deleted item is back, but the timer stays put
    window.session.flush()
    assert window.timer_bar.title_label.text() == "Individual idea writing"


def test_kiosk_mode_shows_the_time_without_controls(timed_window, clock, qtbot):
    window = timed_window("en")
    window.timer.start()
    window.set_kiosk(True)
    activate(window, qtbot)
    bar = window.timer_bar
    try:
        assert bar.isVisible() and bar.clock_label.text() == "20:00"
        assert not bar.buttons.isVisible() and not bar.start_action.isEnabled()
        field = window.page("capture").idea_title
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_F5)  # a participant presses F5: nothing stops
        assert window.timer.state.running
    finally:
        window.set_kiosk(False)
    assert bar.buttons.isVisible() and bar.start_action.isEnabled()
    activate(window, qtbot)
    qtbot.keyClick(field, Qt.Key.Key_F5)  # the facilitator again: the same key pauses
    assert not window.timer.state.running


def test_a_workshop_without_an_agenda(make_window, tmp_path):
    window = make_window("en")
    assert window.timer_bar is None  # the start screen has no timer
    assert window.create_workshop(tmp_path / "w.workshop", Workshop(title="No agenda"))
    bar = window.timer_bar
    assert bar.title_label.text() == "No agenda items yet: add them on the Setup page."
    assert bar.clock_label.text() == "–:––" and not bar.start_action.isEnabled()
    window.session.flush()
    window.session.add(AgendaItem(title="Ideas", minutes=12))
    window.session.flush()
    assert bar.title_label.text() == "Ideas" and bar.clock_label.text() == "12:00"
    assert bar.start_action.isEnabled()
    window.timer.next_item()
    assert bar.title_label.text() == "End of the agenda" and not bar.next_action.isEnabled()
    window.close_workshop()
    assert window.timer.view().count == 0 and not window.timer.state.running


def test_the_digits_follow_the_window_font(timed_window, qapp):
    window = timed_window("en")
    bar = window.timer_bar
    before = bar.clock_label.font().pointSizeF()
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    try:
        qapp.setFont(bigger)
        qapp.sendPostedEvents()  # as a zoom does: the widgets' font changes are posted
        assert bar.clock_label.font().pointSizeF() == pytest.approx(before * 1.5)
        assert bar.title_label.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
    finally:
        qapp.setFont(original)
        qapp.sendPostedEvents()


def test_the_controller_tells_the_displays_only_when_something_changed(qtbot, clock):
    timer = TimerController(clock)
    timer.set_agenda([AgendaItem(title="A", minutes=1), AgendaItem(title="B", minutes=2)])
    seen = []
    timer.changed.connect(lambda: seen.append(timer.view().text))
    timer.start()
    for _ in range(3):  # three ticks inside one second: one new display
        clock.advance(0.25, timer)
    clock.advance(0.5, timer)
    assert seen == ["1:00", "0:59", "0:58"]
    timer.set_agenda(list(reversed(timer.items)))  # reordered: still timing A
    assert timer.view().title == "A" and timer.view().number == 2
    timer.deleteLater()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_screenshots_of_the_bar(timed_window, clock, tmp_path, lang):
    window = timed_window(lang)
    window.show_page(1)
    window.timer.start()
    clock.advance(7 * 60 + 25, window.timer)
    normal = window.timer_bar.grab()
    normal.save(str(tmp_path / f"timer-bar-{lang}.png"))
    window.grab().save(str(tmp_path / f"window-timer-{lang}.png"))
    clock.advance(13 * 60 + 15, window.timer)
    over = window.timer_bar.grab()
    over.save(str(tmp_path / f"timer-bar-over-{lang}.png"))

    def red_pixels(pixmap) -> int:
        image = pixmap.toImage()
        red = QColor(OVER_COLOURS[0])
        return sum(image.pixelColor(x, y) == red
                   for x in range(0, image.width(), 4) for y in range(0, image.height(), 4))

    assert red_pixels(normal) == 0 and red_pixels(over) > 100
    label = window.timer_bar.clock_label
    assert label.width() >= label.fontMetrics().horizontalAdvance("−88:88")  # not clipped
    assert QKeySequence("F5").toString() in window.timer_bar.start_action.toolTip()


def test_a_paused_timer_looks_paused(timed_window, clock):
    window = timed_window("en")
    bar = window.timer_bar
    assert not bar.paused_label.isVisibleTo(bar)  # not started is not paused
    window.timer.start()
    clock.advance(65, window.timer)
    assert not bar.paused_label.isVisibleTo(bar)
    running_style = bar.clock_label.styleSheet()
    window.timer.toggle()  # pause
    assert window.timer.view().paused
    assert bar.paused_label.isVisibleTo(bar) and bar.paused_label.text() == "⏸ Paused"
    assert "dashed" in bar.clock_label.styleSheet() != running_style
    window.timer.toggle()
    assert not bar.paused_label.isVisibleTo(bar)
    assert bar.clock_label.styleSheet() == running_style
