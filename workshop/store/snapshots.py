"""One version of a workshop, for exports: every output of one export reads the same data.

A snapshot is a read transaction on a connection of its own. In WAL mode every read
inside it sees the file as it was at its first read, while the window (or anyone else)
goes on writing; so a PDF's fingerprint, ``workshop.json`` and the platform files of
one export always describe the same data.

Inside one version nothing changes, so a snapshot loads each kind of record once for all
the outputs, and ``memo`` keeps what one output worked out for the next (the fingerprint,
the report's data). A photo's bytes stay in the file (``StoredPhoto``) until an output
reads them, a chunk at a time: memory holds one photo, not all of them. What outputs
share as files (the reports, written once and copied into the bundle and their own
files) lives in the snapshot's ``scratch_file`` folder until it ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workshop.errors import WorkshopFileError
from workshop.i18n import N_
from workshop.model import Idea, Photo, Record
from workshop.store.leftovers import private_temp_dir
from workshop.store.merging import MergeWrites
from workshop.store.opening import database
from workshop.store.reads import ReadMethods
from workshop.store.records import Records
from workshop.store.voting import VotingQueries

if TYPE_CHECKING:
    from sqlite_utils import Database

R = TypeVar("R", bound=Record)
_CHUNK = 1024 * 1024

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
        self.memo: dict[Any, Any] = {}  # what outputs worked out, for the next ones
        self._closing = contextlib.ExitStack()
        self._scratch: Path | None = None
        self._made = 0
        self._everything: dict[type[Record], list[Record]] = {}
        self._live: dict[type[Record], list[Record]] = {}

    def list(self, cls: type[R], *, include_deleted: bool = False, **equal: Any) -> list[R]:
        """As the store's; each kind is read once (deleted ones too) and filtered here."""
        for name in equal:
            if name not in cls.columns():
                raise TypeError(f"{cls.__name__} has no field {name}")
        if cls not in self._everything:
            everything = (self._photos() if cls is Photo
                          else self.records.list(cls, include_deleted=True))
            self._everything[cls] = everything
            self._live[cls] = [r for r in everything if r.deleted_at is None]
        found = self._everything[cls] if include_deleted else self._live[cls]
        if not equal:
            return list(found)  # type: ignore[arg-type]
        return [r for r in found  # type: ignore[misc]
                if all(getattr(r, name) == value for name, value in equal.items())]

    def ideas(self, **equal: Any) -> list[Idea]:
        return self.list(Idea, **equal)

    def _photos(self) -> list[Photo]:
        """Every photo, its bytes left in the file (``StoredPhoto``)."""
        columns = ", ".join("rowid" if c == "data" else c for c in Photo.columns())
        data = Photo.columns().index("data")
        decode = self.records.decoders[Photo]
        conn = self.db.conn
        photos = []
        for row in conn.execute(f"SELECT {columns}, length(data) FROM photos "
                                "ORDER BY created_at, id"):
            values = list(row[:-1])
            values[data] = StoredPhoto(conn, values[data], row[-1] or 0)
            photos.append(decode(tuple(values)))
        return photos

    def scratch_file(self, name: str) -> Path:
        """A new path for a file that this version's outputs make once and share (the
        reports, which the bundle holds too), in a private folder removed when the
        snapshot ends."""
        if self._scratch is None:
            self._scratch = self._closing.enter_context(private_temp_dir("workshop-report-"))
        self._made += 1
        return self._scratch / f"{self._made}-{name}"

    def close(self) -> None:
        self._closing.close()
        self._scratch = None

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


class StoredPhoto:
    """A photo's bytes in the snapshot's file, read when used: whole (``bytes()``), or a
    megabyte at a time (``chunks()``, for the bundle's zip and its checksum)."""

    __slots__ = ("_conn", "_rowid", "_sha256", "size")

    def __init__(self, conn: sqlite3.Connection, rowid: int, size: int) -> None:
        self._conn, self._rowid, self.size = conn, rowid, size
        self._sha256: str | None = None

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __bytes__(self) -> bytes:
        return b"".join(self.chunks())

    def read(self) -> bytes:
        return bytes(self)

    def chunks(self) -> Iterator[bytes]:
        if not self.size:
            return
        with self._conn.blobopen("photos", "data", self._rowid, readonly=True) as blob:
            while chunk := blob.read(_CHUNK):
                yield chunk

    @property
    def sha256(self) -> str:
        """The hex SHA-256 of the bytes (read once, a chunk at a time)."""
        if self._sha256 is None:
            digest = hashlib.sha256()
            for chunk in self.chunks():
                digest.update(chunk)
            self._sha256 = digest.hexdigest()
        return self._sha256


@contextlib.contextmanager
def snapshot_of(source: Database, path: Path | None, *, device_id: str,
                clock: Callable[[], str]) -> Iterator[StoreSnapshot]:
    """A snapshot of the workshop that ``source`` (the store's connection) has open."""
    conn = _own_connection(source, path)
    try:
        version = StoreSnapshot(database(conn), device_id=device_id, path=path, clock=clock)
        try:
            yield version
        finally:
            version.close()
    finally:
        conn.close()  # ends the read transaction


def _own_connection(source: Database, path: Path | None) -> sqlite3.Connection:
    """A connection inside a read transaction that has begun (SQLite takes the version
    at a transaction's first read, not at BEGIN)."""
    if path is not None:
        try:
            conn = _connect(path)
        except sqlite3.Error:
            conn = None
        if conn is not None:
            try:
                _begin(conn)
                return conn
            except sqlite3.Error:  # no -shm can be made here: fall back to a copy
                conn.close()
    # In memory (or unreadable by a second connection): a copy is that one version.
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    source.conn.backup(conn)
    _begin(conn)
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    # Any thread may read (the bundle's zip thread reads photos); SQLite serialises them.
    # A URI, so any character in a folder name (?, #, %) is quoted, not taken as syntax.
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _begin(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
