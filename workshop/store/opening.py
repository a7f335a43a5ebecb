"""Opening a workshop file: connect, check, and decide between writing, reading and refusing.

Only a failed integrity check (or SQLite saying the file is corrupt) makes a file
*damaged*. A sound file that cannot be written here – read-only media, a folder without
write permission, a full disk, a file with several names – raises ``ReadOnlyFileError``
when opened for writing; the caller may then open it read-only (view, export to another
disk, save a copy). A read-only open works even where SQLite cannot make its ``-shm``
beside the file, as long as no unsaved ``-wal`` is there to be read.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from workshop import TYPE_CHECKING
from workshop.errors import (
    DamagedFileError,
    NewerFileError,
    NotAWorkshopError,
    ReadOnlyFileError,
    StorageError,
    WorkshopFileError,
)
from workshop.i18n import N_
from workshop.store import disk, leftovers
from workshop.store.lock import WorkshopLock, real_path
from workshop.store.schema import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from typing import Any

    from sqlite_utils import Database

_SQLITE_HEADER = b"SQLite format 3\x00"


def database(conn: sqlite3.Connection) -> Database:
    """sqlite_utils' ``Database`` over ``conn``, for writing and migrating."""
    # Imported here: with click, pluggy and dateutil it costs ~50 ms, more than the
    # whole of ``workshop info`` may take, and a read-only open does not need it.
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


class ReadOnlyDatabase:
    """What reading a file opened read-only needs of sqlite_utils' ``Database``
    (``execute``, ``conn``, ``close``) without importing it. Anything else
    (``db["drafts"].exists()``, ...) is handed to a ``Database`` over the same
    connection, made on first use."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._full: Database | None = None

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        # Reads only: no implicit transaction to commit, unlike Database.execute.
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def close(self) -> None:
        self.conn.close()

    def _database(self) -> Database:
        if self._full is None:
            self._full = database(self.conn)
        return self._full

    def __getitem__(self, table: str) -> Any:
        return self._database()[table]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not set up (a copy, a pickle): no Database to ask
            raise AttributeError(name)
        return getattr(self._database(), name)


def connect(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    if not read_only:
        return sqlite3.connect(path)
    # A URI, so any character in a folder name (?, #, %) is quoted, not taken as syntax.
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro" + ("&immutable=1" if immutable
                                                                else "")
    return sqlite3.connect(uri, uri=True)


def configure(db: Database) -> None:
    """Per-connection settings; they must be set outside a transaction."""
    db.execute("PRAGMA foreign_keys = ON")
    # FULL: each commit is fsynced, so an acknowledged idea survives a power cut, not only
    # a crash. It costs ~0.2 ms per write, far below what a person can notice.
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA fullfsync = ON")  # macOS: a real flush to the platter
    db.execute("PRAGMA busy_timeout = 5000")
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        db.conn.execute("PRAGMA journal_mode = WAL")


def lock_for_writing(path: Path) -> WorkshopLock:
    """The writer's lock; a folder where not even the lock file can be made means the file
    can only be read."""
    lock = WorkshopLock(path)
    try:
        lock.acquire()
    except OSError as error:
        raise (disk.storage_error(error, path, read_only=True)
               or disk.refusal(disk.FAILING, path, read_only=True,
                               problem=error.strerror or str(error))) from None
    return lock


def why_not_writable(path: Path) -> ReadOnlyFileError | None:
    """Why a sound file cannot be written here, before anything touches it."""
    info = os.stat(path)
    if info.st_nlink > 1:
        return ReadOnlyFileError(path, N_(
            "{path} has {links} names on this disk (hard links). Two programs could write it "
            "through two names at once and lose work, so it can only be read. Save a copy "
            "to work on it."), links=info.st_nlink)
    try:
        os.close(os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0)))
    except OSError as error:
        return disk.storage_error(error, path, read_only=True)
    if not os.access(path.parent, os.W_OK):  # SQLite makes its -wal and -shm there
        return disk.refusal(disk.READ_ONLY if _read_only_mount(path) else disk.NO_PERMISSION,
                            path, read_only=True)
    if disk.is_full(path):
        return disk.refusal(disk.FULL, path, read_only=True)
    return None


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # pragma: no cover - Windows has no statvfs
        return False


def open_read_only(path: Path | str, *,
                   full_check: bool = True) -> tuple[Path, Database | ReadOnlyDatabase, int]:
    """A workshop file opened for reading only, as every reader opens it (the store, and
    ``workshop info`` without the store's classes): its real path, the checked connection
    and its file format. Leftovers of killed runs are swept where the folder is writable.
    ``full_check=False``: see ``open_checked``."""
    given = Path(path)
    real = real_path(given)
    if not real.is_file():
        raise missing(given)
    if os.access(real.parent, os.W_OK):
        leftovers.sweep_folder(real.parent)
    db = open_checked(real, read_only=True, full_check=full_check)
    return real, db, version_of(db, real)


def open_checked(path: Path, *, read_only: bool,
                 full_check: bool = True) -> Database | ReadOnlyDatabase:
    """Connect, configure and run the integrity check; a damaged file is never written.

    ``full_check=False``, for a quick look that writes nothing (``workshop info``): the
    integrity check reads every page (~30 ms at 20,000 ideas), so only the header and the
    schema are read here, and the reader turns damage it meets into ``read_error``'s
    one-line message. ``workshop check`` and every other opening check the whole file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise _unreadable(error, path) from None
    if header != _SQLITE_HEADER:
        from workshop.store import files  # as in _damaged

        if files.list_backups(path):
            raise _damaged(path, "not a database")
        raise NotAWorkshopError(path, N_("{path} is not a workshop file."))
    try:
        conn = _checked(path, read_only=read_only, immutable=False, full_check=full_check)
    except StorageError:
        if not read_only or _unsaved_wal(path):
            raise
        # Read-only media, a folder without permission, a full disk: SQLite cannot make
        # its -shm. With no -wal to read, the file alone is the whole workshop.
        conn = _checked(path, read_only=True, immutable=True, full_check=full_check)
    if read_only:
        conn.execute("PRAGMA foreign_keys = ON")
        return ReadOnlyDatabase(conn)
    db = database(conn)
    configure(db)
    return db


def _checked(path: Path, *, read_only: bool, immutable: bool,
             full_check: bool) -> sqlite3.Connection:
    try:
        conn = connect(path, read_only=read_only, immutable=immutable)
    except sqlite3.Error as error:
        raise _unreadable(error, path, for_writing=not read_only) from None
    try:
        if full_check:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        else:  # the first read, as any statement's: the header, the -wal and the schema
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            result = ["ok"]
    except sqlite3.DatabaseError as error:
        conn.close()
        raise read_error(error, path, for_writing=not read_only) from None
    except BaseException:
        conn.close()
        raise
    if result != ["ok"]:
        conn.close()
        raise _damaged(path, "; ".join(result[:3]))
    return conn


def read_error(error: sqlite3.DatabaseError, path: Path, *,
               for_writing: bool = False) -> WorkshopFileError:
    """What a failed read of ``path`` means: damage SQLite met, or the disk refusing."""
    if disk.is_damage(error):
        return _damaged(path, str(error))
    return _unreadable(error, path, for_writing=for_writing)


def _damaged(path: Path, detail: str) -> DamagedFileError:
    # Imported here: only a damaged file needs its backups, and ``files``' dataclass
    # would import ``dataclasses`` and ``inspect``, ~6 ms of ``workshop info``.
    from workshop.store import files

    return DamagedFileError(path, files.latest_good_backup(path), detail)


def _unreadable(error: BaseException, path: Path, *, for_writing: bool = False) -> StorageError:
    return (disk.storage_error(error, path, read_only=for_writing)
            or disk.refusal(disk.FAILING, path, read_only=for_writing, problem=str(error)))


def _unsaved_wal(path: Path) -> bool:
    try:
        return os.path.getsize(str(path) + "-wal") > 0
    except OSError:
        return False


def version_of(db: Database | ReadOnlyDatabase, path: Path) -> int:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        db.close()
        raise NotAWorkshopError(path, N_("{path} is not a workshop file."))
    if version > SCHEMA_VERSION:
        db.close()
        raise NewerFileError(
            path,
            N_("{path} was made by a newer version of this app (file format {version}; this "
               "app knows up to {known}). Update the app to open it; the file was not changed."),
            version=version,
            known=SCHEMA_VERSION,
        )
    return version


def missing(path: Path) -> WorkshopFileError:
    return WorkshopFileError(path, N_("There is no workshop file at {path}."))
