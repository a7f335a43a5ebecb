"""`workshop doctor`: the evening-before check of a laptop, run as a person runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from workshop.doctor import missing_glyphs


def _doctor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "WORKSHOP_CONFIG_DIR": str(tmp_path / "config"),
               "WORKSHOP_LANG": "en", "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([sys.executable, "-m", "workshop", "doctor", *args], env=environ,
                          capture_output=True, text=True, timeout=300, check=False)


def _lines(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {line[4:].split("  ")[0].strip(): line[:2] for line in done.stdout.splitlines()
            if line[:3] in ("OK ", "NG ")}


def test_every_check_is_reported(tmp_path: Path) -> None:
    done = _doctor(tmp_path, "--folder", str(tmp_path))
    marks = _lines(done)
    assert list(marks) == ["Version", "Fonts for the PDFs", "Window (Qt)", "Settings folder",
                           "Folder for workshop files", "Free space"]
    assert marks["Window (Qt)"] == marks["Settings folder"] == "OK"
    assert marks["Folder for workshop files"] == "OK"
    assert "Traceback" not in done.stderr
    assert done.returncode == (0 if set(marks.values()) == {"OK"} else 1)
    assert (tmp_path / "config").is_dir()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".workshop-doctor-")]


def test_a_folder_that_cannot_be_written_fails(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    done = _doctor(tmp_path, "--folder", str(not_a_folder))
    assert _lines(done)["Folder for workshop files"] == "NG"
    assert done.returncode == 1 and "checks failed" in done.stdout


def test_a_window_that_cannot_open_is_reported_not_crashed(tmp_path: Path) -> None:
    done = _doctor(tmp_path, "--folder", str(tmp_path), QT_QPA_PLATFORM="no-such-platform")
    window = next(line for line in done.stdout.splitlines() if "Window (Qt)" in line)
    assert window.startswith("NG ") and "no-such-platform" in window
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr


def test_missing_glyphs_names_what_no_pdf_font_draws() -> None:
    assert missing_glyphs("駅前 Café") == []
    assert missing_glyphs("a\U000F0000b\U000F0000") == ["\U000F0000"]
