"""The rules of a round as pure functions: suggested budget, ballot and paper checks.

Nothing here reads or writes the store; ``workshop.voting.rounds`` applies these rules
to stored rounds.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop.errors import InputError
from workshop.i18n import N_, Message
from workshop.model import RoundStatus, VoteRound

# Suggestions stay in this range: one dot is the least that means anything, and beyond
# ten dots voters spend more time spreading them than choosing.
MIN_SUGGESTED_DOTS = 1
MAX_SUGGESTED_DOTS = 10


def suggested_dots(n_candidates: int) -> tuple[int, Message]:
    """Dots per voter for ``n_candidates`` by the N/3 rule of thumb, and why, for the
    facilitator to read before choosing."""
    raw = round(n_candidates / 3)
    dots = min(max(raw, MIN_SUGGESTED_DOTS), MAX_SUGGESTED_DOTS)
    if n_candidates <= 0:
        return dots, Message(N_(
            "There are no candidates yet. Once there are, about one dot per three "
            "candidates is a common rule of thumb."))
    if n_candidates == 1:
        return dots, Message(N_(
            "With only one candidate there is nothing to choose between; a vote needs at "
            "least two."))
    if raw > MAX_SUGGESTED_DOTS:
        return dots, Message(N_(
            "Suggested: {dots} dots per voter. A third of the {candidates} candidates would be "
            "{raw}, "
            "but beyond {dots} voting and counting get slow. With this many candidates, "
            "consider a first round per prompt or per cluster."),
            {"candidates": n_candidates, "raw": raw, "dots": dots})
    return dots, Message(N_(
        "Suggested: {dots} dots per voter, about one third of the {candidates} candidates. One dot "
        "per three candidates is a common rule of thumb: enough to show priorities, few "
        "enough that people must choose."), {"candidates": n_candidates, "dots": dots})


def validate_ballot(
    vote_round: VoteRound,
    dots: Mapping[str, int],
    voter_team_id: str | None = None,
    candidate_teams: Mapping[str, str | None] | None = None,
) -> dict[str, int]:
    """The ballot's dots without zeros, or ``InputError`` naming the first broken rule.

    ``candidate_teams`` maps a candidate to the team whose idea it is (needed only when the
    round forbids voting for one's own team's ideas). The per-candidate cap limits dots
    in either direction; negative dots have their own budget.
    """
    params = {"round": vote_round.name}
    if vote_round.status == RoundStatus.DRAFT:
        raise InputError("round", N_("Voting in round “{round}” has not started yet."), **params)
    if vote_round.status != RoundStatus.OPEN:
        raise InputError("round", N_("Voting in round “{round}” is closed."), **params)
    for value in dots.values():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError("dots", N_("Dots must be whole numbers."))
    given = {cid: n for cid, n in dots.items() if n}
    if not given:
        raise InputError("dots", N_(
            "This ballot has no dots. Give at least one dot, or pass the laptop on without "
            "casting."))
    if set(given) - set(vote_round.candidate_ids):
        raise InputError("dots", N_(
            "This ballot gives dots to something that is not a candidate in round "
            "“{round}”."), **params)
    if any(n < 0 for n in given.values()) and not vote_round.negative_dots:
        raise InputError("dots", N_("Round “{round}” has no negative dots."), **params)
    cap = vote_round.max_dots_per_idea
    if any(abs(n) > cap for n in given.values()):
        raise InputError("dots", N_(
            "The most one voter can give a candidate in round “{round}” is {cap}."),
            cap=cap, **params)
    positive = sum(n for n in given.values() if n > 0)
    if positive > vote_round.dots_per_voter:
        raise InputError("dots", N_(
            "This ballot uses {used} dots, more than the {budget} each voter has."),
            used=positive, budget=vote_round.dots_per_voter)
    negative = -sum(n for n in given.values() if n < 0)
    if negative > vote_round.negative_dots:
        raise InputError("dots", N_(
            "This ballot uses {used} negative dots, more than the {budget} each voter has."),
            used=negative, budget=vote_round.negative_dots)
    if not vote_round.allow_own_team:
        _check_own_team(vote_round, given, voter_team_id, candidate_teams)
    return given


def _check_own_team(vote_round: VoteRound, given: Mapping[str, int], voter_team_id: str | None,
                    candidate_teams: Mapping[str, str | None] | None) -> None:
    if voter_team_id is None:
        # Without the voter's team the rule cannot be enforced, so it is asked for.
        raise InputError("team_id", N_(
            "In round “{round}” teams do not vote for their own ideas: choose your team "
            "first."), round=vote_round.name)
    if candidate_teams is None:
        raise TypeError("candidate_teams is needed when a round forbids own-team votes")
    if any(candidate_teams.get(cid) == voter_team_id for cid in given):
        raise InputError("dots", N_(
            "In round “{round}” teams do not vote for their own ideas: take the dots off "
            "your team's ideas."), round=vote_round.name)


def paper_warnings(
    vote_round: VoteRound,
    counts: Mapping[str, int],
    voters: int,
    titles: Mapping[str, str] | None = None,
) -> list[Message]:
    """What cannot be right about sticker counts: more dots than the voters had, more on
    one candidate than its cap allows, counts for something that is not a candidate.

    ``titles`` (candidate id -> title) names the candidate in the message when given.
    """
    warnings = []
    unknown = [cid for cid in counts if cid not in vote_round.candidate_ids]
    if unknown:
        warnings.append(Message(N_(
            "Some counts ({count}) are for something that is not a candidate in this "
            "round."), {"count": len(unknown)}))
    total = sum(counts.values())
    most = voters * vote_round.dots_per_voter
    if total > most:
        warnings.append(Message(N_(
            "The counts add up to {total}, more than voters × dots per voter = {voters} × "
            "{budget} = {most}."),
            {"total": total, "voters": voters, "budget": vote_round.dots_per_voter,
             "most": most}))
    per_candidate = voters * vote_round.max_dots_per_idea
    for cid, dots in counts.items():
        if dots > per_candidate and cid not in unknown:
            warnings.append(Message(N_(
                "“{candidate}” has {dots}, more than voters × dots per candidate = "
                "{voters} × {cap} = {most}."),
                {"candidate": (titles or {}).get(cid, cid), "dots": dots, "voters": voters,
                 "cap": vote_round.max_dots_per_idea, "most": per_candidate}))
    return warnings


def check_rule_change(before: VoteRound, after: VoteRound, spent: tuple[int, int, int]) -> None:
    """Refuse a change to an open or closed round's rules that would not be fair to the
    ballots already cast. ``spent`` is the most any counted ballot used: (dots, negative
    dots, dots on one candidate). Draft rounds change freely."""
    if before.status == RoundStatus.DRAFT:
        return
    changed = {name for name in _RULES + _SELECTION
               if getattr(before, name) != getattr(after, name)}
    if before.status == RoundStatus.CLOSED and changed:
        raise InputError(sorted(changed)[0], N_(
            "Round “{round}” is closed: its rules can no longer change."), round=before.name)
    added = set(after.candidate_ids) - set(before.candidate_ids)
    if added:
        raise InputError("candidate_ids", N_(
            "No candidate can be added once a round is open: voters who already voted "
            "never saw it."))
    if set(before.candidate_ids) - set(after.candidate_ids):
        raise InputError("candidate_ids", N_(
            "No candidate can be removed once a round is open: dots already cast for it "
            "would be lost."))
    if "may_change_ballot" in changed:
        # Phones that voted under "one ballot, final" would lose a right later ones get.
        raise InputError("may_change_ballot", N_(
            "Whether a phone may change its ballot cannot change once a round is open."))
    if changed & set(_SELECTION):
        raise InputError(sorted(changed & set(_SELECTION))[0], N_(
            "How the candidates are chosen cannot change once a round is open."))
    dots, negative, peak = spent
    if after.dots_per_voter < dots:
        raise InputError("dots_per_voter", N_(
            "The dots per voter cannot go below {spent} while the round is open: a ballot "
            "already used {spent}."), spent=dots)
    if after.max_dots_per_idea < peak:
        raise InputError("max_dots_per_idea", N_(
            "The dots per candidate cannot go below {spent} while the round is open: a "
            "ballot already gave {spent} dots to one candidate."), spent=peak)
    if after.negative_dots < negative:
        raise InputError("negative_dots", N_(
            "The negative dots cannot go below {spent} while the round is open: a ballot "
            "already used {spent}."), spent=negative)


# The fields a facilitator sets: the rules proper, and how candidates are chosen.
_RULES = ("dots_per_voter", "max_dots_per_idea", "allow_own_team", "negative_dots",
          "hidden_until_revealed", "may_change_ballot")
_SELECTION = ("candidate_kind", "prompt_id", "source_round_id", "shortlist_size",
              "candidate_ids")
RULE_FIELDS = ("name", *_RULES, *_SELECTION)
