"""Forged bundles: consistent checksums and fingerprint, edited content. Each trick is
refused or reported, never silent, and every value a merge replaces is kept."""

import dataclasses
import json
from datetime import UTC, datetime, timedelta

import pytest

from workshop.export.bundle import PLATFORM, BundleError
from workshop.export.decidim import set_proposals_per
from workshop.export.merge import MAX_CLOCK_SKEW, history_versions, import_bundles
from workshop.model import Idea, Workshop

from .tools import demo_store, export, idea_titled, members, rebuild, state, with_data

X = "木陰のベンチで本が読める広場"
Y = "週末のマルシェ"


def later(minutes: float = 1) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat(timespec="microseconds")


@pytest.fixture
def laptop_a():
    store = demo_store("ja", device_id="laptop-a")
    yield store
    store.close()


def forged(source, target, table, record_id, **values):
    """``source`` with one record's fields changed (checksums and fingerprint made to match)."""
    def change(data):
        (record,) = [r for r in data[table] if r["id"] == record_id]
        record.update(values)
    return with_data(source, target, change)


def lines(report):
    return [line.render("en") for line in report.conflict_lines()]


def test_a_time_in_the_year_9999_is_refused_and_changes_nothing(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, X)
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, title="乗っ取り",
                    updated_at="9999-12-31T23:59:59.999999+00:00", device_id="laptop-b")
    before = state(laptop_a)
    with pytest.raises(BundleError, match="dated in the future") as caught:
        import_bundles(laptop_a, [bundle])
    assert "9999-12-31" in caught.value.render("en") and "乗っ取り" in caught.value.render("en")
    assert state(laptop_a) == before
    # other spellings of the future: another offset, a deletion time
    for values in ({"updated_at": "9999-01-01T00:00:00+09:00"},
                   {"deleted_at": later(60), "updated_at": later(0)}):
        bundle = forged(base, tmp_path / "g.zip", "ideas", idea.id, device_id="laptop-b",
                        **values)
        with pytest.raises(BundleError, match="dated in the future"):
            import_bundles(laptop_a, [bundle])
        assert state(laptop_a) == before


def test_a_clock_a_few_minutes_ahead_is_accepted(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, X)
    minutes = MAX_CLOCK_SKEW.total_seconds() / 60 / 2
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, title="少し先の時計",
                    updated_at=later(minutes), device_id="laptop-b")
    (report,) = import_bundles(laptop_a, [bundle])
    assert laptop_a.get(Idea, idea.id).title == "少し先の時計"
    assert report.replaced and report.replaced[0].label == X


def test_a_version_claiming_this_laptop_never_replaces_its_own_change(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, X)
    laptop_a.update(dataclasses.replace(idea, details="この端末で書き直した"))
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, title="偽の題",
                    updated_at=later(), device_id="laptop-a")
    (report,) = import_bundles(laptop_a, [bundle])
    kept = laptop_a.get(Idea, idea.id)
    assert (kept.title, kept.details) == (X, "この端末で書き直した")
    (conflict,) = report.conflicts
    assert (conflict.reason, conflict.kept) == ("own", "workshop")
    assert any("claims to be from this laptop" in line and "偽の題" in line
               for line in lines(report))
    assert [v["title"] for v in history_versions(laptop_a, idea.id)] == ["偽の題"]
    before = state(laptop_a)  # again: nothing new
    (again,) = import_bundles(laptop_a, [bundle])
    assert not again.changed and state(laptop_a) == before


def test_a_deletion_is_not_undone_by_a_later_time_alone(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, Y)
    laptop_a.delete(Idea, idea.id)
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, updated_at=later(),
                    device_id="laptop-b")
    (report,) = import_bundles(laptop_a, [bundle])
    assert laptop_a.get(Idea, idea.id, include_deleted=True).deleted
    (conflict,) = report.conflicts
    assert conflict.reason == "deleted"
    assert any("stays deleted" in line for line in lines(report))


def test_a_deletion_undone_by_a_later_edit_is_reported_and_kept(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, Y)
    laptop_a.delete(Idea, idea.id)
    tombstone = laptop_a.get(Idea, idea.id, include_deleted=True)
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, details="後から書き足した",
                    updated_at=later(), device_id="laptop-b")
    (report,) = import_bundles(laptop_a, [bundle])
    back = laptop_a.get(Idea, idea.id)
    assert back.details == "後から書き足した"
    (replaced,) = report.replaced
    assert replaced.why == "restored"
    assert any("deleted here but edited on another laptop" in line for line in lines(report))
    (old,) = history_versions(laptop_a, idea.id)
    assert old["deleted_at"] == tombstone.deleted_at


def test_a_replaced_workshop_title_is_reported_and_kept(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    workshop = laptop_a.workshop()
    bundle = forged(base, tmp_path / "f.zip", "workshop", workshop.id, title="別の会の題",
                    updated_at=later(), device_id="laptop-b")
    (report,) = import_bundles(laptop_a, [bundle])
    assert laptop_a.workshop().title == "別の会の題"
    (line,) = lines(report)
    assert workshop.title in line and "別の会の題" in line and "merge history" in line
    (old,) = history_versions(laptop_a, workshop.id)
    assert old["title"] == workshop.title


def test_a_later_version_by_the_same_other_laptop_is_listed_and_kept(laptop_a, tmp_path):
    idea = idea_titled(laptop_a, X)
    laptop_a.apply_merge([], [dataclasses.replace(idea, device_id="laptop-b")])  # from B
    base = export(laptop_a, tmp_path / "base.zip")
    bundle = forged(base, tmp_path / "f.zip", "ideas", idea.id, title="B の続き",
                    updated_at=later(), device_id="laptop-b")
    (report,) = import_bundles(laptop_a, [bundle])
    assert report.updated["ideas"] == 1
    (replaced,) = report.replaced
    assert (replaced.why, replaced.label, replaced.new_label) == ("updated", X, "B の続き")
    assert [v["title"] for v in history_versions(laptop_a, idea.id)] == [X]


def platform_forged(source, target, change):
    files = members(source)
    settings = json.loads(files[PLATFORM])
    change(settings)
    files[PLATFORM] = json.dumps(settings).encode()
    return rebuild(target, files)


def test_platform_settings_cannot_be_forged_silently(laptop_a, tmp_path):
    set_proposals_per(laptop_a, "cluster")
    base = export(laptop_a, tmp_path / "base.zip")
    before = state(laptop_a)

    def future(settings):
        settings["proposals_per"].update(value="idea", updated_at="9999-01-01T00:00:00+00:00")
    with pytest.raises(BundleError, match="dated in the future"):
        import_bundles(laptop_a, [platform_forged(base, tmp_path / "f.zip", future)])
    assert state(laptop_a) == before

    def same_device(settings):
        settings["proposals_per"].update(value="idea", updated_at=later())
    import_bundles(laptop_a, [platform_forged(base, tmp_path / "g.zip", same_device)])
    assert json.loads(laptop_a.platform_settings()["proposals_per"][0]) == "cluster"

    def other_device(settings):
        settings["proposals_per"].update(value="idea", updated_at=later(), device_id="b")
    (report,) = import_bundles(laptop_a, [platform_forged(base, tmp_path / "h.zip",
                                                            other_device)])
    assert json.loads(laptop_a.platform_settings()["proposals_per"][0]) == "idea"
    (line,) = lines(report)
    assert "platform setting" in line and "cluster" in line
    assert [v["value"] for v in history_versions(laptop_a, "proposals_per")] == ["cluster"]


def test_a_title_in_a_new_file_keeps_the_workshop_record_intact(laptop_a, tmp_path):
    # the workshop record is refused when the bundle claims a deleted workshop
    base = export(laptop_a, tmp_path / "base.zip")
    bundle = forged(base, tmp_path / "f.zip", "workshop", laptop_a.workshop().id,
                    deleted_at=later(0), updated_at=later(0), device_id="laptop-b")
    with pytest.raises(BundleError, match="marked deleted"):
        import_bundles(laptop_a, [bundle])
    assert isinstance(laptop_a.workshop(), Workshop)


def test_an_older_version_by_this_laptop_is_simply_older(laptop_a, tmp_path):
    base = export(laptop_a, tmp_path / "base.zip")
    idea = idea_titled(laptop_a, X)
    laptop_a.update(dataclasses.replace(idea, details="後で書いた"))
    (report,) = import_bundles(laptop_a, [base])
    assert not report.changed and not report.conflict_lines()
    assert laptop_a.get(Idea, idea.id).details == "後で書いた"
