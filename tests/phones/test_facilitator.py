"""What only the laptop does about phones, and how phone records read in older places."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workshop.errors import InputError
from workshop.export.snapshot import FORMAT_VERSION, upgrade
from workshop.model import (
    Ballot,
    Idea,
    RoundEvent,
    RoundEventKind,
    Source,
    VoteRound,
    Workshop,
)
from workshop.phones.facilitator import (
    join_token,
    new_join_token,
    results_by_source,
    void_phone_ballot,
)
from workshop.phones.ops import cast_ballot_op
from workshop.store import WorkshopStore
from workshop.voting import cast_ballot, close_round, round_results, set_paper_tally

from .conftest import fill, key


def phone_ballot(hall, session="phone-1", dots=None):
    ballot, _ = hall.writer.call(cast_ballot_op(session, hall.round_id,
                                                dots or {hall.ideas[2]: 1}, hall.teams[0]))
    return ballot


def test_a_facilitator_voids_a_phone_ballot_with_a_logged_reason(hall):
    ballot = phone_ballot(hall)
    laptop = hall.writer.call(lambda s: cast_ballot(s, hall.round_id, {hall.ideas[3]: 1}))
    voided = hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, " 二重投票 "))
    assert voided.voided_at is not None and voided.void_reason == "二重投票"
    results = round_results(hall.store, hall.round_id)
    assert (results.ballots, results.voided) == (1, 1)
    event = next(e for e in hall.store.list(RoundEvent, round_id=hall.round_id)
             if e.event == RoundEventKind.BALLOT_VOIDED)
    assert json.loads(event.details)["ballot_id"] == ballot.id
    assert json.loads(event.details)["source"] == "phone"
    with pytest.raises(InputError, match="phone"):  # a laptop ballot goes another way
        hall.writer.call(lambda s: void_phone_ballot(s, laptop.id, "x"))
    with pytest.raises(InputError, match="already voided"):
        hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, "again"))


def test_voiding_needs_a_reason_and_an_open_round(hall):
    ballot = phone_ballot(hall)
    with pytest.raises(InputError):
        hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, "  "))
    hall.writer.call(lambda s: close_round(s, hall.round_id))
    with pytest.raises(InputError, match="open"):
        hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, "late"))
    assert hall.store.get(Ballot, ballot.id).voided_at is None


@pytest.mark.parametrize("rules", [{"may_change_ballot": True}])
def test_a_voided_phone_ballot_cannot_be_replaced(hall):
    ballot = phone_ballot(hall)
    hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, "test vote"))
    with pytest.raises(Exception, match="voided"):
        phone_ballot(hall, dots={hall.ideas[3]: 1})
    assert round_results(hall.store, hall.round_id).ballots == 0


async def test_a_voided_ballot_shows_as_voided_on_the_phone(phone, hall):
    response = await phone.post("/api/v1/ballots", json={
        "round_id": hall.round_id, "dots": {hall.ideas[2]: 1}}, headers=key())
    ballot = hall.store.list(Ballot)[0]
    assert response.status == 201 and ballot.source is Source.PHONE
    hall.writer.call(lambda s: void_phone_ballot(s, ballot.id, "passed on"))
    state = await (await phone.get("/api/v1/state")).json()
    assert state["round"]["my_ballot"]["voided"] is True


def test_a_new_join_token_replaces_the_old_one(hall):
    old = hall.token
    assert hall.writer.call(join_token) == old  # made once, then kept in the file
    new = hall.writer.call(new_join_token)
    assert new != old and len(new) >= 20
    assert hall.writer.call(join_token) == new


def test_a_file_before_phones_reads_as_laptop_only(tmp_path):
    """An older file (schema 6) opened read-only, then migrated: everything is from the
    laptop, and no round lets a phone change its ballot."""
    path = tmp_path / "old.workshop"
    with WorkshopStore.create(path, Workshop(title="Old"), device_id="a") as store:
        fill(store)
    conn = sqlite3.connect(path)
    with conn:
        for table in ("phone_sessions", "phone_ballots", "phone_ideas", "phone_requests"):
            conn.execute(f"DROP TABLE {table}")
        for table, column in (("ideas", "source"), ("ballots", "source"),
                              ("vote_rounds", "may_change_ballot")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 6")
    conn.close()
    with WorkshopStore.open(path, device_id="a", read_only=True) as old:
        assert {i.source for i in old.list(Idea)} == {Source.LAPTOP}
        assert [r.may_change_ballot for r in old.list(VoteRound)] == [False]
    with WorkshopStore.open(path, device_id="a") as store:
        assert store.schema_version() == 7
        assert {i.source for i in store.list(Idea)} == {Source.LAPTOP}
        round_id = store.list(VoteRound)[0].id
        ballot = cast_ballot(store, round_id, {store.list(Idea)[0].id: 1})
        assert ballot.source is Source.LAPTOP


def test_workshop_data_of_format_2_reads_as_from_the_laptop():
    data = {"format_version": 2, "ideas": [{"id": "i"}], "ballots": [{"id": "b"}],
            "vote_rounds": [{"id": "r"}]}
    upgrade(data)
    assert data["format_version"] == FORMAT_VERSION == 3
    assert data["ideas"][0]["source"] == data["ballots"][0]["source"] == "laptop"
    assert data["vote_rounds"][0]["may_change_ballot"] is False


def test_results_show_phone_laptop_and_paper_votes_beside_each_other(hall):
    phone_ballot(hall, "p1", {hall.ideas[2]: 1, hall.ideas[3]: 1})
    voided = phone_ballot(hall, "p2", {hall.ideas[2]: 1})
    hall.writer.call(lambda s: void_phone_ballot(s, voided.id, "test"))
    hall.writer.call(lambda s: cast_ballot(s, hall.round_id, {hall.ideas[2]: 2}))
    hall.writer.call(lambda s: set_paper_tally(s, hall.round_id, {hall.ideas[0]: 4}, 3))
    sourced = results_by_source(hall.store, hall.round_id)
    assert sourced.ballots == {"laptop": 1, "phone": 1} and sourced.paper_voters == 3
    assert sourced.dots[hall.ideas[2]] == {"laptop": 2, "phone": 1, "paper": 0}
    assert sourced.dots[hall.ideas[0]] == {"laptop": 0, "phone": 0, "paper": 4}
    assert sourced.dots[hall.ideas[3]] == {"laptop": 0, "phone": 1, "paper": 0}
    totals = {c.candidate_id: c.total for c in round_results(hall.store, hall.round_id)
              .candidates}
    assert all(sum(sourced.dots[cid].values()) == total for cid, total in totals.items())
