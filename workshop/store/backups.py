"""Backups of an open workshop and copies of it, and how storage failures are told.

One of the store's parts (``WorkshopStore.backups``).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.errors import ReadOnlyFileError, StorageError, WorkshopFileError
from workshop.i18n import N_
from workshop.model import RECORD_TYPES
from workshop.store import disk, files, opening

if TYPE_CHECKING:
    from sqlite_utils import Database

AUTO_BACKUP_SECONDS = 5 * 60


class Backups:
    """Rotating backups of the workshop at ``path`` (none for a store in memory)."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._last_backup = time.monotonic()
        self._changes_at_backup = db.conn.total_changes

    def backup(self, reason: str = "auto") -> Path | None:
        """Take a backup now (before imports, exports, migrations; and periodically)."""
        if self.path is None:
            return None  # in memory: nothing to back up
        try:
            target = files.write_backup(self.db.conn, self.path, reason)
        except (sqlite3.Error, OSError) as error:
            raise refused(error, files.backups_dir(self.path)) from None
        self._last_backup = time.monotonic()
        self._changes_at_backup = self.db.conn.total_changes
        return target

    def backup_if_due(self, every_seconds: float = AUTO_BACKUP_SECONDS) -> Path | None:
        """A rotating backup when something changed and the last one is old enough."""
        changed = self.db.conn.total_changes != self._changes_at_backup
        if changed and time.monotonic() - self._last_backup >= every_seconds:
            return self.backup("auto")
        return None

    def save_copy(self, target: Path | str) -> Path:
        """A complete, consistent copy of the workshop as a new file (File → Save a copy)."""
        target = Path(target)
        if target.exists():
            raise exists(target)
        try:
            with files.atomic_copy_target(target) as partial:
                dest = sqlite3.connect(partial)
                try:
                    self.db.conn.backup(dest)
                    dest.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dest.close()
        except (sqlite3.Error, OSError) as error:
            raise refused(error, target) from None
        return target

    def changed_since_last_backup(self) -> bool:
        """Whether any record was written after the newest backup (repeated opens of an
        unchanged workshop then add no copies)."""
        backups = files.list_backups(self.path) if self.path else []
        if not backups:
            return True
        try:
            newest = opening.connect(backups[0].path, read_only=True)
            try:
                return _last_write(self.db.conn) != _last_write(newest)
            finally:
                newest.close()
        except sqlite3.DatabaseError:
            return True


def _last_write(conn: sqlite3.Connection) -> tuple:
    """The newest write time and the number of records: what changes with every write."""
    parts = " UNION ALL ".join(
        f"SELECT max(updated_at) AS t, count(*) AS n FROM {cls.TABLE}" for cls in RECORD_TYPES
    )
    return conn.execute(f"SELECT max(t), sum(n) FROM ({parts})").fetchone()


def exists(path: Path) -> WorkshopFileError:
    return WorkshopFileError(path, N_("A file already exists at {path}; choose another name."))


def refused(error: BaseException, path: Path, *, read_only: bool = False) -> BaseException:
    """The clear error for a storage failure (``error`` itself if it is something else)."""
    if isinstance(error, StorageError):
        if read_only and not isinstance(error, ReadOnlyFileError):
            return disk.refusal(error.kind or disk.FAILING, path, read_only=True)
        return error
    return disk.storage_error(error, path, read_only=read_only) or error
