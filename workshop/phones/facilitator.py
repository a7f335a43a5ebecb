"""What only the laptop does about phones: the join token, and voiding a phone's ballot.

No phone request reaches these functions: the server has no route to them.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import NamedTuple

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Ballot, RoundEventKind, RoundStatus, Source, Tally, VoteRound
from workshop.rules import LIMITS
from workshop.store import WorkshopStore
from workshop.store.phones import PhoneBook
from workshop.text import checked_text
from workshop.voting.log import log_event

# 128 bits: the token is the only thing between the room's Wi-Fi and the workshop.
TOKEN_BYTES = 16


def join_token(store: WorkshopStore) -> str:
    """The workshop's join token, made (and stored in the file) the first time."""
    with store.transaction():
        book = PhoneBook(store)
        token = book.join_token()
        if token is None:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            book.set_join_token(token, store.now())
        return token


def new_join_token(store: WorkshopStore) -> str:
    """Replace the join token: phones that joined keep their sessions, the old QR codes
    let nobody new in."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with store.transaction():
        PhoneBook(store).set_join_token(token, store.now())
    return token


def void_phone_ballot(store: WorkshopStore, ballot_id: str, reason: str) -> Ballot:
    """Void one ballot cast on a phone while its round is open (a phone passed to a second
    person, a test vote); the reason is required and logged with the round."""
    reason = checked_text(reason, "reason", max_length=LIMITS["reason"], required=True)
    with store.transaction():
        ballot = store.get(Ballot, ballot_id)
        vote_round = store.get(VoteRound, ballot.round_id)
        if ballot.source != Source.PHONE:
            raise InputError("ballot", N_("Only a ballot cast on a phone can be voided here."))
        if vote_round.status != RoundStatus.OPEN:
            raise InputError("status", N_(
                "Ballots can be voided only while the round is open; round “{round}” is "
                "not."), round=vote_round.name)
        if ballot.voided_at is not None:
            raise InputError("ballot", N_("This ballot is already voided."))
        now = store.now()
        voided = store.update(dataclasses.replace(ballot, voided_at=now, void_reason=reason))
        log_event(store, vote_round.id, RoundEventKind.BALLOT_VOIDED, now,
                  ballot_id=ballot.id, cast_at=ballot.cast_at, reason=reason,
                  source=str(Source.PHONE))
    return voided


class SourcedResults(NamedTuple):
    """Where a round's votes came from: counted ballots per source, and each candidate's
    dots from laptop ballots, phone ballots and paper tallies ("paper")."""

    ballots: dict[str, int]
    paper_voters: int
    dots: dict[str, dict[str, int]]


def results_by_source(store: WorkshopStore, round_id: str) -> SourcedResults:
    """The laptop's view of a round's votes by source (its results page shows them beside
    each other). Like every tally, for the laptop: no phone route reads it."""
    vote_round = store.get(VoteRound, round_id)
    ballots, dots = store.counted_by_source(round_id)
    ballots = {str(source): ballots.get(str(source), 0) for source in Source}
    by_candidate: dict[str, dict[str, int]] = {}
    for cid in dict.fromkeys([*vote_round.candidate_ids, *dots]):
        found = dots.get(cid, {})
        by_candidate[cid] = {str(source): found.get(str(source), 0) for source in Source}
        by_candidate[cid]["paper"] = 0
    for tally in store.list(Tally, round_id=round_id):
        by_candidate.setdefault(tally.candidate_id, {str(s): 0 for s in Source})
        by_candidate[tally.candidate_id]["paper"] = tally.dots
    return SourcedResults(ballots, vote_round.paper_voters or 0, by_candidate)
