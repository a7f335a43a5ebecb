"""The single writer: operations run in order, one transaction each, acknowledged only
after their commit; a failing one is rolled back alone and its caller gets the store's own
error; close() drains the queue; threads and an asyncio loop share it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from workshop.errors import InputError, StorageError, WorkshopFileError
from workshop.model import Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.store.writer import Writer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def board(file_store):
    prompt = file_store.add(Prompt(text="What?"))
    team = file_store.add(Team(name="A"))
    writer = Writer(file_store)
    yield file_store, writer, prompt, team
    writer.close()


def _idea(prompt, team, title: str, **fields) -> Idea:
    return Idea(title=title, prompt_id=prompt.id, team_id=team.id, **fields)


def _titles(store) -> list[str]:
    return [i.title for i in store.ideas()]


def test_operations_run_in_order_and_are_read_on_another_connection(board):
    store, writer, prompt, team = board
    futures = [writer.submit(lambda s, n=n: s.add(_idea(prompt, team, f"{n}", position=n)))
               for n in range(50)]
    stored = [f.result() for f in futures]
    assert [i.title for i in stored] == [str(n) for n in range(50)]
    assert [i.created_at for i in stored] == sorted(i.created_at for i in stored)
    # The window's connection sees every acknowledged write (WAL: a fresh read, no wait).
    assert _titles(store) == [str(n) for n in range(50)]


def test_a_failing_operation_is_rolled_back_alone_with_the_stores_own_error(board):
    store, writer, prompt, team = board

    def half_then_broken(s):
        s.add(_idea(prompt, team, "half"))
        s.add(_idea(prompt, team, ""))  # no title: the rules refuse it

    first = writer.submit(lambda s: s.add(_idea(prompt, team, "before")))
    broken = writer.submit(half_then_broken)
    after = writer.submit(lambda s: s.add(_idea(prompt, team, "after")))
    with pytest.raises(InputError) as through_writer:
        broken.result()
    with pytest.raises(InputError) as directly:
        store.add(_idea(prompt, team, ""))
    assert str(through_writer.value) == str(directly.value)
    assert "\n" not in str(through_writer.value)
    assert first.result().title == "before" and after.result().title == "after"
    assert _titles(store) == ["before", "after"]


def test_a_full_disk_refuses_one_operation_in_one_line_and_keeps_the_acknowledged(board):
    store, writer, prompt, team = board
    kept = writer.call(lambda s: s.add(_idea(prompt, team, "kept")))

    def cap(s):  # SQLite then answers SQLITE_FULL on this connection, as a full disk does
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")

    writer.call(cap, transaction=False)

    def many(s):
        for n in range(2000):
            s.add(_idea(prompt, team, f"{n}", details="y" * 2000))

    with pytest.raises(StorageError, match="is full") as refused:
        writer.call(many)
    assert "\n" not in str(refused.value)
    assert [i.id for i in store.ideas()] == [kept.id]
    # The thread carries on with the next operation.
    assert writer.call(lambda s: s.get(Idea, kept.id)).title == "kept"


def test_close_runs_what_is_queued_first(file_store):
    prompt = file_store.add(Prompt(text="What?"))
    team = file_store.add(Team(name="A"))
    writer = Writer(file_store)
    futures = [writer.submit(lambda s, n=n: s.add(_idea(prompt, team, f"{n}", position=n)))
               for n in range(100)]
    writer.close()
    assert all(f.done() and f.exception() is None for f in futures)
    assert len(file_store.ideas()) == 100
    with pytest.raises(RuntimeError):
        writer.submit(lambda s: None)


def test_many_threads_submitting_at_once_each_keep_their_order(board):
    store, writer, prompt, team = board
    results: dict[int, list[Idea]] = {}
    start = threading.Barrier(8)

    def client(number: int) -> None:
        start.wait()
        futures = [writer.submit(lambda s, n=n: s.add(_idea(prompt, team, f"{number}-{n}")))
                   for n in range(40)]
        results[number] = [f.result() for f in futures]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.ideas()) == 8 * 40
    for number, stored in results.items():
        assert [i.title for i in stored] == [f"{number}-{n}" for n in range(40)]
        times = [i.created_at for i in stored]
        assert times == sorted(times)  # one thread's writes land in the order it made them


def test_an_asyncio_loop_awaits_the_same_acknowledgements(board):
    store, writer, prompt, team = board

    async def server() -> list[Idea]:
        return await asyncio.gather(*(
            asyncio.wrap_future(writer.submit(lambda s, n=n: s.add(_idea(prompt, team, f"{n}"))))
            for n in range(20)))

    stored = asyncio.run(server())
    assert sorted(i.title for i in stored) == sorted(str(n) for n in range(20))
    assert len(store.ideas()) == 20

    async def refused() -> None:
        await asyncio.wrap_future(writer.submit(lambda s: s.add(_idea(prompt, team, ""))))

    with pytest.raises(InputError):
        asyncio.run(refused())


def test_a_read_only_file_refuses_at_once_as_the_store_does(file_store):
    path = file_store.path
    file_store.close()
    with WorkshopStore.open(path, device_id="x", read_only=True) as store:
        writer = Writer(store)
        with pytest.raises(WorkshopFileError) as through_writer:
            writer.submit(lambda s: s.add(Prompt(text="What?")))
        with pytest.raises(WorkshopFileError) as directly:
            store.add(Prompt(text="What?"))
        assert str(through_writer.value) == str(directly.value)
        writer.close()


def test_a_memory_store_shares_its_connection_with_the_writer():
    store = WorkshopStore.in_memory(Workshop(title="Preview"))
    writer = Writer(store)
    prompt = writer.call(lambda s: s.add(Prompt(text="What?")))
    writer.close()
    assert store.get(Prompt, prompt.id).text == "What?"  # still open: the caller's to close
    store.close()


# --------------------------------------------- acknowledged means on the disk (kill -9)

_CHILD = textwrap.dedent("""
    import sys, threading
    from workshop.model import Idea, Prompt, Team
    from workshop.store import WorkshopStore
    from workshop.store.writer import Writer

    store = WorkshopStore.open(sys.argv[1], device_id="child")
    prompt, team = store.list(Prompt)[0], store.list(Team)[0]
    writer = Writer(store)
    for n in range(int(sys.argv[2])):
        writer.call(lambda s: s.add(Idea(title=f"acked {n}", prompt_id=prompt.id,
                                         team_id=team.id)))
        print(f"acked {n}", flush=True)

    def half(s):
        for n in range(5):
            s.add(Idea(title=f"unacked {n}", prompt_id=prompt.id, team_id=team.id))
        print("inside", flush=True)
        threading.Event().wait()  # killed here, inside the transaction

    writer.submit(half)
    threading.Event().wait()
""")


def test_killed_after_an_ack_the_change_is_there_killed_before_nothing_of_it(file_store):
    file_store.add(Prompt(text="What?"))
    file_store.add(Team(name="A"))
    path = file_store.path
    file_store.close()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), "3"], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        lines = [child.stdout.readline().strip() for _ in range(4)]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert lines == ["acked 0", "acked 1", "acked 2", "inside"]
    with WorkshopStore.open(path, device_id="check", read_only=True) as store:
        assert sorted(_titles(store)) == ["acked 0", "acked 1", "acked 2"]
