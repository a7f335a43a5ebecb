"""Idea cards and team sheets of a 1,000-idea workshop, each against a bare reportlab floor.

Cards and sheets fit text to room: a card's title is set as large as fits its card, a team
sheet's titles as large as fill the sheet. Done by trying layouts, that made them the
slowest outputs by far (about 7 ms a card). The floors set the same text once, at one size,
with nothing fitted:

- cards: on a canvas, six cards to an A4 sheet, each text a card prints (number, team,
  prompt, title, details, cluster) as one plain ``Paragraph`` in the card's base style,
  wrapped to the card's width and drawn at its place;
- team sheets: ``SimpleDocTemplate`` on A3, per team a heading, then each idea's title,
  details and cluster as plain ``Paragraph``s at the smallest wall sizes (24 pt titles).

The workshop has titles from a few characters to ~90 and details from none to ~250, in
Japanese and English, so that fitting has real work to do. Timing as in ``pdf_bench``:
CPU time, alternating runs after a warm-up, the garbage collector paused; the target
(≤ 2× the floor) is checked on the best run of each side, medians shown too.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from benchmarks.pairs import alternate, cpu_ms
from benchmarks.store_bench import Result
from workshop.export.cards import write_cards
from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.data import CardData, TeamSheetData
from workshop.export.pdf.fonts import JAPANESE, register_fonts
from workshop.export.pdf.reading import card_data, team_sheet_data
from workshop.export.sheets import write_team_sheets
from workshop.model import Cluster, Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore

IDEAS = 1_000
_TITLES = ("駅前にベンチを増やす", "子ども食堂の場所を知らせる掲示板を駅の改札前につくる",
           "バス停に屋根", "夜道の街灯を明るくして、女性や高校生が安心して帰れるようにする。"
           "特に駐輪場から住宅地までの道",
           "A covered market for rainy weekends",
           "Shaded benches and a book-swap shelf so that older people can rest in summer")
_DETAILS = ("", "夏でも涼しく座れる場所がほしい。図書館の分室や本の交換棚があるとうれしい。",
            "高齢者や子ども連れが安心して歩けるように、段差をなくしてほしい。" * 3,
            "Somewhere cool to sit in summer; a book-swap shelf would be welcome.")


def build_workshop(ideas: int = IDEAS) -> WorkshopStore:
    store = WorkshopStore.in_memory(Workshop(
        title="みなと市 駅前広場の未来を考える市民ワークショップ", languages=("ja", "en"),
        date="2026-11-14", start_time="13:30", end_time="16:30",
        platform_url="https://participation.minato.example/processes/station-square"))
    with store.transaction():
        prompts = [store.add(Prompt(text=f"問い{n + 1}：駅前広場でどんな一日を過ごしたいですか？",
                                    position=n)) for n in range(3)]
        teams = [store.add(Team(name=f"テーブル{n + 1}", members=8, position=n))
                 for n in range(10)]
        clusters = [store.add(Cluster(name=f"グループ{n + 1}", position=n)) for n in range(20)]
        for n in range(ideas):
            store.add(Idea(
                title=f"{_TITLES[n % len(_TITLES)]}（{n + 1}）",
                details=_DETAILS[n % len(_DETAILS)], prompt_id=prompts[n % 3].id,
                team_id=teams[n % 10].id,
                cluster_id=clusters[n % 20].id if n % 7 else None, position=n))
    return store


def _style(name: str, size: float) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=JAPANESE, fontSize=size, leading=size * 1.3,
                          wordWrap="CJK")


def write_card_floor(data: CardData, path: Path) -> None:
    """Six cards to an A4 sheet, each text once as a bare paragraph."""
    title, detail, meta = _style("t", 15), _style("d", 10.5), _style("m", 9)
    width, height = 93 * mm, 88 * mm
    canvas = Canvas(str(path), pagesize=A4)
    for index, idea in enumerate(data.ideas):
        if index and index % 6 == 0:
            canvas.showPage()
        row, column = divmod(index % 6, 2)
        x, top = 12 * mm + column * width, A4[1] - 12 * mm - row * height
        for text, style in ((str(idea.number), meta), (idea.team, meta), (idea.prompt, meta),
                            (idea.title, title), (idea.details, detail), (idea.cluster, meta)):
            if text:
                paragraph = Paragraph(escape(text), style)
                _w, used = paragraph.wrap(width - 10 * mm, height)
                top -= used
                paragraph.drawOn(canvas, x + 5 * mm, top)
    canvas.save()


def write_sheet_floor(data: TeamSheetData, path: Path) -> None:
    """Per team a heading, then each idea's title, details and cluster, on A3."""
    head, title, detail = _style("h", 60), _style("t", 24), _style("d", 15)
    story = []
    for team in data.teams:
        if story:
            story.append(PageBreak())
        story.append(Paragraph(escape(team.name), head))
        for idea in team.ideas:
            story.append(Paragraph(escape(f"{idea.number} {idea.title}"), title))
            for text in (idea.details, idea.cluster):
                if text:
                    story.append(Paragraph(escape(text), detail))
    SimpleDocTemplate(str(path), pagesize=A3, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=20 * mm, bottomMargin=18 * mm).build(story)




def _compare(name: str, output, floor, runs: int, details: dict) -> list[Result]:
    output()  # warm-up: imports, font subsets, caches on both sides
    floor()
    times, floor_times = alternate(runs, lambda: cpu_ms(output), lambda: cpu_ms(floor))
    best, best_floor = min(times), min(floor_times)
    median, median_floor = statistics.median(times), statistics.median(floor_times)
    details = {**details, "runs": runs, "cpu_ms": times, "floor_cpu_ms": floor_times}
    per_idea = median / IDEAS
    note = (f"{name}: {per_idea:.2f} ms an idea (median), the floor "
            f"{median_floor / IDEAS:.2f} ms.")
    return [
        Result(name, "best", best, best_floor, "≤ 2× floor", best <= 2 * best_floor, details),
        Result(name, "median", median, median_floor, "", None, details, note),
    ]


def run(folder: Path, *, quick: bool) -> list[Result]:
    register_fonts()
    store = build_workshop()
    runs = 3 if quick else 9
    settings = ExportSettings(lang="ja")
    try:
        cards, sheets = card_data(store), team_sheet_data(store, public=False)
        paths = {name: folder / f"{name}.pdf" for name in
                 ("cards", "cards-floor", "sheets", "sheets-floor")}
        results = _compare(
            f"idea cards, {IDEAS:,} ideas (CPU)",
            lambda: write_cards(store, paths["cards"], settings, Progress()),
            lambda: write_card_floor(cards, paths["cards-floor"]), runs, {"ideas": IDEAS})
        results += _compare(
            f"team sheets A3, {IDEAS:,} ideas (CPU)",
            lambda: write_team_sheets(store, paths["sheets"], settings, Progress()),
            lambda: write_sheet_floor(sheets, paths["sheets-floor"]), runs,
            {"ideas": IDEAS, "teams": len(sheets.teams)})
    finally:
        store.close()
    return results
