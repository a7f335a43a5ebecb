"""A workshop that opened read-only (here: a file with a second hard link) refuses every
edit on every page with a message in the window – no traceback reaches Qt, nothing changes.

pytest-qt fails a test when an exception escapes a slot, so each edit below would fail the
test if the store's refusal were not caught where the session's operation runs."""

from __future__ import annotations

import os
import sqlite3

import pytest
from PySide6.QtCore import Qt

from workshop.demo import create_demo
from workshop.model import NoteKind, RoundStatus, VoteRound

ALT = Qt.KeyboardModifier.AltModifier


def _snapshot(path):
    """Every row of every table, read with sqlite3 as an outsider would."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"')))
                for table in tables}


@pytest.fixture
def read_only_window(make_window, tmp_path, qtbot):
    path = tmp_path / "day.workshop"
    with create_demo(path, lang="en", device_id="d") as store:
        store.add(VoteRound(name="Draft to delete", candidate_kind="all"))
    os.link(path, tmp_path / "second-name.workshop")
    before = _snapshot(path)
    window = make_window("en")
    assert window.open_path(path) and window.session.store.read_only
    qtbot.waitUntil(lambda: window.centralWidget().isVisible())
    window.activateWindow()
    yield window
    window.close_workshop()
    assert _snapshot(path) == before


def _page(window, key):
    window.show_page([p.key for p in window.pages].index(key))
    return window.page(key)


def _refused(window):
    assert window.banner.isVisibleTo(window)
    assert window.banner.text().startswith("Read-only")


def test_setup_details_and_lists_refuse_with_the_banner(read_only_window, qtbot):
    window = read_only_window
    page = _page(window, "setup")
    page.details.venue.setText("Somewhere else")
    page.details.venue.editingFinished.emit()
    teams = page.teams
    teams.clear()
    teams.inputs["name"].setText("Table H")
    qtbot.keyClick(teams.inputs["name"], Qt.Key.Key_Return)
    assert "read-only" in teams.error.text()
    first = window.session.store.list(type(teams.model.records()[0]))[1]
    teams.select(first.id)
    qtbot.keyClick(teams.view, Qt.Key.Key_Up, ALT)
    teams.select(first.id)
    qtbot.keyClick(teams.view, Qt.Key.Key_Delete)
    page.agenda.clear()
    page.agenda.inputs["title"].setText("Walk to the square")
    page.agenda.save()
    _refused(window)


def test_board_moves_and_clusters_refuse(read_only_window, qtbot):
    window = read_only_window
    page = _page(window, "board")
    page.activated()
    view = page.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)
    window.dialogs.texts.append("Shade")
    page.act_new_cluster.trigger()
    assert "read-only" in page.error.text()
    _refused(window)


def test_notes_refuse_and_keep_the_text(read_only_window, qtbot):
    window = read_only_window
    panel = _page(window, "notes").notes
    panel.kind.buttons[NoteKind.ACTION].click()
    qtbot.keyClicks(panel.text, "Call the bus company")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    assert panel.text.toPlainText() == "Call the bus company"
    assert "read-only" in panel.error.text()
    panel.error.hide()
    panel.table.selectRow(0)
    panel.delete_selected()
    assert "read-only" in panel.error.text()
    _refused(window)


def test_voting_actions_refuse(read_only_window, qtbot):
    window = read_only_window
    page = _page(window, "voting")
    store = window.session.store
    assert page.new_round() is None
    assert "read-only" in page.actions.action_error.text()
    draft = next(r for r in store.list(VoteRound) if r.status == RoundStatus.DRAFT)
    page.select_round(draft.id)
    window.dialogs.confirmations.append(True)
    page.actions.delete_round()
    assert "read-only" in page.actions.action_error.text()
    _refused(window)
