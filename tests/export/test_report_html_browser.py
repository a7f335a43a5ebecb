"""The HTML report in a real browser: axe-core finds no WCAG 2 A/AA violation, the page
reflows at 200 % zoom and at 320 CSS pixels, and its security policy lets the page itself
in (style sheet, photos) and nothing else.

Screenshots of what is checked: ``WORKSHOP_SCREENSHOTS=folder pytest tests/browser``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workshop.export.common import ExportSettings
from workshop.export.report_html import write_report_html
from workshop.model import Idea, Note, NoteKind, Photo, Prompt, Team, Workshop
from workshop.store import WorkshopStore

from .browser import axe_script, chromium
from .conftest import LONG_EN, LONG_JA, demo_store, jpeg, photo


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def axe_source():
    return axe_script()


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ACCENT = "rgb(29, 78, 137)"  # the style sheet's heading colour: proof that it applied


def demo_page(tmp_path: Path, lang: str, *, content: str | None = None) -> Path:
    """The demo report with two photos, in ``lang``, its content in ``content``'s language
    (by default the same: a Japanese workshop's report in English has Japanese ideas)."""
    store = demo_store(content or lang)
    team = store.list(Team)[0]
    store.add(photo("模造紙のまとめ" if (content or lang) == "ja" else "The team's sheet",
                    team_id=team.id))
    store.add(photo("", internal=True))
    path = tmp_path / f"report-{lang}.html"
    write_report_html(store, path, ExportSettings(lang=lang))
    store.close()
    return path


def awkward_page(tmp_path: Path) -> Path:
    """Long unbroken words and URLs, a wide photo, many columns: what breaks reflow."""
    store = WorkshopStore.in_memory(Workshop(
        title="https://example.org/" + "a" * 120, languages=("en",),
        venue="Rathausplatz" * 12, platform_url="https://example.org/" + "x" * 150))
    prompt = store.add(Prompt(text="W" * 200))
    team = store.add(Team(name="T" * 80))
    store.add(Idea(title=LONG_EN.replace(" ", ""), details=LONG_JA * 2, prompt_id=prompt.id,
                   team_id=team.id))
    store.add(Note(kind=NoteKind.DECISION, text="https://example.org/" + "y" * 200))
    store.add(Photo(caption="wide", data=jpeg(3000, 400), width=3000, height=400))
    path = tmp_path / "awkward.html"
    write_report_html(store, path, ExportSettings(lang="en"))
    store.close()
    return path


def shoot(page, name: str) -> None:
    folder = os.environ.get("WORKSHOP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def axe_violations(browser, axe_source: str, path: Path) -> list[dict]:
    # axe is injected past the page's policy (which rightly refuses any script).
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})", WCAG_AA)
        assert result["passes"], "axe ran no check"
        return [{"id": v["id"], "help": v["help"],
                 "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
                for v in result["violations"]]
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "content"), [("ja", "ja"), ("en", "en"), ("en", "ja")])
def test_axe_finds_no_violations_at_wcag_2_aa(browser, axe_source, tmp_path, lang, content):
    path = demo_page(tmp_path, lang, content=content)
    assert axe_violations(browser, axe_source, path) == []


def scroll_width(browser, path: Path, width: int, scale: int, name: str) -> tuple[int, int]:
    context = browser.new_context(viewport={"width": width, "height": 800 // scale},
                                  device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        shoot(page, name)
        return tuple(page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_200_percent_zoom_at_1280_pixels_needs_no_horizontal_scrolling(browser, tmp_path,
                                                                       lang):
    # 200 % of a 1280-pixel window is a 640-CSS-pixel viewport at twice the density.
    path = demo_page(tmp_path, lang)
    scroll_width(browser, path, 1280, 1, f"report-{lang}-100")
    content, viewport = scroll_width(browser, path, 640, 2, f"report-{lang}-200")
    assert viewport == 640
    assert content <= viewport


def test_awkward_content_reflows_at_320_css_pixels(browser, tmp_path):
    path = awkward_page(tmp_path)
    content, viewport = scroll_width(browser, path, 320, 1, "awkward-320")
    assert content <= viewport


def test_policy_admits_the_style_sheet_and_photos_and_nothing_else(browser, tmp_path):
    path = demo_page(tmp_path, "ja")
    context = browser.new_context()
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(path.as_uri())
        state = page.evaluate("""() => ({
            heading: getComputedStyle(document.querySelector('h2')).color,
            images: [...document.images].map(i => i.complete && i.naturalWidth > 0),
            scripts: document.scripts.length,
            policy: document.querySelector('meta[http-equiv]').content,
        })""")
        # A script slipped into the page would be refused by the policy.
        page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'document.body.dataset.ran = 1'; document.head.append(s); }""")
        ran = page.evaluate("document.body.dataset.ran")
    finally:
        context.close()
    assert state["heading"] == ACCENT
    assert state["images"] == [True, True]
    assert state["scripts"] == 0
    assert "default-src 'none'" in state["policy"]
    assert ran is None
    assert [m for m in messages if "Content Security Policy" in m] != []  # the refused script
    assert not [m for m in messages if "Content Security Policy" in m and "style" in m]


def test_bars_stay_visible_in_a_contrast_theme(browser, tmp_path):
    # Windows' contrast themes (forced colours) drop backgrounds, which would empty the bars.
    path = demo_page(tmp_path, "en")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.emulate_media(forced_colors="active", color_scheme="dark")
        page.goto(path.as_uri())
        fill, text = page.evaluate("""() => [
            getComputedStyle(document.querySelector('.fill')).backgroundColor,
            getComputedStyle(document.querySelector('.bars .num')).color]""")
    finally:
        context.close()
    assert fill == text  # the bars are drawn in the theme's text colour
    assert fill not in ("rgba(0, 0, 0, 0)", "transparent")
