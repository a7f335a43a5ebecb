"""New files that appear only when complete, and clean-up of what a killed run left.

A new workshop (``new``, ``demo``, ``import --into NEW``) is built under a private name
beside its target, ``.NAME.<8 hex>.partial``, while the target's lock is held, and moved into
place when complete: a full disk or a killed process never leaves a half-made (or 0-byte)
file at the target. A killed run leaves the partial (with its ``-wal``/``-shm``) and the
lock file; the next run that opens or makes a workshop in that folder removes them – only
those whose target's lock nobody holds, so a program building the same file right now is
left alone.

Exports and trial imports work in private temporary folders (``workshop-report-…``,
``workshop-photos-…``, ``workshop-trial-…``) that hold a lock while in use; each start of
the app removes such folders of the same user whose lock nobody holds.

Export outputs appear the same way: a single file is written as
``.NAME.<8 hex>.export.partial`` and a set of outputs (the Export page) in a folder
``.export-<8>.partial`` beside where they go; each holds a lock while it is written (the
file's own ``.lock``; the folder's ``in-use.lock``). A killed export leaves them; the next
export into that folder, or the next workshop opened there, removes those whose lock nobody
holds.

Nothing else is ever removed: only names this app makes, matched whole, and never through
a link.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from workshop.errors import WorkshopError, WorkshopFileError
from workshop.i18n import N_
from workshop.store.lock import WorkshopLock, remove_if_unused

SIDECARS = ("-wal", "-shm", "-journal", ".lock")
_PARTIAL = re.compile(
    r"^\.(?P<target>.+)\.[0-9a-f]{8}\.partial(?:-wal|-shm|-journal|\.lock)?$")
_OUTPUT_SUFFIX = ".export.partial"
_OUTPUT_PARTIAL = re.compile(r"^\..+\.[0-9a-f]{8}\.export\.partial$")
_STAGING = re.compile(r"^\.export-[a-z0-9_]{8}\.partial$")  # tempfile.mkdtemp's names
TEMP_PREFIXES = ("workshop-report-", "workshop-trial-", "workshop-photos-")
_IN_USE = "in-use"  # the lock of a private temporary folder is in-use.lock
# What a temporary folder of a version without the in-use lock can hold; such a folder is
# removed only when it holds nothing else and is older than this.
_LEGACY_NAMES = {"report.pdf", "trial.workshop", "trial.workshop-wal", "trial.workshop-shm",
                 "trial.workshop.lock", ".trial.workshop.partial"}
_LEGACY_AGE = 3600


def partial_name(target: Path) -> Path:
    import uuid  # here, not at import: `workshop info` names no new files (~1.5 ms)

    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def remove_partial(partial: Path) -> None:
    for path in (partial, *(Path(str(partial) + side) for side in SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def publish(partial: Path, target: Path) -> None:
    """Move a complete new file to ``target``, never over a file that is there."""
    _fsync(partial, os.O_RDONLY)
    if os.path.lexists(target):
        raise _exists(target)
    try:
        os.link(partial, target)  # refuses an existing target: no race with anyone
    except FileExistsError:
        raise _exists(target) from None
    except OSError:  # FAT/exFAT USB sticks have no hard links; the lock keeps us alone
        os.replace(partial, target)
    else:
        os.unlink(partial)
    if os.name == "posix":  # Windows cannot open folders; NTFS journals renames itself
        _fsync(target.parent, os.O_RDONLY)


def _exists(path: Path) -> WorkshopFileError:
    return WorkshopFileError(path, N_("A file already exists at {path}; choose another name."))


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_folder(folder: Path) -> list[Path]:
    """Remove what killed builds of new workshops left in ``folder``; returns what went."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    by_target: dict[str, list[Path]] = {}
    stale_locks = []
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            by_target.setdefault(match["target"], []).append(Path(entry.path))
        elif entry.name.endswith(".workshop.lock") and entry.is_file(follow_symlinks=False):
            stale_locks.append(Path(entry.path))
    for target, paths in by_target.items():
        lock = WorkshopLock(folder / target)
        try:
            lock.acquire()
        except (WorkshopError, OSError):
            continue  # being built right now, or the folder is read-only
        try:
            for path in paths:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
        finally:
            lock.release()
    for lock_file in stale_locks:
        with contextlib.suppress(OSError):
            if remove_if_unused(lock_file):
                removed.append(lock_file)
    return removed + sweep_outputs(folder)


@contextlib.contextmanager
def output_partial(target: Path) -> Iterator[Path]:
    """A private name beside ``target`` for an export output being written, locked while
    in use (the lock first, the file after; the file gone before the lock goes), so that a
    sweep can tell a killed export's file from one being written now. The file is not made:
    the caller creates it."""
    target = Path(target)
    sweep_outputs(target.parent)
    import uuid  # here, not at import: `workshop info` names no new files (~1.5 ms)

    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{_OUTPUT_SUFFIX}")
    lock = WorkshopLock(partial)
    lock.acquire()
    try:
        yield partial
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        lock.release()


@contextlib.contextmanager
def output_staging(folder: Path) -> Iterator[Path]:
    """A hidden folder inside ``folder`` where a set of outputs is written before they move
    in together; ``in-use.lock`` in it is held while it is in use."""
    sweep_outputs(folder)
    import tempfile  # here, not at import: `workshop info` makes no folders

    staging = Path(tempfile.mkdtemp(prefix=".export-", suffix=".partial", dir=folder))
    lock = WorkshopLock(staging / _IN_USE)
    try:
        lock.acquire()
        yield staging
    finally:
        lock.release()
        shutil.rmtree(staging, ignore_errors=True)


def sweep_outputs(folder: Path) -> list[Path]:
    """Remove what killed exports left in ``folder`` (see the module's text); returns what
    went."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    names = {entry.name for entry in entries}
    for entry in entries:
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if _OUTPUT_PARTIAL.match(entry.name) and entry.is_file(follow_symlinks=False):
                if entry.name + ".lock" in names and _unused(path):
                    path.unlink()
                    removed += [path, Path(entry.path + ".lock")]
            elif (entry.name.endswith(".lock") and _OUTPUT_PARTIAL.match(entry.name[:-5])
                  and entry.name[:-5] not in names and remove_if_unused(path)):
                removed.append(path)  # killed between removing its file and the lock
            elif _STAGING.match(entry.name) and _abandoned_staging(entry):
                shutil.rmtree(path)
                removed.append(path)
    return removed


def _unused(path: Path) -> bool:
    """Nobody holds the lock of ``path``: taken and let go at once."""
    lock = WorkshopLock(path)
    try:
        lock.acquire()
    except (WorkshopError, OSError):
        return False
    lock.release()  # removes the lock file too
    return True


def _abandoned_staging(entry: os.DirEntry) -> bool:
    info = entry.stat(follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False  # another person's: not ours to judge
    folder = Path(entry.path)
    if (folder / f"{_IN_USE}.lock").exists():
        return _abandoned(folder, info)
    # Made by a version without the lock, or a moment before its lock: only old ones, and
    # only holding plain files (what the writers make).
    return (time.time() - info.st_mtime > _LEGACY_AGE
            and all(e.is_file(follow_symlinks=False) for e in os.scandir(folder)))


@contextlib.contextmanager
def private_temp_dir(prefix: str) -> Iterator[Path]:
    """A temporary folder that the next start removes if this process dies using it."""
    import tempfile  # here, not at import: `workshop info` makes no folders

    if not prefix.startswith(TEMP_PREFIXES):  # else a killed run's folder stays forever
        raise ValueError(f"{prefix!r} is not among the prefixes the sweep removes")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    lock = WorkshopLock(folder / _IN_USE)
    try:
        lock.acquire()
        yield folder
    finally:
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)


def sweep_temp_dirs(root: Path | None = None) -> list[Path]:
    """Remove this user's private temporary folders whose process has died."""
    import tempfile  # here, not at import: `workshop info` makes no folders

    root = Path(root or tempfile.gettempdir())
    removed = []
    try:
        entries = [e for e in os.scandir(root) if e.name.startswith(TEMP_PREFIXES)]
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode):
                continue
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                continue  # another person's: not ours to judge
            if _abandoned(Path(entry.path), info):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
    return removed


def _abandoned(folder: Path, info: os.stat_result) -> bool:
    names = set(os.listdir(folder))
    if f"{_IN_USE}.lock" in names:
        lock = WorkshopLock(folder / _IN_USE)
        try:
            lock.acquire()
        except (WorkshopError, OSError):
            return False  # in use
        lock.release()
        return True
    return names <= _LEGACY_NAMES and time.time() - info.st_mtime > _LEGACY_AGE
