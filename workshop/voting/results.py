"""A round's results: digital and paper dots per candidate, ranked, with ties kept.

The sums come from the store's running tally (kept per round, voter's team and candidate
by triggers as ballots are cast, voided or merged), so counting does not grow with the
ballots; ranking the few candidates is done here.

Ranking is competition ranking on the total (digital + paper): equal totals share a rank
and the next rank skips (1, 1, 3). Ties are never broken: tied candidates keep their shared
rank and ``tied=True`` until the facilitator runs a runoff round. Only for listing, equal
totals keep the order the candidates had on the ballot (the round's ``candidate_ids``,
frozen when it opened), so the same data always lists the same way.

Which ties mean something: a candidate nobody gave a dot (no digital dot, no paper
sticker) has "no dots" – it is never tied, however many share its zero (27 ideas without
dots are not "tied for 4th"). A tie matters where it crosses the round's *cut*, the number
of places that go forward: the size of the shortlist drawn from the round, or else the top
``DEFAULT_CUT``. ``RoundResults.cut_tie`` holds exactly the candidates tied across it – what
a tie banner names and what a runoff offers – and is empty when the cut falls between two
different totals. The window's table, the projector, the PDF and the bundle all read these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.model import CandidateKind, Tally, VoteRound
from workshop.store import WorkshopStore

# The places that go forward when no shortlist is drawn from a round: a results chart is
# read from its top 5–10 bars (room.md), and 10 is what the projector shows large.
DEFAULT_CUT = 10


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: str
    title: str  # the idea's title or the cluster's name
    digital: int  # net dots from cast, non-voided ballots (negative dots subtract)
    paper: int  # sticker dots counted on paper (Tally)
    total: int  # digital + paper
    rank: int  # competition ranking: 1, 1, 3 – ties share a rank
    tied: bool  # shares its rank with another candidate that has dots
    no_dots: bool = False  # nobody gave it a dot, digital or paper: never tied


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
    cut: int = DEFAULT_CUT  # the places that go forward (see the module's docstring)
    cut_tie: tuple[CandidateResult, ...] = ()  # tied across the cut: the runoff's candidates

    def at_rank(self, rank: int) -> tuple[CandidateResult, ...]:
        return tuple(c for c in self.candidates if c.rank == rank)

    def with_dots(self) -> tuple[CandidateResult, ...]:
        return tuple(c for c in self.candidates if not c.no_dots)

    def without_dots(self) -> int:
        return sum(c.no_dots for c in self.candidates)


def tie_across_cut(candidates: Sequence[CandidateResult], cut: int) -> tuple[CandidateResult, ...]:
    """The candidates that share the total of the last place inside ``cut`` with the first
    place outside it – both with dots; () when the cut falls between different totals."""
    ranked = [c for c in candidates if not c.no_dots]
    if cut < 1 or len(ranked) <= cut or ranked[cut - 1].total != ranked[cut].total:
        return ()
    return tuple(c for c in ranked if c.total == ranked[cut].total)


def round_cut(store: WorkshopStore, vote_round: VoteRound) -> int:
    """The places that go forward from a round: the smallest shortlist drawn from it (a
    runoff keeps its source's cut as its size), or else ``DEFAULT_CUT``."""
    sizes = [r.shortlist_size for r in store.list(VoteRound)
             if r.source_round_id == vote_round.id and r.shortlist_size
             and r.candidate_kind == CandidateKind.SHORTLIST]
    return min(sizes, default=DEFAULT_CUT)


def ranking(order: Sequence[str], totals: Mapping[str, int],
            no_dots: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, int, bool]]:
    """(candidate id, rank, tied) best first; equal totals keep their place in ``order``.

    Competition ranking: a candidate's rank is 1 + the number of candidates with a
    strictly higher total. Candidates missing from ``totals`` have 0. Those in
    ``no_dots`` keep their rank but are never tied, nor make another one tied.
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
        if cid not in no_dots:
            counts[rank] = counts.get(rank, 0) + 1
    return [(cid, rank, cid not in no_dots and counts[rank] > 1) for cid, rank, _ in ranked]


def round_results(store: WorkshopStore, round_id: str, cut: int | None = None) -> RoundResults:
    """Count a round: digital ballots, paper tallies, ranks, per-team dots and turnout.

    Computed whatever the round's state; whether people may see them is
    ``results_visible``'s answer. ``cut`` overrides ``round_cut``. A dot given to
    something that is not (or no longer) a candidate is still counted and listed after the
    candidates, never dropped silently.
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
    # The running tally lists only candidates some counted dot reached (a +1 and a -1
    # make a result of 0, not "no dots"); paper counts of 0 are no stickers.
    no_dots = {cid for cid in order if cid not in digital and not paper.get(cid)}
    titles = store.candidate_titles(order)
    candidates = tuple(
        CandidateResult(
            candidate_id=cid, title=titles.get(cid, cid), digital=digital.get(cid, 0),
            paper=paper.get(cid, 0), total=totals[cid], rank=rank, tied=tied,
            no_dots=cid in no_dots,
        )
        for cid, rank, tied in ranking(order, totals, no_dots)
    )
    cut = round_cut(store, vote_round) if cut is None else cut
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
        cut=cut,
        cut_tie=tie_across_cut(candidates, cut),
    )


def results_visible(vote_round: VoteRound) -> bool:
    """Whether the running or final tally may be shown (window, projector, exports)."""
    return not vote_round.hidden_until_revealed or vote_round.revealed_at is not None
