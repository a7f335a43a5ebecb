"""A round's results in the window: hidden until revealed; then the ranked list (ties
share a rank and say so), the tie rule, a runoff with the tied ideas, the bar chart,
turnout, and the dots per voter's team.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.model import Source, Team
from workshop.phones.facilitator import SourcedResults
from workshop.ui.voting.chart import VoteBarChart
from workshop.ui.voting.models import ResultsModel, TeamBreakdownModel, plurals
from workshop.ui.widgets import Columns, heading, hint
from workshop.voting import RoundResults

HIDDEN, SHOWN = range(2)


def tie_rule(tr: Callable[[str], str]) -> str:
    """The documented tie rule (workshop.voting), in the window's words."""
    return tr("Tie rule: ideas with the same number of dots share a rank and stay tied – "
              "nothing breaks a tie silently. They are listed in ballot order, which favours "
              "no one. A tie matters where it crosses the cut (the shortlist made from this "
              "round, or else the top 10): run a runoff round with exactly those ideas. Ideas "
              "without dots are never tied.")


def tie_text(tr: Callable[[str], str], results: RoundResults) -> str:
    """The tie banner: the tie across the cut, or that there is none, and the ideas
    without dots (never part of a tie)."""
    if results.cut_tie:
        text = tr("Tied across the top {cut}: {ideas}").format(
            cut=results.cut, ideas=" / ".join(c.title for c in results.cut_tie))
    else:
        text = tr("No tie crosses the top {cut}.").format(cut=results.cut)
    if without := results.without_dots():
        ngettext = plurals(tr)
        text += " " + ngettext("{count} idea without dots.", "{count} ideas without dots.",
                               without).format(count=without)
    return text


def turnout_text(tr: Callable[[str], str], results: RoundResults) -> str:
    parts = [tr("Ballots cast: {count}").format(count=results.ballots)]
    if results.voided:
        parts.append(tr("voided: {count}").format(count=results.voided))
    parts.append(tr("Voters on paper: {count}").format(count=results.paper_voters))
    if results.attendees:
        parts.append(tr("Attendees: {count}").format(count=results.attendees))
        parts.append(tr("Turnout: {percent} %").format(
            percent=round(100 * (results.turnout or 0))))
    else:
        parts.append(tr("Turnout: unknown (set the number of attendees on the Setup page)"))
    return " · ".join(parts)


def sources_text(tr: Callable[[str], str], sourced: SourcedResults) -> str:
    """Where the counted votes came from: laptop and phone ballots beside paper tallies."""
    def dots(source: str) -> int:
        return sum(by_source.get(source, 0) for by_source in sourced.dots.values())

    laptop, phone = str(Source.LAPTOP), str(Source.PHONE)
    return " · ".join([
        tr("On the laptop: {ballots} ballots, {dots} dots").format(
            ballots=sourced.ballots.get(laptop, 0), dots=dots(laptop)),
        tr("On phones: {ballots} ballots, {dots} dots").format(
            ballots=sourced.ballots.get(phone, 0), dots=dots(phone)),
        tr("On paper: {voters} voters, {dots} dots").format(
            voters=sourced.paper_voters, dots=dots("paper")),
    ])


def _table(model, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    return table


class ResultsPanel(QWidget):
    """``set_results(results)`` when they may be seen, ``hide_results(text)`` otherwise."""

    runoff_requested = Signal()  # with the ideas tied across the cut
    projector_rows_changed = Signal(int)  # rows drawn large on the projector; 0 = the cut
    projector_page = Signal(int)  # -1 / +1: the projector's previous / next page

    def __init__(self, tr: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.results: RoundResults | None = None
        self.hidden_label = heading("", 1.3)
        self.hidden_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hidden_label.setAccessibleName(tr("Results"))
        self.turnout = QLabel()
        self.turnout.setWordWrap(True)
        self.sources = QLabel()  # laptop, phones, paper: each source's share of the count
        self.sources.setWordWrap(True)
        self.ties = QLabel()
        self.ties.setWordWrap(True)
        self.ties.setTextFormat(Qt.TextFormat.PlainText)
        font = self.ties.font()
        font.setBold(True)
        self.ties.setFont(font)
        self.rule = hint(tie_rule(tr))
        self.runoff_button = QPushButton()
        self.runoff_button.clicked.connect(self._runoff)
        self.projector_rows = QSpinBox()
        self.projector_rows.setRange(0, 30)
        self.projector_rows.setSpecialValueText(tr("the cut"))
        self.projector_rows.setAccessibleName(tr("Ideas shown large on the projector"))
        self.projector_rows.valueChanged.connect(self.projector_rows_changed)
        rows_label = QLabel(tr("Large on the projector:"))
        rows_label.setBuddy(self.projector_rows)
        self.previous_page = QPushButton(tr("◀ Projector: earlier page"))
        self.previous_page.clicked.connect(lambda: self.projector_page.emit(-1))
        self.next_page = QPushButton(tr("Projector: next page ▶"))
        self.next_page.clicked.connect(lambda: self.projector_page.emit(1))
        # Short rows, not one long one: the page must fit 1366 pixels in Japanese; the
        # page buttons stack too when the text is large.
        projector_row = QVBoxLayout()
        rows = QHBoxLayout()
        for widget in (rows_label, self.projector_rows):
            rows.addWidget(widget)
        rows.addStretch(1)
        projector_row.addLayout(rows)
        pages = []
        for button in (self.previous_page, self.next_page):
            pages.append(QHBoxLayout())
            pages[-1].addWidget(button)
            pages[-1].addStretch(1)
        projector_row.addWidget(Columns(*pages, spacing=6))
        self.model = ResultsModel(tr, self)
        self.table = _table(self.model, tr("Ranked results"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        tie_row = QHBoxLayout()
        tie_row.addWidget(self.ties, 1)
        tie_row.addWidget(self.runoff_button)
        shown = QWidget()
        column = QVBoxLayout(shown)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.turnout)
        column.addWidget(self.sources)
        column.addLayout(tie_row)
        column.addWidget(self.rule)
        column.addLayout(projector_row)
        column.addWidget(self.table, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hidden_label)
        self.stack.addWidget(shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.hide_results("")

    def hide_results(self, text: str) -> None:
        """Nothing of the counts stays in the widgets, not even off screen."""
        self.results = None
        self.model.set_results(None)
        self.turnout.clear()
        self.sources.clear()
        self.ties.clear()
        self.hidden_label.setText(text)
        self.stack.setCurrentIndex(HIDDEN)

    def set_results(self, results: RoundResults, can_run_off: bool,
                    sources: SourcedResults | None = None) -> None:
        tr = self.tr_
        self.results = results
        self.model.set_results(results)
        self.turnout.setText(turnout_text(tr, results))
        self.sources.setText(sources_text(tr, sources) if sources is not None else "")
        self.ties.setText(tie_text(tr, results))
        if results.cut_tie:
            self.runoff_button.setText(tr("Runoff with the {count} tied ideas").format(
                count=len(results.cut_tie)))
        self.runoff_button.setVisible(bool(results.cut_tie))
        self.runoff_button.setEnabled(can_run_off)
        self.stack.setCurrentIndex(SHOWN)

    def _runoff(self) -> None:
        if self.results is not None and self.results.cut_tie:
            self.runoff_requested.emit()


class ChartPanel(QWidget):
    """The bar chart of the results, or why there is none yet."""

    def __init__(self, tr: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.note = hint("")
        self.chart = VoteBarChart(tr)
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        self.set_results(None, "")

    def set_results(self, results: RoundResults | None, hidden_text: str) -> None:
        self.chart.set_results(results.candidates if results is not None else ())
        if results is None:
            self.note.setText(hidden_text)
        else:
            self.note.setText(self.tr_("Dots per idea, best first: solid for digital ballots, "
                                       "hatched for paper stickers."))


class TeamPanel(QWidget):
    """Digital dots per voter's team; paper stickers have no team."""

    def __init__(self, tr: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.model = TeamBreakdownModel(tr, self)
        self.table = _table(self.model, tr("Dots per voter's team"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.note = hint("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.set_results(None, (), "")

    def set_results(self, results: RoundResults | None, teams: Sequence[Team],
                    hidden_text: str) -> None:
        tr = self.tr_
        self.model.set_results(results, teams)
        self.table.setVisible(results is not None and bool(results.by_team))
        if results is None:
            self.note.setText(hidden_text)
        elif not results.by_team:
            self.note.setText(tr("No digital ballots in this round: paper stickers carry no "
                                 "team, so there is nothing to break down."))
        else:
            self.note.setText(tr("Digital ballots only, by the team the voter chose: paper "
                                 "stickers carry no team."))
