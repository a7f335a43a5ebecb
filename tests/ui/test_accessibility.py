"""What a screen reader hears, on every page in both languages: every control and every
Tab stop has a name that says what it is, labels are tied to their controls, one-of-many
choices are radio groups, nothing unnamed takes a Tab stop (see accessibility_tree)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTabWidget

from .accessibility_tree import heard_name, problems, tab_stops, unreachable_by_tab


def _every_tab(page):
    """Each tab of each tab widget on the page in turn (their contents are hidden until
    shown, and hidden widgets are not in the tree a screen reader walks)."""
    yield "main"
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.isVisible() and tabs.isTabEnabled(index):
                tabs.setCurrentIndex(index)
                yield tabs.tabText(index)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_says_what_each_control_is(demo_window, qtbot, lang):
    window = demo_window(lang)
    found: dict[str, list[str]] = {}  # what is wrong → where
    for row, page in enumerate(window.pages):
        window.show_page(row)
        for tab in _every_tab(page):
            for problem in problems(window):
                found.setdefault(problem, []).append(f"{page.key}/{tab}")
    assert not found, "\n".join(f"{p}  [{', '.join(w[:3])}]" for p, w in found.items())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_tab_stop_is_named_and_every_button_reachable(demo_window, qtbot, lang):
    window = demo_window(lang)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    found = []
    for row, page in enumerate(window.pages):
        window.show_page(row)
        stops = tab_stops(window, window.navigation)
        for widget in stops:
            if not heard_name(QAccessible.queryAccessibleInterface(widget)):
                found.append(f"{page.key}: unnamed Tab stop {type(widget).__name__}")
        found += [f"{page.key}: {problem}" for problem in unreachable_by_tab(page, stops)]
    assert not found, "\n".join(dict.fromkeys(found))
