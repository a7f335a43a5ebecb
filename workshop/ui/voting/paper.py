"""Paper dots: the facilitator types the sticker count of each candidate and the number of
people who voted on paper, fast, and sees at once what cannot be right.

Tab or Enter moves down the count column (the last one on to the voters field); only
digits are taken. Saving goes through the core's ``set_paper_tally``, which refuses
impossible counts unless the facilitator confirms them; paper counts are kept apart from
the digital ballots.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import RoundStatus, Tally, VoteRound
from workshop.ui.context import UiContext
from workshop.ui.keys import also_key
from workshop.ui.voting import ops
from workshop.ui.voting.models import MAX_PAPER_DIGITS, PaperTallyModel
from workshop.ui.widgets import error_label, hint
from workshop.voting import Candidate, ImplausibleTallyError, paper_warnings

_Hint = QAbstractItemDelegate.EndEditHint


def digits_validator(parent: QObject) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(rf"[0-9]{{0,{MAX_PAPER_DIGITS}}}"),
                                       parent)


class CountDelegate(QStyledItemDelegate):
    """A digits-only editor; Enter moves on like Tab (down the column)."""

    def createEditor(self, parent, option, index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(digits_validator(editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, _Hint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


class CountTable(QTableView):
    """The count column is walked down, not across: next = the row below."""

    past_end = Signal()  # Tab/Enter on the last row

    def moveCursor(self, action, modifiers) -> QModelIndex:
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        column = PaperTallyModel.DOTS
        if action == QAbstractItemView.CursorAction.MoveNext:
            return model.index(min(current.row() + 1, model.rowCount() - 1), column)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return model.index(max(current.row() - 1, 0), column)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint) -> None:
        last = self.currentIndex().row() == self.model().rowCount() - 1
        if hint == _Hint.EditNextItem and last:
            super().closeEditor(editor, _Hint.NoHint)
            self.past_end.emit()
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid()
                and self.state() != QAbstractItemView.State.EditingState):
            self.edit(index.siblingAtColumn(PaperTallyModel.DOTS))
            return
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid()
                and self.state() != QAbstractItemView.State.EditingState):
            self.model().setData(index.siblingAtColumn(PaperTallyModel.DOTS), "")
            return
        super().keyPressEvent(event)


class PaperTallyPanel(QWidget):
    """One round's paper counts: the table, the voters field, live warnings, Save."""

    saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = tr = ctx.tr
        self.vote_round: VoteRound | None = None
        self.dirty = False
        self.model = PaperTallyModel(tr, self)
        self.table = CountTable()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PaperTallyModel.DOTS, CountDelegate(self.table))
        self.table.setAccessibleName(tr("Sticker dots per idea"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PaperTallyModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PaperTallyModel.DOTS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PaperTallyModel.DOTS, 140)
        self.voters = QLineEdit()
        self.voters.setValidator(digits_validator(self.voters))
        self.voters.setAccessibleName(tr("Voters on paper"))
        self.voters.setMaximumWidth(200)
        self.voters.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.voters_error = error_label()
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.warnings = error_label()
        self.warnings.setAccessibleName(tr("Warnings"))
        # Beside the table, not below it: however many warnings, the table keeps its rows.
        self.warnings_box = QScrollArea()
        self.warnings_box.setWidget(self.warnings)
        self.warnings_box.setWidgetResizable(True)
        self.warnings_box.setFrameShape(QFrame.Shape.NoFrame)
        self.warnings_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warnings_box.hide()
        self.closed_hint = hint(tr("Open the round first: its candidates are fixed when it "
                                   "opens, and paper counts are typed for them."))
        self.save_button = QPushButton(tr("&Save paper counts"))
        also_key(self.save_button, "Ctrl+S", self)
        self.status = QLabel()
        self.status.setProperty("role", "hint")

        voters_row = QHBoxLayout()
        voters_label = QLabel(tr("Voters on paper:"))
        voters_label.setBuddy(self.voters)
        voters_row.addWidget(voters_label)
        voters_row.addWidget(self.voters)
        voters_row.addWidget(self.total, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr("Type the number of stickers on each idea: Tab or Enter "
                                 "moves down. Paper counts are kept apart from the digital "
                                 "ballots and added to them in the results.")))
        layout.addWidget(self.closed_hint)
        table_row = QHBoxLayout()
        table_row.addWidget(self.table, 3)
        table_row.addWidget(self.warnings_box, 2)
        layout.addLayout(table_row, 1)
        layout.addLayout(voters_row)
        layout.addWidget(self.voters_error)
        layout.addLayout(buttons)

        self.model.edited.connect(self._edited)
        self.voters.textEdited.connect(lambda _t: self._edited())
        self.voters.returnPressed.connect(self.save)
        self.table.past_end.connect(self._to_voters)
        self.save_button.clicked.connect(self.save)
        self.set_round(None, ())

    # ------------------------------------------------------------------ loading

    def set_round(self, vote_round: VoteRound | None, candidates: Sequence[Candidate],
                  *, force: bool = False) -> None:
        """Show a round's saved counts; typing in progress for the same round is kept
        unless ``force``."""
        same = (vote_round is not None and self.vote_round is not None
                and vote_round.id == self.vote_round.id)
        self.vote_round = vote_round
        usable = vote_round is not None and vote_round.status != RoundStatus.DRAFT
        self.closed_hint.setVisible(not usable)
        for widget in (self.table, self.voters, self.save_button):
            widget.setEnabled(usable)
        if same and self.dirty and not force:
            self._edited()
            return
        counts = {}
        if vote_round is not None and usable:
            counts = {t.candidate_id: t.dots
                      for t in self.ctx.store.list(Tally, round_id=vote_round.id)}
        self.model.load(candidates if usable else (), counts)
        voters = vote_round.paper_voters if vote_round is not None else None
        self.voters.setText("" if voters is None or not usable else str(voters))
        self.dirty = False
        self.status.clear()
        self._check()

    # ------------------------------------------------------------------ typing

    def start(self) -> None:
        """Put the keyboard on the first count."""
        if self.model.rowCount():
            index = self.model.index(0, PaperTallyModel.DOTS)
            self.table.setFocus()
            self.table.setCurrentIndex(index)

    def _to_voters(self) -> None:
        self.voters.setFocus()
        self.voters.selectAll()

    def _edited(self) -> None:
        self.dirty = True
        self.status.setText(self.tr_("Not saved yet."))
        self._check()

    def voters_count(self) -> int | None:
        text = self.voters.text().strip()
        return int(text) if text.isdigit() else None

    def current_warnings(self) -> list[str]:
        """What ``paper_warnings`` says about the counts typed so far."""
        r, voters = self.vote_round, self.voters_count()
        if r is None or voters is None or r.status == RoundStatus.DRAFT:
            return []
        counts = self.model.counts()
        return [m.render(self.ctx.lang)
                for m in paper_warnings(r, counts, voters, self.model.titles())]

    def _check(self) -> None:
        tr, r = self.tr_, self.vote_round
        counts, voters = self.model.counts(), self.voters_count()
        total = sum(counts.values())
        if r is None or r.status == RoundStatus.DRAFT:
            self.total.clear()
        elif voters is None:
            self.total.setText(tr("Paper dots in all: {total}. Type the number of voters to "
                                  "check the counts.").format(total=total))
        else:
            self.total.setText(tr("Paper dots in all: {total} (at most {voters} × {budget} "
                                  "= {most})").format(
                total=total, voters=voters, budget=r.dots_per_voter,
                most=voters * r.dots_per_voter))
        warnings = self.current_warnings()
        self.warnings.setText("\n".join("⚠ " + w for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.warnings_box.setVisible(bool(warnings))

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        r, tr = self.vote_round, self.tr_
        if r is None or r.status == RoundStatus.DRAFT:
            return False
        self.voters_error.hide()
        voters = self.voters_count()
        if voters is None:
            self.voters_error.setText(tr("Type how many people voted with paper stickers "
                                         "(0 if nobody did)."))
            self.voters_error.show()
            self.voters.setFocus()
            return False
        counts = self.model.counts()
        try:
            try:
                ops.set_paper_tally(self.ctx.session, tr, r, counts, voters)
            except ImplausibleTallyError as refused:
                question = "\n".join([
                    tr("These paper counts look impossible:"),
                    *("• " + w.render(self.ctx.lang) for w in refused.warnings),
                    "",
                    tr("Count the stickers again if you can. Save these counts anyway?"),
                ])
                if not self.ctx.dialogs.confirm(self, question, default_no=True):
                    self.status.setText(tr("Not saved: check the counts."))
                    return False
                ops.set_paper_tally(self.ctx.session, tr, r, counts, voters,
                                      confirmed=True)
        except WorkshopError as error:
            self.voters_error.setText(error.render(self.ctx.lang))
            self.voters_error.show()
            return False
        self.dirty = False
        self.status.setText(tr("Paper counts saved."))
        self.saved.emit()
        return True
