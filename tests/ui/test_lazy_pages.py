"""Pages are built when first shown: opening a workshop builds the page it shows, and
whatever names or follows the other pages (navigation, menus, projector, drafts) works
without building them."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from workshop.model import Prompt

KEYS = ["setup", "capture", "board", "notes", "voting", "export"]


def _built(window) -> list[str]:
    return [page.key for page in window.stack.built()]


def test_opening_builds_only_the_page_shown(demo_window):
    window = demo_window("en")
    assert _built(window) == ["setup"]
    assert window.current_page().key == "setup"
    navigation = [window.navigation.item(row).text() for row in range(6)]
    assert navigation == ["1  Setup", "2  Capture", "3  Board", "4  Notes", "5  Voting",
                          "6  Export"]
    assert window.page_titles() == ["Setup", "Capture", "Board", "Notes", "Voting", "Export"]


def test_the_menus_name_every_page_and_build_it_when_chosen(demo_window):
    window = demo_window("en")
    by_keys = {action.shortcut().toString(QKeySequence.SequenceFormat.PortableText): action
               for action in window.actions()}
    assert by_keys["Ctrl+4"].text() == "Notes"
    assert "notes" not in _built(window)
    by_keys["Ctrl+4"].trigger()
    assert window.current_page().key == "notes"
    assert window.stack.currentWidget().widget() is window.current_page()  # it scrolls
    assert _built(window) == ["setup", "notes"]


def test_reopening_builds_only_the_last_page(demo_window, qtbot):
    window = demo_window("en")
    path = window.session.path
    window.show_page(KEYS.index("board"))
    window.close_workshop()
    assert window.open_path(path)
    assert window.current_page().key == "board"
    assert _built(window) == ["board"]


def test_a_language_change_keeps_the_page_and_builds_only_it(demo_window):
    window = demo_window("en")
    window.show_page(KEYS.index("voting"))
    window.set_language("ja")
    assert window.current_page().key == "voting"
    assert _built(window) == ["voting"]
    assert window.page_titles()[4] == window.current_page().title()


def test_the_projector_shows_the_first_prompt_before_capture_is_built(demo_window, qtbot):
    window = demo_window("en")
    assert "capture" not in _built(window)
    first = window.session.store.list(Prompt)[0]
    assert window.projector_prompt == first.text.replace("\n", " ") != ""
    # a prompt edited on Setup reaches the projector with Capture still unbuilt
    window.session.update(dataclasses.replace(first, text="Where do we meet?"))
    assert window.projector_prompt == first.text.replace("\n", " ")  # not before it is saved
    window.session.flush()
    assert window.projector_prompt == "Where do we meet?"
    assert "capture" not in _built(window)
    capture = window.page("capture")  # built now: it takes over, with the same prompt
    assert capture.prompt_choice.currentText() == window.projector_prompt
    capture.prompt_choice.setCurrentIndex(1)
    assert window.projector_prompt == capture.prompt_choice.itemText(1)


def test_a_draft_of_an_unbuilt_page_survives_closing(demo_window, qtbot):
    window = demo_window("en")
    path = window.session.path
    capture = window.page("capture")
    window.show_page(KEYS.index("capture"))
    qtbot.keyClicks(capture.idea_title, "More benches")
    window.show_page(KEYS.index("setup"))
    window.close_workshop()
    assert window.open_path(path)  # Setup is shown: Capture is not built
    assert "capture" not in _built(window)
    window.close_workshop()  # closing again, with Capture never built, keeps the draft
    assert window.open_path(path)
    capture = window.page("capture")
    assert capture.idea_title.text() == "More benches"


def test_kiosk_mode_builds_and_shows_its_page(demo_window):
    window = demo_window("en")
    window.set_kiosk(True, "capture")
    assert window.current_page().key == "capture"
    assert _built(window) == ["setup", "capture"]
    window.set_kiosk(False)


def test_every_page_is_built_on_request(demo_window):
    window = demo_window("en")
    assert [page.key for page in window.pages] == KEYS
    assert _built(window) == KEYS
    assert all(window.stack.widget(row).widget() is page
               for row, page in enumerate(window.pages))
    assert window.stack.currentWidget().widget().key == "setup"
    assert Qt.FocusPolicy.NoFocus == window.stack.currentWidget().focusPolicy()


def test_building_a_page_leaves_the_window_active(demo_window, qtbot):
    """Pages are now built while the window is in use: none may show a widget as a window
    of its own while it is made (a combo box did, and the window lost the keyboard)."""
    window = demo_window("en")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for key in KEYS:
        window.page(key)
        QApplication.processEvents()
        assert QApplication.activeWindow() is window, key
