"""A chosen (checked) button shows all of its text. Qt lays a button's label out with the
font of its plain state; a style sheet that made the checked state bold drew the bolder
text into that narrower place, so the chosen team's name on the Capture page lost its
last letter ("1 Table A" showed "1 Table" and half an "A" at 150 %). A state may change
colours, not the font."""

from __future__ import annotations

import re

from workshop.ui.style import STYLESHEET

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
STATES = re.compile(r":(checked|hover|focus|pressed|selected|default|disabled|on|off)\b")


def test_no_state_of_a_widget_changes_its_font():
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.DOTALL)
    rules = RULE.findall(text)
    assert any("QPushButton:checked" in selector for selector, _ in rules)  # parsed
    changing = [selector.strip() for selector, body in rules
                if STATES.search(selector) and re.search(r"\bfont(-\w+)?\s*:", body)]
    assert changing == []
