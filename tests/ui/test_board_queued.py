"""The Board while the writer is busy (a slow USB stick): an edit returns at once, shows
once it is on the disk, a refused write says so and shows nothing, and undo of edits
queued back to back restores exactly what each one changed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from workshop.model import Cluster, Idea

from .boards import cluster_ids, cluster_of, page_of, saved, titles, undo
from .held_writer import HeldWriter

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
LOOSE = ""  # the column of the ideas in no cluster


def press_undo(window, times=1):
    for _ in range(times):
        QTest.keySequence(window.focusWidget() or window,
                          QKeySequence(QKeySequence.StandardKey.Undo))


def idea_id(window, title):
    return next(i.id for i in window.session.store.ideas() if i.title == title)


def test_alt_right_returns_while_the_writer_is_busy_and_the_card_moves_once_stored(
        board_window, qtbot):
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]
    page.activated()
    loose = page.columns[LOOSE].view
    with HeldWriter(window.session) as held:
        qtbot.keyClick(loose, Qt.Key.Key_Right, ALT)
        # The key came back while the writer is still busy: nothing is shown as moved
        # yet, and the next card is ready for the next key.
        assert held.holding
        assert titles(page, green) == [] and titles(page, LOOSE)[0] == "Shady benches"
        assert page.selected_ids() == [idea_id(window, "More trees")]
        assert window.session.undo_stack.undoText() == "Move 1 idea to Green"
        held.release()
        qtbot.waitUntil(lambda: titles(page, green) == ["Shady benches"])
    assert titles(page, LOOSE)[0] == "More trees"
    assert page.focusWidget() is loose
    assert page.selected_ids() == [idea_id(window, "More trees")]
    assert page.feedback.text() == "Moved 1 idea to Green."


def test_sorting_card_after_card_while_the_writer_is_busy(board_window, qtbot):
    """Alt+Right pressed three times before the first move is on the disk moves three
    different cards, not the first one three times."""
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]
    page.activated()
    loose = page.columns[LOOSE].view
    first_three = titles(page, LOOSE)[:3]
    with HeldWriter(window.session):
        for _ in range(3):
            qtbot.keyClick(loose, Qt.Key.Key_Right, ALT)
    saved(window)
    assert titles(page, green) == first_three
    assert page.selected_ids() == [idea_id(window, "Bus shelter")]


def test_two_moves_of_one_card_queued_back_to_back_undo_exactly(board_window, qtbot):
    """The second move's undo must put the card back where the first move put it, though
    the window had not seen the first move yet when the second was queued."""
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    page.activated()
    loose = page.columns[LOOSE].view
    source, traffic = page.board.column(LOOSE), page.board.column(names["Traffic"])
    with HeldWriter(window.session):
        qtbot.keyClick(loose, Qt.Key.Key_Right, ALT)  # to Green, by keyboard
        dragged = source.mimeData([source.index(0, 0)])  # still shown here: then dragged
        assert traffic.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
        press_undo(window)
    saved(window)
    assert cluster_of(window, "Shady benches") == "Green"
    assert titles(page, names["Green"]) == ["Shady benches"]
    press_undo(window)
    saved(window)
    assert cluster_of(window, "Shady benches") == "-"
    assert titles(page, LOOSE)[0] == "Shady benches"
    window.session.undo_stack.redo()
    window.session.undo_stack.redo()
    saved(window)
    assert cluster_of(window, "Shady benches") == "Traffic"
    assert titles(page, names["Traffic"]) == ["Shady benches"]


def test_two_merges_queued_back_to_back_undo_exactly(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    store = window.session.store
    page.activated()
    loose = page.columns[LOOSE].view
    shady, trees, shade = (idea_id(window, t) for t in
                           ("Shady benches", "More trees", "Benches in the shade"))
    with HeldWriter(window.session):
        page.select_ideas(LOOSE, [shady, trees])
        qtbot.keyClick(loose, Qt.Key.Key_M, CTRL_SHIFT)
        page.select_ideas(LOOSE, [shady, shade])  # the first merge is not shown yet
        qtbot.keyClick(loose, Qt.Key.Key_M, CTRL_SHIFT)
        assert len(titles(page, LOOSE)) == 5
    saved(window)
    assert titles(page, LOOSE) == ["Shady benches", "Bus shelter", "Bike lanes"]
    assert page.selected_ids() == [shady]
    undo(window)  # the second merge only
    assert store.get(Idea, shady).details == "details 0\n\n＋ More trees\n\ndetails 1"
    assert store.get(Idea, trees).merged_into_id == shady
    assert store.get(Idea, shade).merged_into_id is None
    undo(window)
    assert store.get(Idea, shady).details == "details 0"
    assert {i.merged_into_id for i in store.ideas()} == {None}
    assert len(titles(page, LOOSE)) == 5


def test_cluster_deletes_queued_back_to_back_undo_exactly(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    names = cluster_ids(window)
    page.board.move([idea_id(window, "Shady benches")], names["Green"])
    page.board.move([idea_id(window, "Bus shelter")], names["Traffic"])
    saved(window)
    before = {i.id: i.cluster_id for i in window.session.store.ideas()}
    with HeldWriter(window.session):
        page.board.move([idea_id(window, "More trees")], names["Green"])
        for name in ("Green", "Traffic"):
            page.columns[names[name]].view.setFocus()
            qtbot.keyClick(page.columns[names[name]].view, Qt.Key.Key_Delete, CTRL)
        assert set(page.board.column_keys()) == {LOOSE, *names.values()}  # not yet
    saved(window)
    assert page.board.column_keys() == [LOOSE]
    assert {i.cluster_id for i in window.session.store.ideas()} == {None}
    assert page.focusWidget() is page.columns[LOOSE].view
    undo(window, 2)
    assert titles(page, names["Green"]) == ["Shady benches", "More trees"]
    assert titles(page, names["Traffic"]) == ["Bus shelter"]
    undo(window)
    assert {i.id: i.cluster_id for i in window.session.store.ideas()} == before


def test_a_rename_queued_behind_a_recolour_keeps_the_new_colour(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    store = window.session.store
    green = cluster_ids(window)["Green"]
    page.columns[green].view.setFocus()
    with HeldWriter(window.session):
        menu = page.open_colour_menu()
        next(a for a in menu.actions() if a.data() == "#ffaabb").trigger()
        window.dialogs.texts.append("Green and shade")
        qtbot.keyClick(page.columns[green].view, Qt.Key.Key_F2)
    saved(window)
    cluster = store.get(Cluster, green)
    assert (cluster.name, cluster.colour) == ("Green and shade", "#ffaabb")
    assert page.columns[green].header.colour == "#ffaabb"
    assert page.feedback.text() == "Renamed the cluster to Green and shade."
    undo(window)
    cluster = store.get(Cluster, green)
    assert (cluster.name, cluster.colour) == ("Green", "#ffaabb")
    undo(window)
    assert store.get(Cluster, green).colour == "#44bb99"


def test_a_move_into_a_cluster_deleted_just_before_says_why(board_window, qtbot):
    """The window still shows the cluster when the move is queued; the writer, which has
    deleted it, refuses the move: its message, and nothing moved or left to undo."""
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]
    shady = idea_id(window, "Shady benches")
    with HeldWriter(window.session):
        page.columns[green].view.setFocus()
        qtbot.keyClick(page.columns[green].view, Qt.Key.Key_Delete, CTRL)
        assert page.board.move([shady], green) == 1
    saved(window)
    assert not page.error.isHidden() and "\n" not in page.error.text()
    assert "no cluster" in page.error.text()
    assert window.session.store.get(Idea, shady).cluster_id is None
    assert titles(page, LOOSE)[0] == "Shady benches"
    assert window.session.undo_stack.count() == 1  # the deletion only


def test_a_move_the_disk_refuses_says_so_and_the_board_stays(board_window, qtbot):
    window = board_window()
    page = page_of(window)
    green = cluster_ids(window)["Green"]

    def grow(store):
        # A move rewrites a row in place, which fits in a file that may not grow; on the
        # writer's connection each change of an idea needs new pages, as a growing WAL does.
        store.db.execute("CREATE TABLE filler (x BLOB)")
        store.db.execute("CREATE TEMP TRIGGER grow AFTER UPDATE ON main.ideas "
                         "BEGIN INSERT INTO filler VALUES (zeroblob(100000)); END")

    def fill(store):  # SQLite answers SQLITE_FULL on the writer's connection, as a full disk
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")

    window.session.writer.call(grow)
    window.session.writer.call(fill, transaction=False)
    page.activated()
    loose = page.columns[LOOSE].view
    shown = {key: titles(page, key) for key in page.board.column_keys()}
    qtbot.keyClick(loose, Qt.Key.Key_Right, ALT)
    qtbot.waitUntil(lambda: not page.error.isHidden())
    assert "full" in page.error.text() and "\n" not in page.error.text()
    assert {key: titles(page, key) for key in page.board.column_keys()} == shown
    assert window.session.store.get(Idea, idea_id(window, "Shady benches")).cluster_id is None
    assert window.session.undo_stack.count() == 0
    assert titles(page, green) == []
    assert not window.banner.isHidden()  # the window says it was not saved, too
