"""What a phone may read, as JSON-ready data, from one snapshot of the workshop.

Hidden results never leave the laptop: a round's totals appear only once it is revealed,
and nothing else here counts ballots or dots (no "n people voted", no running tally).
A phone sees the open round's rules and candidates and its own ballot, its team's ideas
(or, without a team, its own), the teams and the prompts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop.model import Ballot, BallotDot, Idea, Prompt, RoundStatus, Team, VoteRound
from workshop.rules import LIMITS
from workshop.store.phones import PhoneBook, PhoneSession
from workshop.store.snapshots import StoreSnapshot
from workshop.voting import candidates_for, round_results

# Results of this many revealed rounds at most: a phone's screen, not an archive.
RESULT_ROUNDS = 3


@dataclass
class Room:
    """The laptop's switches for the phones, changed by the facilitator while serving."""

    paused: bool = False  # phones may read, not write
    prompt_id: str | None = None  # the prompt ideas go to; None: the first prompt
    max_body_bytes: int = 16 * 1024


def team_view(team: Team) -> dict[str, Any]:
    return {"id": team.id, "name": team.name, "colour": team.colour}


def joined_view(snapshot: StoreSnapshot, session: PhoneSession) -> dict[str, Any]:
    workshop = snapshot.workshop()
    return {"title": workshop.title, "languages": list(workshop.languages),
            "lang": session.lang, "teams": [team_view(t) for t in snapshot.list(Team)],
            "team_id": session.team_id}


def idea_view(idea: Idea, mine: bool) -> dict[str, Any]:
    return {"id": idea.id, "title": idea.title, "details": idea.details,
            "prompt_id": idea.prompt_id, "team_id": idea.team_id,
            "source": str(idea.source), "mine": mine}


def current_prompt(snapshot: StoreSnapshot, room: Room) -> Prompt | None:
    prompts = snapshot.list(Prompt)
    chosen = [p for p in prompts if p.id == room.prompt_id]
    return (chosen or prompts or [None])[0]


def state_view(snapshot: StoreSnapshot, session: PhoneSession, room: Room) -> dict[str, Any]:
    book = PhoneBook(snapshot)
    mine = book.ideas_of(session.id)
    if session.team_id is not None:
        ideas = snapshot.list(Idea, team_id=session.team_id)
    else:
        ideas = [i for i in snapshot.list(Idea) if i.id in mine]
    prompt = current_prompt(snapshot, room)
    return {
        "title": snapshot.workshop().title,
        "lang": session.lang,
        "paused": room.paused,
        "team_id": session.team_id,
        "teams": [team_view(t) for t in snapshot.list(Team)],
        "prompt": None if prompt is None else {"id": prompt.id, "text": prompt.text},
        "prompts": [{"id": p.id, "text": p.text} for p in snapshot.list(Prompt)],
        "ideas": [idea_view(i, i.id in mine) for i in ideas if i.merged_into_id is None],
        "round": round_view(snapshot, session),
        "results": results_view(snapshot),
        "limits": {"idea_title": LIMITS["idea_title"], "idea_details": LIMITS["idea_details"],
                   "max_body_bytes": room.max_body_bytes},
    }


def _shown_round(snapshot: StoreSnapshot) -> VoteRound | None:
    """The newest open round; else the newest closed one whose results are still hidden
    (the page says "voting has closed")."""
    rounds = snapshot.list(VoteRound)
    for status in (RoundStatus.OPEN, RoundStatus.CLOSED):
        found = [r for r in rounds if r.status == status and r.revealed_at is None]
        if found:
            return max(found, key=lambda r: (r.opened_at or "", r.created_at))
    return None


def round_view(snapshot: StoreSnapshot, session: PhoneSession) -> dict[str, Any] | None:
    vote_round = _shown_round(snapshot)
    if vote_round is None:
        return None
    return {
        "id": vote_round.id, "name": vote_round.name, "status": str(vote_round.status),
        "dots_per_voter": vote_round.dots_per_voter,
        "max_dots_per_idea": vote_round.max_dots_per_idea,
        "negative_dots": vote_round.negative_dots,
        "allow_own_team": vote_round.allow_own_team,
        "may_change_ballot": vote_round.may_change_ballot,
        "candidates": [
            {"id": c.id, "title": c.title, "team_id": c.team_id,
             "own_team": session.team_id is not None and c.team_id == session.team_id}
            for c in _ballot_order(snapshot, vote_round)],
        "my_ballot": my_ballot(snapshot, vote_round.id, session.id),
    }


def _ballot_order(snapshot: StoreSnapshot, vote_round: VoteRound) -> list:
    """The candidates as the phone lists them. A shortlist is frozen best first; its source
    round's results may still be hidden, so the phone lists it by title instead."""
    candidates = list(candidates_for(snapshot, vote_round))  # type: ignore[arg-type]
    if vote_round.source_round_id is None:
        return candidates
    return sorted(candidates, key=lambda c: (c.title.casefold(), c.id))


def my_ballot(snapshot: StoreSnapshot, round_id: str, session_id: str) -> dict | None:
    ballot_id = PhoneBook(snapshot).ballot_of(round_id, session_id)
    if ballot_id is None:
        return None
    ballot = snapshot.get(Ballot, ballot_id, include_deleted=True)
    return ballot_view(ballot, {d.candidate_id: d.dots
                                for d in snapshot.list(BallotDot, ballot_id=ballot_id)})


def ballot_view(ballot: Ballot, dots: dict[str, int]) -> dict[str, Any]:
    """The phone's own ballot and nothing about anyone else's."""
    return {"round_id": ballot.round_id, "dots": dots, "cast_at": ballot.cast_at,
            "voided": ballot.voided_at is not None}


def results_view(snapshot: StoreSnapshot) -> list[dict[str, Any]]:
    revealed = sorted((r for r in snapshot.list(VoteRound) if r.revealed_at is not None),
                      key=lambda r: r.revealed_at or "", reverse=True)[:RESULT_ROUNDS]
    shown = []
    for vote_round in revealed:
        results = round_results(snapshot, vote_round.id)  # type: ignore[arg-type]
        shown.append({"round_id": vote_round.id, "name": vote_round.name, "candidates": [
            {"candidate_id": c.candidate_id, "title": c.title, "total": c.total,
             "rank": c.rank, "tied": c.tied} for c in results.candidates]})
    return shown
