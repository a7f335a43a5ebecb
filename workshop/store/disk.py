"""What the disk said when it refused: a full disk, read-only media, a folder without
write permission, or a failing (or pulled) USB stick – as one clear sentence that names the
disk and says what to do, instead of ``sqlite3.OperationalError``.

Only a failed integrity check means a file is *damaged*; everything here means the disk
would not let us read or write, and the file itself may be perfectly sound.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from workshop.errors import ReadOnlyFileError, StorageError
from workshop.i18n import N_

# Below this much free space a file opened for writing is opened read-only: a save needs a
# few pages of WAL, and a backup needs room for a whole copy.
MIN_FREE_BYTES = 256 * 1024

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR = 3, 8, 10
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_CORRUPT, _SQLITE_NOTADB = 13, 14, 11, 26

FULL = "full"
READ_ONLY = "read-only"
NO_PERMISSION = "permission"
FAILING = "io"

_MESSAGES = {
    FULL: N_("The disk {disk} is full, so {path} could not be written; nothing was "
             "changed. Free some space on it, or use another disk."),
    READ_ONLY: N_("The disk {disk} is read-only (a locked USB stick or a read-only "
                  "medium?), so {path} can only be read. Save a copy to another disk to "
                  "work on it."),
    NO_PERMISSION: N_("You may not write in {folder}, so {path} can only be read. Save a "
                      "copy to a folder of yours to work on it."),
    FAILING: N_("The disk {disk} could not read or write {path} ({problem}). Was it "
                "removed? Check the disk, then save a copy to another disk."),
}


def disk_of(path: Path | str) -> Path:
    """The mount point (a drive on Windows) that holds ``path``: what a person calls the
    disk, e.g. ``/media/sato/USB`` or ``E:\\``."""
    here = Path(os.path.realpath(path))
    while not here.exists() and here != here.parent:
        here = here.parent
    mounted = [m for m in _mount_points() if here == m or m in here.parents]
    if mounted:  # Linux: bind mounts too, which os.path.ismount cannot see
        return max(mounted, key=lambda m: len(m.parts))
    while not os.path.ismount(here) and here != here.parent:
        here = here.parent
    return here


def _mount_points() -> list[Path]:
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            # Spaces in mount points are written as \040.
            return [Path(line.split()[1].replace("\\040", " ")) for line in mounts
                    if len(line.split()) > 1]
    except OSError:
        return []


def kind_of(error: BaseException) -> str | None:
    """FULL, READ_ONLY, NO_PERMISSION or FAILING for a storage failure; None for anything
    else (a damaged file, a bug)."""
    if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.IntegrityError):
        code = getattr(error, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == _SQLITE_FULL:
            return FULL
        if primary in (_SQLITE_READONLY, _SQLITE_PERM):
            return READ_ONLY
        if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
            return FAILING
        return None
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return FULL
        if error.errno == errno.EROFS:
            return READ_ONLY
        if error.errno in (errno.EACCES, errno.EPERM):
            return NO_PERMISSION
        if error.errno in (errno.EIO, errno.ENXIO, errno.ENODEV, errno.ENOENT, errno.ESTALE):
            return FAILING
    return None


def is_damage(error: BaseException) -> bool:
    """Whether SQLite said the file itself is broken (as opposed to the disk refusing)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def storage_error(error: BaseException, path: Path | str, *,
                  read_only: bool = False) -> StorageError | None:
    """The clear error for a refused read or write of ``path`` (None if ``error`` is not a
    storage failure). ``read_only``: the file was being opened for writing and can still be
    read, so the caller may open it read-only."""
    kind = kind_of(error)
    if kind is None:
        return None
    return refusal(kind, path, read_only=read_only, problem=_problem(error))


def refusal(kind: str, path: Path | str, *, read_only: bool = False,
            problem: str = "") -> StorageError:
    cls = ReadOnlyFileError if read_only else StorageError
    folder = Path(os.path.abspath(path)).parent
    error = cls(path, _MESSAGES[kind], disk=str(disk_of(path)), folder=str(folder),
                problem=problem)
    error.kind = kind
    return error


def free_bytes(folder: Path | str) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def is_full(path: Path | str) -> bool:
    free = free_bytes(Path(path).parent)
    return free is not None and free < MIN_FREE_BYTES


def _problem(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
