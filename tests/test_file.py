"""The workshop file: one writer at a time, backups, damaged and newer files, migrations."""

import os
import sqlite3
import subprocess
import sys

import pytest

from workshop.errors import (
    DamagedFileError,
    FileLockedError,
    NewerFileError,
    NotAWorkshopError,
    WorkshopFileError,
)
from workshop.model import Idea, Prompt, Workshop
from workshop.store import (
    SCHEMA_VERSION,
    WorkshopStore,
    check_file,
    files,
    list_backups,
    restore_from_backup,
)
from workshop.store.schema import APPLICATION_ID


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "w.workshop"
    with WorkshopStore.create(p, Workshop(title="t"), device_id="d") as store:
        prompt = store.add(Prompt(text="p"))
        store.add_many([Idea(title=f"idea {n}", prompt_id=prompt.id) for n in range(50)])
    return p


def test_the_file_uses_wal_full_sync_and_foreign_keys(file_store):
    db = file_store.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_create_refuses_an_existing_file(path):
    before = path.read_bytes()
    with pytest.raises(WorkshopFileError):
        WorkshopStore.create(path, Workshop(title="again"), device_id="d")
    assert path.read_bytes() == before


def test_create_with_bad_input_leaves_no_file(tmp_path):
    with pytest.raises(Exception, match="Title"):
        WorkshopStore.create(tmp_path / "x.workshop", Workshop(title=" "), device_id="d")
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "x.workshop").exists()


def test_a_second_open_of_the_same_workshop_is_refused_clearly(path):
    with WorkshopStore.open(path, device_id="d"):
        with pytest.raises(FileLockedError) as caught:
            WorkshopStore.open(path, device_id="d")
        assert "already open" in str(caught.value)
        assert f"pid {os.getpid()}" in str(caught.value)
    WorkshopStore.open(path, device_id="d").close()  # free again once closed


def test_another_process_is_refused_while_the_workshop_is_open(path):
    code = (
        "import sys\nfrom workshop.store import WorkshopStore\nfrom workshop.errors import "
        "FileLockedError\ntry:\n    WorkshopStore.open(sys.argv[1], device_id='x')\n"
        "except FileLockedError as e:\n    print(e); sys.exit(3)\n"
    )
    with WorkshopStore.open(path, device_id="d"):
        result = subprocess.run([sys.executable, "-c", code, str(path)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "already open" in result.stdout


def test_read_only_opening_needs_no_lock_and_cannot_write(path):
    with WorkshopStore.open(path, device_id="d") as writer:
        with WorkshopStore.open(path, device_id="r", read_only=True) as reader:
            assert len(reader.ideas()) == 50
            with pytest.raises(WorkshopFileError):
                reader.add(Prompt(text="no"))
        writer.add(Prompt(text="still writable"))


def test_opening_takes_a_backup_and_backups_rotate(path, monkeypatch):
    monkeypatch.setattr(files, "KEEP_PER_REASON", 2)
    monkeypatch.setattr(files, "KEEP_AUTO", 3)
    for n in range(4):
        with WorkshopStore.open(path, device_id="d") as store:
            store.add(Prompt(text=f"changed {n}"))
    assert [b.reason for b in list_backups(path)] == ["open", "open"]
    WorkshopStore.open(path, device_id="d").close()  # backs up the 4th change
    before = list_backups(path)
    WorkshopStore.open(path, device_id="d").close()  # nothing changed since: no new copy
    assert list_backups(path) == before
    with WorkshopStore.open(path, device_id="d") as store:
        prompt = store.list(Prompt)[0]
        for n in range(5):
            store.add(Idea(title=f"later {n}", prompt_id=prompt.id))
            assert store.backup_if_due(every_seconds=0) is not None
        assert store.backup_if_due(every_seconds=0) is None  # nothing changed since
        assert store.backup_if_due(every_seconds=3600) is None
    backups = list_backups(path)
    assert [b.reason for b in backups].count("auto") == 3
    newest = sqlite3.connect(backups[0].path)
    assert newest.execute("SELECT count(*) FROM ideas").fetchone()[0] == 55
    assert newest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _damage(path):
    """Overwrite pages in the middle of the file, as a failing USB stick might."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(8192))


def test_a_damaged_file_is_refused_kept_and_restorable(path):
    WorkshopStore.open(path, device_id="d").close()  # leaves an 'open' backup
    _damage(path)
    damaged = path.read_bytes()
    with pytest.raises(DamagedFileError) as caught:
        WorkshopStore.open(path, device_id="d")
    assert caught.value.backup is not None
    assert "workshop restore" in str(caught.value)
    assert path.read_bytes() == damaged  # opening never wrote to it
    used, aside = restore_from_backup(path)
    assert used == caught.value.backup
    assert aside.read_bytes() == damaged  # the damaged file is kept, not overwritten
    with WorkshopStore.open(path, device_id="d") as store:
        assert len(store.ideas()) == 50


def test_a_damaged_file_without_backup_says_so(tmp_path):
    path = tmp_path / "w.workshop"
    with WorkshopStore.create(path, Workshop(title="t"), device_id="d") as store:
        store.add_many([Prompt(text="p" * 400) for _ in range(100)])
    _damage(path)
    with pytest.raises(DamagedFileError) as caught:
        WorkshopStore.open(path, device_id="d")
    assert caught.value.backup is None
    with pytest.raises(WorkshopFileError):
        restore_from_backup(path)


def test_a_file_that_is_not_a_workshop_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(NotAWorkshopError):
        WorkshopStore.open(text, device_id="d")
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkshopError):
        WorkshopStore.open(other, device_id="d")


def test_a_newer_file_is_refused_and_left_unchanged(path):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerFileError) as caught:
        WorkshopStore.open(path, device_id="d")
    assert "newer version" in str(caught.value)
    assert path.read_bytes() == before
    with pytest.raises(NewerFileError):
        check_file(path)


def test_an_older_file_is_migrated_after_a_backup(path, monkeypatch):
    """With one schema version so far, an 'older' file is one at version 0 with the
    first migration still to run; opening it must back it up, then migrate."""
    from workshop.store import schema
    from workshop.store import store as store_module

    calls = []

    def v2(db):
        calls.append("v2")
        db.execute("CREATE TABLE later_feature (id TEXT PRIMARY KEY)")

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, v2))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with WorkshopStore.open(path, device_id="d") as store:
        assert store.schema_version() == SCHEMA_VERSION + 1
        assert len(store.ideas()) == 50
    assert calls == ["v2"]
    backup = next(b for b in list_backups(path) if b.reason == "migration")
    old = sqlite3.connect(backup.path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_failing_migration_changes_nothing(path, monkeypatch):
    from workshop.store import schema
    from workshop.store import store as store_module

    def broken(db):
        db.execute("CREATE TABLE half_done (id TEXT)")
        raise RuntimeError("bug in migration")

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        WorkshopStore.open(path, device_id="d")
    monkeypatch.undo()
    with WorkshopStore.open(path, device_id="d") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert "half_done" not in store.db.table_names()


def test_check_reports_a_sound_file(path):
    report = check_file(path)
    assert report.ok and report.schema_version == SCHEMA_VERSION


def test_check_reports_broken_links(path):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ideas SET team_id = 'gone' WHERE rowid = 1")  # FKs off here
    conn.commit()
    conn.close()
    report = check_file(path)
    assert not report.ok
    assert "missing" in str(report.problems[0])


def test_a_backup_cut_short_by_a_crash_is_cleaned_up(path):
    folder = files.backups_dir(path)
    folder.mkdir(exist_ok=True)
    leftover = folder / "w.20260101T000000000000Z.open.workshop.partial"
    leftover.write_bytes(b"half a backup")
    with WorkshopStore.open(path, device_id="d") as store:
        store.backup("export")
    assert not leftover.exists()
    assert all(files.is_good_database(b.path) for b in list_backups(path))
