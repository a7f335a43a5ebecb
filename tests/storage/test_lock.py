"""One writer per workshop file, whatever name it is opened by – tried as an outsider would:
a symbolic link, a hard link, a ``.lock`` planted as a link or a hard link to someone else's
file, and the Windows locking path (run here through a stand-in for ``msvcrt``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import types

import pytest

from workshop.errors import FileLockedError, ReadOnlyFileError, WorkshopFileError
from workshop.model import Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.store import lock as lock_module
from workshop.store.lock import ByteRangeLocker, WorkshopLock, platform_locker

from .conftest import ROOT, one_line_error, run

WRITER = textwrap.dedent("""
    import sys
    from workshop.model import Idea
    from workshop.store import WorkshopStore
    path, count = sys.argv[1], int(sys.argv[2])
    try:
        store = WorkshopStore.open(path, device_id=sys.argv[3])
    except Exception as error:
        print("REFUSED", type(error).__name__, error, flush=True)
        sys.exit(3)
    print("OPEN", flush=True)
    sys.stdin.readline()  # both writers are started before either writes
    prompt_id, team_id = sys.argv[4], sys.argv[5]
    for n in range(count):
        idea = store.add(Idea(title=f"{sys.argv[3]} {n}", prompt_id=prompt_id, team_id=team_id))
        print(idea.id, flush=True)  # acknowledged
    store.close()
""")


def _workshop(path):
    with WorkshopStore.create(path, Workshop(title="Square"), device_id="setup") as store:
        prompt = store.add(Prompt(text="What?"))
        team = store.add(Team(name="A"))
    return prompt.id, team.id


def _writer(path, name, ids, count=150):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(count), name, *ids],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT)


@pytest.mark.parametrize("second_name", ["symlink", "hardlink"])
def test_two_writers_through_two_names_the_second_is_refused_and_nothing_is_lost(
        tmp_path, second_name):
    path = tmp_path / "square.workshop"
    ids = _workshop(path)
    other = tmp_path / "other-name.workshop"
    if second_name == "symlink":
        other.symlink_to(path)
    else:
        os.link(path, other)
        os.unlink(path)  # the first writer uses a hard link too: both names are equal
        os.link(other, path)
    first_name, second_name_path = ((path, other) if second_name == "symlink"
                                    else (other, path))
    started, answers = [], {}
    try:
        for name, who in ((first_name, "first"), (second_name_path, "second")):
            writer = _writer(name, who, ids)
            started.append(writer)
            answers[writer] = writer.stdout.readline().strip()
        for writer in started:
            if answers[writer] == "OPEN":
                writer.stdin.write("go\n")
                writer.stdin.flush()
        results = {w: w.communicate(timeout=300) for w in started}
    finally:
        for writer in started:
            writer.kill()
    opened = [w for w in started if answers[w] == "OPEN"]
    # Hard links: neither name may be written. A symbolic link: only the first writer.
    assert len(opened) == (1 if second_name == "symlink" else 0), answers
    acknowledged = [line for w in opened for line in results[w][0].split()]
    with WorkshopStore.open(path, device_id="check", read_only=True) as store:
        assert {i.id for i in store.ideas()} == set(acknowledged)
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    refused = [answers[w] for w in started if w not in opened]
    expected = "FileLockedError" if second_name == "symlink" else "ReadOnlyFileError"
    assert refused and all(expected in line for line in refused), refused


def test_a_file_with_two_hard_links_opens_read_only_with_a_clear_message(tmp_path):
    path = tmp_path / "square.workshop"
    _workshop(path)
    os.link(path, tmp_path / "copy.workshop")
    with pytest.raises(ReadOnlyFileError, match="2 names on this disk"):
        WorkshopStore.open(tmp_path / "copy.workshop", device_id="x")
    with WorkshopStore.open(tmp_path / "copy.workshop", device_id="x", read_only=True) as store:
        assert store.workshop().title == "Square"
    error = one_line_error(run("import-ideas", path, tmp_path / "sheet.csv"))
    assert "hard links" in error


def test_a_symlink_and_its_target_share_one_lock(file_store, tmp_path):
    link = tmp_path / "link.workshop"
    link.symlink_to(file_store.path)
    with pytest.raises(FileLockedError, match="already open"):
        WorkshopStore.open(link, device_id="other")
    relative = os.path.relpath(file_store.path)
    with pytest.raises(FileLockedError):
        WorkshopStore.open(relative, device_id="other")


@pytest.mark.parametrize("plant", ["symlink", "hardlink", "foreign file"])
def test_a_planted_lock_file_is_never_written(tmp_path, plant):
    path = tmp_path / "square.workshop"
    _workshop(path)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"the city's budget, 2027\n" * 10)
    before = victim.read_bytes()
    lock_file = tmp_path / "square.workshop.lock"
    lock_file.unlink(missing_ok=True)
    if plant == "symlink":
        lock_file.symlink_to(victim)
    elif plant == "hardlink":
        os.link(victim, lock_file)
    else:
        lock_file.write_bytes(before)
    try:
        store = WorkshopStore.open(path, device_id="x")
    except WorkshopFileError as error:
        assert plant != "foreign file"
        assert "not a lock file of this app" in str(error)
    else:  # a plain foreign file: locked, but never written
        assert plant == "foreign file"
        store.add(Prompt(text="More"))
        store.close()
        assert lock_file.read_bytes() == before
    assert victim.read_bytes() == before
    # the command line says so in one line and leaves the victim as it was
    result = run("import-ideas", path, tmp_path / "missing.csv")
    assert victim.read_bytes() == before
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_new_file_that_was_never_made_leaves_no_lock_file(tmp_path):
    path = tmp_path / "never.workshop"
    with pytest.raises(ZeroDivisionError):
        WorkshopStore.create(path, Workshop(title="x"), device_id="x",
                             fill=lambda store: 1 / 0)
    assert sorted(os.listdir(tmp_path)) == []


# ------------------------------------------------------------------ Windows, simulated


def fake_msvcrt():
    """``msvcrt.locking`` as Windows does it – a non-blocking exclusive lock on bytes from
    the file position, OSError when another holder has them – made of POSIX byte-range
    locks (which, like Windows', belong to one process: so the tests use two)."""
    import fcntl

    def locking(fd, mode, nbytes):
        position = os.lseek(fd, 0, os.SEEK_CUR)
        if mode == module.LK_NBLCK:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, position, os.SEEK_SET)
        elif mode == module.LK_UNLCK:
            fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, position, os.SEEK_SET)
        else:
            raise ValueError(mode)

    module = types.SimpleNamespace(LK_UNLCK=0, LK_NBLCK=2, locking=locking)
    return module


HOLDER = textwrap.dedent("""
    import sys
    from tests.storage.test_lock import fake_msvcrt
    from workshop.store.lock import ByteRangeLocker, WorkshopLock
    lock = WorkshopLock(sys.argv[1], ByteRangeLocker(fake_msvcrt()))
    lock.acquire()
    print("HELD", flush=True)
    sys.stdin.readline()
    lock.release()
""")


@pytest.mark.skipif(os.name != "posix", reason="simulates Windows with POSIX locks")
def test_windows_byte_range_lock_refuses_a_second_writer_and_names_the_first(tmp_path):
    path = tmp_path / "square.workshop"
    _workshop(path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        second = WorkshopLock(path, ByteRangeLocker(fake_msvcrt()))
        with pytest.raises(FileLockedError, match=f"pid {holder.pid}"):
            second.acquire()
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
        second.acquire()  # released when the first one lets go
        assert second.held
        second.release()
    finally:
        holder.kill()


def test_windows_is_chosen_on_windows_and_refuses_links_without_o_nofollow(
        tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt())
    monkeypatch.setattr(os, "name", "nt")
    assert isinstance(platform_locker(), ByteRangeLocker)
    monkeypatch.undo()
    monkeypatch.setattr(lock_module, "_NOFOLLOW", 0)  # Windows has no O_NOFOLLOW
    path = tmp_path / "square.workshop"
    _workshop(path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "square.workshop.lock").unlink(missing_ok=True)
    (tmp_path / "square.workshop.lock").symlink_to(victim)
    with pytest.raises(WorkshopFileError, match="not a lock file"):
        WorkshopLock(path, ByteRangeLocker(fake_msvcrt())).acquire()
    assert victim.read_text() == "keep me"


def test_one_process_cannot_open_the_same_file_twice_for_writing(file_store):
    with pytest.raises(FileLockedError):
        WorkshopStore.open(file_store.path, device_id="again")
    file_store.add(Idea(title="still mine", prompt_id=file_store.add(Prompt(text="p")).id,
                        team_id=file_store.add(Team(name="t")).id))
