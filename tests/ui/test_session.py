"""The window's write path: rules checked at once, the write queued to the writer, the
change announced – with the ids it touched – only once it is on the disk."""

from __future__ import annotations

import sqlite3

import pytest

from workshop.errors import InputError, StorageError, WorkshopFileError
from workshop.model import Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.ui.session import Session
from workshop.ui.workers import Job


@pytest.fixture
def session(tmp_path, qapp):
    store = WorkshopStore.create(tmp_path / "w.workshop", Workshop(title="Square"),
                                 device_id="ui-test")
    session = Session(store)
    yield session
    session.close()


def _on_disk(path, cls, record_id) -> bool:
    """Read by a connection of its own: what another process would find in the file."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {cls.TABLE} WHERE id = ?",
                            [record_id]).fetchone()[0] == 1
    finally:
        conn.close()


def test_a_change_is_announced_with_its_ids_once_it_is_on_the_disk(session, qtbot):
    seen = []
    session.changed.connect(
        lambda table, ids: seen.append((table, ids, [_on_disk(session.path, Prompt, i)
                                                     for i in ids or ()])))
    with qtbot.waitSignal(session.saved):
        prompt = session.add(Prompt(text="What?"), "Add prompt")
    assert seen == [(Prompt.TABLE, frozenset({prompt.id}), [True])]
    assert session.undo_stack.count() == 1
    with qtbot.waitSignal(session.saved):
        session.undo_stack.undo()
    assert seen[-1][:2] == (Prompt.TABLE, frozenset({prompt.id}))
    assert session.store.list(Prompt) == []


def test_a_broken_rule_raises_at_once_and_nothing_is_queued(session):
    with pytest.raises(InputError):
        session.add(Prompt(text=""))
    assert session.undo_stack.count() == 0 and not session._pending


def test_a_refused_write_reaches_its_caller_and_leaves_no_step_to_undo(session, qtbot):
    session.add(Prompt(text="What?"))
    session.flush()

    def cap(store):  # SQLite answers SQLITE_FULL on the writer's connection, as a full disk
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")

    session.writer.call(cap, transaction=False)
    refused, reported = [], []
    session.save_failed.connect(reported.append)
    prompt = session.store.list(Prompt)[0]
    team = session.add(Team(name="A"))
    session.flush()
    session.add(Idea(title="x", details="y" * 4900, prompt_id=prompt.id, team_id=team.id),
                "Add idea", failed=refused.append)
    qtbot.waitUntil(lambda: bool(refused))
    assert isinstance(refused[0], StorageError) and "is full" in str(refused[0])
    assert reported == refused
    assert session.undo_stack.count() == 2 and session.undo_stack.undoText() != "Add idea"
    assert session.store.ideas() == []


def test_a_step_refused_after_the_history_was_cleared_is_still_told(session, qtbot):
    """A merge of bundles clears the history while earlier steps may still be queued: one
    the writer then refuses reaches its caller, with no step of its own left to drop."""
    prompt = session.add(Prompt(text="What?"))
    team = session.add(Team(name="A"))
    session.flush()

    def cap(store):  # SQLite answers SQLITE_FULL on the writer's connection, as a full disk
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")

    session.writer.call(cap, transaction=False)
    refused = []
    session.add(Idea(title="x", details="y" * 4900, prompt_id=prompt.id, team_id=team.id),
                "Add idea", failed=refused.append)
    session.clear_history()
    assert session.undo_stack.count() == 0
    session.add(Prompt(text="Queued after the clearing", position=1), "Add prompt")
    session.flush()
    assert isinstance(refused[0], StorageError) and session.store.ideas() == []
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Add prompt"


def test_a_read_only_workshop_refuses_at_once(tmp_path, qapp):
    path = tmp_path / "w.workshop"
    WorkshopStore.create(path, Workshop(title="Square"), device_id="x").close()
    session = Session(WorkshopStore.open(path, device_id="x", read_only=True))
    reported = []
    session.save_failed.connect(reported.append)
    with pytest.raises(WorkshopFileError, match="read-only"):
        session.add(Prompt(text="What?"))
    assert len(reported) == 1
    session.close()


def test_a_background_job_writes_through_the_same_writer(session, qtbot):
    prompt = session.add(Prompt(text="What?"))
    team = session.add(Team(name="A"))
    session.flush()

    def work(progress):
        return [session.writer.call(lambda store, n=n: store.add(
            Idea(title=f"from the job {n}", prompt_id=prompt.id, team_id=team.id)))
            for n in range(20)]

    job = Job(work)
    with qtbot.waitSignal(job.finished):
        job.start()
        for n in range(20):
            session.add(Idea(title=f"typed {n}", prompt_id=prompt.id, team_id=team.id))
    session.flush()
    titles = [i.title for i in session.store.ideas()]
    assert len(titles) == 40
    typed = [t for t in titles if t.startswith("typed")]
    assert typed == [f"typed {n}" for n in range(20)]
