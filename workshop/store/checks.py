"""Checking a workshop file and restoring it from a backup (``workshop check``/``restore``)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from workshop.errors import WorkshopFileError
from workshop.i18n import N_, Message
from workshop.model import RECORD_TYPES
from workshop.store import files, leftovers, opening
from workshop.store.backups import refused
from workshop.store.lock import real_path
from workshop.store.schema import SCHEMA_VERSION
from workshop.store.store import WorkshopStore


@dataclasses.dataclass
class CheckReport:
    """What ``workshop check`` found: an empty ``problems`` list means the file is sound."""

    path: Path
    schema_version: int
    known_version: int = SCHEMA_VERSION
    problems: list[Message] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path | str) -> CheckReport:
    """Integrity, foreign keys and schema of a workshop file, read-only.

    Raises the same clear errors as opening (damaged, newer, not a workshop).
    """
    path = Path(path)
    store = WorkshopStore.open(path, device_id="check", read_only=True)
    try:
        report = CheckReport(path, store.schema_version())
        broken = store.db.execute("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in broken[:10]:
            report.problems.append(Message(
                N_("{table} row {row} refers to a missing {parent} record."),
                {"table": table, "row": rowid, "parent": parent}))
        for cls in RECORD_TYPES:
            have = [row[1] for row in store.db.execute(f"PRAGMA table_info({cls.TABLE})")]
            if have != list(cls.columns()):
                report.problems.append(Message(
                    N_("Table {table} does not have the expected columns."), {"table": cls.TABLE}))
        drifted = store.rounds_with_tally_drift()
        if drifted:
            report.problems.append(Message(
                N_("The running tally of {rounds} voting rounds does not match a recount of "
                   "their ballots."), {"rounds": len(drifted)}))
        if report.schema_version < SCHEMA_VERSION:
            report.problems.append(Message(
                N_("File format {version} is older than {known}; opening the file in the app "
                   "updates it, after a backup."),
                {"version": report.schema_version, "known": SCHEMA_VERSION}))
        return report
    finally:
        store.close()


def restore_from_backup(path: Path | str, backup: Path | None = None) -> tuple[Path, Path | None]:
    """Put the newest good backup (or ``backup``) in place of a damaged workshop file.

    The damaged file is moved aside, never overwritten. Returns (backup used, moved-aside path).
    """
    path = real_path(path)
    source = Path(backup) if backup else files.latest_good_backup(path)
    if source is None or not files.is_good_database(source):
        raise WorkshopFileError(path, N_("There is no good backup of {path} to restore."))
    lock = opening.lock_for_writing(path)
    try:
        partial = leftovers.partial_name(path)
        try:  # the copy is made first: a full disk leaves the damaged file where it was
            src = opening.connect(source, read_only=True)
            dest = sqlite3.connect(partial)
            try:
                src.backup(dest)
            finally:
                src.close()
                dest.close()
            aside = files.move_aside(path) if path.exists() else None
            leftovers.publish(partial, path)
        except (sqlite3.Error, OSError) as error:
            raise refused(error, path) from None
        finally:
            leftovers.remove_partial(partial)
    finally:
        lock.release()
    # Opening it checks it and keeps a backup of the restored state.
    WorkshopStore.open(path, device_id="restore").close()
    return source, aside
