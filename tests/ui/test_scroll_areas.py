"""Nothing is cut at a scroll area's right edge: on a 1366×768 laptop, at 100 %, 150 % and
200 % type, in both languages, on every page and every tab, a scroll area's content fits
its width (forms reflow and wrap; they never scroll sideways) and no label or button shows
less than its text. The Voting page's Rules tab once cut its right-hand column (dots per
voter and its explanation) at 150 %."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from workshop.ui.pages import page_classes

from .screenfit import cut_in_scroll_areas

ZOOMS = (1.0, 1.5, 2.0)  # 150 % and 200 % type: what a 150 % or 200 % screen scale gives
# Pages still cut at 150 % or 200 %, with what is cut: each runs, and fails once fixed
# (strict), so that it leaves this list.
STILL_CUT: dict[str, str] = {}


def tab_choices(page) -> list[tuple[tuple[QTabWidget, int], ...]]:
    """Every combination of the page's visible tab widgets' tabs (a tab inside a tab is
    visible only when its own tab is chosen: walked one level at a time)."""
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    return list(itertools.product(*[[(t, i) for i in range(t.count()) if t.isTabEnabled(i)]
                                    for t in tabs]))


def walk_page(window, key: str) -> list[str]:
    page = window.page(key)
    window.show_page(window.pages.index(page))
    problems = []
    for zoom in ZOOMS:
        window.apply_zoom(zoom)
        QApplication.processEvents()
        for choice in tab_choices(page):
            for tabs, index in choice:
                tabs.setCurrentIndex(index)
            QApplication.processEvents()
            shown = "/".join(tabs.tabText(index) for tabs, index in choice)
            problems += [f"{zoom:.0%} {key} {shown}: {problem}"
                         for problem in cut_in_scroll_areas(window)]
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
