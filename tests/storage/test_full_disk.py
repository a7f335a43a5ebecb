"""A full disk, for real (a 3 MB filesystem filled to the last byte) and injected (SQLite's
``max_page_count``): every command says so in one line naming the disk, leaves no 0-byte
file in the way of a retry, and keeps every acknowledged change."""

from __future__ import annotations

import csv
import os

import pytest

from workshop.errors import StorageError
from workshop.model import Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore

from .conftest import fill, one_line_error, run


def _sheet(path, rows=3):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", "team", "title"])
        for n in range(rows):
            writer.writerow(["What would make the square better?", "", f"Bench {n}"])
    return path


def _snapshot(path):
    with WorkshopStore.open(path, device_id="check", read_only=True) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return store.counts(), sorted(i.id for i in store.ideas())


def test_every_command_on_a_full_disk_says_so_in_one_line(small_disk, tmp_path):
    demo = small_disk / "demo.workshop"
    assert run("demo", demo).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run("export", demo, "--bundle", elsewhere / "demo.zip").returncode == 0
    before = _snapshot(demo)
    filler = fill(small_disk)

    for args in (("new", small_disk / "new.workshop", "--title", "Square"),
                 ("demo", small_disk / "demo2.workshop")):
        error = one_line_error(run(*args))
        assert "is full" in error and str(small_disk) in error
        assert not any(small_disk.glob("new.workshop*")) and not any(
            small_disk.glob("demo2.workshop*"))  # nothing in the way of a retry

    # Writes into the workshop on the full disk: opened read-only, refused in one line.
    for args in (("import-ideas", demo, _sheet(tmp_path / "ideas.csv")),
                 ("import", elsewhere / "demo.zip", "--into", demo),
                 ("import", elsewhere / "demo.zip", "--into", small_disk / "merged.workshop")):
        error = one_line_error(run(*args))
        assert "is full" in error and str(small_disk) in error
    assert not any(small_disk.glob("merged.workshop*"))
    assert not any(p.name.endswith(".partial") for p in small_disk.iterdir())

    # Reading works, and nothing calls the sound file damaged.
    info = run("info", demo)
    assert info.returncode == 0 and "damaged" not in info.stderr + info.stdout
    # An export to the full disk fails in one line; to another disk it works (no backup).
    result = run("export", demo, "--pdf", small_disk / "report.pdf")
    note, error = result.stderr.strip().splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert note.startswith("workshop: Note: no backup was made before this export.")
    assert "is full" in error and "report.pdf" in error
    assert not (small_disk / "report.pdf").exists()
    done = run("export", demo, "--pdf", elsewhere / "report.pdf")
    assert done.returncode == 0, done.stderr
    assert "no backup was made" in done.stderr and (elsewhere / "report.pdf").stat().st_size

    assert _snapshot(demo) == before  # every acknowledged change is still there
    filler.unlink()  # room again: the same commands now work
    assert run("new", small_disk / "new.workshop", "--title", "Square").returncode == 0
    assert run("import-ideas", demo, tmp_path / "ideas.csv").returncode == 0


def test_adding_ideas_until_the_disk_is_full_keeps_every_acknowledged_one(small_disk):
    path = small_disk / "w.workshop"
    acknowledged = []
    with WorkshopStore.create(path, Workshop(title="Square"), device_id="a") as store:
        prompt = store.add(Prompt(text="What?"))
        team = store.add(Team(name="A"))
        fill(small_disk)
        with pytest.raises(StorageError, match="is full") as refused:
            for n in range(100_000):
                acknowledged.append(store.add(Idea(
                    title=f"Idea {n}", details="x" * 2000, prompt_id=prompt.id,
                    team_id=team.id)).id)
        assert str(small_disk) in str(refused.value)
    assert _snapshot(path)[1] == sorted(acknowledged)


# ------------------------------------------------ injected: SQLite's max_page_count


def _cap(store):
    """Let the file grow by no more page: SQLite then answers SQLITE_FULL, as a full disk
    does (this runs on any machine, root or not)."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_refused_save_is_one_clear_error_and_changes_nothing(file_store):
    prompt = file_store.add(Prompt(text="What?"))
    team = file_store.add(Team(name="A"))
    kept = file_store.add(Idea(title="kept", prompt_id=prompt.id, team_id=team.id))
    _cap(file_store)
    with pytest.raises(StorageError, match="is full"), file_store.transaction():
        for n in range(2000):
            file_store.add(Idea(title=f"{n}", details="y" * 2000, prompt_id=prompt.id,
                                team_id=team.id))
    assert [i.id for i in file_store.ideas()] == [kept.id]


def test_info_never_calls_a_sound_file_damaged_when_it_cannot_be_read_normally(
        tmp_path, monkeypatch):
    path = tmp_path / "w.workshop"
    assert run("demo", path).returncode == 0
    # SQLite cannot make its -shm (a full disk, a read-only folder): simulated by a -shm
    # that is a folder. The file is sound: info reads it all the same.
    os.mkdir(str(path) + "-shm")
    try:
        result = run("info", path)
        assert result.returncode == 0, result.stderr
        assert "damaged" not in result.stderr
    finally:
        os.rmdir(str(path) + "-shm")
