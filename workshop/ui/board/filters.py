"""The Board page's filters: the prompt, words to search for, a team, a cluster.

The widgets only choose; the filter itself is the ``BoardModel``'s query (the core's
``IdeaFilter``), and the boxes are set from it whenever the board changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QSizePolicy

from workshop.model import Prompt, Team
from workshop.ui.board.models import NO_CLUSTER_CHOICE, BoardModel, ChoiceModel
from workshop.ui.context import UiContext


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _combo(model: ChoiceModel, name: str) -> QComboBox:
    box = QComboBox()
    box.setModel(model)
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(10)
    return box


class BoardFilters(QObject):
    """The filter widgets (laid out by the page) and their choice models."""

    def __init__(self, ctx: UiContext, board: BoardModel, parent: QObject) -> None:
        super().__init__(parent)
        self.board = board
        tr_, store = ctx.tr, ctx.store
        self.prompt_choices = ChoiceModel(
            ctx, [("", tr_("All prompts"))],
            lambda: [(p.id, f"{n}. {one_line(p.text)}", None)
                     for n, p in enumerate(store.list(Prompt), start=1)],
            (Prompt.TABLE,), self)
        self.prompt_box = _combo(self.prompt_choices, tr_("Prompt"))
        self.prompt_box.setMinimumContentsLength(30)
        self.prompt_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.prompt_box.currentIndexChanged.connect(self._prompt_chosen)
        self.search = QLineEdit()
        self.search.setAccessibleName(tr_("Search the ideas"))
        self.search.setPlaceholderText(tr_("Words in the title or details"))
        self.search.setClearButtonEnabled(True)
        # textChanged leaves out an IME's composition: the board filters on committed text.
        self.search.textChanged.connect(lambda text: self.board.set_query(text=text))
        clear = QAction(self.search)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)
        self.team_choices = ChoiceModel(
            ctx, [("", tr_("All teams"))],
            lambda: [(t.id, t.name, t.colour) for t in store.list(Team)], (Team.TABLE,), self)
        self.team_box = _combo(self.team_choices, tr_("Team"))
        self.team_box.currentIndexChanged.connect(
            lambda row: self.board.set_query(team_id=self.team_choices.key(row) or None))
        # The clusters to choose from depend on the prompt: refreshed with the board.
        self.cluster_choices = ChoiceModel(
            ctx, [("", tr_("All clusters")), (NO_CLUSTER_CHOICE, tr_("Unclustered"))],
            lambda: [(c.id, c.name, c.colour) for c in self.board.visible_clusters()],
            (), self)
        self.cluster_box = _combo(self.cluster_choices, tr_("Cluster"))
        self.cluster_box.currentIndexChanged.connect(self._cluster_chosen)

    def _prompt_chosen(self, row: int) -> None:
        self.board.set_query(prompt_id=self.prompt_choices.key(row) or None)

    def _cluster_chosen(self, row: int) -> None:
        key = self.cluster_choices.key(row)
        if key == NO_CLUSTER_CHOICE:
            self.board.set_query(cluster_id=None, unclustered_only=True)
        else:
            self.board.set_query(cluster_id=key or None, unclustered_only=False)

    def show_query(self) -> None:
        """Set the boxes from the board's filter (which a deleted prompt or cluster may
        have changed), without choosing anything anew."""
        self.cluster_choices.refresh()
        query = self.board.query
        cluster = NO_CLUSTER_CHOICE if query.unclustered_only else query.cluster_id
        for box, model, key in ((self.prompt_box, self.prompt_choices, query.prompt_id),
                                (self.team_box, self.team_choices, query.team_id),
                                (self.cluster_box, self.cluster_choices, cluster)):
            row = max(model.row_of(key), 0)
            if box.currentIndex() != row:
                box.blockSignals(True)
                box.setCurrentIndex(row)
                box.blockSignals(False)
