"""What the projector shows for a round (given to ``ProjectorWindow.show_widget``).

While the results are hidden: the round's name, the dots each person has and the number
of ballots cast (saying whether paper voters are in it) – never a count per idea. Once
they may be seen: the top of the ranking in type read from the back of the room – the
round's cut (its shortlist, else the top 10) unless the facilitator chose another number –
and the rest in one line ("+ 18 more, 9 without dots"). Ideas without dots are never drawn
as bars; a tie across the cut is drawn whole. Longer lists are paged (``page``), not
shrunk: a chart of 30 rows is read by nobody.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from workshop.model import Idea, RoundStatus, VoteRound
from workshop.ui.models import shown_title
from workshop.ui.projector import FitLabel
from workshop.ui.voting.chart import VoteBarChart
from workshop.ui.voting.models import rest_summary
from workshop.voting import RoundResults

CHART_LARGEST_PX = 96
# The type takes more of a row than in the window: bars need less air than text does.
CHART_ROW_TO_FONT = 0.7
# More rows than this would make the type too small to read from the back of the room
# (1/20 of the screen's height is what 8–10 m needs; ten rows is already the limit).
PROJECTOR_ROWS = 10


def dots_sentence(tr: Callable[[str], str], vote_round: VoteRound) -> str:
    """The rules a voter needs, in one sentence."""
    text = tr("Each person has {dots} dots, at most {cap} on one idea.").format(
        dots=vote_round.dots_per_voter, cap=vote_round.max_dots_per_idea)
    if vote_round.negative_dots:
        text += " " + tr("Negative dots: {count}.").format(count=vote_round.negative_dots)
    if not vote_round.allow_own_team:
        text += " " + tr("No dots for your own team's ideas.")
    return text


def marked_for_the_room(results: RoundResults, phone_ideas: Mapping[str, Idea],
                        tr: Callable[[str], str]) -> RoundResults:
    """The results with ideas that came from phones marked, as the capture page and the
    board mark them (``phone_ideas``: the round's candidates sent from a phone, by id)."""
    def marked(c):
        idea = phone_ideas.get(c.candidate_id)
        if idea is None:
            return c
        return dataclasses.replace(c, title=shown_title(dataclasses.replace(
            idea, title=c.title), tr))

    return dataclasses.replace(results, candidates=tuple(map(marked, results.candidates)),
                               cut_tie=tuple(map(marked, results.cut_tie)))


def projector_rows(results: RoundResults, most: int = PROJECTOR_ROWS, page: int = 0):
    """Page ``page`` of the candidates with dots, ``most`` a page – more when a tie
    crosses the end of a page: tied candidates are always shown together."""
    rows = results.with_dots()
    most = max(1, most)
    start = 0
    for _ in range(page):  # each page starts where the one before ended
        start += len(_page(rows[start:], most))
        if start >= len(rows):
            return ()
    return _page(rows[start:], most)


def _page(rows, most: int):
    if len(rows) <= most:
        return tuple(rows)
    last = rows[most - 1].total
    end = most
    while end < len(rows) and rows[end].total == last:
        end += 1
    return tuple(rows[:end])


def page_count(results: RoundResults, most: int = PROJECTOR_ROWS) -> int:
    count, start, rows = 0, 0, results.with_dots()
    while start < len(rows):
        start += len(_page(rows[start:], max(1, most)))
        count += 1
    return max(1, count)


def ballots_sentence(tr: Callable[[str], str], vote_round: VoteRound, ballots: int) -> str:
    """The ballots cast, saying whether paper voters are counted in it."""
    if vote_round.paper_voters:
        return tr("Ballots cast: {count} on the laptop + {paper} voters on paper").format(
            count=ballots, paper=vote_round.paper_voters)
    return tr("Ballots cast on the laptop: {count} (paper dots not included)").format(
        count=ballots)


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
        self.chart = VoteBarChart(tr, largest_px=CHART_LARGEST_PX,
                                  row_to_font=CHART_ROW_TO_FONT)
        results = QWidget()
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        self.more_label = FitLabel(wrap=False, fill=0.8, largest=56)
        column.addWidget(self.results_title, 1)
        column.addWidget(self.chart, 10)
        column.addWidget(self.more_label, 1)
        self.results: RoundResults | None = None
        self.most = 0  # rows drawn large; 0 = the round's cut, at most PROJECTOR_ROWS
        self.page = 0
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
            self.count_label.set_text(ballots_sentence(tr, vote_round, ballots))
        else:
            self.rules_label.set_text(tr("Voting is closed. The results will be revealed "
                                         "soon."))
            self.count_label.set_text(ballots_sentence(tr, vote_round, ballots))
        self.results = None
        self.stack.setCurrentIndex(0)

    def rows_per_page(self) -> int:
        if self.most:
            return self.most
        cut = self.results.cut if self.results is not None else PROJECTOR_ROWS
        return max(1, min(cut, PROJECTOR_ROWS))

    def show_results(self, results: RoundResults, *, most: int | None = None,
                     page: int | None = None) -> None:
        """The top of ``results`` large (``most`` rows, see ``rows_per_page``), page
        ``page`` of them (kept while the same round is shown again)."""
        same_round = self.results is not None and self.results.round.id == results.round.id
        self.results = results
        if most is not None:
            self.most = most
        pages = page_count(results, self.rows_per_page())
        self.page = min(max(0, page if page is not None else self.page if same_round else 0),
                        pages - 1)
        self.results_title.set_text(self._title(pages))
        shown = projector_rows(results, self.rows_per_page(), self.page)
        self.chart.set_results(shown)
        rest = self._rest_text(shown)
        self.more_label.set_text(rest)
        self.more_label.setVisible(bool(rest))
        self.stack.setCurrentIndex(1)

    def turn_page(self, step: int) -> bool:
        """The next (1) or previous (-1) page of a long ranking; False at either end."""
        if self.results is None or self.stack.currentIndex() != 1:
            return False
        target = self.page + step
        if not 0 <= target < page_count(self.results, self.rows_per_page()):
            return False
        self.show_results(self.results, page=target)
        return True

    def _title(self, pages: int) -> str:
        assert self.results is not None
        title = self.tr_("Results: {round}").format(round=self.results.round.name)
        if pages > 1:
            title += "   " + self.tr_("({page} of {pages})").format(page=self.page + 1,
                                                                  pages=pages)
        return title

    def _rest_text(self, shown) -> str:
        """Below the first page: the rest summarised; on later pages, what comes before."""
        assert self.results is not None
        rows = self.results.with_dots()
        first = rows.index(shown[0]) if shown else 0
        below = len(rows) - first - len(shown)
        summary = rest_summary(self.tr_, self.results, len(rows) - below)
        if self.results.cut_tie and any(c in self.results.cut_tie for c in shown):
            tie = self.tr_("Tied across the top {cut}.").format(cut=self.results.cut)
            summary = f"{tie}  {summary}" if summary else tie
        return summary

    def texts(self) -> list[str]:
        """Everything the room can read on this widget now (for tests)."""
        if self.stack.currentIndex() == 0:
            labels = (self.round_label, self.rules_label, self.count_label)
            return [label.text() for label in labels]
        more = [self.more_label.text()] if self.more_label.text() else []
        return [self.results_title.text(), *self.chart.drawn_texts(), *more]
