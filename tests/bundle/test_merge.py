"""Import and merge: round trip, two laptops with a conflict, idempotence, order."""

import dataclasses
import json

import pytest

from workshop.export.bundle import BundleError
from workshop.export.common import Cancelled, Progress
from workshop.export.decidim import link_cluster, set_proposals_per
from workshop.export.merge import history_versions, import_bundles, import_into_new_file
from workshop.export.snapshot import fingerprint, snapshot
from workshop.model import Cluster, Idea, Photo, Prompt, Tally, Team, VoteRound
from workshop.store import WorkshopStore, check_file, list_backups
from workshop.voting import round_results

from .tools import add_digital_round, demo_store, export, idea_titled, state

X = "木陰のベンチで本が読める広場"


@pytest.fixture
def laptop_a():
    store = demo_store("ja", device_id="laptop-a")
    add_digital_round(store)
    yield store
    store.close()


def new_file(tmp_path, name, bundles, device="laptop-c"):
    path = tmp_path / name
    reports = import_into_new_file(path, bundles, device_id=device)
    return path, reports


def test_a_bundle_imported_into_a_new_file_reproduces_the_workshop(laptop_a, tmp_path):
    set_proposals_per(laptop_a, "cluster")
    link_cluster(laptop_a, laptop_a.list(Cluster)[0].id,
                 category="7")
    bundle = export(laptop_a, tmp_path / "a.zip")
    path, (report,) = new_file(tmp_path, "copy.workshop", [bundle])
    assert report.added.total() == sum(len(v) for v in snapshot(laptop_a).values()
                                       if isinstance(v, list))
    assert not report.updated and not report.conflicts
    assert check_file(path).ok
    with WorkshopStore.open(path, device_id="laptop-c") as copy:
        assert snapshot(copy) == snapshot(laptop_a)
        assert copy.platform_settings() == laptop_a.platform_settings()
        assert [p.data for p in copy.list(Photo)] == [p.data for p in laptop_a.list(Photo)]
        for vote_round in laptop_a.list(VoteRound):
            mine, theirs = round_results(laptop_a, vote_round.id), round_results(
                copy, vote_round.id)
            assert mine.candidates == theirs.candidates
            assert (mine.ballots, mine.voided) == (theirs.ballots, theirs.voided)
        # importing the same bundle again changes nothing, not even a backup
        before = state(copy)
        (again,) = import_bundles(copy, [bundle])
        assert not again.changed and again.unchanged.total() == report.added.total()
        assert state(copy) == before
        assert [b.reason for b in list_backups(path)] == ["open"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.zip", "copy.workshop", "copy.workshop.backups", "copy.workshop.lock"]


@pytest.fixture
def two_laptops(laptop_a, tmp_path):
    """Laptop B set up from A's bundle; both then work, and both edit idea X and type in the
    paper counts of round 1 (B first, so A's later changes win)."""
    base = export(laptop_a, tmp_path / "base.zip")
    path, _ = new_file(tmp_path, "b.workshop", [base], device="laptop-b")
    laptop_b = WorkshopStore.open(path, device_id="laptop-b")
    prompt, team = laptop_b.list(Prompt)[0], laptop_b.list(Team)[1]
    paper = laptop_b.list(VoteRound)[0]
    laptop_b.add(Idea(title="B の新しいアイデア", prompt_id=prompt.id, team_id=team.id))
    laptop_b.update(dataclasses.replace(idea_titled(laptop_b, X), title=X + "（B）"))
    laptop_b.set_tallies(paper.id, {paper.candidate_ids[0]: 20}, voters=30)
    laptop_a.add(Idea(title="A の新しいアイデア", prompt_id=prompt.id, team_id=team.id))
    laptop_a.update(dataclasses.replace(idea_titled(laptop_a, X), title=X + "（A）"))
    laptop_a.set_tallies(paper.id, {paper.candidate_ids[0]: 21}, voters=31)
    a = export(laptop_a, tmp_path / "a.zip")
    b = export(laptop_b, tmp_path / "b.zip")
    yield laptop_a, laptop_b, a, b
    laptop_b.close()


def test_two_laptops_merge_with_a_conflict_in_either_order(two_laptops, tmp_path):
    _laptop_a, _laptop_b, a, b = two_laptops
    first, (_from_a, from_b) = new_file(tmp_path, "ab.workshop", [a, b])
    second, _ = new_file(tmp_path, "ba.workshop", [b, a])
    with WorkshopStore.open(first, device_id="c") as ab, \
            WorkshopStore.open(second, device_id="c") as ba:
        assert snapshot(ab) == snapshot(ba)  # the order of the bundles does not matter
        # the same versions lost (only which bundle revealed them differs)
        assert sorted(row[2:6] for row in ab.merge_history()) == sorted(
            row[2:6] for row in ba.merge_history())
        titles = {i.title for i in ab.ideas()}
        assert {"A の新しいアイデア", "B の新しいアイデア", X + "（A）"} <= titles
        assert X + "（B）" not in titles
        assert from_b.added["ideas"] == 1 and from_b.conflicting["ideas"] == 1
        (conflict,) = [c for c in from_b.conflicts if c.table == "ideas"]
        assert conflict.label == X + "（B）" and conflict.kept == "workshop"
        lost = history_versions(ab, conflict.record_id)
        assert [v["title"] for v in lost] == [X + "（B）"]
        # one live paper count per candidate: the later one (A's)
        paper = ab.list(VoteRound)[0]
        counts = [t.dots for t in ab.list(Tally, round_id=paper.id,
                                          candidate_id=paper.candidate_ids[0])]
        assert counts == [21]
        assert ab.get(VoteRound, paper.id).paper_voters == 31
        summary = from_b.summary().render("en")
        assert summary.startswith("b.zip: 2 added, 0 updated,") and "conflicting" in summary
        assert any("the workshop's version was kept" in line.render("en")
                   for line in from_b.conflict_lines())
        # both bundles again: nothing changes
        before = state(ab)
        reports = import_bundles(ab, [a, b])
        assert not any(r.changed for r in reports)
        assert state(ab) == before


def test_a_laptops_bundle_merges_into_the_other_laptop(two_laptops):
    laptop_a, _laptop_b, _a, b = two_laptops
    (report,) = import_bundles(laptop_a, [b])
    assert "B の新しいアイデア" in {i.title for i in laptop_a.ideas()}
    assert idea_titled(laptop_a, X + "（A）")  # the newer edit stays
    assert report.conflicting["ideas"] == 1
    before = state(laptop_a)
    (again,) = import_bundles(laptop_a, [b])
    assert not again.changed and state(laptop_a) == before


def test_a_later_bundle_of_the_same_laptop_is_an_update(laptop_a, tmp_path):
    older = export(laptop_a, tmp_path / "older.zip")
    idea = idea_titled(laptop_a, X)
    laptop_a.update(dataclasses.replace(idea, details="書き直した"))
    laptop_a.delete(Idea, idea_titled(laptop_a, "週末のマルシェ").id)
    newer = export(laptop_a, tmp_path / "newer.zip")
    path, _ = new_file(tmp_path, "c.workshop", [older])
    with WorkshopStore.open(path, device_id="c") as copy:
        (report,) = import_bundles(copy, [newer])
        assert report.updated["ideas"] == 2 and not report.conflicts
        assert copy.get(Idea, idea.id).details == "書き直した"
        assert "週末のマルシェ" not in {i.title for i in copy.ideas()}
        (stale,) = import_bundles(copy, [older])  # older versions by the same laptop
        assert not stale.changed and copy.get(Idea, idea.id).details == "書き直した"
        assert snapshot(copy) == snapshot(laptop_a)


def test_a_bundle_of_another_workshop_is_refused(laptop_a, tmp_path):
    other = export(demo_store("en", device_id="elsewhere"), tmp_path / "other.zip")
    before = state(laptop_a)
    with pytest.raises(BundleError, match="belongs to another workshop"):
        import_bundles(laptop_a, [other])
    assert state(laptop_a) == before
    mine = export(laptop_a, tmp_path / "mine.zip")
    with pytest.raises(BundleError, match="another workshop"):
        new_file(tmp_path, "mixed.workshop", [mine, other])
    assert not (tmp_path / "mixed.workshop").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.zip", "other.zip"]


def test_a_new_file_never_overwrites_an_existing_one(laptop_a, tmp_path):
    bundle = export(laptop_a, tmp_path / "a.zip")
    (tmp_path / "taken.workshop").write_bytes(b"mine")
    with pytest.raises(Exception, match="already exists"):
        new_file(tmp_path, "taken.workshop", [bundle])
    assert (tmp_path / "taken.workshop").read_bytes() == b"mine"


def test_cancelling_an_import_changes_nothing(laptop_a, tmp_path):
    bundle = export(laptop_a, tmp_path / "a.zip")
    other = demo_store("ja", device_id="laptop-a")
    target = WorkshopStore.in_memory(laptop_a.workshop(), device_id="c")
    before = state(target)
    calls = []
    with pytest.raises(Cancelled):
        import_bundles(target, [bundle], Progress(
            report=lambda d, t: calls.append(d), is_cancelled=lambda: len(calls) > 0))
    assert state(target) == before
    (report,) = import_bundles(target, [bundle])
    assert report.added["ideas"] == 28
    other.close()


def test_the_merge_history_keeps_every_field_of_the_lost_version(two_laptops, tmp_path):
    laptop_a, laptop_b, a, b = two_laptops
    path, _ = new_file(tmp_path, "c.workshop", [a, b])
    with WorkshopStore.open(path, device_id="c") as merged:
        rows = merged.merge_history()
        lost = {json.loads(row[4])["id"]: json.loads(row[4]) for row in rows}
        x = idea_titled(laptop_b, X + "（B）")
        assert lost[x.id] == snapshot(laptop_b)["ideas"][
            [i["id"] for i in snapshot(laptop_b)["ideas"]].index(x.id)]
        assert {row[6] for row in rows} <= {fingerprint(snapshot(laptop_a)),
                                           fingerprint(snapshot(laptop_b))}


def test_a_bundle_of_data_format_1_imports_with_the_later_fields_empty(laptop_a, tmp_path):
    """Bundles written before the report fields (co-organiser, contact, ...) existed."""
    from .tools import with_data

    def as_format_1(data):
        data["format_version"] = 1
        for name in ("co_organiser", "facilitators", "next_steps", "contact", "era_dates"):
            del data["workshop"][0][name]

    old = with_data(export(laptop_a, tmp_path / "a.zip"), tmp_path / "old.zip", as_format_1)
    path, _reports = new_file(tmp_path, "b.workshop", [old])
    with WorkshopStore.open(path, device_id="laptop-c") as store:
        w = store.workshop()
        assert w.title == laptop_a.workshop().title
        assert (w.co_organiser, w.contact, w.era_dates) == ("", "", False)
