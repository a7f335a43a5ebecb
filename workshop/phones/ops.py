"""The writes a phone may make, as operations for the workshop's single writer.

Each ``*_op`` returns a function of the writer's store, run inside one transaction: the
rules of the core first (the same ``InputError`` messages as on the laptop), then the
write, then the phone's bookkeeping (``PhoneBook``) – all of it lands, or none of it.
A refusal the page must tell apart from bad input is a ``Refused`` with an error code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from workshop.errors import InputError, WorkshopError
from workshop.i18n import N_
from workshop.model import Ballot, BallotDot, Idea, Prompt, RoundStatus, Source, Team, VoteRound
from workshop.store import WorkshopStore
from workshop.store.phones import Answer, PhoneBallotTaken, PhoneBook
from workshop.voting import candidates_for, validate_ballot


class Refused(Exception):
    """A write refused for a reason with its own HTTP status and code (see the API)."""

    def __init__(self, status: int, code: str, error: WorkshopError) -> None:
        super().__init__(str(error))
        self.status, self.code, self.error = status, code, error


def request_fingerprint(path: str, body: Any) -> str:
    """What a request asked for, so a reused idempotency key with other content is seen."""
    text = json.dumps([path, body], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def remembered(session_id: str, key: str, request: str,
               write: Callable[[WorkshopStore], tuple[int, dict[str, Any]]]
               ) -> Callable[[WorkshopStore], Answer]:
    """``write`` under an idempotency key: the answer kept with the key, in the write's own
    transaction, is given again for the same key and the write never runs twice. A refused
    write changes nothing, keeps nothing, and may be retried with the same key."""

    def op(store: WorkshopStore) -> Answer:
        book = PhoneBook(store)
        earlier = book.answer(session_id, key)
        if earlier is not None:
            if earlier.request != request:
                raise Refused(409, "idempotency_conflict", InputError("key", N_(
                    "This request was already sent with different content. Reload the "
                    "page and try again.")))
            return earlier
        status, body = write(store)
        answer = Answer(request, status, body)
        book.remember(session_id, key, answer, store.now())
        return answer

    return op


# ----------------------------------------------------------------------------- ideas

def add_idea_op(session_id: str, *, title: str, details: str, prompt_id: str | None,
                team_id: str | None) -> Callable[[WorkshopStore], Idea]:
    def op(store: WorkshopStore) -> Idea:
        if team_id is None or prompt_id is None:
            raise InputError("team", N_("Choose a team and a prompt first."))
        store.get(Prompt, prompt_id)
        store.get(Team, team_id)
        position = len(store.list(Idea, prompt_id=prompt_id, team_id=team_id))
        idea = store.add(Idea(title=title, details=details, prompt_id=prompt_id,
                              team_id=team_id, position=position, source=Source.PHONE))
        PhoneBook(store).add_idea(idea.id, session_id)
        return idea

    return op


# ----------------------------------------------------------------------------- ballots

def cast_ballot_op(session_id: str, round_id: str, dots: Mapping[str, int],
                   team_id: str | None) -> Callable[[WorkshopStore], tuple[Ballot, dict]]:
    """One phone's ballot. Without the round's ``may_change_ballot`` a phone casts once;
    with it, a new ballot replaces the phone's earlier one (tombstoned, so it no longer
    counts) while the round is open. A ballot the facilitator voided stays voided."""

    def op(store: WorkshopStore) -> tuple[Ballot, dict]:
        vote_round = store.get(VoteRound, round_id)
        book = PhoneBook(store)
        earlier = book.ballot_of(round_id, session_id)
        _may_cast(store, vote_round, earlier)
        given = _checked_dots(store, vote_round, dots, team_id)
        ballot = store.cast_ballot(
            Ballot(round_id=round_id, team_id=team_id, source=Source.PHONE),
            [BallotDot(candidate_id=cid, dots=n) for cid, n in given.items()])
        if earlier is not None:
            store.delete(Ballot, earlier)
        try:
            book.claim_ballot(round_id, session_id, ballot.id, replacing=earlier)
        except PhoneBallotTaken:
            raise _already_voted(vote_round) from None
        return ballot, given

    return op


def _may_cast(store: WorkshopStore, vote_round: VoteRound, earlier: str | None) -> None:
    if vote_round.status == RoundStatus.OPEN and earlier is not None:
        if not vote_round.may_change_ballot:
            raise _already_voted(vote_round)
        if store.get(Ballot, earlier, include_deleted=True).voided_at is not None:
            raise Refused(409, "already_voted", InputError("round", N_(
                "Your ballot in round “{round}” was voided by the facilitator."),
                round=vote_round.name))


def _already_voted(vote_round: VoteRound) -> Refused:
    return Refused(409, "already_voted", InputError("round", N_(
        "You have already voted in round “{round}”."), round=vote_round.name))


def _checked_dots(store: WorkshopStore, vote_round: VoteRound, dots: Mapping[str, int],
                  team_id: str | None) -> dict[str, int]:
    """The core's ballot rules, with the refusals the page tells apart given their codes."""
    teams = None
    if not vote_round.allow_own_team and team_id is not None:
        teams = {c.id: c.team_id for c in candidates_for(store, vote_round)}
    try:
        return validate_ballot(vote_round, dots, team_id, teams)
    except InputError as error:
        if vote_round.status == RoundStatus.CLOSED:
            raise Refused(409, "round_closed", error) from None
        if vote_round.status == RoundStatus.DRAFT:
            raise Refused(409, "round_not_open", error) from None
        if error.field == "team_id" or (teams is not None and any(
                teams.get(cid) == team_id for cid, n in dots.items() if n)):
            raise Refused(403, "own_team", error) from None
        raise


# ----------------------------------------------------------------------------- sessions

def join_op(session_id: str, lang: str) -> Callable[[WorkshopStore], None]:
    def op(store: WorkshopStore) -> None:
        PhoneBook(store).add_session(session_id, lang, store.now())

    return op


def set_session_op(session_id: str, *, lang: str, team_id: str | None
                   ) -> Callable[[WorkshopStore], None]:
    def op(store: WorkshopStore) -> None:
        if team_id is not None:
            store.get(Team, team_id)
        PhoneBook(store).set_session(session_id, lang=lang, team_id=team_id, now=store.now())

    return op
