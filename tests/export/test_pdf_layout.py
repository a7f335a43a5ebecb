"""The report as a city expects it: its chapters in order, 開催概要, type sizes, photos in a
grid, house style, QR codes sized for where the paper is read – read back from the PDF."""

from __future__ import annotations

import dataclasses
import re

from pypdf import PdfReader
from reportlab.lib.units import mm

from workshop.export.common import ExportSettings
from workshop.export.pdf.qr import ARM_LENGTH_MODULE
from workshop.export.report import write_report
from workshop.model import Idea, Photo, Prompt, Team

from .conftest import LONG_JA, jpeg, photo
from .pdfcheck import flat, page_texts, pdf_text, qr_modules, text_sizes

JA_CHAPTERS = ("目次", "開催概要", "プログラム", "結果", "問い1：", "問い2：",
               "決定事項・対応事項・残された課題", "写真", "今後の予定", "問い合わせ先",
               "付録：チーム別の全アイデア")


def write(store, path, lang="ja", **settings):
    return write_report(store, path, ExportSettings(lang=lang, **settings), invariant=True)


def with_photos(store, count=5):
    teams = store.list(Team)
    for n in range(count):
        store.add(Photo(caption=f"模造紙{n + 1}", data=jpeg(colour=f"#4{n}79a7"), width=320,
                        height=200, team_id=teams[n % len(teams)].id))


def headings(path) -> list[str]:
    """Text set as a chapter (18 pt) or prompt (14 pt) heading, in reading order, after
    the contents page."""
    return [text.strip() for page, text, size in text_sizes(path)
            if page > 1 and size >= 14 and text.strip()]


def test_the_chapters_come_in_the_order_of_a_municipal_report(tmp_path, demo_ja):
    with_photos(demo_ja)
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    order = [next((h for h in JA_CHAPTERS if line == h or line.startswith(h)), line)
             for line in headings(path)]
    chapters = [line for line in order if line in JA_CHAPTERS]
    assert chapters == list(JA_CHAPTERS)
    # The contents page lists them with page numbers.
    contents = page_texts(path)[1]
    for chapter in JA_CHAPTERS[1:]:
        assert chapter in contents, chapter


def test_the_cover_has_the_facts_a_city_looks_for(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    cover = flat(page_texts(path)[0])
    for expected in ("ワークショップ報告書", "みなと市 駅前広場の未来を考える市民ワークショップ",
                     "2026年（令和8年）11月14日（土）", "13:30–16:30",
                     "みなと市民会館 2階 大会議室", "主催 みなと市 都市計画課",
                     "共催 みなと市まちづくり協議会"):
        assert expected in cover, expected
    # The organiser is set large (prominent), the facts below the title.
    sizes = {text.strip(): size for page, text, size in text_sizes(path) if page == 1}
    organiser = next(size for text, size in sizes.items() if "都市計画課" in text)
    assert organiser >= 18


def test_overview_is_a_labelled_table_with_units(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    text = flat(pdf_text(path))
    overview = text.split("開催概要", 2)[2]
    for label, value in (("日時", "2026年（令和8年）11月14日（土） 13:30–16:30"),
                         ("会場", "みなと市民会館"), ("主催", "みなと市 都市計画課"),
                         ("共催", "みなと市まちづくり協議会"), ("参加者数", "38人（7チーム）"),
                         ("運営", "Code for Minato（ファシリテーター4人）"),
                         ("テーマ", "みなと市が進める駅前広場の再整備")):
        assert re.search(f"{label} {re.escape(value)}", overview), label


def test_without_the_japanese_era_and_closing_facts_they_are_left_out(tmp_path, demo_ja):
    w = demo_ja.workshop()
    demo_ja.update(dataclasses.replace(w, era_dates=False, next_steps="", contact="",
                                       co_organiser=""))
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    text = pdf_text(path)
    assert "令和" not in text and "2026年11月14日（土）" in text
    assert "今後の予定" not in text and "問い合わせ先" not in text and "共催" not in text


def test_next_steps_and_contact_close_the_report_line_by_line(tmp_path, demo_en):
    path = tmp_path / "report.pdf"
    write(demo_en, path, "en")
    text = pdf_text(path)
    steps = text.split("\nNext steps\n", 1)[1]
    assert steps.index("January 2027: results published") < steps.index("March 2027")
    contact = text.split("\nContact\n", 1)[1]
    assert "Phone 045-000-0000 (weekdays 8:30–17:15)" in contact


def test_nothing_a_reader_must_read_is_under_nine_points(tmp_path, demo_ja):
    with_photos(demo_ja, 2)
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    sizes = text_sizes(path)
    small = [(page, text, size) for page, text, size in sizes if size < 9]
    assert not small, small[:5]
    # Body text (an idea's details) is 10.5 pt.
    by_size: dict[float, str] = {}
    for _page, text, size in sizes:
        by_size[size] = by_size.get(size, "") + text
    assert "夏でも涼しく座れる場所" in "".join(t for size, t in by_size.items() if size >= 10.5)
    assert "夏でも涼しく座れる場所" not in "".join(t for size, t in by_size.items()
                                            if size < 10.5)


def test_photos_several_to_a_page_numbered_with_the_team(tmp_path, demo_ja):
    with_photos(demo_ja, 5)
    idea = demo_ja.list(Idea)[0]
    demo_ja.add(Photo(caption="付箋の接写", data=photo("x").data, width=320, height=200,
                      idea_id=idea.id))
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    pages = page_texts(path)
    (first,) = [n for n, page in enumerate(pages) if "写真1 模造紙1" in page]
    assert all(f"写真{n}" in pages[first] for n in range(1, 5))
    text = flat("".join(pages))
    assert "写真1 模造紙1（A テーブル）" in text
    assert "写真6 付箋の接写（A テーブル・1. 木陰のベンチで本が読める広場）" in text
    assert len(images_on(PdfReader(path).pages[first]["/Resources"])) >= 4


def images_on(resources) -> list:
    """The images a page draws, also those inside forms (reportlab wraps each in one)."""
    found = []
    for xobject in (resources.get_object().get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
        elif "/Resources" in xobject:
            found += images_on(xobject["/Resources"])
    return found


def test_japanese_house_style(tmp_path, demo_ja):
    prompt = demo_ja.list(Prompt)[0]
    team = demo_ja.list(Team)[0]
    demo_ja.add(Idea(title="表から貼った案", details="列1\t列2\t列3", prompt_id=prompt.id,
                     team_id=team.id))
    path = tmp_path / "report.pdf"
    assert write(demo_ja, path) == []  # a tab is no missing character
    text = flat(pdf_text(path))
    assert "列1 列2 列3（A テーブル）" in text
    assert "·" not in text and "=1" not in text
    assert "同率1位" in text and "38人（7チーム）" in text


def test_an_a3_report_keeps_lines_of_readable_length(tmp_path, demo_ja):
    prompt = demo_ja.list(Prompt)[0]
    demo_ja.add(Idea(title="長い案", details=LONG_JA * 2, prompt_id=prompt.id))
    path = tmp_path / "report.pdf"
    write(demo_ja, path, paper="a3")
    text = pdf_text(path)
    lines = [line.strip() for line in text.splitlines()
             if any(part in line for part in (LONG_JA[:6], LONG_JA[20:26], LONG_JA[40:46]))]
    # Two columns of ~33 characters, not one of 70 across the A3 page.
    assert len(lines) >= 4 and max(map(len, lines)) <= 40, lines
    assert flat(text).count(LONG_JA * 2) == 1


def test_the_cover_code_has_modules_for_arms_length_and_is_a_link(tmp_path, demo_ja):
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    ((text, module),) = qr_modules(path, tmp_path, first=1, last=1)[1]
    assert text.endswith("#data=" + text[-19:])
    assert module >= ARM_LENGTH_MODULE / mm - 0.02  # 0.8 mm, less a pixel's rounding
    annotations = [a.get_object() for a in PdfReader(path).pages[0]["/Annots"]]
    assert all(a["/A"]["/URI"] == demo_ja.workshop().platform_url for a in annotations)


def test_without_a_url_the_cover_says_the_code_opens_nothing(tmp_path, demo_ja):
    demo_ja.update(dataclasses.replace(demo_ja.workshop(), platform_url=""))
    path = tmp_path / "report.pdf"
    write(demo_ja, path)
    cover = flat(page_texts(path)[0])
    assert "ウェブページは開きません" in cover and "結果を公開しているページ" not in cover
    ((text, module),) = qr_modules(path, tmp_path, first=1, last=1)[1]
    assert re.fullmatch(r"workshop-data=[0-9a-f]{4}(-[0-9a-f]{4}){3}", text)
    assert module >= 0.78
