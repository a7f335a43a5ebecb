"""A round's results: digital and paper dots per candidate, ranked, with ties kept.

The sums come from the store's running tally (kept per round, voter's team and candidate
by triggers as ballots are cast, voided or merged), so counting does not grow with the
ballots; ranking the few candidates is done here.

Ranking is competition ranking on the total (digital + paper): equal totals share a rank
and the next rank skips (1, 1, 3). Ties are never broken: tied candidates keep their shared
rank and ``tied=True`` until the facilitator runs a runoff round. Only for listing, equal
totals keep the order the candidates had on the ballot (the round's ``candidate_ids``,
frozen when it opened), so the same data always lists the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.model import Tally, VoteRound
from workshop.store import WorkshopStore


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: str
    title: str  # the idea's title or the cluster's name
    digital: int  # net dots from cast, non-voided ballots (negative dots subtract)
    paper: int  # sticker dots counted on paper (Tally)
    total: int  # digital + paper
    rank: int  # competition ranking: 1, 1, 3 – ties share a rank
    tied: bool  # shares its rank with another candidate


@dataclass(frozen=True)
class RoundResults:
    round: VoteRound
    candidates: tuple[CandidateResult, ...]  # best first; equal totals in ballot order
    ballots: int  # counted digital ballots (cast, not voided)
    voided: int
    paper_voters: int  # 0 when none
    attendees: int | None  # the workshop's attendees
    turnout: float | None  # (ballots + paper_voters) / attendees, None without attendees
    # voter's team id (None = not given) -> candidate id -> digital dots
    by_team: dict[str | None, dict[str, int]]

    def at_rank(self, rank: int) -> tuple[CandidateResult, ...]:
        return tuple(c for c in self.candidates if c.rank == rank)


def ranking(order: Sequence[str], totals: Mapping[str, int]) -> list[tuple[str, int, bool]]:
    """(candidate id, rank, tied) best first; equal totals keep their place in ``order``.

    Competition ranking: a candidate's rank is 1 + the number of candidates with a
    strictly higher total. Candidates missing from ``totals`` have 0.
    """
    ordered = sorted(order, key=lambda cid: -totals.get(cid, 0))  # stable: keeps ``order``
    ranked: list[tuple[str, int, bool]] = []
    counts: dict[int, int] = {}
    for position, cid in enumerate(ordered):
        total = totals.get(cid, 0)
        if position and totals.get(ordered[position - 1], 0) == total:
            rank = ranked[-1][1]
        else:
            rank = position + 1
        ranked.append((cid, rank, False))
        counts[rank] = counts.get(rank, 0) + 1
    return [(cid, rank, counts[rank] > 1) for cid, rank, _ in ranked]


def round_results(store: WorkshopStore, round_id: str) -> RoundResults:
    """Count a round: digital ballots, paper tallies, ranks, per-team dots and turnout.

    Computed whatever the round's state; whether people may see them is
    ``results_visible``'s answer. A dot given to something that is not (or no longer) a
    candidate is still counted and listed after the candidates, never dropped silently.
    """
    vote_round = store.get(VoteRound, round_id)
    digital: dict[str, int] = {}
    by_team: dict[str | None, dict[str, int]] = {}
    for team_id, candidate_id, dots in store.round_tally(round_id):
        digital[candidate_id] = digital.get(candidate_id, 0) + dots
        by_team.setdefault(team_id, {})[candidate_id] = dots
    paper = {t.candidate_id: t.dots for t in store.list(Tally, round_id=round_id)}
    order = list(dict.fromkeys([*vote_round.candidate_ids, *sorted(digital), *sorted(paper)]))
    totals = {cid: digital.get(cid, 0) + paper.get(cid, 0) for cid in order}
    titles = store.candidate_titles(order)
    candidates = tuple(
        CandidateResult(
            candidate_id=cid, title=titles.get(cid, cid), digital=digital.get(cid, 0),
            paper=paper.get(cid, 0), total=totals[cid], rank=rank, tied=tied,
        )
        for cid, rank, tied in ranking(order, totals)
    )
    ballots, voided = store.round_ballot_counts(round_id)
    paper_voters = vote_round.paper_voters or 0
    attendees = store.workshop().attendees
    return RoundResults(
        round=vote_round,
        candidates=candidates,
        ballots=ballots,
        voided=voided,
        paper_voters=paper_voters,
        attendees=attendees,
        turnout=(ballots + paper_voters) / attendees if attendees else None,
        by_team=by_team,
    )


def results_visible(vote_round: VoteRound) -> bool:
    """Whether the running or final tally may be shown (window, projector, exports)."""
    return not vote_round.hidden_until_revealed or vote_round.revealed_at is not None
