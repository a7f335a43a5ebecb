"""One version of a workshop, for exports: every output of one export reads the same data.

A snapshot is a read transaction on a connection of its own. In WAL mode every read
inside it sees the file as it was at its first read, while the window (or anyone else)
goes on writing; so a PDF's fingerprint, ``workshop.json`` and the platform files of
one export always describe the same data.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from workshop.errors import WorkshopFileError
from workshop.i18n import N_
from workshop.store import opening
from workshop.store.merging import MergeWrites
from workshop.store.reads import ReadMethods
from workshop.store.records import Records
from workshop.store.voting import VotingQueries

# What a snapshot refuses: the store's writes (and its file operations).
WRITES = frozenset({
    "add", "add_many", "update", "delete", "undelete", "reorder", "cast_ballot",
    "set_tallies", "transaction", "apply_merge", "set_platform_setting", "backup",
    "backup_if_due", "save_copy", "local",
})


class StoreSnapshot(ReadMethods):
    """The store's read API over one version of the data; a write raises."""

    read_only = True

    def __init__(self, db: Database, *, device_id: str, path: Path | None,
                 clock: Callable[[], str]) -> None:
        self.db = db
        self.path = self.shown_path = path
        self.device_id = device_id
        self.records = Records(db, device_id=device_id, clock=clock,
                               saving=contextlib.nullcontext, writable=self._refuse)
        self.voting = VotingQueries(self.records)
        self.merges = MergeWrites(self.records)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[StoreSnapshot]:
        """Itself: it is one version already (so an export can be handed either)."""
        yield self

    def __getattr__(self, name: str) -> object:
        if name in WRITES:
            self._refuse()
        raise AttributeError(name)

    def _refuse(self) -> None:
        raise WorkshopFileError(self.path or "", N_("{path} is open read-only."))


@contextlib.contextmanager
def snapshot_of(source: Database, path: Path | None, *, device_id: str,
                clock: Callable[[], str]) -> Iterator[StoreSnapshot]:
    """A snapshot of the workshop that ``source`` (the store's connection) has open."""
    conn = _own_connection(source, path)
    try:
        yield StoreSnapshot(Database(conn, execute_plugins=False), device_id=device_id,
                            path=path, clock=clock)
    finally:
        conn.close()  # ends the read transaction


def _own_connection(source: Database, path: Path | None) -> sqlite3.Connection:
    """A connection inside a read transaction that has begun (SQLite takes the version
    at a transaction's first read, not at BEGIN)."""
    if path is not None:
        try:
            conn = opening.connect(path, read_only=True)
        except sqlite3.Error:
            conn = None
        if conn is not None:
            try:
                _begin(conn)
                return conn
            except sqlite3.Error:  # no -shm can be made here: fall back to a copy
                conn.close()
    # In memory (or unreadable by a second connection): a copy is that one version.
    conn = sqlite3.connect(":memory:")
    source.conn.backup(conn)
    _begin(conn)
    return conn


def _begin(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
