"""The window fits the laptop (issue 11.1): at 1366×768 (the session's offscreen screen,
tests/conftest.py) and 1280×720, on every page, at every zoom step, in kiosk and voter
mode, with results and the projector view: nothing leaves the screen, pages scroll
instead, and a maximised window stays maximised through kiosk and voter mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop.model import Ballot, RoundStatus
from workshop.ui.mainwindow import ZOOM_STEPS
from workshop.voting import cast_ballot, close_round, reveal_round

from .screenfit import off_screen, walk

ROOT = Path(__file__).resolve().parents[2]


def settled(qtbot, window) -> None:
    """Wait until the platform has given the window the geometry of its state."""
    screen = window.screen()
    if window.isFullScreen():
        qtbot.waitUntil(lambda: window.frameGeometry() == screen.geometry())
    elif window.isMaximized():
        qtbot.waitUntil(lambda: window.frameGeometry() == screen.availableGeometry())
    QApplication.processEvents()  # the resize reaches the layouts


@pytest.fixture(autouse=True)
def _zoom_back(qapp):
    yield
    from workshop.ui import style

    style.set_zoom(qapp, 1.0)  # the application's font is shared by every later test


def test_the_session_screen_is_the_laptop(qapp):
    assert qapp.primaryScreen().geometry().size().toTuple() == (1366, 768)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_it_opens_maximised_on_a_laptop_and_the_start_screen_fits(make_window, qtbot, lang):
    window = make_window(lang)
    window.showNormal()
    window.show_on_screen()  # as ``workshop`` starts it
    assert window.isMaximized()
    available = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: window.frameGeometry() == available)  # the platform applies it
    assert off_screen(window) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_fits_at_every_zoom_step(demo_window, qapp, lang):
    window = demo_window(lang)
    assert max(ZOOM_STEPS) >= 1.5
    assert walk(window, qapp) == []


def test_a_zoom_step_never_grows_a_normal_window_past_the_screen(demo_window):
    window = demo_window("en")
    window.showNormal()
    window.resize(1300, 740)
    for _ in ZOOM_STEPS:
        window.zoom(1)
        assert off_screen(window) == []
        assert window.width() <= 1366 and window.height() <= 768


def test_kiosk_and_voter_mode_keep_the_maximised_state(demo_window, qtbot):
    window = demo_window("ja")
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    for zoom in ZOOM_STEPS:  # shared-laptop mode, full screen, at every zoom
        window.set_kiosk(True, "capture")
        assert window.isFullScreen()
        window.apply_zoom(zoom)
        settled(qtbot, window)
        assert off_screen(window) == [], zoom
        window.set_kiosk(False)
        assert window.isMaximized() and not window.isFullScreen()
        settled(qtbot, window)
        assert off_screen(window) == [], zoom
    window.apply_zoom(1.0)

    page = window.page("voting")
    window.show_page(window.pages.index(page))
    page.new_round()
    window.dialogs.confirmations.append(True)
    assert page.actions.open_voting()
    window.dialogs.texts += ["2468", "2468", "2468"]  # the facilitator's PIN, however asked
    assert page.pass_the_laptop()
    assert window.isFullScreen()
    settled(qtbot, window)
    for zoom in ZOOM_STEPS:
        window.apply_zoom(zoom)
        QApplication.processEvents()  # the labels' new sizes reach the layouts
        assert off_screen(window) == [], zoom
    window.apply_zoom(1.0)
    assert page.leave_voter_screen()
    assert window.isMaximized() and not window.isFullScreen()


def test_a_normal_window_comes_back_normal_and_on_the_screen(demo_window, qtbot):
    window = demo_window("en")
    window.showNormal()
    window.resize(1000, 600)
    window.set_kiosk(True, "capture")
    window.set_kiosk(False)
    assert window.windowState() == Qt.WindowState.WindowNoState
    assert off_screen(window) == []


def test_results_and_the_projector_fit_at_every_zoom_step(demo_window, qapp):
    window = demo_window("en")
    page = window.page("voting")
    window.show_page(window.pages.index(page))
    page.tabs.setCurrentIndex(2)  # the demo's round is revealed
    assert page.results.model.rowCount() > 10
    window.toggle_projector()
    projector = window.projector
    for zoom in ZOOM_STEPS:
        window.apply_zoom(zoom)
        qapp.processEvents()
        assert off_screen(window) == [], zoom
        assert off_screen(projector) == [], zoom


def test_the_window_fits_a_1280x720_projector_mirror_too():
    """Another screen size needs another Qt process: the same walk, run there."""
    config = ROOT / "tests" / "fixtures" / "mirror-screen.json"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    for lang in ("ja", "en"):
        done = subprocess.run([sys.executable, "-m", "tests.ui.screenfit", lang], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr


def test_revealing_a_round_keeps_the_voting_page_on_the_screen(demo_window):
    window = demo_window("ja")
    page = window.page("voting")
    window.show_page(window.pages.index(page))
    page.new_round()
    window.dialogs.confirmations.append(True)
    assert page.actions.open_voting()
    r = page.current_round()
    store = window.session.store
    cast_ballot(store, r.id, {r.candidate_ids[0]: 1})
    close_round(store, r.id)
    reveal_round(store, r.id)
    window.session.announce(Ballot.TABLE)
    assert page.current_round().status == RoundStatus.CLOSED
    page.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    assert off_screen(window) == []
