"""The facilitator voids a phone's ballot from the voting page, by keyboard alone, with a
reason; Ctrl+Z brings it back. And the round's rule on changing a phone's ballot in the
round setup form."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop.model import Ballot, Idea, Prompt, RoundStatus, Source, VoteRound
from workshop.phones.facilitator import results_by_source
from workshop.ui.voting import ops
from workshop.ui.voting.phone_ballots import PhoneBallotDialog

from .test_phones_results import open_round_with_ideas, phone_votes

CTRL = Qt.KeyboardModifier.ControlModifier


def voting_page(window, round_id: str):
    window.show_page(window.stack.row_of("voting"))
    page = window.page("voting")
    page.select_round(round_id)
    page.refresh()
    return page


def shown_dialog(window) -> PhoneBallotDialog | None:
    return next((d for d in window.findChildren(PhoneBallotDialog) if d.isVisible()), None)


def listed(dialog: PhoneBallotDialog) -> list[str]:
    return [dialog.model.index(n, 0).data() for n in range(dialog.model.rowCount())]


def phone_ballot_in(window, hidden: bool) -> tuple[VoteRound, Ballot, str]:
    session = window.session
    vote_round = open_round_with_ideas(window)
    if not hidden:
        vote_round = ops.change_rules(session, window.tr_, vote_round,
                                      hidden_until_revealed=False)
    idea = session.store.get(Idea, vote_round.candidate_ids[0])
    url = session.phones.start("127.0.0.1", 0)
    status, body = asyncio.run(phone_votes(url, vote_round.id, {idea.id: 2}))
    assert status == 201, body
    session.flush()
    (ballot,) = [b for b in session.store.list(Ballot, round_id=vote_round.id)
                 if b.source == "phone"]
    return vote_round, ballot, idea.id


def test_a_phone_ballot_is_voided_by_keyboard_with_its_reason_and_ctrl_z_undoes_it(
        demo_window, qtbot):
    window = demo_window("en")
    session, store = window.session, window.session.store
    vote_round, ballot, _ = phone_ballot_in(window, hidden=True)
    page = voting_page(window, vote_round.id)
    assert page.actions.phone_void_button.isVisible()
    page.actions.phone_void_button.setFocus()
    qtbot.keyClick(page.actions.phone_void_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_dialog(window) is not None)
    dialog = shown_dialog(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.ballot_list)
    (row,) = listed(dialog)
    # results are hidden until the reveal: the list says when and whose, never the dots
    assert row.startswith("Cast at ") and row.endswith("– no team given – counted")
    assert "dot" not in row

    qtbot.keyClick(dialog.ballot_list, Qt.Key.Key_Return)  # no reason yet: refused
    assert dialog.error.isVisible() and dialog.error.text()
    assert store.get(Ballot, ballot.id).voided_at is None

    qtbot.keyClick(dialog.ballot_list, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "Phone passed to a second person")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    voided = store.get(Ballot, ballot.id)
    assert voided.voided_at is not None
    assert voided.void_reason == "Phone passed to a second person"
    assert results_by_source(store, vote_round.id).ballots["phone"] == 0
    (row,) = listed(dialog)
    assert row.endswith("– voided: Phone passed to a second person")
    assert not dialog.void_button.isEnabled() and not dialog.error.isVisible()
    log = [page.log_model.index(n, 0).data() for n in range(page.log_model.rowCount())]
    assert log[-1].endswith("Reason: Phone passed to a second person")

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown_dialog(window) is None)
    assert session.undo_stack.undoText() == "Void a phone's ballot in Phones round"
    window.activateWindow()  # the offscreen platform gives the window back no focus
    qtbot.waitUntil(window.isActiveWindow)
    page.round_list.setFocus()
    qtbot.keyClick(page.round_list, Qt.Key.Key_Z, CTRL)
    session.flush()
    qtbot.waitUntil(lambda: store.get(Ballot, ballot.id).voided_at is None)
    assert results_by_source(store, vote_round.id).ballots["phone"] == 1


def test_with_results_shown_the_list_gives_each_phone_ballots_dots(demo_window, qtbot):
    window = demo_window("en")
    vote_round, _ballot, _ = phone_ballot_in(window, hidden=False)
    page = voting_page(window, vote_round.id)
    dialog = page.actions.void_phone_ballot()
    assert dialog is not None
    (row,) = listed(dialog)
    assert row.endswith("– no team given – 2 dots – counted")
    dialog.close()


def test_no_phone_ballot_can_be_voided_from_the_voter_screen_or_a_closed_round(
        demo_window, qtbot):
    window = demo_window("en")
    vote_round, _ballot, _ = phone_ballot_in(window, hidden=True)
    page = voting_page(window, vote_round.id)
    window.dialogs.texts.append("2468")  # the facilitator PIN, chosen now
    assert page.pass_the_laptop()
    assert page.actions.void_phone_ballot() is None and shown_dialog(window) is None
    assert not page.actions.phone_void_button.isVisible()
    window.dialogs.texts.append("2468")
    assert page.leave_voter_screen()
    ops.close_round(window.session, window.tr_, page.current_round())
    window.session.flush()
    page.refresh()
    assert not page.actions.phone_void_button.isVisible()
    assert page.actions.void_phone_ballot() is None


def test_the_setup_form_sets_the_phone_ballot_rule_until_voting_opens(demo_window, qtbot):
    window = demo_window("en")
    page = window.page("voting")
    window.show_page(window.stack.row_of("voting"))
    r = page.new_round()
    form = page.form
    assert form.may_change.text() == "Phones may change their ballot until voting closes"
    assert form.may_change.isEnabled() and not form.may_change.isChecked()
    form.may_change.setFocus()
    qtbot.keyClick(form.may_change, Qt.Key.Key_Space)
    assert window.session.store.get(VoteRound, r.id).may_change_ballot
    window.dialogs.confirmations.append(True)
    assert page.actions.open_voting()
    assert page.current_round().status == RoundStatus.OPEN
    assert form.may_change.isChecked() and not form.may_change.isEnabled()
    assert form.save(may_change_ballot=False) is False
    assert form.shown_error("may_change_ballot") == (
        "Whether a phone may change its ballot cannot change once a round is open.")
    assert window.session.store.get(VoteRound, r.id).may_change_ballot


def test_the_projected_results_mark_the_ideas_that_came_from_phones(demo_window):
    window = demo_window("en")
    window.toggle_projector()
    session, store = window.session, window.session.store
    prompt = store.list(Prompt)[0]
    store.add(Idea(title="Benches by the fountain", prompt_id=prompt.id,
                   source=Source.PHONE))
    vote_round = open_round_with_ideas(window)
    laptop_idea = next(i for i in store.list(Idea, prompt_id=prompt.id)
                       if i.source != Source.PHONE)
    phone_idea = next(i for i in store.list(Idea, prompt_id=prompt.id)
                      if i.source == Source.PHONE)
    ops.cast_ballot(session, window.tr_, vote_round, {phone_idea.id: 2})
    ops.cast_ballot(session, window.tr_, vote_round, {laptop_idea.id: 1})
    vote_round = ops.close_round(session, window.tr_, store.get(VoteRound, vote_round.id))
    ops.reveal_round(session, window.tr_, vote_round)
    session.flush()
    page = voting_page(window, vote_round.id)
    titles = [row.title for row in page.projector_screen().chart.rows()]
    assert titles == ["Benches by the fountain (from a phone)", laptop_idea.title]
