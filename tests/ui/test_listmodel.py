"""The item models apply the records a change notice names: one row inserted, changed,
moved or removed at its place in display order – no reset, other rows (and selections)
untouched – and a notice without ids reads the table again.

Every model is watched by Qt's ``QAbstractItemModelTester`` (pytest-qt's ``qtmodeltester``)
while it changes.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt

from workshop.board import IdeaFilter
from workshop.i18n import gettext_for
from workshop.model import (
    Cluster,
    Idea,
    Note,
    Photo,
    Prompt,
    RoundEvent,
    RoundEventKind,
    Team,
    VoteRound,
    Workshop,
)
from workshop.notes import Link
from workshop.store import WorkshopStore
from workshop.ui.board import ops as board_ops
from workshop.ui.board.models import UNCLUSTERED, BoardModel
from workshop.ui.context import UiContext
from workshop.ui.dialogs import Dialogs
from workshop.ui.export.models import ClusterLinkModel
from workshop.ui.listmodel import RecordListBase
from workshop.ui.models import IdeaFilterProxy, IdeaTableModel, IdRole, RecordListModel
from workshop.ui.notes.models import (
    LinkChoiceModel,
    LinkTargets,
    NoteFilterProxy,
    NoteTableModel,
    PhotoListModel,
)
from workshop.ui.session import Session
from workshop.ui.settings import Settings
from workshop.ui.voting.models import CandidateListModel, ResultsModel, RoundLogModel
from workshop.voting.results import CandidateResult, RoundResults
from workshop.voting.rounds import Candidate


class Signals:
    """What a model told its views, one entry per notice."""

    def __init__(self, model) -> None:
        self.log: list[tuple] = []
        model.rowsInserted.connect(lambda _p, first, last: self.log.append(("insert", first, last)))
        model.rowsRemoved.connect(lambda _p, first, last: self.log.append(("remove", first, last)))
        model.rowsMoved.connect(
            lambda _p, first, _l, _d, row: self.log.append(("move", first, row)))
        model.dataChanged.connect(
            lambda a, b, _roles=(): self.log.append(("data", a.row(), b.row())))
        model.modelReset.connect(lambda: self.log.append(("reset",)))
        model.layoutChanged.connect(lambda *_: self.log.append(("layout",)))

    def take(self) -> list[tuple]:
        log, self.log = self.log, []
        return log


@pytest.fixture
def session(qapp):
    store = WorkshopStore.in_memory(Workshop(title="Models"))
    session = Session(store)
    yield session
    session.close()


def ctx_of(session: Session, tmp_path) -> UiContext:
    return UiContext(session, "en", gettext_for("en"), Settings(tmp_path / "s.ini"),
                     Dialogs(gettext_for("en")))


# ------------------------------------------------------------------------ the base


class Letters(RecordListBase):
    """Letters in alphabetical order; the letter is its own key."""

    def key_of(self, record):
        return record[0]

    def order_of(self, record):
        return record[0]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        record = self.record_at(index)
        return record if record is not None and role == Qt.ItemDataRole.DisplayRole else None


def letters(model) -> str:
    return "".join(model.index(n).data()[0] for n in range(model.rowCount()))


@pytest.mark.parametrize("after", [
    "abcdef", "abXcdef", "acdf", "XabcdefY", "bcde", "aXcYeZ", "fedcba", "", "a", "uvwxyz"])
def test_set_records_changes_rows_narrowly_and_keeps_persistent_indexes(qtmodeltester, after):
    model = Letters()
    model.set_records(list("abcdef"))
    qtmodeltester.check(model)
    kept = {letter: QPersistentModelIndex(model.index(n)) for n, letter in enumerate("abcdef")}
    signals = Signals(model)
    model.set_records(list(after))
    assert letters(model) == after
    same_order = [c for c in after if c in kept] == [c for c in kept if c in after]
    assert (("reset",) in signals.log) == (not same_order)
    if same_order:  # rows that stay keep their indexes (and selection)
        for letter, index in kept.items():
            assert index.isValid() == (letter in after)
            if letter in after:
                assert index.data() == letter


def test_set_records_says_which_rows_changed_content():
    model = Letters()
    model.set_records(["a1", "b1", "c1"])
    signals = Signals(model)
    model.set_records(["a1", "b2", "c1"])
    assert signals.take() == [("data", 1, 1)]


def test_many_scattered_changes_become_one_reset():
    model = Letters()
    model.set_records([f"{n:03}" for n in range(100)])
    signals = Signals(model)
    model.set_records([f"{n:03}" for n in range(0, 100, 3)])
    assert signals.take() == [("reset",)] and model.rowCount() == 34


def test_apply_inserts_updates_moves_and_removes_at_their_place(qtmodeltester):
    model = Letters()
    model.set_records(["b", "d", "f"])
    qtmodeltester.check(model)
    f = QPersistentModelIndex(model.index(2))
    signals = Signals(model)
    model.apply({"c": "c"})  # between b and d
    assert letters(model) == "bcdf" and signals.take() == [("insert", 1, 1)]
    model.apply({"c": "c!"})
    assert signals.take() == [("data", 1, 1)] and model.index(1).data() == "c!"
    model.apply({"b": None})
    assert letters(model) == "cdf" and signals.take() == [("remove", 0, 0)]
    model.apply({"x": None})  # not here, not added: nothing to say
    assert signals.take() == []
    assert f.isValid() and f.row() == 2 and f.data() == "f"


def test_apply_moves_a_row_whose_order_changed(qtmodeltester):
    class Ranked(RecordListBase):
        def key_of(self, record):
            return record[1]

        def order_of(self, record):
            return record

    model = Ranked()
    model.set_records([(1, "a"), (2, "b"), (3, "c"), (4, "d")])
    qtmodeltester.check(model)
    b = QPersistentModelIndex(model.index(1))
    signals = Signals(model)
    model.apply({"b": (5, "b")})  # down to the end
    assert [r[1] for r in model.records()] == list("acdb")
    assert signals.take() == [("move", 1, 4), ("data", 3, 3)]
    assert b.row() == 3  # the selection follows the row
    model.apply({"b": (0, "b")})  # up to the top
    assert [r[1] for r in model.records()] == list("bacd")
    assert model.row_of("d") == 3


# ------------------------------------------------------------------ the idea table


def test_idea_table_applies_one_idea_per_notice_and_keeps_the_selection(session, qtmodeltester):
    store = session.store
    prompt, team = store.add(Prompt(text="Square")), store.add(Team(name="A", colour="#4e79a7"))
    first = session.add(Idea(title="Trees", prompt_id=prompt.id, team_id=team.id, position=10))
    session.flush()
    last = session.add(Idea(title="Water", prompt_id=prompt.id, team_id=team.id, position=30))
    session.flush()
    model = IdeaTableModel(session, str)
    proxy = IdeaFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter(IdeaFilter(team_id=team.id, prompt_id=prompt.id))
    qtmodeltester.check(model)
    selection = QItemSelectionModel(proxy)
    selection.setCurrentIndex(proxy.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    signals = Signals(model)

    middle = session.add(Idea(title="Shade", prompt_id=prompt.id, team_id=team.id, position=20))
    session.flush()
    assert signals.take() == [("insert", 1, 1)]
    assert [model.index(n, 0).data() for n in range(3)] == ["Trees", "Shade", "Water"]
    assert proxy.rowCount() == 3
    assert selection.currentIndex().data(IdRole) == last.id  # the same idea, a row lower

    session.update(dataclasses.replace(first, title="More trees"))
    session.flush()
    assert signals.take() == [("data", 0, 0)]
    session.update(dataclasses.replace(middle, position=40))  # moved to the end
    session.flush()
    assert [model.index(n, 0).data() for n in range(3)] == ["More trees", "Water", "Shade"]
    assert ("reset",) not in signals.take()
    session.delete(Idea, first.id)
    session.flush()
    assert signals.take() == [("remove", 0, 0)]
    assert selection.currentIndex().data(IdRole) == last.id
    assert model.row_of(middle.id) == 1

    session.undo_stack.undo()  # the deleted idea comes back where it was
    session.flush()
    assert signals.take() == [("insert", 0, 0)]


def test_a_notice_without_ids_reads_the_whole_table(session, qtmodeltester):
    store = session.store
    model = IdeaTableModel(session, str)
    qtmodeltester.check(model)
    written = [store.add(Idea(title=f"Idea {n}", position=n)) for n in range(3)]
    assert model.rowCount() == 0  # written behind the session's back: not yet seen
    session.announce(Idea.TABLE)
    assert [model.record(n).id for n in range(3)] == [i.id for i in written]
    store.delete(Idea, written[1].id)
    store.update(dataclasses.replace(written[2], title="Changed"))
    signals = Signals(model)
    session.announce(Idea.TABLE)
    assert [model.record(n).title for n in range(2)] == ["Idea 0", "Changed"]
    assert signals.take() == [("remove", 1, 1), ("data", 1, 1)]


def test_a_renamed_team_repaints_the_ideas_without_refiltering(session):
    store = session.store
    team = store.add(Team(name="A", colour="#4e79a7"))
    session.add(Idea(title="Trees", team_id=team.id))
    session.flush()
    model = IdeaTableModel(session, str)
    assert model.index(0, IdeaTableModel.TEAM).data() == "A"
    session.update(dataclasses.replace(team, name="Table A"))
    session.flush()
    assert model.index(0, IdeaTableModel.TEAM).data() == "Table A"


def test_an_unchanged_filter_is_not_applied_again(session):
    model = IdeaTableModel(session, str)
    proxy = IdeaFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter(IdeaFilter(team_id="t"))
    signals = Signals(proxy)
    proxy.set_filter(IdeaFilter(team_id="t"))
    assert signals.take() == []


# ---------------------------------------------------------------- records and notes


def test_record_list_follows_adds_renames_and_deletes(session, qtmodeltester):
    b = session.add(Team(name="B", position=2))
    session.flush()
    model = RecordListModel(session, Team, lambda t: t.name)
    qtmodeltester.check(model)
    signals = Signals(model)
    a = session.add(Team(name="A", position=1))
    session.flush()
    session.add(Team(name="C", position=3))
    session.flush()
    assert signals.take() == [("insert", 0, 0), ("insert", 2, 2)]
    session.update(dataclasses.replace(b, name="Bee"))
    session.flush()
    assert signals.take() == [("data", 1, 1)]
    session.delete(Team, a.id)
    session.flush()
    assert signals.take() == [("remove", 0, 0)]
    assert [model.index(n).data() for n in range(model.rowCount())] == ["Bee", "C"]


def test_notes_stay_sorted_newest_first_through_changes(session, qtmodeltester):
    targets = LinkTargets(session, "en")
    model = NoteTableModel(session, targets, str)
    proxy = NoteFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    old = session.add(Note(text="first"))
    session.flush()
    signals = Signals(model)
    new = session.add(Note(text="second"))
    session.flush()
    assert signals.take() == [("insert", 1, 1)]
    assert proxy.index(0, NoteTableModel.TEXT).data() == "second"
    session.update(dataclasses.replace(old, text="first, edited"))
    session.flush()
    assert signals.take() == [("data", 0, 0)]
    assert proxy.index(1, NoteTableModel.TEXT).data() == "first, edited"
    session.delete(Note, new.id)
    session.flush()
    assert signals.take() == [("remove", 1, 1)]


def test_link_choices_gain_a_new_idea_as_one_row(session, qtmodeltester):
    targets = LinkTargets(session, "en")
    targets.set_live(True)
    model = LinkChoiceModel(targets)
    qtmodeltester.check(model)
    rows = model.rowCount()
    signals = Signals(model)
    idea = session.add(Idea(title="Trees"))
    session.flush()
    assert model.rowCount() == rows + 1
    assert model.link(model.row_of(Link("idea", idea.id))) == Link("idea", idea.id)
    assert ("reset",) not in signals.take()
    session.update(dataclasses.replace(idea, title="More trees"))
    session.flush()
    row = model.row_of(Link("idea", idea.id))
    assert "More trees" in model.index(row).data()
    assert signals.take() == [("data", row, row)]


def test_cluster_links_follow_the_clusters(session, qtmodeltester, tmp_path):
    green = session.add(Cluster(name="Green", position=0))
    session.flush()
    model = ClusterLinkModel(ctx_of(session, tmp_path))
    qtmodeltester.check(model)
    signals = Signals(model)
    session.add(Cluster(name="Traffic", position=1))
    session.flush()
    assert signals.take() == [("insert", 1, 1)]
    session.update(dataclasses.replace(green, name="Greenery"))
    session.flush()
    assert signals.take() == [("data", 0, 0)] and model.index(0, 0).data() == "Greenery"


# ---------------------------------------------------------------------- the board


@pytest.fixture
def board(session, tmp_path):
    store = session.store
    prompt = store.add(Prompt(text="Square"))
    team = store.add(Team(name="A", colour="#4e79a7"))
    store.add(Cluster(name="Green", position=0, prompt_id=prompt.id))
    for n in range(4):
        store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, team_id=team.id, position=n))
    return BoardModel(ctx_of(session, tmp_path))


def test_moving_a_card_moves_one_row_between_columns(board, session, qtmodeltester):
    green = board.column_keys()[1]
    loose, cluster = board.column(UNCLUSTERED), board.column(green)
    for model in (loose, cluster):
        qtmodeltester.check(model)
    last = QPersistentModelIndex(loose.index(3))
    loose_signals, cluster_signals = Signals(loose), Signals(cluster)
    ids = [loose.idea(2).id, loose.idea(0).id]
    assert board.move(ids, green) == 2
    session.flush()
    assert [s[0] for s in loose_signals.take()] == ["remove", "remove"]
    assert [i.title for i in loose.ideas()] == ["Idea 1", "Idea 3"]
    assert [i.title for i in cluster.ideas()] == ["Idea 0", "Idea 2"]  # in written order
    assert ("reset",) not in cluster_signals.take()
    assert last.isValid() and last.data() == "Idea 3"
    session.undo_stack.undo()
    session.flush()
    assert [i.title for i in loose.ideas()] == [f"Idea {n}" for n in range(4)]
    assert cluster.rowCount() == 0 and ("reset",) not in loose_signals.take()


def test_a_merge_repaints_the_kept_card_and_hides_the_duplicate(board, session):
    loose = board.column(UNCLUSTERED)
    keep, other = loose.idea(0), loose.idea(1)
    board_ops.merge_ideas(session, str, [keep.id, other.id])
    session.flush()
    assert [i.id for i in loose.ideas()] == [keep.id, *(i.id for i in loose.ideas()[1:])]
    assert other.id not in [i.id for i in loose.ideas()]
    assert board.duplicates_of(loose.idea(0)) == 1
    session.undo_stack.undo()
    session.flush()
    assert loose.row_of(other.id) == 1 and board.duplicates_of(loose.idea(0)) == 0


def test_the_board_catches_up_with_ideas_typed_while_hidden(board, session):
    board.set_live(False)
    idea = session.add(Idea(title="Typed elsewhere", prompt_id=board.query.prompt_id,
                            position=10))
    session.flush()
    loose = board.column(UNCLUSTERED)
    assert loose.row_of(idea.id) == -1
    signals = Signals(loose)
    board.set_live(True)
    assert loose.row_of(idea.id) == 4 and signals.take() == [("insert", 4, 4), ("data", 4, 4)]


def test_a_filter_of_the_board_keeps_applying_to_new_cards(board, session):
    board.set_query(text="special")
    loose = board.column(UNCLUSTERED)
    assert loose.rowCount() == 0
    session.add(Idea(title="Not this one", prompt_id=board.query.prompt_id))
    session.flush()
    assert loose.rowCount() == 0
    found = session.add(Idea(title="A special bench", prompt_id=board.query.prompt_id))
    session.flush()
    assert loose.ideas() == [session.store.get(Idea, found.id)]  # as saved, with its times
    assert board.counts() == (1, 6)


def test_unused_index_argument_defaults(session):
    model = RecordListModel(session, Team, lambda t: t.name)
    assert not model.index(0).isValid() and model.rowCount(QModelIndex()) == 0


# ------------------------------------------------------------- photos, votes, merges


def test_photos_follow_adds_captions_and_deletes(session):
    targets = LinkTargets(session, "en")
    model = PhotoListModel(session, targets, str)
    signals = Signals(model)
    first = session.add(Photo(caption="Sheet 1", width=4, height=3, data=b"not decoded here"))
    session.flush()
    second = session.add(Photo(caption="Sheet 2", width=4, height=3, data=b"nor here"))
    session.flush()
    assert signals.take() == [("insert", 0, 0), ("insert", 1, 1)]
    session.update(dataclasses.replace(second, caption="Sheet two"))
    session.flush()
    assert signals.take() == [("data", 1, 1)] and model.index(1).data() == "Sheet two"
    session.delete(Photo, first.id)
    session.flush()
    assert signals.take() == [("remove", 0, 0)] and model.row_of(second.id) == 0


def test_candidates_and_round_log_grow_by_rows(qtmodeltester):
    candidates = CandidateListModel()
    qtmodeltester.check(candidates)
    ideas = [Candidate(id=f"c{n}", title=f"Idea {n}", team_id=None) for n in range(3)]
    candidates.set_candidates(ideas[:2], {}, "cluster")
    signals = Signals(candidates)
    candidates.set_candidates(ideas, {}, "cluster")
    assert signals.take() == [("insert", 2, 2)]

    log = RoundLogModel("en")
    qtmodeltester.check(log)
    events = [RoundEvent(round_id="r", event=RoundEventKind.OPENED),
              RoundEvent(round_id="r", event=RoundEventKind.CLOSED)]
    log.set_events(events[:1])
    signals = Signals(log)
    log.set_events(events)
    assert signals.take() == [("insert", 1, 1)] and log.rowCount() == 2


def test_results_change_in_place_while_the_ranking_stays(qtmodeltester):
    model = ResultsModel(str)
    qtmodeltester.check(model)

    def results(dots: tuple[int, int]) -> RoundResults:
        rows = tuple(CandidateResult(f"c{n}", f"Idea {n}", d, 0, d, n + 1, False)
                     for n, d in enumerate(dots))
        return RoundResults(round=VoteRound(name="r"), candidates=rows, ballots=1, voided=0,
                            paper_voters=0, attendees=None, turnout=None, by_team={})

    model.set_results(results((3, 1)))
    signals = Signals(model)
    model.set_results(results((4, 1)))
    assert signals.take() == [("data", 0, 0)]
    assert model.index(0, ResultsModel.TOTAL).data() == "4"
    model.set_results(None)
    assert model.rowCount() == 0


def test_the_merge_report_keeps_its_rows_between_bundles(qtmodeltester):
    from workshop.ui.export.models import TOTAL, MergeReportModel

    model = MergeReportModel(str)
    qtmodeltester.check(model)
    model.set_records([("ideas", {"added": 1}), (TOTAL, {"added": 1})])
    signals = Signals(model)
    model.set_records([("ideas", {"added": 2}), (TOTAL, {"added": 2})])
    assert signals.take() == [("data", 0, 1)]
    assert model.counts(TOTAL) == {"added": 2}


def test_the_board_counts_follow_each_change(board, session):
    assert board.counts() == (4, 4)
    idea = session.add(Idea(title="New", prompt_id=board.query.prompt_id, position=9))
    session.flush()
    session.add(Idea(title="Of no prompt"))
    session.flush()
    assert board.counts() == (5, 5)
    board_ops.merge_ideas(session, str, [idea.id, board.column(UNCLUSTERED).idea(0).id])
    session.flush()
    assert board.counts() == (4, 4)
    session.undo_stack.undo()
    session.flush()
    session.delete(Idea, idea.id)
    session.flush()
    assert board.counts() == (4, 4)
    board.set_query(prompt_id=None)
    assert board.counts() == (5, 5)
