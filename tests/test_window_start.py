"""Starting the window on a machine that lacks Qt's system libraries: one line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_missing_qt_library_is_one_line(tmp_path: Path) -> None:
    # A PySide6 that fails the way the real one does when libEGL is not installed.
    fake = tmp_path / "PySide6"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "raise ImportError('libEGL.so.1: cannot open shared object file: "
        "No such file or directory')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "WORKSHOP_LANG": "en"}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run([sys.executable, "-m", "workshop"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libEGL.so.1" in lines[0] and "sudo apt-get install libgl1 libegl1" in lines[0]
