"""Disks that refuse, made for real where the machine lets us (CI runs as root): a small
tmpfs that fills up, a read-only bind mount, and a folder without write permission seen by
a process that has given up root's right to ignore permissions.

Each fixture skips when the machine cannot make it (not root, no mount); the tests that
inject the same failures (``PRAGMA max_page_count``) run everywhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env: dict | None = None, as_unprivileged: bool = False, **kwargs):
    """``workshop ARGS`` in its own process, as a person runs it."""
    environment = {**os.environ, "LANG": "en_GB.UTF-8", **(env or {})}
    for name in ("LANGUAGE", "LC_ALL", "WORKSHOP_LANG"):
        environment.pop(name, None)
    command = [sys.executable, "-m", "workshop", *map(str, args)]
    if as_unprivileged and os.geteuid() == 0:
        command = [*WITHOUT_DAC, *command]
    return subprocess.run(command, capture_output=True, text=True, env=environment,
                          timeout=300, cwd=ROOT, **kwargs)


def one_line_error(result) -> str:
    """The single ``workshop: …`` line of a failed command (no traceback)."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workshop: "), result.stderr
    assert "Traceback" not in result.stderr and "sqlite3" not in result.stderr
    return lines[0]


# Root without the capabilities that let it ignore file permissions: permissions then apply
# to it as to anyone (the checkout and the venv stay readable, unlike for another user).
WITHOUT_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
               "--inh-caps=-dac_override,-dac_read_search"]


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def mounted(target: Path, *options: str):
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB filesystem of its own, so that filling it fills nothing else."""
    if not _can_mount():
        pytest.skip("mounting a small filesystem needs root")
    with mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=3m,mode=0777", "tmpfs") as disk:
        yield disk


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the filler (remove it to make room)."""
    filler = disk / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        for block in (b"\0" * 65536, b"\0" * 512, b"\0"):  # to the last byte
            with contextlib.suppress(OSError):
                while True:
                    handle.write(block)
    probe = disk / "probe"
    try:
        probe.write_bytes(b"x" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    else:  # pragma: no cover - a filesystem that never fills
        pytest.skip("the disk did not fill")
    finally:
        probe.unlink(missing_ok=True)
    return filler


@pytest.fixture
def read_only_view(tmp_path):
    """(writable folder, the same folder seen through a read-only bind mount): a USB stick
    with its lock switch on."""
    if not _can_mount():
        pytest.skip("a read-only mount needs root")
    source = tmp_path / "stick"
    source.mkdir()
    view = tmp_path / "locked-stick"
    with mounted(view, "--bind", str(source)):
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")
        yield source, view


@pytest.fixture
def unprivileged():
    """Whether commands can run with permissions enforced (``run(as_unprivileged=True)``)."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return  # already an ordinary user: permissions apply
    probe = subprocess.run([*WITHOUT_DAC, "true"], capture_output=True)
    if probe.returncode != 0 or not shutil.which("setpriv"):
        pytest.skip("setpriv cannot drop root's permission override here")
