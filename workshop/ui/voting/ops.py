"""The voting page's writes as undoable steps: each runs the core voting function through
the session (so a broken rule raises before anything is recorded, and the change is
announced) and says in its undo text what it did.

The rules live in ``workshop.voting``; what a step changed, and how to put it back, in
``workshop.voting.undo``. Pages only read the store; every write comes through here.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from workshop import voting
from workshop.i18n import Message
from workshop.model import Ballot, BallotDot, Record, RoundEvent, Tally, VoteRound
from workshop.phones.facilitator import void_phone_ballot as void_phone_ballot_of
from workshop.store import WorkshopStore
from workshop.ui.session import Session
from workshop.voting.undo import RoundState, restore_round, round_state

Tr = Callable[[str], str]
T = TypeVar("T")
R = TypeVar("R", bound=Record)

# What a step on a round may change, for the models that show it.
ROUND_TABLES = (VoteRound.TABLE, RoundEvent.TABLE, Ballot.TABLE, Tally.TABLE)


def _round_step(session: Session, text: str, round_id: str,
                step: Callable[[WorkshopStore], T],
                touched: Callable[[T], Mapping[str, Ballot | None]] = lambda _: {}) -> T:
    """Run ``step`` on one round as one undoable change, on the writer's store, and wait for
    it. Waited for, not acknowledged later: the rules are checked by the core on the
    writer's store, and each caller needs the outcome at once – the rules form shows a
    refusal beside its field and reloads, a paper tally's warnings (or "implausible: enter
    anyway?") come back from the step, Open / Close / Reveal say what happened and change
    tab. These are a facilitator's occasional steps; the frequent write, a ballot, does not
    wait (``cast_ballot``). ``touched`` names the ballots the step changed, with what they
    were before it (None: not there)."""
    states: list[RoundState] = []  # before, after: filled by the first run
    results: list[T] = []

    def do(store: WorkshopStore) -> T:
        if results:  # redo: the round as the step left it
            restore_round(store, states[1])
            return results[0]
        before = round_state(store, round_id)
        result = step(store)
        ballots = touched(result)
        states[:] = [dataclasses.replace(before, ballots=ballots),
                     round_state(store, round_id,
                                 {i: store.get(Ballot, i) for i in ballots})]
        results.append(result)
        return result

    return session.wait(session.run(text, do, lambda store: restore_round(store, states[0]),
                                    ROUND_TABLES))


def _created(session: Session, text: str, cls: type[R], create: Callable[[WorkshopStore], R],
             tables: tuple[str, ...], done: Callable[[R], object] | None = None,
             failed: Callable[[Exception], object] | None = None
             ) -> concurrent.futures.Future:
    """A record the core adds (a ballot, a runoff round): undo tombstones it, redo brings
    the same record back – nothing else of the round is touched, so a ballot stays one
    cheap write however many there are. Queued; the future gives the stored record."""
    created: list[R] = []

    def do(store: WorkshopStore) -> R:
        if created:
            store.undelete(cls, created[0].id)
        else:
            created.append(create(store))
        return created[0]

    return session.run(text, do, lambda store: store.delete(cls, created[0].id), tables,
                       done=done, failed=failed)


def add_round(session: Session, tr_: Tr, vote_round: VoteRound) -> VoteRound:
    checked = session.add(vote_round, tr_("New round {round}").format(round=vote_round.name))
    session.flush()  # the page selects the new round at once: wait for the writer
    return session.store.get(VoteRound, checked.id)


def delete_round(session: Session, tr_: Tr, vote_round: VoteRound) -> None:
    session.delete(VoteRound, vote_round.id,
                   tr_("Delete round {round}").format(round=vote_round.name))
    session.flush()


def change_rules(session: Session, tr_: Tr, vote_round: VoteRound,
                 **changes: Any) -> VoteRound:
    return _round_step(session, tr_("Rules of round {round}").format(round=vote_round.name),
                       vote_round.id,
                       lambda store: voting.change_rules(store, vote_round.id, **changes))


def open_round(session: Session, tr_: Tr, vote_round: VoteRound) -> VoteRound:
    return _round_step(session, tr_("Open voting in {round}").format(round=vote_round.name),
                       vote_round.id, lambda store: voting.open_round(store, vote_round.id))


def close_round(session: Session, tr_: Tr, vote_round: VoteRound) -> VoteRound:
    return _round_step(session, tr_("Close voting in {round}").format(round=vote_round.name),
                       vote_round.id, lambda store: voting.close_round(store, vote_round.id))


def reveal_round(session: Session, tr_: Tr, vote_round: VoteRound) -> VoteRound:
    return _round_step(session, tr_("Reveal the results of {round}").format(
        round=vote_round.name), vote_round.id,
        lambda store: voting.reveal_round(store, vote_round.id))


def cast_ballot(session: Session, tr_: Tr, vote_round: VoteRound, dots: Mapping[str, int],
                team_id: str | None = None, *, done: Callable[[Ballot], object] | None = None,
                failed: Callable[[Exception], object] | None = None) -> Ballot | None:
    """One voter's ballot; undone, its dots go with it (the tally triggers).

    With ``done`` it returns at once and ``done`` gets the ballot once it is on the disk
    (``failed`` a refusal: a broken rule, or a file that refused): the voter screen stays
    live while a slow USB stick syncs, the next voter after the next. Without, it waits
    and returns the ballot (or raises)."""
    future = _created(session, tr_("Ballot in {round}").format(round=vote_round.name), Ballot,
                      lambda store: voting.cast_ballot(store, vote_round.id, dots, team_id),
                      (Ballot.TABLE, BallotDot.TABLE), done=done, failed=failed)
    return None if done is not None else session.wait(future)


def void_last_ballot(session: Session, tr_: Tr, vote_round: VoteRound, reason: str) -> Ballot:
    last = session.store.last_counted_ballot(vote_round.id)
    return _round_step(session, tr_("Void the last ballot of {round}").format(
        round=vote_round.name), vote_round.id,
        lambda store: voting.void_last_ballot(store, vote_round.id, reason),
        lambda _voided: {last.id: last} if last else {})


def void_phone_ballot(session: Session, tr_: Tr, vote_round: VoteRound, ballot_id: str,
                      reason: str) -> Ballot:
    """Void one phone's ballot with a reason (logged); undoable like voiding the last."""
    before = session.store.get(Ballot, ballot_id)
    return _round_step(session, tr_("Void a phone's ballot in {round}").format(
        round=vote_round.name), vote_round.id,
        lambda store: void_phone_ballot_of(store, ballot_id, reason),
        lambda _voided: {ballot_id: before})


def set_paper_tally(session: Session, tr_: Tr, vote_round: VoteRound, counts: Mapping[str, int],
                    voters: int, *, confirmed: bool = False) -> list[Message]:
    """Raises ``ImplausibleTallyError`` (nothing recorded) unless ``confirmed``."""
    return _round_step(session, tr_("Paper counts of {round}").format(round=vote_round.name),
                       vote_round.id, lambda store: voting.set_paper_tally(
                           store, vote_round.id, counts, voters, confirmed=confirmed))


def runoff_round(session: Session, tr_: Tr, vote_round: VoteRound) -> VoteRound:
    # Waited for: the page selects the new round, whose id the core makes on the writer.
    return session.wait(_created(
        session, tr_("Runoff of {round}").format(round=vote_round.name), VoteRound,
        lambda store: voting.runoff_round(store, voting.round_results(store, vote_round.id)),
        (VoteRound.TABLE,)))
