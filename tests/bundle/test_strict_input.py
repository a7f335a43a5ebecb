"""Strict input: standard JSON numbers only, every platform setting's type checked, ids
matched whole, and no bidirectional controls in text."""

import json
import math
import re

import pytest

from workshop.errors import InputError
from workshop.export.bundle import DATA, PLATFORM, BundleError, verify_bundle
from workshop.export.decidim import set_proposals_per
from workshop.export.merge import import_bundles
from workshop.model import Idea, Team
from workshop.text import clean_text

from .tools import demo_store, export, members, rebuild, state, with_data


@pytest.fixture
def laptop():
    store = demo_store("ja", device_id="laptop-a")
    set_proposals_per(store, "cluster")
    yield store
    store.close()


def with_settings(source, target, text):
    return rebuild(target, dict(members(source), **{PLATFORM: text.encode()}))


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_json_numbers_are_refused(laptop, tmp_path, number):
    base = export(laptop, tmp_path / "base.zip")
    settings = json.loads(members(base)[PLATFORM])
    text = json.dumps(settings).replace('"cluster"', number)
    before = state(laptop)
    with pytest.raises(BundleError, match="not valid JSON"):
        import_bundles(laptop, [with_settings(base, tmp_path / "n.zip", text)])
    # in workshop.json too (a time field made a number; the fingerprint is made to match)
    files = members(base)
    data = re.sub(r'"members":[0-9]+', f'"members":{number}', files[DATA].decode(), count=1)
    assert data != files[DATA].decode()
    with pytest.raises(BundleError, match="not valid JSON"):
        verify_bundle(rebuild(tmp_path / "d.zip", dict(files, **{DATA: data.encode()})))
    assert state(laptop) == before


@pytest.mark.parametrize("entry", [
    {"value": 5},
    {"value": ["idea"]},
    {"value": "everything"},
    {"updated_at": 20260101},
    {"updated_at": "2026-01-01T00:00:00"},  # no offset: cannot be compared
    {"device_id": None},
    {"extra": True},
])
def test_every_setting_type_is_checked(laptop, tmp_path, entry):
    base = export(laptop, tmp_path / "base.zip")
    settings = json.loads(members(base)[PLATFORM])
    settings["proposals_per"].update(entry)
    before = state(laptop)
    with pytest.raises(BundleError, match=r"platform setting proposals_per .* is not valid"):
        import_bundles(laptop, [with_settings(base, tmp_path / "s.zip", json.dumps(settings))])
    assert state(laptop) == before


@pytest.mark.parametrize("links", [
    {"c1": {"category": 12}},
    {"c1": {"category": "12\n"}},
    {"c1": {"taxonomies": "12,"}},
    {"c1": {"category": "12", "other": "1"}},
    {"c1\n": {"category": "12"}},
    ["c1"],
])
def test_cluster_links_are_checked_whole(laptop, tmp_path, links):
    base = export(laptop, tmp_path / "base.zip")
    settings = json.loads(members(base)[PLATFORM])
    settings["cluster_links"] = {"value": links, "updated_at": "2026-01-01T00:00:00+00:00",
                                 "device_id": "b"}
    with pytest.raises(BundleError, match="cluster_links"):
        import_bundles(laptop, [with_settings(base, tmp_path / "s.zip", json.dumps(settings))])


def test_a_settings_file_that_is_not_an_object_is_refused(laptop, tmp_path):
    base = export(laptop, tmp_path / "base.zip")
    with pytest.raises(BundleError, match="not a JSON object"):
        verify_bundle(with_settings(base, tmp_path / "s.zip", "[]"))


def test_an_id_with_a_trailing_line_break_is_refused(laptop, tmp_path):
    base = export(laptop, tmp_path / "base.zip")

    def change(data):
        data["teams"][0]["id"] += "\n"
        for idea in data["ideas"]:
            if idea["team_id"] == data["teams"][0]["id"].rstrip("\n"):
                idea["team_id"] += "\n"
    bundle = with_data(base, tmp_path / "id.zip", change)
    before = state(laptop)
    with pytest.raises(BundleError, match=r"teams\[0\]: id: not in the expected form"):
        import_bundles(laptop, [bundle])
    assert state(laptop) == before


def test_colours_are_matched_whole(laptop):
    with pytest.raises(InputError):
        laptop.add(Team(name="改行つき", colour="#aabbcc\n"))


def test_an_unreadable_stored_setting_never_makes_invalid_json(laptop, tmp_path):
    laptop.set_platform_setting("proposals_per", "NaN")  # as an older version could store
    written = json.loads(members(export(laptop, tmp_path / "a.zip"))[PLATFORM],
                         parse_constant=lambda name: pytest.fail(name))
    assert "proposals_per" not in written
    assert not math.isnan(0.0)


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidirectional_controls_are_removed_and_emoji_joiners_kept(laptop):
    family = "👨\u200d👩\u200d👧"  # joined by ZWJ
    flag = "🏳\ufe0f\u200d🌈"  # variation selector and ZWJ
    assert clean_text(f"公園\u202eでの{BIDI}集い{family}{flag}") == f"公園での集い{family}{flag}"
    assert clean_text("עברית\u200f text") == "עברית\u200f text"  # a mark, not a control
    idea = laptop.add(Idea(title="txt.\u202egnp.exe", details=f"{BIDI}詳細\n二行目",
                           prompt_id=laptop.ideas()[0].prompt_id))
    stored = laptop.get(Idea, idea.id)
    assert (stored.title, stored.details) == ("txt.gnp.exe", "詳細\n二行目")
    team = laptop.add(Team(name=f"\u2067チーム{family}\u2069"))
    assert laptop.get(Team, team.id).name == f"チーム{family}"
