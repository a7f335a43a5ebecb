"""The PDF report of a 1,000-idea workshop, against a bare reportlab document of the same text.

The report (``write_report``: reading the store, the data fingerprint, layout with the
running header, "n / N", outline, chart, tables, QR code, and writing the file) is timed
against a floor built in the same run: ``SimpleDocTemplate`` with one plain ``Paragraph``
per piece of text the report prints (the same strings, the same embedded fonts with the
same fallback chain – a ``<font>`` run per character another font draws – and reportlab's
own CJK line breaking), written to a file in the same folder. The ratio is what the report's layout,
data reading and bookkeeping add to reportlab's own cost of setting that text.

Both sides are timed in CPU time of this process (``time.process_time``), alternating,
after a warm-up of each, with the garbage collector paused (as ``timeit`` does). The target
is checked on the best run of each side, as ``timeit`` advises: on the shared 2-core
machine this was written on, even CPU time moved by ±30 % from run to run with the other
processes' load (wall time more); medians and the median of the paired ratios are shown
too. Wall time, pages, peak Python allocations (``tracemalloc``, in one extra run, as
tracing slows everything down; not with ``--quick``) and the process's peak RSS are
reported in the note and the JSON details.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from benchmarks.pairs import alternate
from benchmarks.store_bench import Result
from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.data import ReportData
from workshop.export.pdf.fonts import JAPANESE, FontChain, register_fonts
from workshop.export.pdf.reading import report_data
from workshop.export.report import write_report
from workshop.model import (
    AgendaItem,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    NoteKind,
    Prompt,
    RoundStatus,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore

IDEAS = 1_000
# Some titles need the fallback chain: a name kanji only IPAmj明朝 has, Hangul, emoji.
_TITLES = ("駅前にベンチを増やす", "子ども食堂の場所を知らせる", "防災マップを多言語にする",
           "バス停に屋根をつける", "公民館にカフェをつくる", "夜道の街灯を明るくする",
           "𠮷野さんの朝市🐟を広場で開く", "案内板に한국어と中文も")
_DETAILS = ("夏でも涼しく座れる場所がほしい。図書館の分室や本の交換棚があるとうれしい。",
            "高齢者や子ども連れが安心して歩けるように、段差をなくしてほしい。", "")


def build_workshop(ideas: int = IDEAS) -> WorkshopStore:
    """A large workshop in memory: 3 prompts, 10 teams, 20 clusters, ``ideas`` ideas, a
    closed paper round over the first prompt's ideas, a few notes and an agenda."""
    store = WorkshopStore.in_memory(Workshop(
        title="みなと市 駅前広場の未来を考える市民ワークショップ（大規模版）",
        languages=("ja", "en"),
        date="2026-11-14", start_time="13:30", end_time="16:30", venue="みなと市民会館",
        organiser="みなと市 都市計画課", attendees=400,
        platform_url="https://participation.minato.example/processes/station-square"))
    with store.transaction():
        for n, minutes in enumerate((20, 40, 30, 15, 60)):
            store.add(AgendaItem(title=f"プログラム {n + 1}", minutes=minutes, position=n))
        prompts = [store.add(Prompt(text=f"問い{n + 1}：駅前広場でどんな一日を過ごしたいですか？",
                                    position=n)) for n in range(3)]
        teams = [store.add(Team(name=f"テーブル{n + 1}", members=8, position=n))
                 for n in range(10)]
        clusters = [store.add(Cluster(name=f"グループ{n + 1}", position=n)) for n in range(20)]
        added = []
        for n in range(ideas):
            added.append(store.add(Idea(
                title=f"{_TITLES[n % len(_TITLES)]}（{n + 1}）", details=_DETAILS[n % 3],
                prompt_id=prompts[n % 3].id, team_id=teams[n % 10].id,
                cluster_id=clusters[n % 20].id if n % 17 else None, position=n)))
        candidates = [i for i in added if i.prompt_id == prompts[0].id]
        vote_round = store.add(VoteRound(
            name="第1回 ドット投票", candidate_kind=CandidateKind.PROMPT, prompt_id=prompts[0].id,
            candidate_ids=tuple(i.id for i in candidates), dots_per_voter=3,
            status=RoundStatus.CLOSED, opened_at="2026-11-14T15:05:00+09:00",
            closed_at="2026-11-14T15:20:00+09:00", revealed_at="2026-11-14T15:21:00+09:00"))
        store.set_tallies(vote_round.id, {i.id: (n * 7) % 23 for n, i in enumerate(candidates)},
                          voters=380)
        for n, kind in enumerate(NoteKind):
            store.add(Note(kind=kind, text=f"全体討議のメモ {n + 1}：緑と交通の整理が二大テーマ。",
                           team_id=teams[n].id))
    return store


def report_texts(data: ReportData) -> list[str]:
    """Every piece of text the report prints, in its order (the floor sets the same)."""
    w = data.workshop
    texts = [w.title, w.description, w.date, w.venue, w.organiser, data.qr.url, data.qr.short]
    texts += [f"{a.start}–{a.end} {a.title} {a.minutes}" for a in data.agenda]
    for prompt in data.prompts:
        texts.append(prompt.text)
        for group in prompt.groups:
            texts.append(group.name)
            for idea in group.ideas:
                texts += [f"{idea.number} {idea.title}", f"{idea.details} {idea.team}"]
    for section in data.rounds:
        texts.append(section.name)
        texts += [f"{r.rank} {r.number} {r.title} {r.total}" for r in section.results[:15]]
        texts += [f"{r.rank} {r.number} {r.title} {r.total}" for r in section.results]
    texts += [f"{n.text} {n.about}" for n in data.notes]
    for team in data.teams:
        texts.append(team.name)
        texts += [f"{i.number} {i.title} {i.cluster}" for i in team.ideas]
    return [t for t in texts if t.strip()]


def floor_markup(text: str, chain: FontChain) -> str:
    """The plainest fallback: each character in the first font of the chain that has it,
    one ``<font>`` run per change of font (what any use of the same fonts must do)."""
    first = chain.glyphs(JAPANESE)
    if all(ord(char) in first for char in text):
        return escape(text)
    runs: list[list] = []
    for char in text:
        font = JAPANESE if ord(char) in first else next(
            (name for name in chain.names if ord(char) in chain.glyphs(name)), JAPANESE)
        if runs and runs[-1][0] == font:
            runs[-1][1] += char
        else:
            runs.append([font, char])
    return "".join(escape(chars) if font == JAPANESE else
                   f'<font face="{font}">{escape(chars)}</font>' for font, chars in runs)


def write_floor(texts: list[str], path: Path) -> None:
    """The bare reportlab document: one paragraph per text, in the report's Japanese font
    and the same fallback chain."""
    chain = register_fonts()
    style = ParagraphStyle("floor", fontName=JAPANESE, fontSize=9.5, leading=14,
                           wordWrap="CJK")
    story = [Paragraph(floor_markup(text, chain), style) for text in texts]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=20 * mm, bottomMargin=18 * mm).build(story)


def _peak_rss_mib() -> float | None:
    try:
        import resource  # Unix only
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes / KiB


def _pages(path: Path) -> int:
    return path.read_bytes().count(b"/Type /Page\n")


def bench_report(folder: Path, runs: int, *, trace_memory: bool) -> list[Result]:
    register_fonts()  # once per process for both sides, as in the app
    store = build_workshop()
    settings = ExportSettings(lang="ja")
    texts = report_texts(report_data(store, public=False))
    report_path, floor_path = folder / "report.pdf", folder / "floor.pdf"

    def timed(work) -> tuple[float, float]:
        """(CPU ms, wall ms): CPU time is what is compared, as it moves far less than wall
        time when other processes share the machine; wall time is what a person waits."""
        gc.collect()
        gc.disable()  # as timeit does: collections triggered by earlier runs add noise
        try:
            cpu, wall = time.process_time(), time.perf_counter()
            work()
            return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000
        finally:
            gc.enable()

    def report_once() -> None:
        write_report(store, report_path, settings, Progress())

    def floor_once() -> None:
        write_floor(texts, floor_path)

    peak = None
    try:
        report_once()  # warm-up: imports, font subsets, caches on both sides
        floor_once()
        report_times, floor_times = alternate(
            runs, lambda: timed(report_once), lambda: timed(floor_once))
        if trace_memory:
            tracemalloc.start()
            report_once()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    finally:
        store.close()

    cpu = [c for c, _w in report_times]
    cpu_floor = [c for c, _w in floor_times]
    wall = [w for _c, w in report_times]
    best, best_floor = min(cpu), min(cpu_floor)
    median, median_floor = statistics.median(cpu), statistics.median(cpu_floor)
    paired = statistics.median(r / f for r, f in zip(cpu, cpu_floor, strict=True))
    rss_mib = _peak_rss_mib()
    details = {
        "ideas": IDEAS,
        "runs": runs,
        "report_pages": _pages(report_path),
        "floor_pages": _pages(floor_path),
        "floor_paragraphs": len(texts),
        "report_cpu_ms": {"best": best, "median": median, "worst": max(cpu)},
        "floor_cpu_ms": {"best": best_floor, "median": median_floor, "worst": max(cpu_floor)},
        "median_of_paired_ratios": paired,
        "report_wall_ms": {"best": min(wall), "median": statistics.median(wall),
                           "worst": max(wall)},
        "floor_wall_ms": {"median": statistics.median(w for _c, w in floor_times)},
        "report_peak_python_mib": None if peak is None else peak / (1024 * 1024),
        "process_peak_rss_mib": rss_mib,
    }
    name = f"PDF report, {IDEAS:,} ideas (CPU)"
    memory = ("" if peak is None else
              f"peak Python memory {peak / (1024 * 1024):.0f} MiB while writing it, ")
    note = (f"{name}: {details['report_pages']} pages in "
            f"{statistics.median(wall) / 1000:.2f} s wall time (median); {memory}"
            f"process peak RSS {rss_mib or 0:.0f} MiB (the whole benchmark process); "
            f"median of paired ratios {paired:.2f}×.")
    return [
        # The least-disturbed run of each side is the target's measure (as timeit advises):
        # on a shared machine the medians of both sides move with other processes' load.
        Result(name, "best", best, best_floor, "≤ 1.5× floor", best <= 1.5 * best_floor,
               details),
        Result(name, "median", median, median_floor, "", None, details, note),
    ]


def run(folder: Path, *, quick: bool) -> list[Result]:
    return bench_report(folder, runs=3 if quick else 11, trace_memory=not quick)
