"""The Board page: clustering by keyboard and by drag and drop, merging, clusters, filters,
undo/redo of every edit, and a board of 2,000 ideas."""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QToolButton

from workshop.i18n import gettext_for
from workshop.model import Cluster, Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.ui.board.models import IDEAS_MIME, UNCLUSTERED, TeamsRole
from workshop.ui.board.page import BoardPage
from workshop.ui.context import UiContext
from workshop.ui.dialogs import Dialogs
from workshop.ui.session import Session
from workshop.ui.settings import Settings

from .boards import cluster_ids, cluster_of, page_of, redo, saved, titles, undo

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
MOVE = Qt.DropAction.MoveAction


# ---------------------------------------------------------------------------- models


def test_every_board_model_passes_the_model_tester(board_window, qtmodeltester):
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]
    models = [page.board.column(key) for key in page.board.column_keys()]
    models += [page.filters.prompt_choices, page.filters.team_choices, page.filters.cluster_choices]
    for model in models:
        qtmodeltester.check(model)
    # The testers stay attached: moves, filters and a new cluster must keep them happy.
    ids = [i.id for i in page.board.column(UNCLUSTERED).ideas()[:2]]
    page.board.move(ids, green)
    saved(window)
    page.filters.search.setText("bench")
    page.filters.search.setText("")
    window.dialogs.texts.append("Shade")
    page.new_cluster()
    saved(window)
    undo(window, 2)
    assert titles(page, green) == []


# ------------------------------------------------------------------- clustering by keys


def test_clustering_by_keyboard_then_undo_and_redo(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    assert page.board.column_keys() == [UNCLUSTERED, names["Green"], names["Traffic"]]
    loose = page.columns[UNCLUSTERED].view
    page.activated()
    assert page.focusWidget() is loose
    assert page.selected_ids() == [page.board.column(UNCLUSTERED).idea(0).id]

    # Alt+Right: "Shady benches" goes to Green; the focus stays here, on the next card.
    qtbot.keyClick(loose, Qt.Key.Key_Right, ALT)
    saved(window)
    assert cluster_of(window, "Shady benches") == "Green"
    assert page.focusWidget() is loose
    assert page.selected_ids() == [page.board.column(UNCLUSTERED).idea(0).id]
    assert titles(page, UNCLUSTERED)[0] == "More trees"
    # Right walks to Green; Alt+Right there sends "Shady benches" on to Traffic.
    qtbot.keyClick(loose, Qt.Key.Key_Right)
    green_view = page.columns[names["Green"]].view
    assert page.focusWidget() is green_view
    qtbot.keyClick(green_view, Qt.Key.Key_Right, ALT)
    saved(window)
    assert cluster_of(window, "Shady benches") == "Traffic"
    assert "Moved 1 idea to Traffic." in page.feedback.text()
    assert page.focusWidget() is green_view

    # Left walks back to the unclustered column; Down + Shift+Down selects two cards.
    qtbot.keyClick(green_view, Qt.Key.Key_Left)
    assert page.focusWidget() is loose
    qtbot.keyClick(loose, Qt.Key.Key_Down)
    qtbot.keyClick(loose, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [page.board.column(UNCLUSTERED).row_of(i) for i in page.selected_ids()] == [1, 2]
    assert titles(page, UNCLUSTERED)[1:3] == ["Benches in the shade", "Bus shelter"]

    # Ctrl+M opens the picker; "3" chooses Traffic; the focus stays for the next card.
    qtbot.keyClick(loose, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    menu = page.move_menu
    assert menu is not None and menu.isVisible()
    assert [a.text() for a in menu.actions() if a.text()][:3] == [
        "&1  Unclustered", "&2  Green", "&3  Traffic"]
    qtbot.keyClick(menu, Qt.Key.Key_3)
    saved(window)
    assert cluster_of(window, "Benches in the shade") == "Traffic"
    assert cluster_of(window, "Bus shelter") == "Traffic"
    assert titles(page, names["Traffic"]) == ["Shady benches", "Benches in the shade",
                                              "Bus shelter"]
    assert page.focusWidget() is loose
    assert page.board.column(UNCLUSTERED).idea(
        loose.currentIndex().row()).title == "Bike lanes"
    assert window.session.undo_stack.undoText() == "Move 2 ideas to Traffic"

    undo(window)  # the two ideas come back, together
    assert titles(page, UNCLUSTERED) == ["More trees", "Benches in the shade",
                                         "Bus shelter", "Bike lanes"]
    undo(window, 2)
    assert cluster_of(window, "Shady benches") == "-"
    assert window.session.undo_stack.index() == 0
    redo(window, 3)
    assert titles(page, names["Traffic"]) == ["Shady benches", "Benches in the shade",
                                              "Bus shelter"]


def test_sorting_card_after_card_with_the_same_key(board_window, qtbot):
    """Alt+Right on each card in turn: every one lands in the next cluster, in order,
    and the keyboard never leaves the column being sorted."""
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    page.activated()
    loose = page.columns[UNCLUSTERED].view
    first_three = titles(page, UNCLUSTERED)[:3]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, ALT)
        assert page.focusWidget() is loose
    saved(window)
    assert titles(page, names["Green"])[-3:] == first_three
    assert loose.currentIndex().row() == 0 and len(titles(page, UNCLUSTERED)) == 2


def test_the_cluster_menu_shows_the_keys(board_window):
    window = board_window()
    page = page_of(window)
    menu = page.cluster_button.menu()
    shown = {a.text(): a.shortcut().toString() for a in menu.actions()
             if a.text() and a.isShortcutVisibleInContextMenu()}
    assert shown["New cluster…"] == "Ctrl+Shift+N"
    assert shown["Rename cluster…"] == "F2"
    assert shown["Delete cluster"] == "Ctrl+Del"
    assert shown["Move to the next cluster"] == "Alt+Right"


def test_moves_that_cannot_happen_change_nothing(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    page.activated()
    loose = page.columns[UNCLUSTERED].view
    qtbot.keyClick(loose, Qt.Key.Key_Left, ALT)  # no column left of the first one
    assert window.session.undo_stack.count() == 0
    # Only the cluster filter's column is shown: Alt+Right has nowhere to go.
    page.filters.cluster_box.setCurrentIndex(1)  # "Unclustered"
    assert page.board.column_keys() == [UNCLUSTERED]
    qtbot.keyClick(page.columns[UNCLUSTERED].view, Qt.Key.Key_Right, ALT)
    assert window.session.undo_stack.count() == 0


def test_controls_have_names_and_the_tab_key_walks_the_columns(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    controls = [c for kind in (QComboBox, QLineEdit, QToolButton)
                for c in page.findChildren(kind)
                if c.focusPolicy() != Qt.FocusPolicy.NoFocus]  # not the search's clear icon
    assert controls and all(c.accessibleName() for c in controls)
    assert page.columns[UNCLUSTERED].view.accessibleName() == "Unclustered: 5 ideas"
    assert page.columns[names["Green"]].view.accessibleName() == "Green: 0 ideas"
    views = [page.columns[k].view for k in page.board.column_keys()]
    views[0].setFocus()
    for view in views[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is view
    card = page.board.column(UNCLUSTERED).index(0, 0)
    assert card.data(Qt.ItemDataRole.AccessibleTextRole) == "Shady benches (Table A)"


# ------------------------------------------------------------------------ drag and drop


def test_drag_and_drop_moves_ideas_through_the_models(board_window):
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]
    source, target = page.board.column(UNCLUSTERED), page.board.column(green)
    mime = source.mimeData([source.index(1, 0), source.index(3, 0)])
    assert IDEAS_MIME in mime.formats()
    assert mime.text() == "More trees\nBus shelter"
    assert target.canDropMimeData(mime, MOVE, -1, 0, QModelIndex())
    assert target.dropMimeData(mime, MOVE, -1, 0, QModelIndex())
    saved(window)
    assert titles(page, green) == ["More trees", "Bus shelter"]
    assert titles(page, UNCLUSTERED) == ["Shady benches", "Benches in the shade", "Bike lanes"]
    # Dropping them where they already are is no change (and no undo step).
    assert not target.dropMimeData(target.mimeData([target.index(0, 0)]), MOVE, -1, 0,
                                   QModelIndex())
    assert window.session.undo_stack.count() == 1
    undo(window)
    assert titles(page, green) == []
    redo(window)
    assert titles(page, green) == ["More trees", "Bus shelter"]


def test_the_columns_are_set_up_for_dragging_between_them(board_window):
    window = board_window()
    page = page_of(window)
    for column in page.columns.values():
        view = column.view
        assert view.dragEnabled() and view.acceptDrops()
        assert view.dragDropMode() == view.DragDropMode.DragDrop
        assert view.defaultDropAction() == MOVE
    model = page.board.column(UNCLUSTERED)
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled and flags & Qt.ItemFlag.ItemIsDropEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled  # empty space too


def test_drops_from_elsewhere_are_refused(board_window):
    window = board_window()
    page = page_of(window)
    green = page.board.column(cluster_ids(window)["Green"])
    idea_id = page.board.column(UNCLUSTERED).idea(0).id
    for payload in ({"workshop": "another workshop", "ideas": [idea_id]}, ["not", "a dict"]):
        mime = QMimeData()
        mime.setData(IDEAS_MIME, QByteArray(json.dumps(payload).encode()))
        assert not green.canDropMimeData(mime, MOVE, -1, 0, QModelIndex())
        assert not green.dropMimeData(mime, MOVE, -1, 0, QModelIndex())
    text = QMimeData()
    text.setText("Shady benches")
    assert not green.canDropMimeData(text, MOVE, -1, 0, QModelIndex())
    assert window.session.undo_stack.count() == 0


# --------------------------------------------------------------------------------- merge


def test_merging_duplicates_keeps_both_texts_and_teams_and_undoes(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    store = window.session.store
    loose = page.columns[UNCLUSTERED].view
    page.activated()
    page.select_ideas(UNCLUSTERED, [page.board.column(UNCLUSTERED).idea(r).id for r in (0, 1)])
    qtbot.keyClick(loose, Qt.Key.Key_M, CTRL_SHIFT)
    saved(window)
    assert titles(page, UNCLUSTERED) == ["Shady benches", "Benches in the shade",
                                         "Bus shelter", "Bike lanes"]
    card = page.board.column(UNCLUSTERED).index(0, 0)
    assert card.data(TeamsRole) == [("Table A", "#4e79a7"), ("Table B", "#f28e2b")]
    assert "Table A, Table B" in card.data(Qt.ItemDataRole.AccessibleTextRole)
    kept = store.ideas()[0]
    assert kept.details == "details 0\n\n＋ More trees\n\ndetails 1"
    assert "Merged 2 ideas" in page.feedback.text()
    # The merged idea is found by the team of its duplicate, too.
    page.filters.team_box.setCurrentIndex(page.filters.team_choices.row_of(store.list(Team)[1].id))
    assert titles(page, UNCLUSTERED) == ["Shady benches", "Bus shelter"]
    page.filters.team_box.setCurrentIndex(0)
    undo(window)
    assert titles(page, UNCLUSTERED)[:2] == ["Shady benches", "More trees"]
    assert store.ideas()[0].details == "details 0"
    assert {i.merged_into_id for i in store.ideas()} == {None}
    redo(window)
    assert len(titles(page, UNCLUSTERED)) == 4


def test_a_merge_that_breaks_a_rule_says_why_and_changes_nothing(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    page.filters.prompt_box.setCurrentIndex(0)  # all prompts: ideas of both prompts side by side
    column = page.board.column(UNCLUSTERED)
    other_prompt = next(i.id for i in column.ideas() if i.title == "Dark at night")
    page.select_ideas(UNCLUSTERED, [column.idea(0).id, other_prompt])
    qtbot.keyClick(page.columns[UNCLUSTERED].view, Qt.Key.Key_M, CTRL_SHIFT)
    assert page.error.text() == "Only ideas of the same prompt can be merged."
    assert not page.error.isHidden()
    assert {i.merged_into_id for i in window.session.store.ideas()} == {None}
    assert window.session.undo_stack.count() == 0
    assert len(titles(page, UNCLUSTERED)) == 6


def test_deleting_ideas_is_undoable(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    page.activated()
    loose = page.columns[UNCLUSTERED].view
    qtbot.keyClick(loose, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(loose, Qt.Key.Key_Delete)
    saved(window)
    assert titles(page, UNCLUSTERED) == ["Benches in the shade", "Bus shelter", "Bike lanes"]
    assert page.selected_ids() == [page.board.column(UNCLUSTERED).idea(0).id]
    undo(window)
    assert len(titles(page, UNCLUSTERED)) == 5
    # Delete typed in the search box edits the search, never the ideas.
    page.filters.search.setText("bus")
    page.filters.search.setFocus()
    page.filters.search.setCursorPosition(0)
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Delete)
    assert page.filters.search.text() == "us"
    assert len(window.session.store.ideas()) == 6


# ------------------------------------------------------------------------------ clusters


def test_clusters_created_renamed_recoloured_reordered_deleted_with_undo(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    store = window.session.store
    page.activated()
    names = cluster_ids(window)

    window.dialogs.texts.append("Shade")
    page.act_new_cluster.trigger()
    window.session.flush()
    shade = cluster_ids(window)["Shade"]
    assert page.board.column_keys() == [UNCLUSTERED, names["Green"], names["Traffic"], shade]
    assert store.get(Cluster, shade).prompt_id == page.board.query.prompt_id
    assert page.focusWidget() is page.columns[shade].view
    assert page.columns[shade].header.name == "Shade"

    window.dialogs.texts.append("Shade and trees")
    qtbot.keyClick(page.columns[shade].view, Qt.Key.Key_F2)
    window.session.flush()
    assert store.get(Cluster, shade).name == "Shade and trees"
    assert page.columns[shade].header.name == "Shade and trees"

    window.dialogs.texts.append("   ")  # an empty name is refused, with a message
    qtbot.keyClick(page.columns[shade].view, Qt.Key.Key_F2)
    window.session.flush()
    assert store.get(Cluster, shade).name == "Shade and trees"
    assert not page.error.isHidden() and page.error.text() == "Name must not be empty."

    menu = page.open_colour_menu()
    mint = next(a for a in menu.actions() if a.data() == "#44bb99")
    assert mint.text() == "&6  Mint"
    mint.trigger()
    window.session.flush()
    assert store.get(Cluster, shade).colour == "#44bb99"
    assert page.columns[shade].header.colour == "#44bb99"

    qtbot.keyClick(page.columns[shade].view, Qt.Key.Key_Left, CTRL_SHIFT)
    qtbot.keyClick(page.columns[shade].view, Qt.Key.Key_Left, CTRL_SHIFT)
    saved(window)
    assert page.board.column_keys() == [UNCLUSTERED, shade, names["Green"], names["Traffic"]]
    placed = [page.strip_layout.itemAt(n).widget() for n in range(4)]
    assert placed == [page.columns[k] for k in page.board.column_keys()]
    assert page.focusWidget() is page.columns[shade].view

    # Deleting a cluster puts its ideas back in no cluster.
    idea_id = page.board.column(UNCLUSTERED).idea(0).id
    page.board.move([idea_id], shade)
    saved(window)
    page.columns[shade].view.setFocus()
    qtbot.keyClick(page.columns[shade].view, Qt.Key.Key_Delete,
                   Qt.KeyboardModifier.ControlModifier)
    saved(window)
    assert shade not in page.board.column_keys() and shade not in page.columns
    assert store.get(Idea, idea_id).cluster_id is None
    assert page.focusWidget() is page.columns[UNCLUSTERED].view

    undo(window)  # the cluster and its idea come back
    window.session.flush()
    assert store.get(Idea, idea_id).cluster_id == shade
    assert titles(page, shade) == ["Shady benches"]
    undo(window, 5)  # the move, the two reorders, the colour, the rename
    window.session.flush()
    assert store.get(Cluster, shade).name == "Shade"
    assert page.board.column_keys()[-1] == shade
    undo(window)  # the new cluster
    window.session.flush()
    assert page.board.column_keys() == [UNCLUSTERED, names["Green"], names["Traffic"]]
    redo(window, 7)
    window.session.flush()
    assert page.board.column_keys() == [UNCLUSTERED, names["Green"], names["Traffic"]]
    assert store.get(Idea, idea_id).cluster_id is None


def test_a_new_cluster_from_the_move_picker_takes_the_selected_ideas(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    page.activated()
    loose = page.columns[UNCLUSTERED].view
    qtbot.keyClick(loose, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    menu = page.open_move_menu()
    window.dialogs.texts.append("Seats")
    next(a for a in menu.actions() if a.text() == "New cluster…").trigger()
    saved(window)
    seats = cluster_ids(window)["Seats"]
    assert titles(page, seats) == ["Shady benches", "More trees"]
    undo(window)  # one step: no cluster, ideas back
    assert "Seats" not in cluster_ids(window)
    assert len(titles(page, UNCLUSTERED)) == 5


# ------------------------------------------------------------------------ search, filter


def test_search_and_filters_by_text_team_prompt_and_cluster(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    page.board.move([page.board.column(UNCLUSTERED).idea(1).id], names["Green"])
    saved(window)
    assert page.count_label.text() == "5 ideas"

    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.focusWidget() is page.filters.search
    qtbot.keyClicks(page.filters.search, "BENCH")
    assert titles(page, UNCLUSTERED) == ["Shady benches", "Benches in the shade"]
    page.filters.search.setText("ｓｈａｄｅ　ＢＥＮＣＨ")  # full width, as an IME writes it
    assert titles(page, UNCLUSTERED) == ["Benches in the shade"]
    page.filters.search.setText("bench")
    assert titles(page, names["Green"]) == []
    assert page.count_label.text() == "2 of 5 ideas shown"
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Escape)
    assert page.filters.search.text() == ""

    team_b = window.session.store.list(Team)[1].id
    page.filters.team_box.setCurrentIndex(page.filters.team_choices.row_of(team_b))
    assert titles(page, UNCLUSTERED) == ["Bus shelter"]
    assert titles(page, names["Green"]) == ["More trees"]
    page.filters.team_box.setCurrentIndex(0)

    page.filters.cluster_box.setCurrentIndex(page.filters.cluster_choices.row_of(names["Green"]))
    assert page.board.column_keys() == [names["Green"]]
    assert titles(page, names["Green"]) == ["More trees"]
    page.filters.cluster_box.setCurrentIndex(1)  # only the unclustered ideas
    assert page.board.column_keys() == [UNCLUSTERED]
    page.filters.cluster_box.setCurrentIndex(0)

    second = window.session.store.list(Prompt)[1].id
    page.filters.prompt_box.setCurrentIndex(page.filters.prompt_choices.row_of(second))
    assert titles(page, UNCLUSTERED) == ["Dark at night"]
    assert page.count_label.text() == "1 idea"
    page.filters.prompt_box.setCurrentIndex(0)  # all prompts
    assert len(titles(page, UNCLUSTERED)) == 5


def test_the_board_catches_up_with_ideas_added_while_it_was_hidden(board_window):
    window = board_window()
    page = page_of(window)
    window.show_page(1)
    store = window.session.store
    prompt = store.list(Prompt)[0]
    window.session.add(Idea(title="Typed on the capture page", prompt_id=prompt.id))
    assert "Typed on the capture page" not in titles(page, UNCLUSTERED)  # not read yet
    window.session.flush()
    window.show_page(2)
    assert "Typed on the capture page" in titles(page, UNCLUSTERED)


def test_the_board_in_japanese_with_the_demo(demo_window):
    window = demo_window("ja")
    window.show_page(2)
    page = page_of(window)
    # Every demo idea is in a cluster: the keyboard starts in the first cluster with cards.
    assert page.focusWidget() is page.columns[page.board.column_keys()[1]].view
    headers = [page.columns[k].header.name for k in page.board.column_keys()]
    assert headers[1:4] == ["緑と休憩", "にぎわい", "交通"]
    assert sum(page.board.column(k).rowCount() for k in page.board.column_keys()) > 0
    page.filters.search.setText("ベンチ")
    found = [i for k in page.board.column_keys() for i in page.board.column(k).ideas()]
    assert {"木陰のベンチで本が読める広場", "高齢者が休める日よけ付きベンチ"} <= {
        i.title for i in found}
    assert all("ベンチ" in i.title + i.details for i in found)  # details are searched too


# ------------------------------------------------------------------------ 2,000 ideas


def test_a_board_of_2000_ideas_opens_and_filters(qtbot, tmp_path):
    """The page on its own (the window's other pages are not under test here)."""
    store = WorkshopStore.in_memory(Workshop(title="Big"))
    prompt = store.add(Prompt(text="Ideas?"))
    team = store.add(Team(name="Table A"))
    green = store.add(Cluster(name="Green"))
    with store.transaction():
        for n in range(2000):
            store.add(Idea(title=f"Idea number {n}", prompt_id=prompt.id, team_id=team.id,
                           position=n))
    session = Session(store)
    ctx = UiContext(session, "en", gettext_for("en"), Settings(tmp_path / "s.ini"),
                    Dialogs(gettext_for("en")))
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.count_label.text() == "2000 ideas"
    view = page.columns[UNCLUSTERED].view
    assert view.uniformItemSizes()
    page.filters.search.setText("number 19")  # both words, anywhere: 19, 119, 190–199, 1019, ...
    assert set(titles(page, UNCLUSTERED)) == {
        f"Idea number {n}" for n in range(2000) if "19" in str(n)}
    assert page.count_label.text() == "139 of 2000 ideas shown"
    page.filters.search.setText("")
    ids = [i.id for i in page.board.column(UNCLUSTERED).ideas()[:500]]
    assert page.board.move(ids, green.id) == 500
    session.flush()
    assert page.board.column(green.id).rowCount() == 500
    session.undo_stack.undo()
    session.flush()
    assert page.board.column(UNCLUSTERED).rowCount() == 2000
    page.close()
    session.close()
