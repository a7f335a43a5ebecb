"""Opening a file written by an older version: backup first, then migrate, data intact.

``fixtures/schema-v1.workshop`` was written by the schema-v1 code (the Japanese demo, plus
an open tablet round with three ballots, one voided) and must never be regenerated with
newer code: it stands for the files people already have.
"""

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from workshop import cli, voting
from workshop.model import Idea, Prompt, RoundEvent, RoundStatus, Team, VoteRound
from workshop.store import SCHEMA_VERSION, WorkshopStore, check_file, list_backups, schema

FIXTURE = Path(__file__).parent / "fixtures" / "schema-v1.workshop"
V1_TABLES = ("workshop", "prompts", "teams", "agenda_items", "clusters", "ideas",
             "vote_rounds", "ballots", "ballot_dots", "tallies", "notes", "photos")


def raw(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def table_rows(path):
    return {t: raw(path, f"SELECT * FROM {t} ORDER BY id") for t in V1_TABLES}


@pytest.fixture
def v1_file(tmp_path):
    path = tmp_path / "old.workshop"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_version_1_file(v1_file):
    # Read through the copy: even a read-only open of a WAL file leaves -wal/-shm behind.
    assert raw(v1_file, "PRAGMA user_version") == [(1,)]
    assert raw(v1_file, "SELECT count(*) FROM ideas") == [(28,)]
    tables = {name for (name,) in raw(v1_file, "SELECT name FROM sqlite_master")}
    assert "round_events" not in tables


def test_opening_a_v1_file_backs_it_up_then_migrates_with_every_record_kept(v1_file):
    before = table_rows(v1_file)
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        assert store.schema_version() == SCHEMA_VERSION >= 2
        expected = {
            "prompts": 2, "teams": 7, "agenda_items": 7, "clusters": 7, "ideas": 28,
            "vote_rounds": 2, "ballots": 3, "ballot_dots": 6, "tallies": 14, "notes": 5,
            "photos": 0, "round_events": 0,
        }
        counts = store.counts()
        assert {kind: counts[kind] for kind in expected} == expected
        assert store.workshop().title == "みなと市 駅前広場の未来を考える市民ワークショップ"
        assert store.list(Prompt)[0].text.startswith("10年後、駅前広場で")
        assert store.list(Team)[0].name == "A テーブル"
        assert store.ideas()[0].title == "木陰のベンチで本が読める広場"

    # Every v1 row is still there, value for value (later migrations add columns at the
    # end: the v1 columns come first).
    after = table_rows(v1_file)
    assert {t: [row[:len(before[t][0])] if before[t] else row for row in rows]
            for t, rows in after.items()} == before
    (backup,) = [b for b in list_backups(v1_file) if b.reason == "migration"]
    assert raw(backup.path, "PRAGMA user_version") == [(1,)]
    assert table_rows(backup.path) == before


def test_the_v1_rounds_count_the_same_after_migration(v1_file):
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        paper, tablet = sorted(store.list(VoteRound), key=lambda r: r.opened_at)
        results = voting.round_results(store, paper.id)
        assert [c.total for c in results.candidates[:3]] == [13, 13, 12]
        assert [c.rank for c in results.candidates[:3]] == [1, 1, 3]
        assert (results.ballots, results.paper_voters, results.attendees) == (0, 36, 38)

        results = voting.round_results(store, tablet.id)
        assert (results.ballots, results.voided) == (2, 1)
        assert sum(c.digital for c in results.candidates) == 6  # 3 + 3; the voided 2 left out
        best = results.candidates[0]
        assert best.total == 3 and best.title == store.get(Idea, best.candidate_id).title


def test_the_new_round_log_works_on_a_migrated_file(v1_file):
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        tablet = next(r for r in store.list(VoteRound) if r.status is RoundStatus.OPEN)
        voting.cast_ballot(store, tablet.id, {tablet.candidate_ids[1]: 2})
        voting.void_last_ballot(store, tablet.id, "押し間違い")
        voting.close_round(store, tablet.id)
    with WorkshopStore.open(v1_file, device_id="laptop-3") as store:
        log = voting.round_log(store, tablet.id)
        assert [e.event for e in log] == ["ballot_voided", "closed"]
        assert '"reason": "押し間違い"' in log[0].details
        assert store.list(RoundEvent) == log


def test_workshop_check_is_ok_on_the_migrated_copy(v1_file, monkeypatch, capsys):
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    report = check_file(v1_file)
    assert not report.ok and report.schema_version == 1  # not yet migrated: says so
    WorkshopStore.open(v1_file, device_id="laptop-2").close()
    assert check_file(v1_file).ok
    assert cli.main(["check", str(v1_file)]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_failing_migration_leaves_the_v1_file_as_it_was(v1_file, monkeypatch):
    before = table_rows(v1_file)

    def broken(db):
        db.execute("CREATE TABLE round_events (id TEXT)")
        raise RuntimeError("power cut in the middle of the migration")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken,
                                               *schema.MIGRATIONS[2:]))
    with pytest.raises(RuntimeError):
        WorkshopStore.open(v1_file, device_id="laptop-2")
    assert raw(v1_file, "PRAGMA user_version") == [(1,)]
    tables = {name for (name,) in raw(v1_file, "SELECT name FROM sqlite_master")}
    assert "round_events" not in tables and "ballots_round" in tables
    assert table_rows(v1_file) == before


def test_migration_5_adds_this_laptops_pin_and_drafts_and_reads_nothing_from_older_files(
        v1_file):
    # A read-only open is not migrated: no tables, and the answers say "nothing kept".
    with WorkshopStore.open(v1_file, device_id="laptop-2", read_only=True) as store:
        assert store.local.facilitator_pin() is None
        assert store.local.draft("capture.title", "team") == ""
        assert store.local.drafts() == {}
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        assert store.schema_version() >= 5
        store.local.set_draft("capture.title", "team-1", "木陰のベン")
        store.local.set_draft("notes.text", "", "決定事項:")
        store.local.set_facilitator_pin("scrypt$…")
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        assert store.local.drafts("capture.") == {("capture.title", "team-1"): "木陰のベン"}
        assert store.local.draft("notes.text") == "決定事項:"
        store.local.set_draft("notes.text", "", "")  # an emptied field forgets its draft
        assert store.local.drafts("notes.") == {}
    assert not check_file(v1_file).problems


def test_the_v6_report_fields_start_empty_on_an_older_file(v1_file):
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        w = store.workshop()
        assert (w.co_organiser, w.facilitators, w.next_steps, w.contact) == ("", "", "", "")
        assert w.era_dates is False
        store.update(dataclasses.replace(w, co_organiser="Code for Minato", era_dates=True,
                                         contact="都市計画課\n03-0000-0000"))
    with WorkshopStore.open(v1_file, device_id="laptop-2") as store:
        w = store.workshop()
        assert (w.co_organiser, w.era_dates) == ("Code for Minato", True)
        assert w.contact == "都市計画課\n03-0000-0000"
