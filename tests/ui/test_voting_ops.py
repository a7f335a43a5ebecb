"""Every write of the voting page is one undoable step: undo puts the voting data back as it
was before the step, redo as the step left it (``workshop.ui.voting.ops``)."""

from __future__ import annotations

import dataclasses

import pytest

from workshop.demo import create_demo
from workshop.errors import WorkshopError
from workshop.model import Ballot, CandidateKind, RoundEvent, RoundStatus, Tally, VoteRound
from workshop.ui.session import Session
from workshop.ui.voting import ops
from workshop.voting import ImplausibleTallyError, candidates_for, round_results


def tr(text: str) -> str:
    return text


@pytest.fixture
def session(tmp_path, qtbot):
    store = create_demo(tmp_path / "demo.workshop", lang="en", device_id="ops-test")
    session = Session(store)
    yield session
    session.close()


def voting_data(store) -> dict:
    """All that a voting step may change, without the stamps every write renews."""
    def plain(record):
        return {k: v for k, v in dataclasses.asdict(record).items()
                if k not in ("updated_at", "device_id")}

    rounds = store.list(VoteRound)
    return {
        "rounds": [plain(r) for r in rounds],
        "ballots": [plain(b) for b in store.list(Ballot)],
        "tallies": [plain(t) for t in store.list(Tally)],
        "events": [plain(e) for e in store.list(RoundEvent)],
        "counts": {r.id: store.round_ballot_counts(r.id) for r in rounds},
        "totals": {r.id: [(c.candidate_id, c.total) for c in
                          round_results(store, r.id).candidates]
                   for r in rounds if r.status != RoundStatus.DRAFT},
    }


def undoable(session: Session, step, *args, **kwargs):
    """Run ``step``; check that undo restores the data before it and redo the data after it
    (twice, as a facilitator going back and forth would); leave the step done."""
    store = session.store
    before = voting_data(store)
    result = step(session, tr, *args, **kwargs)
    after = voting_data(store)
    assert after != before, step.__name__
    assert session.undo_stack.canUndo()
    for _ in range(2):
        session.undo_stack.undo()
        session.flush()  # the undo is queued to the writer
        assert voting_data(store) == before, f"undo of {step.__name__}"
        session.undo_stack.redo()
        session.flush()
        assert voting_data(store) == after, f"redo of {step.__name__}"
    return result


def test_each_voting_write_is_undone_and_redone(session, qtbot):
    store = session.store
    draft = undoable(session, ops.add_round,
                     VoteRound(name="Test", candidate_kind=CandidateKind.ALL, dots_per_voter=4))
    draft = undoable(session, ops.change_rules, draft, max_dots_per_idea=2)
    opened = undoable(session, ops.open_round, draft)
    assert opened.status == RoundStatus.OPEN
    every = [c.id for c in candidates_for(store, opened)]
    first = every[:4]
    undoable(session, ops.cast_ballot, opened, dict.fromkeys(first, 1))
    undoable(session, ops.cast_ballot, opened, {first[0]: 2})
    voided = undoable(session, ops.void_last_ballot, opened, "a double vote")
    assert store.get(Ballot, voided.id).voided_at is not None
    undoable(session, ops.change_rules, opened, dots_per_voter=5)
    # Twelve ideas with two stickers each: eight of them tie across the top ten.
    undoable(session, ops.set_paper_tally, opened, dict.fromkeys(every[:12], 2), 6)
    closed = undoable(session, ops.close_round, opened)
    undoable(session, ops.reveal_round, closed)
    runoff = undoable(session, ops.runoff_round, closed)
    assert set(runoff.candidate_ids) == set(every[4:12])
    undoable(session, ops.delete_round, runoff)


def test_a_refused_step_records_nothing(session, qtbot):
    store = session.store
    draft = ops.add_round(session, tr, VoteRound(name="Test", candidate_kind=CandidateKind.ALL,
                                                 dots_per_voter=2))
    opened = ops.open_round(session, tr, draft)
    first = candidates_for(store, opened)[0].id
    count, before = session.undo_stack.count(), voting_data(store)
    with pytest.raises(ImplausibleTallyError):
        ops.set_paper_tally(session, tr, opened, {first: 50}, 1)
    with pytest.raises(WorkshopError, match="most one voter"):
        ops.cast_ballot(session, tr, opened, {first: 3})
    assert session.undo_stack.count() == count
    assert voting_data(store) == before


def test_a_step_announces_what_it_changed(session, qtbot):
    draft = ops.add_round(session, tr, VoteRound(name="Test", candidate_kind=CandidateKind.ALL))
    with qtbot.waitSignal(session.changed, check_params_cb=lambda t, _ids: t == RoundEvent.TABLE):
        ops.open_round(session, tr, draft)
    with qtbot.waitSignal(session.changed, check_params_cb=lambda t, _ids: t == VoteRound.TABLE):
        session.undo_stack.undo()
