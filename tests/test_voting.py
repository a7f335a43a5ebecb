"""Dot voting core: rules, ballots, paper tallies, results, ties and runoffs.

Property tests (hypothesis, derandomized so every run checks the same cases) check the
counting against an independent oracle; example tests check each rule and its message.
"""

import dataclasses
import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.errors import InputError
from workshop.model import (
    Ballot,
    CandidateKind,
    Cluster,
    Idea,
    Prompt,
    RoundEvent,
    RoundStatus,
    Tally,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore
from workshop.voting import (
    ImplausibleTallyError,
    candidates_for,
    cast_ballot,
    change_rules,
    close_round,
    event_messages,
    open_round,
    paper_warnings,
    ranking,
    results_visible,
    reveal_round,
    round_log,
    round_results,
    runoff_round,
    set_paper_tally,
    suggested_dots,
    validate_ballot,
    void_last_ballot,
)

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def ticking_clock():
    """Strictly increasing times, so logs and "last ballot" never depend on timer resolution."""
    start = datetime(2026, 11, 14, 6, 0, tzinfo=UTC)
    ticks = itertools.count()
    return lambda: (start + timedelta(seconds=next(ticks))).isoformat(timespec="microseconds")


@dataclasses.dataclass
class Room:
    """A workshop with two prompts, three teams and five ideas on the first prompt."""

    store: WorkshopStore
    prompt: Prompt
    other_prompt: Prompt
    teams: list[Team]
    ideas: list[Idea]

    def draft(self, **rules) -> VoteRound:
        fields = {"name": "Round 1", "prompt_id": self.prompt.id, **rules}
        return self.store.add(VoteRound(**fields))

    def open(self, **rules) -> VoteRound:
        return open_round(self.store, self.draft(**rules).id)

    def ballots(self, vote_round) -> int:
        return round_results(self.store, vote_round.id).ballots


def make_room(attendees=20) -> Room:
    store = WorkshopStore.in_memory(Workshop(title="駅前広場", languages=("en", "ja"),
                                             attendees=attendees), clock=ticking_clock())
    prompt = store.add(Prompt(text="What should the square be?", position=0))
    other = store.add(Prompt(text="How do we get there?", position=1))
    teams = [store.add(Team(name=f"Table {c}", position=n)) for n, c in enumerate("ABC")]
    ideas = [
        store.add(Idea(title=title, prompt_id=prompt.id, team_id=teams[n % 3].id, position=n))
        for n, title in enumerate(["Shaded benches", "Splash fountain", "Farmers' market",
                                   "Bicycle parking", "Evening concerts"])
    ]
    return Room(store, prompt, other, teams, ideas)


@pytest.fixture
def room():
    r = make_room()
    yield r
    r.store.close()


def titles(candidates):
    return [c.title for c in candidates]


def error_text(excinfo):
    return excinfo.value.render("en")


# ------------------------------------------------------------------------------ properties


def breaks_rules(vote_round, dots, team_id, idea_team):
    """An independent statement of the ballot rules: True if the ballot must be refused."""
    given_dots = {c: n for c, n in dots.items() if n}
    positive = sum(n for n in given_dots.values() if n > 0)
    negative = -sum(n for n in given_dots.values() if n < 0)
    return (
        not given_dots
        or any(c not in vote_round.candidate_ids for c in given_dots)
        or positive > vote_round.dots_per_voter
        or negative > vote_round.negative_dots
        or any(abs(n) > vote_round.max_dots_per_idea for n in given_dots.values())
        or (not vote_round.allow_own_team
            and (team_id is None or any(idea_team.get(c) == team_id for c in given_dots)))
    )


rules_strategy = st.integers(1, 5).flatmap(lambda budget: st.fixed_dictionaries({
    "dots_per_voter": st.just(budget),
    "max_dots_per_idea": st.integers(1, budget),
    "negative_dots": st.integers(0, 3),
    "allow_own_team": st.booleans(),
}))
# A ballot: dots on candidate positions (5 = not a candidate), and the voter's team (3 = none).
ballot_strategy = st.tuples(
    st.dictionaries(st.integers(0, 5), st.integers(-3, 3), max_size=4),
    st.integers(0, 3),
)
action_strategy = st.one_of(ballot_strategy, st.just("void"))


@settings(PROPERTY, max_examples=150)
@given(rules=rules_strategy, actions=st.lists(action_strategy, max_size=25))
def test_accepted_ballots_follow_the_rules_and_tallies_are_their_sum(rules, actions):
    room = make_room()
    vote_round = room.open(**rules)
    idea_team = {i.id: i.team_id for i in room.ideas}
    ids = [i.id for i in room.ideas] + ["not-a-candidate"]
    counted: list[tuple[str | None, dict[str, int]]] = []
    for action in actions:
        if action == "void":
            if counted:
                void_last_ballot(room.store, vote_round.id, "mistake")
                counted.pop()
            continue
        positions, team = action
        dots = {ids[p]: n for p, n in positions.items()}
        team_id = room.teams[team].id if team < 3 else None
        refused = breaks_rules(vote_round, dots, team_id, idea_team)
        before = room.ballots(vote_round)
        try:
            cast_ballot(room.store, vote_round.id, dots, team_id)
        except InputError:
            assert refused, (dots, team_id)
            assert room.ballots(vote_round) == before  # a refused ballot leaves nothing
        else:
            assert not refused, (dots, team_id)
            counted.append((team_id, {c: n for c, n in dots.items() if n}))

    results = round_results(room.store, vote_round.id)
    expected = {i.id: 0 for i in room.ideas}
    expected_by_team: dict = {}
    for team_id, dots in counted:
        for c, n in dots.items():
            expected[c] += n
            team_dots = expected_by_team.setdefault(team_id, {})
            team_dots[c] = team_dots.get(c, 0) + n
    assert {c.candidate_id: c.digital for c in results.candidates} == expected
    assert results.by_team == expected_by_team
    assert results.ballots == len(counted)
    assert results.ballots + results.voided == len(room.store.list(Ballot))
    room.store.close()


@PROPERTY
@given(
    ballots=st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=3, unique=True),
                     max_size=12),
    paper=st.dictionaries(st.integers(0, 4), st.integers(0, 40)),
    voters=st.integers(0, 40),
)
def test_paper_and_digital_dots_add_up(ballots, paper, voters):
    room = make_room()
    vote_round = room.open(dots_per_voter=3)
    ids = [i.id for i in room.ideas]
    for picks in ballots:
        cast_ballot(room.store, vote_round.id, {ids[p]: 1 for p in picks})
    close_round(room.store, vote_round.id)
    counts = {ids[p]: n for p, n in paper.items()}
    set_paper_tally(room.store, vote_round.id, counts, voters, confirmed=True)

    results = round_results(room.store, vote_round.id)
    for c in results.candidates:
        assert c.digital == sum(ids.index(c.candidate_id) in picks for picks in ballots)
        assert c.paper == counts.get(c.candidate_id, 0)
        assert c.total == c.digital + c.paper
    assert sum(c.total for c in results.candidates) == (
        sum(len(picks) for picks in ballots) + sum(counts.values()))
    assert (results.ballots, results.paper_voters) == (len(ballots), voters)
    assert results.turnout == (len(ballots) + voters) / 20
    room.store.close()


@PROPERTY
@given(totals=st.lists(st.integers(-3, 6), min_size=1, max_size=12), data=st.data())
def test_ranking_is_deterministic_and_ties_share_a_rank(totals, data):
    ids = [f"c{n}" for n in range(len(totals))]
    by_id = dict(zip(ids, totals, strict=True))
    ranked = ranking(ids, by_id)
    assert ranked == ranking(ids, by_id)
    assert sorted(cid for cid, _, _ in ranked) == sorted(ids)
    listed = [by_id[cid] for cid, _, _ in ranked]
    assert listed == sorted(listed, reverse=True)
    for cid, rank, tied in ranked:
        assert rank == 1 + sum(t > by_id[cid] for t in totals)
        assert tied == (totals.count(by_id[cid]) > 1)
    # Equal totals are listed in ballot order; any other ballot order changes only that.
    for (a, _, _), (b, _, _) in itertools.pairwise(ranked):
        if by_id[a] == by_id[b]:
            assert ids.index(a) < ids.index(b)
    shuffled = data.draw(st.permutations(ids))
    assert {(c, r, t) for c, r, t in ranking(shuffled, by_id)} == set(ranked)


@PROPERTY
@given(paper=st.lists(st.integers(0, 3), min_size=5, max_size=5), cut=st.integers(1, 5))
def test_a_runoff_holds_exactly_the_candidates_tied_across_the_cut(paper, cut):
    room = make_room()
    vote_round = room.open(dots_per_voter=5, max_dots_per_idea=5)
    close_round(room.store, vote_round.id)
    counts = {i.id: n for i, n in zip(room.ideas, paper, strict=True)}
    set_paper_tally(room.store, vote_round.id, counts, 10)
    results = round_results(room.store, vote_round.id, cut=cut)
    # An independent statement of the rule: only ideas with dots take part; a tie counts
    # when the last place inside the cut and the first outside it have the same total.
    dotted = sorted((n for n in paper if n), reverse=True)
    crossing = len(dotted) > cut and dotted[cut - 1] == dotted[cut]
    tied = {i for i, n in counts.items() if crossing and n == dotted[cut]}
    assert {c.candidate_id for c in results.cut_tie} == tied
    assert all(not c.tied for c in results.candidates if c.no_dots)
    assert {c.candidate_id for c in results.candidates if c.no_dots} == {
        i for i, n in counts.items() if not n}
    if not tied:
        with pytest.raises(InputError):
            runoff_round(room.store, results)
    else:
        runoff = runoff_round(room.store, results)
        assert set(runoff.candidate_ids) == tied
        assert all(c.tied for c in results.candidates if c.candidate_id in tied)
        opened = open_round(room.store, runoff.id)
        assert set(opened.candidate_ids) == tied
    room.store.close()


# -------------------------------------------------------------------- suggested budget


@pytest.mark.parametrize(("candidates", "dots"), [
    (0, 1), (1, 1), (2, 1), (4, 1), (5, 2), (9, 3), (14, 5), (28, 9), (30, 10), (60, 10),
])
def test_suggested_dots_follow_the_n_over_3_rule_within_1_to_10(candidates, dots):
    suggested, reason = suggested_dots(candidates)
    assert suggested == dots
    assert reason.render("en") and reason.render("ja")


def test_the_suggestion_explains_itself():
    assert suggested_dots(14)[1].render("en").startswith(
        "Suggested: 5 dots per voter, about one third of the 14 candidates.")
    assert "would be 20, but beyond 10" in suggested_dots(60)[1].render("en")
    assert "nothing to choose between" in suggested_dots(1)[1].render("en")
    assert "no candidates yet" in suggested_dots(0)[1].render("en")


# ------------------------------------------------------------------------------ candidates


def test_prompt_candidates_leave_out_merged_and_deleted_ideas_and_other_prompts(room):
    store, ideas = room.store, room.ideas
    store.update(dataclasses.replace(ideas[1], merged_into_id=ideas[0].id))
    store.delete(Idea, ideas[2].id)
    store.add(Idea(title="A bus shelter", prompt_id=room.other_prompt.id, position=9))
    draft = room.draft()
    assert titles(candidates_for(store, draft)) == [
        "Shaded benches", "Bicycle parking", "Evening concerts"]
    every = room.draft(candidate_kind=CandidateKind.ALL, prompt_id=None)
    assert titles(candidates_for(store, every)) == [
        "Shaded benches", "Bicycle parking", "Evening concerts", "A bus shelter"]


def test_cluster_candidates_are_clusters_holding_a_live_idea_of_the_prompt(room):
    store, ideas = room.store, room.ideas
    green = store.add(Cluster(name="Green and rest", position=0))
    events = store.add(Cluster(name="Events", position=1))
    empty = store.add(Cluster(name="Only a duplicate", position=2))
    store.add(Cluster(name="Transport", position=3))
    store.update(dataclasses.replace(ideas[0], cluster_id=green.id))
    store.update(dataclasses.replace(ideas[1], cluster_id=green.id))
    store.update(dataclasses.replace(ideas[4], cluster_id=events.id))
    store.update(dataclasses.replace(ideas[3], cluster_id=empty.id, merged_into_id=ideas[0].id))
    draft = room.draft(candidate_kind=CandidateKind.CLUSTERS)
    candidates = candidates_for(store, draft)
    assert titles(candidates) == ["Green and rest", "Events"]
    # Ideas of two teams: the cluster belongs to no team; one team's only: to that team.
    assert [(c.cluster, c.team_id) for c in candidates] == [
        (True, None), (True, room.teams[1].id)]


def test_a_shortlist_is_the_top_n_with_ties_at_the_cut_included(room):
    store, ideas = room.store, room.ideas
    first = room.open(dots_per_voter=5, max_dots_per_idea=5)
    close_round(store, first.id)
    paper = [9, 7, 5, 5, 1]
    set_paper_tally(store, first.id, {i.id: n for i, n in zip(ideas, paper, strict=True)}, 10)
    top3 = room.draft(candidate_kind=CandidateKind.SHORTLIST, source_round_id=first.id,
                      shortlist_size=3)
    assert titles(candidates_for(store, top3)) == [
        "Shaded benches", "Splash fountain", "Farmers' market", "Bicycle parking"]
    top2 = dataclasses.replace(top3, shortlist_size=2)
    assert titles(candidates_for(store, top2)) == ["Shaded benches", "Splash fountain"]


def test_a_shortlist_needs_a_closed_round(room):
    first = room.open()
    shortlist = room.draft(candidate_kind=CandidateKind.SHORTLIST, source_round_id=first.id,
                           shortlist_size=3)
    with pytest.raises(InputError) as excinfo:
        open_round(room.store, shortlist.id)
    assert error_text(excinfo) == (
        "The shortlist comes from round “Round 1”, which is not closed yet.")


# ------------------------------------------------------------------------------- lifecycle


def test_opening_freezes_the_candidates_and_logs_the_rules(room):
    vote_round = room.open(dots_per_voter=2, max_dots_per_idea=1)
    assert vote_round.status is RoundStatus.OPEN and vote_round.opened_at
    assert vote_round.candidate_ids == tuple(i.id for i in room.ideas)
    room.store.add(Idea(title="A late idea", prompt_id=room.prompt.id))
    stored = room.store.get(VoteRound, vote_round.id)
    assert titles(candidates_for(room.store, stored)) == [i.title for i in room.ideas]
    (opened,) = round_log(room.store, vote_round.id)
    assert opened.event == "opened" and opened.at == vote_round.opened_at
    assert json.loads(opened.details)["rules"]["dots_per_voter"] == 2
    assert event_messages(opened)[0].render("en").startswith(
        "Voting opened. Candidates: 5; dots per voter: 2; most dots per candidate: 1;")
    with pytest.raises(InputError) as excinfo:
        open_round(room.store, vote_round.id)
    assert error_text(excinfo) == "Round “Round 1” has already been opened."


def test_a_round_needs_two_candidates(room):
    lonely = room.draft(candidate_ids=(room.ideas[0].id,))
    with pytest.raises(InputError) as excinfo:
        open_round(room.store, lonely.id)
    assert error_text(excinfo) == "A vote needs at least 2 candidates; round “Round 1” has 1."
    assert room.store.get(VoteRound, lonely.id).status is RoundStatus.DRAFT
    assert round_log(room.store, lonely.id) == []


def test_close_then_reveal_and_results_stay_hidden_until_then(room):
    vote_round = room.open()
    cast_ballot(room.store, vote_round.id, {room.ideas[0].id: 1})
    assert not results_visible(vote_round)
    with pytest.raises(InputError) as excinfo:
        reveal_round(room.store, vote_round.id)
    assert error_text(excinfo) == "Close round “Round 1” before revealing its results."
    closed = close_round(room.store, vote_round.id)
    assert closed.status is RoundStatus.CLOSED and not results_visible(closed)
    revealed = reveal_round(room.store, vote_round.id)
    assert results_visible(revealed)
    assert reveal_round(room.store, vote_round.id) == revealed  # twice is harmless
    log = round_log(room.store, vote_round.id)
    assert [e.event for e in log] == ["opened", "closed", "revealed"]
    assert json.loads(log[2].details)["totals"][room.ideas[0].id] == 1
    assert [m.render("en") for m in event_messages(log[1])] == [
        "Voting closed. Ballots counted: 1; voided: 0."]
    with pytest.raises(InputError) as excinfo:
        close_round(room.store, vote_round.id)
    assert error_text(excinfo) == "Round “Round 1” is not open."
    assert results_visible(room.draft(hidden_until_revealed=False))


# ----------------------------------------------------------------------- changing rules


def test_no_candidate_can_be_added_to_an_open_round(room):
    vote_round = room.open(candidate_ids=tuple(i.id for i in room.ideas[:3]))
    more = (*vote_round.candidate_ids, room.ideas[3].id)
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, candidate_ids=more)
    assert error_text(excinfo).startswith("No candidate can be added once a round is open")
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, candidate_ids=vote_round.candidate_ids[:2])
    assert error_text(excinfo).startswith("No candidate can be removed once a round is open")
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, candidate_kind=CandidateKind.ALL)
    assert error_text(excinfo) == (
        "How the candidates are chosen cannot change once a round is open.")
    assert room.store.get(VoteRound, vote_round.id) == vote_round
    assert [e.event for e in round_log(room.store, vote_round.id)] == ["opened"]


def test_the_budget_cannot_go_below_what_a_ballot_already_spent(room):
    ideas = room.ideas
    vote_round = room.open(dots_per_voter=5, max_dots_per_idea=3, negative_dots=2)
    cast_ballot(room.store, vote_round.id, {ideas[0].id: 3, ideas[1].id: 1, ideas[2].id: -2})
    cast_ballot(room.store, vote_round.id, {ideas[3].id: 2})
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, dots_per_voter=3)
    assert error_text(excinfo) == ("The dots per voter cannot go below 4 while the round is "
                                   "open: a ballot already used 4.")
    assert excinfo.value.field == "dots_per_voter"
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, max_dots_per_idea=2)
    assert "cannot go below 3" in error_text(excinfo)
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, negative_dots=1)
    assert "negative dots cannot go below 2" in error_text(excinfo)
    assert room.store.get(VoteRound, vote_round.id) == vote_round

    lowered = change_rules(room.store, vote_round.id, dots_per_voter=4)
    raised = change_rules(room.store, vote_round.id, max_dots_per_idea=4, name="Round one")
    assert (lowered.dots_per_voter, raised.max_dots_per_idea) == (4, 4)
    changes = [json.loads(e.details)["changes"] for e in round_log(room.store, vote_round.id)
               if e.event == "rules_changed"]
    assert changes == [{"dots_per_voter": [5, 4]},
                       {"max_dots_per_idea": [3, 4], "name": ["Round 1", "Round one"]}]
    last = round_log(room.store, vote_round.id)[-1]
    assert [m.render("en") for m in event_messages(last)] == [
        "Rule changed: Dots per idea from 3 to 4.",
        "Rule changed: Name from Round 1 to Round one."]


def test_a_voided_ballot_no_longer_limits_the_budget(room):
    vote_round = room.open(dots_per_voter=3)
    cast_ballot(room.store, vote_round.id, {i.id: 1 for i in room.ideas[:3]})
    void_last_ballot(room.store, vote_round.id, "voted twice")
    assert change_rules(room.store, vote_round.id, dots_per_voter=1).dots_per_voter == 1


def test_own_team_votes_cannot_be_forbidden_after_one_was_cast(room):
    vote_round = room.open()
    cast_ballot(room.store, vote_round.id, {room.ideas[0].id: 1}, room.teams[0].id)
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, vote_round.id, allow_own_team=False)
    assert error_text(excinfo).startswith("Own-team votes cannot be forbidden now")
    other = room.open(name="Round 2")
    cast_ballot(room.store, other.id, {room.ideas[1].id: 1}, room.teams[0].id)
    assert not change_rules(room.store, other.id, allow_own_team=False).allow_own_team


def test_draft_rounds_change_freely_and_closed_ones_only_get_renamed(room):
    draft = room.draft()
    changed = change_rules(room.store, draft.id, dots_per_voter=2, candidate_ids=[room.ideas[0].id])
    assert changed.candidate_ids == (room.ideas[0].id,) and changed.dots_per_voter == 2
    assert round_log(room.store, draft.id) == []
    closed = close_round(room.store, room.open(name="Round 2").id)
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, closed.id, dots_per_voter=9)
    assert error_text(excinfo) == "Round “Round 2” is closed: its rules can no longer change."
    assert change_rules(room.store, closed.id, name="Round two").name == "Round two"
    with pytest.raises(TypeError):
        change_rules(room.store, closed.id, status=RoundStatus.OPEN)


# -------------------------------------------------------------------------------- ballots


def refused(room, vote_round, dots, team_id=None):
    before = room.ballots(vote_round)
    with pytest.raises(InputError) as excinfo:
        cast_ballot(room.store, vote_round.id, dots, team_id)
    assert room.ballots(vote_round) == before
    return error_text(excinfo)


def test_ballot_rules_and_their_messages(room):
    a, b, c = (i.id for i in room.ideas[:3])
    vote_round = room.open(dots_per_voter=3, max_dots_per_idea=2)
    assert refused(room, vote_round, {a: 2, b: 2}) == (
        "This ballot uses 4 dots, more than the 3 each voter has.")
    assert refused(room, vote_round, {a: 3}) == (
        "The most one voter can give a candidate in round “Round 1” is 2.")
    assert refused(room, vote_round, {a: 1, "elsewhere": 1}) == (
        "This ballot gives dots to something that is not a candidate in round “Round 1”.")
    assert refused(room, vote_round, {a: 0}).startswith("This ballot has no dots.")
    assert refused(room, vote_round, {a: True}) == "Dots must be whole numbers."
    assert refused(room, vote_round, {a: -1}) == "Round “Round 1” has no negative dots."
    ballot = cast_ballot(room.store, vote_round.id, {a: 2, b: 1, c: 0}, room.teams[2].id)
    assert ballot.team_id == room.teams[2].id
    assert {(d.candidate_id, d.dots) for d in room.store.ballot_dots(vote_round.id)} == {
        (a, 2), (b, 1)}


def test_negative_dots_have_their_own_budget(room):
    a, b, c = (i.id for i in room.ideas[:3])
    vote_round = room.open(dots_per_voter=2, max_dots_per_idea=1, negative_dots=2)
    assert refused(room, vote_round, {a: -1, b: -1, c: -1}) == (
        "This ballot uses 3 negative dots, more than the 2 each voter has.")
    assert refused(room, vote_round, {a: -2}) == (  # the cap holds for negative dots too
        "The most one voter can give a candidate in round “Round 1” is 1.")
    cast_ballot(room.store, vote_round.id, {a: 1, b: 1, c: -1})
    cast_ballot(room.store, vote_round.id, {c: -1})
    results = round_results(room.store, vote_round.id)
    assert {r.candidate_id: r.digital for r in results.candidates if r.digital} == {
        a: 1, b: 1, c: -2}
    assert results.candidates[-1].candidate_id == c and results.candidates[-1].rank == 5


def test_a_team_cannot_vote_for_its_own_ideas_when_the_round_says_so(room):
    mine, theirs = room.ideas[0], room.ideas[1]  # of Table A and Table B
    vote_round = room.open(allow_own_team=False, negative_dots=1)
    assert refused(room, vote_round, {mine.id: 1}, mine.team_id).startswith(
        "In round “Round 1” teams do not vote for their own ideas: take the dots off")
    assert refused(room, vote_round, {theirs.id: 1, mine.id: -1}, mine.team_id).startswith(
        "In round “Round 1” teams do not vote for their own ideas")
    assert refused(room, vote_round, {theirs.id: 1}).endswith("choose your team first.")
    cast_ballot(room.store, vote_round.id, {theirs.id: 1}, mine.team_id)
    assert room.ballots(vote_round) == 1


def test_own_team_rule_on_clusters_applies_to_one_team_clusters_only(room):
    store, ideas, teams = room.store, room.ideas, room.teams
    mixed = store.add(Cluster(name="Mixed", position=0))
    ours = store.add(Cluster(name="Ours", position=1))
    store.update(dataclasses.replace(ideas[0], cluster_id=mixed.id))
    store.update(dataclasses.replace(ideas[1], cluster_id=mixed.id))
    store.update(dataclasses.replace(ideas[3], cluster_id=ours.id))  # Table A's
    vote_round = room.open(candidate_kind=CandidateKind.CLUSTERS, allow_own_team=False)
    assert refused(room, vote_round, {ours.id: 1}, teams[0].id).startswith("In round")
    cast_ballot(store, vote_round.id, {mixed.id: 1}, teams[0].id)
    assert round_results(store, vote_round.id).candidates[0].title == "Mixed"


def test_ballots_go_only_into_open_rounds(room):
    draft = room.draft()
    assert refused(room, draft, {room.ideas[0].id: 1}) == (
        "Voting in round “Round 1” has not started yet.")
    closed = close_round(room.store, room.open(name="Round 2").id)
    assert refused(room, closed, {room.ideas[0].id: 1}) == "Voting in round “Round 2” is closed."


def test_validate_ballot_is_pure_and_drops_zero_dots(room):
    vote_round = dataclasses.replace(room.draft(candidate_ids=("x", "y")),
                                     status=RoundStatus.OPEN, allow_own_team=False)
    assert validate_ballot(vote_round, {"x": 1, "y": 0}, "team-1", {"x": "team-2"}) == {"x": 1}
    with pytest.raises(TypeError):
        validate_ballot(vote_round, {"x": 1}, "team-1")  # the rule needs the idea's teams


def test_voiding_takes_back_the_last_counted_ballot_with_a_logged_reason(room):
    a, b = room.ideas[0].id, room.ideas[1].id
    vote_round = room.open()
    first = cast_ballot(room.store, vote_round.id, {a: 1})
    second = cast_ballot(room.store, vote_round.id, {b: 1})
    with pytest.raises(InputError) as excinfo:
        void_last_ballot(room.store, vote_round.id, "   ")
    assert error_text(excinfo) == "Reason must not be empty."
    voided = void_last_ballot(room.store, vote_round.id, "  Pressed cast twice ")
    assert voided.id == second.id and voided.void_reason == "Pressed cast twice"
    assert void_last_ballot(room.store, vote_round.id, "again").id == first.id
    with pytest.raises(InputError) as excinfo:
        void_last_ballot(room.store, vote_round.id, "nothing left")
    assert error_text(excinfo) == "Round “Round 1” has no counted ballot to void."
    results = round_results(room.store, vote_round.id)
    assert (results.ballots, results.voided) == (0, 2)
    # Every dot voided: nobody's idea has a dot, so none is tied.
    assert all(c.total == 0 and c.rank == 1 and c.no_dots and not c.tied
               for c in results.candidates)
    log = [e for e in round_log(room.store, vote_round.id) if e.event == "ballot_voided"]
    assert [json.loads(e.details)["ballot_id"] for e in log] == [second.id, first.id]
    assert event_messages(log[0])[0].render("en") == (
        f"A ballot cast at {second.cast_at} was voided. Reason: Pressed cast twice")
    closed = close_round(room.store, vote_round.id)
    with pytest.raises(InputError) as excinfo:
        void_last_ballot(room.store, closed.id, "late")
    assert error_text(excinfo).startswith("Ballots can be voided only while the round is open")


# --------------------------------------------------------------------------- paper tallies


def test_paper_warnings_name_what_cannot_be_right(room):
    vote_round = room.open(dots_per_voter=3, max_dots_per_idea=1)
    a, b = room.ideas[0].id, room.ideas[1].id
    assert paper_warnings(vote_round, {a: 10, b: 8}, 10) == []
    messages = [m.render("en") for m in paper_warnings(
        vote_round, {a: 11, b: 20, "stray": 1}, 10, {a: "Shaded benches"})]
    assert messages == [
        "Some counts (1) are for something that is not a candidate in this round.",
        "The counts add up to 32, more than voters × dots per voter = 10 × 3 = 30.",
        "“Shaded benches” has 11, more than voters × dots per candidate = 10 × 1 = 10.",
        f"“{b}” has 20, more than voters × dots per candidate = 10 × 1 = 10.",
    ]


def test_an_impossible_paper_tally_is_refused_until_confirmed(room):
    store = room.store
    vote_round = room.open(dots_per_voter=3, max_dots_per_idea=1)
    a, b = room.ideas[0].id, room.ideas[1].id
    with pytest.raises(ImplausibleTallyError) as excinfo:
        set_paper_tally(store, vote_round.id, {a: 12, b: 3}, 10)
    assert [m.render("en") for m in excinfo.value.warnings] == [
        "“Shaded benches” has 12, more than voters × dots per candidate = 10 × 1 = 10."]
    assert error_text(excinfo).startswith("The paper counts look impossible (problems: 1)")
    assert store.list(Tally) == [] and round_log(store, vote_round.id)[-1].event == "opened"

    warnings = set_paper_tally(store, vote_round.id, {a: 12, b: 3}, 10, confirmed=True)
    assert len(warnings) == 1
    results = round_results(store, vote_round.id)
    assert [(c.title, c.paper, c.digital) for c in results.candidates[:2]] == [
        ("Shaded benches", 12, 0), ("Splash fountain", 3, 0)]
    assert results.paper_voters == 10
    # Typing the counts again replaces them.
    set_paper_tally(store, vote_round.id, {b: 4}, 9)
    results = round_results(store, vote_round.id)
    assert {c.candidate_id: c.paper for c in results.candidates if c.paper} == {b: 4}
    assert results.paper_voters == 9
    log = [e for e in round_log(store, vote_round.id) if e.event == "paper_tally_set"]
    assert [json.loads(e.details)["counts"] for e in log] == [{a: 12, b: 3}, {b: 4}]
    assert event_messages(log[1])[0].render("en") == (
        "Paper counts typed in. Dots: 4; candidates: 1; voters: 9.")


def test_paper_counts_must_be_for_candidates_of_an_opened_round(room):
    store, a = room.store, room.ideas[0].id
    draft = room.draft()
    with pytest.raises(InputError) as excinfo:
        set_paper_tally(store, draft.id, {a: 1}, 3)
    assert error_text(excinfo).startswith("Open round “Round 1” before typing in paper counts")
    vote_round = open_round(store, draft.id)
    with pytest.raises(InputError) as excinfo:
        set_paper_tally(store, vote_round.id, {a: 1, "stray": 2}, 3)
    assert error_text(excinfo) == (
        "Some paper counts (1) are for something that is not a candidate in round “Round 1”.")
    for counts, voters in [({a: -1}, 3), ({a: 1}, -3), ({a: 1.5}, 3)]:
        with pytest.raises(InputError) as excinfo:
            set_paper_tally(store, vote_round.id, counts, voters)
        assert error_text(excinfo) == "Paper counts must be whole numbers, 0 or more."
    assert store.list(Tally) == []


# --------------------------------------------------------------------------------- results


def test_results_rank_digital_and_paper_together_with_ties_shared(room):
    store, ideas, teams = room.store, room.ideas, room.teams
    vote_round = room.open(dots_per_voter=3, max_dots_per_idea=2)
    cast_ballot(store, vote_round.id, {ideas[0].id: 2, ideas[1].id: 1}, teams[0].id)
    cast_ballot(store, vote_round.id, {ideas[1].id: 2, ideas[2].id: 1}, teams[1].id)
    cast_ballot(store, vote_round.id, {ideas[4].id: 1})
    close_round(store, vote_round.id)
    set_paper_tally(store, vote_round.id, {ideas[0].id: 1, ideas[3].id: 2}, 2)
    results = round_results(store, vote_round.id)
    assert [(c.title, c.digital, c.paper, c.total, c.rank, c.tied)
            for c in results.candidates] == [
        ("Shaded benches", 2, 1, 3, 1, True),  # tied with the fountain, listed in ballot order
        ("Splash fountain", 3, 0, 3, 1, True),
        ("Bicycle parking", 0, 2, 2, 3, False),
        ("Farmers' market", 1, 0, 1, 4, True),
        ("Evening concerts", 1, 0, 1, 4, True),
    ]
    assert results.at_rank(1) == results.candidates[:2]
    assert results.by_team == {
        teams[0].id: {ideas[0].id: 2, ideas[1].id: 1},
        teams[1].id: {ideas[1].id: 2, ideas[2].id: 1},
        None: {ideas[4].id: 1},
    }
    assert (results.ballots, results.voided, results.paper_voters) == (3, 0, 2)
    assert (results.attendees, results.turnout) == (20, 0.25)


def test_turnout_needs_attendees_and_titles_outlive_deleted_ideas():
    room = make_room(attendees=None)
    vote_round = room.open()
    cast_ballot(room.store, vote_round.id, {room.ideas[0].id: 1})
    room.store.delete(Idea, room.ideas[0].id)
    results = round_results(room.store, vote_round.id)
    assert results.turnout is None and results.attendees is None
    assert results.candidates[0].title == "Shaded benches"
    room.store.close()


def test_a_runoff_copies_the_rules_and_is_named_in_the_workshop_language(room):
    store, ideas = room.store, room.ideas
    vote_round = room.open(dots_per_voter=2, max_dots_per_idea=1, negative_dots=1,
                           allow_own_team=False, hidden_until_revealed=False,
                           may_change_ballot=True)
    cast_ballot(store, vote_round.id, {ideas[0].id: 1, ideas[1].id: 1}, room.teams[2].id)
    with pytest.raises(InputError) as excinfo:
        runoff_round(store, round_results(store, vote_round.id))
    assert error_text(excinfo) == "Close round “Round 1” before running off its ties."
    close_round(store, vote_round.id)
    results = round_results(store, vote_round.id, cut=1)  # one winner from 1, 1, 0, 0, 0
    runoff = runoff_round(store, results)
    assert runoff.name == "Runoff: Round 1" and runoff.status is RoundStatus.DRAFT
    assert runoff.candidate_ids == (ideas[0].id, ideas[1].id)
    assert (runoff.dots_per_voter, runoff.max_dots_per_idea, runoff.negative_dots,
            runoff.allow_own_team, runoff.hidden_until_revealed,
            runoff.may_change_ballot) == (2, 1, 1, False, False, True)
    assert (runoff.candidate_kind, runoff.source_round_id) == ("shortlist", vote_round.id)
    assert runoff.shortlist_size == results.cut == 1  # its source's cut stays where it was
    assert round_results(store, vote_round.id).cut == 1


def test_ideas_without_dots_are_never_tied_and_never_run_off():
    """27 ideas nobody voted for are "no dots", not "tied for 4th" (issue 11.3)."""
    store = WorkshopStore.in_memory(Workshop(title="広場", languages=("ja",)),
                                    clock=ticking_clock())
    prompt = store.add(Prompt(text="What should the square be?"))
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, position=n))
             for n in range(30)]
    vote_round = store.add(VoteRound(name="Round 1", prompt_id=prompt.id, dots_per_voter=6,
                                     max_dots_per_idea=3))
    open_round(store, vote_round.id)
    cast_ballot(store, vote_round.id, {ideas[0].id: 3, ideas[1].id: 2, ideas[2].id: 1})
    close_round(store, vote_round.id)
    shortlist = store.add(VoteRound(name="Final", candidate_kind=CandidateKind.SHORTLIST,
                                    source_round_id=vote_round.id, shortlist_size=1))
    results = round_results(store, vote_round.id)
    assert results.cut == 1 and results.cut_tie == ()
    assert results.without_dots() == 27 and len(results.with_dots()) == 3
    assert not any(c.tied for c in results.candidates)
    with pytest.raises(InputError) as excinfo:
        runoff_round(store, results)
    assert error_text(excinfo) == (
        "No tie crosses the top 1 of round “Round 1”; there is nothing to run off.")
    # A shortlist of 5 from three ideas with dots takes those three, none of the 27.
    store.update(dataclasses.replace(store.get(VoteRound, shortlist.id), shortlist_size=5))
    assert [c.title for c in candidates_for(store, store.get(VoteRound, shortlist.id))] == [
        "Idea 0", "Idea 1", "Idea 2"]
    store.close()


def test_a_tie_matters_only_where_it_crosses_the_cut(room):
    store, ideas = room.store, room.ideas
    vote_round = room.open(dots_per_voter=5, max_dots_per_idea=5)
    close_round(store, vote_round.id)
    # 4, 3, 3, 1, 0: the 3s are tied at rank 2.
    set_paper_tally(store, vote_round.id, {ideas[0].id: 4, ideas[1].id: 3, ideas[2].id: 3,
                                           ideas[3].id: 1}, 10)
    inside = round_results(store, vote_round.id, cut=3)  # both 3s go forward: no matter
    assert inside.cut_tie == () and [c.tied for c in inside.candidates][:3] == [
        False, True, True]
    across = round_results(store, vote_round.id, cut=2)  # one place for two: a runoff
    assert [c.title for c in across.cut_tie] == ["Splash fountain", "Farmers' market"]
    assert runoff_round(store, across).candidate_ids == (ideas[1].id, ideas[2].id)
    assert round_results(store, vote_round.id, cut=4).cut_tie == ()  # the 0 has no dots


def test_every_step_of_a_round_is_in_its_log(room):
    store, ideas = room.store, room.ideas
    vote_round = room.open()
    cast_ballot(store, vote_round.id, {ideas[0].id: 1})
    change_rules(store, vote_round.id, dots_per_voter=6)
    void_last_ballot(store, vote_round.id, "test ballot")
    close_round(store, vote_round.id)
    set_paper_tally(store, vote_round.id, {ideas[1].id: 4}, 5)
    reveal_round(store, vote_round.id)
    log = round_log(store, vote_round.id)
    assert [e.event for e in log] == [
        "opened", "rules_changed", "ballot_voided", "closed", "paper_tally_set", "revealed"]
    assert [e.at for e in log] == sorted(e.at for e in log)
    assert store.list(RoundEvent) == log
    for event in log:
        for lang in ("en", "ja"):
            assert all(m.render(lang) for m in event_messages(event))


# ------------------------------------------------------------------ phones' ballot rule


def test_whether_a_phone_may_change_its_ballot_is_a_rule_set_before_opening(room):
    draft = room.draft()
    assert change_rules(room.store, draft.id, may_change_ballot=True).may_change_ballot
    assert round_log(room.store, draft.id) == []  # a draft changes freely, unlogged
    opened = open_round(room.store, draft.id)
    (event,) = round_log(room.store, opened.id)
    assert json.loads(event.details)["rules"]["may_change_ballot"] is True
    assert [m.render("en") for m in event_messages(event)][1] == (
        "Phones may change their ballot until voting closes: yes.")
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, opened.id, may_change_ballot=False)
    assert excinfo.value.field == "may_change_ballot"
    assert error_text(excinfo) == (
        "Whether a phone may change its ballot cannot change once a round is open.")
    assert room.store.get(VoteRound, opened.id).may_change_ballot
    closed = close_round(room.store, opened.id)
    with pytest.raises(InputError) as excinfo:
        change_rules(room.store, closed.id, may_change_ballot=False)
    assert error_text(excinfo) == (
        f"Round “{closed.name}” is closed: its rules can no longer change.")


def test_a_round_logged_before_phones_reads_without_the_phone_rule(room):
    opened = room.open()
    (event,) = round_log(room.store, opened.id)
    details = json.loads(event.details)
    del details["rules"]["may_change_ballot"]
    old = dataclasses.replace(event, details=json.dumps(details))
    assert len(event_messages(old)) == 1 and len(event_messages(event)) == 2
