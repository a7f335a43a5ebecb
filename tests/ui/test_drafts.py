"""No silent loss of typing: half-typed ideas (per team) and notes are kept in the workshop
file, come back after closing and reopening (or a crash), and Ctrl+Z in the shared laptop's
idea field never brings back another team's text."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from workshop.model import Idea


def capture_page(window):
    window.show_page(1)
    return window.page("capture")


def kept_on_disk(path, field, owner):
    """What another connection reads from the file: committed, so it survives a crash."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT text FROM drafts WHERE field = ? AND owner = ?",
                           [field, owner]).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_half_typed_ideas_stay_with_their_team_and_survive_closing(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    path = window.session.path
    page.choose_team_number(2)
    team2 = page.current_team_id()
    qtbot.keyClicks(page.idea_title, "Shade over the benc")
    qtbot.keyClicks(page.details, "Trees, not umbrellas")
    page.choose_team_number(5)
    assert page.idea_title.text() == "" and page.details.toPlainText() == ""
    qtbot.keyClicks(page.idea_title, "Bicycle park")
    page.choose_team_number(2)
    assert page.idea_title.text() == "Shade over the benc"
    assert page.details.toPlainText() == "Trees, not umbrellas"

    window.close_workshop()  # no question, nothing lost
    assert kept_on_disk(path, "capture.title", team2) == "Shade over the benc"
    assert window.open_path(path)
    page = capture_page(window)
    page.choose_team_number(5)
    assert page.idea_title.text() == "Bicycle park"
    page.choose_team_number(2)
    assert page.idea_title.text() == "Shade over the benc"
    qtbot.keyClicks(page.idea_title, "hes")
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    window.session.flush()
    assert window.session.store.ideas()[-1].title == "Shade over the benches"
    assert kept_on_disk(path, "capture.title", team2) is None  # saved: the draft is gone
    assert page.idea_title.text() == "" and page.details.toPlainText() == ""


def test_a_pause_in_typing_keeps_the_draft_on_disk_before_any_crash(demo_window, qtbot):
    window = demo_window("ja")
    page = capture_page(window)
    page.idea_title.insert("屋根のある駐輪")  # as an input method commits it
    team = page.current_team_id()
    qtbot.waitUntil(lambda: kept_on_disk(window.session.path, "capture.title", team)
                    == "屋根のある駐輪")


def test_editing_an_idea_keeps_the_half_typed_new_one(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    qtbot.keyClicks(page.idea_title, "Half an ide")
    earlier = window.session.store.ideas(team_id=page.current_team_id())[0]
    page.edit(earlier)
    assert page.idea_title.text() == earlier.title
    page.cancel_edit()
    assert page.idea_title.text() == "Half an ide"
    page.edit(earlier)
    page.idea_title.setText(earlier.title + "!")
    page.save()
    window.session.flush()
    assert window.session.store.get(Idea, earlier.id).title == earlier.title + "!"
    assert page.idea_title.text() == "Half an ide"


def test_ctrl_z_in_the_kiosk_idea_field_never_brings_back_another_teams_text(demo_window,
                                                                             qtbot):
    window = demo_window("en")
    page = capture_page(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    store = window.session.store
    window.dialogs.texts.append("2468")
    assert page.enter_kiosk()
    page.choose_team_number(1)
    qtbot.keyClicks(page.idea_title, "Team one's secret idea")
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    theirs = store.ideas()[-1]
    page.choose_team_number(2)
    page.idea_title.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.idea_title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.idea_title.text() == "" and page.details.toPlainText() == ""
    assert store.get(Idea, theirs.id).deleted_at is None  # and team one's idea stays
    # the same team may take back its own last idea
    page.choose_team_number(1)
    qtbot.keyClicks(page.idea_title, "Oops")
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    page.idea_title.setFocus()
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.idea_title.text() == ""
    window.session.flush()
    assert "Oops" not in {i.title for i in store.ideas()}
    assert store.get(Idea, theirs.id).deleted_at is None
    window.dialogs.texts.append("2468")
    assert page.leave_kiosk()


def test_a_half_typed_note_survives_closing_and_editing(demo_window, qtbot):
    window = demo_window("en")
    path = window.session.path
    notes_page = window.page("notes")
    window.show_page(window.pages.index(notes_page))
    panel = notes_page.notes
    qtbot.keyClicks(panel.text, "Decision: the market moves to")
    window.close_workshop()
    assert window.open_path(path)
    panel = window.page("notes").notes
    assert panel.text.toPlainText() == "Decision: the market moves to"
    note = panel.model.record(0)  # editing a stored note, then cancelling
    panel.edit(note)
    assert panel.text.toPlainText() == note.text
    panel.cancel_edit()
    assert panel.text.toPlainText() == "Decision: the market moves to"
    qtbot.keyClicks(panel.text, " the station side")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    window.session.flush()
    assert window.session.store.local.draft("notes.text") == ""  # saved, so forgotten
