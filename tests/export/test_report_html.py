"""The HTML edition of the report, read back with a parser: structure, language, tables,
alt text, every idea exactly, hostile text kept as text, the security policy."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from workshop.errors import InputError
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.export.pdf.reading import report_data
from workshop.export.report_html import report_html, write_report_html
from workshop.model import (
    CandidateKind,
    Idea,
    Note,
    NoteKind,
    Photo,
    Prompt,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore
from workshop.voting import close_round, open_round, reveal_round, set_paper_tally

from .conftest import LONG_EN, LONG_JA, big_workshop, photo
from .htmlcheck import Element, parse

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "Tom & Jerry's \"quoted\" &amp; <b>bold</b>",
    "\u202eevil\u202c right-to-left override",
    "\u2067isolate without end",
    "</li></ol><h1>fake heading</h1>",
    "{count} {0} %s",
    "ساحة المحطة <b>1</b>",
]


def page(store, lang="ja", **settings) -> tuple[Element, str]:
    content, _warnings = report_html(store, ExportSettings(lang=lang, **settings))
    text = content.decode("utf-8")
    return parse(text)[0], text


def headings(root: Element) -> list[tuple[int, str]]:
    return [(int(e.tag[1]), e.text) for e in root.iter()
            if re.fullmatch(r"h[1-6]", e.tag)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_headings_are_real_and_in_order(demo_ja, demo_en, lang):
    store = demo_ja if lang == "ja" else demo_en
    root, text = page(store, lang)
    assert text.startswith("<!DOCTYPE html>")
    found = headings(root)
    assert [level for level, _text in found].count(1) == 1
    assert found[0] == (1, store.workshop().title)
    for (before, _), (after, heading) in itertools.pairwise(found):
        assert after <= before + 1, f"h{before} then h{after} ({heading})"
    (html,) = root.find("html")
    assert html.attrs["lang"] == lang
    (title,) = root.find("title")
    assert store.workshop().title in title.text


def test_contents_link_to_every_section_and_ids_are_unique(demo_ja):
    root, _text = page(demo_ja)
    ids = [e.attrs["id"] for e in root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    (nav,) = root.find("nav")
    targets = [a.attrs["href"] for a in nav.iter("a")]
    assert targets and all(t[1:] in ids for t in targets)
    sections = [s.attrs["aria-labelledby"] for s in root.iter("section")]
    assert [t[1:] for t in targets if t[1:] in sections] == sections
    assert sections == ["overview", "programme", "results", "notes", "next", "contact",
                        "appendix"]
    for link in root.iter("a"):  # every in-page link lands somewhere
        if link.attrs["href"].startswith("#"):
            assert link.attrs["href"][1:] in ids


def test_every_table_has_header_cells_with_scope(demo_ja):
    root, _text = page(demo_ja)
    tables = list(root.iter("table"))
    assert len(tables) >= 4
    for table in tables:
        assert table.find("th")
        assert all(th.attrs.get("scope") in ("row", "col") for th in table.iter("th"))
    results = next(t for t in tables if t.attrs.get("id", "").endswith("-results"))
    (caption,) = results.find("caption")
    assert caption.text == "順位表"
    assert {th.attrs["scope"] for th in results.find("thead")[0].iter("th")} == {"col"}


def test_every_idea_is_there_exactly(demo_ja):
    prompt = demo_ja.list(Prompt)[0]
    demo_ja.add(Idea(title=LONG_JA, details="一行目\n二行目\t（タブ）  二つの空白",
                     prompt_id=prompt.id))
    root, _text = page(demo_ja)
    data = report_data(demo_ja, public=False)
    items = {li.attrs["id"]: li for li in root.iter("li") if "id" in li.attrs}
    for idea in data.ideas:
        li = items[f"idea-{idea.number}"]
        assert li.attrs["value"] == str(idea.number)
        (title,) = li.by_class("idea-title")
        assert title.text == idea.title
        details = li.by_class("details")
        assert [d.text for d in details] == ([idea.details] if idea.details else [])
        if idea.team:
            assert idea.team in li.by_class("byline")[0].text
    # and once more in the appendix, by team, with the same numbers
    appendix = next(s for s in root.iter("section") if s.attrs["aria-labelledby"] == "appendix")
    listed = {li.attrs["value"]: li.text for li in appendix.iter("li")}
    assert listed == {str(i.number): i.title for i in data.ideas}


def test_the_vote_chart_has_a_text_equivalent(demo_ja):
    root, _text = page(demo_ja)
    data = report_data(demo_ja, public=False)
    section = next(r for r in data.rounds if r.results)
    (chart,) = [e for e in root.iter("div") if e.attrs.get("role") == "img"]
    assert "順位表" in chart.attrs["aria-label"]
    table = next(t for t in root.iter("table") if t.attrs.get("id", "").endswith("-results"))
    rows = table.find("tbody")[0].find("tr")
    assert len(rows) == len(section.results)
    for row, result in zip(rows, section.results, strict=True):
        (name,) = row.find("th")
        assert name.attrs["scope"] == "row"
        assert name.text == result.title
        assert row.find("td")[-1].text == str(result.total)


def test_photos_have_alt_text_with_caption_and_team(store, team):
    store.add(photo("模造紙のまとめ", team_id=team.id))
    store.add(photo(""))
    root, _text = page(store)
    images = list(root.iter("img"))
    assert [i.attrs["alt"] for i in images] == ["写真1　模造紙のまとめ（Table A）", "写真2"]
    for image in images:
        assert image.attrs["src"].startswith("data:image/jpeg;base64,")
    captions = [f.text for f in root.iter("figcaption") if f.parent.tag == "figure"
                and f.parent.find("img")]
    assert captions == ["写真1 模造紙のまとめ（Table A）", "写真2"]


def test_large_photos_are_downscaled_and_damaged_ones_left_out(store):
    big = io.BytesIO()
    Image.new("RGB", (2000, 1500), "#e15759").save(big, "JPEG")
    store.add(Photo(caption="big", data=big.getvalue(), width=2000, height=1500))
    store.add(Photo(caption="broken", data=b"not an image", width=10, height=10))
    content, warnings = report_html(store, ExportSettings(lang="en"))
    root = parse(content.decode())[0]
    (image,) = root.iter("img")
    data = base64.b64decode(image.attrs["src"].split(",", 1)[1])
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.size == (1200, 900)
    assert (image.attrs["width"], image.attrs["height"]) == ("1200", "900")
    assert [w.render("en") for w in warnings] == [
        "A photo could not be read and is left out of the report: broken"]


def test_hostile_text_stays_text(tmp_path):
    store = WorkshopStore.in_memory(Workshop(
        title=HOSTILE[0], description=HOSTILE[2], venue=HOSTILE[1], organiser=HOSTILE[3],
        languages=("en",), platform_url='https://example.org/?q="><script>alert(1)</script>'))
    prompt = store.add(Prompt(text=HOSTILE[5]))
    team = store.add(Team(name=HOSTILE[4]))
    for n, text in enumerate(HOSTILE):
        store.add(Idea(title=text, details=HOSTILE[-1 - n], prompt_id=prompt.id,
                       team_id=team.id, position=n))
    store.add(Note(kind=NoteKind.DECISION, text=HOSTILE[1]))
    store.add(photo(HOSTILE[0], team_id=team.id))
    path = tmp_path / "hostile.html"
    write_report_html(store, path, ExportSettings(lang="en"))
    text = path.read_text(encoding="utf-8")
    root, _doctype = parse(text)
    assert not root.find("script")
    assert len(root.find("h1")) == 1
    assert not [e for e in root.iter() if any(a.startswith("on") or a == "style"
                                              for a in e.attrs)]
    assert not [a for a in root.iter("a") if not a.attrs["href"].startswith(("#", "http"))]
    assert 'https://example.org/?q="><script>alert(1)</script>' in [
        a.attrs["href"] for a in root.iter("a")]
    stored = report_data(store, public=False)
    titles = [e.text for e in root.by_class("idea-title")]
    assert titles == [i.title for i in stored.ideas]
    assert root.find("h1")[0].text == HOSTILE[0]
    assert [e.attrs["alt"] for e in root.iter("img")] == [
        f"Photo 1  {HOSTILE[0]} ({stored.teams[0].name})"]
    # Text with direction controls sits in a <bdi> of its own.
    for element in root.iter():
        own = "".join(c for c in element.children if isinstance(c, str))
        if re.search("[\u202a-\u202e\u2066-\u2069]", own):
            assert element.tag == "bdi" or element.tag in ("p", "h1", "h2", "h3", "h4",
                                                           "td", "th", "li", "title"), element
    # Right-to-left text is isolated too: it cannot carry the numbers around it along.
    (arabic,) = [e for e in root.by_class("idea-title") if e.text == HOSTILE[-1]]
    assert arabic.tag == "bdi"


def test_policy_allows_only_the_style_sheet_by_its_hash(demo_en):
    root, _text = page(demo_en, "en")
    (meta,) = [m for m in root.iter("meta")
               if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in meta.attrs["content"].split(";"))
    (style,) = root.find("style")
    digest = base64.b64encode(hashlib.sha256(style.text.encode()).digest()).decode()
    assert policy == {"default-src": "'none'", "style-src": f"'sha256-{digest}'",
                      "img-src": "data:", "base-uri": "'none'", "form-action": "'none'"}
    assert not root.find("script") and not root.find("link")


def test_parts_in_another_language_say_so(demo_ja):
    # A Japanese workshop's report with English labels: its ideas are marked Japanese.
    prompt = demo_ja.list(Prompt)[0]
    demo_ja.add(Idea(title="Free Wi-Fi", prompt_id=prompt.id))
    root, _text = page(demo_ja, "en")
    assert root.find("html")[0].attrs["lang"] == "en"
    data = report_data(demo_ja, public=False)
    titles = {e.text: e for e in root.by_class("idea-title")}
    for idea in data.ideas:
        expected = "en" if idea.title == "Free Wi-Fi" else "ja"
        assert titles[idea.title].lang() == expected, idea.title
    assert root.find("h1")[0].attrs["lang"] == "ja"
    # and in a Japanese report, the English title is marked English
    root, _text = page(demo_ja, "ja")
    titles = {e.text: e for e in root.by_class("idea-title")}
    assert titles["Free Wi-Fi"].lang() == "en"
    assert titles[data.ideas[0].title].lang() == "ja"


def test_public_version_leaves_out_internal_notes_and_photos(store, team):
    store.add(Note(kind=NoteKind.NOTE, text="shared note"))
    store.add(Note(kind=NoteKind.NOTE, text="internal note", internal=True))
    store.add(photo("internal photo", internal=True))
    _root, internal = page(store, "en")
    _root, public = page(store, "en", public=True)
    assert "internal note" in internal and "internal photo" in internal
    assert "shared note" in public
    assert "internal note" not in public and "internal photo" not in public
    assert "Public version" in public


def test_cancel_leaves_no_file(tmp_path, store):
    store.add(photo("a"))
    path = tmp_path / "report.html"
    with pytest.raises(Cancelled):
        write_report_html(store, path, ExportSettings(lang="en"),
                          Progress(is_cancelled=lambda: True))
    assert list(tmp_path.iterdir()) == []


def test_vote_results_with_paper_and_laptop(store, team, prompt):
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, team_id=team.id))
             for n in range(3)]
    vote = store.add(VoteRound(name="Round", candidate_kind=CandidateKind.ALL,
                               dots_per_voter=3))
    open_round(store, vote.id)
    set_paper_tally(store, vote.id, {ideas[0].id: 4, ideas[1].id: 4, ideas[2].id: 1},
                    voters=3, confirmed=True)
    close_round(store, vote.id)
    reveal_round(store, vote.id)
    root, _text = page(store, "en")
    table = next(t for t in root.iter("table") if t.attrs.get("id", "").endswith("-results"))
    rows = [[c.text for c in tr.children if isinstance(c, Element)]
            for tr in table.find("tbody")[0].find("tr")]
    assert [row[2] for row in rows] == ["Idea 0", "Idea 1", "Idea 2"]
    assert [row[-1] for row in rows] == ["4", "4", "1"]


def test_a_thousand_ideas(tmp_path):
    store = big_workshop(1000, lang="en")
    root, text = page(store, "en")
    assert len(root.by_class("idea-title")) == 1000
    assert LONG_EN not in text


def test_only_web_addresses_become_links():
    from workshop.export.html.markup import web_link
    assert web_link("https://example.org/a?b=c")
    assert web_link("HTTP://example.org")
    assert not web_link("javascript:alert(1)")
    assert not web_link(" javascript:alert(1)")
    assert not web_link("data:text/html,<script>")
    assert not web_link("https:///nohost")


def test_only_colours_reach_the_style_sheet():
    from workshop.export.html.markup import colour
    assert colour("#4E79A7") == "#4e79a7"
    assert colour("red;}</style><script>") is None
    assert colour("#4e79a7; x") is None


def test_the_command_line_writes_the_page(tmp_path):
    import os
    import subprocess
    import sys

    from workshop.demo import create_demo

    workshop = tmp_path / "demo.workshop"
    with create_demo(workshop, lang="ja", device_id="test") as store:
        store.add(Note(kind=NoteKind.NOTE, text="内部メモ：予算は未確定", internal=True))
    out = tmp_path / "out" / "report.html"
    environment = {**os.environ, "LANG": "en_GB.UTF-8"}
    for name in ("LANGUAGE", "LC_ALL"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "export", str(workshop), "--html", str(out),
         "--lang", "en", "--public"],
        capture_output=True, text=True, env=environment, timeout=180)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}"
    root, _doctype = parse(out.read_text(encoding="utf-8"))
    assert root.find("html")[0].attrs["lang"] == "en"
    assert "Public version" in root.find("header")[0].text
    assert "内部メモ" not in out.read_text(encoding="utf-8")


TYPED = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@given(title=TYPED, details=TYPED, team=TYPED)
@settings(max_examples=60, deadline=None)
def test_any_typed_text_reads_back_as_typed(title, details, team):
    store = WorkshopStore.in_memory(Workshop(title=title, languages=("en",)))
    try:
        prompt = store.add(Prompt(text=details))
        try:
            added = store.add(Team(name=team))
            store.add(Idea(title=title, details=details, prompt_id=prompt.id,
                           team_id=added.id))
        except InputError:  # blank after cleaning: nothing to print
            return
        data = report_data(store, public=False)
        root, _text = page(store, "en")
    finally:
        store.close()
    (idea,) = data.ideas
    assert not root.find("script") and len(root.find("h1")) == 1
    assert root.find("h1")[0].text == data.workshop.title
    assert root.find("h3")[0].text == f"Prompt 1: {data.prompts[0].text}"
    (shown,) = root.by_class("idea-title")
    assert shown.text == idea.title
    assert [d.text for d in root.by_class("details")] == [idea.details]
    assert idea.team in root.by_class("byline")[0].text
