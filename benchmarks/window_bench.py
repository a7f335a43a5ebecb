"""The window on a 1366×768 laptop: a zoom step, and revealing a big round on the projector.

Measured on the offscreen platform with a 1366×768 screen (tests/fixtures/laptop-screen.json)
and the app's fonts and style sheet, over the demo workshop (ja) in the main window.

- **zoom step:** ``MainWindow.zoom(±1)`` (100 → 115 → 130 → 150 → 130 → 115 → 100 %) until
  the window is painted again (``grab()``). Floor: the same call at an unchanged zoom
  (re-applying the unchanged style, then the same paint) – what any step must cost at
  least. Target: median ≤ 300 ms. The old way (setting the whole style sheet again, which
  re-polishes every widget) is in the details, for comparison.
- **reveal:** a closed 200-candidate round with 60 ballots of 5 dots is revealed
  (``reveal_round``), counted (``round_results``) and drawn on the projector view
  (``ProjectorVoting.show_results`` in a 1366×768 ``ProjectorWindow``, ``grab()``).
  Floor: counting the same round and painting the projector with a plain message.
  Target ≤ 200 ms.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from pathlib import Path

_SCREEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "laptop-screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

from benchmarks.store_bench import Result  # noqa: E402

CANDIDATES, BALLOTS, DOTS = 200, 60, 5
ZOOM_TARGET_MS, REVEAL_TARGET_MS = 300.0, 200.0


def _timed(fn) -> float:
    gc.collect()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _window(folder: Path, app):
    from workshop.demo import create_demo
    from workshop.ui.app import QtTranslations
    from workshop.ui.mainwindow import MainWindow
    from workshop.ui.settings import Settings

    path = folder / "window-demo.workshop"
    create_demo(path, lang="ja", device_id="bench").close()
    window = MainWindow(settings=Settings(folder / "window.ini"), lang="ja",
                        translations=QtTranslations(app), device_id="bench")
    window.show_on_screen()
    window.open_path(path)
    app.processEvents()
    return window


def zoom_results(folder: Path, app, *, quick: bool) -> list[Result]:
    window = _window(folder, app)
    window.show_page(1)  # Capture: the page a room zooms for
    app.processEvents()
    steps = [1, 1, 1, -1, -1, -1]

    def step(direction: int) -> None:
        window.zoom(direction)
        window.grab()

    def unchanged() -> None:
        window.apply_zoom(window.settings.get(_zoom_option()))  # the zoom it already has
        window.grab()

    step(1), step(-1)  # warm fonts and caches
    app.processEvents()
    rounds = 2 if quick else 6
    zoom_ms, floor_ms = [], []
    for round_number in range(rounds):
        for n, direction in enumerate(steps):
            pair = [(lambda d=direction: step(d), zoom_ms), (unchanged, floor_ms)]
            if (round_number + n) % 2:
                pair.reverse()
            for fn, times in pair:
                times.append(_timed(fn))
                app.processEvents()  # the deferred settings write, off the clock
    sheet_ms = [_timed(lambda: (app.setStyleSheet(app.styleSheet()), window.grab()))
                for _ in range(3)]
    window.close_workshop()
    window.close()
    median, worst = statistics.median(zoom_ms), max(zoom_ms)
    details = {"zoom_ms": {"median": median, "max": worst},
               "floor_ms": {"median": statistics.median(floor_ms)},
               "old_way_restyle_whole_sheet_ms": {"median": statistics.median(sheet_ms)}}
    # The target is on the median: on a busy 2-core machine one step in twenty can wait
    # for the scheduler, which the floor's max shows as well.
    return [
        Result("zoom step to a repainted window (demo, 1366×768)", "median", median,
               statistics.median(floor_ms), f"≤ {ZOOM_TARGET_MS:.0f} ms",
               median <= ZOOM_TARGET_MS, details),
        Result("zoom step to a repainted window (demo, 1366×768)", "max", worst,
               max(floor_ms), "", None, details),
    ]


def _zoom_option():
    from workshop.ui.settings import ZOOM

    return ZOOM


def _big_rounds(folder: Path, count: int):
    import random

    from workshop.model import Idea, Prompt, VoteRound, Workshop
    from workshop.store import WorkshopStore
    from workshop.voting import cast_ballot, close_round, open_round

    store = WorkshopStore.create(folder / "reveal.workshop", Workshop(title="開票"),
                                 device_id="bench")
    prompt = store.add(Prompt(text="駅前広場で何をしたいですか？"))
    with store.transaction():
        ideas = [store.add(Idea(title=f"木陰のベンチで本が読める広場 {n}", prompt_id=prompt.id,
                                position=n)) for n in range(CANDIDATES)]
    chooser = random.Random(11)
    rounds = []
    for n in range(count):
        r = store.add(VoteRound(name=f"第{n + 1}回", prompt_id=prompt.id, dots_per_voter=DOTS,
                                max_dots_per_idea=1))
        open_round(store, r.id)
        for _ in range(BALLOTS):
            picks = chooser.sample(ideas[: CANDIDATES // 3], DOTS)  # a realistic long tail
            cast_ballot(store, r.id, {idea.id: 1 for idea in picks})
        close_round(store, r.id)
        rounds.append(r.id)
    return store, rounds


def reveal_results(folder: Path, app, *, quick: bool) -> list[Result]:
    from workshop.i18n import gettext_for
    from workshop.ui.projector import ProjectorWindow
    from workshop.ui.timer_widget import TimerController
    from workshop.ui.voting.projector import ProjectorVoting
    from workshop.voting import reveal_round, round_results

    runs = 4 if quick else 12
    store, rounds = _big_rounds(folder, runs + 1)
    tr = gettext_for("ja")
    projector = ProjectorWindow(TimerController(), tr)
    projector.resize(1366, 768)
    projector.show()
    screen = ProjectorVoting(tr)
    projector.show_widget(screen)
    app.processEvents()

    def reveal(round_id: str) -> None:
        reveal_round(store, round_id)
        screen.show_results(round_results(store, round_id))
        projector.show_widget(screen, compact_timer=True)
        projector.grab()

    def floor(round_id: str) -> None:
        round_results(store, round_id)
        projector.show_message("開票します")
        projector.grab()

    reveal(rounds[0])  # warm up
    reveal_ms, floor_ms = [], []
    for n, round_id in enumerate(rounds[1:]):
        pair = [(lambda r=round_id: reveal(r), reveal_ms), (lambda r=round_id: floor(r),
                                                              floor_ms)]
        if n % 2:
            pair.reverse()
        for fn, times in pair:
            times.append(_timed(fn))
            app.processEvents()
    drawn = screen.chart.rows()
    last = round_results(store, rounds[-1])
    projector.close()
    store.close()
    _check_rows_drawn(drawn, last)
    shown = len(drawn)
    median, worst = statistics.median(reveal_ms), max(reveal_ms)
    details = {"reveal_ms": {"median": median, "max": worst}, "rows_drawn": shown,
               "floor_ms": {"median": statistics.median(floor_ms)}}
    name = f"reveal {CANDIDATES} candidates, {BALLOTS} ballots, to the painted projector"
    return [
        Result(name, "median", median, statistics.median(floor_ms), "", None, details),
        Result(name, "max", worst, max(floor_ms), f"≤ {REVEAL_TARGET_MS:.0f} ms",
               worst <= REVEAL_TARGET_MS, details),
    ]


def _check_rows_drawn(drawn, results) -> None:
    """The projector draws the top ``PROJECTOR_ROWS`` and, past them, only a tie across the
    last of them, whole (ties are never broken silently): with random ballots that is often
    13 rows or more, so a fixed row limit is the wrong check."""
    from workshop.ui.voting.projector import PROJECTOR_ROWS, projector_rows

    expected = projector_rows(results, min(results.cut, PROJECTOR_ROWS))
    if not drawn or tuple(drawn) != tuple(expected):
        raise AssertionError(f"the projector drew {len(drawn)} rows, not the top "
                             f"{PROJECTOR_ROWS} and the tie across them ({len(expected)})")
    tied = drawn[PROJECTOR_ROWS - 1].total if len(drawn) >= PROJECTOR_ROWS else None
    if any(row.total != tied for row in drawn[PROJECTOR_ROWS:]):
        raise AssertionError(f"the projector drew {len(drawn)} rows: more than the top "
                             f"{PROJECTOR_ROWS} and the tie across them")


def run(folder: Path, *, quick: bool) -> list[Result]:
    from workshop.ui import style
    from workshop.ui.app import create_app

    app = create_app()
    style.install_fonts(app)
    style.apply_stylesheet(app)
    return [*zoom_results(folder, app, quick=quick), *reveal_results(folder, app, quick=quick)]
