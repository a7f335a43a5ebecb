"""Each round's log: its rules, times and counts, kept as ``RoundEvent`` records.

The log is written in the same transaction as the change it records, so it never
disagrees with the round. ``event_messages`` turns an entry into sentences for the
window and the report.
"""

from __future__ import annotations

import json
from typing import Any

from workshop.i18n import N_, Message
from workshop.model import RoundEvent, RoundEventKind, VoteRound
from workshop.store import WorkshopStore
from workshop.text import field_label


def rules_of(vote_round: VoteRound) -> dict[str, Any]:
    """The rules as logged when a round opens."""
    return {
        "candidate_kind": vote_round.candidate_kind.value,
        "candidates": len(vote_round.candidate_ids),
        "dots_per_voter": vote_round.dots_per_voter,
        "max_dots_per_idea": vote_round.max_dots_per_idea,
        "negative_dots": vote_round.negative_dots,
        "allow_own_team": vote_round.allow_own_team,
        "hidden_until_revealed": vote_round.hidden_until_revealed,
        "may_change_ballot": vote_round.may_change_ballot,
    }


def log_event(store: WorkshopStore, round_id: str, event: RoundEventKind,
              at: str, **details: Any) -> RoundEvent:
    return store.add(RoundEvent(
        round_id=round_id, at=at, event=event,
        details=json.dumps(details, ensure_ascii=False, sort_keys=True),
    ))


def round_log(store: WorkshopStore, round_id: str) -> list[RoundEvent]:
    """The round's log, oldest first."""
    return sorted(store.list(RoundEvent, round_id=round_id), key=lambda e: (e.at, e.created_at))


def event_messages(event: RoundEvent) -> list[Message]:
    """One or more sentences describing a log entry (its time is ``event.at``)."""
    d = json.loads(event.details)
    kind = RoundEventKind(event.event)
    if kind is RoundEventKind.OPENED:
        rules = d.get("rules", {})
        opened = [Message(N_(
            "Voting opened. Candidates: {candidates}; dots per voter: {dots}; most dots per "
            "candidate: {cap}; negative dots: {negative}; teams may vote for their own ideas: "
            "{own}; results hidden until revealed: {hidden}."), {
            "candidates": rules.get("candidates", 0), "dots": rules.get("dots_per_voter"),
            "cap": rules.get("max_dots_per_idea"), "negative": rules.get("negative_dots", 0),
            "own": _yes_no(rules.get("allow_own_team")),
            "hidden": _yes_no(rules.get("hidden_until_revealed")),
        })]
        if "may_change_ballot" in rules:  # rounds opened before phones lack it
            opened.append(Message(N_("Phones may change their ballot until voting closes: "
                                     "{change}."),
                                  {"change": _yes_no(rules["may_change_ballot"])}))
        return opened
    if kind is RoundEventKind.CLOSED:
        return [Message(N_("Voting closed. Ballots counted: {ballots}; voided: {voided}."),
                        {"ballots": d.get("ballots", 0), "voided": d.get("voided", 0)})]
    if kind is RoundEventKind.REVEALED:
        return [Message(N_("Results revealed. Ballots counted: {ballots}; voters on paper: "
                           "{paper_voters}."),
                        {"ballots": d.get("ballots", 0),
                         "paper_voters": d.get("paper_voters", 0)})]
    if kind is RoundEventKind.BALLOT_VOIDED:
        return [Message(N_("A ballot cast at {cast_at} was voided. Reason: {reason}"),
                        {"cast_at": d.get("cast_at", ""), "reason": d.get("reason", "")})]
    if kind is RoundEventKind.PAPER_TALLY_SET:
        counts = d.get("counts", {})
        return [Message(N_("Paper counts typed in. Dots: {dots}; candidates: {candidates}; "
                           "voters: {voters}."),
                        {"dots": sum(counts.values()), "candidates": len(counts),
                         "voters": d.get("voters", 0)})]
    return [
        Message(N_("Rule changed: {field} from {old} to {new}."),
                {"field": _label(name), "old": _value(old), "new": _value(new)})
        for name, (old, new) in sorted(d.get("changes", {}).items())
    ]


# Rules without a general field label (workshop.text has the others).
_LABELS = {
    "allow_own_team": N_("Teams may vote for their own ideas"),
    "hidden_until_revealed": N_("Results hidden until revealed"),
    "may_change_ballot": N_("Phones may change their ballot until voting closes"),
    "candidate_kind": N_("Candidates"),
}


def _label(name: str) -> Message:
    return Message(_LABELS[name]) if name in _LABELS else field_label(name)


def _yes_no(value: object) -> Message:
    return Message(N_("yes") if value else N_("no"))


def _value(value: object) -> object:
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list):
        return len(value)
    return value
