"""Taking a voting step back, and doing it again: what a round was before a step and after
it, and how to put it back into either state.

Every step of ``workshop.voting`` changes one round: its record (status, times, rules,
paper voters), its paper tallies, its log, and at most one ballot (cast or voided). A
``RoundState`` holds exactly that – never the round's other ballots, which can be
thousands – and ``restore_round`` makes the file match it with tombstones, so undo and
redo keep every record for merging and for the log (nothing is erased).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from workshop.model import Ballot, RoundEvent, Tally, VoteRound
from workshop.store import WorkshopStore


@dataclass(frozen=True)
class RoundState:
    vote_round: VoteRound
    tallies: frozenset[str]  # the ids of the live paper tallies
    events: frozenset[str]  # the ids of the live log events
    # The ballots the step touches, as they were; None: the ballot did not exist (yet).
    ballots: Mapping[str, Ballot | None] = field(default_factory=dict)


def round_state(store: WorkshopStore, round_id: str,
                ballots: Mapping[str, Ballot | None] | None = None) -> RoundState:
    return RoundState(
        vote_round=store.get(VoteRound, round_id),
        tallies=frozenset(t.id for t in store.list(Tally, round_id=round_id)),
        events=frozenset(e.id for e in store.list(RoundEvent, round_id=round_id)),
        ballots=dict(ballots or {}),
    )


def restore_round(store: WorkshopStore, state: RoundState) -> None:
    """Make the round, its tallies, its log and the touched ballots what ``state`` says,
    in one transaction."""
    round_id = state.vote_round.id
    with store.transaction():
        store.update(dataclasses.replace(state.vote_round))
        now = round_state(store, round_id)
        _restore_live(store, Tally, now.tallies, state.tallies)
        _restore_live(store, RoundEvent, now.events, state.events)
        for ballot_id, ballot in state.ballots.items():
            _restore_ballot(store, ballot_id, ballot)


def _restore_live(store: WorkshopStore, cls: type, live: frozenset[str],
                  wanted: frozenset[str]) -> None:
    for record_id in sorted(live - wanted):
        store.delete(cls, record_id)
    for record_id in sorted(wanted - live):
        store.undelete(cls, record_id)


def _restore_ballot(store: WorkshopStore, ballot_id: str, ballot: Ballot | None) -> None:
    current = store.get(Ballot, ballot_id, include_deleted=True)
    if ballot is None:
        if current.deleted_at is None:
            store.delete(Ballot, ballot_id)
        return
    if current.deleted_at is not None:
        store.undelete(Ballot, ballot_id)
    store.update(dataclasses.replace(ballot))
