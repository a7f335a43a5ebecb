"""Attacks on hidden results: what a phone can learn of a round's tally before reveal."""

from __future__ import annotations

import pytest

from workshop.model import Ballot, BallotDot, CandidateKind, Idea, VoteRound
from workshop.voting import close_round, open_round

from .conftest import join


def runoff_after_hidden_round(hall, winner: int) -> str:
    """Round 1 closed, its results hidden, with ``hall.ideas[winner]`` first and idea 1
    second; a shortlist of its top two opened."""
    store = hall.store
    for _ in range(2):
        store.cast_ballot(Ballot(round_id=hall.round_id),
                          [BallotDot(candidate_id=hall.ideas[winner], dots=2),
                           BallotDot(candidate_id=hall.ideas[1], dots=1)])
    store.cast_ballot(Ballot(round_id=hall.round_id),
                      [BallotDot(candidate_id=hall.ideas[1], dots=1)])
    close_round(store, hall.round_id)
    runoff = store.add(VoteRound(name="Runoff", prompt_id=hall.prompt,
                                 candidate_kind=CandidateKind.SHORTLIST,
                                 source_round_id=hall.round_id, shortlist_size=2)).id
    open_round(store, runoff)
    return runoff


@pytest.mark.parametrize("winner", [0, 3])
async def test_a_shortlist_does_not_show_the_hidden_ranking(client, hall, winner):
    runoff = runoff_after_hidden_round(hall, winner)
    await join(client, hall)
    state = await (await client.get("/api/v1/state")).json()
    assert state["round"]["id"] == runoff
    shown = [c["id"] for c in state["round"]["candidates"]]
    assert set(shown) == {hall.ideas[winner], hall.ideas[1]}
    with hall.store.snapshot() as snapshot:
        titles = {i.id: i.title for i in snapshot.list(Idea)}
    # Whichever idea won the hidden round, the phone lists the shortlist the same way.
    assert shown == sorted(shown, key=lambda cid: (titles[cid].casefold(), cid))
