"""The participant's page as it looks on a phone (Pixel 7), in both languages and at the
largest text size: every screen from joining to the results, checked for what a person
would see go wrong - sideways scrolling, things drawn over each other, text cut off by its
box, and controls too small to tap.

Screenshots of every screen: ``WORKSHOP_SCREENSHOTS=folder pytest tests/phones``.
"""

from __future__ import annotations

import pytest

from phones.test_page_browser import (  # noqa: F401 - fixtures used by name
    IDEA_JA,
    PhoneRoom,
    new_phone,
    phone_room,
    playwright_and_browser,
    shoot,
)

# 44 CSS pixels: the smallest comfortable target for a finger (WCAG 2.5.5, Apple HIG).
TAP = 44

# Run in the page: what looks wrong on the screen now. Each finding names the element, so
# a failure says where to look.
FIND_PROBLEMS = """() => {
  const problems = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
    + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"';
  const shown = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push('sideways scrolling: ' + root.scrollWidth + ' > ' + root.clientWidth);
  }
  // A finger's targets: buttons, fields, and the labels that carry a radio button.
  const targets = Array.from(document.querySelectorAll(
    'button, textarea, input:not([type=radio]), .choices label')).filter(shown);
  for (const el of targets) {
    const box = el.getBoundingClientRect();
    if (box.width < TAP || box.height < TAP) {
      problems.push('too small to tap: ' + name(el) + ' ' + Math.round(box.width) + 'x'
        + Math.round(box.height));
    }
  }
  // A candidate's "−" and "+" side by side, wherever its count goes.
  for (const stepper of Array.from(document.querySelectorAll('.stepper')).filter(shown)) {
    const tops = Array.from(stepper.querySelectorAll('button')).map(
      button => Math.round(button.getBoundingClientRect().top));
    if (new Set(tops).size > 1) { problems.push('steps apart: ' + name(stepper)); }
  }
  // Text cut off: a block whose content is wider than the box that shows it.
  const blocks = Array.from(document.querySelectorAll('body *')).filter(shown).filter(
    el => getComputedStyle(el).display !== 'inline' && el.clientWidth > 0);
  for (const el of blocks) {
    if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') { continue; }
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push('cut off sideways: ' + name(el) + ' ' + el.scrollWidth + ' > '
        + el.clientWidth);
    }
  }
  // Drawn over each other: the boxes of things a person reads or taps, where neither
  // holds the other.
  const things = Array.from(document.querySelectorAll(
    'h1, h2, h3, p, label, legend, button, input, textarea, output, .tag, .candidate-title,'
    + ' .idea-details, .cards li')).filter(shown);
  for (let i = 0; i < things.length; i++) {
    for (let j = i + 1; j < things.length; j++) {
      const a = things[i], b = things[j];
      if (a.contains(b) || b.contains(a)) { continue; }
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 1 && h > 1) { problems.push('overlap: ' + name(a) + ' / ' + name(b)); }
    }
  }
  return problems;
}""".replace("TAP", str(TAP))


def look(page, name: str) -> list[str]:
    # From the top: scrolled, the sticky count of remaining dots rightly covers the list.
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, name)
    return [f"{name}: {problem}" for problem in page.evaluate(FIND_PROBLEMS)]


@pytest.mark.parametrize("text", [100, 200], ids=lambda size: f"text{size}")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_screen_is_clear_and_tappable(new_phone, phone_room: PhoneRoom,  # noqa: F811
                                            lang, text):
    page = new_phone(locale="ja-JP" if lang == "ja" else "en-US", bypass_csp=True)
    page.goto(phone_room.base_url + "/")
    page.locator("#join-heading").wait_for()
    if text == 200:
        # A phone's largest text setting doubles the root font size (of the page's 112.5 %).
        page.add_style_tag(content="html { font-size: 225% !important; }")
    assert page.evaluate("document.documentElement.lang") == lang
    label = f"{lang}-{text}"
    problems = look(page, f"join-{label}")

    page.locator("#join-code").fill(phone_room.token)
    page.locator("#join-form button").tap()
    page.locator("#team-choices label").first.wait_for()
    problems += look(page, f"team-{label}")

    page.locator("#team-submit").tap()
    page.locator("#ideas-heading").wait_for()
    page.locator("#idea-title").fill(IDEA_JA)
    page.locator("#idea-details").fill("雨の日も自転車を置けるように")
    page.locator("#idea-form button[type=submit]").tap()
    page.locator("#idea-list li:not(.pending)").filter(has_text=IDEA_JA).wait_for()
    problems += look(page, f"ideas-{label}")

    phone_room.open_round(dots=3, cap=2, negative=1, allow_own_team=False)
    page.locator("#ballot-heading").filter(has_text=phone_room.round_name).wait_for()
    page.locator(f"#candidates button[data-candidate='{phone_room.other_team_idea_id}']"
                 "[data-step='1']").tap()
    problems += look(page, f"ballot-{label}")

    page.locator("#ballot-submit").tap()
    # Sent and saved: the outbox is empty and the ballot, cast, can no longer be cast.
    page.wait_for_function("() => !document.querySelector('#ballot-submit').offsetParent"
                           " && localStorage.getItem('workshop-phone.outbox') === '[]'")
    phone_room.close_and_reveal()
    page.locator("#results-heading").filter(has_text=phone_room.round_name).wait_for()
    problems += look(page, f"results-{label}")
    assert problems == []
    assert page.errors == []
