"""Results that mean something and read from the back of the room (issue 11.2, 11.3):
ideas without dots are never a tie, the banner names only a tie across the cut, and the
projector draws the top large and summarises the rest."""

from __future__ import annotations

from PySide6.QtGui import QColor

from workshop.model import Ballot, CandidateKind, Idea, Prompt, VoteRound
from workshop.ui.voting.chart import INK
from workshop.voting import cast_ballot, close_round, open_round, reveal_round


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [QColor(colour).redF(), QColor(colour).greenF(), QColor(colour).blueF()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def thirty_idea_round(window, *, voted: int, shortlist: int | None = None):
    """A revealed round over 30 new ideas of which the first ``voted`` got dots."""
    store = window.session.store
    prompt = store.add(Prompt(text="駅前広場で何をしたいですか？", position=9))
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, position=n))
             for n in range(30)]
    r = store.add(VoteRound(name="Big round", prompt_id=prompt.id, dots_per_voter=5,
                            max_dots_per_idea=5))
    open_round(store, r.id)
    for n in range(voted):  # idea n gets voted - n dots: no ties among them
        left = voted - n
        while left:
            cast_ballot(store, r.id, {ideas[n].id: min(5, left)})
            left -= min(5, left)
    close_round(store, r.id)
    reveal_round(store, r.id)
    if shortlist:
        store.add(VoteRound(name="Final", candidate_kind=CandidateKind.SHORTLIST,
                            source_round_id=r.id, shortlist_size=shortlist))
    window.session.announce(VoteRound.TABLE, Ballot.TABLE)
    page = window.page("voting")
    window.show_page(window.pages.index(page))
    page.select_round(r.id)
    page.tabs.setCurrentIndex(2)
    return page, r


def test_27_ideas_without_dots_make_no_tie_banner_and_no_runoff(demo_window):
    window = demo_window("en")
    page, _r = thirty_idea_round(window, voted=3, shortlist=1)
    assert page.results.ties.text() == "No tie crosses the top 1. 27 ideas without dots."
    assert page.results.runoff_button.isHidden()
    ranks = [page.results.model.index(row, 0).data()
             for row in range(page.results.model.rowCount())]
    assert ranks[:3] == ["1", "2", "3"] and set(ranks[3:]) == {"no dots"}
    assert "(tied)" not in " ".join(page.chart.chart.drawn_texts())


def test_the_projector_draws_the_top_large_and_summarises_the_rest(demo_window):
    window = demo_window("en")
    window.toggle_projector()
    window.projector.resize(1366, 768)
    page, _r = thirty_idea_round(window, voted=21)
    screen = page.projector_screen()
    rows = screen.chart.rows()
    assert [row.title for row in rows] == [f"Idea {n}" for n in range(10)]  # the top 10
    assert screen.more_label.text() == "+ 11 more, 9 without dots"
    assert window.projector.compact_timer  # the timer steps aside during results
    assert screen.chart.layout_px() >= 768 / 40  # rows, not 8-pixel lines
    assert contrast(INK, "#ffffff") >= 7
    # Long rankings are paged, never shrunk.
    assert page.turn_projector_page(1)
    assert [row.title for row in screen.chart.rows()] == [f"Idea {n}" for n in range(10, 20)]
    assert screen.results_title.text() == "Results: Big round   (2 of 3)"
    assert page.turn_projector_page(1) and not page.turn_projector_page(1)
    assert [row.title for row in screen.chart.rows()] == ["Idea 20"]
    # The number drawn large is the facilitator's choice.
    page.results.projector_rows.setValue(5)
    assert len(page.projector_screen().chart.rows()) == 5


def test_the_projector_says_whether_paper_voters_are_in_ballots_cast(demo_window):
    from workshop.ui.voting.projector import ballots_sentence

    tr = demo_window("en").tr_
    on_laptop = VoteRound(name="R", paper_voters=None)
    assert ballots_sentence(tr, on_laptop, 12) == (
        "Ballots cast on the laptop: 12 (paper dots not included)")
    both = VoteRound(name="R", paper_voters=20)
    assert ballots_sentence(tr, both, 12) == "Ballots cast: 12 on the laptop + 20 voters on paper"
