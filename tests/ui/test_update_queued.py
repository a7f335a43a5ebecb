"""Edits of one record queued back to back while the writer is busy (a slow USB stick):
each writes only what it changed, so a page's copy read before the first edit landed does
not put that edit back; undo and redo go step by step; a merged record that breaks a rule
is refused with its message and changes nothing."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from workshop.errors import InputError
from workshop.model import Prompt, Team

from .held_writer import HeldWriter

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def setup_page(window):
    window.show_page(0)
    return window.page("setup")


def press(widget, keys) -> None:
    """Keys pressed on a list (in a text field, Ctrl+Z undoes typing instead)."""
    QTest.keySequence(widget, QKeySequence(keys))


def team_values(store, team_id):
    team = store.get(Team, team_id)
    return team.name, team.colour, team.members


def test_two_quick_edits_of_one_team_keep_both_and_undo_step_by_step(demo_window, qtbot):
    window = demo_window("en")
    session, store = window.session, window.session.store
    team = store.list(Team)[0]
    original = team_values(store, team.id)
    teams = setup_page(window).teams.view
    with HeldWriter(session) as held:
        session.update(dataclasses.replace(team, name="Riverside"), "Rename")
        # The page's copy is still the one read before the rename reached the disk.
        session.update(dataclasses.replace(team, colour="#123456", members=7), "Recolour")
        assert held.holding
    session.flush()
    assert team_values(store, team.id) == ("Riverside", "#123456", 7)
    press(teams, QKeySequence.StandardKey.Undo)
    session.flush()
    assert team_values(store, team.id) == ("Riverside", original[1], original[2])
    press(teams, QKeySequence.StandardKey.Undo)
    session.flush()
    assert team_values(store, team.id) == original
    press(teams, QKeySequence(Qt.Key.Key_Z | CTRL_SHIFT))
    session.flush()
    assert team_values(store, team.id) == ("Riverside", original[1], original[2])
    press(teams, QKeySequence(Qt.Key.Key_Z | CTRL_SHIFT))
    session.flush()
    assert team_values(store, team.id) == ("Riverside", "#123456", 7)


def test_the_setup_editor_keeps_a_rename_saved_a_moment_before(demo_window, qtbot):
    """Rename a team, look at another and come back (the form shows the list's copy, the
    rename not yet on the disk), change its members: both are kept."""
    window = demo_window("en")
    store = window.session.store
    teams = setup_page(window).teams
    first, second = store.list(Team)[:2]
    with HeldWriter(window.session):
        teams.select(first.id)
        teams.inputs["name"].setText("Riverside")
        qtbot.keyClick(teams.inputs["name"], Qt.Key.Key_Return)
        teams.select(second.id)
        teams.select(first.id)
        teams.inputs["members"].setValue(9)
        teams.save()
    window.session.flush()
    assert team_values(store, first.id)[::2] == ("Riverside", 9)


def test_an_edit_of_a_prompt_right_after_moving_it_keeps_the_move(demo_window, qtbot):
    window = demo_window("en")
    store = window.session.store
    prompts = setup_page(window).prompts
    order = [p.id for p in store.list(Prompt)]
    moved = order[0]
    with HeldWriter(window.session):
        prompts.select(moved)
        qtbot.keyClick(prompts.view, Qt.Key.Key_Down, ALT)
        prompts.inputs["text"].setPlainText("Where do you rest on a walk?")
        prompts.save()
    window.session.flush()
    assert [p.id for p in store.list(Prompt)] == [order[1], moved, *order[2:]]
    assert store.get(Prompt, moved).text == "Where do you rest on a walk?"
    assert not prompts.error.isVisibleTo(prompts)


def test_a_merged_record_that_breaks_a_rule_is_refused_and_changes_nothing(demo_window, qtbot):
    window = demo_window("en")
    session, store = window.session, window.session.store
    workshop = dataclasses.replace(store.workshop(), start_time="10:00", end_time="16:00")
    session.update(workshop, "Times")
    session.flush()
    workshop = store.workshop()
    steps = session.undo_stack.count()
    refused: list[Exception] = []
    with HeldWriter(session):
        session.update(dataclasses.replace(workshop, end_time="12:00"), "End earlier")
        # Right by itself (13:00 to 16:00), wrong with the end queued before it.
        session.update(dataclasses.replace(workshop, start_time="13:00"), "Start later",
                       failed=refused.append)
    session.flush()
    assert len(refused) == 1 and isinstance(refused[0], InputError)
    message = refused[0].render("en")
    assert message == "The end time must be after the start time." and "\n" not in message
    assert (store.workshop().start_time, store.workshop().end_time) == ("10:00", "12:00")
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    session.flush()
    assert (store.workshop().start_time, store.workshop().end_time) == ("10:00", "16:00")
