"""Whether the main window fits its screen: used by the screen-fit tests (in this process,
on the 1366×768 screen of tests/fixtures/laptop-screen.json) and run as
``python -m tests.ui.screenfit`` on other screens (see test_screen_fit.py)."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QWidget,
)


def _in_scroll_area(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area below ``window`` (checked as that area's content)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def off_screen(window: QWidget) -> list[str]:
    """Every way ``window`` fails to fit its screen: its frame outside the screen's
    available area (the whole screen when full screen), or a visible widget outside the
    screen or cut by the window's edge. Widgets inside scroll areas may scroll away."""
    screen = window.screen()
    area = screen.geometry() if window.isFullScreen() else screen.availableGeometry()
    problems = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(f"the window's frame {_text(frame)} is not inside {_text(area)}")
    inside = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    least = window.minimumSizeHint()
    if least.width() > window.width() or least.height() > window.height():
        problems.append(f"the window needs {least.width()}×{least.height()} but has "
                        f"{window.width()}×{window.height()}")
    for widget in window.findChildren(QWidget):
        if (not widget.isVisible() or widget.window() is not window
                or widget.width() <= 0 or _in_scroll_area(widget, window)):
            continue
        rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        if not inside.contains(rect) or not area.contains(rect):
            name = widget.objectName() or widget.accessibleName() or type(widget).__name__
            problems.append(f"{name} at {_text(rect)} leaves the window or the screen")
    return problems


def cut_in_scroll_areas(window: QWidget) -> list[str]:
    """Every way a scroll area's content fails to fit the area's width: the content wider
    than the viewport (a form that scrolls sideways), a visible widget reaching past the
    viewport's right edge, or a label or button whose text (or arrow) needs more width than
    it has (cut or elided). Vertical scrolling is fine; sideways scrolling is not."""
    problems = []
    for area in window.findChildren(QScrollArea):
        content = area.widget()
        if content is None or not area.isVisible() or area.window() is not window:
            continue
        viewport = area.viewport()
        width = viewport.width()
        where = _name(area)
        # A strip that scrolls only sideways (the board's columns) is meant to.
        strip = area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if content.width() > width and not strip:
            problems.append(f"{where}: its content is {content.width()} wide in a "
                            f"{width}-wide view")
        for widget in content.findChildren(QWidget):
            if not widget.isVisible() or _in_scroll_area(widget, content):
                continue
            right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
            if right > width and not strip:
                problems.append(f"{where}: {_name(widget)} reaches {right} in a "
                                f"{width}-wide view")
            elif _text_cut(widget):
                problems.append(f"{where}: {_name(widget)} needs "
                                f"{widget.minimumSizeHint().width()} for its text but has "
                                f"{widget.width()}")
    return problems


def _text_cut(widget: QWidget) -> bool:
    if isinstance(widget, QToolButton) and widget.arrowType() != Qt.ArrowType.NoArrow:
        # A tab bar's scroll arrows: squeezed narrower than they need, they drew no arrow.
        return widget.minimumSizeHint().width() > widget.width()
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text():
            return False
    elif not isinstance(widget, QAbstractButton) or not widget.text():
        return False
    return widget.minimumSizeHint().width() > widget.width()


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = f" “{text()[:30]}”" if callable(text) and isinstance(text(), str) and text() else ""
    return (widget.objectName() or widget.accessibleName() or type(widget).__name__) + shown


def _text(rect: QRect) -> str:
    return f"{rect.width()}×{rect.height()}+{rect.x()}+{rect.y()}"


def walk(window, app) -> list[str]:
    """Every page at every zoom step, with the window maximised and as a normal window
    filling the screen; the problems found, each with where it was found. The zoom is back
    at 100 % afterwards."""
    from workshop.ui.mainwindow import ZOOM_STEPS

    problems = []
    for state in ("maximised", "normal"):
        if state == "maximised":
            window.showMaximized()
        else:
            window.showNormal()
            window.resize(window.screen().availableGeometry().size())
        for zoom in ZOOM_STEPS:
            window.apply_zoom(zoom)
            for row in range(len(window.pages)):
                window.show_page(row)
                app.processEvents()
                problems += [f"{state}, {zoom:.0%}, {window.pages[row].key}: {problem}"
                             for problem in off_screen(window)]
    window.apply_zoom(1.0)
    return problems


def tab_choices(page: QWidget) -> list[tuple[tuple[QTabWidget, int], ...]]:
    """Every combination of the page's visible tab widgets' tabs (a tab inside a tab is
    visible only when its own tab is chosen: walked one level at a time)."""
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    return list(itertools.product(*[[(t, i) for i in range(t.count()) if t.isTabEnabled(i)]
                                    for t in tabs]))


def cuts_on_every_tab(window, page: QWidget, app, label: str = "") -> list[str]:
    """What the window's scroll areas cut with each combination of the page's tabs shown."""
    problems = []
    for choice in tab_choices(page):
        for tabs, index in choice:
            tabs.setCurrentIndex(index)
        app.processEvents()
        shown = "/".join(tabs.tabText(index) for tabs, index in choice)
        problems += [f"{label}{page.key} {shown}: {problem}"
                     for problem in cut_in_scroll_areas(window)]
    return problems


def walk_scroll_areas(window, app) -> list[str]:
    """Every page and tab at 100 %, the window filling the screen: what a scroll area cuts
    (on a 1366×768 screen scaled to 150 %, Qt's screen is 911×512 at 100 % type)."""
    app.processEvents()  # the opened workshop's pages in place before the window is sized
    window.showNormal()
    area = window.screen().availableGeometry()
    window.resize(area.size())
    app.processEvents()
    problems = [] if window.width() <= area.width() else [
        f"the window is {window.width()} wide on a {area.width()}-wide screen"]
    for row in range(len(window.pages)):
        window.show_page(row)
        app.processEvents()
        problems += cuts_on_every_tab(window, window.pages[row], app)
    return problems


def main() -> int:
    """``python -m tests.ui.screenfit LANG [scroll-areas]``: the walk on this process's
    screen (set with QT_QPA_PLATFORM=offscreen:configfile=…), or with ``scroll-areas`` the
    scroll areas' walk; prints the problems, exits 1 if any."""
    import sys
    import tempfile
    from pathlib import Path

    from workshop.demo import create_demo
    from workshop.ui import style
    from workshop.ui.app import QtTranslations, create_app
    from workshop.ui.mainwindow import MainWindow
    from workshop.ui.settings import Settings

    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    app = create_app()
    style.install_fonts(app)
    style.apply_stylesheet(app)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(settings=Settings(Path(folder) / "settings.ini"), lang=lang,
                            translations=QtTranslations(app), device_id="screenfit")
        window.show_on_screen()
        app.processEvents()
        problems = [f"start screen: {problem}" for problem in off_screen(window)]
        path = Path(folder) / "demo.workshop"
        create_demo(path, lang=lang, device_id="screenfit").close()
        window.open_path(path)
        if sys.argv[2:] == ["scroll-areas"]:
            problems = walk_scroll_areas(window, app)
        else:
            problems += walk(window, app)
        window.close_workshop()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
