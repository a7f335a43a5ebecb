"""The one class that owns a workshop file. All SQL of the application lives in this package.

Every write is committed before the call returns (autosave), inside ``db.atomic()`` so a
multi-row change lands whole or not at all, with ``synchronous=FULL`` in WAL mode so an
acknowledged write survives a killed process and a power cut.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import operator
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from workshop.errors import (
    InputError,
    NotFoundError,
    ReadOnlyFileError,
    StorageError,
    WorkshopFileError,
)
from workshop.i18n import N_, Message
from workshop.model import (
    RECORD_TYPES,
    Ballot,
    BallotDot,
    CandidateKind,
    Idea,
    Note,
    NoteKind,
    Photo,
    Record,
    RoundEvent,
    RoundEventKind,
    RoundStatus,
    Tally,
    VoteRound,
    Workshop,
    utc_now,
)
from workshop.rules import validated
from workshop.store import disk, files, leftovers, opening
from workshop.store.local import LocalState
from workshop.store.lock import real_path
from workshop.store.schema import (
    BALLOT_RECOUNT,
    DIGITAL_RECOUNT,
    SCHEMA_VERSION,
    migrate,
)

R = TypeVar("R", bound=Record)

AUTO_BACKUP_SECONDS = 5 * 60

# Columns a migration added, with the value an older file stands for (SQL literals): a file
# opened read-only is not migrated, and still reads as the current records.
_ADDED_COLUMNS: dict[type[Record], dict[int, dict[str, str]]] = {
    Workshop: {6: {"co_organiser": "''", "facilitators": "''", "next_steps": "''",
                   "contact": "''", "era_dates": "0"}},
}

# How stored values come back as Python values, per field type.
_DECODERS: dict[type[Record], dict[str, Callable[[Any], Any]]] = {
    Workshop: {"languages": lambda v: tuple(json.loads(v)), "era_dates": bool},
    VoteRound: {
        "candidate_kind": CandidateKind,
        "candidate_ids": lambda v: tuple(json.loads(v)),
        "allow_own_team": bool,
        "hidden_until_revealed": bool,
        "status": RoundStatus,
    },
    Note: {"kind": NoteKind, "internal": bool},
    Photo: {"internal": bool},
    RoundEvent: {"event": RoundEventKind},
}


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _decoder(cls: type[R]) -> Callable[[tuple], R]:
    decoders = _DECODERS.get(cls)
    if not decoders:
        return lambda row: cls(*row)
    positions = [(cls.columns().index(name), fn) for name, fn in decoders.items()]

    def decode(row: tuple) -> R:
        values = list(row)
        for index, fn in positions:
            if values[index] is not None:
                values[index] = fn(values[index])
        return cls(*values)

    return decode


class WorkshopStore:
    """A workshop file, open for reading and (unless ``read_only``) writing."""

    def __init__(
        self,
        db: Database,
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
        self._decoders = {cls: _decoder(cls) for cls in RECORD_TYPES}
        self._last_backup = time.monotonic()
        self._changes_at_backup = db.conn.total_changes
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
            raise _exists(given)
        if not real.parent.is_dir():
            raise WorkshopFileError(given, N_("There is no folder {folder} for {path}."),
                                    folder=str(real.parent))
        leftovers.sweep_folder(real.parent)
        lock = opening.lock_for_writing(real)
        try:
            if os.path.lexists(real):  # made by someone else in the meantime
                raise _exists(given)
            partial = leftovers.partial_name(real)
            try:
                cls._build(partial, real, workshop, device_id, fill)
                leftovers.publish(partial, real)
            except (sqlite3.Error, OSError) as error:
                raise _refused(error, real) from None
            finally:
                leftovers.remove_partial(partial)
            return cls.open(real, device_id=device_id, _lock=lock, _fresh=True)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _build(cls, partial: Path, real: Path, workshop: Workshop, device_id: str,
               fill: Callable[[WorkshopStore], object] | None) -> None:
        db = Database(opening.connect(partial, read_only=False), execute_plugins=False)
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
        given = Path(path)
        real = real_path(given)
        if not real.is_file():
            raise opening.missing(given)
        if read_only:
            if os.access(real.parent, os.W_OK):
                leftovers.sweep_folder(real.parent)
            db = opening.open_checked(real, read_only=True)
            opening.version_of(db, real)
            return cls(db, device_id=device_id, path=real, read_only=True)
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
                elif not _fresh and store._changed_since_last_backup():
                    store.backup("open")
            except (StorageError, sqlite3.Error, OSError) as error:
                store._lock = None  # released below
                db.close()
                raise _refused(error, real, read_only=True) from None
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
        db = Database(sqlite3.connect(":memory:", check_same_thread=False),
                      execute_plugins=False)
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
        db = Database(opening.connect(self.path, read_only=self.read_only),
                      execute_plugins=False)
        opening.configure(db)
        store = type(self)(db, device_id=self.device_id, path=self.path, clock=self._clock,
                           read_only=self.read_only)
        store.shown_path = self.shown_path
        return store

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------- backups

    def backup(self, reason: str = "auto") -> Path | None:
        """Take a backup now (before imports, exports, migrations; and periodically)."""
        if self.path is None:
            return None  # in memory: nothing to back up
        try:
            target = files.write_backup(self.db.conn, self.path, reason)
        except (sqlite3.Error, OSError) as error:
            raise _refused(error, files.backups_dir(self.path)) from None
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
            raise WorkshopFileError(
                target, N_("A file already exists at {path}; choose another name."))
        try:
            with files.atomic_copy_target(target) as partial:
                dest = sqlite3.connect(partial)
                try:
                    self.db.conn.backup(dest)
                    dest.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dest.close()
        except (sqlite3.Error, OSError) as error:
            raise _refused(error, target) from None
        return target

    # --------------------------------------------------------------------------- writes

    @contextlib.contextmanager
    def transaction(self) -> Iterator[WorkshopStore]:
        """Group several changes so that they land together or not at all."""
        self._writable()
        with self._saving():
            yield self

    def add(self, record: R) -> R:
        """Validate, stamp and store a new record; returns the stored copy."""
        self._writable()
        now = self._clock()
        stored = dataclasses.replace(
            validated(record), created_at=now, updated_at=now, device_id=self.device_id,
            deleted_at=None,
        )
        sql = _insert_sql(type(stored))
        values = [_encode(getattr(stored, c)) for c in stored.columns()]
        with self._saving():
            self._execute(sql, values, stored)
        return stored

    def add_many(self, records: Iterable[Record]) -> list[Record]:
        with self.transaction():
            return [self.add(r) for r in records]

    def update(self, record: R) -> R:
        """Store new values for an existing, live record."""
        self._writable()
        stored = dataclasses.replace(
            validated(record), updated_at=self._clock(), device_id=self.device_id
        )
        cls = type(stored)
        columns = [c for c in cls.columns() if c not in ("id", "created_at", "deleted_at")]
        sql = (f"UPDATE {cls.TABLE} SET {', '.join(c + ' = ?' for c in columns)} "
               "WHERE id = ? AND deleted_at IS NULL")
        values = [_encode(getattr(stored, c)) for c in columns] + [stored.id]
        with self._saving():
            if self._execute(sql, values, stored).rowcount != 1:
                raise NotFoundError(cls.KIND, stored.id)
        return self.get(cls, stored.id)

    def delete(self, cls: type[Record], record_id: str) -> None:
        """Tombstone a record: it disappears from lists but stays for undo and merging."""
        self._set_deleted(cls, record_id, self._clock())

    def undelete(self, cls: type[Record], record_id: str) -> None:
        self._set_deleted(cls, record_id, None)

    def reorder(self, cls: type[Record], ids: list[str]) -> None:
        """Give records the positions of their order in ``ids``, in one transaction."""
        if "position" not in cls.columns():
            raise TypeError(f"{cls.__name__} has no position")
        now = self._clock()
        with self.transaction():
            for position, record_id in enumerate(ids):
                cursor = self.db.execute(
                    f"UPDATE {cls.TABLE} SET position = ?, updated_at = ?, device_id = ? "
                    "WHERE id = ? AND deleted_at IS NULL",
                    [position, now, self.device_id, record_id],
                )
                if cursor.rowcount != 1:
                    raise NotFoundError(cls.KIND, record_id)

    def cast_ballot(self, ballot: Ballot, dots: Iterable[BallotDot]) -> Ballot:
        """Store a ballot and its dots together: a half ballot never exists."""
        with self.transaction():
            stored = self.add(dataclasses.replace(ballot, cast_at=ballot.cast_at or self._clock()))
            for dot in dots:
                self.add(dataclasses.replace(dot, ballot_id=stored.id))
        return stored

    def set_tallies(self, round_id: str, counts: dict[str, int],
                    voters: int | None = None) -> None:
        """Replace a round's paper counts (and its number of paper voters) in one go."""
        now = self._clock()
        with self.transaction():
            vote_round = self.get(VoteRound, round_id)
            self.db.execute(
                "UPDATE tallies SET deleted_at = ?, updated_at = ?, device_id = ? "
                "WHERE round_id = ? AND deleted_at IS NULL",
                [now, now, self.device_id, round_id],
            )
            for candidate_id, dots in counts.items():
                self.add(Tally(round_id=round_id, candidate_id=candidate_id, dots=dots))
            if voters is not None:
                self.update(dataclasses.replace(vote_round, paper_voters=voters))

    # ---------------------------------------------------------------------------- reads

    def workshop(self) -> Workshop:
        rows = self._select(Workshop, "deleted_at IS NULL", [])
        return rows[0]

    def get(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R:
        where = "id = ?" if include_deleted else "id = ? AND deleted_at IS NULL"
        rows = self._select(cls, where, [record_id])
        if not rows:
            raise NotFoundError(cls.KIND, record_id)
        return rows[0]

    def list(self, cls: type[R], *, include_deleted: bool = False, **equal: Any) -> list[R]:
        """Live records of one kind, in their display order, optionally filtered by fields."""
        clauses = [] if include_deleted else ["deleted_at IS NULL"]
        values = []
        for name, value in equal.items():
            if name not in cls.columns():
                raise TypeError(f"{cls.__name__} has no field {name}")
            if value is None:
                clauses.append(f"{name} IS NULL")
            else:
                clauses.append(f"{name} = ?")
                values.append(_encode(value))
        return self._select(cls, " AND ".join(clauses) or "1", values)

    def ideas(self, **equal: Any) -> list[Idea]:
        return self.list(Idea, **equal)

    def ballot_dots(self, round_id: str) -> list[BallotDot]:
        """The dots of every counted ballot of a round (voided ballots left out)."""
        cols = ", ".join("d." + c for c in BallotDot.columns())
        rows = self.db.execute(
            f"SELECT {cols} FROM ballot_dots d JOIN ballots b ON b.id = d.ballot_id "
            "WHERE b.round_id = ? AND b.deleted_at IS NULL AND b.voided_at IS NULL "
            "AND d.deleted_at IS NULL ORDER BY b.cast_at, d.created_at",
            [round_id],
        ).fetchall()
        decode = self._decoders[BallotDot]
        return [decode(row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many live records of each kind the workshop holds."""
        return {
            cls.TABLE: self.db.execute(
                f"SELECT count(*) FROM {cls.TABLE} WHERE deleted_at IS NULL"
            ).fetchone()[0]
            for cls in RECORD_TYPES
            if cls is not Workshop
        }

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------------------- internals

    def _changed_since_last_backup(self) -> bool:
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

    def _select(self, cls: type[R], where: str, values: list) -> list[R]:
        order = "position, created_at, id" if "position" in cls.columns() else "created_at, id"
        columns = cls.columns()
        if cls in _ADDED_COLUMNS:  # a file of an older version, open read-only (unmigrated)
            version = self.schema_version()
            added = {name: default for since, names in _ADDED_COLUMNS[cls].items()
                     if version < since for name, default in names.items()}
            columns = tuple(f"{added[c]} AS {c}" if c in added else c for c in columns)
        rows = self.db.execute(
            f"SELECT {', '.join(columns)} FROM {cls.TABLE} WHERE {where} ORDER BY {order}",
            values,
        ).fetchall()
        decode = self._decoders[cls]
        return [decode(row) for row in rows]

    def _set_deleted(self, cls: type[Record], record_id: str, deleted_at: str | None) -> None:
        self._writable()
        condition = "deleted_at IS NULL" if deleted_at else "deleted_at IS NOT NULL"
        with self._saving():
            cursor = self.db.execute(
                f"UPDATE {cls.TABLE} SET deleted_at = ?, updated_at = ?, device_id = ? "
                f"WHERE id = ? AND {condition}",
                [deleted_at, self._clock(), self.device_id, record_id],
            )
            if cursor.rowcount != 1:
                raise NotFoundError(cls.KIND, record_id)

    def _execute(self, sql: str, values: list, record: Record) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, values)
        except sqlite3.IntegrityError as error:
            text = str(error)
            if "FOREIGN KEY" in text:
                raise InputError("link", N_("It refers to something that does not exist."),
                                 kind=Message(record.KIND)) from None
            if "UNIQUE" in text:
                raise InputError("id", N_("This {kind} is already stored."),
                                 kind=Message(record.KIND)) from None
            raise

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

    # ------- voting
    # Reads for workshop.voting; its writes go through add/update/cast_ballot/set_tallies.
    # "Counted" ballots are live and not voided.

    def now(self) -> str:
        """The store's clock (replaceable in tests), for the times voting records."""
        return self._clock()

    def round_tally(self, round_id: str) -> list[tuple[str | None, str, int]]:
        """Net dots of a round's counted ballots per (voter's team, candidate).

        Read from the running tally that triggers keep in each ballot's transaction
        (schema v4), so it costs the same for 10 ballots or 100,000. A file older than
        that, opened read-only (so not migrated), is counted from its ballots instead.
        """
        if self.schema_version() < 4:
            return [(team or None, candidate, dots) for _, team, candidate, dots, _ in
                    self.db.execute(f"SELECT * FROM ({DIGITAL_RECOUNT}) WHERE round_id = ?",
                                    [round_id])]
        return [(team or None, candidate, dots) for team, candidate, dots in self.db.execute(
            "SELECT team_key, candidate_id, dots FROM digital_tally "
            "WHERE round_id = ? AND dot_rows > 0", [round_id])]

    def rounds_with_tally_drift(self) -> set[str]:
        """Rounds whose running tally differs from a recount of their ballots (none, unless
        the file was changed behind the triggers' back)."""
        if self.schema_version() < 4:
            return set()
        drifted = set()
        for live, recount in (
            ("SELECT round_id, team_key, candidate_id, dots, dot_rows FROM digital_tally "
             "WHERE dot_rows != 0 OR dots != 0", DIGITAL_RECOUNT),
            ("SELECT round_id, counted, voided FROM ballot_counts "
             "WHERE counted != 0 OR voided != 0", BALLOT_RECOUNT),
        ):
            drifted |= {row[0] for row in self.db.execute(
                f"SELECT * FROM ({live} EXCEPT {recount}) "
                f"UNION SELECT * FROM ({recount} EXCEPT {live})")}
        return drifted

    def round_ballot_counts(self, round_id: str) -> tuple[int, int]:
        """(counted, voided) ballots of a round, kept by triggers like ``round_tally``."""
        source = "ballot_counts" if self.schema_version() >= 4 else f"({BALLOT_RECOUNT})"
        row = self.db.execute(
            f"SELECT counted, voided FROM {source} WHERE round_id = ?", [round_id]).fetchone()
        return (row[0], row[1]) if row else (0, 0)

    def round_spending(self, round_id: str) -> tuple[int, int, int]:
        """The most that any counted ballot of a round used: (dots, negative dots, dots on
        one candidate, either sign); zeros without ballots."""
        return self.db.execute(
            "SELECT coalesce(max(positive), 0), coalesce(max(negative), 0), "
            "coalesce(max(peak), 0) FROM ("
            " SELECT sum(max(d.dots, 0)) AS positive, sum(max(-d.dots, 0)) AS negative,"
            " max(abs(d.dots)) AS peak"
            " FROM ballots b JOIN ballot_dots d ON d.ballot_id = b.id"
            " WHERE b.round_id = ? AND b.deleted_at IS NULL AND b.voided_at IS NULL"
            " AND d.deleted_at IS NULL GROUP BY b.id)",
            [round_id],
        ).fetchone()

    def last_counted_ballot(self, round_id: str) -> Ballot | None:
        """The most recently cast counted ballot of a round (insertion order breaks ties)."""
        row = self.db.execute(
            f"SELECT {', '.join(Ballot.columns())} FROM ballots "
            "WHERE round_id = ? AND deleted_at IS NULL AND voided_at IS NULL "
            "ORDER BY cast_at DESC, rowid DESC LIMIT 1",
            [round_id],
        ).fetchone()
        return None if row is None else self._decoders[Ballot](row)

    def candidate_titles(self, ids: Iterable[str]) -> dict[str, str]:
        """Idea titles and cluster names by id, deleted ones included: a round's results
        outlive a card thrown away later."""
        return dict(self.db.execute(
            "SELECT id, title FROM ideas WHERE id IN (SELECT value FROM json_each(?)) "
            "UNION ALL SELECT id, name FROM clusters WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))] * 2,
        ).fetchall())

    # ------- merge
    # For workshop.export.merge: records written exactly as a bundle holds them (their own
    # ids, times and device ids, never stamped anew), the versions a merge did not keep,
    # and the organiser's platform settings.

    def apply_merge(
        self,
        inserts: Iterable[Record],
        replaces: Iterable[Record],
        history: Iterable[tuple[str, str, str, str, str]] = (),
        settings: Iterable[tuple[str, str, str, str]] = (),
    ) -> None:
        """Write a merge's outcome in one transaction, records exactly as given.

        ``history``: (record table, record id, version JSON, its SHA-256, bundle
        fingerprint) of each version the merge did not keep. ``settings``: (key, value
        JSON, updated_at, device_id). Links are checked when the transaction commits, so
        records may come in any order; a broken link rolls everything back.
        """
        self._writable()
        now = self._clock()
        try:
            with self._saving():
                # Reset by SQLite at the end of the transaction.
                self.db.execute("PRAGMA defer_foreign_keys = ON")
                for cls, records in _by_type(replaces).items():
                    columns = [*(c for c in cls.columns() if c != "id"), "id"]
                    self.db.conn.executemany(
                        f"UPDATE {cls.TABLE} SET {', '.join(c + ' = ?' for c in columns[:-1])} "
                        "WHERE id = ?", _encoded_rows(cls, columns, records))
                for cls, records in _by_type(inserts).items():
                    self.db.conn.executemany(
                        _insert_sql(cls), _encoded_rows(cls, list(cls.columns()), records))
                self.db.conn.executemany(
                    "INSERT INTO merge_history (kept_at, device_id, record_table, record_id, "
                    "version, version_sha256, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((now, self.device_id, *row) for row in history),
                )
                self.db.conn.executemany(
                    "INSERT INTO platform_settings (key, value, updated_at, device_id) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at, device_id = excluded.device_id",
                    settings,
                )
        except sqlite3.IntegrityError:
            raise InputError("link", N_("The merge would leave a record that refers to "
                                        "something missing; nothing was changed.")) from None

    def merge_history(self, record_id: str | None = None) -> list[tuple]:
        """Versions kept by merges, oldest first: (kept_at, device_id, record table,
        record id, version JSON, version SHA-256, bundle fingerprint)."""
        where, values = ("WHERE record_id = ?", [record_id]) if record_id else ("", [])
        return self.db.execute(
            "SELECT kept_at, device_id, record_table, record_id, version, version_sha256, "
            f"bundle FROM merge_history {where} ORDER BY id", values,
        ).fetchall()

    def merge_history_keys(self) -> set[tuple[str, str, str]]:
        """(record table, record id, version SHA-256) of every version kept by merges."""
        return set(self.db.execute(
            "SELECT record_table, record_id, version_sha256 FROM merge_history").fetchall())

    def platform_settings(self) -> dict[str, tuple[str, str, str]]:
        """key -> (value JSON, updated_at, device_id); empty for a file older than the
        table (read-only opens are not migrated)."""
        if not self.db["platform_settings"].exists():
            return {}
        rows = self.db.execute(
            "SELECT key, value, updated_at, device_id FROM platform_settings").fetchall()
        return {key: (value, updated, device) for key, value, updated, device in rows}

    def set_platform_setting(self, key: str, value: str) -> None:
        """Store one platform setting (a JSON value), stamped like any change."""
        self._writable()
        with self._saving():
            self.db.execute(
                "INSERT INTO platform_settings (key, value, updated_at, device_id) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at, device_id = excluded.device_id",
                [key, value, self._clock(), self.device_id],
            )


def _encoded_rows(cls: type[Record], columns: list[str],
                  records: list[Record]) -> Iterator[list[Any]]:
    """Rows of values as stored; only the fields with a decoder need encoding (10,000
    ideas in a merge make this worth it)."""
    get = operator.attrgetter(*columns)
    special = [n for n, c in enumerate(columns) if c in _DECODERS.get(cls, {})]
    # A photo from a bundle is read from the zip only now, one at a time, as SQLite takes
    # the rows (``executemany`` draws on this generator): memory holds one photo, not all.
    data = columns.index("data") if cls is Photo else None
    for record in records:
        row = list(get(record))
        for n in special:
            row[n] = _encode(row[n])
        if data is not None and not isinstance(row[data], bytes | bytearray):
            row[data] = row[data].read()
        yield row


def _by_type(records: Iterable[Record]) -> dict[type[Record], list[Record]]:
    grouped: dict[type[Record], list[Record]] = {}
    for record in records:
        grouped.setdefault(type(record), []).append(record)
    return grouped


def _last_write(conn: sqlite3.Connection) -> tuple:
    """The newest write time and the number of records: what changes with every write."""
    parts = " UNION ALL ".join(
        f"SELECT max(updated_at) AS t, count(*) AS n FROM {cls.TABLE}" for cls in RECORD_TYPES
    )
    return conn.execute(f"SELECT max(t), sum(n) FROM ({parts})").fetchone()


@functools.cache
def _insert_sql(cls: type[Record]) -> str:
    columns = cls.columns()
    return (f"INSERT INTO {cls.TABLE} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})")


def _exists(path: Path) -> WorkshopFileError:
    return WorkshopFileError(path, N_("A file already exists at {path}; choose another name."))


def _refused(error: BaseException, path: Path, *, read_only: bool = False) -> BaseException:
    """The clear error for a storage failure (``error`` itself if it is something else)."""
    if isinstance(error, StorageError):
        if read_only and not isinstance(error, ReadOnlyFileError):
            return disk.refusal(error.kind or disk.FAILING, path, read_only=True)
        return error
    return disk.storage_error(error, path, read_only=read_only) or error


# ------------------------------------------------------------------- checking and restoring


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
            raise _refused(error, path) from None
        finally:
            leftovers.remove_partial(partial)
    finally:
        lock.release()
    # Opening it checks it and keeps a backup of the restored state.
    WorkshopStore.open(path, device_id="restore").close()
    return source, aside
