"""A round's life: choosing candidates, opening, ballots, paper counts, closing, revealing.

Each function checks the rules (``workshop.voting.rules``) against the stored round and
writes through the store in one transaction, together with the round's log entry, so a
refused change leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workshop.errors import InputError
from workshop.i18n import N_, Message, gettext_for
from workshop.model import (
    Ballot,
    BallotDot,
    CandidateKind,
    Cluster,
    Idea,
    RoundEventKind,
    RoundStatus,
    Team,
    VoteRound,
)
from workshop.rules import LIMITS
from workshop.store import WorkshopStore
from workshop.text import checked_text
from workshop.voting.log import log_event, rules_of
from workshop.voting.results import RoundResults, round_results
from workshop.voting.rules import RULE_FIELDS, check_rule_change, paper_warnings, validate_ballot

MIN_CANDIDATES = 2


@dataclass(frozen=True)
class Candidate:
    """Something voters can give dots to: an idea, or a cluster of ideas."""

    id: str
    title: str
    # The team whose idea it is; for a cluster, the team of all its ideas if they are one
    # team's (a cluster mixing teams belongs to none, so every team may vote for it).
    team_id: str | None
    cluster: bool = False


def candidates_for(store: WorkshopStore, vote_round: VoteRound) -> tuple[Candidate, ...]:
    """The round's candidates, in ballot order.

    Once a round is open they are the frozen ``candidate_ids``. In a draft round they are
    the ``candidate_ids`` the facilitator picked (a runoff's tied ideas, say), those still
    live; or, when none were picked, chosen by ``candidate_kind``:

    - ``prompt``: the prompt's ideas; ``all``: every idea. Deleted ideas and duplicates
      merged into another idea are left out. In the ideas' display order.
    - ``clusters``: clusters holding at least one such idea (of the round's prompt, if it
      has one), in their display order.
    - ``shortlist``: the candidates ranked ``shortlist_size`` or better in the closed
      source round, best first. Ties at the cut are all included, so the shortlist may be
      longer than its size (top 3 of 1, 2, 3, 3 is four candidates); ideas without dots
      never are.
    """
    catalogue, live = _catalogue(store)
    if vote_round.status != RoundStatus.DRAFT:
        return tuple(catalogue.get(cid) or Candidate(cid, cid, None)
                     for cid in vote_round.candidate_ids)
    if vote_round.candidate_ids:
        ids = [cid for cid in vote_round.candidate_ids if cid in live]
    elif vote_round.candidate_kind == CandidateKind.SHORTLIST:
        ids = [cid for cid in _shortlist(store, vote_round) if cid in live]
    else:
        ids = _chosen_by_kind(store, vote_round, live)
    return tuple(catalogue[cid] for cid in ids)


def _catalogue(store: WorkshopStore) -> tuple[dict[str, Candidate], set[str]]:
    """Every idea and cluster as a candidate (deleted ones too, for frozen rounds), and the
    ids of those that may still become candidates."""
    ideas = store.list(Idea, include_deleted=True)
    clusters = store.list(Cluster, include_deleted=True)
    usable = [i for i in ideas if not i.deleted and i.merged_into_id is None]
    cluster_teams: dict[str, set[str | None]] = {}
    for idea in usable:
        if idea.cluster_id:
            cluster_teams.setdefault(idea.cluster_id, set()).add(idea.team_id)
    catalogue = {i.id: Candidate(i.id, i.title, i.team_id) for i in ideas}
    for c in clusters:
        teams = cluster_teams.get(c.id, set())
        catalogue[c.id] = Candidate(c.id, c.name, next(iter(teams)) if len(teams) == 1 else None,
                                    cluster=True)
    live = {i.id for i in usable} | {c.id for c in clusters if not c.deleted}
    return catalogue, live


def _chosen_by_kind(store: WorkshopStore, vote_round: VoteRound, live: set[str]) -> list[str]:
    ideas = [i for i in store.ideas() if i.id in live]
    if vote_round.candidate_kind == CandidateKind.ALL:
        return [i.id for i in ideas]
    if vote_round.prompt_id:
        ideas = [i for i in ideas if i.prompt_id == vote_round.prompt_id]
    if vote_round.candidate_kind == CandidateKind.PROMPT:
        return [i.id for i in ideas]
    holding = {i.cluster_id for i in ideas}
    return [c.id for c in store.list(Cluster) if c.id in holding]


def _shortlist(store: WorkshopStore, vote_round: VoteRound) -> list[str]:
    source = store.get(VoteRound, vote_round.source_round_id or "")
    if source.status != RoundStatus.CLOSED:
        raise InputError("source_round_id", N_(
            "The shortlist comes from round “{round}”, which is not closed yet."),
            round=source.name)
    size = vote_round.shortlist_size or 0
    # Ideas without dots are never shortlisted, not even when fewer than ``size`` have dots.
    return [c.candidate_id for c in round_results(store, source.id).candidates
            if c.rank <= size and not c.no_dots]


# --------------------------------------------------------------------------- lifecycle


def open_round(store: WorkshopStore, round_id: str) -> VoteRound:
    """Freeze the candidates and start voting; logged with the rules."""
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if vote_round.status != RoundStatus.DRAFT:
            raise InputError("status", N_("Round “{round}” has already been opened."),
                             round=vote_round.name)
        candidates = candidates_for(store, vote_round)
        if len(candidates) < MIN_CANDIDATES:
            raise InputError("candidate_ids", N_(
                "A vote needs at least {least} candidates; round “{round}” has {count}."),
                round=vote_round.name, count=len(candidates), least=MIN_CANDIDATES)
        now = store.now()
        opened = store.update(dataclasses.replace(
            vote_round, candidate_ids=tuple(c.id for c in candidates),
            status=RoundStatus.OPEN, opened_at=now))
        log_event(store, round_id, RoundEventKind.OPENED, now, rules=rules_of(opened))
    return opened


def close_round(store: WorkshopStore, round_id: str) -> VoteRound:
    """Stop voting; logged with the ballots counted and voided."""
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if vote_round.status != RoundStatus.OPEN:
            raise InputError("status", N_("Round “{round}” is not open."), round=vote_round.name)
        now = store.now()
        closed = store.update(dataclasses.replace(
            vote_round, status=RoundStatus.CLOSED, closed_at=now))
        ballots, voided = store.round_ballot_counts(round_id)
        log_event(store, round_id, RoundEventKind.CLOSED, now, ballots=ballots, voided=voided)
    return closed


def reveal_round(store: WorkshopStore, round_id: str) -> VoteRound:
    """Show a closed round's results; logged with the totals. Revealing twice is harmless."""
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if vote_round.status != RoundStatus.CLOSED:
            raise InputError("status", N_(
                "Close round “{round}” before revealing its results."), round=vote_round.name)
        if vote_round.revealed_at is not None:
            return vote_round
        now = store.now()
        revealed = store.update(dataclasses.replace(vote_round, revealed_at=now))
        results = round_results(store, round_id)
        log_event(store, round_id, RoundEventKind.REVEALED, now,
                  ballots=results.ballots, voided=results.voided,
                  paper_voters=results.paper_voters,
                  totals={c.candidate_id: c.total for c in results.candidates})
    return revealed


def change_rules(store: WorkshopStore, round_id: str, **changes: Any) -> VoteRound:
    """Change a round's name, rules or candidate choice.

    A draft round changes freely. An open round takes no new candidates, and its limits
    cannot go below what a counted ballot already used; each change is logged. A closed
    round can only be renamed.
    """
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"not a rule of a round: {', '.join(sorted(unknown))}")
    if "candidate_ids" in changes:
        changes["candidate_ids"] = tuple(changes["candidate_ids"])
    with store.transaction():
        before = store.get(VoteRound, round_id)
        after = dataclasses.replace(before, **changes)
        check_rule_change(before, after, store.round_spending(round_id))
        if (before.status == RoundStatus.OPEN and before.allow_own_team
                and not after.allow_own_team and _own_team_votes(store, before)):
            raise InputError("allow_own_team", N_(
                "Own-team votes cannot be forbidden now: a ballot of this round already "
                "gave dots to its team's idea."))
        stored = store.update(after)
        if before.status != RoundStatus.DRAFT:
            changed = {name: [_plain(getattr(before, name)), _plain(getattr(stored, name))]
                       for name in RULE_FIELDS if getattr(before, name) != getattr(stored, name)}
            if changed:
                log_event(store, round_id, RoundEventKind.RULES_CHANGED, store.now(),
                          changes=changed)
    return stored


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _own_team_votes(store: WorkshopStore, vote_round: VoteRound) -> bool:
    teams = {c.id: c.team_id for c in candidates_for(store, vote_round)}
    voters = {b.id: b.team_id for b in store.list(Ballot, round_id=vote_round.id, voided_at=None)
              if b.team_id}
    return any(teams.get(dot.candidate_id) == voters.get(dot.ballot_id)
               for dot in store.ballot_dots(vote_round.id) if dot.ballot_id in voters)


# ----------------------------------------------------------------------------- ballots


def cast_ballot(store: WorkshopStore, round_id: str, dots: Mapping[str, int],
                team_id: str | None = None) -> Ballot:
    """Check one voter's dots against the round's rules and store them as one ballot."""
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if team_id is not None:
            store.get(Team, team_id)
        teams = None
        if not vote_round.allow_own_team and team_id is not None:
            teams = {c.id: c.team_id for c in candidates_for(store, vote_round)}
        given = validate_ballot(vote_round, dots, team_id, teams)
        return store.cast_ballot(
            Ballot(round_id=round_id, team_id=team_id),
            [BallotDot(candidate_id=cid, dots=n) for cid, n in given.items()],
        )


def void_last_ballot(store: WorkshopStore, round_id: str, reason: str) -> Ballot:
    """Void the most recent counted ballot of an open round (a voter's mistake, a double
    vote); the reason is required and logged. Returns the voided ballot."""
    reason = checked_text(reason, "reason", max_length=LIMITS["reason"], required=True)
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if vote_round.status != RoundStatus.OPEN:
            raise InputError("status", N_(
                "Ballots can be voided only while the round is open; round “{round}” is "
                "not."), round=vote_round.name)
        ballot = store.last_counted_ballot(round_id)
        if ballot is None:
            raise InputError("ballot", N_("Round “{round}” has no counted ballot to void."),
                             round=vote_round.name)
        now = store.now()
        voided = store.update(dataclasses.replace(ballot, voided_at=now, void_reason=reason))
        log_event(store, round_id, RoundEventKind.BALLOT_VOIDED, now,
                  ballot_id=ballot.id, cast_at=ballot.cast_at, reason=reason)
    return voided


# ------------------------------------------------------------------------ paper tallies


class ImplausibleTallyError(InputError):
    """Paper counts that cannot be right; ``warnings`` says why. Nothing was saved: check
    the counts, or save them with ``confirmed=True``."""

    def __init__(self, warnings: list[Message]) -> None:
        self.warnings = warnings
        super().__init__("counts", N_(
            "The paper counts look impossible (problems: {count}); check them, or confirm "
            "to save them anyway."), count=len(warnings))


def set_paper_tally(store: WorkshopStore, round_id: str, counts: Mapping[str, int],
                    voters: int, *, confirmed: bool = False) -> list[Message]:
    """Store the sticker counts per candidate and the number of paper voters, replacing
    earlier ones; logged. Counts that fail ``paper_warnings`` are refused with
    ``ImplausibleTallyError`` unless ``confirmed``; the warnings are returned either way.

    Paper counts are kept apart from digital ballots (as ``Tally`` records) and added to
    them in the results.
    """
    counts = dict(counts)
    for value in [*counts.values(), voters]:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError("counts", N_("Paper counts must be whole numbers, 0 or more."))
    with store.transaction():
        vote_round = store.get(VoteRound, round_id)
        if vote_round.status == RoundStatus.DRAFT:
            raise InputError("status", N_(
                "Open round “{round}” before typing in paper counts: its candidates are "
                "fixed when it opens."), round=vote_round.name)
        unknown = [cid for cid in counts if cid not in vote_round.candidate_ids]
        if unknown:
            raise InputError("counts", N_(
                "Some paper counts ({count}) are for something that is not a candidate in "
                "round “{round}”."), count=len(unknown), round=vote_round.name)
        titles = store.candidate_titles(counts)
        warnings = paper_warnings(vote_round, counts, voters, titles)
        if warnings and not confirmed:
            raise ImplausibleTallyError(warnings)
        store.set_tallies(round_id, counts, voters)
        log_event(store, round_id, RoundEventKind.PAPER_TALLY_SET, store.now(),
                  counts=counts, voters=voters, confirmed_warnings=len(warnings))
    return warnings


# ------------------------------------------------------------------------------ runoff


def runoff_round(store: WorkshopStore, results: RoundResults,
                 name: str | None = None) -> VoteRound:
    """A new draft round whose candidates are exactly those tied across the cut
    (``results.cut_tie``), with the same rules as the closed round they come from.

    It is a shortlist of that round with its ``candidate_ids`` picked, its size the
    source's cut (the places being decided, so that the runoff does not move the source's
    cut), named "Runoff: …" in the workshop's language unless ``name`` is given.
    """
    source = store.get(VoteRound, results.round.id)
    if source.status != RoundStatus.CLOSED:
        raise InputError("status", N_(
            "Close round “{round}” before running off its ties."), round=source.name)
    tied = [c.candidate_id for c in results.cut_tie]
    if len(tied) < 2:
        raise InputError("candidate_ids", N_(
            "No tie crosses the top {cut} of round “{round}”; there is nothing to run off."),
            cut=results.cut, round=source.name)
    if name is None:
        _ = gettext_for(store.workshop().default_language)
        name = _("Runoff: {round}").format(round=source.name)[:LIMITS["name"]]
    return store.add(VoteRound(
        name=name,
        candidate_kind=CandidateKind.SHORTLIST,
        prompt_id=source.prompt_id,
        source_round_id=source.id,
        shortlist_size=results.cut,
        candidate_ids=tuple(tied),
        dots_per_voter=source.dots_per_voter,
        max_dots_per_idea=source.max_dots_per_idea,
        allow_own_team=source.allow_own_team,
        negative_dots=source.negative_dots,
        hidden_until_revealed=source.hidden_until_revealed,
        may_change_ballot=source.may_change_ballot,
    ))
