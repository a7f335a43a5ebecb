"""Everything about the workshop file on disk that is not SQL: rotating backups with their
retention rule, moving a damaged file aside, and copies that appear only when complete.
(The single-writer lock is in ``workshop.store.lock``, clean-up of what a killed run left
in ``workshop.store.leftovers``.)

Backups live beside the workshop, in ``<file>.backups/``, so they travel with it on a USB
stick and a facilitator can find them. Retention: the newest ``KEEP_AUTO`` periodic backups
and the newest ``KEEP_PER_REASON`` of every other reason (open, migration, import, export,
restore) are kept; older ones are deleted after each new backup.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workshop.store.lock import WorkshopLock, real_path

__all__ = ["WorkshopLock", "real_path"]  # the lock lives in workshop.store.lock

KEEP_AUTO = 12  # at one every five minutes: the last hour of work
KEEP_PER_REASON = 2
SUFFIX = ".workshop"
_STAMP = "%Y%m%dT%H%M%S%fZ"


def backups_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str


def list_backups(path: Path) -> list[Backup]:
    """All backups of one workshop file, newest first."""
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    found = []
    for item in folder.glob("*" + SUFFIX):
        parts = item.name[: -len(SUFFIX)].rsplit(".", 2)
        if len(parts) != 3:
            continue
        try:
            taken = datetime.strptime(parts[1], _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(item, taken, parts[2]))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def write_backup(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Copy the open database with SQLite's online backup API, then publish it atomically."""
    folder = backups_dir(path)
    folder.mkdir(exist_ok=True)
    for leftover in folder.glob("*.partial*"):  # from a backup cut short by a crash
        leftover.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{path.stem}.{stamp}.{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
        # A backup is a plain single file: no -wal beside it to lose when copied.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    _fsync_file(partial)
    os.replace(partial, target)
    _fsync_dir(folder)
    prune_backups(path)
    return target


def prune_backups(path: Path) -> list[Path]:
    """Apply the retention rule; returns the backups it deleted."""
    seen: dict[str, int] = {}
    removed = []
    for backup in list_backups(path):
        seen[backup.reason] = seen.get(backup.reason, 0) + 1
        limit = KEEP_AUTO if backup.reason == "auto" else KEEP_PER_REASON
        if seen[backup.reason] > limit:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def is_good_database(path: Path) -> bool:
    try:
        conn = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def latest_good_backup(path: Path) -> Path | None:
    for backup in list_backups(path):
        if is_good_database(backup.path):
            return backup.path
    return None


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) out of the way; it is never overwritten."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    for extra in ("-wal", "-shm"):
        side = Path(str(path) + extra)
        if side.exists():
            os.replace(side, Path(str(aside) + extra))
    os.replace(path, aside)
    _fsync_dir(path.parent)
    return aside


@contextlib.contextmanager
def atomic_copy_target(target: Path):
    """A temporary file beside ``target`` that is renamed to it only when complete."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        _fsync_file(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open directories; NTFS journals renames itself.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
