"""The Capture page: fast entry for several teams, IME safety, edit/delete/undo, kiosk."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop.model import Idea, Team


def capture_page(window):
    window.show_page(1)
    return window.page("capture")


def type_idea(qtbot, page, title, details=""):
    qtbot.keyClicks(page.idea_title, title)
    if details:
        qtbot.keyClicks(page.details, details)
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    page.ctx.session.flush()  # the writer's acknowledgement, applied now


def test_ideas_for_several_teams_appear_at_once(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    store = window.session.store
    before = len(store.ideas())
    page.choose_team_number(2)
    type_idea(qtbot, page, "Free Wi-Fi on the square", "With charging points")
    page.choose_team_number(5)
    type_idea(qtbot, page, "A covered bicycle park")
    ideas = store.ideas()
    assert len(ideas) == before + 2
    teams = store.list(Team)
    first, second = ideas[-2], ideas[-1]
    assert (first.title, first.details, first.team_id) == (
        "Free Wi-Fi on the square", "With charging points", teams[1].id)
    assert (second.title, second.team_id) == ("A covered bicycle park", teams[4].id)
    assert first.prompt_id == second.prompt_id == page.current_prompt_id()
    # the list shows the current team's ideas for the prompt, the new one included
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert "A covered bicycle park" in shown and "Free Wi-Fi on the square" not in shown
    assert page.idea_title.text() == "" and page.focusWidget() is page.idea_title


def test_shift_enter_makes_a_new_line_in_details(demo_window, qtbot):
    page = capture_page(demo_window("en"))
    qtbot.keyClicks(page.idea_title, "Benches")
    qtbot.keyClicks(page.details, "line one")
    qtbot.keyClick(page.details, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.details, "line two")
    qtbot.keyClick(page.details, Qt.Key.Key_Return)
    page.ctx.session.flush()
    idea = page.ctx.store.ideas()[-1]
    assert (idea.title, idea.details) == ("Benches", "line one\nline two")


def test_enter_during_an_ime_composition_never_submits(demo_window, qtbot):
    page = capture_page(demo_window("ja"))
    store = page.ctx.store
    before = len(store.ideas())
    composing = QInputMethodEvent("こかげ", [])
    page.idea_title.inputMethodEvent(composing)
    assert page.idea_title.composing
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)  # Enter confirms the conversion
    assert len(store.ideas()) == before
    done = QInputMethodEvent("", [])
    done.setCommitString("木陰")
    page.idea_title.inputMethodEvent(done)
    assert not page.idea_title.composing and page.idea_title.text() == "木陰"
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    page.ctx.session.flush()
    assert store.ideas()[-1].title == "木陰"


def test_edit_delete_and_undo(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    store = window.session.store
    type_idea(qtbot, page, "Water fountain")
    idea = store.ideas()[-1]
    page.select_idea(idea.id)
    page.edit(page.selected_idea())
    page.idea_title.clear()
    qtbot.keyClicks(page.idea_title, "Drinking-water fountain")
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    window.session.flush()
    assert store.get(Idea, idea.id).title == "Drinking-water fountain"
    page.select_idea(idea.id)
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    window.session.flush()
    assert idea.id not in {i.id for i in store.ideas()}
    shown = page.list_label.text()
    window.session.undo_stack.undo()  # the deletion
    window.session.flush()
    assert store.get(Idea, idea.id).title == "Drinking-water fountain"
    assert page.list_label.text() != shown  # the count follows an undo too
    assert page.list_label.text().endswith(f": {page.proxy.rowCount()}")
    window.session.undo_stack.undo()  # the edit
    window.session.flush()
    assert store.get(Idea, idea.id).title == "Water fountain"
    window.session.undo_stack.redo()
    window.session.flush()
    assert store.get(Idea, idea.id).title == "Drinking-water fountain"


def test_an_empty_title_shows_a_message_and_saves_nothing(demo_window, qtbot):
    page = capture_page(demo_window("en"))
    before = len(page.ctx.store.ideas())
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    assert page.error.isVisibleTo(page) and "must not be empty" in page.error.text()
    assert len(page.ctx.store.ideas()) == before


def test_kiosk_mode_keeps_participants_to_their_team(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    store = window.session.store
    page.choose_team_number(3)
    page.lock_team.setChecked(True)
    window.dialogs.texts.append("2468")  # the facilitator's PIN
    page.enter_kiosk()
    assert window.kiosk and not window.menuBar().isVisible()
    assert not any(a.isEnabled() for a in window.actions())  # no Ctrl+1 to Setup etc.
    assert window.navigation.isHidden()
    enabled = [b.isEnabled() for b in page.team_buttons.buttons()]
    assert enabled.count(True) == 1 and enabled[2]
    # an earlier idea of this team can be edited but not deleted
    earlier = store.ideas(team_id=page.current_team_id())[0]
    page.select_idea(earlier.id)
    page.delete_selected()
    assert store.get(Idea, earlier.id) and page.error.isVisibleTo(page)
    # what participants type here they may delete, and undo only reaches their own work
    type_idea(qtbot, page, "Our new idea")
    ours = store.ideas()[-1]
    page.undo_in_kiosk()
    window.session.flush()
    assert ours.id not in {i.id for i in store.ideas()}
    depth = window.session.undo_stack.index()
    page.undo_in_kiosk()
    assert window.session.undo_stack.index() == depth  # nothing older is undone
    # the window cannot be closed, and leaving needs the PIN
    window.close()
    assert window.isVisible()
    window.dialogs.texts.append("0000")
    assert not page.leave_kiosk() and window.kiosk
    window.dialogs.texts.append("2468")
    assert page.leave_kiosk() and not window.kiosk
    assert window.menuBar().isVisible() and not window.navigation.isHidden()
    assert any(a.isEnabled() for a in window.actions())


def test_the_idea_model_passes_the_model_tester(demo_window, qtmodeltester):
    page = capture_page(demo_window("en"))
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_enter_returns_at_once_and_the_idea_shows_once_it_is_on_the_disk(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    session = window.session
    held = threading.Event()
    session.writer.submit(lambda store: held.wait(), transaction=False)  # a slow USB stick
    rows = page.proxy.rowCount()
    try:
        qtbot.keyClicks(page.idea_title, "Shade sails")
        qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
        # The UI thread did not wait: the field is free for the next idea, and the list
        # shows only what is saved.
        assert page.idea_title.text() == "" and page.proxy.rowCount() == rows
        assert "Shade sails" not in {i.title for i in session.store.ideas()}
        with qtbot.waitSignal(session.changed) as announced:
            held.set()
    finally:
        held.set()  # never leave the writer stuck
    table, ids = announced.args
    assert table == Idea.TABLE and len(ids) == 1
    (stored,) = [i for i in session.store.ideas() if i.id in ids]
    assert stored.title == "Shade sails"
    qtbot.waitUntil(lambda: page.proxy.rowCount() == rows + 1)


def test_undo_and_redo_keys_reach_the_window_from_the_empty_title_field(demo_window, qtbot):
    """Enter, Ctrl+Z, then Redo, all with the keyboard still in the title field."""
    window = demo_window("en")
    page = capture_page(window)
    window.activateWindow()  # the window's Undo and Redo need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    store = window.session.store
    type_idea(qtbot, page, "A quiet reading corner")
    assert page.focusWidget() is page.idea_title and page.idea_title.text() == ""
    QTest.keySequence(page.idea_title, QKeySequence(QKeySequence.StandardKey.Undo))
    window.session.flush()
    assert "A quiet reading corner" not in {i.title for i in store.ideas()}
    QTest.keySequence(page.idea_title, QKeySequence(QKeySequence.StandardKey.Redo))
    window.session.flush()
    assert "A quiet reading corner" in {i.title for i in store.ideas()}


def test_tab_reaches_the_teams_between_the_top_row_and_the_title(demo_window, qtbot):
    """The team buttons, added after the page is laid out, once came last in the Tab
    order (after the team's list), far from where they are seen."""
    window = demo_window("en")
    page = capture_page(window)
    page.kiosk_button.setFocus()
    qtbot.waitUntil(lambda: page.kiosk_button.hasFocus())
    passed = []
    for _ in range(len(page.teams) + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is page.idea_title:
            break
        passed.append(QApplication.focusWidget())
    assert QApplication.focusWidget() is page.idea_title
    assert passed and all(button in page.team_buttons.buttons() for button in passed)
