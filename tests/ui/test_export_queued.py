"""The Export page while the writer is busy (a slow USB stick): a confirmed merge of bundles
and the platform settings return at once; the merge says it is running and cannot be
started twice; its report, or its one-line refusal, shows once the writer has answered;
bad platform ids are refused before anything is queued."""

from __future__ import annotations

import dataclasses

from workshop.export import decidim
from workshop.model import Cluster, Idea, Prompt
from workshop.store import WorkshopStore
from workshop.ui.export.page import IMPORT_TAB, PLATFORM_TAB

from .held_writer import HeldWriter
from .test_export import laptop_bundle, open_export, shown

NEW_IDEA = "A reading corner under the trees"


def import_tab(window):
    page = open_export(window)
    page.tabs.setCurrentIndex(IMPORT_TAB)
    return page, page.imports


def bundle_with_an_idea(window, tmp_path, name="laptop-b"):
    return laptop_bundle(window, tmp_path, name, lambda other: other.add(
        Idea(title=NEW_IDEA, prompt_id=other.list(Prompt)[0].id)))


def confirm_merge_while_held(window, qtbot, panel, paths):
    """Check the bundles, confirm, and come back once the merge is queued (the check runs
    off the UI thread and does not need the writer)."""
    window.dialogs.confirmations.append(True)
    assert panel.try_merge(paths) is not None
    qtbot.waitUntil(lambda: panel.job is None, timeout=30_000)


def fill_the_disk_on_writing(session, table):
    """The writer's next write into ``table`` finds the disk full: SQLite answers
    SQLITE_FULL once the file would grow (a write may otherwise fit in free pages)."""

    def fill(store):
        store.db.execute("CREATE TABLE filler (x BLOB)")
        for event in ("INSERT", "UPDATE"):
            store.db.execute(f"CREATE TEMP TRIGGER grow_{event} AFTER {event} ON main.{table} "
                             "BEGIN INSERT INTO filler VALUES (zeroblob(100000)); END")

    def cap(store):
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")

    session.writer.call(fill)
    session.writer.call(cap, transaction=False)


def test_a_confirmed_merge_returns_at_once_and_shows_its_report_once_stored(
        demo_window, qtbot, tmp_path):
    window = demo_window("en")
    session, store = window.session, window.session.store
    b = bundle_with_an_idea(window, tmp_path)
    session.update(dataclasses.replace(store.ideas()[1], details="typed before the merge"))
    count = len(store.ideas())
    page, panel = import_tab(window)
    ended = []
    panel.busy_changed.connect(ended.append)
    with HeldWriter(session) as held:
        confirm_merge_while_held(window, qtbot, panel, [b])
        assert held.holding
        assert panel.merging and panel.busy
        assert shown(panel.status).startswith("Merging the bundles…")
        assert not panel.merge_button.isEnabled() and not panel.ideas_button.isEnabled()
        assert panel.try_merge([b]) is None  # not twice
        assert not page.run.export_button.isEnabled()  # no export of a half-merged file
        assert False not in ended
        assert len(store.ideas()) == count and session.undo_stack.count() == 0
        # An edit while the merge waits is written after it: it stays undoable.
        edited = store.ideas()[2]
        session.update(dataclasses.replace(edited, details="typed while merging"), "Edit")
        assert session.undo_stack.count() == 1
        held.release()
        qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert ended[-1] is False
    assert shown(panel.status).startswith("Merged. 1 records added, 0 conflicts.")
    assert panel.report_box.isVisible() and panel.error.isHidden()
    assert panel.merge_button.isEnabled() and page.run.export_button.isEnabled()
    assert NEW_IDEA in [i.title for i in store.ideas()]
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Edit"
    session.undo_stack.undo()
    session.flush()
    assert store.get(Idea, edited.id).details == edited.details
    assert NEW_IDEA in [i.title for i in store.ideas()]  # the merge itself is not undone


def test_a_merge_refused_by_a_full_disk_says_one_line_and_changes_nothing(
        demo_window, qtbot, tmp_path):
    window = demo_window("en")
    session, store = window.session, window.session.store
    b = bundle_with_an_idea(window, tmp_path)
    count = len(store.ideas())
    _page, panel = import_tab(window)
    fill_the_disk_on_writing(session, Idea.TABLE)
    with HeldWriter(session) as held:
        confirm_merge_while_held(window, qtbot, panel, [b])
        assert held.holding and panel.merging
        held.release()
        qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert panel.error.isVisible() and "full" in shown(panel.error)
    assert "\n" not in shown(panel.error)
    assert shown(panel.status) == "Nothing was changed."
    assert len(store.ideas()) == count
    assert panel.merge_button.isEnabled()
    assert not window.banner.isHidden()  # the window says it was not saved, too


def test_a_bundle_spoilt_between_its_check_and_the_merge_changes_nothing(
        demo_window, qtbot, tmp_path):
    window = demo_window("en")
    session, store = window.session, window.session.store
    b = bundle_with_an_idea(window, tmp_path)
    count = len(store.ideas())
    _page, panel = import_tab(window)
    with HeldWriter(session) as held:
        confirm_merge_while_held(window, qtbot, panel, [b])
        b.write_bytes(b"not a zip any more")  # the stick was pulled, the file rewritten
        assert held.holding
        held.release()
        qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert "laptop-b.zip is not a data bundle" in shown(panel.error)
    assert "\n" not in shown(panel.error)
    assert shown(panel.status) == "Nothing was changed." and len(store.ideas()) == count
    assert panel.merge_button.isEnabled()


def test_closing_the_workshop_with_a_merge_queued_finishes_it(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    path = window.session.path
    b = bundle_with_an_idea(window, tmp_path)
    _page, panel = import_tab(window)
    with HeldWriter(window.session) as held:
        confirm_merge_while_held(window, qtbot, panel, [b])
        held.release()
        window.close_workshop()  # the merge's answer reaches the page while it lives
    assert window.session is None
    with WorkshopStore.open(path, device_id="check") as store:
        assert NEW_IDEA in [i.title for i in store.ideas()]


# ------------------------------------------------------------------------ platform ids


def test_platform_settings_return_at_once_and_bad_ids_are_refused_before_queueing(
        demo_window, qtbot):
    window = demo_window("en")
    session, store = window.session, window.session.store
    page = open_export(window)
    page.tabs.setCurrentIndex(PLATFORM_TAB)
    platform = page.platform
    model = platform.model
    first = store.list(Cluster)[0]
    with HeldWriter(session) as held:
        assert model.setData(model.index(0, 4), "12, 15")
        platform.proposals.setCurrentIndex(platform.proposals.findData("cluster"))
        assert held.holding and session.undo_stack.count() == 2
        assert decidim.platform_settings(store).clusters == {}  # not on the disk yet

        assert not model.setData(model.index(0, 2), "north")
        assert not model.setData(model.index(0, 4), "12;15")
        assert held.holding and session.undo_stack.count() == 2  # nothing queued
        assert platform.error.isVisible() and "whole numbers" in platform.error.text()
        held.release()
        qtbot.waitUntil(lambda: model.index(0, 4).data() == "12,15")
    assert decidim.platform_settings(store).clusters[first.id] == decidim.ClusterLink(
        taxonomies="12,15")
    assert decidim.platform_settings(store).proposals_per == "cluster"


def test_a_platform_setting_the_disk_refuses_shows_what_is_saved(demo_window, qtbot):
    window = demo_window("en")
    session, store = window.session, window.session.store
    page = open_export(window)
    page.tabs.setCurrentIndex(PLATFORM_TAB)
    platform = page.platform
    fill_the_disk_on_writing(session, "platform_settings")
    platform.proposals.setCurrentIndex(platform.proposals.findData("cluster"))
    qtbot.waitUntil(lambda: platform.error.isVisible())
    assert "full" in platform.error.text() and "\n" not in platform.error.text()
    assert platform.proposals.currentData() == "idea"  # what the file holds
    assert decidim.platform_settings(store).proposals_per == "idea"
    assert session.undo_stack.count() == 0
