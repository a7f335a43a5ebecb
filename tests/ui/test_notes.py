"""The Notes page: notes of every kind and link, filters, edit, delete, undo; photos added by
the file dialog and by dropping files, prepared off the UI thread; the item models."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from workshop.model import Idea, Note, NoteKind, Photo, Prompt, Team
from workshop.notes import WORKSHOP_LINK, Link, LinkKind, NoteFilter, link_of
from workshop.photos import MAX_EDGE
from workshop.ui.notes.models import LinkRole, NoteTableModel

STICKY = ["#fff176", "#f48fb1", "#81d4fa", "#a5d6a7", "#ffcc80"]


def sticky_sheet(path, size=(2400, 1700), seed=1, fmt="JPEG"):
    """A photo-like flip-chart sheet: off-white paper with coloured sticky notes on it."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (246, 244, 236))
    draw = ImageDraw.Draw(image)
    w, h = size
    note = w // 9
    for row in range(3):
        for column in range(6):
            x = w // 14 + column * (note + w // 30) + rng.randint(-12, 12)
            y = h // 8 + row * (note + h // 14) + rng.randint(-12, 12)
            draw.rectangle([x, y, x + note, y + note], fill=rng.choice(STICKY))
            for line in range(3):  # a few strokes of "handwriting"
                ly = y + note // 4 + line * note // 5
                draw.line([x + note // 8, ly, x + note - note // 6 - rng.randint(0, 40), ly],
                          fill=(40, 40, 60), width=max(2, note // 40))
    image.save(path, fmt)
    return path


def open_notes(window):
    window.show_page([p.key for p in window.pages].index("notes"))
    return window.page("notes")


def targets(store):
    team = store.list(Team)[0]
    prompt = store.list(Prompt)[0]
    idea = store.ideas()[0]
    return {
        "workshop": WORKSHOP_LINK,
        "team": Link(LinkKind.TEAM, team.id),
        "prompt": Link(LinkKind.PROMPT, prompt.id),
        "idea": Link(LinkKind.IDEA, idea.id),
    }


def type_note(qtbot, panel, text, kind=None, link=None):
    if kind is not None:
        panel.kind.buttons[kind].click()
    if link is not None:
        panel.link.set_link(link)
    if text.isascii():
        qtbot.keyClicks(panel.text, text)
    else:  # QTest types ASCII only; this is what an input method's commit does
        panel.text.insertPlainText(text)
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    panel.ctx.session.flush()  # the writer's acknowledgement, applied now


def shown_rows(panel):
    model = panel.proxy
    return [tuple(model.index(row, column).data() for column in range(4))
            for row in range(model.rowCount())]


# ---------------------------------------------------------------------------- notes


def test_every_kind_with_every_link(demo_window, qtbot):
    window = demo_window("en")
    page = open_notes(window)
    panel, store = page.notes, window.session.store
    links = targets(store)
    before = len(store.list(Note))
    for kind in NoteKind:
        for name, link in links.items():
            type_note(qtbot, panel, f"{kind} about the {name}", kind, link)
    notes = store.list(Note)[before:]
    assert [(n.kind, link_of(n)) for n in notes] == [
        (kind, link) for kind in NoteKind for link in links.values()]
    assert panel.error.isHidden()
    # newest first, with the kind and the link spelled out in words
    time, kind, linked, text = shown_rows(panel)[0]
    assert (kind, text) == ("? Question", "question about the idea")
    assert linked == "Idea: " + store.get(Idea, links["idea"].id).title
    assert time == panel.model.time_text(notes[-1]) and ":" in time
    rows = {row[3]: row for row in shown_rows(panel)}
    assert rows["decision about the team"][1:3] == ("✔ Decision", "Team: Table A")
    assert rows["action about the prompt"][2].startswith("Prompt: ")
    assert rows["note about the workshop"][2] == "Whole workshop"
    assert page.tabs.tabText(0) == f"Notes ({before + 16})"


def test_enter_saves_shift_enter_is_a_new_line_and_the_focus_stays(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    panel.kind.buttons[NoteKind.ACTION].click()
    window.session.flush()
    qtbot.keyClicks(panel.text, "Call the bus company")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    window.session.flush()
    qtbot.keyClicks(panel.text, "before Friday")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    window.session.flush()
    note = window.session.store.list(Note)[-1]
    assert (note.kind, note.text) == (NoteKind.ACTION, "Call the bus company\nbefore Friday")
    assert panel.text.toPlainText() == ""
    assert panel.focusWidget() is panel.text
    assert panel.kind.kind() is NoteKind.ACTION  # ready for the next note of the same kind
    assert panel.status.text() == "Note added."


def test_an_empty_note_is_explained_and_nothing_is_stored(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    store = window.session.store
    before, undo_steps = len(store.list(Note)), window.session.undo_stack.count()
    qtbot.keyClicks(panel.text, "   ")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    assert len(store.list(Note)) == before
    assert window.session.undo_stack.count() == undo_steps
    assert panel.error.isVisible() and "must not be empty" in panel.error.text()


def test_the_link_picker_finds_a_team_by_typing_part_of_its_name(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    team_b = window.session.store.list(Team)[1]
    combo = panel.link
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "able b")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1  # only "Team: Table B" contains it
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.link() == Link(LinkKind.TEAM, team_b.id)
    type_note(qtbot, panel, "Ask about taxis")
    assert window.session.store.list(Note)[-1].team_id == team_b.id


def test_filters_by_kind_link_and_text(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    links = targets(window.session.store)
    type_note(qtbot, panel, "Shade first", NoteKind.DECISION, links["prompt"])
    type_note(qtbot, panel, "Ｗｈｏ pays for the shade?", NoteKind.QUESTION, links["prompt"])
    filters = panel.filters
    total = panel.proxy.rowCount()
    filters.kind.setCurrentIndex(filters.kind.findData(NoteKind.DECISION))
    assert {row[1] for row in shown_rows(panel)} == {"✔ Decision"}
    assert panel.count_label.text() == f"2 of {total} notes shown"  # one from the demo
    filters.kind.setCurrentIndex(0)
    filters.link.setCurrentIndex(filters.link.model().row_of(links["prompt"]))
    assert [row[3] for row in shown_rows(panel)] == ["Ｗｈｏ pays for the shade?", "Shade first"]
    qtbot.keyClicks(filters.search, "who")  # full-width text matches
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1)
    assert shown_rows(panel)[0][3] == "Ｗｈｏ pays for the shade?"
    filters.clear_button.click()
    assert panel.proxy.rowCount() == total and panel.count_label.text() == f"{total} notes"


def test_a_new_note_hidden_by_the_filter_says_so(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    panel.filters.kind.setCurrentIndex(panel.filters.kind.findData(NoteKind.QUESTION))
    type_note(qtbot, panel, "A decision", NoteKind.DECISION)
    assert panel.status.text() == "Note added; the current filter hides it."


def test_edit_a_selected_note_then_undo_and_redo(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    store, stack = window.session.store, window.session.undo_stack
    links = targets(store)
    type_note(qtbot, panel, "Benches by the fountain", NoteKind.NOTE, links["team"])
    note = store.list(Note)[-1]
    assert panel.select(note.id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on a row edits it
    window.session.flush()
    assert panel.editing == note and panel.text.toPlainText() == note.text
    assert panel.save_button.text() == "Save changes" and panel.editing_label.isVisible()
    panel.kind.buttons[NoteKind.DECISION].click()
    window.session.flush()
    panel.link.set_link(links["idea"])
    panel.text.selectAll()
    qtbot.keyClicks(panel.text, "Benches by the fountain, in the shade")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    window.session.flush()
    edited = store.get(Note, note.id)
    assert (edited.kind, edited.text, link_of(edited)) == (
        NoteKind.DECISION, "Benches by the fountain, in the shade", links["idea"])
    assert panel.editing is None and panel.save_button.text() == "Add note"
    # the entry row is back to what it was set to before the edit
    assert (panel.kind.kind(), panel.link.link()) == (NoteKind.NOTE, links["team"])
    stack.undo()
    window.session.flush()
    assert store.get(Note, note.id).text == "Benches by the fountain"
    assert panel.proxy.record(0).text == "Benches by the fountain"
    stack.redo()
    window.session.flush()
    assert store.get(Note, note.id).kind is NoteKind.DECISION


def test_escape_cancels_an_edit_without_saving(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    note = window.session.store.list(Note)[0]
    panel.edit(note)
    qtbot.keyClicks(panel.text, " more")
    qtbot.keyClick(panel.text, Qt.Key.Key_Escape)
    assert panel.editing is None and panel.text.toPlainText() == ""
    assert window.session.store.get(Note, note.id).text == note.text


def test_delete_with_the_delete_key_then_undo_and_redo(demo_window, qtbot):
    window = demo_window("en")
    panel = open_notes(window).notes
    store, stack = window.session.store, window.session.undo_stack
    notes = store.list(Note)
    victim = panel.proxy.record(0)
    panel.select(victim.id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    window.session.flush()
    assert victim.id not in {n.id for n in store.list(Note)}
    assert panel.proxy.rowCount() == len(notes) - 1
    assert panel.status.text() == "Note deleted – Ctrl+Z brings it back."
    window.undo_action.trigger()
    window.session.flush()
    assert panel.proxy.rowCount() == len(notes)
    stack.redo()
    window.session.flush()
    assert panel.proxy.rowCount() == len(notes) - 1
    # several selected notes go in one step, and come back in one
    panel.table.selectAll()
    panel.delete_selected()
    window.session.flush()
    assert store.list(Note) == [] and panel.proxy.rowCount() == 0
    stack.undo()
    window.session.flush()
    assert len(store.list(Note)) == len(notes) - 1


# ---------------------------------------------------------------------------- photos


def drop(page, paths, target=None):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    widget = target or page
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dropping = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    accepted = enter.isAccepted()
    QApplication.sendEvent(widget, dropping)
    return accepted


def wait_for_photos(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    panel.ctx.session.flush()  # prepared, then queued: stored once the writer has them


def test_photos_from_the_file_dialog_are_stored_downscaled(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel, store, stack = page.photos, window.session.store, window.session.undo_stack
    page.tabs.setCurrentIndex(1)
    team = store.list(Team)[2]
    panel.new_link.set_link(Link(LinkKind.TEAM, team.id))
    files = [sticky_sheet(tmp_path / "table-c-1.jpg", seed=1),
             sticky_sheet(tmp_path / "table-c-2.png", size=(900, 600), seed=2, fmt="PNG")]
    window.dialogs.images.append(files)
    steps = stack.count()
    panel.add_button.click()
    window.session.flush()
    assert panel.busy and panel.progress.isVisible()
    wait_for_photos(qtbot, panel)
    photos = store.list(Photo)
    assert len(photos) == 2 and stack.count() == steps + 1  # one undoable step
    big, small = photos
    assert (big.width, big.height) == (MAX_EDGE, round(1700 * MAX_EDGE / 2400))
    assert Image.open(io.BytesIO(big.data)).size == (big.width, big.height)
    assert len(big.data) < files[0].stat().st_size or big.width < 2400
    assert (small.width, small.height) == (900, 600)
    assert {p.team_id for p in photos} == {team.id} and not panel.progress.isVisible()
    assert page.tabs.tabText(1) == "Photos (2)" and panel.status.text() == "2 photos added."
    # thumbnails are made in the background and kept
    qtbot.waitUntil(lambda: all(panel.model.has_thumbnail(p.id) for p in photos))
    icon = panel.model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert max(icon.width(), icon.height()) == 180
    # one undo removes the whole batch; redo brings the same photos back
    stack.undo()
    window.session.flush()
    assert store.list(Photo) == [] and panel.proxy.rowCount() == 0
    stack.redo()
    window.session.flush()
    assert [p.id for p in store.list(Photo)] == [big.id, small.id]


def test_caption_link_and_internal_of_a_photo_are_saved_and_undone(demo_window, qtbot,
                                                                   tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel, store, stack = page.photos, window.session.store, window.session.undo_stack
    page.add_photo_files([sticky_sheet(tmp_path / "board.jpg", size=(800, 600))])
    wait_for_photos(qtbot, panel)
    photo = store.list(Photo)[0]
    assert panel.current_photo() == photo  # the new photo is selected
    assert link_of(photo) == WORKSHOP_LINK
    panel.caption.setFocus()
    panel.caption.insert("模造紙：駅前広場のベンチ")
    qtbot.keyClick(panel.caption, Qt.Key.Key_Return)
    window.session.flush()
    assert store.get(Photo, photo.id).caption == "模造紙：駅前広場のベンチ"
    assert panel.model.index(0).data() == "模造紙：駅前広場のベンチ"
    prompt = store.list(Prompt)[1]
    panel.link.setCurrentIndex(panel.link.model().row_of(Link(LinkKind.PROMPT, prompt.id)))
    panel.internal.click()
    window.session.flush()
    stored = store.get(Photo, photo.id)
    assert (stored.prompt_id, stored.internal) == (prompt.id, True)
    stack.undo()
    window.session.flush()
    stack.undo()
    window.session.flush()
    assert store.get(Photo, photo.id).prompt_id is None
    assert panel.link.link() == WORKSHOP_LINK and not panel.internal.isChecked()
    stack.undo()
    window.session.flush()
    assert store.get(Photo, photo.id).caption == "" and panel.caption.text() == ""


def test_dropped_image_files_become_photos(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    assert page.tabs.currentIndex() == 0
    files = [sticky_sheet(tmp_path / f"sheet-{n}.jpg", size=(1200, 900), seed=n)
             for n in range(3)]
    assert drop(page, files)
    assert page.tabs.currentIndex() == 1  # shows where the photos go
    wait_for_photos(qtbot, page.photos)
    assert len(window.session.store.list(Photo)) == 3
    # a drop onto a text field adds photos too, instead of pasting the file's path
    assert drop(page, [files[0]], target=page.notes.text.viewport())
    wait_for_photos(qtbot, page.photos)
    assert len(window.session.store.list(Photo)) == 4
    assert page.notes.text.toPlainText() == ""


def test_a_file_that_is_not_an_image_is_explained_and_nothing_is_stored(demo_window, qtbot,
                                                                         tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    text = tmp_path / "minutes.txt"
    text.write_text("Minutes of the workshop")
    steps = window.session.undo_stack.count()
    assert drop(page, [text])
    wait_for_photos(qtbot, page.photos)
    assert window.session.store.list(Photo) == []
    assert window.session.undo_stack.count() == steps
    [message] = window.dialogs.errors
    assert message == ("This file was not added:\n• minutes.txt: This file is not an image "
                       "that can be read (JPEG, PNG, and other common formats).")


def test_a_mixed_drop_keeps_the_images_and_names_the_rest(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    files = [sticky_sheet(tmp_path / "ok.jpg", size=(640, 480)), tmp_path / "gone.jpg"]
    page.add_photo_files(files)
    wait_for_photos(qtbot, page.photos)
    assert len(window.session.store.list(Photo)) == 1
    assert window.dialogs.errors == [
        "This file was not added:\n• gone.jpg: The file could not be read."]


def test_cancelled_photos_are_not_stored(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    files = [sticky_sheet(tmp_path / f"{n}.jpg", size=(1600, 1200), seed=n) for n in range(3)]
    job = page.add_photo_files(files)
    page.photos.progress.cancel_button.click()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert window.session.store.list(Photo) == []
    assert page.photos.status.text() == "Adding photos was cancelled; nothing was added."
    assert not page.photos.progress.isVisible()


def test_the_window_keeps_responding_while_photos_are_prepared(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    files = [sticky_sheet(tmp_path / f"{n}.jpg", size=(3000, 2200), seed=n) for n in range(2)]
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(page.photos.busy))
    timer.start(5)
    job = page.add_photo_files(files)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    timer.stop()
    # the UI thread ran its timer while the photos were being decoded and scaled
    assert ticks.count(True) >= 3
    window.session.flush()  # stored by the writer, which the window did not wait for
    assert len(window.session.store.list(Photo)) == 2


def test_enter_on_a_photo_shows_it_large(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel = page.photos
    page.add_photo_files([sticky_sheet(tmp_path / "a.jpg", size=(1000, 700), seed=1),
                          sticky_sheet(tmp_path / "b.jpg", size=(700, 1000), seed=2)])
    wait_for_photos(qtbot, panel)
    first, second = window.session.store.list(Photo)
    panel.select(first.id)
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Return)
    preview = panel.preview
    qtbot.waitUntil(preview.isVisible)
    assert preview.photo == first and not preview.image.pixmap().isNull()
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    assert preview.photo == second
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())


def test_delete_photos_and_undo(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel, store = page.photos, window.session.store
    page.add_photo_files([sticky_sheet(tmp_path / f"{n}.jpg", size=(600, 400), seed=n)
                          for n in range(2)])
    wait_for_photos(qtbot, panel)
    panel.grid.selectAll()
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Delete)
    window.session.flush()
    assert store.list(Photo) == [] and panel.empty_hint.isVisible()
    window.session.undo_stack.undo()
    window.session.flush()
    assert len(store.list(Photo)) == 2 and not panel.empty_hint.isVisible()


def test_photo_filters(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel, store = page.photos, window.session.store
    team = store.list(Team)[0]
    page.add_photo_files([sticky_sheet(tmp_path / "1.jpg", size=(600, 400))])
    wait_for_photos(qtbot, panel)
    panel.new_link.set_link(Link(LinkKind.TEAM, team.id))
    page.add_photo_files([sticky_sheet(tmp_path / "2.jpg", size=(600, 400))])
    wait_for_photos(qtbot, panel)
    panel.caption.setFocus()
    qtbot.keyClicks(panel.caption, "Whiteboard")
    qtbot.keyClick(panel.caption, Qt.Key.Key_Return)
    window.session.flush()
    filters = panel.filters
    filters.link.setCurrentIndex(filters.link.model().row_of(Link(LinkKind.TEAM, team.id)))
    assert [panel.proxy.record(r).caption for r in range(panel.proxy.rowCount())] == [
        "Whiteboard"]
    filters.link.setCurrentIndex(0)
    qtbot.keyClicks(filters.search, "white")
    qtbot.keyClick(filters.search, Qt.Key.Key_Return)
    window.session.flush()
    assert panel.proxy.rowCount() == 1


# ---------------------------------------------------------------------------- models


def test_item_models_pass_the_model_tester(demo_window, qtbot, qtmodeltester, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    page.add_photo_files([sticky_sheet(tmp_path / "m.jpg", size=(400, 300))])
    wait_for_photos(qtbot, page.photos)
    page.notes.proxy.set_filter(NoteFilter(kind=NoteKind.NOTE))
    for model in (page.notes.model, page.notes.proxy, page.photos.model, page.photos.proxy,
                  page.pick_links, page.filter_links):
        qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not page.photos.model.busy)


def test_link_pickers_follow_changes_only_while_the_page_is_shown(demo_window, qtbot):
    window = demo_window("en")
    page = open_notes(window)
    session = window.session
    team = session.store.list(Team)[1]
    page.notes.link.set_link(Link(LinkKind.TEAM, team.id))
    session.update(Team(**{**_fields(team), "name": "Table B (families)"}), "rename")
    window.session.flush()
    # the list was rebuilt at once, and the choice survived it
    assert page.notes.link.currentText() == "Team: Table B (families)"
    assert page.notes.link.link() == Link(LinkKind.TEAM, team.id)
    rows = page.pick_links.rowCount()
    window.show_page(0)  # another page: an idea typed there does not rebuild the pickers
    session.add(Idea(title="Shaded bicycle park", prompt_id=session.store.list(Prompt)[0].id))
    window.session.flush()
    assert page.pick_links.rowCount() == rows
    open_notes(window)
    assert page.pick_links.rowCount() == rows + 1
    labels = [page.pick_links.index(r).data() for r in range(rows + 1)]
    assert "Idea: Shaded bicycle park" in labels
    assert page.pick_links.index(0).data(LinkRole) == WORKSHOP_LINK


def _fields(record):
    import dataclasses

    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def test_japanese_window_shows_times_in_japanese_format(demo_window, qtbot):
    window = demo_window("ja")
    panel = open_notes(window).notes
    type_note(qtbot, panel, "ロータリーの送迎車について確認する", NoteKind.ACTION)
    time = panel.proxy.index(0, NoteTableModel.TIME).data()
    assert time and "AM" not in time and "PM" not in time  # 24-hour, as Japanese write it
    assert panel.proxy.index(0, NoteTableModel.TEXT).data() == "ロータリーの送迎車について確認する"



def test_rows_fields_and_the_grid_follow_the_zoom(demo_window, qtbot):
    """Fixed row heights and the thumbnail grid are computed from the type size, so they
    are computed again when the zoom changes it."""
    window = demo_window("en")
    page = open_notes(window)
    panel, photos = page.notes, page.photos
    window.zoom(0)
    row, field = panel.table.verticalHeader().defaultSectionSize(), panel.text.height()
    cell = photos.grid.gridSize().height()
    try:
        window.zoom(+1)
        window.zoom(+1)
        qtbot.waitUntil(lambda: panel.table.verticalHeader().defaultSectionSize() > row)
        line = panel.table.fontMetrics().lineSpacing()
        assert panel.table.verticalHeader().defaultSectionSize() >= 2 * line
        assert panel.text.height() > field
        qtbot.waitUntil(lambda: photos.grid.gridSize().height() > cell)
    finally:
        window.zoom(0)


def test_renaming_a_team_keeps_every_choice_and_changes_no_photo(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    session, store = window.session, window.session.store
    team = store.list(Team)[1]
    page.photos.new_link.set_link(Link(LinkKind.TEAM, team.id))
    page.add_photo_files([sticky_sheet(tmp_path / "b.jpg", size=(600, 400))])
    wait_for_photos(qtbot, page.photos)
    photo = store.list(Photo)[0]
    assert page.photos.link.link() == Link(LinkKind.TEAM, team.id)
    filters = page.photos.filters
    filters.link.setCurrentIndex(filters.link.model().row_of(Link(LinkKind.TEAM, team.id)))
    steps = session.undo_stack.count()
    session.update(Team(**{**_fields(team), "name": "Table B (families)"}), "rename")
    window.session.flush()
    assert session.undo_stack.count() == steps + 1  # the rename, nothing else
    assert store.get(Photo, photo.id).team_id == team.id
    assert page.photos.link.currentText() == "Team: Table B (families)"
    assert filters.link.link() == Link(LinkKind.TEAM, team.id)
    assert page.photos.proxy.rowCount() == 1  # the filter still applies


def test_long_notes_wrap_over_two_lines_and_say_there_is_more(qapp):
    from workshop.ui.notes.widgets import wrapped_lines

    font = qapp.font()
    assert wrapped_lines("Benches", font, 400, 2) == ["Benches"]
    assert wrapped_lines("one\ntwo", font, 400, 2) == ["one", "two"]
    long = "Shade and benches got a lively discussion going at every table " * 4
    lines = wrapped_lines(long, font, 300, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert lines[0] and long.startswith(lines[0])
    japanese = "木陰とベンチの話で盛り上がった。夏の暑さ対策が最優先という声が多い。" * 3
    lines = wrapped_lines(japanese, font, 300, 2)  # no spaces: breaks between characters
    assert len(lines) == 2 and lines[-1].endswith("…") and japanese.startswith(lines[0])
    assert wrapped_lines("a\nb\nc", font, 400, 2) == ["a", "b …"]
