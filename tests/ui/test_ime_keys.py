"""Keys that work with a Japanese input method on: Alt+letter goes into a focused text
field there, so every Alt+letter action also has a Ctrl+…, F-key or Alt+digit key; no
mnemonic letter is used twice on a page; page and team switching type nothing."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabWidget

from workshop.ui.keys import IME_KEY

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def active(window):
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    return window


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_alt_letter_action_has_a_key_that_passes_an_input_method(demo_window, lang):
    window = demo_window(lang)
    missing = []
    for page in window.pages:
        for button in page.findChildren(QAbstractButton):
            if mnemonic(button.text()) and not button.property(IME_KEY):
                missing.append(f"{page.key}: {button.text()}")
        for tabs in page.findChildren(QTabWidget):
            texts = [tabs.tabText(i) for i in range(tabs.count())]
            if any(mnemonic(t) for t in texts) and not tabs.property(IME_KEY):
                missing.append(f"{page.key}: tabs {texts}")
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_mnemonic_letter_is_used_twice_on_a_page(demo_window, lang):
    window = demo_window(lang)
    menus = [a.text() for a in window.menuBar().actions()]
    for page in window.pages:
        texts = list(menus)
        texts += [b.text() for b in page.findChildren(QAbstractButton)]
        texts += [label.text() for label in page.findChildren(QLabel) if label.buddy()]
        for tabs in page.findChildren(QTabWidget):
            texts += [tabs.tabText(i) for i in range(tabs.count())]
        letters = [mnemonic(t) for t in texts if mnemonic(t)]
        twice = {letter for letter in letters if letters.count(letter) > 1}
        assert not twice, (page.key, [t for t in texts if mnemonic(t) in twice])


def test_tabs_and_actions_from_inside_a_text_field(demo_window, qtbot):
    window = active(demo_window("en"))
    window.show_page(0)
    setup = window.page("setup")
    title = setup.details.title
    title.setFocus()
    before = title.text()
    qtbot.keyClick(title, Qt.Key.Key_3, ALT)
    assert setup.tabs.currentWidget() is setup.teams
    assert title.text() == before

    # Ctrl+F10 opens the menu bar, wherever the focus is
    window.show_page(1)
    capture = window.page("capture")
    qtbot.keyClicks(capture.idea_title, "half")
    qtbot.keyClick(capture.idea_title, Qt.Key.Key_F10, CTRL)
    assert window.menuBar().activeAction() is window.menuBar().actions()[0]
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_Escape)
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_Escape)

    # Ctrl+3 goes to the Board, Ctrl+2 back: nothing typed into the idea field
    capture.idea_title.setFocus()
    qtbot.keyClick(capture.idea_title, Qt.Key.Key_3, CTRL)
    assert window.current_page() is window.page("board")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, CTRL)
    assert window.current_page() is capture
    assert capture.idea_title.text() == "half"


def test_voting_actions_have_ctrl_keys(demo_window, qtbot):
    from .test_voting import voting_page

    window = active(demo_window("en"))
    page = voting_page(window)
    page.round_list.setFocus()
    qtbot.keyClick(page.round_list, Qt.Key.Key_N, CTRL | SHIFT)
    r = page.current_round()
    assert r.status == "draft" and page.form.name.hasFocus()
    window.dialogs.confirmations.append(True)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, CTRL | SHIFT)  # from the name
    assert page.current_round().status == "open"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, ALT)
    assert page.tabs.currentWidget() is page.paper
    panel = page.paper
    panel.model.setData(panel.model.index(0, 1), "2")
    panel.voters.setFocus()
    qtbot.keyClicks(panel.voters, "3")
    qtbot.keyClick(panel.voters, Qt.Key.Key_S, CTRL)
    assert panel.status.text() == "Paper counts saved."
