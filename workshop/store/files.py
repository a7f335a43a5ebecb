"""Everything about the workshop file on disk that is not SQL: the single-writer lock,
rotating backups with their retention rule, and moving a damaged file aside.

Backups live beside the workshop, in ``<file>.backups/``, so they travel with it on a USB
stick and a facilitator can find them. Retention: the newest ``KEEP_AUTO`` periodic backups
and the newest ``KEEP_PER_REASON`` of every other reason (open, migration, import, export,
restore) are kept; older ones are deleted after each new backup.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workshop.errors import FileLockedError
from workshop.i18n import N_

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
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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


class WorkshopLock:
    """An advisory lock on ``<file>.lock`` held while a workshop is open for writing.

    The operating system releases it when the process dies, so a crash never leaves a
    workshop locked; the file's content only names the holder for the message.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            holder = _read_holder(fd)
            os.close(fd)
            raise FileLockedError(
                self.path,
                N_("The workshop {path} is already open in another window or program "
                   "({holder}). Close it there first, or open a copy."),
                holder=holder,
            )
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 200).decode(errors="replace").strip() or "?"
    except OSError:
        return "?"


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte past the holder text
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 1 << 20, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
