"""The window when the disk refuses: a full disk keeps what was typed and says so; a sound
file that cannot be written opens read-only with a banner, never as "damaged"."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from workshop.demo import create_demo
from workshop.store import WorkshopStore


def _fill_the_file(store):
    """SQLite's ``max_page_count``: the file may not grow, as on a full disk."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_refused_save_keeps_the_typed_idea_and_says_so(demo_window, qtbot):
    window = demo_window("en")
    window.show_page(1)
    page = window.page("capture")
    store = window.session.store
    before = len(store.ideas())
    window.session.writer.call(_fill_the_file, transaction=False)  # the writer's connection
    title = "Shade trees along the bus stop " + "x" * 250
    details = "A long explanation. " * 240  # more than a page: the file must grow
    qtbot.keyClicks(page.idea_title, title)
    page.details.setPlainText(details)
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    # The refusal comes back from the writer's thread as a queued signal.
    qtbot.waitUntil(lambda: page.error.isVisibleTo(page))
    assert len(store.ideas()) == before
    assert page.idea_title.text() == title and page.details.toPlainText() == details
    assert page.error.isVisibleTo(page) and "is full" in page.error.text()
    assert "still in the fields" in page.error.text()
    assert window.banner.isVisibleTo(window) and "Not saved" in window.banner.text()
    assert window.saved_label.text() == "Not saved"
    # Room again: the same Enter saves it, and the banner goes.
    window.session.writer.call(
        lambda s: s.db.execute("PRAGMA max_page_count = 1073741823"), transaction=False)
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    window.session.flush()
    assert len(store.ideas()) == before + 1 and page.idea_title.text() == ""
    assert not window.banner.isVisibleTo(window)


def test_a_sound_file_that_cannot_be_written_opens_read_only_with_a_banner(
        make_window, tmp_path, qtbot):
    path = tmp_path / "day.workshop"
    create_demo(path, lang="en", device_id="d").close()
    os.link(path, tmp_path / "second-name.workshop")  # cannot be written safely
    window = make_window("en")
    assert window.open_path(path)
    qtbot.waitUntil(lambda: window.centralWidget().isVisible())
    assert window.session.store.read_only
    assert window.banner.isVisibleTo(window)
    assert window.banner.text().startswith("Read-only") and "hard links" in window.banner.text()
    assert window.dialogs.errors == [] and window.dialogs.confirmations == []  # no restore
    assert window.saved_label.text() == "Read-only"
    # Saving a copy works and the copy is a normal, writable workshop.
    window.dialogs.paths.append(tmp_path / "mine.workshop")
    window.save_copy()
    with WorkshopStore.open(tmp_path / "mine.workshop", device_id="d") as copy:
        assert copy.workshop().title == window.session.store.workshop().title
    # Typing an idea is refused with the reason, the text kept.
    window.show_page(1)
    page = window.page("capture")
    qtbot.keyClicks(page.idea_title, "Benches")
    qtbot.keyClick(page.idea_title, Qt.Key.Key_Return)
    assert page.idea_title.text() == "Benches" and "read-only" in page.error.text()


def test_closing_a_read_only_workshop_with_typing_in_it_closes(make_window, tmp_path, qtbot):
    """Keeping drafts used to raise on a read-only file and abort the window's close
    (and crashed the next test's teardown inside shiboken)."""
    path = tmp_path / "day.workshop"
    create_demo(path, lang="en", device_id="d").close()
    os.link(path, tmp_path / "second-name.workshop")
    window = make_window("en")
    assert window.open_path(path) and window.session.store.read_only
    window.show_page(1)
    qtbot.keyClicks(window.page("capture").idea_title, "half-typed")
    window.close_workshop()
    assert window.session is None
