"""Typing an idea on the Capture page and pressing Enter, until it is durable and visible.

Measured in a real main window (offscreen platform) over a real workshop file: the time
from the Enter key to the idea being committed to disk (``synchronous=FULL``) by the
workshop's writer thread and shown in the team's list (the acknowledgement comes back to
the UI thread as a queued signal, so the event loop runs until the row is there). The floor
is the durable write alone (``store.add`` of the same idea on a second file), so the ratio
shows what the writer and the window add on top of the disk. Run at the demo's size and
with the workshop grown by 2,000 and 20,000 ideas (a merged event's size).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.store_bench import Result


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


SIZES = (0, 2_000, 20_000)  # ideas besides the demo's (0: the demo as it is)
WAIT_SECONDS = 10.0  # a row that never shows is a failure, not a hang


def run(folder: Path, *, quick: bool) -> list[Result]:
    results: list[Result] = []
    for size in SIZES:
        results += _run_at(folder / f"size-{size}", size, quick=quick)
    return results


def _run_at(folder: Path, size: int, *, quick: bool) -> list[Result]:
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest

    from workshop.demo import create_demo
    from workshop.i18n import gettext_for
    from workshop.model import Idea
    from workshop.store import WorkshopStore
    from workshop.ui import style
    from workshop.ui.app import QtTranslations, create_app
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.mainwindow import MainWindow
    from workshop.ui.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    app = create_app()
    style.install_fonts(app)
    style.apply_style(app)
    os.environ["WORKSHOP_CONFIG_DIR"] = str(folder / "capture-config")
    path = folder / "capture.workshop"
    create_demo(path, lang="ja", device_id="bench").close()
    _grow(path, size)
    window = MainWindow(settings=Settings(folder / "capture.ini"), lang="ja",
                        translations=QtTranslations(app), device_id="bench",
                        dialogs=Dialogs(gettext_for("ja")))
    window.show()
    window.open_path(path)
    window.show_page(1)
    page = window.page("capture")
    app.processEvents()
    floor_store = WorkshopStore.open(_copy_for_floor(path), device_id="bench")
    prompt_id, team_id = page.current_prompt_id(), page.current_team_id()
    iterations = (60 if quick else 400) if size < 20_000 else (30 if quick else 150)
    ui_times, floor_times, enter_times = [], [], []
    for n in range(iterations):
        title = f"駅前にベンチを増やす {n} 🌳"
        page.idea_title.setText(title)  # the typing itself is the person's time, not ours
        rows = page.proxy.rowCount()
        started = time.perf_counter()
        QTest.keyClick(page.idea_title, Qt.Key.Key_Return)
        enter_times.append(time.perf_counter() - started)  # the UI thread is free again
        while page.proxy.rowCount() != rows + 1:  # until the writer's word has arrived
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            assert time.perf_counter() - started < WAIT_SECONDS, "the idea must be visible"
        ui_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        floor_store.add(Idea(title=title, prompt_id=prompt_id, team_id=team_id))
        floor_times.append(time.perf_counter() - started)
    stored = window.session.store.ideas()[-1].title
    assert stored == f"駅前にベンチを増やす {iterations - 1} 🌳"
    floor_store.close()
    window.close_workshop()
    window.close()
    ms = 1000.0
    p99, floor_p99 = _percentile(ui_times, 0.99) * ms, _percentile(floor_times, 0.99) * ms
    name = "type an idea + Enter (durable, visible)" + (f", +{size} ideas" if size else "")
    return [
        Result(name, "p50", statistics.median(ui_times) * ms,
               statistics.median(floor_times) * ms, "", None),
        Result(name, "p99", p99, floor_p99, "≤ 50 ms", p99 <= 50.0),
        # How long the window is busy with Enter (it used to include the fsync).
        Result(name.replace("(durable, visible)", "(UI thread free)"), "p99",
               _percentile(enter_times, 0.99) * ms, floor_p99, "", None),
    ]


def _grow(path: Path, ideas: int) -> None:
    """Add ``ideas`` ideas to the workshop, spread over its teams and prompts."""
    if not ideas:
        return
    from workshop.model import Idea, Prompt, Team
    from workshop.store import WorkshopStore

    with WorkshopStore.open(path, device_id="bench") as store:
        prompts, teams = store.list(Prompt), store.list(Team)
        store.add_many(Idea(title=f"アイデア {n}", prompt_id=prompts[n % len(prompts)].id,
                            team_id=teams[n % len(teams)].id, position=n)
                       for n in range(ideas))


def _copy_for_floor(path: Path) -> Path:
    from workshop.store import WorkshopStore

    floor = path.with_name("floor.workshop")
    with WorkshopStore.open(path, device_id="bench", read_only=True) as store:
        store.save_copy(floor)
    return floor
