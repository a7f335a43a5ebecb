"""Typing an idea on the Capture page and pressing Enter, until it is durable and visible.

Measured in a real main window (offscreen platform) over a real workshop file: the time
from the Enter key to the idea being committed to disk (``synchronous=FULL``) and shown in
the team's list. The floor is the durable write alone (``store.add`` of the same idea on a
second file), so the ratio shows what the window adds on top of the disk. Measured on the
demo workshop, and on the demo grown by 2,000 and 20,000 ideas (a merged event's size).
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


# The workshop sizes measured: the demo as it is, then grown to what a merged event reaches.
SIZES = (0, 2_000, 20_000)


def run(folder: Path, *, quick: bool) -> list[Result]:
    from workshop.ui import style
    from workshop.ui.app import create_app

    app = create_app()
    style.install_fonts(app)
    style.apply_style(app)
    results: list[Result] = []
    for ideas in SIZES:
        iterations = (60 if quick else 400) if ideas < 20_000 else (30 if quick else 150)
        results += _enter_at(app, folder / f"size-{ideas}", ideas, iterations)
    return results


def _grow(path: Path, ideas: int) -> None:
    """Add ``ideas`` ideas to the demo workshop, spread over its prompts and teams (a
    private helper: the benchmarks' shared sizes module is being written elsewhere)."""
    from benchmarks.store_bench import _TITLES
    from workshop.model import Idea, Prompt, Team
    from workshop.store import WorkshopStore

    with WorkshopStore.open(path, device_id="bench") as store:
        prompts, teams = store.list(Prompt), store.list(Team)
        store.add_many(Idea(title=f"{_TITLES[n % len(_TITLES)]} {n}",
                            details="詳しくは付箋を参照。" if n % 3 == 0 else "",
                            prompt_id=prompts[n % len(prompts)].id,
                            team_id=teams[n % len(teams)].id) for n in range(ideas))


def _enter_at(app, folder: Path, ideas: int, iterations: int) -> list[Result]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from workshop.demo import create_demo
    from workshop.i18n import gettext_for
    from workshop.model import Idea
    from workshop.store import WorkshopStore
    from workshop.ui.app import QtTranslations
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.mainwindow import MainWindow
    from workshop.ui.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    os.environ["WORKSHOP_CONFIG_DIR"] = str(folder / "capture-config")
    path = folder / "capture.workshop"
    create_demo(path, lang="ja", device_id="bench").close()
    if ideas:
        _grow(path, ideas)
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
    ui_times, floor_times = [], []
    for n in range(iterations):
        title = f"駅前にベンチを増やす {n} 🌳"
        page.idea_title.setText(title)  # the typing itself is the person's time, not ours
        rows = page.proxy.rowCount()
        started = time.perf_counter()
        QTest.keyClick(page.idea_title, Qt.Key.Key_Return)
        app.processEvents()
        ui_times.append(time.perf_counter() - started)
        assert page.proxy.rowCount() == rows + 1, "the idea must be visible"
        started = time.perf_counter()
        floor_store.add(Idea(title=title, prompt_id=prompt_id, team_id=team_id))
        floor_times.append(time.perf_counter() - started)
    stored = window.session.store.ideas()[-1].title
    assert stored == f"駅前にベンチを増やす {iterations - 1} 🌳"
    floor_store.close()
    window.close_workshop()
    window.close()
    app.processEvents()
    ms = 1000.0
    p99, floor_p99 = _percentile(ui_times, 0.99) * ms, _percentile(floor_times, 0.99) * ms
    name = "type an idea + Enter (durable, visible)" + (f", +{ideas:,} ideas" if ideas else "")
    target = 100.0 if ideas >= 20_000 else 50.0
    return [
        Result(name, "p50", statistics.median(ui_times) * ms,
               statistics.median(floor_times) * ms, "", None),
        Result(name, "p99", p99, floor_p99, f"≤ {target:.0f} ms", p99 <= target),
    ]


def _copy_for_floor(path: Path) -> Path:
    from workshop.store import WorkshopStore

    floor = path.with_name("floor.workshop")
    with WorkshopStore.open(path, device_id="bench", read_only=True) as store:
        store.save_copy(floor)
    return floor
