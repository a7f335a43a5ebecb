"""Starting the window: what the first paint loads, what follows in idle time, the font."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontMetricsF, QRawFont

from workshop.fonts import JAPANESE_FONT_FAMILY
from workshop.i18n import LOCALE_DIR
from workshop.ui import style
from workshop.ui.later import AFTER_FIRST_PAINT

# Everything of ours that the start screen needs. Adding to this list slows every start
# (benchmarks/startup_bench.py): import such a module where it is used, or list it in
# workshop.ui.later.AFTER_FIRST_PAINT.
FIRST_PAINT = {
    "workshop", "workshop.device", "workshop.errors", "workshop.fonts", "workshop.i18n",
    "workshop.ui", "workshop.ui.actions", "workshop.ui.app", "workshop.ui.later",
    "workshop.ui.mainwindow", "workshop.ui.pages", "workshop.ui.widgets",
    "workshop.ui.settings", "workshop.ui.start", "workshop.ui.style",
    "workshop.ui.window_files", "workshop.ui.window_projector",
}

# A fresh interpreter runs the real main(): it notes the modules loaded when the window is
# about to be shown, lets the idle-time imports run to the end, then opens the demo.
CHILD = """
import json, os, sys
import workshop.ui.app as app_module
from workshop.ui import later

report = {}

def watch(window):
    report["first_paint"] = sorted(sys.modules)
    report["start_screen"] = type(window.centralWidget()).__name__
    report["title"] = window.windowTitle()

    def done():
        report["after_idle"] = sorted(sys.modules)
        window.open_demo()
        report["after_open"] = sorted(sys.modules)
        report["pages"] = [page.key for page in window.pages]
        print(json.dumps(report), flush=True)
        os._exit(0)

    later.import_after_first_paint(window, done=done)

app_module.import_after_first_paint = watch
app_module.main([])
"""


def _start(tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKSHOP_LANG="ja",
               WORKSHOP_CONFIG_DIR=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_paint_loads_only_the_start_screen_and_the_rest_follows(tmp_path):
    report = _start(tmp_path)
    assert report["start_screen"] == "StartScreen"
    assert report["title"] == "市民ワークショップ"
    first = set(report["first_paint"])
    ours = {name for name in first if name == "workshop" or name.startswith("workshop.")}
    assert ours <= FIRST_PAINT, sorted(ours - FIRST_PAINT)
    assert not first & {"sqlite_utils", "PIL", "reportlab"}
    # After the first paint, idle time imports the rest: every listed module, and all that
    # opening the demo needs, so that opening it imports nothing more of ours.
    after_idle = set(report["after_idle"])
    assert set(AFTER_FIRST_PAINT) <= after_idle
    opened_late = {name for name in set(report["after_open"]) - after_idle
                   if name.startswith("workshop.")}
    assert not opened_late, sorted(opened_late)
    assert report["pages"] == ["setup", "capture", "board", "notes", "voting", "export"]


def _catalog_characters(lang: str) -> set[str]:
    import gettext

    with (LOCALE_DIR / lang / "LC_MESSAGES" / "workshop.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # every translated string
    return {char for text in catalog.values() if isinstance(text, str) for char in text
            if not char.isspace()}


def test_the_shipped_font_is_the_fallback_and_has_every_japanese_character(qapp):
    family = style.install_fonts(qapp)
    assert family == JAPANESE_FONT_FAMILY
    assert family in qapp.font().families()  # after the system font, for every widget
    # Without a Japanese system font the shipped one draws all Japanese text of the window:
    # it must hold every character of the Japanese catalog (no empty boxes).
    raw = QRawFont.fromFont(QFont(family))
    assert raw.isValid() and raw.familyName() == family
    characters = _catalog_characters("ja")
    assert len(characters) > 300  # kana, kanji and punctuation, not an empty catalog
    # (By code point: PySide's QChar overload of supportsCharacter misreads many kanji.)
    missing = sorted(char for char in characters if not raw.supportsCharacter(ord(char)))
    assert not missing, missing


def _drawing_families(font: QFont, text: str) -> list[str]:
    """The faces Qt really draws ``text`` with (one per glyph run), after font fallback."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()]


def test_english_is_drawn_in_a_latin_face_with_a_real_ellipsis(qapp):
    # Where no desktop names a UI font Qt's default is the alias "Sans Serif", which a
    # family list cannot find: IPAexGothic drew the whole English UI, its "…" centred
    # like a Japanese 三点リーダ ("New workshop・・・").
    previous = QFont(qapp.font())
    try:
        qapp.setFont(QFont("Sans Serif"))
        style.install_fonts(qapp)
        font = qapp.font()
        assert JAPANESE_FONT_FAMILY not in _drawing_families(font, "New workshop…")
        assert JAPANESE_FONT_FAMILY not in _drawing_families(font, "…")
        # The ellipsis sits on the baseline like a full stop, not at mid-height.
        metrics = QFontMetricsF(font)
        assert metrics.boundingRect("…").bottom() >= metrics.boundingRect(".").bottom() - 1
        # Japanese still has every character (the shipped face as the fallback).
        assert JAPANESE_FONT_FAMILY in _drawing_families(font, "新しいワークショップ")
        assert font.families()[0] != JAPANESE_FONT_FAMILY
    finally:
        qapp.setFont(previous)
