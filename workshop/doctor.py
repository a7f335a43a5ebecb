"""``workshop doctor``: is this laptop ready for an offline workshop day?

Checked the evening before, while help is still at hand: the version, the fonts the PDFs
embed (and which characters people may type that they cannot print), whether Qt can open
a window here, whether the settings folder and the folder for workshop files are writable,
and the free space there.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workshop import __version__
from workshop.device import config_dir
from workshop.i18n import N_

# What participants type on a real day: a common name, a name variant, Hangul, an emoji.
SAMPLE_TEXT = "駅前広場の未来 髙橋 𠮷野 Café 한글 😀"
LOW_SPACE = 500 * 1024 * 1024  # photos, backups and exports of a long day fit in this
PROBE_TIMEOUT = 60


@dataclass(frozen=True)
class Check:
    label: str  # a msgid (N_)
    ok: bool
    detail: str  # facts (paths, numbers, names), not translated


def run_checks(folder: Path) -> list[Check]:
    return [version_check(), font_check(), window_check(), writable_check(
        N_("Settings folder"), config_dir()), writable_check(N_("Folder for workshop files"),
                                                              folder), space_check(folder)]


def version_check() -> Check:
    build = "application folder" if getattr(sys, "frozen", False) else sys.prefix
    return Check(N_("Version"), True, f"workshop {__version__}, Python "
                 f"{platform.python_version()}, {platform.system()} {platform.release()} "
                 f"({build})")


def font_check() -> Check:
    missing = missing_glyphs(SAMPLE_TEXT)
    if missing:
        return Check(N_("Fonts for the PDFs"), False,
                     "no glyph for " + " ".join(f"{c} U+{ord(c):04X}" for c in missing))
    return Check(N_("Fonts for the PDFs"), True, SAMPLE_TEXT)


def window_check() -> Check:
    """Start Qt in a child process: a missing library or display aborts Qt itself."""
    command = ([sys.executable] if getattr(sys, "frozen", False)
               else [sys.executable, "-m", "workshop"]) + ["doctor", "--probe-window"]
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=PROBE_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Check(N_("Window (Qt)"), False, str(error))
    if done.returncode == 0:
        return Check(N_("Window (Qt)"), True, done.stdout.strip())
    # Qt's first complaint names the cause (no display, a missing library); the rest of its
    # message lists plugins.
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return Check(N_("Window (Qt)"), False, lines[0] if lines else f"exit {done.returncode}")


def writable_check(label: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".workshop-doctor-") as handle:
            handle.write(b"ok")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        return Check(label, False, f"{folder}: {error.strerror or error}")
    return Check(label, True, str(folder))


def space_check(folder: Path) -> Check:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return Check(N_("Free space"), False, f"{folder}: {error.strerror or error}")
    return Check(N_("Free space"), free >= LOW_SPACE, f"{free / 1024 ** 3:.1f} GB ({folder})")


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` that no font embedded in the PDFs can draw."""
    from workshop.export.pdf.fonts import register_fonts

    coverage = register_fonts()
    return [char for char in dict.fromkeys(text) if not char.isspace()
            and ord(char) not in coverage.japanese and ord(char) not in coverage.latin]
