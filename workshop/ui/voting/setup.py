"""The rules of one round as a form: name, candidates, dots and limits.

Every change is saved at once through the core's ``change_rules`` (a field is saved when
it is left, a choice when it is made). A draft changes freely; an open round takes no new
candidates and its limits cannot go below what a ballot already used; a closed round can
only be renamed. A refused change shows the core's message beside its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import CandidateKind, Prompt, RoundStatus, Team, VoteRound
from workshop.ui.accessible import spoken_caption
from workshop.ui.context import UiContext
from workshop.ui.voting import ops
from workshop.ui.voting.models import CandidateListModel, round_state
from workshop.ui.widgets import Columns, WrappingCheckBox, error_label, hint
from workshop.voting import Candidate, candidates_for, suggested_dots

# Which error label shows a refusal about a field.
_ERROR_ROWS = {
    "name": "name", "candidate_kind": "candidate_kind", "prompt_id": "prompt_id",
    "source_round_id": "source_round_id", "shortlist_size": "shortlist_size",
    "candidate_ids": "candidate_ids", "dots_per_voter": "dots_per_voter",
    "max_dots_per_idea": "max_dots_per_idea", "allow_own_team": "allow_own_team",
    "negative_dots": "negative_dots", "hidden_until_revealed": "hidden_until_revealed",
    "may_change_ballot": "may_change_ballot",
}
# Qt 6.11's style sheets give a spin box without buttons a 1-pixel-wide text field (the
# app's plain_spin_boxes removes the buttons): zero-width buttons drawn from the border
# keep the numbers visible.
SPIN_BOX_FIX = ("QAbstractSpinBox::up-button, QAbstractSpinBox::down-button "
                "{ width: 0px; border: none; subcontrol-origin: border; }")


def _form(wrap: bool = False) -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if wrap:  # labels above their fields: long (Japanese) labels need no width
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    return form


class RoundForm(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = tr = ctx.tr
        self.vote_round: VoteRound | None = None
        self.candidates: tuple[Candidate, ...] = ()
        self.errors: dict[str, QLabel] = {}
        self._loading = False

        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind, label in ((CandidateKind.PROMPT, tr("The ideas of one prompt")),
                            (CandidateKind.ALL, tr("All ideas")),
                            (CandidateKind.CLUSTERS, tr("Clusters")),
                            (CandidateKind.SHORTLIST, tr("A shortlist: the top of an earlier "
                                                         "round"))):
            self.kind.addItem(label, kind)
        self.prompt = QComboBox()
        self.source = QComboBox()
        for combo in (self.kind, self.prompt, self.source):  # long prompts must not widen
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.size = QSpinBox()
        self.size.setRange(1, 1000)
        self.candidate_count = QLabel()
        self.candidate_model = CandidateListModel(self)
        self.candidate_list = QListView()
        self.candidate_list.setModel(self.candidate_model)
        self.candidate_list.setAccessibleName(tr("Candidates"))
        self.candidate_list.setMinimumHeight(110)
        self.candidate_list.setWordWrap(True)
        self.candidate_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dots = QSpinBox()
        self.dots.setRange(1, 100)
        self.suggest_button = QPushButton()
        self.suggest_button.clicked.connect(self.use_suggestion)
        self.suggestion = hint("")
        self.suggested: int | None = None  # dots the rule of thumb gives the candidates
        self._reason = ""
        self.cap = QSpinBox()
        self.cap.setRange(1, 100)
        self.own_team = WrappingCheckBox(tr("Teams may vote for their own ideas"))
        self.negative = QSpinBox()
        self.negative.setRange(0, 100)
        self.negative.setSpecialValueText(tr("none"))
        self.hidden = WrappingCheckBox(tr("Hide the results until I reveal them"))
        self.may_change = WrappingCheckBox(tr("Phones may change their ballot until voting closes"))
        self.general_error = error_label()
        self.frozen_hint = hint("")

        # Two columns, so that the rules are in view beside the candidates on a laptop;
        # one column when the text is large or the window narrow.
        form = _form()
        self.form = form
        self._row(form, "name", tr("Na&me"), self.name)
        self._row(form, "candidate_kind", tr("C&andidates"), self.kind)
        self._row(form, "prompt_id", tr("&Prompt"), self.prompt)
        self._row(form, "source_round_id", tr("From round"), self.source)
        self._row(form, "shortlist_size", tr("Top"), self.size)
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.candidate_count)
        column.addWidget(self.candidate_list, 1)
        self._row(form, "candidate_ids", "", listing, accessible=False)
        rules = _form(wrap=True)
        dots_row = QWidget()
        row = QHBoxLayout(dots_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dots)
        row.addWidget(self.suggest_button)
        row.addStretch(1)
        self._row(rules, "dots_per_voter", tr("&Dots per voter"), dots_row, focus=self.dots)
        rules.addRow(self.suggestion)
        self._row(rules, "max_dots_per_idea", tr("Most dots on one &idea"), self.cap)
        self._row(rules, "negative_dots", tr("Ne&gative dots per voter"), self.negative)
        self._row(rules, "allow_own_team", "", self.own_team)
        self._row(rules, "hidden_until_revealed", "", self.hidden)
        self._row(rules, "may_change_ballot", "", self.may_change)
        for spin in (self.size, self.dots, self.cap, self.negative):
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0000") + 40)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000") * 3)
        self.setStyleSheet(SPIN_BOX_FIX)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        self.columns = Columns(form, rules)
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.frozen_hint)

        self.name.editingFinished.connect(lambda: self.save(name=self.name.text()))
        self.kind.currentIndexChanged.connect(self._selection_changed)
        self.prompt.currentIndexChanged.connect(self._selection_changed)
        self.source.currentIndexChanged.connect(self._selection_changed)
        self.size.editingFinished.connect(self._selection_changed)
        self.dots.editingFinished.connect(lambda: self.save(dots_per_voter=self.dots.value()))
        self.dots.valueChanged.connect(lambda _v: self._show_suggestion())
        self.cap.editingFinished.connect(lambda: self.save(max_dots_per_idea=self.cap.value()))
        self.negative.editingFinished.connect(
            lambda: self.save(negative_dots=self.negative.value()))
        self.own_team.toggled.connect(lambda on: self.save(allow_own_team=on))
        self.hidden.toggled.connect(lambda on: self.save(hidden_until_revealed=on))
        self.may_change.toggled.connect(lambda on: self.save(may_change_ballot=on))
        self.setEnabled(False)

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget, *,
             focus: QWidget | None = None, accessible: bool = True) -> None:
        if accessible:
            (focus or widget).setAccessibleName(
                spoken_caption(label) or getattr(widget, "text", lambda: "")())
        error = error_label()
        self.errors[name] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        if label:
            form.addRow(label, holder)
            form.labelForField(holder).setBuddy(focus or widget)
        else:  # a check box says what it is itself
            form.addRow(holder)
        widget.setProperty("form_row", holder)

    # ------------------------------------------------------------------ loading

    def set_round(self, vote_round: VoteRound | None) -> None:
        self.vote_round = vote_round
        self.load()

    def load(self) -> None:
        """Show the stored round (after any change, so the form never disagrees)."""
        store, tr = self.ctx.store, self.tr_
        if self.vote_round is not None:
            try:
                self.vote_round = store.get(VoteRound, self.vote_round.id)
            except WorkshopError:
                self.vote_round = None
        r = self.vote_round
        self.setEnabled(r is not None)
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        if r is None:
            self.candidate_model.set_candidates((), {}, "")
            return
        self._loading = True
        try:
            self.name.setText(r.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(r.candidate_kind)))
            self._fill_prompts(r)
            self._fill_sources(r)
            self.size.setValue(r.shortlist_size or 3)
            self.dots.setValue(r.dots_per_voter)
            self.cap.setValue(r.max_dots_per_idea)
            self.negative.setValue(r.negative_dots)
            self.own_team.setChecked(r.allow_own_team)
            self.hidden.setChecked(r.hidden_until_revealed)
            self.may_change.setChecked(r.may_change_ballot)
        finally:
            self._loading = False
        self._show_rows(r.candidate_kind)
        self._load_candidates(r)
        state = round_state(r)
        draft, closed = state == "draft", state in ("closed", "revealed")
        # a phone that voted under one rule must not see it change under it
        for widget in (self.kind, self.prompt, self.source, self.size, self.may_change):
            widget.setEnabled(draft)
        for widget in (self.dots, self.cap, self.negative, self.own_team, self.hidden,
                       self.suggest_button):
            widget.setEnabled(not closed)
        if closed:
            self.frozen_hint.setText(tr("Voting is closed: only the name can change."))
        elif not draft:
            self.frozen_hint.setText(tr(
                "Voting has started: the candidates are fixed, and no limit can go below "
                "what a ballot already used."))
        self.frozen_hint.setVisible(not draft)

    def _fill_prompts(self, r: VoteRound) -> None:
        self.prompt.clear()
        for prompt in self.ctx.store.list(Prompt):
            self.prompt.addItem(prompt.text.replace("\n", " "), prompt.id)
        if r.candidate_kind == CandidateKind.CLUSTERS:
            self.prompt.addItem(self.tr_("Every prompt"), None)
        index = self.prompt.findData(r.prompt_id)
        self.prompt.setCurrentIndex(max(0, index))

    def _fill_sources(self, r: VoteRound) -> None:
        self.source.clear()
        for other in self.ctx.store.list(VoteRound):
            if other.id != r.id and (other.status == RoundStatus.CLOSED
                                     or other.id == r.source_round_id):
                self.source.addItem(other.name, other.id)
        self.source.setCurrentIndex(max(0, self.source.findData(r.source_round_id)))

    def _show_rows(self, kind: CandidateKind) -> None:
        rows = {
            "prompt_id": kind in (CandidateKind.PROMPT, CandidateKind.CLUSTERS),
            "source_round_id": kind == CandidateKind.SHORTLIST,
            "shortlist_size": kind == CandidateKind.SHORTLIST,
        }
        widgets = {"prompt_id": self.prompt, "source_round_id": self.source,
                   "shortlist_size": self.size}
        for name, shown in rows.items():
            self.form.setRowVisible(widgets[name].property("form_row"), shown)

    def _load_candidates(self, r: VoteRound) -> None:
        tr, store = self.tr_, self.ctx.store
        try:
            self.candidates = candidates_for(store, r)
        except WorkshopError as error:
            self.candidates = ()
            self._show_error("candidate_ids", error.render(self.ctx.lang))
        teams = {t.id: t.name for t in store.list(Team, include_deleted=True)}
        self.candidate_model.set_candidates(self.candidates, teams, tr("cluster"))
        self.candidate_count.setText(tr("Candidates on the ballot: {count}").format(
            count=len(self.candidates)))
        dots, reason = suggested_dots(len(self.candidates))
        self.suggested = dots
        self._reason = reason.render(self.ctx.lang)
        self.suggest_button.setText(tr("Use the suggestion: {dots}").format(dots=dots))
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        """The rule of thumb, and the value chosen when it differs: the help text follows
        the field instead of seeming to describe a number that is not there."""
        value = self.dots.value()
        text = self._reason
        if self.suggested is not None and value != self.suggested:
            text = self.ctx.ngettext("Chosen: {count} dot per voter.",
                                     "Chosen: {count} dots per voter.",
                                     value).format(count=value) + " " + text
        self.suggestion.setText(text)

    # ------------------------------------------------------------------ saving

    def _selection_changed(self, *_args) -> None:
        if self._loading or self.vote_round is None:
            return
        kind = self.kind.currentData()
        changes: dict[str, Any] = {"candidate_kind": kind, "candidate_ids": (),
                                   "prompt_id": None, "source_round_id": None,
                                   "shortlist_size": None}
        if kind in (CandidateKind.PROMPT, CandidateKind.CLUSTERS):
            if (kind == CandidateKind.CLUSTERS) != (self.prompt.findData(None) >= 0):
                # "Every prompt" is a choice for clusters only
                self._loading = True
                try:
                    self._fill_prompts(VoteRound(candidate_kind=kind,
                                                 prompt_id=self.prompt.currentData()))
                finally:
                    self._loading = False
            changes["prompt_id"] = self.prompt.currentData()
        elif kind == CandidateKind.SHORTLIST:
            changes["source_round_id"] = self.source.currentData()
            changes["shortlist_size"] = self.size.value()
        current = {name: getattr(self.vote_round, name) for name in changes}
        if changes != {**current, "candidate_ids": ()} or self.vote_round.candidate_ids:
            self.save(**changes)

    def use_suggestion(self) -> None:
        self.dots.setValue(self.suggested)
        changes = {"dots_per_voter": self.suggested}
        if self.vote_round is not None and self.vote_round.max_dots_per_idea > self.suggested:
            changes["max_dots_per_idea"] = self.suggested  # the cap may not exceed the budget
        self.save(**changes)

    def save(self, **changes: Any) -> bool:
        """Change the round's rules through the core; a refusal shows beside its field."""
        r = self.vote_round
        if self._loading or r is None:
            return False
        if all(getattr(r, name) == value for name, value in changes.items()):
            return True
        try:
            ops.change_rules(self.ctx.session, self.tr_, r, **changes)
        except WorkshopError as error:
            # The form goes back to the rules in force, with the reason beside the field.
            self.load()
            self._show_error(getattr(error, "field", ""), error.render(self.ctx.lang))
            return False
        self.load()
        return True

    def _show_error(self, field: str, text: str) -> None:
        label = self.errors.get(_ERROR_ROWS.get(field, ""), self.general_error)
        label.setText(text)
        label.show()

    def shown_error(self, field: str) -> str:
        """The message beside a field ("" when none): for tests and screen readers."""
        label = self.errors.get(field, self.general_error)
        return label.text() if label.isVisibleTo(self) else ""

    def focus_name(self) -> None:
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()
