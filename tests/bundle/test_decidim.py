"""The platform files, read the way Decidim's importer reads them (shared/design/decidim.md)."""

import csv
import dataclasses
import io
import json

import pytest

from workshop.errors import InputError
from workshop.export.decidim import (
    PROFILES,
    TITLE_LIMIT,
    link_cluster,
    platform_files,
    platform_settings,
    set_proposals_per,
)
from workshop.export.spreadsheets import closed_results
from workshop.model import Cluster, Idea, Note, NoteKind, Prompt, Workshop
from workshop.store import WorkshopStore

from .tools import demo_store, export, idea_titled, members

DECIDIM = ["decidim-0.27", "decidim-0.28", "decidim-0.30", "decidim-cfj"]


def files_of(store, profile):
    results, _ = closed_results(store)
    made, warnings = platform_files(store, PROFILES[profile], results, platform_settings(store))
    return dict(made), warnings


def decidim_json(content: bytes) -> list[dict]:
    """Decidim's JSON reader: an array of objects; the first object's keys are the columns,
    so every object must have exactly those keys."""
    rows = json.loads(content)
    assert isinstance(rows, list) and rows
    columns = list(rows[0])
    assert all(list(row) == columns for row in rows)
    assert all(isinstance(value, str) for row in rows for value in row.values())
    return rows


def verify_like_decidim(rows: list[dict], default_locale: str) -> None:
    """What proposals_verifier checks: the default locale's title and body columns exist,
    no column twice, every row with a title and a body."""
    header = list(rows[0])
    assert len(header) == len(set(header))
    assert f"title/{default_locale}" in header and f"body/{default_locale}" in header
    for row in rows:
        assert row[f"title/{default_locale}"].strip() and row[f"body/{default_locale}"].strip()


@pytest.fixture
def store():
    s = demo_store("ja")
    yield s
    s.close()


@pytest.mark.parametrize("profile", DECIDIM)
def test_proposals_are_read_as_decidim_reads_them(store, profile):
    files, warnings = files_of(store, profile)
    assert warnings == []
    from_json = decidim_json(files["decidim/proposals.json"])
    assert not [name for name in files if name.endswith(".csv")]  # JSON only: exact and safe
    verify_like_decidim(from_json, "ja")
    assert list(from_json[0]) == ["title/ja", "title/en", "body/ja", "body/en"]
    live = [i for i in store.ideas() if i.merged_into_id is None]
    assert len(from_json) == len(live) == 28
    assert {row["title/ja"] for row in from_json} == {i.title for i in live}
    assert all(len(row["title/ja"]) <= TITLE_LIMIT for row in from_json)
    # one line per field, so that people can read it
    assert files["decidim/proposals.json"].count(b"\n") >= 4 * len(from_json)


def test_the_profiles_default_locale_is_always_filled(tmp_path):
    store = demo_store("en")  # an English workshop on a Japanese (cfj) instance
    files, _ = files_of(store, "decidim-cfj")
    rows = decidim_json(files["decidim/proposals.json"])
    assert list(rows[0]) == ["title/ja", "title/en", "body/ja", "body/en"]
    verify_like_decidim(rows, "ja")
    verify_like_decidim(rows, "en")
    for profile in ("decidim-0.27", "decidim-0.30"):
        rows = decidim_json(files_of(store, profile)[0]["decidim/proposals.json"])
        assert next(iter(rows[0])) == "title/en"  # the workshop's own default language


def test_the_body_carries_what_decidim_would_lose():
    store = demo_store("en")
    files, _ = files_of(store, "decidim-0.28")
    rows = decidim_json(files["decidim/proposals.json"])
    (row,) = [r for r in rows if r["title/en"] == "A square with shaded benches for reading"]
    body = row["body/en"]
    idea = idea_titled(store, "A square with shaded benches for reading")
    workshop = store.workshop()
    assert body.startswith(idea.details)
    assert f"Workshop: {workshop.title} (2026-11-14)" in body
    assert "Team: Table A" in body and "Cluster: Greenery and rest" in body
    assert f"Prompt: {store.get(Prompt, idea.prompt_id).text}" in body
    assert "13 dots, rank 1 (tied)" in body
    (other,) = [r for r in rows if r["title/en"] == "Weekend farmers' market"]
    assert other["body/en"].endswith("10 dots, rank 5")


def test_a_long_title_is_cut_and_kept_whole_in_the_body(store):
    long_title = "駅前広場" * 70  # 280 characters
    store.add(Idea(title=long_title, prompt_id=store.list(Prompt)[0].id))
    rows = decidim_json(files_of(store, "decidim-0.27")[0]["decidim/proposals.json"])
    (row,) = [r for r in rows if r["title/ja"].startswith("駅前広場駅前広場")]
    assert len(row["title/ja"]) == TITLE_LIMIT and row["title/ja"].endswith("…")
    assert row["body/ja"].startswith(long_title + "\n\n")


def test_merged_duplicates_are_not_proposals_but_are_named(store):
    keep = idea_titled(store, "木陰のベンチで本が読める広場")
    twin = idea_titled(store, "高齢者が休める日よけ付きベンチ")
    store.update(dataclasses.replace(twin, merged_into_id=keep.id))
    rows = decidim_json(files_of(store, "decidim-0.28")[0]["decidim/proposals.json"])
    assert len(rows) == 27
    (row,) = [r for r in rows if r["title/ja"] == keep.title]
    assert twin.title in row["body/ja"]


def test_one_proposal_per_cluster_at_the_organisers_choice(store):
    set_proposals_per(store, "cluster")
    rows = decidim_json(files_of(store, "decidim-cfj")[0]["decidim/proposals.json"])
    clusters = store.list(Cluster)
    assert len(rows) == len(clusters) == 7  # every demo idea is in a cluster
    (green,) = [r for r in rows if r["title/ja"] == "緑と休憩"]
    members_ = [i for i in store.ideas() if i.cluster_id == clusters[0].id]
    assert all(f"・{i.title}" in green["body/ja"] for i in members_)
    with pytest.raises(InputError):
        set_proposals_per(store, "team")


def test_cluster_links_fill_category_scope_or_taxonomies(store):
    green = store.list(Cluster)[0]
    link_cluster(store, green.id, category="12", scope="3", taxonomies="12, 15")
    in_green = {i.title for i in store.ideas() if i.cluster_id == green.id}
    for profile, columns in (("decidim-0.27", {"category/id": "12", "scope/id": "3"}),
                             ("decidim-cfj", {"category/id": "12", "scope/id": "3"}),
                             ("decidim-0.30", {"taxonomies/ids": "12,15"})):
        rows = decidim_json(files_of(store, profile)[0]["decidim/proposals.json"])
        for row in rows:
            linked = row["title/ja"] in in_green
            assert {k: row[k] for k in columns} == (columns if linked else dict.fromkeys(
                columns, "")), profile
        assert not {"category/id", "scope/id", "taxonomies/ids"} - set(columns) & set(rows[0])
    link_cluster(store, green.id)  # no ids: the link is removed
    rows = decidim_json(files_of(store, "decidim-0.27")[0]["decidim/proposals.json"])
    assert "category/id" not in rows[0]
    for bad in ({"category": "x"}, {"scope": "-1"}, {"taxonomies": "12;15"}):
        with pytest.raises(InputError):
            link_cluster(store, green.id, **bad)


def test_the_closing_report_is_ready_to_paste(store):
    store.add(Note(kind=NoteKind.DECISION, text="内部の決定", internal=True))
    files, _ = files_of(store, "decidim-cfj")
    figures = json.loads(files["decidim/closing-report.json"])
    assert figures["attendees_count"] == 38 and figures["contributions_count"] == 28
    assert figures["attending_organizations"] == store.workshop().organiser
    text = figures["closing_report"]["ja"]
    assert store.workshop().title in text and "木陰のベンチで本が読める広場" in text
    assert "防災の視点は全テーブル共通の前提として扱う。" in text  # a decision
    assert "内部の決定" not in text  # internal notes stay inside
    paste = files["decidim/closing-report-en.txt"].decode("utf-8-sig")
    for field in ("closing_report", "attendees_count", "contributions_count",
                  "attending_organizations"):
        assert f"({field})" in paste
    assert "\n38\n" in paste


def test_more_attendees_than_decidim_accepts_are_capped_with_a_warning():
    store = WorkshopStore.in_memory(Workshop(title="Big", attendees=1500, languages=("en",)))
    store.add(Idea(title="One idea"))
    files, warnings = files_of(store, "decidim-0.28")
    assert json.loads(files["decidim/closing-report.json"])["attendees_count"] == 999
    assert "1500" in warnings[0].render("en")


def test_the_upload_guide_names_this_profiles_settings(store):
    files, _ = files_of(store, "decidim-0.27")
    guide = files["decidim/upload-guide-en.txt"].decode("utf-8-sig")
    assert "28 proposals" in guide and "$" not in guide
    assert store.workshop().platform_url in guide
    ja = files_of(store, "decidim-cfj")[0]["decidim/upload-guide-ja.txt"].decode("utf-8-sig")
    assert "ファイルからインポート" in ja and "$" not in ja


def test_the_generic_profile_keeps_the_fields_apart(tmp_path):
    store = demo_store("en")
    files = members(export(store, tmp_path / "b.zip", lang="en", profile="generic"))
    assert not any(name.startswith("decidim/") for name in files)
    records = json.loads(files["platform/proposals.json"])
    (bench,) = [r for r in records if r["title"] == "A square with shaded benches for reading"]
    assert bench["team"] == "Table A" and bench["cluster"] == "Greenery and rest"
    assert bench["votes"][0]["dots"] == 13 and bench["votes"][0]["tied"] is True
    rows = list(csv.DictReader(io.StringIO(files["platform/proposals.csv"].decode("utf-8-sig"))))
    assert len(rows) == len(records) == 28 and rows[0]["id"] == records[0]["id"]
    assert "$" not in files["platform/upload-guide-en.txt"].decode("utf-8-sig")
