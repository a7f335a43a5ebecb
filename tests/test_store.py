"""The store: every entity round-trips, writes are atomic, deletions are tombstones."""

import dataclasses

import pytest

from workshop.errors import InputError, NotFoundError
from workshop.model import (
    RECORD_TYPES,
    AgendaItem,
    Ballot,
    BallotDot,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    NoteKind,
    Photo,
    Prompt,
    RoundEvent,
    RoundEventKind,
    RoundStatus,
    Tally,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2f7a3b10000000049454e44ae426082"
)


def sample_records(store):
    """One record of every kind, with every field set to a non-default value."""
    prompt = store.add(Prompt(text="駅前広場で何をしたい？", position=1))
    team = store.add(Team(name="A テーブル", colour="#e15759", members=6, position=2))
    cluster = store.add(Cluster(name="緑と休憩", colour="#77aadd", prompt_id=prompt.id,
                                position=3))
    idea = store.add(Idea(title="木陰のベンチ", details="夏でも涼しく\n座れる場所",
                          prompt_id=prompt.id, team_id=team.id, cluster_id=cluster.id,
                          position=4))
    duplicate = store.add(Idea(title="日陰のベンチ", prompt_id=prompt.id, team_id=team.id,
                               merged_into_id=idea.id))
    first = store.add(VoteRound(name="Round 1", prompt_id=prompt.id,
                                candidate_ids=(idea.id, duplicate.id)))
    vote_round = store.add(VoteRound(
        name="Runoff", candidate_kind=CandidateKind.SHORTLIST, source_round_id=first.id,
        shortlist_size=3, candidate_ids=(idea.id,), dots_per_voter=3, max_dots_per_idea=2,
        allow_own_team=False, negative_dots=1, hidden_until_revealed=False,
        status=RoundStatus.CLOSED, opened_at="2026-11-14T15:00:00+09:00",
        closed_at="2026-11-14T15:10:00+09:00", revealed_at="2026-11-14T15:11:00+09:00",
        paper_voters=36,
    ))
    ballot = store.add(Ballot(round_id=vote_round.id, team_id=team.id,
                              cast_at="2026-11-14T15:05:00+09:00",
                              voided_at="2026-11-14T15:06:00+09:00", void_reason="mistake"))
    return [
        store.workshop(), prompt, team, cluster, idea, duplicate, first, vote_round, ballot,
        store.add(AgendaItem(title="アイスブレイク", minutes=20, position=5)),
        store.add(BallotDot(ballot_id=ballot.id, candidate_id=idea.id, dots=-1)),
        store.add(Tally(round_id=vote_round.id, candidate_id=idea.id, dots=13)),
        store.add(Note(kind=NoteKind.ACTION, text="アンケート配布", team_id=team.id,
                       internal=True)),
        store.add(Photo(caption="模造紙", mime="image/png", width=1, height=1, data=PNG_1PX,
                        idea_id=idea.id, internal=True)),
        store.add(RoundEvent(round_id=vote_round.id, at="2026-11-14T15:10:00+09:00",
                             event=RoundEventKind.CLOSED, details='{"ballots": 1}')),
    ]


def test_every_entity_round_trips_through_a_file(tmp_path):
    path = tmp_path / "round-trip.workshop"
    workshop = Workshop(
        title="みなと市 駅前広場 🌳 𠮷野家", description="説明\n二行目", date="2026-11-14",
        start_time="13:30", end_time="16:30", venue="市民会館", organiser="都市計画課",
        languages=("ja", "en"), platform_url="https://example.org/processes/1",
        platform_profile="decidim-0.28", attendees=38,
    )
    with WorkshopStore.create(path, workshop, device_id="laptop-1") as store:
        written = sample_records(store)
    assert {type(r) for r in written} == set(RECORD_TYPES)
    with WorkshopStore.open(path, device_id="laptop-2") as store:
        for record in written:
            assert store.get(type(record), record.id) == record
        assert store.workshop().languages == ("ja", "en")


def test_records_are_stamped_with_times_and_device(store, prompt):
    assert prompt.device_id == "test-device"
    assert prompt.created_at == prompt.updated_at
    assert prompt.created_at.endswith("+00:00")
    assert len(prompt.id) == 36


def test_update_keeps_created_time_and_changes_values(store, prompt):
    changed = store.update(dataclasses.replace(prompt, text="  新しい問い  "))
    assert changed.text == "新しい問い"
    assert changed.created_at == prompt.created_at
    assert changed.updated_at >= prompt.updated_at
    assert store.get(Prompt, prompt.id).text == "新しい問い"


def test_delete_is_a_tombstone_that_can_be_undone(store, prompt, team):
    idea = store.add(Idea(title="x", prompt_id=prompt.id, team_id=team.id))
    store.delete(Idea, idea.id)
    assert store.ideas() == []
    assert store.get(Idea, idea.id, include_deleted=True).deleted
    with pytest.raises(NotFoundError):
        store.get(Idea, idea.id)
    with pytest.raises(NotFoundError):
        store.update(idea)
    store.undelete(Idea, idea.id)
    assert [i.id for i in store.ideas()] == [idea.id]


def test_list_filters_and_orders_by_position(store, prompt, team):
    b = store.add(Idea(title="b", prompt_id=prompt.id, position=2))
    a = store.add(Idea(title="a", prompt_id=prompt.id, team_id=team.id, position=1))
    assert [i.title for i in store.ideas()] == ["a", "b"]
    assert store.ideas(team_id=team.id) == [a]
    assert store.ideas(team_id=None) == [b]
    store.reorder(Idea, [b.id, a.id])
    assert [i.title for i in store.ideas()] == ["b", "a"]


def test_a_link_to_a_missing_record_is_refused(store):
    with pytest.raises(InputError):
        store.add(Idea(title="orphan", prompt_id="no-such-prompt"))
    assert store.ideas() == []


def test_the_same_id_cannot_be_added_twice(store, prompt):
    with pytest.raises(InputError):
        store.add(prompt)
    assert len(store.list(Prompt)) == 1


def test_bad_input_changes_nothing(store, prompt):
    with pytest.raises(InputError) as caught:
        store.update(dataclasses.replace(prompt, text="   "))
    assert caught.value.field == "text"
    assert store.get(Prompt, prompt.id) == prompt


def test_a_failure_midway_through_a_transaction_leaves_nothing(store, prompt):
    with pytest.raises(InputError), store.transaction():
        store.add(Cluster(name="交通"))
        store.add(Idea(title="one", prompt_id=prompt.id))
        store.add(Idea(title="", prompt_id=prompt.id))  # empty title: refused
    assert store.ideas() == []
    assert store.list(Cluster) == []


def test_a_failure_inside_add_many_rolls_back_every_row(store, prompt):
    with pytest.raises(InputError):
        store.add_many([Idea(title=f"idea {n}", prompt_id=prompt.id) for n in range(5)]
                       + [Idea(title="bad", prompt_id="missing")])
    assert store.ideas() == []


def test_a_crash_midway_leaves_nothing_in_the_file(tmp_path):
    """An exception that is not ours (a bug, KeyboardInterrupt) rolls back as well."""
    path = tmp_path / "w.workshop"
    with WorkshopStore.create(path, Workshop(title="t"), device_id="d") as store:
        prompt = store.add(Prompt(text="p"))
        with pytest.raises(KeyboardInterrupt), store.transaction():
            store.add(Idea(title="first", prompt_id=prompt.id))
            raise KeyboardInterrupt
    with WorkshopStore.open(path, device_id="d") as store:
        assert store.ideas() == []


def test_reorder_with_an_unknown_id_changes_no_position(store, prompt):
    a = store.add(Idea(title="a", prompt_id=prompt.id, position=0))
    b = store.add(Idea(title="b", prompt_id=prompt.id, position=1))
    with pytest.raises(NotFoundError):
        store.reorder(Idea, [b.id, "missing", a.id])
    assert [i.title for i in store.ideas()] == ["a", "b"]


def test_a_ballot_and_its_dots_are_stored_together(store, prompt):
    idea = store.add(Idea(title="a", prompt_id=prompt.id))
    vote_round = store.add(VoteRound(name="r", prompt_id=prompt.id, candidate_ids=(idea.id,)))
    with pytest.raises(InputError):
        store.cast_ballot(Ballot(round_id=vote_round.id),
                          [BallotDot(candidate_id=idea.id, dots=1),
                           BallotDot(candidate_id=idea.id, dots=1000)])
    assert store.list(Ballot) == [] and store.list(BallotDot) == []
    ballot = store.cast_ballot(Ballot(round_id=vote_round.id),
                               [BallotDot(candidate_id=idea.id, dots=2)])
    assert ballot.cast_at
    assert [(d.candidate_id, d.dots) for d in store.ballot_dots(vote_round.id)] == [(idea.id, 2)]
    store.update(dataclasses.replace(store.get(Ballot, ballot.id), voided_at="2026-01-01T00:00Z",
                                     void_reason="test"))
    assert store.ballot_dots(vote_round.id) == []


def test_paper_tallies_are_replaced_as_a_whole(store, prompt):
    a = store.add(Idea(title="a", prompt_id=prompt.id))
    b = store.add(Idea(title="b", prompt_id=prompt.id))
    vote_round = store.add(VoteRound(name="r", prompt_id=prompt.id, candidate_ids=(a.id, b.id)))
    store.set_tallies(vote_round.id, {a.id: 3, b.id: 1}, voters=4)
    store.set_tallies(vote_round.id, {a.id: 5}, voters=6)
    assert [(t.candidate_id, t.dots) for t in store.list(Tally)] == [(a.id, 5)]
    assert store.get(VoteRound, vote_round.id).paper_voters == 6
    with pytest.raises(InputError):
        store.set_tallies(vote_round.id, {a.id: 7, b.id: -1}, voters=9)
    assert [(t.candidate_id, t.dots) for t in store.list(Tally)] == [(a.id, 5)]
    assert store.get(VoteRound, vote_round.id).paper_voters == 6


def test_counts_leave_out_deleted_records(store, prompt):
    ideas = store.add_many([Idea(title=str(n), prompt_id=prompt.id) for n in range(3)])
    store.delete(Idea, ideas[0].id)
    counts = store.counts()
    assert counts["ideas"] == 2 and counts["prompts"] == 1 and counts["photos"] == 0
