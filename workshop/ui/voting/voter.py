"""The voter screen for "pass the laptop": one private ballot after another.

Three steps, each filling the screen: the ballot (candidates as large cards with − and +,
the dots left in big type), a check of the ballot before it is cast, and a clean "pass the
laptop" screen that shows nothing of the ballot just cast. Nothing is stored until the
voter confirms; "Start over" (Esc) throws the draft away, after asking if it holds dots.

Keys on a card: ← → move between cards (Home/End: first/last), + − or ↑ ↓ change its dots,
0–9 set them, Enter checks the ballot, Esc starts over.
"""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import Team, VoteRound
from workshop.ui.context import UiContext
from workshop.ui.style import scale_font
from workshop.ui.voting import ops
from workshop.ui.voting.ballot import DraftBallot
from workshop.ui.voting.card import CARD_STYLE, DOT, NO_DOT, BallotCard
from workshop.ui.widgets import error_label, heading, hint, swatch
from workshop.voting import Candidate

BALLOT, REVIEW, PASSED = range(3)
# Five columns of compact cards: at 1366×768 a ballot shows 20 candidates without
# scrolling (a 30-idea round was 9–12 with 300-pixel cards in four columns).
CARD_MIN_WIDTH = 230
MAX_COLUMNS = 5
TEAM_COLUMNS = 4



class VoterScreen(QWidget):
    """Ballot → review → "pass the laptop", for one open round; ``cast`` after each
    stored ballot, ``leave_requested`` when the facilitator asks to leave (Ctrl+Shift+L)."""

    cast = Signal()
    leave_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = ctx.tr
        self.setObjectName("voter-screen")
        self.setStyleSheet(CARD_STYLE)
        self.vote_round: VoteRound | None = None
        self.draft: DraftBallot | None = None
        self.cards: list[BallotCard] = []
        self.teams: list[Team] = []
        self.ballots_cast = 0

        self.stack = QStackedWidget()
        self.stack.addWidget(self._ballot_page())
        self.stack.addWidget(self._review_page())
        self.stack.addWidget(self._passed_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.stack)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.leave_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------------ building

    def _ballot_page(self) -> QWidget:
        tr = self.tr_
        page = QWidget()
        self.round_name = heading("", 1.4)
        self.left_label = QLabel()  # "Dots left: 3 of 5" says it all: heard as shown
        scale_font(self.left_label, 2.0, bold=True)
        self.left_symbols = QLabel()
        scale_font(self.left_symbols, 1.6)
        self.negative_label = QLabel()
        scale_font(self.negative_label, 1.5, bold=True)
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.round_name)
        self.rules_hint = hint("")
        names.addWidget(self.rules_hint)
        top.addLayout(names, 1)
        left = QVBoxLayout()  # the dots left as symbols beside the number: one row
        counted = QHBoxLayout()
        counted.addWidget(self.left_symbols, 0, Qt.AlignmentFlag.AlignVCenter)
        counted.addSpacing(16)
        counted.addWidget(self.left_label, 0, Qt.AlignmentFlag.AlignVCenter)
        left.addLayout(counted)
        left.addWidget(self.negative_label, 0, Qt.AlignmentFlag.AlignRight)
        top.addLayout(left)

        self.team_box = QWidget()
        team_row = QHBoxLayout(self.team_box)
        team_row.setContentsMargins(0, 0, 0, 0)
        self.team_prompt = QLabel(tr("Your team:"))
        team_row.addWidget(self.team_prompt, 0, Qt.AlignmentFlag.AlignTop)
        self.team_grid = QGridLayout()  # rows of four: many teams must not widen the window
        team_row.addLayout(self.team_grid, 1)
        self.team_buttons = QButtonGroup(self)
        self.team_buttons.setExclusive(True)
        self.team_buttons.idClicked.connect(self._team_clicked)

        self.message = error_label()
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        holder = QWidget()
        holder.setLayout(self.grid)
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.start_over_button = QPushButton(tr("Start over (Esc)"))
        self.start_over_button.clicked.connect(self.start_over)
        self.review_button = QPushButton(tr("Cast my dots…"))
        self.review_button.setDefault(True)
        scale_font(self.review_button, 1.3, bold=True)
        self.review_button.setMinimumHeight(60)
        self.review_button.clicked.connect(self.review)
        bottom = QHBoxLayout()
        bottom.addWidget(hint(tr("← → move between ideas · + − or ↑ ↓ change dots · "
                                 "Enter: cast · Esc: start over")), 1)
        bottom.addWidget(self.start_over_button)
        bottom.addWidget(self.review_button)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), page, self.start_over,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.team_box)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        return page

    def _review_page(self) -> QWidget:
        tr = self.tr_
        page = QWidget()
        self.review_heading = heading(tr("Cast these dots?"), 2.0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        scale_font(self.summary, 1.4)
        self.summary.setAccessibleName(tr("Your ballot"))
        self.back_button = QPushButton(tr("Back to my ballot (Esc)"))
        self.back_button.clicked.connect(self.back_to_ballot)
        self.confirm_button = QPushButton(tr("Yes, cast my dots (Enter)"))
        self.confirm_button.setDefault(True)
        self.confirm_button.setMinimumHeight(64)
        scale_font(self.confirm_button, 1.4, bold=True)
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.review_heading)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Return), page, self.confirm,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), page, self.confirm,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), page, self.back_to_ballot,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return page

    def _passed_page(self) -> QWidget:
        tr = self.tr_
        page = QWidget()
        thanks = heading(tr("Thank you – your dots are cast."), 1.6)
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        passing = heading(tr("Pass the laptop to the next person."), 2.4)
        passing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton(tr("Next voter (Enter)"))
        self.next_button.setMinimumHeight(72)
        scale_font(self.next_button, 1.6, bold=True)
        self.next_button.clicked.connect(self.next_voter)
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(thanks)
        layout.addWidget(passing)
        layout.addSpacing(30)
        layout.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)  # no way out shown here: participants read this screen
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), page, self.next_voter,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return page

    # ------------------------------------------------------------------ starting

    def start(self, vote_round: VoteRound, candidates: Sequence[Candidate],
              teams: Sequence[Team], *, ask_team: bool) -> None:
        """A fresh ballot for ``vote_round`` (open). The team row shows when the voter is
        asked for a team, or must give it (the round forbids own-team votes)."""
        tr = self.tr_
        self.vote_round = vote_round
        self.teams = list(teams)
        self.draft = DraftBallot(vote_round, {c.id: c.team_id for c in candidates})
        self.round_name.setText(vote_round.name)
        cap = vote_round.max_dots_per_idea
        rules = self.ctx.ngettext("At most {cap} dot on one idea.",
                                  "At most {cap} dots on one idea.", cap).format(cap=cap)
        if vote_round.negative_dots:
            rules += " " + tr("− below zero gives a negative dot (you have {count}).").format(
                count=vote_round.negative_dots)
        self.rules_hint.setText(rules)
        self._build_cards(candidates)
        self._build_team_row(ask_team or not vote_round.allow_own_team)
        self.next_voter()

    def _build_cards(self, candidates: Sequence[Candidate]) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for candidate in candidates:
            card = BallotCard(candidate, self.tr_, self.ctx.ngettext)
            card.changed.connect(self.change)
            card.set_to.connect(self.set_dots)
            card.move.connect(lambda offset, c=card: self._move_from(c, offset))
            card.review.connect(self.review)
            card.start_over.connect(self.start_over)
            self.cards.append(card)
        self._columns = 0
        self._reflow()

    def _build_team_row(self, shown: bool) -> None:
        for button in self.team_buttons.buttons():
            self.team_buttons.removeButton(button)
            self.team_grid.removeWidget(button)
            button.deleteLater()
        self.team_box.setVisible(shown)
        if not shown:
            return
        choices: list[tuple[str | None, str, str]] = [(t.id, t.name, t.colour)
                                                      for t in self.teams]
        if self.vote_round is not None and self.vote_round.allow_own_team:
            choices.append((None, self.tr_("Not saying"), ""))
        for number, (team_id, name, colour) in enumerate(choices):
            button = QPushButton(name)
            button.setCheckable(True)
            button.setMinimumHeight(48)
            if colour:
                button.setIcon(swatch(colour))
            button.setAccessibleName(self.tr_("Your team: {team}").format(team=name))
            button.setProperty("team_id", team_id)
            self.team_buttons.addButton(button, number)
            self.team_grid.addWidget(button, number // TEAM_COLUMNS, number % TEAM_COLUMNS)

    def _reflow(self) -> None:
        width = self.scroll.viewport().width() or self.width()
        card = max([CARD_MIN_WIDTH, *(c.minimumSizeHint().width() for c in self.cards[:1])])
        columns = max(1, min(MAX_COLUMNS,
                             (width + self.grid.spacing()) // (card + self.grid.spacing())))
        if columns == getattr(self, "_columns", 0):
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for number, card in enumerate(self.cards):
            self.grid.addWidget(card, number // columns, number % columns)
        for column in range(MAX_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        current = self.current_card()
        if current is not None:  # still in view once the new rows are laid out
            QTimer.singleShot(0, self.scroll, lambda: shiboken6.isValid(current)
                              and self.scroll.ensureWidgetVisible(current))
        previous = None
        for card in self.cards:  # Tab follows the reading order
            if previous is not None:
                QWidget.setTabOrder(previous, card)
            previous = card

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow()

    # ------------------------------------------------------------------ the ballot

    def change(self, candidate_id: str, delta: int) -> None:
        if self.draft is not None:
            self._show_refusal(self.draft.change(candidate_id, delta))

    def set_dots(self, candidate_id: str, value: int) -> None:
        if self.draft is not None:
            self._show_refusal(self.draft.set(candidate_id, value))

    def _show_refusal(self, reason) -> None:
        if reason is None:
            self.message.hide()
        else:
            self.message.setText(reason.render(self.ctx.lang))
            self.message.show()
        self._refresh()

    def _team_clicked(self, number: int) -> None:
        if self.draft is None:
            return
        button = self.team_buttons.button(number)
        self.draft.choose_team(button.property("team_id"))
        self.message.hide()
        self._refresh()
        if self.cards:
            self.cards[0].setFocus()

    def choose_team(self, team_id: str | None) -> None:
        """Press the team button of ``team_id`` (keyboard users Tab to it)."""
        for button in self.team_buttons.buttons():
            if button.property("team_id") == team_id:
                button.click()
                return

    def _refresh(self) -> None:
        draft, tr = self.draft, self.tr_
        if draft is None:
            return
        r = draft.vote_round
        self.left_label.setText(tr("Dots left: {left} of {budget}").format(
            left=draft.remaining(), budget=r.dots_per_voter))
        self.left_symbols.setText(DOT * draft.remaining() + NO_DOT * draft.used())
        self.negative_label.setVisible(bool(r.negative_dots))
        self.negative_label.setText(tr("Negative dots left: {left} of {budget}").format(
            left=draft.remaining_negative(), budget=r.negative_dots))
        waiting = draft.needs_team()
        for card in self.cards:
            cid = card.candidate.id
            note = ""
            if waiting:
                note = tr("Choose your team first.")
            elif draft.own_idea(cid):
                note = tr("Your team's idea: no dots in this round.")
            card.show_dots(draft.count(cid), r.max_dots_per_idea,
                           draft.can_change(cid, +1), draft.can_change(cid, -1), note)
        self.review_button.setEnabled(bool(draft.given()))

    def _move_from(self, card: BallotCard, offset: int) -> None:
        index = self.cards.index(card)
        target = {0: 0, 99: len(self.cards) - 1}.get(offset, index + offset)
        if 0 <= target < len(self.cards):
            self.focus_card(target)

    def focus_card(self, index: int) -> None:
        card = self.cards[index]
        card.setFocus()
        self.scroll.ensureWidgetVisible(card)

    def current_card(self) -> BallotCard | None:
        return next((c for c in self.cards if c.hasFocus()), None)

    # ------------------------------------------------------------------ steps

    def review(self) -> None:
        """Show the ballot back to the voter before anything is stored."""
        draft, tr = self.draft, self.tr_
        if draft is None:
            return
        given = draft.given()
        if not given:
            self.message.setText(tr("Give at least one dot first."))
            self.message.show()
            return
        titles = {card.candidate.id: card.candidate.title for card in self.cards}
        lines = [tr("Dots: {count} – {title}").format(
                     count=n if n > 0 else "−" + str(-n), title=titles[cid])
                 for cid, n in given.items()]
        team = next((t.name for t in self.teams if t.id == draft.team_id), "")
        if team:
            lines.append("")
            lines.append(tr("Your team: {team}").format(team=team))
        self.summary.setText("\n".join(lines))
        self.stack.setCurrentIndex(REVIEW)
        self.confirm_button.setFocus()

    def back_to_ballot(self) -> None:
        self.summary.clear()
        self.stack.setCurrentIndex(BALLOT)
        if self.cards:
            self.focus_card(0)

    def confirm(self) -> None:
        """Cast the ballot; then a clean screen for the next person."""
        draft = self.draft
        if (draft is None or self.vote_round is None or self.stack.currentIndex() != REVIEW
                or not self.confirm_button.isEnabled()):
            return
        # One ballot per press, however long the disk takes; the thank-you only once the
        # ballot is on the disk (the window stays live meanwhile: no fsync on this thread).
        self.confirm_button.setEnabled(False)
        try:
            ops.cast_ballot(self.ctx.session, self.tr_, self.vote_round, draft.given(),
                            draft.team_id, done=lambda _ballot: self._cast(),
                            failed=self._not_cast)
        except WorkshopError as error:  # a read-only file refuses before anything is queued
            self._not_cast(error)

    def _not_cast(self, error: WorkshopError) -> None:
        """A rule broken, or a file that refused: not cast; the voter's dots stay."""
        self.confirm_button.setEnabled(True)
        self.back_to_ballot()
        self.message.setText(error.render(self.ctx.lang))
        self.message.show()

    def _cast(self) -> None:
        self.confirm_button.setEnabled(True)
        self.ballots_cast += 1
        self._clear()
        self.stack.setCurrentIndex(PASSED)
        self.next_button.setFocus()
        self.cast.emit()

    def start_over(self) -> None:
        """Throw the draft away (a voter who walked off, or changed their mind) – after
        asking, when it holds dots: a stray Esc must not cost a voter their ballot."""
        draft = self.draft
        if draft is not None and (draft.used() or draft.used_negative()) and \
                not self.ctx.dialogs.confirm(self, self.tr_(
                    "Throw away the dots on this ballot? They have not been cast.")):
            return
        self._clear()
        self.stack.setCurrentIndex(BALLOT)
        if self.cards:
            self.focus_card(0)

    def next_voter(self) -> None:
        self._clear()
        self.stack.setCurrentIndex(BALLOT)
        self.focus_step()

    def _clear(self) -> None:
        """Forget everything of the last voter: dots, team, review text, messages."""
        if self.draft is not None:
            self.draft.clear()
        self.summary.clear()
        self.message.hide()
        self.message.clear()
        checked = self.team_buttons.checkedButton()
        if checked is not None:
            self.team_buttons.setExclusive(False)
            checked.setChecked(False)
            self.team_buttons.setExclusive(True)
        self.scroll.verticalScrollBar().setValue(0)
        self._refresh()

    def step(self) -> int:
        return self.stack.currentIndex()

    def focus_step(self) -> None:
        """Put the keyboard where the current step starts."""
        if self.stack.currentIndex() == REVIEW:
            self.confirm_button.setFocus()
        elif self.stack.currentIndex() == PASSED:
            self.next_button.setFocus()
        elif not self.team_box.isHidden() and self.draft is not None and self.draft.needs_team():
            self.team_buttons.buttons()[0].setFocus()
        elif self.cards:
            self.focus_card(0)
