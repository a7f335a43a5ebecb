"""Photos and ideas from a spreadsheet while the writer is busy (a slow USB stick): the
window does not wait; the page says what was added once it is on the disk."""

from __future__ import annotations

from workshop.model import Photo

from .held_writer import HeldWriter
from .test_notes import open_notes, sticky_sheet


def test_photos_are_queued_and_said_once_stored(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    page = open_notes(window)
    panel = page.photos
    store, stack = window.session.store, window.session.undo_stack
    steps = stack.count()
    with HeldWriter(window.session) as held:
        job = page.add_photo_files(
            [sticky_sheet(tmp_path / f"{n}.jpg", size=(800, 600), seed=n) for n in range(2)])
        qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)  # prepared, then queued
        assert job is not None and held.holding
        assert store.list(Photo) == [] and stack.count() == steps + 1
        assert "added" not in panel.status.text()
        held.release()
        qtbot.waitUntil(lambda: len(store.list(Photo)) == 2 and "added" in panel.status.text())
    assert panel.status.text() == "2 photos added."
