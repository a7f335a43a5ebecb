"""Attacks on the round's rules from a phone: own team, closed rounds, pause."""

from __future__ import annotations

import pytest

from workshop.model import Ballot

from .conftest import key


@pytest.fixture
def rules():
    return {"allow_own_team": False}


def counted(hall) -> list[Ballot]:
    with hall.store.snapshot() as snapshot:
        return [b for b in snapshot.list(Ballot, round_id=hall.round_id)
                if b.deleted_at is None and b.voided_at is None]


async def test_own_team_is_refused(phone, hall):
    response = await phone.post("/api/v1/ballots", headers=key(), json={
        "round_id": hall.round_id, "dots": {hall.ideas[0]: 1}})
    assert response.status == 403
    assert counted(hall) == []


async def test_leaving_the_team_does_not_lift_the_own_team_rule(phone, hall):
    """A phone that chose team 0, then 'no team', votes for team 0's idea."""
    assert (await phone.post("/api/v1/team", json={"team_id": None})).status == 200
    response = await phone.post("/api/v1/ballots", headers=key(), json={
        "round_id": hall.round_id, "dots": {hall.ideas[0]: 1}})
    assert response.status in (403, 409)
    assert counted(hall) == []


async def test_paused_phones_cast_nothing(phone, hall):
    hall.room.paused = True
    response = await phone.post("/api/v1/ballots", headers=key(), json={
        "round_id": hall.round_id, "dots": {hall.ideas[2]: 1}})
    assert response.status == 409
    assert counted(hall) == []
