"""More on one laptop screen (1366×768): the capture list shows at least 8 of a team's
ideas, a ballot shows at least 20 candidates, and every team has a key."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop.model import Idea, Prompt, Team, VoteRound
from workshop.ui.voting.voter import VoterScreen
from workshop.voting import candidates_for

# A maximised window on a 1366×768 screen (a window manager's title bar and a panel):
# what the app gets, and what its voter screen gets in full screen below the timer bar.
WINDOW = (1366, 740)
VOTER_AREA = (1366, 768 - 64 - 27)  # the timer bar and status bar stay on screen


def fully_shown(widget) -> bool:
    region = widget.visibleRegion()
    return not region.isEmpty() and region.boundingRect().height() >= widget.height() - 1


def test_the_capture_list_shows_8_ideas_at_1366x768(demo_window, qtbot):
    for lang in ("en", "ja"):
        window = demo_window(lang)
        window.resize(*WINDOW)
        window.show_page(1)
        page = window.page("capture")
        QApplication.processEvents()
        shown = page.list.viewport().height() // page.list.sizeHintForRow(0)
        assert shown >= 8, (lang, shown)


def test_a_ballot_shows_20_candidates_at_1366x768(demo_window, qtbot):
    window = demo_window("ja")
    store = window.session.store
    prompt, team = store.list(Prompt)[0], store.list(Team)[0]
    for number in range(8):
        store.add(Idea(title=f"追加のアイデア その{number + 1}", details="",
                       prompt_id=prompt.id, team_id=team.id, position=100 + number))
    r = store.add(VoteRound(name="30 案", candidate_kind="all", max_dots_per_idea=3,
                            dots_per_voter=5))
    candidates = candidates_for(store, r)
    assert len(candidates) >= 30
    screen = VoterScreen(window.ctx)
    qtbot.addWidget(screen)
    screen.resize(*VOTER_AREA)
    screen.show()
    screen.start(dataclasses.replace(r, status="open"), candidates, store.list(Team),
                 ask_team=False)
    QApplication.processEvents()
    whole = [card for card in screen.cards if fully_shown(card)]
    assert len(whole) >= 20


def test_a_tenth_team_has_a_key_and_every_team_a_step(demo_window, qtbot):
    window = demo_window("en")
    store = window.session.store
    for number, letter in enumerate("HIJK", start=7):
        store.add(Team(name=f"Table {letter}", colour="#4e79a7", members=4, position=number))
    window.session.announce(Team.TABLE)
    window.show_page(1)
    page = window.page("capture")
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    assert len(page.teams) == 11
    assert page.team_buttons.button(9).text() == "0  Table J"
    page.idea_title.setFocus()
    qtbot.keyClick(page.idea_title, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert page.current_team().name == "Table J"
    qtbot.keyClick(page.idea_title, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_team().name == "Table K"  # the eleventh, by stepping
    qtbot.keyClick(page.idea_title, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_team().name == "Table A"  # round the end
    qtbot.keyClick(page.idea_title, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.current_team().name == "Table K"
    assert page.idea_title.text() == ""  # nothing typed into the field
