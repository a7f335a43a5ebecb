"""What the projector shows for a round (given to ``ProjectorWindow.show_widget``).

While the results are hidden: the round's name, the dots each person has and the number
of ballots cast – never a count per idea. Once they may be seen: the ranked bar chart in
type sized for the room (1920×1080).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from workshop.model import RoundStatus, VoteRound
from workshop.ui.projector import FitLabel
from workshop.ui.voting_chart import VoteBarChart
from workshop.voting import RoundResults

CHART_LARGEST_PX = 56
# More rows than this would make the type too small to read from the back of the room.
PROJECTOR_ROWS = 8


def dots_sentence(tr: Callable[[str], str], vote_round: VoteRound) -> str:
    """The rules a voter needs, in one sentence."""
    text = tr("Each person has {dots} dots, at most {cap} on one idea.").format(
        dots=vote_round.dots_per_voter, cap=vote_round.max_dots_per_idea)
    if vote_round.negative_dots:
        text += " " + tr("Negative dots: {count}.").format(count=vote_round.negative_dots)
    if not vote_round.allow_own_team:
        text += " " + tr("No dots for your own team's ideas.")
    return text


def projector_rows(results: RoundResults, most: int = PROJECTOR_ROWS):
    """The best candidates, at most ``most`` – more when a tie straddles the cut: tied
    candidates are always shown together."""
    rows = results.candidates
    if len(rows) <= most:
        return rows
    cut = rows[most - 1].rank
    return tuple(row for row in rows if row.rank <= cut)


class ProjectorVoting(QWidget):
    """The voting state or the revealed results, large."""

    def __init__(self, tr: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.setObjectName("projector-voting")
        self.round_label = FitLabel(wrap=True, bold=True, fill=0.9, largest=110)
        self.rules_label = FitLabel(wrap=True, fill=0.9, largest=80)
        self.count_label = FitLabel(wrap=True, bold=True, fill=0.9, largest=120)
        state = QWidget()
        column = QVBoxLayout(state)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.round_label, 3)
        column.addWidget(self.rules_label, 3)
        column.addWidget(self.count_label, 3)
        self.results_title = FitLabel(wrap=False, bold=True, fill=0.85, largest=72)
        self.chart = VoteBarChart(tr, largest_px=CHART_LARGEST_PX)
        results = QWidget()
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        self.more_label = FitLabel(wrap=False, fill=0.8, largest=40)
        column.addWidget(self.results_title, 1)
        column.addWidget(self.chart, 8)
        column.addWidget(self.more_label, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(state)
        self.stack.addWidget(results)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def show_state(self, vote_round: VoteRound, ballots: int) -> None:
        """The round without any count per idea: for draft, open and hidden rounds."""
        tr = self.tr_
        self.chart.set_results(())  # nothing of an earlier reveal stays behind
        self.round_label.set_text(vote_round.name)
        if vote_round.status == RoundStatus.DRAFT:
            self.rules_label.set_text(dots_sentence(tr, vote_round))
            self.count_label.set_text(tr("Voting has not started yet."))
        elif vote_round.status == RoundStatus.OPEN:
            self.rules_label.set_text(dots_sentence(tr, vote_round))
            self.count_label.set_text(tr("Ballots cast: {count}").format(count=ballots))
        else:
            self.rules_label.set_text(tr("Voting is closed. The results will be revealed "
                                         "soon."))
            self.count_label.set_text(tr("Ballots cast: {count}").format(count=ballots))
        self.stack.setCurrentIndex(0)

    def show_results(self, results: RoundResults) -> None:
        self.results_title.set_text(self.tr_("Results: {round}").format(
            round=results.round.name))
        shown = projector_rows(results)
        self.chart.set_results(shown)
        rest = len(results.candidates) - len(shown)
        self.more_label.set_text(self.tr_("… and {count} more ideas with fewer dots").format(
            count=rest) if rest else "")
        self.more_label.setVisible(bool(rest))
        self.stack.setCurrentIndex(1)

    def texts(self) -> list[str]:
        """Everything the room can read on this widget now (for tests)."""
        if self.stack.currentIndex() == 0:
            labels = (self.round_label, self.rules_label, self.count_label)
            return [label.text() for label in labels]
        more = [self.more_label.text()] if self.more_label.text() else []
        return [self.results_title.text(), *self.chart.drawn_texts(), *more]
