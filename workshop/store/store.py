"""The one object that owns a workshop file's connection: a façade over small parts.

As Anki's ``Collection`` holds its managers, the store holds ``records`` (add, update,
delete, list and read back), ``voting`` (the voting queries), ``merges`` (merge writes,
platform settings) and ``backups``; its methods hand each call to the part that does it.
All SQL of the application lives in this package.

Every write is committed before the call returns (autosave), inside ``db.atomic()`` so a
multi-row change lands whole or not at all, with ``synchronous=FULL`` in WAL mode so an
acknowledged write survives a killed process and a power cut. ``snapshot()`` reads one
version of the data on a connection of its own, for exports.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from workshop.errors import StorageError, WorkshopFileError
from workshop.i18n import N_
from workshop.model import Ballot, BallotDot, Record, Workshop, utc_now
from workshop.rules import validated
from workshop.store import disk, files, leftovers, opening
from workshop.store.backups import AUTO_BACKUP_SECONDS, Backups, exists, refused
from workshop.store.local import LocalState
from workshop.store.lock import real_path
from workshop.store.merging import MergeWrites
from workshop.store.reads import ReadMethods
from workshop.store.records import Records
from workshop.store.schema import SCHEMA_VERSION, migrate
from workshop.store.voting import VotingQueries

if TYPE_CHECKING:
    from sqlite_utils import Database

    from workshop.store.snapshots import StoreSnapshot

R = TypeVar("R", bound=Record)


class WorkshopStore(ReadMethods):
    """A workshop file, open for reading and (unless ``read_only``) writing."""

    def __init__(
        self,
        db: Database | opening.ReadOnlyDatabase,
        *,
        device_id: str,
        path: Path | None = None,
        lock: files.WorkshopLock | None = None,
        clock: Callable[[], str] = utc_now,
        read_only: bool = False,
    ) -> None:
        self.db = db
        self.path = path
        self.device_id = device_id
        self.read_only = read_only
        self._lock = lock
        self.shown_path = path  # the name errors show (a new file's, while it is built)
        self._clock = clock
        self.records = Records(db, device_id=device_id, clock=clock, saving=self._saving,
                               writable=self._writable)
        self.voting = VotingQueries(self.records)
        self.merges = MergeWrites(self.records)
        self.backups = Backups(db, path)
        self.local = LocalState(db, clock, self._writable)

    # ----------------------------------------------------------------- opening and closing

    @classmethod
    def create(cls, path: Path | str, workshop: Workshop, *, device_id: str,
               fill: Callable[[WorkshopStore], object] | None = None) -> WorkshopStore:
        """Make a new workshop file (with what ``fill`` adds, in one transaction) and open
        it; refuses to touch an existing file.

        The file is built under a private name beside ``path`` and moved there only when
        complete: a full disk or a killed process leaves nothing at ``path``.
        """
        given = Path(path)
        workshop = validated(workshop)  # before the file exists: bad input leaves nothing behind
        real = real_path(given)
        if os.path.lexists(given) or os.path.lexists(real):
            raise exists(given)
        if not real.parent.is_dir():
            raise WorkshopFileError(given, N_("There is no folder {folder} for {path}."),
                                    folder=str(real.parent))
        leftovers.sweep_folder(real.parent)
        lock = opening.lock_for_writing(real)
        try:
            if os.path.lexists(real):  # made by someone else in the meantime
                raise exists(given)
            partial = leftovers.partial_name(real)
            try:
                cls._build(partial, real, workshop, device_id, fill)
                leftovers.publish(partial, real)
            except (sqlite3.Error, OSError) as error:
                raise refused(error, real) from None
            finally:
                leftovers.remove_partial(partial)
            return cls.open(real, device_id=device_id, _lock=lock, _fresh=True)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _build(cls, partial: Path, real: Path, workshop: Workshop, device_id: str,
               fill: Callable[[WorkshopStore], object] | None) -> None:
        db = opening.database(opening.connect(partial, read_only=False))
        try:
            opening.configure(db)
            migrate(db, 0)
            store = cls(db, device_id=device_id)
            store.shown_path = real
            store.add(workshop)
            if fill is not None:
                fill(store)
            # Everything into the file itself: only the file is moved into place.
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise sqlite3.OperationalError("the new file could not be completed")
        finally:
            db.close()

    @classmethod
    def open(cls, path: Path | str, *, device_id: str, read_only: bool = False,
             _lock: files.WorkshopLock | None = None, _fresh: bool = False) -> WorkshopStore:
        """Open an existing workshop: lock, integrity check, migrate after a backup.

        Raises ``ReadOnlyFileError`` for a sound file that cannot be written here (open it
        with ``read_only=True`` instead), ``DamagedFileError`` only for a failed check.
        """
        if read_only:
            real, db, _version = opening.open_read_only(path)
            return cls(db, device_id=device_id, path=real, read_only=True)
        given = Path(path)
        real = real_path(given)
        if not real.is_file():
            raise opening.missing(given)
        lock = _lock
        try:
            if lock is None:
                problem = opening.why_not_writable(real)
                if problem is not None:
                    raise problem
                lock = opening.lock_for_writing(real)
                leftovers.sweep_folder(real.parent)
            db = opening.open_checked(real, read_only=False)
            version = opening.version_of(db, real)
            store = cls(db, device_id=device_id, path=real, lock=lock)
            try:
                if version < SCHEMA_VERSION:
                    store.backup("migration")
                    migrate(db, version)
                elif not _fresh and store.backups.changed_since_last_backup():
                    store.backup("open")
            except (StorageError, sqlite3.Error, OSError) as error:
                store._lock = None  # released below
                db.close()
                raise refused(error, real, read_only=True) from None
            return store
        except BaseException:
            if lock:
                lock.release()
            raise

    @classmethod
    def in_memory(cls, workshop: Workshop, *, device_id: str = "test-device",
                  clock: Callable[[], str] = utc_now) -> WorkshopStore:
        """A throwaway store, for tests and previews."""
        # Shared with the writer's thread (workshop.store.writer): a memory database has
        # no second connection.
        db = opening.database(sqlite3.connect(":memory:", check_same_thread=False))
        opening.configure(db)
        migrate(db, 0)
        store = cls(db, device_id=device_id, clock=clock)
        store.add(workshop)
        return store

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                # Fold the WAL into the main file so a copied .workshop file is complete.
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.db.close()
        if self._lock:
            self._lock.release()

    def second_connection(self) -> WorkshopStore:
        """The same workshop on a connection of its own, for the writer's thread
        (``workshop.store.writer``); the lock stays with this store. A memory store is
        returned itself: it has no second connection."""
        if self.path is None:
            return self
        db = opening.database(opening.connect(self.path, read_only=self.read_only))
        opening.configure(db)
        store = type(self)(db, device_id=self.device_id, path=self.path, clock=self._clock,
                           read_only=self.read_only)
        store.shown_path = self.shown_path
        return store

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[StoreSnapshot]:
        """One version of the workshop, read-only, for as long as the block runs: a read
        transaction on a connection of its own, so writes meanwhile (by this store or
        anyone) are not seen. Every output of one export reads inside one snapshot."""
        # Imported here: a read of the workshop's summary (``workshop info``) needs none.
        from workshop.store.snapshots import snapshot_of

        with snapshot_of(self.db, self.path, device_id=self.device_id,
                         clock=self._clock) as snapshot:
            yield snapshot

    # ------------------------------------------------------------------------- backups
    # (see workshop.store.backups)

    def backup(self, reason: str = "auto") -> Path | None:
        """Take a backup now (before imports, exports, migrations; and periodically)."""
        return self.backups.backup(reason)

    def backup_if_due(self, every_seconds: float = AUTO_BACKUP_SECONDS) -> Path | None:
        return self.backups.backup_if_due(every_seconds)

    def save_copy(self, target: Path | str) -> Path:
        """A complete, consistent copy of the workshop as a new file (File → Save a copy)."""
        return self.backups.save_copy(target)

    # --------------------------------------------------------------------------- writes
    # (see workshop.store.records and workshop.store.merging)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[WorkshopStore]:
        """Group several changes so that they land together or not at all."""
        with self.records.transaction():
            yield self

    def add(self, record: R) -> R:
        """Validate, stamp and store a new record; returns the stored copy."""
        return self.records.add(record)

    def add_many(self, records: Iterable[Record]) -> list[Record]:
        with self.transaction():
            return [self.add(r) for r in records]

    def update(self, record: R) -> R:
        """Store new values for an existing, live record."""
        return self.records.update(record)

    def delete(self, cls: type[Record], record_id: str) -> None:
        """Tombstone a record: it disappears from lists but stays for undo and merging."""
        self.records.set_deleted(cls, record_id, self._clock())

    def undelete(self, cls: type[Record], record_id: str) -> None:
        self.records.set_deleted(cls, record_id, None)

    def reorder(self, cls: type[Record], ids: list[str]) -> None:
        self.records.reorder(cls, ids)

    def cast_ballot(self, ballot: Ballot, dots: Iterable[BallotDot]) -> Ballot:
        return self.records.cast_ballot(ballot, dots)

    def set_tallies(self, round_id: str, counts: dict[str, int],
                    voters: int | None = None) -> None:
        self.records.set_tallies(round_id, counts, voters)

    def apply_merge(
        self,
        inserts: Iterable[Record],
        replaces: Iterable[Record],
        history: Iterable[tuple[str, str, str, str, str]] = (),
        settings: Iterable[tuple[str, str, str, str]] = (),
    ) -> None:
        self.merges.apply_merge(inserts, replaces, history, settings)

    def set_platform_setting(self, key: str, value: str) -> None:
        self.merges.set_platform_setting(key, value)

    # ------------------------------------------------------------------------- internals

    @contextlib.contextmanager
    def _saving(self) -> Iterator[None]:
        """A transaction whose storage failures (a full disk, a pulled USB stick) become
        one clear ``StorageError``; SQLite rolled it back, so nothing was changed."""
        try:
            with self.db.atomic():
                yield
        except (sqlite3.OperationalError, OSError) as error:
            problem = disk.storage_error(error, self.shown_path or "")
            if problem is None:
                raise
            raise problem from error

    def _writable(self) -> None:
        if self.read_only:
            raise WorkshopFileError(self.path or "", N_("{path} is open read-only."))
