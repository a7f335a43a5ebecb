"""Nothing is cut at a scroll area's right edge: on a 1366×768 laptop, at 100 %, 150 % and
200 % type, in both languages, on every page and every tab, a scroll area's content fits
its width (forms reflow and wrap; they never scroll sideways) and no label or button shows
less than its text. The Voting page's Rules tab once cut its right-hand column (dots per
voter and its explanation) at 150 %."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workshop.ui.pages import page_classes

from .screenfit import cut_in_scroll_areas, cuts_on_every_tab

ROOT = Path(__file__).resolve().parents[2]
ZOOMS = (1.0, 1.5, 2.0)  # 150 % and 200 % type: what a 150 % or 200 % screen scale gives
# Pages still cut at 150 % or 200 %, with what is cut: each runs, and fails once fixed
# (strict), so that it leaves this list.
STILL_CUT: dict[str, str] = {}


def walk_page(window, key: str) -> list[str]:
    page = window.page(key)
    window.show_page(window.pages.index(page))
    problems = []
    for zoom in ZOOMS:
        window.apply_zoom(zoom)
        QApplication.processEvents()
        problems += cuts_on_every_tab(window, page, QApplication, f"{zoom:.0%} ")
    window.apply_zoom(1.0)
    return problems


@pytest.fixture(autouse=True)
def _zoom_back(qapp):
    yield
    from workshop.ui import style

    style.set_zoom(qapp, 1.0)  # the application's font is shared by every later test


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("key", [cls.key for cls in page_classes()])
def test_no_scroll_area_cuts_its_content(demo_window, qtbot, request, lang, key):
    if key in STILL_CUT:  # runs all the same: once fixed, the strict mark fails the test
        request.applymarker(pytest.mark.xfail(reason=STILL_CUT[key], strict=True))
    window = demo_window(lang)
    window.showMaximized()
    qtbot.waitUntil(lambda: window.frameGeometry() == window.screen().availableGeometry())
    assert walk_page(window, key) == []


def test_the_rules_stand_in_two_columns_at_100_percent_and_in_one_at_200(demo_window, qtbot):
    """The reflow keeps the wide layout where it fits: the rules beside the candidates."""
    window = demo_window("en")
    window.showMaximized()
    qtbot.waitUntil(lambda: window.frameGeometry() == window.screen().availableGeometry())
    page = window.page("voting")
    window.show_page(window.pages.index(page))
    QApplication.processEvents()
    assert page.form.columns.side_by_side()
    window.apply_zoom(2.0)
    QApplication.processEvents()
    assert not page.form.columns.side_by_side()
    assert cut_in_scroll_areas(window) == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_nothing_is_cut_on_a_laptop_screen_scaled_to_150_percent(lang):
    """A 150 % screen scale grows the fixed sizes too (the page list, the timer, least
    widths), not only the type: Qt's screen is 911×512 at 100 %. The Board and the Notes
    filters once scrolled sideways there. Another screen needs another Qt process."""
    config = ROOT / "tests" / "fixtures" / "scaled-laptop-screen.json"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run([sys.executable, "-m", "tests.ui.screenfit", lang, "scroll-areas"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
