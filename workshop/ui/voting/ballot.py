"""A ballot being filled in on the voter screen, before it is cast. Qt-free.

Every step is checked with the core's ``validate_ballot``, so the voter screen can never
build a ballot that casting would refuse (budget, cap per idea, negative dots, own team).
Nothing here is stored: an abandoned draft simply disappears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workshop.errors import InputError
from workshop.i18n import N_, Message, Nn_, Plural
from workshop.model import VoteRound
from workshop.voting import validate_ballot


@dataclass
class DraftBallot:
    vote_round: VoteRound
    # candidate id -> the team whose idea it is (for the own-team rule)
    candidate_teams: Mapping[str, str | None]
    dots: dict[str, int] = field(default_factory=dict)
    team_id: str | None = None

    # ------------------------------------------------------------------ reading

    def count(self, candidate_id: str) -> int:
        return self.dots.get(candidate_id, 0)

    def used(self) -> int:
        return sum(n for n in self.dots.values() if n > 0)

    def used_negative(self) -> int:
        return -sum(n for n in self.dots.values() if n < 0)

    def remaining(self) -> int:
        return self.vote_round.dots_per_voter - self.used()

    def remaining_negative(self) -> int:
        return self.vote_round.negative_dots - self.used_negative()

    def given(self) -> dict[str, int]:
        """The dots to cast, without zeros, in ballot order."""
        order = self.vote_round.candidate_ids
        return {cid: self.dots[cid] for cid in order if self.dots.get(cid)}

    def needs_team(self) -> bool:
        """The round forbids own-team votes, so the voter must say which team they are."""
        return not self.vote_round.allow_own_team and self.team_id is None

    def own_idea(self, candidate_id: str) -> bool:
        """A candidate of the voter's own team, in a round that forbids voting for it."""
        return (not self.vote_round.allow_own_team and self.team_id is not None
                and self.candidate_teams.get(candidate_id) == self.team_id)

    def can_change(self, candidate_id: str, delta: int) -> bool:
        return self.why_not(candidate_id, self.count(candidate_id) + delta) is None

    # ------------------------------------------------------------------ changing

    def change(self, candidate_id: str, delta: int) -> Message | None:
        """Add ``delta`` dots to one candidate; ``None`` when done, else why not."""
        return self.set(candidate_id, self.count(candidate_id) + delta)

    def set(self, candidate_id: str, value: int) -> Message | None:
        """Give one candidate exactly ``value`` dots; ``None`` when done, else why not."""
        reason = self.why_not(candidate_id, value)
        if reason is None:
            if value:
                self.dots[candidate_id] = value
            else:
                self.dots.pop(candidate_id, None)
        return reason

    def choose_team(self, team_id: str | None) -> None:
        """The voter's team. Dots already on the new team's own ideas (when the round
        forbids those) are taken off: they could not be cast."""
        self.team_id = team_id
        for cid in [c for c in self.dots if self.own_idea(c)]:
            del self.dots[cid]

    def clear(self) -> None:
        self.dots.clear()
        self.team_id = None

    # ------------------------------------------------------------------ rules

    def why_not(self, candidate_id: str, value: int) -> Message | None:
        """Why the ballot could not give ``candidate_id`` ``value`` dots (``None``: it can).

        The common cases get words meant for a voter; anything else is the core's own
        message, so the screen and ``cast_ballot`` never disagree."""
        current = self.count(candidate_id)
        if value == current:
            return None
        r = self.vote_round
        if self.needs_team():
            return Message(N_("Choose your team first: in this round teams do not vote for "
                              "their own ideas."))
        if value != 0 and self.own_idea(candidate_id):
            return Message(N_("This is your team's idea: in this round teams give their dots "
                              "to other teams' ideas."))
        if value < 0 and r.negative_dots == 0:
            return Message(N_("This round has no negative dots."))
        if abs(value) > r.max_dots_per_idea and abs(value) > abs(current):
            cap = r.max_dots_per_idea
            return Plural(Nn_("At most {cap} dot on one idea.",
                              "At most {cap} dots on one idea."), cap, {"cap": cap})
        trial = {**self.dots, candidate_id: value}
        if value > max(current, 0) and sum(n for n in trial.values() if n > 0) > r.dots_per_voter:
            return Message(N_("No dots left. Take a dot off another idea to give it here."))
        negative = -sum(n for n in trial.values() if n < 0)
        if value < min(current, 0) and negative > r.negative_dots:
            return Message(N_("No negative dots left."))
        if not any(trial.values()):
            return None  # an empty draft is fine; only casting needs a dot
        try:
            validate_ballot(r, trial, self.team_id, self.candidate_teams)
        except InputError as error:
            # A step that undoes part of an already broken draft is still allowed: it
            # only moves towards a valid ballot (e.g. after a rule change).
            if abs(value) < abs(current):
                return None
            return error.message
        return None
