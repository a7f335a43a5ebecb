"""The HTML edition of the report for a 1,000-idea workshop, against plain string joins.

Two measurements, each against a floor built in the same run:

- **the page**: ``ReportPage.render`` on the report's data (every section, escaping, the
  language of each part, ids, the table of contents, the style sheet and its hash), the
  text encoded and written to a file, against the floor: every piece of text the PDF
  report prints (``pdf_bench.report_texts``, the same strings), each escaped
  (``html.escape``) in a ``<p>``, joined, encoded and written to a file in the same folder.
  The ratio is what the page's structure costs over the text itself.
- **the export**: ``write_report_html`` from the store (reading it, the data fingerprint,
  the page, writing the file) against the same floor plus ``report_data``: the ratio is
  what the whole edition adds to reading the data every report needs.

Timed in CPU time, alternating, after a warm-up, garbage collector paused; the target is
checked on the best run of each side (as in ``pdf_bench``; medians are shown too).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from benchmarks.pairs import alternate
from benchmarks.pdf_bench import IDEAS, build_workshop, report_texts
from benchmarks.store_bench import Result
from workshop.export.common import ExportSettings, Progress
from workshop.export.html.report import ReportPage
from workshop.export.pdf.reading import report_data
from workshop.export.report_html import write_report_html


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """(CPU ms, wall ms) of one call."""
    gc.collect()
    gc.disable()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
    finally:
        gc.enable()


def floor_page(texts: list[str], path: Path) -> None:
    path.write_bytes("".join([f"<p>{escape(text)}</p>\n" for text in texts]).encode("utf-8"))


def _rows(name: str, times: list[tuple[float, float]], floor: list[tuple[float, float]],
          target: float, details: dict) -> list[Result]:
    cpu, cpu_floor = [c for c, _w in times], [c for c, _w in floor]
    best, best_floor = min(cpu), min(cpu_floor)
    wall = statistics.median(w for _c, w in times)
    details = {**details, "cpu_ms": {"best": best, "median": statistics.median(cpu)},
               "floor_cpu_ms": {"best": best_floor, "median": statistics.median(cpu_floor)},
               "wall_ms_median": wall}
    return [
        Result(name, "best", best, best_floor, f"≤ {target:g}× floor",
               best <= target * best_floor, details),
        Result(name, "median", statistics.median(cpu), statistics.median(cpu_floor), "", None,
               details, f"{name}: {wall:.0f} ms wall time (median)."),
    ]


def bench_html(folder: Path, runs: int) -> list[Result]:
    store = build_workshop()
    settings = ExportSettings(lang="ja")
    page_path, floor_path = folder / "report.html", folder / "floor.html"
    try:
        data = report_data(store, public=False)
        texts = report_texts(data)

        def page_once() -> None:
            page_path.write_bytes(ReportPage(data, "ja").page())

        def floor_once() -> None:
            floor_page(texts, floor_path)

        def export_once() -> None:
            write_report_html(store, page_path, settings, Progress())

        def export_floor_once() -> None:
            floor_page(report_texts(report_data(store, public=False)), floor_path)

        for warm_up in (page_once, floor_once, export_once, export_floor_once):
            warm_up()
        page_times, page_floor = alternate(runs, lambda: _timed(page_once),
                                           lambda: _timed(floor_once))
        export_times, export_floor = alternate(runs, lambda: _timed(export_once),
                                               lambda: _timed(export_floor_once))
        details = {"ideas": IDEAS, "runs": runs, "texts": len(texts),
                   "page_bytes": page_path.stat().st_size,
                   "floor_bytes": floor_path.stat().st_size}
    finally:
        store.close()
    return [*_rows(f"HTML report page, {IDEAS:,} ideas (CPU)", page_times, page_floor, 4,
                   details),
            *_rows(f"HTML report export, {IDEAS:,} ideas (CPU)", export_times, export_floor,
                   1.5, details)]


def run(folder: Path, *, quick: bool) -> list[Result]:
    return bench_html(folder, runs=3 if quick else 11)
