"""The projector view: it follows the main window (prompt, title, timer), fits its type to
the window, finds its screen, and takes other content for later steps (voting)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QLabel

from workshop.ui.projector import fitting_pixel_size, projector_screen
from workshop.ui.timer_widget import OVER_COLOURS, TimerController

LONG_JA = ("10年後、駅前広場でどんな一日を過ごしたいですか？ 子ども、高齢の方、車いすの方、"
           "旅行者、毎日通勤する人、それぞれの立場から考えて、できるだけ具体的な場面を"
           "思い浮かべながら、チームで話し合ってアイデアを書き出してください。")


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def projected(demo_window):
    """A demo window with its projector open at 1920×1080 and a fake clock."""

    def make(lang: str = "en"):
        window = demo_window(lang)
        window.timer.clock = FakeClock()
        tr = window.tr_  # menus are in the window's language
        view_menu = next(a.menu() for a in window.menuBar().actions()
                         if a.menu() and a.menu().title() == tr("&View"))
        toggle = next(a for a in view_menu.actions() if a.text() == tr("&Projector view"))
        toggle.trigger()
        projector = window.projector
        projector.resize(1920, 1080)
        return window, projector

    return make


def fits(label: QLabel) -> bool:
    area = label.contentsRect()
    flags = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
    box = QFontMetricsF(label.font()).boundingRect(QRectF(area), flags, label.text())
    return box.width() <= area.width() and box.height() <= area.height()


def test_the_projector_follows_the_capture_page(projected):
    window, projector = projected("en")
    assert projector.isVisible() and projector.isWindow()
    capture = window.page("capture")
    assert projector.prompt_label.text() == capture.prompt_label.text() != ""
    assert projector.title_label.text().startswith("Minato City")
    capture.prompt_choice.setCurrentIndex(1)
    assert projector.prompt_label.text() == capture.prompt_choice.itemText(1)
    assert projector.prompt_label.text().startswith("What is inconvenient")

    window.set_language("ja")  # the pages are rebuilt; the projector stays and follows
    assert projector.windowTitle() == window.projector.windowTitle()
    assert projector.prompt_label.text() == window.page("capture").prompt_label.text()

    window.toggle_projector()
    assert not projector.isVisible()
    window.toggle_projector()
    assert projector.isVisible()
    window.close_workshop()
    assert not projector.isVisible()


def test_the_projector_and_the_window_show_the_same_time(projected):
    window, projector = projected("en")
    clock = window.timer.clock
    window.timer_bar.start_action.trigger()
    for seconds in (83, 600, 517):
        clock.now += seconds
        window.timer.tick()
        assert projector.clock_label.text() == window.timer_bar.clock_label.text()
    assert projector.clock_label.text() == "0:00" and projector.over_label.isVisible()
    clock.now += 42
    window.timer.tick()
    assert projector.clock_label.text() == window.timer_bar.clock_label.text() == "−0:42"
    assert projector.over_label.isVisible() and projector.over_label.text() == "Over time"
    assert any(c in projector.timer_strip.styleSheet() for c in OVER_COLOURS)
    assert projector.item_label.source_text() == "1 / 7   Introduction and ice-breaker"
    window.timer_bar.next_action.trigger()
    assert projector.clock_label.text() == "15:00" and projector.over_label.isHidden()


def test_a_long_japanese_prompt_gets_smaller_type_that_still_fits(projected):
    _window, projector = projected("ja")
    projector.set_prompt("駅前広場の未来")
    short = projector.prompt_label.font().pixelSize()
    projector.set_prompt(LONG_JA)
    long = projector.prompt_label.font().pixelSize()
    assert long < short
    assert fits(projector.prompt_label)
    assert long >= 40  # still readable from the back of a room on a 1080p projector
    projector.resize(960, 540)  # a smaller window: smaller type, still all of it
    assert projector.prompt_label.font().pixelSize() < long
    assert fits(projector.prompt_label)


def test_fitting_finds_the_largest_size_that_fits(qapp):
    font = qapp.font()
    size = fitting_pixel_size(font, "駅前広場", 400, 200, wrap=False)
    probe = type(font)(font)
    probe.setPixelSize(size)
    assert QFontMetricsF(probe).horizontalAdvance("駅前広場") <= 400
    probe.setPixelSize(size + 1)
    box = QFontMetricsF(probe).boundingRect(QRectF(0, 0, 400, 200),
                                             Qt.AlignmentFlag.AlignCenter.value, "駅前広場")
    assert box.width() > 400 or box.height() > 200
    assert fitting_pixel_size(font, "", 400, 200, wrap=True) == 8


def test_the_projector_goes_to_another_screen_when_there_is_one():
    assert projector_screen(["laptop"], "laptop") is None
    assert projector_screen(["laptop", "beamer"], "laptop") == "beamer"
    assert projector_screen(["beamer", "laptop"], "laptop") == "beamer"


def test_on_one_screen_the_view_opens_in_front_and_f12_gives_the_keyboard_back(
        projected, qtbot):
    """room.md: on one screen a projector view opening behind the main window looks like
    nothing happened; it comes to the front, and F12 (which opened it) puts it away."""
    window, projector = projected("en")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.toggle_projector()
    window.toggle_projector()  # shown again while the facilitator's window is active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is projector)
    assert projector.isVisible() and projector.single_screen()
    assert not projector.isFullScreen()  # one screen here: a window to move by hand
    available = window.screen().availableGeometry()
    assert available.contains(projector.frameGeometry())
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    assert projector.isFullScreen()
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isFullScreen() and projector.isVisible()
    qtbot.keyClick(projector, Qt.Key.Key_F5)  # the timer keys work from here too
    assert window.timer.state.running
    qtbot.keyClick(projector, Qt.Key.Key_F12)
    assert not projector.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_other_content_can_take_the_middle(projected):
    window, projector = projected("en")
    projector.show_message("Voting is open: 3 dots each")
    assert projector.center.currentWidget() is projector.message_label
    assert projector.message_label.text() == "Voting is open: 3 dots each"
    results = QLabel("results")
    projector.show_widget(results)
    assert projector.center.currentWidget() is results and results.parent() is not None
    replacement = QLabel("more results")
    projector.show_widget(replacement)
    assert projector.center.indexOf(results) == -1
    projector.show_prompt()
    assert projector.center.currentWidget() is projector.prompt_label
    window.set_projector_prompt("A new prompt")
    assert projector.prompt_label.text() == "A new prompt"


def test_without_a_prompt_the_title_is_in_the_middle(qtbot):
    from workshop.ui.projector import ProjectorWindow

    projector = ProjectorWindow(TimerController(FakeClock()), lambda text: text)
    qtbot.addWidget(projector)
    projector.resize(1280, 720)
    projector.show()
    projector.set_title("Station square workshop")
    assert projector.prompt_label.text() == "Station square workshop"
    assert projector.title_label.isHidden() and projector.timer_strip.isHidden()
    projector.set_prompt("What would you change?")
    assert projector.title_label.isVisible()
    assert projector.title_label.font().pixelSize() < projector.prompt_label.font().pixelSize()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_screenshots_at_1920_by_1080(projected, tmp_path, lang):
    window, projector = projected(lang)
    window.timer_bar.start_action.trigger()
    window.timer.clock.now += 7 * 60 + 25
    window.timer.tick()
    normal = projector.grab()
    normal.save(str(tmp_path / f"projector-{lang}.png"))
    assert (normal.width(), normal.height()) == (1920, 1080)
    window.timer.clock.now += 13 * 60 + 12
    window.timer.tick()
    over = projector.grab()
    over.save(str(tmp_path / f"projector-over-{lang}.png"))
    projector.set_prompt(LONG_JA if lang == "ja" else "Ten years from now, " * 8)
    projector.grab().save(str(tmp_path / f"projector-long-{lang}.png"))

    # Readable from the back: the digits are at least a fifth of the screen high, the
    # prompt type at least 60 px (about 5 cm on a 3 m wide projection).
    assert projector.clock_label.font().pixelSize() >= 180
    assert window.timer_bar.clock_label.text() == projector.clock_label.text() == "−0:37"
    strip = over.toImage().pixelColor(20, 1060)
    assert strip == QColor(OVER_COLOURS[0]) or strip == QColor(OVER_COLOURS[1])


def test_a_japanese_agenda_item_is_never_broken_inside_a_word():
    # The strip's item label wraps at spaces only: 「アイスブレイク」 was drawn as
    # アイスブレ/イク because a character break let the type grow.
    font = QApplication.font()
    text = "1 / 5   アイスブレイク"
    size = fitting_pixel_size(font, text, 300, 200, wrap=True, whole_words=True)
    probe = QFontMetricsF(font)
    font.setPixelSize(size)
    probe = QFontMetricsF(font)
    assert probe.horizontalAdvance("アイスブレイク") <= 300
    assert size < fitting_pixel_size(font, text, 300, 200, wrap=True)  # it did break before


def test_the_item_label_on_the_strip_keeps_words_whole(projected):
    window, projector = projected("ja")
    window.timer_bar.start_action.trigger()
    label = projector.item_label
    metrics = QFontMetricsF(label.font())
    widest = max(metrics.horizontalAdvance(word) for word in label.text().split())
    assert widest <= label.contentsRect().width()


def test_over_time_reds_keep_white_digits_at_7_to_1():
    def luminance(colour: QColor) -> float:
        channels = [colour.redF(), colour.greenF(), colour.blueF()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in OVER_COLOURS:  # both phases of the pulse, on the projector and the bar
        assert 1.05 / (luminance(QColor(colour)) + 0.05) >= 7.0, colour
    assert QColor(OVER_COLOURS[0]) != QColor(OVER_COLOURS[1])  # it still pulses


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_clock_digits_are_drawn_whole_inside_the_strip(projected, lang):
    # Sized by their ink (not the Latin face's tall line box): large, and not clipped.
    window, projector = projected(lang)
    window.timer_bar.start_action.trigger()
    label = projector.clock_label
    assert label.font().pixelSize() >= 180
    image = projector.timer_strip.grab().toImage()
    strip = QColor(image.pixelColor(2, 2))
    inked = [y for y in range(image.height())
             if any(image.pixelColor(x, y) != strip for x in range(image.width() // 2,
                                                                   image.width(), 4))]
    assert inked and inked[0] > 0 and inked[-1] < image.height() - 1


def test_a_japanese_agenda_item_is_laid_out_in_whole_words_on_a_laptop_screen(projected):
    """On one 1366×768 laptop the projector window is 910×512: Qt's own wrapping drew
    「1/7 趣旨説明・アイスブレ / イク」 even though the item fitted a line of its own."""
    _window, projector = projected("ja")
    projector.resize(910, 512)
    QApplication.processEvents()
    label = projector.item_label
    label.fit()
    assert "趣旨説明・アイスブレイク" in label.text().splitlines()[-1]
    metrics = QFontMetricsF(label.font())
    assert all(metrics.horizontalAdvance(line) <= label.contentsRect().width()
               for line in label.text().splitlines())
    assert label.source_text().startswith("1 / 7")
