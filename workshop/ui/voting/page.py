"""The Voting page: dot-voting rounds with explicit rules, private ballots on the shared
laptop, paper tallies, and results that stay hidden until the facilitator reveals them.

Left, the rounds and their state (draft / open / closed / revealed); right, the chosen
round: its actions (``round_actions``), and tabs for its rules, paper counts, results,
dots per team and log.
"Pass the laptop" turns the page into the voter screen, full screen, until the facilitator
leaves it (Ctrl+Shift+L and the facilitator PIN). Every change goes through the core's voting
functions (``workshop.voting``), which check the rules and log the round, as an undoable
step (``ops``): the facilitator's Ctrl+Z takes back the last step – new round, rules, open,
close, reveal, a ballot, a paper count. On the voter screen undo is off (no voter takes back
another's ballot); a ballot cast earlier is taken back by voiding it, with a logged reason.

While the page is shown the projector shows the chosen round: its rules and the number of
ballots, or, once the results may be seen, the ranked chart.
"""

from __future__ import annotations

import dataclasses

import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
)

from workshop.errors import WorkshopError
from workshop.model import (
    Ballot,
    BallotDot,
    CandidateKind,
    Cluster,
    Idea,
    Prompt,
    RoundEvent,
    RoundStatus,
    Source,
    Tally,
    Team,
    VoteRound,
    Workshop,
)
from workshop.phones.facilitator import results_by_source
from workshop.ui.keys import also_key, number_tabs
from workshop.ui.models import IdRole, RecordListModel
from workshop.ui.page import Page
from workshop.ui.participants import facilitator_leaves, facilitator_starts
from workshop.ui.settings import PROJECTOR_RESULT_ROWS
from workshop.ui.voting import ops
from workshop.ui.voting.models import (
    RoundLogModel,
    round_label,
)
from workshop.ui.voting.paper import PaperTallyPanel
from workshop.ui.voting.projector import ProjectorVoting, marked_for_the_room
from workshop.ui.voting.results import ChartPanel, ResultsPanel, TeamPanel
from workshop.ui.voting.round_actions import RoundActions
from workshop.ui.voting.setup import RoundForm
from workshop.ui.voting.voter import VoterScreen
from workshop.ui.voting.wording import hidden_text
from workshop.ui.widgets import Columns, heading
from workshop.voting import (
    candidates_for,
    results_visible,
    round_log,
    round_results,
    suggested_dots,
)

RULES_TAB, PAPER_TAB, RESULTS_TAB, CHART_TAB, TEAMS_TAB, LOG_TAB = range(6)
FACILITATOR, VOTER = range(2)
# Changes to these tables can change what the page shows.
WATCHED = {cls.TABLE for cls in (VoteRound, RoundEvent, Ballot, BallotDot, Tally, Idea, Cluster,
                                  Prompt, Team, Workshop)}


class VotingPage(Page):
    key = "voting"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        tr = self.tr_
        self._stale = False
        self._screen: ProjectorVoting | None = None
        self._selected_id: str | None = None

        # ---- the rounds
        self.rounds = RecordListModel(ctx.session, VoteRound, lambda r: round_label(tr, r),
                                      parent=self)
        self.round_list = QListView()
        self.round_list.setModel(self.rounds)
        self.round_list.setAccessibleName(tr("Voting rounds"))
        self.round_list.setWordWrap(True)
        self.round_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.round_list.selectionModel().currentChanged.connect(self._round_chosen)
        self.new_button = QPushButton(tr("&New round"))
        self.new_button.clicked.connect(self.new_round)

        # ---- the chosen round: state and actions
        self.actions = RoundActions(ctx, self.current_round, lambda: len(self.form.candidates))
        self.actions.laptop_requested.connect(self.pass_the_laptop)
        self.actions.revealed.connect(lambda: self.tabs.setCurrentIndex(RESULTS_TAB))
        self.actions.round_created.connect(self._show_new_round)
        self.actions.round_deleted.connect(self._after_delete)
        for button, keys in ((self.new_button, "Ctrl+Shift+N"),
                             (self.actions.open_button, "Ctrl+Shift+O"),
                             (self.actions.laptop_button, "Ctrl+Shift+P"),
                             (self.actions.close_button, "Ctrl+Shift+C"),
                             (self.actions.reveal_button, "Ctrl+Shift+R")):
            also_key(button, keys, self)

        # ---- the tabs
        self.form = RoundForm(ctx)
        form_scroll = QScrollArea()
        form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop: its fields are
        form_scroll.setWidget(self.form)
        form_scroll.setWidgetResizable(True)
        self.paper = PaperTallyPanel(ctx)
        self.results = ResultsPanel(tr)
        self.results.runoff_requested.connect(self.actions.runoff)
        self.results.projector_rows.setValue(ctx.settings.get(PROJECTOR_RESULT_ROWS))
        self.results.projector_rows_changed.connect(self._projector_rows)
        self.results.projector_page.connect(self.turn_projector_page)
        self.chart = ChartPanel(tr)
        self.teams = TeamPanel(tr)
        self.log_model = RoundLogModel(ctx.lang, self)
        self.log = QListView()
        self.log.setModel(self.log_model)
        self.log.setWordWrap(True)
        self.log.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.log.setAccessibleName(tr("Round log"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Round"))
        for widget, label in ((form_scroll, tr("Rules")), (self.paper, tr("Paper tally")),
                              (self.results, tr("Results")), (self.chart, tr("Chart")),
                              (self.teams, tr("By team")),
                              (self.log, tr("Log"))):
            self.tabs.addTab(widget, label)
        self.tabs.currentChanged.connect(lambda _n: self._focus_tab())
        number_tabs(self.tabs, self)

        self.voter = VoterScreen(ctx)
        self.voter.leave_requested.connect(self.leave_voter_screen)
        self._lay_out()
        self._changed = False
        ctx.session.changed.connect(self._on_changed)
        ctx.session.saved.connect(self._after_changes)
        self.refresh()
        if self.rounds.rowCount():
            self.select_round(self.rounds.record(self.rounds.rowCount() - 1).id)

    def _lay_out(self) -> None:
        tr = self.tr_
        left = QVBoxLayout()
        left.addWidget(heading(self.title()))
        left.addWidget(QLabel(tr("Rounds")))
        left.addWidget(self.round_list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        right.addWidget(self.actions)
        right.addWidget(self.tabs, 1)
        # The rounds above the chosen round when both do not fit side by side (200 %).
        facilitator = Columns(left, right, spacing=6, stretch=(2, 7))
        self.stack = QStackedWidget()
        self.stack.addWidget(facilitator)
        self.stack.addWidget(self.voter)
        self._show_view(FACILITATOR)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def _show_view(self, index: int) -> None:
        """The facilitator's view or the voter screen; only the one shown counts towards
        the page's least width (a stack takes the widest of its pages)."""
        for view in range(self.stack.count()):
            widget = self.stack.widget(view)
            policy = QSizePolicy.Policy.Preferred if view == index else QSizePolicy.Policy.Ignored
            widget.setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(index)

    def title(self) -> str:
        return self.tr_("Voting")

    def activated(self) -> None:
        if self.stack.currentIndex() == VOTER:
            self.voter.focus_step()
            return
        self.round_list.setFocus()

    def _focus_tab(self) -> None:
        if self.tabs.currentIndex() == PAPER_TAB:
            self.paper.start()

    # ------------------------------------------------------------------ following changes

    def _on_changed(self, table: str) -> None:
        self._changed = self._changed or table in WATCHED

    def _after_changes(self) -> None:
        """One refresh per change, however many tables it touched (the session says
        ``saved`` once after naming them all)."""
        if not self._changed:
            return
        self._changed = False
        if not self.isVisible():
            self._stale = True  # e.g. ideas typed on the Capture page: read when shown
            return
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
        else:
            self._update_projector()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if event.spontaneous():  # the window minimised: the projector keeps showing
            return
        window = self.window()
        projector = getattr(window, "projector", None)
        if projector is not None and shiboken6.isValid(projector):
            projector.show_prompt()

    def current_round(self) -> VoteRound | None:
        if self._selected_id is None:
            return None
        try:
            return self.ctx.store.get(VoteRound, self._selected_id)
        except WorkshopError:
            return None

    def _round_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        round_id = current.data(IdRole) if current.isValid() else None
        if round_id != self._selected_id:
            self._selected_id = round_id
            self.actions.clear_messages()
            self.refresh()

    def select_round(self, round_id: str) -> None:
        row = self.rounds.row_of(round_id)
        if row >= 0:
            self.round_list.setCurrentIndex(self.rounds.index(row, 0))

    def refresh(self) -> None:
        """Show the chosen round as stored now: header, tabs and projector."""
        store = self.ctx.store
        r = self.current_round()
        if r is None and self._selected_id is not None:
            self._selected_id = None
        self.form.set_round(r)
        candidates = self.form.candidates if r is not None else ()
        self.paper.set_round(r, candidates)
        self.actions.show_round(r)
        self.tabs.setEnabled(r is not None)
        ballots = store.round_ballot_counts(r.id)[0] if r is not None else 0
        if r is not None and r.status != RoundStatus.DRAFT and results_visible(r):
            results = round_results(store, r.id)
            self.results.set_results(results, can_run_off=r.status == RoundStatus.CLOSED,
                                     sources=results_by_source(store, r.id))
            self.chart.set_results(results, "")
            self.teams.set_results(results, store.list(Team, include_deleted=True), "")
        else:
            text = hidden_text(self.tr_, r, ballots)
            self.results.hide_results(text)
            self.chart.set_results(None, text)
            self.teams.set_results(None, (), text)
        self.log_model.set_events(round_log(store, r.id) if r is not None else [])
        self._update_projector()

    # ------------------------------------------------------------------ the projector

    def _update_projector(self) -> None:
        window = self.window()
        if not self.isVisible() or not hasattr(window, "projector_view"):
            return
        projector = window.projector_view()
        r = self.current_round()
        if r is None:
            projector.show_prompt()
            return
        if self._screen is None or not shiboken6.isValid(self._screen):
            self._screen = ProjectorVoting(self.tr_)
        store = self.ctx.store
        showing_results = r.status != RoundStatus.DRAFT and results_visible(r)
        if showing_results:
            phone_ideas = {i.id: i for i in store.list(Idea, include_deleted=True)
                           if i.source == Source.PHONE and i.id in r.candidate_ids}
            self._screen.show_results(marked_for_the_room(round_results(store, r.id),
                                                          phone_ideas, self.tr_),
                                      most=self.ctx.settings.get(PROJECTOR_RESULT_ROWS))
        else:
            self._screen.show_state(r, store.round_ballot_counts(r.id)[0])
        # During results the timer steps aside: the ranking is what the room reads.
        projector.show_widget(self._screen, compact_timer=showing_results)

    def _projector_rows(self, rows: int) -> None:
        self.ctx.settings.set(PROJECTOR_RESULT_ROWS, rows)
        self._update_projector()

    def turn_projector_page(self, step: int) -> bool:
        screen = self.projector_screen()
        return screen is not None and screen.turn_page(step)

    def projector_screen(self) -> ProjectorVoting | None:
        """The widget this page gave the projector (for tests)."""
        if self._screen is None or not shiboken6.isValid(self._screen):
            return None
        return self._screen

    # ------------------------------------------------------------------ rounds

    def new_round(self) -> VoteRound | None:
        """A draft round over the first prompt's ideas (or all ideas), with the suggested
        number of dots; its name is selected for typing."""
        tr, store = self.tr_, self.ctx.store
        prompts = store.list(Prompt)
        draft = VoteRound(
            name=tr("Round {number}").format(number=len(store.list(VoteRound)) + 1),
            candidate_kind=CandidateKind.PROMPT if prompts else CandidateKind.ALL,
            prompt_id=prompts[0].id if prompts else None,
        )
        try:
            dots, _reason = suggested_dots(len(candidates_for(store, draft)))
            stored = ops.add_round(self.ctx.session, tr,
                                   dataclasses.replace(draft, dots_per_voter=dots))
        except WorkshopError as error:
            self.actions.show_error(error)
            return None
        self.select_round(stored.id)
        self.tabs.setCurrentIndex(RULES_TAB)
        self.form.focus_name()
        return stored

    def _after_delete(self) -> None:
        self._selected_id = None
        if self.rounds.rowCount():
            self.select_round(self.rounds.record(self.rounds.rowCount() - 1).id)
        else:
            self.refresh()

    def _show_new_round(self, round_id: str) -> None:
        """A runoff round: a draft whose rules are checked before voting opens."""
        self.select_round(round_id)
        self.tabs.setCurrentIndex(RULES_TAB)

    # ------------------------------------------------------------------ pass the laptop

    def pass_the_laptop(self) -> bool:
        """The voter screen, full screen, behind the facilitator PIN."""
        r = self.current_round()
        if r is None or r.status != RoundStatus.OPEN:
            return False
        if not facilitator_starts(self.ctx, self, self.tr_("Pass the laptop")):
            return False
        self.voter.start(r, candidates_for(self.ctx.store, r), self.ctx.store.list(Team),
                         ask_team=self.actions.ask_team.isChecked())
        self._show_view(VOTER)
        window = self.window()
        if hasattr(window, "set_kiosk"):
            window.set_kiosk(True, self.key)
        self.voter.next_voter()
        return True

    def leave_voter_screen(self) -> bool:
        """Back to the facilitator's view (a ballot in progress is thrown away)."""
        if self.stack.currentIndex() != VOTER:
            return False
        if not facilitator_leaves(self.ctx, self, self.tr_("Leave the voter screen")):
            return False
        self.voter.start_over()
        self._show_view(FACILITATOR)
        window = self.window()
        if hasattr(window, "set_kiosk"):
            window.set_kiosk(False)
        self.refresh()
        self.round_list.setFocus()
        return True
