"""The facilitator's list of a round's phone ballots, to void one with a reason.

Only the facilitator's view of the voting page opens it (never the voter screen); the void
itself is the undoable step ``ops.void_phone_ballot``. A ballot's dots are shown only when
the round's results may be seen: with hidden results, one ballot's dots would be a first
piece of the running tally before the reveal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import Ballot, Source, Team, VoteRound
from workshop.ui.models import IdRole
from workshop.ui.times import local_time, locale_for
from workshop.ui.widgets import error_label, hint
from workshop.voting import results_visible

# Voids one ballot by id with a reason; raises the core's refusal.
VoidStep = Callable[[str, str], object]


def phone_ballots(store, round_id: str) -> list[Ballot]:
    """The round's ballots cast on phones, counted or voided, in the order cast."""
    ballots = [b for b in store.list(Ballot, round_id=round_id) if b.source == Source.PHONE]
    return sorted(ballots, key=lambda b: b.cast_at)


class PhoneBallotDialog(QDialog):
    def __init__(self, ctx, vote_round: VoteRound, void: VoidStep,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.round_id, self._void = ctx, vote_round.id, void
        tr = self.tr_ = ctx.tr
        self.setWindowTitle(tr("Void a phone's ballot"))
        self.model = QStandardItemModel(self)
        self.ballot_list = QListView()
        self.ballot_list.setModel(self.model)
        self.ballot_list.setAccessibleName(tr("Ballots from phones"))
        self.ballot_list.setWordWrap(True)
        self.ballot_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.empty = hint(tr("No ballot has come from a phone in this round yet."))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(tr("Reason"))
        self.error = error_label()
        self.notice = hint("")
        self.notice.hide()
        self.void_button = QPushButton(tr("&Void this ballot"))
        self.void_button.setDefault(True)
        self.void_button.clicked.connect(self.void_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(tr("&Ballots from phones"), self.ballot_list)
        form.addRow(tr("&Reason (kept in the round's log)"), self.reason)
        for field in (self.ballot_list, self.reason):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.ballot_list.selectionModel().currentChanged.connect(lambda *_: self._chosen())
        # phones keep voting while the dialog is open: follow every saved change
        ctx.session.saved.connect(self.load)
        self.load()
        self.ballot_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def load(self) -> None:
        """The round's phone ballots as stored now; the chosen one stays chosen."""
        store = self.ctx.store
        chosen = self.chosen_id()
        vote_round = store.get(VoteRound, self.round_id)
        teams = {t.id: t.name for t in store.list(Team, include_deleted=True)}
        # None: the dots stay on the laptop's hidden tally until the reveal
        dots: dict[str, int] | None = None
        if results_visible(vote_round):
            dots = {}
            for dot in store.ballot_dots(self.round_id):  # counted ballots only
                dots[dot.ballot_id] = dots.get(dot.ballot_id, 0) + abs(dot.dots)
        self.model.clear()
        for ballot in phone_ballots(store, self.round_id):
            item = QStandardItem(self._describe(ballot, teams, dots))
            item.setData(ballot.id, IdRole)
            item.setEditable(False)
            self.model.appendRow(item)
        self.empty.setVisible(self.model.rowCount() == 0)
        rows = [self.model.index(i, 0) for i in range(self.model.rowCount())]
        current = next((i for i in rows if i.data(IdRole) == chosen), None)
        if current is None and rows:
            current = rows[0]
        if current is not None:
            self.ballot_list.setCurrentIndex(current)
        self._chosen()

    def _describe(self, ballot: Ballot, teams: dict[str, str],
                  dots: dict[str, int] | None) -> str:
        tr = self.tr_
        text = tr("Cast at {time} – {team}").format(
            time=local_time(ballot.cast_at, locale_for(self.ctx.lang)),
            team=teams.get(ballot.team_id or "", tr("no team given")))
        if dots is not None and ballot.voided_at is None:
            total = dots.get(ballot.id, 0)
            text += " – " + self.ctx.ngettext("{count} dot", "{count} dots", total).format(
                count=total)
        if ballot.voided_at is not None:
            text += " – " + tr("voided: {reason}").format(reason=ballot.void_reason)
        else:
            text += " – " + tr("counted")
        return text

    def chosen_id(self) -> str | None:
        index = self.ballot_list.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def _chosen(self) -> None:
        chosen = self.chosen_id()
        ballot = next((b for b in phone_ballots(self.ctx.store, self.round_id)
                       if b.id == chosen), None)
        self.void_button.setEnabled(ballot is not None and ballot.voided_at is None)

    def void_chosen(self) -> bool:
        """Void the chosen ballot with the typed reason; a refusal shows in the dialog."""
        chosen = self.chosen_id()
        self.error.hide()
        self.notice.hide()
        if chosen is None:
            return False
        try:
            self._void(chosen, self.reason.text())
        except WorkshopError as error:
            self.error.setText(error.render(self.ctx.lang))
            self.error.show()
            return False
        self.reason.clear()
        self.load()
        self.notice.setText(self.tr_("The ballot was voided; it is no longer counted. "
                                     "Ctrl+Z brings it back."))
        self.notice.show()
        self.ballot_list.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
