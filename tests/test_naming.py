"""File names suggested from a workshop's title."""

import pytest

from workshop.naming import MAX_STEM, suggested_file_name


@pytest.mark.parametrize(("title", "name"), [
    ("みなと市 駅前広場の未来を考える市民ワークショップ",
     "みなと市 駅前広場の未来を考える市民ワークショップ.workshop"),
    ("Station square: what next?", "Station square what next.workshop"),
    ('a/b\\c<d>e|f"g*h', "a b c d e f g h.workshop"),
    ("  tabs\tand\nlines  ", "tabs and lines.workshop"),
    ("...", "workshop.workshop"),
    ("", "workshop.workshop"),
    ("CON", "workshop-CON.workshop"),
    ("ｶﾞ", "ｶﾞ.workshop"),
])
def test_a_title_becomes_a_safe_file_name(title, name):
    assert suggested_file_name(title) == name


def test_a_long_title_is_cut():
    name = suggested_file_name("駅" * 200)
    assert name == "駅" * MAX_STEM + ".workshop"
