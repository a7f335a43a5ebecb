"""The running tally of digital ballots (schema v4) always equals a recount of the ballots.

The triggers that keep it are driven here through every way a ballot or a dot changes –
casting, voiding, tombstoning and undoing, moving a ballot to another team, editing a dot,
merging a bundle whose dots arrive before their ballots, and deleting rows outright – and
after each sequence the tally is compared with an oracle computed in Python from the
records themselves.
"""

import dataclasses
import sqlite3
import uuid
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.model import Ballot, BallotDot, Idea, Prompt, Team, VoteRound, Workshop
from workshop.store import SCHEMA_VERSION, WorkshopStore, check_file
from workshop.voting import cast_ballot, open_round, round_results

PROPERTY = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@dataclasses.dataclass
class Hall:
    store: WorkshopStore
    rounds: list[str]
    teams: list[str | None]
    ideas: list[str]


def make_hall(store: WorkshopStore) -> Hall:
    prompt = store.add(Prompt(text="駅前広場に何がほしい？"))
    teams = [store.add(Team(name=f"Table {c}", position=n)).id for n, c in enumerate("AB")]
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, position=n)).id
             for n in range(4)]
    rounds = [store.add(VoteRound(name=f"Round {n}", prompt_id=prompt.id)).id for n in range(2)]
    return Hall(store, rounds, [*teams, None], ideas)


def oracle(store: WorkshopStore, round_id: str) -> Counter:
    """(team, candidate) -> net dots, from the live, non-voided ballots' live dots."""
    counted = {b.id: b.team_id for b in store.list(Ballot, round_id=round_id)
               if b.voided_at is None}
    sums: Counter = Counter()
    rows: Counter = Counter()
    for dot in store.list(BallotDot):
        if dot.ballot_id in counted:
            key = (counted[dot.ballot_id], dot.candidate_id)
            sums[key] += dot.dots
            rows[key] += 1
    return Counter({key: sums[key] for key in rows})  # a +1 and a -1 still make a row


def tally(store: WorkshopStore, round_id: str) -> Counter:
    rows = store.round_tally(round_id)
    assert len(rows) == len({(t, c) for t, c, _ in rows}), "one row per team and candidate"
    return Counter({(team, candidate): dots for team, candidate, dots in rows})


def pick(items, n):
    return items[n % len(items)] if items else None


dot_strategy = st.tuples(st.integers(0, 3), st.integers(-2, 3).filter(bool))
action_strategy = st.one_of(
    st.tuples(st.just("cast"), st.integers(0, 1), st.integers(0, 2),
              st.lists(dot_strategy, max_size=4)),
    st.tuples(st.sampled_from(["void", "unvoid", "delete", "undelete", "move", "to_round"]),
              st.integers(0, 50), st.integers(0, 2)),
    st.tuples(st.sampled_from(["delete_dot", "undelete_dot", "edit_dot", "purge"]),
              st.integers(0, 50), st.integers(-2, 3)),
    st.tuples(st.just("merge"), st.integers(0, 1), st.integers(0, 2),
              st.lists(dot_strategy, min_size=1, max_size=3)),
)


def apply(hall: Hall, action) -> None:
    store = hall.store
    kind = action[0]
    ballots = store.list(Ballot, include_deleted=True)
    dots = store.list(BallotDot, include_deleted=True)
    if kind == "cast":
        _, r, t, chosen = action
        store.cast_ballot(Ballot(round_id=hall.rounds[r], team_id=hall.teams[t]),
                          [BallotDot(candidate_id=hall.ideas[c], dots=n) for c, n in chosen])
    elif kind == "merge":  # as a bundle brings them: own ids, dots written first
        _, r, t, chosen = action
        ballot = Ballot(id=str(uuid.uuid4()), created_at=store.now(), updated_at=store.now(),
                        device_id="laptop-2", round_id=hall.rounds[r], team_id=hall.teams[t],
                        cast_at=store.now())
        new_dots = [BallotDot(id=str(uuid.uuid4()), created_at=store.now(),
                              updated_at=store.now(), device_id="laptop-2",
                              ballot_id=ballot.id, candidate_id=hall.ideas[c], dots=n)
                    for c, n in chosen]
        store.apply_merge([*new_dots, ballot], [])
    elif kind in ("void", "unvoid", "move", "to_round"):
        ballot = pick([b for b in ballots if b.deleted_at is None], action[1])
        if ballot is None:
            return
        changed = {
            "void": {"voided_at": store.now(), "void_reason": "wrong person"},
            "unvoid": {"voided_at": None, "void_reason": ""},
            "move": {"team_id": hall.teams[action[2]]},
            "to_round": {"round_id": hall.rounds[action[2] % 2]},
        }[kind]
        store.update(dataclasses.replace(ballot, **changed))
    elif kind in ("delete", "undelete"):
        ballot = pick([b for b in ballots if (b.deleted_at is None) == (kind == "delete")],
                      action[1])
        if ballot is not None:
            getattr(store, kind)(Ballot, ballot.id)
    elif kind in ("delete_dot", "undelete_dot"):
        dot = pick([d for d in dots if (d.deleted_at is None) == (kind == "delete_dot")],
                   action[1])
        if dot is not None:
            getattr(store, kind.removesuffix("_dot"))(BallotDot, dot.id)
    elif kind == "edit_dot":
        dot = pick([d for d in dots if d.deleted_at is None], action[1])
        if dot is not None and action[2]:
            store.update(dataclasses.replace(
                dot, dots=action[2], candidate_id=pick(hall.ideas, action[1] + action[2])))
    elif kind == "purge":
        # Rows deleted outright (no code path of the app does this today; a future one
        # must not break the tally). A ballot goes with its dots, as its links demand.
        ballot = pick(ballots, action[1])
        if ballot is not None:
            with store.transaction():
                store.db.execute("DELETE FROM ballot_dots WHERE ballot_id = ?", [ballot.id])
                store.db.execute("DELETE FROM ballots WHERE id = ?", [ballot.id])


@PROPERTY
@given(actions=st.lists(action_strategy, max_size=30))
def test_the_running_tally_equals_a_recount_after_any_changes(actions):
    store = WorkshopStore.in_memory(Workshop(title="Tally"))
    try:
        hall = make_hall(store)
        for action in actions:
            apply(hall, action)
        for round_id in hall.rounds:
            assert tally(store, round_id) == oracle(store, round_id)
            live = [b for b in store.list(Ballot, round_id=round_id)]
            assert store.round_ballot_counts(round_id) == (
                sum(b.voided_at is None for b in live), sum(b.voided_at is not None for b in live))
        assert store.rounds_with_tally_drift() == set()
    finally:
        store.close()


def test_a_failed_ballot_leaves_the_tally_untouched():
    store = WorkshopStore.in_memory(Workshop(title="Tally"))
    hall = make_hall(store)
    store.cast_ballot(Ballot(round_id=hall.rounds[0]), [BallotDot(candidate_id=hall.ideas[0],
                                                                  dots=2)])
    before = tally(store, hall.rounds[0])

    def dots_then_power_cut():
        yield BallotDot(candidate_id=hall.ideas[1], dots=1)
        raise KeyboardInterrupt  # after the first dot's trigger has run

    with pytest.raises(KeyboardInterrupt):
        store.cast_ballot(Ballot(round_id=hall.rounds[0]), dots_then_power_cut())
    assert tally(store, hall.rounds[0]) == before == Counter({(None, hall.ideas[0]): 2})
    store.close()


def _downgrade_to_v3(path):
    """The same file as the previous release wrote it: no running tally, user_version 3."""
    conn = sqlite3.connect(path)
    with conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE digital_tally")
        conn.execute("DROP TABLE ballot_counts")
        conn.execute("DROP TABLE IF EXISTS local_settings")  # migration 5
        conn.execute("DROP TABLE IF EXISTS drafts")
        for column in ("co_organiser", "facilitators", "next_steps", "contact", "era_dates"):
            conn.execute(f"ALTER TABLE workshop DROP COLUMN {column}")  # migration 6's
        for table in ("phone_sessions", "phone_ballots", "phone_ideas", "phone_requests"):
            conn.execute(f"DROP TABLE {table}")  # migration 7's
        for table, column in (("ideas", "source"), ("ballots", "source"),
                              ("vote_rounds", "may_change_ballot")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 3")
    conn.close()


def hall_file(tmp_path) -> tuple:
    """A workshop file with an open round: (path, store, hall, round id)."""
    path = tmp_path / "hall.workshop"
    store = WorkshopStore.create(path, Workshop(title="Hall"), device_id="a")
    hall = make_hall(store)
    return path, store, hall, open_round(store, hall.rounds[0]).id


def test_migration_4_counts_the_ballots_already_in_a_file(tmp_path):
    path, store, hall, round_id = hall_file(tmp_path)
    for n in range(6):
        cast_ballot(store, round_id, {hall.ideas[n % 4]: 1, hall.ideas[(n + 1) % 4]: 1},
                    team_id=hall.teams[n % 3])
    expected = round_results(store, round_id)
    store.close()
    _downgrade_to_v3(path)

    old = WorkshopStore.open(path, device_id="a", read_only=True)  # not migrated: recounts
    assert old.schema_version() == 3
    assert round_results(old, round_id).candidates == expected.candidates
    old.close()

    store = WorkshopStore.open(path, device_id="a")
    assert store.schema_version() == SCHEMA_VERSION >= 4
    got = round_results(store, round_id)
    assert got.candidates == expected.candidates and got.by_team == expected.by_team
    assert (got.ballots, got.voided) == (expected.ballots, expected.voided) == (6, 0)
    assert sum(c.digital for c in got.candidates) == 12
    cast_ballot(store, round_id, {hall.ideas[0]: 1})  # and the triggers keep it from now on
    assert tally(store, round_id) == oracle(store, round_id)
    store.close()


def test_check_reports_a_tally_changed_behind_the_triggers_back(tmp_path):
    path, store, hall, round_id = hall_file(tmp_path)
    cast_ballot(store, round_id, {hall.ideas[0]: 1})
    store.close()
    assert check_file(path).ok
    for tamper in ("UPDATE digital_tally SET dots = dots + 5",
                   "UPDATE ballot_counts SET voided = 1"):
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(tamper)
        conn.close()
        report = check_file(path)
        assert [p.render("en") for p in report.problems] == [
            "The running tally of 1 voting rounds does not match a recount of their ballots."]
