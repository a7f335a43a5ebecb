"""The chosen round's header on the Voting page: its name and state, the steps its state
allows (open, pass the laptop, void, close, reveal, delete a draft, a runoff), and the
line that says why a step was refused or what to do next.

Each step asks first where it cannot be taken back lightly, then runs through ``ops``
(the page's only write path); what the page shows next (a tab, another round) it learns
from this widget's signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workshop.errors import WorkshopError
from workshop.i18n import N_
from workshop.model import RoundStatus, VoteRound
from workshop.ui.accessible import show_value
from workshop.ui.context import UiContext
from workshop.ui.voting import ops
from workshop.ui.voting.models import describe_ballot, round_state
from workshop.ui.voting.phone_ballots import PhoneBallotDialog
from workshop.ui.voting.wording import state_text
from workshop.ui.widgets import error_label, heading, hint


class RoundActions(QWidget):
    laptop_requested = Signal()  # "Pass the laptop": the page turns into the voter screen
    revealed = Signal()  # the results may be seen now
    round_created = Signal(str)  # a runoff round, a draft to check
    round_deleted = Signal()

    def __init__(self, ctx: UiContext, current_round: Callable[[], VoteRound | None],
                 candidate_count: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = tr = ctx.tr
        self._current_round = current_round
        self._candidate_count = candidate_count
        self.round_title = heading("", 1.3)
        self.state_line = QLabel()
        self.state_line.setWordWrap(True)
        self.open_button = QPushButton(tr("&Open voting…"))
        self.open_button.clicked.connect(self.open_voting)
        self.laptop_button = QPushButton(tr("Pass the &laptop…"))
        self.laptop_button.setToolTip(tr("A full-screen voter screen; Ctrl+Shift+L leaves it"))
        self.laptop_button.clicked.connect(self.laptop_requested)
        self.ask_team = QCheckBox(tr("Ask each voter for their team"))
        self.void_button = QPushButton(tr("Void last ballot…"))
        self.void_button.clicked.connect(self.void_last)
        self.phone_void_button = QPushButton(tr("Void a phone's ballot…"))
        self.phone_void_button.clicked.connect(self.void_phone_ballot)
        self.close_button = QPushButton(tr("&Close voting…"))
        self.close_button.clicked.connect(self.close_voting)
        self.reveal_button = QPushButton(tr("&Reveal results…"))
        self.reveal_button.clicked.connect(self.reveal)
        self.delete_button = QPushButton(tr("Delete draft…"))
        self.delete_button.clicked.connect(self.delete_round)
        self.action_error = error_label()
        self.notice = hint("")
        self.notice.hide()
        self._lay_out()

    def _lay_out(self) -> None:
        # Two short rows rather than one long one: Japanese labels are long, and a laptop
        # screen is 1366 pixels wide. Hidden until a round's state asks for them, so that
        # no hidden button ever widens the window.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.round_title)
        column.addWidget(self.state_line)
        for row in ((self.open_button, self.laptop_button, self.close_button,
                     self.reveal_button, self.delete_button), (self.ask_team, self.void_button),
                    (self.phone_void_button,)):
            actions = QHBoxLayout()
            for widget in row:
                widget.hide()
                actions.addWidget(widget)
            actions.addStretch(1)
            column.addLayout(actions)
        column.addWidget(self.action_error)
        column.addWidget(self.notice)

    def show_round(self, r: VoteRound | None) -> None:
        """The round's name, state and the steps its state allows."""
        tr = self.tr_
        state = round_state(r) if r is not None else ""
        self.round_title.setText(r.name if r is not None else tr("No round yet"))
        state_line = "" if r is None else state_text(
            tr, self.ctx.lang, r, *self.ctx.store.round_ballot_counts(r.id))
        show_value(self.state_line, tr("Round state"), state_line, tr)
        self.open_button.setVisible(state == "draft")
        for widget in (self.laptop_button, self.ask_team, self.void_button,
                       self.phone_void_button, self.close_button):
            widget.setVisible(state == "open")
        self.ask_team.setEnabled(r is not None and r.allow_own_team)
        if r is not None and not r.allow_own_team:
            self.ask_team.setChecked(True)  # the own-team rule needs the voter's team
        self.reveal_button.setVisible(state == "closed" and r is not None
                                      and r.hidden_until_revealed)
        self.delete_button.setVisible(state == "draft")

    def clear_messages(self) -> None:
        self.action_error.hide()
        self.notice.hide()

    def show_error(self, error: WorkshopError) -> None:
        self.action_error.setText(error.render(self.ctx.lang))
        self.action_error.show()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _run(self, step, vote_round: VoteRound, *args) -> bool:
        """A voting step (``ops``) on the chosen round; its refusal shown above the tabs."""
        self.clear_messages()
        try:
            step(self.ctx.session, self.tr_, vote_round, *args)
        except WorkshopError as error:
            self.show_error(error)
            return False
        return True

    def _confirmed(self, text: str) -> bool:
        return self.ctx.dialogs.confirm(self, text)

    # ------------------------------------------------------------------ the steps

    def open_voting(self) -> bool:
        r = self._current_round()
        if r is None or not self._confirmed(self.tr_(
                "Open voting in “{round}”? Its {count} candidates are fixed from now on: "
                "none can be added or removed.").format(round=r.name,
                                                         count=self._candidate_count())):
            return False
        if self._run(ops.open_round, r):
            self.say(self.tr_("Voting is open. “Pass the laptop” starts the voter screen; "
                              "paper counts go in the Paper tally tab."))
            return True
        return False

    def close_voting(self) -> bool:
        r = self._current_round()
        if r is None or not self._confirmed(self.tr_(
                "Close voting in “{round}”? No more ballots can be cast.").format(round=r.name)):
            return False
        return self._run(ops.close_round, r)

    def reveal(self) -> bool:
        r = self._current_round()
        if r is None or not self._confirmed(self.tr_(
                "Reveal the results of “{round}”? Everyone who can see this screen or the "
                "projector will see them.").format(round=r.name)):
            return False
        if self._run(ops.reveal_round, r):
            self.revealed.emit()
            return True
        return False

    def void_last(self) -> bool:
        r = self._current_round()
        if r is None:
            return False
        ballot = self.ctx.store.last_counted_ballot(r.id)
        if ballot is None:
            self.show_error(WorkshopError(
                N_("Round “{round}” has no counted ballot to void."), round=r.name))
            return False
        reason = self.ctx.dialogs.ask_text(
            self, self.tr_("Void the last ballot"),
            describe_ballot(self.ctx, r, ballot) + "\n\n" + self.tr_(
                "Why is this ballot voided? The reason is kept in the round's log."))
        if reason is None:
            return False
        if self._run(ops.void_last_ballot, r, reason):
            self.say(self.tr_("The last ballot was voided; it is no longer counted."))
            return True
        return False

    def void_phone_ballot(self) -> PhoneBallotDialog | None:
        """The round's phone ballots, to void one with a reason (facilitator's view only:
        while the voter screen is shown, this header is not)."""
        r = self._current_round()
        if r is None or r.status != RoundStatus.OPEN or not self.isVisible():
            return None

        def void(ballot_id: str, reason: str) -> None:
            ops.void_phone_ballot(self.ctx.session, self.tr_, r, ballot_id, reason)

        dialog = PhoneBallotDialog(self.ctx, r, void, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def runoff(self) -> VoteRound | None:
        r = self._current_round()
        if r is None:
            return None
        try:
            created = ops.runoff_round(self.ctx.session, self.tr_, r)
        except WorkshopError as error:
            self.show_error(error)
            return None
        self.round_created.emit(created.id)
        self.say(self.tr_("The runoff round is a draft with exactly the tied ideas: check its "
                          "rules, then open voting."))
        return created

    def delete_round(self) -> None:
        r = self._current_round()
        if r is None or r.status != RoundStatus.DRAFT:
            return
        if not self._confirmed(self.tr_("Delete the draft round “{round}”?")
                               .format(round=r.name)):
            return
        try:
            ops.delete_round(self.ctx.session, self.tr_, r)
        except WorkshopError as error:
            self.show_error(error)
            return
        self.round_deleted.emit()
