"""Smaller things a first-time facilitator hit (issue 11.10): Enter on the start screen's
buttons, the save dialog's suggested name, recent workshops by title, back to the last page,
the next colour for a new team, long prompts readable, a paused timer that looks paused,
dot-count help that follows the value, English plurals."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from workshop.model import Team
from workshop.palette import TEAM_COLOURS


def setup_page(window):
    window.show_page(0)
    return window.page("setup")


def test_each_new_team_gets_the_next_colour(demo_window, qtbot):
    window = demo_window("en")
    teams = setup_page(window).teams
    used = [t.colour for t in window.session.store.list(Team)]
    palette = [colour for colour, _name in TEAM_COLOURS]
    teams.clear()
    for name in ("Table H", "Table I"):  # one after the other, as typed
        teams.inputs["name"].setText(name)
        qtbot.keyClick(teams.inputs["name"], Qt.Key.Key_Return)
        window.session.flush()
    added = window.session.store.list(Team)[-2:]
    assert added[0].colour != added[1].colour
    assert [t.colour for t in added] == [c for c in palette if c not in used][:2]


def test_enter_on_a_focused_start_screen_button_presses_it(make_window, qtbot):
    window = make_window("en")
    start = window.centralWidget()
    demo = next(b for b in start.findChildren(QPushButton) if "demo" in b.text())
    demo.setFocus()
    qtbot.keyClick(demo, Qt.Key.Key_Return)
    assert window.session is not None


def test_the_save_dialog_offers_a_name_from_the_title(demo_window, tmp_path):
    window = demo_window("ja")
    title = window.session.store.workshop().title
    window.dialogs.paths.append(None)  # the facilitator cancels
    window.save_copy()
    assert window.dialogs.suggested == [f"{title}（コピー）.workshop"]


def test_qt_dialogs_are_japanese_where_qtbase_ja_has_gaps(qapp):
    from PySide6.QtCore import QCoreApplication

    from workshop.ui.app import QtTranslations

    translations = QtTranslations(qapp)
    try:
        translations.install("ja")
        translate = QCoreApplication.translate
        assert translate("QFileDialog", "Files of &type:") == "ファイルの種類(&T):"
        assert translate("QFileDialog", "&Look in:") == "場所(&L):"
        assert translate("QAbstractFileIconProvider", "Folder",
                         "All other platforms") == "フォルダ"
        assert translate("QFileDialog", "File &name:") == "ファイル名(&N):"  # from qtbase_ja
    finally:
        translations.install("en")
    assert translations._translators == []  # English: every translator of ours is removed


def test_recent_workshops_by_title_and_back_to_the_last_page(demo_window, qtbot):
    window = demo_window("en")
    path = window.session.path
    title = window.session.store.workshop().title
    voting = window.pages.index(window.page("voting"))
    window.show_page(voting)
    window.close_workshop()
    start = window.centralWidget()
    assert start.recent_list.item(0).text().startswith(title)
    assert window.open_path(path)
    assert window.stack.currentIndex() == voting


def test_long_prompts_are_shown_whole_in_the_prompt_list(demo_window, qtbot):
    window = demo_window("en")
    prompts = setup_page(window).prompts
    setup_page(window).tabs.setCurrentWidget(prompts)
    QApplication.processEvents()
    view = prompts.view
    line = view.fontMetrics().lineSpacing()
    assert view.wordWrap() and view.visualRect(prompts.model.index(0)).height() >= 2 * line


def test_english_plurals(demo_window, qtbot):
    window = demo_window("en")
    store = window.session.store
    team = store.list(Team)[0]
    window.session.update(dataclasses.replace(team, members=1))
    window.session.flush()
    label = setup_page(window).teams.model.index(0).data()
    assert "1 member)" in label and "1 members" not in label
    from workshop.model import VoteRound
    from workshop.ui.voting.voter import VoterScreen
    from workshop.voting import candidates_for, open_round

    r = store.add(VoteRound(name="R", candidate_kind="all", max_dots_per_idea=1,
                            dots_per_voter=3))
    open_round(store, r.id)
    r = store.get(VoteRound, r.id)
    screen = VoterScreen(window.ctx)
    qtbot.addWidget(screen)
    screen.start(r, candidates_for(store, r), [], ask_team=False)
    assert screen.rules_hint.text() == "At most 1 dot on one idea."
    assert screen.cards[0].accessibleName().endswith(": 0 dots")
    screen.change(screen.cards[0].candidate.id, +1)
    assert not screen.message.text(), screen.message.text()
    assert screen.cards[0].accessibleName().endswith(": 1 dot")

