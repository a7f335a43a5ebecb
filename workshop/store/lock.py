"""One writer per workshop file, whatever name it is opened by.

The lock is an advisory lock on ``<real path>.lock``: the workshop's path with every
symbolic link resolved, so a link, a second mount or a relative name all reach the same
lock file. A workshop file with more than one hard link has several real paths; the store
refuses to write it (``WorkshopStore.open``), since SQLite keeps a ``-wal`` per name and two
writers through two names lose each other's work.

The lock file is opened without following links, must be a regular file with one name,
and is written (the holder's process id, for the message) only when it is ours: empty or
holding our own text. A ``.lock`` that is a link, or a hard link to someone's file, is never
truncated or written. The operating system drops the lock when the process dies, so a
crash never leaves a workshop locked.

Why not the ``filelock`` package (3.20.1 fixed the same symbolic-link flaw): it opens the
lock file with ``O_TRUNC``, so a lock file that is a hard link to another file still empties
that file; it cannot name the holder; and the rules above – real path, one name, what is
ours – are the part that matters, and they are the same few lines either way. The platform
part is small and sits behind ``Locker``: ``flock`` on POSIX, ``msvcrt.locking`` (a
byte-range lock) on Windows, which the tests run on Linux through a stand-in for ``msvcrt``.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from workshop.errors import FileLockedError, WorkshopFileError
from workshop.i18n import N_

HOLDER = "workshop lock: "  # how our lock files start; anything else is not ours
_LEGACY_HOLDER = b"pid "  # what versions before 2026-12 wrote
_MAX_OURS = 4096  # our holder text is far shorter: a longer file is someone's data
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # absent on Windows: checked with lstat instead


class Locker:
    """The platform's non-blocking exclusive lock on an open file."""

    def try_lock(self, fd: int) -> bool:
        raise NotImplementedError

    def unlock(self, fd: int) -> None:
        raise NotImplementedError


class FlockLocker(Locker):
    """POSIX: ``flock`` locks the open file, so two opens in one process conflict too."""

    def try_lock(self, fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def unlock(self, fd: int) -> None:
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


class ByteRangeLocker(Locker):
    """Windows: ``msvcrt.locking`` on one byte far past the holder text (Windows byte-range
    locks are mandatory: the locked byte must be one that nobody reads). ``msvcrt`` is passed
    in so that the tests can run this path on Linux."""

    OFFSET = 1 << 20

    def __init__(self, msvcrt) -> None:
        self.msvcrt = msvcrt

    def try_lock(self, fd: int) -> bool:
        try:
            os.lseek(fd, self.OFFSET, os.SEEK_SET)
            self.msvcrt.locking(fd, self.msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def unlock(self, fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, self.OFFSET, os.SEEK_SET)
            self.msvcrt.locking(fd, self.msvcrt.LK_UNLCK, 1)


def platform_locker() -> Locker:
    if os.name == "nt":  # pragma: no cover - the Windows path runs on Windows only
        import msvcrt

        return ByteRangeLocker(msvcrt)
    return FlockLocker()


def real_path(path: Path | str) -> Path:
    """``path`` with every symbolic link resolved (of the folder only, if the file does not
    exist yet), so that every name of a workshop file leads to the same lock."""
    path = Path(os.path.abspath(path))
    if os.path.lexists(path):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def lock_path_of(real: Path) -> Path:
    return real.with_name(real.name + ".lock")


class WorkshopLock:
    """The single-writer lock of one workshop file, held while it is open for writing."""

    def __init__(self, path: Path | str, locker: Locker | None = None) -> None:
        self.path = real_path(path)
        self.lock_path = lock_path_of(self.path)
        self.locker = locker or platform_locker()
        self._fd: int | None = None
        self._ours = False

    def acquire(self) -> None:
        """Take the lock or raise ``FileLockedError``; an ``OSError`` means the folder
        cannot be written (the caller says which: read-only, no permission, full)."""
        for _attempt in range(5):
            fd = self._open()
            if not self.locker.try_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise FileLockedError(
                    self.path,
                    N_("The workshop {path} is already open in another window or program "
                       "({holder}). Close it there first, or open a copy."),
                    holder=holder,
                )
            # The file may have been removed (a clean-up, a release) between our open and
            # our lock: only a lock on the file that is there now counts.
            if _same_file(fd, self.lock_path):
                break
            self.locker.unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - five removals in a row
            raise FileLockedError(self.path, N_(
                "The workshop {path} is being opened by another program; try again."))
        self._fd = fd
        self._ours = _is_ours(fd)
        if self._ours:
            with contextlib.suppress(OSError):  # a full disk: the lock holds all the same
                import socket  # here, not at import: `workshop info` never takes the lock

                _write_holder(fd, f"{HOLDER}pid {os.getpid()} on {socket.gethostname()}")

    def _open(self) -> int:
        path = self.lock_path
        if _NOFOLLOW == 0 and os.path.islink(path):
            raise _not_a_lock_file(self.path, path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0)
                         | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as error:
            if os.path.islink(path):  # ELOOP, or EEXIST for a link to nowhere
                raise _not_a_lock_file(self.path, path) from None
            raise error
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            os.close(fd)
            raise _not_a_lock_file(self.path, path)
        return fd

    def release(self) -> None:
        """Let go, and remove the lock file: nothing is left beside the workshop. (Whoever
        opened the old file meanwhile finds it gone after locking it, and starts again.)"""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        remove = False
        if self._ours:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            remove = _same_file(fd, self.lock_path)
            if remove and os.name != "nt":
                with contextlib.suppress(OSError):
                    os.unlink(self.lock_path)
        self.locker.unlock(fd)
        os.close(fd)
        if remove and os.name == "nt":  # pragma: no cover - Windows only
            # Windows cannot remove a file that is open: after closing it. Whoever opened
            # it meanwhile keeps it from being removed, so their lock file stays.
            with contextlib.suppress(OSError):
                os.unlink(self.lock_path)

    @property
    def held(self) -> bool:
        return self._fd is not None


def remove_if_unused(lock_file: Path, locker: Locker | None = None) -> bool:
    """Remove a lock file of ours that nobody holds (left by a killed process). Anything
    else – held, not ours, a link – is left alone."""
    lock = WorkshopLock(lock_file.with_name(lock_file.name[: -len(".lock")]), locker)
    if lock.lock_path != lock_file:  # reached through a link: not ours to judge
        return False
    try:
        lock.acquire()
    except (WorkshopFileError, OSError):
        return False
    ours = lock._ours
    lock.release()  # removes it
    return ours and not os.path.lexists(lock_file)


def _not_a_lock_file(workshop: Path, lock: Path) -> WorkshopFileError:
    return WorkshopFileError(workshop, N_(
        "{lock} is not a lock file of this app (it is a link or another file), so {path} "
        "cannot be opened for writing. Move {lock} away, then try again."), lock=str(lock))


def _same_file(fd: int, path: Path) -> bool:
    try:
        there = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    here = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _is_ours(fd: int) -> bool:
    if os.fstat(fd).st_size > _MAX_OURS:
        return False
    text = _read_all(fd)
    return not text or text.startswith((HOLDER.encode(), _LEGACY_HOLDER))


def _read_all(fd: int) -> bytes:
    try:
        return os.pread(fd, _MAX_OURS, 0) if hasattr(os, "pread") else _seek_read(fd)
    except OSError:
        return b""


def _seek_read(fd: int) -> bytes:  # pragma: no cover - Windows has no pread
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, _MAX_OURS)


def _write_holder(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode())


def _read_holder(fd: int) -> str:
    text = _read_all(fd).decode(errors="replace")
    if text.startswith(HOLDER):
        text = text[len(HOLDER):]
    elif not text.startswith(_LEGACY_HOLDER.decode()):
        return "?"
    return text.strip()[:200] or "?"
