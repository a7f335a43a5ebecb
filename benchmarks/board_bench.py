"""Opening and filtering the Board page with 2,000 ideas, until it is painted.

Measured on the offscreen platform with the app's fonts and style sheet, over a real
workshop file: 2,000 ideas of one prompt from 7 teams, in 8 clusters and none.

- **open:** from creating the page to its first complete paint (``grab()``): reading the
  ideas, grouping them into columns, building the columns and painting the cards on screen.
- **filter:** one change of the filter (a word typed into the search, a team chosen, the
  search cleared, ...) until the page is painted again.
- **move:** one idea moved to another column (``BoardModel.move``, as a drop or a key
  does) until the change is durable and every notification is processed, on the demo and
  on boards of 2,000 and 20,000 ideas; the floor is the durable update of the same idea
  alone, on a copy of the file.

Floors, measured alternately in the same run: for **open**, the plainest Qt way to show
the same ideas (``store.ideas()`` into a ``QStandardItemModel`` behind a
``QSortFilterProxyModel`` in one ``QListView`` of the page's size, painted the same way);
for **filter**, that proxy's C++ fixed-string filter and a repaint. The core's own
``idea_matches`` loop over the 2,000 ideas (no Qt at all) is reported in the details.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.store_bench import _TITLES, Result, percentile

IDEAS = 2_000
SIZE = (1060, 700)  # the page's share of a 1280×800 window


def _make_workshop(path: Path, ideas: int = IDEAS) -> None:
    from workshop.board import CLUSTER_COLOURS
    from workshop.model import Cluster, Idea, Prompt, Team, Workshop
    from workshop.palette import TEAM_COLOURS
    from workshop.store import WorkshopStore

    with WorkshopStore.create(path, Workshop(title="ボード"), device_id="bench") as store:
        prompt = store.add(Prompt(text="10年後、駅前広場でどんな一日を過ごしたいですか？"))
        store.add(Prompt(text="いまの駅前広場で困っていることは？", position=1))
        teams = [store.add(Team(name=f"{chr(65 + n)} テーブル", colour=TEAM_COLOURS[n][0],
                                position=n)) for n in range(7)]
        clusters = [store.add(Cluster(name=f"グループ {n + 1}", colour=CLUSTER_COLOURS[n][0],
                                      position=n)) for n in range(8)]
        with store.transaction():
            for n in range(ideas):
                cluster = clusters[n % 9].id if n % 9 < 8 else None
                store.add(Idea(title=f"{_TITLES[n % len(_TITLES)]} {n}",
                               details="詳しくは付箋を参照。" if n % 3 == 0 else "",
                               prompt_id=prompt.id, team_id=teams[n % 7].id,
                               cluster_id=cluster, position=n))


def run(folder: Path, *, quick: bool) -> list[Result]:
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from workshop.board import IdeaFilter, idea_matches
    from workshop.i18n import gettext_for
    from workshop.model import Team
    from workshop.store import WorkshopStore
    from workshop.ui import style
    from workshop.ui.app import create_app
    from workshop.ui.board.page import BoardPage
    from workshop.ui.context import UiContext
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.session import Session
    from workshop.ui.settings import Settings

    app = create_app()
    style.install_fonts(app)
    style.apply_style(app)
    path = folder / "board.workshop"
    _make_workshop(path)
    store = WorkshopStore.open(path, device_id="bench")
    session = Session(store)
    ctx = UiContext(session, "ja", gettext_for("ja"), Settings(folder / "board.ini"),
                    Dialogs(gettext_for("ja")))
    team_id = store.list(Team)[2].id

    def settle() -> None:
        app.processEvents()  # deferred deletions and layout of the previous run

    def open_board() -> BoardPage:
        page = BoardPage(ctx)
        page.resize(*SIZE)
        page.show()
        page.grab()
        return page

    def open_floor() -> tuple[QListView, QSortFilterProxyModel]:
        model = QStandardItemModel()
        for idea in store.ideas():
            if not idea.merged_into_id:
                model.appendRow(QStandardItem(idea.title))
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        view = QListView()
        view.setUniformItemSizes(True)
        view.setModel(proxy)
        view._keep = (model, proxy)  # the view outlives this function
        view.resize(*SIZE)
        view.show()
        view.grab()
        return view, proxy

    def timed(fn):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        return (time.perf_counter() - started) * 1000, result

    runs = 5 if quick else 21
    open_ms, open_floor_ms = [], []
    for run_number in range(runs + 1):  # the first run of each warms caches and fonts
        order = [("board", open_board), ("floor", open_floor)]
        if run_number % 2:
            order.reverse()
        for name, fn in order:
            settle()
            elapsed, shown = timed(fn)
            if name == "board":
                if shown.board.counts() != (IDEAS, IDEAS):
                    raise AssertionError(f"the board shows {shown.board.counts()}")
                if run_number:
                    open_ms.append(elapsed)
                shown.close()
                shown.deleteLater()
            else:
                view, _proxy = shown
                if run_number:
                    open_floor_ms.append(elapsed)
                view.close()
                view.deleteLater()

    # Filtering: one page and one floor view stay open; each step is one change.
    settle()
    page = open_board()
    view, proxy = open_floor()
    steps = [("search", "ベンチ"), ("search", "ベンチ 1"), ("search", ""), ("team", team_id),
             ("search", "屋根"), ("team", None), ("search", "")]
    filter_ms, filter_floor_ms = [], []

    def board_step(kind: str, value) -> None:
        if kind == "search":
            page.filters.search.setText(value)
        else:
            filters = page.filters
            filters.team_box.setCurrentIndex(max(filters.team_choices.row_of(value), 0))
        page.grab()

    def floor_step(kind: str, value) -> None:
        proxy.setFilterFixedString(value if kind == "search" else "")
        view.grab()

    rounds = 2 if quick else 8
    for round_number in range(rounds + 1):
        for n, (kind, value) in enumerate(steps):
            order = [(board_step, filter_ms), (floor_step, filter_floor_ms)]
            if (round_number + n) % 2:
                order.reverse()
            for fn, times in order:
                elapsed, _ = timed(lambda fn=fn, kind=kind, value=value: fn(kind, value))
                if round_number:
                    times.append(elapsed)
    shown, total = page.board.counts()
    if (shown, total) != (IDEAS, IDEAS):
        raise AssertionError(f"after the last step the board shows {shown} of {total}")

    ideas = store.ideas()
    core_ms = []
    for text in ("ベンチ", "ベンチ 1", "屋根", ""):
        query = IdeaFilter(text=text, prompt_id=ideas[0].prompt_id)
        elapsed, _ = timed(lambda query=query: [i for i in ideas if idea_matches(i, query)])
        core_ms.append(elapsed)

    page.close()
    view.close()
    settle()
    session.close()

    details = {
        "ideas": IDEAS,
        "open_ms": {"median": statistics.median(open_ms), "max": max(open_ms)},
        "open_floor_ms": {"median": statistics.median(open_floor_ms),
                          "max": max(open_floor_ms)},
        "filter_ms": {"median": statistics.median(filter_ms),
                      "p90": percentile(filter_ms, 90), "max": max(filter_ms)},
        "filter_floor_ms": {"median": statistics.median(filter_floor_ms),
                            "max": max(filter_floor_ms)},
        "core_idea_matches_ms": {"median": statistics.median(core_ms), "max": max(core_ms)},
    }
    open_p90, filter_p90 = percentile(open_ms, 90), percentile(filter_ms, 90)
    moves = [r for ideas in MOVE_SIZES
             for r in _move_at(app, folder / f"move-{ideas}", ideas, 20 if quick else 100)]
    return [
        *moves,
        Result(f"open the board, {IDEAS:,} ideas", "median", statistics.median(open_ms),
               statistics.median(open_floor_ms), "", None, details),
        Result(f"open the board, {IDEAS:,} ideas", "p90", open_p90,
               percentile(open_floor_ms, 90), "≤ 100 ms", open_p90 <= 100.0, details),
        Result(f"filter the board, {IDEAS:,} ideas", "median", statistics.median(filter_ms),
               statistics.median(filter_floor_ms), "", None, details),
        Result(f"filter the board, {IDEAS:,} ideas", "p90", filter_p90,
               percentile(filter_floor_ms, 90), "≤ 100 ms", filter_p90 <= 100.0, details),
    ]


MOVE_SIZES = (0, 2_000, 20_000)  # 0: the demo workshop


def _move_at(app, folder: Path, ideas: int, iterations: int) -> list[Result]:
    import dataclasses

    from workshop.demo import create_demo
    from workshop.i18n import gettext_for
    from workshop.model import Idea
    from workshop.store import WorkshopStore
    from workshop.ui.board.page import BoardPage
    from workshop.ui.context import UiContext
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.session import Session
    from workshop.ui.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "board.workshop"
    if ideas:
        _make_workshop(path, ideas)
    else:
        create_demo(path, lang="ja", device_id="bench").close()
    floor_path = folder / "floor.workshop"
    with WorkshopStore.open(path, device_id="bench", read_only=True) as source:
        source.save_copy(floor_path)
    store = WorkshopStore.open(path, device_id="bench")
    floor = WorkshopStore.open(floor_path, device_id="bench")
    session = Session(store)
    ctx = UiContext(session, "ja", gettext_for("ja"), Settings(folder / "board.ini"),
                    Dialogs(gettext_for("ja")))
    page = BoardPage(ctx)
    page.resize(*SIZE)
    page.show()
    page.grab()
    board = page.board
    keys = board.column_keys()
    home = next(k for k in keys if board.column(k).rowCount())
    away = next(k for k in keys if k != home)
    idea_id = board.column(home).idea(0).id
    move_ms, floor_ms = [], []
    for n in range(iterations + 5):  # the first five warm up
        target = away if n % 2 == 0 else home
        gc.collect()
        started = time.perf_counter()
        moved = board.move([idea_id], target)
        board.session.flush()  # the move is queued: until the writer's ack has it shown
        app.processEvents()
        elapsed = (time.perf_counter() - started) * 1000
        if moved != 1 or board.column(target).row_of(idea_id) < 0:
            raise AssertionError("the idea must be shown in its new column")
        idea = floor.get(Idea, idea_id)
        started = time.perf_counter()
        floor.update(dataclasses.replace(idea, cluster_id=board.column(target).cluster.id
                                         if board.column(target).cluster else None))
        if n >= 5:
            move_ms.append(elapsed)
            floor_ms.append((time.perf_counter() - started) * 1000)
    page.close()
    page.deleteLater()
    app.processEvents()
    session.close()
    floor.close()
    name = "move an idea on the board, " + (f"{ideas:,} ideas" if ideas else "demo")
    p99 = percentile(move_ms, 99)
    return [
        Result(name, "p50", statistics.median(move_ms), statistics.median(floor_ms), "", None),
        Result(name, "p99", p99, percentile(floor_ms, 99),
               "≤ 50 ms" if ideas == 2_000 else "", p99 <= 50.0 if ideas == 2_000 else None),
    ]
