"""Records of every kind: stored, stamped, tombstoned, listed and read back.

One of the store's parts (``WorkshopStore.records``); a snapshot has its own, over its
own connection, whose writes are refused.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from workshop.errors import InputError, NotFoundError
from workshop.i18n import N_, Message
from workshop.model import (
    RECORD_TYPES,
    Ballot,
    BallotDot,
    Idea,
    Record,
    Tally,
    VoteRound,
    Workshop,
)
from workshop.rules import validated
from workshop.store.rows import ADDED_COLUMNS, decoder, encode, insert_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

_IDS_PER_READ = 500  # well below SQLite's limit on the "?" of one statement
R = TypeVar("R", bound=Record)


class Records:
    """Adds, updates, deletes and lists records through one connection.

    ``saving`` is the owner's transaction (storage failures made clear), ``writable``
    raises when the owner may not write."""

    def __init__(self, db: Database, *, device_id: str, clock: Callable[[], str],
                 saving: Callable[[], contextlib.AbstractContextManager[None]],
                 writable: Callable[[], None]) -> None:
        self.db = db
        self.device_id = device_id
        self.clock = clock
        self._saving = saving
        self._writable = writable
        self.decoders = {cls: decoder(cls) for cls in RECORD_TYPES}

    # --------------------------------------------------------------------------- writes

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes so that they land together or not at all."""
        self._writable()
        with self._saving():
            yield

    def add(self, record: R) -> R:
        """Validate, stamp and store a new record; returns the stored copy."""
        self._writable()
        now = self.clock()
        stored = dataclasses.replace(
            validated(record), created_at=now, updated_at=now, device_id=self.device_id,
            deleted_at=None,
        )
        values = [encode(getattr(stored, c)) for c in stored.columns()]
        with self._saving():
            self._execute(insert_sql(type(stored)), values, stored)
        return stored

    def update(self, record: R) -> R:
        """Store new values for an existing, live record."""
        self._writable()
        stored = dataclasses.replace(
            validated(record), updated_at=self.clock(), device_id=self.device_id
        )
        cls = type(stored)
        columns = [c for c in cls.columns() if c not in ("id", "created_at", "deleted_at")]
        sql = (f"UPDATE {cls.TABLE} SET {', '.join(c + ' = ?' for c in columns)} "
               "WHERE id = ? AND deleted_at IS NULL")
        values = [encode(getattr(stored, c)) for c in columns] + [stored.id]
        with self._saving():
            if self._execute(sql, values, stored).rowcount != 1:
                raise NotFoundError(cls.KIND, stored.id)
        return self.get(cls, stored.id)

    def set_deleted(self, cls: type[Record], record_id: str, deleted_at: str | None) -> None:
        """Tombstone a record (or bring it back, with ``None``)."""
        self._writable()
        condition = "deleted_at IS NULL" if deleted_at else "deleted_at IS NOT NULL"
        with self._saving():
            cursor = self.db.execute(
                f"UPDATE {cls.TABLE} SET deleted_at = ?, updated_at = ?, device_id = ? "
                f"WHERE id = ? AND {condition}",
                [deleted_at, self.clock(), self.device_id, record_id],
            )
            if cursor.rowcount != 1:
                raise NotFoundError(cls.KIND, record_id)

    def reorder(self, cls: type[Record], ids: list[str]) -> None:
        """Give records the positions of their order in ``ids``, in one transaction."""
        if "position" not in cls.columns():
            raise TypeError(f"{cls.__name__} has no position")
        now = self.clock()
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
            stored = self.add(dataclasses.replace(ballot, cast_at=ballot.cast_at or self.clock()))
            for dot in dots:
                self.add(dataclasses.replace(dot, ballot_id=stored.id))
        return stored

    def set_tallies(self, round_id: str, counts: dict[str, int],
                    voters: int | None = None) -> None:
        """Replace a round's paper counts (and its number of paper voters) in one go."""
        now = self.clock()
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

    # ---------------------------------------------------------------------------- reads

    def workshop(self) -> Workshop:
        return self._select(Workshop, "deleted_at IS NULL", [])[0]

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
                values.append(encode(value))
        return self._select(cls, " AND ".join(clauses) or "1", values)

    def get_many(self, cls: type[R], ids: Iterable[str], *,
                 include_deleted: bool = False) -> list[R]:
        """The records of ``ids`` that exist (live ones only, unless ``include_deleted``):
        what a change notice names, read without reading the whole table."""
        ids = list(dict.fromkeys(ids))
        live = "" if include_deleted else " AND deleted_at IS NULL"
        found: list[R] = []
        for start in range(0, len(ids), _IDS_PER_READ):
            chunk = ids[start:start + _IDS_PER_READ]
            found += self._select(cls, f"id IN ({', '.join('?' * len(chunk))}){live}", chunk)
        return found

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
        decode = self.decoders[BallotDot]
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

    def _select(self, cls: type[R], where: str, values: list) -> list[R]:
        order = "position, created_at, id" if "position" in cls.columns() else "created_at, id"
        columns = cls.columns()
        if cls in ADDED_COLUMNS:  # a file of an older version, open read-only (unmigrated)
            version = self.schema_version()
            added = {name: default for since, names in ADDED_COLUMNS[cls].items()
                     if version < since for name, default in names.items()}
            columns = tuple(f"{added[c]} AS {c}" if c in added else c for c in columns)
        rows = self.db.execute(
            f"SELECT {', '.join(columns)} FROM {cls.TABLE} WHERE {where} ORDER BY {order}",
            values,
        ).fetchall()
        decode = self.decoders[cls]
        return [decode(row) for row in rows]
