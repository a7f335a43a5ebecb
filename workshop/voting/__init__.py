"""Dot voting, without Qt: rounds with explicit rules, private ballots, paper tallies,
results with ties kept, and a log of every round.

A round is a ``VoteRound`` record. It starts as a draft whose rules and candidates change
freely (``change_rules``); ``open_round`` freezes its candidates and starts voting;
``cast_ballot`` stores one voter's dots after ``validate_ballot`` (only the round's
candidates, at most ``max_dots_per_idea`` on one, at most ``dots_per_voter`` in all,
negative dots only within their own budget, no dots on one's own team's ideas when the
round forbids it); ``void_last_ballot`` takes back the last one with a logged reason;
``set_paper_tally`` adds sticker counts typed in from paper, kept apart from the ballots;
``close_round`` stops voting and ``reveal_round`` lets people see the results.
While a round is open no candidate can be added, and no limit can go below what a
counted ballot already used.

Tie rule: ties are never broken silently. Candidates with equal totals share a rank
(competition ranking: 1, 1, 3) and are marked ``tied`` – except those without any dot,
which are "no dots", never tied. A tie matters where it crosses the round's cut (the
shortlist drawn from it, or the top ``DEFAULT_CUT``): ``RoundResults.cut_tie``, the
candidates a runoff round (``runoff_round``) offers, exactly.
Only for listing, equal totals keep their ballot order (the round's frozen
``candidate_ids``), which is deterministic and favours no one by the data.

Every change to a round is logged as a ``RoundEvent`` in the same transaction.
"""

from workshop.voting.log import event_messages, round_log
from workshop.voting.results import (
    DEFAULT_CUT,
    CandidateResult,
    RoundResults,
    ranking,
    results_visible,
    round_cut,
    round_results,
    tie_across_cut,
)
from workshop.voting.rounds import (
    Candidate,
    ImplausibleTallyError,
    candidates_for,
    cast_ballot,
    change_rules,
    close_round,
    open_round,
    reveal_round,
    runoff_round,
    set_paper_tally,
    void_last_ballot,
)
from workshop.voting.rules import (
    check_rule_change,
    paper_warnings,
    suggested_dots,
    validate_ballot,
)

__all__ = [
    "DEFAULT_CUT", "Candidate", "CandidateResult", "ImplausibleTallyError", "RoundResults",
    "candidates_for", "cast_ballot", "change_rules", "check_rule_change", "close_round",
    "event_messages", "open_round", "paper_warnings", "ranking", "results_visible",
    "reveal_round", "round_cut", "round_log", "round_results", "runoff_round", "set_paper_tally",
    "suggested_dots", "tie_across_cut", "validate_ballot", "void_last_ballot",
]
