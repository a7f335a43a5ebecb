"""What a screen reader hears, on every page in both languages: every control and every
Tab stop has a name that says what it is, labels are tied to their controls, one-of-many
choices are radio groups, nothing unnamed takes a Tab stop (see accessibility_tree)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTabWidget

from .accessibility_tree import heard_name, problems, tab_stops, unreachable_by_tab


def _every_tab(page):
    """Each tab of each tab widget on the page in turn (their contents are hidden until
    shown, and hidden widgets are not in the tree a screen reader walks)."""
    yield "main"
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.isVisible() and tabs.isTabEnabled(index):
                tabs.setCurrentIndex(index)
                yield tabs.tabText(index)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_says_what_each_control_is(demo_window, qtbot, lang):
    window = demo_window(lang)
    found: dict[str, list[str]] = {}  # what is wrong → where
    for row, page in enumerate(window.pages):
        window.show_page(row)
        for tab in _every_tab(page):
            for problem in problems(window):
                found.setdefault(problem, []).append(f"{page.key}/{tab}")
    assert not found, "\n".join(f"{p}  [{', '.join(w[:3])}]" for p, w in found.items())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_tab_stop_is_named_and_every_button_reachable(demo_window, qtbot, lang):
    window = demo_window(lang)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    found = []
    for row, page in enumerate(window.pages):
        window.show_page(row)
        stops = tab_stops(window, window.navigation)
        for widget in stops:
            if not heard_name(QAccessible.queryAccessibleInterface(widget)):
                found.append(f"{page.key}: unnamed Tab stop {type(widget).__name__}")
        found += [f"{page.key}: {problem}" for problem in unreachable_by_tab(page, stops)]
    assert not found, "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_projector_is_a_named_window_with_named_texts(demo_window, qtbot, lang):
    window = demo_window(lang)
    window.show_page(window.pages.index(window.page("voting")))  # the revealed demo round
    projector = window.projector_view()
    projector.resize(1920, 1080)
    projector.show()
    qtbot.waitExposed(projector)
    iface = QAccessible.queryAccessibleInterface(projector)
    assert iface.role() == QAccessible.Role.Window  # a "frame", not an unnamed "filler"
    assert iface.text(QAccessible.Text.Name) == projector.windowTitle()
    assert not problems(projector)
    window.timer.start()
    assert projector.clock_label.accessibleName().endswith(projector.clock_label.text())


def _darkest(widget, margin: int = 6) -> QColor:
    """The strongest ink drawn inside ``widget`` (borders left out)."""
    image = widget.grab().toImage()
    area = widget.rect().adjusted(margin, margin, -margin, -margin)
    pixels = (QColor(image.pixel(x, y)) for x in range(area.left(), area.right())
              for y in range(area.top(), area.bottom()))
    return min(pixels, key=_luminance)


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def contrast(ink: QColor, paper: QColor) -> float:
    """WCAG 2 contrast ratio."""
    light, dark = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_placeholders_and_enabled_combo_text_read_at_4_5_to_1(demo_window, qtbot):
    window = demo_window("en")
    white = QColor("#ffffff")
    field = QLineEdit(window)
    field.setPlaceholderText("Words in the title or details")
    field.resize(400, 48)
    field.show()
    assert contrast(_darkest(field), white) >= 4.5  # was #888: 3.54:1
    note = QPlainTextEdit(window)
    note.setPlaceholderText("Type the note")
    note.resize(400, 80)
    note.show()
    assert contrast(_darkest(note), white) >= 4.5
    window.page("voting").new_round()  # a draft round: its choices are enabled
    for row, page in enumerate(window.pages):
        window.show_page(row)
        for tab in _every_tab(page):
            for combo in page.findChildren(QComboBox):
                if combo.isVisible() and combo.isEnabled() and combo.currentText():
                    ratio = contrast(_darkest(combo), white)
                    assert ratio >= 4.5, f"{page.key}/{tab}: {combo.currentText()!r} {ratio:.2f}"


def test_the_projector_title_reads_at_7_to_1(demo_window, qtbot):
    window = demo_window("en")
    window.set_projector_prompt("What would you like to do at the square?")
    projector = window.projector_view()
    # As on one 1366×768 laptop screen (two thirds of it): the title's strokes are thin,
    # and thin strokes of #444 came out at 6.5:1 at best.
    projector.resize(910, 512)
    projector.show()
    qtbot.waitExposed(projector)
    title = projector.title_label
    assert title.isVisible() and title.text()
    assert contrast(_darkest(title, margin=0), QColor("#ffffff")) >= 7


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_shared_laptop_and_voter_screens_say_what_each_control_is(demo_window, qtbot, lang):
    window = demo_window(lang)
    capture = window.page("capture")
    window.show_page(window.pages.index(capture))
    window.dialogs.texts += ["2468", "2468"]  # the PIN, set and given back
    capture.enter_kiosk()
    assert window.kiosk
    assert not problems(window)
    capture.leave_kiosk()

    voting = window.page("voting")
    window.show_page(window.pages.index(voting))
    window.dialogs.confirmations.append(True)
    voting.new_round()
    assert voting.actions.open_voting()
    window.dialogs.texts.append("2468")
    assert voting.pass_the_laptop()
    voting.voter.choose_team(voting.voter.teams[0].id)
    assert not problems(window)


def test_the_arrow_keys_choose_among_the_capture_teams(demo_window, qtbot):
    window = demo_window("en")
    page = window.page("capture")
    window.show_page(window.pages.index(page))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first, second = page.team_buttons.button(0), page.team_buttons.button(1)
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert second.hasFocus() and page.current_team_id() == second.property("team_id")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_start_screen_and_new_workshop_dialog_say_what_each_control_is(
        make_window, qtbot, lang):
    from workshop.i18n import gettext_for
    from workshop.ui.new_workshop import NewWorkshopDialog

    window = make_window(lang)
    qtbot.waitUntil(lambda: not problems(window))  # named just after the first paint
    dialog = NewWorkshopDialog(gettext_for(lang), lang, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not problems(dialog)
