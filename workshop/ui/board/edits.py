"""The Board page's edits – moving, merging and deleting ideas, and the cluster actions –
and what follows each. A part of ``BoardPage`` (a mixin): the edits act on its selection
and columns.

Each edit returns as soon as its write is queued (``workshop.ui.board.ops``): the cards
change when the writer has the change on the disk, and what depends on the stored result
(the merged card, a new cluster's column, what to say) waits for it in a ``done``
callback. The keyboard does not wait: after Alt+→ the next card is selected at once, so
sorting card after card goes on even while a slow USB stick is still writing the last one.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from workshop.model import Cluster, Idea
from workshop.ui.board import ops as board_ops
from workshop.ui.board.models import UNCLUSTERED


class BoardEdits:
    """The edits of ``BoardPage``; it provides the selection, the columns and the model."""

    def _select_next(self, key: str, idea_ids: list[str]) -> None:
        """Select the card that takes the place of ``idea_ids`` once they leave the column
        (the one after them, else the one before), while they are still shown."""
        column = self.columns.get(key)
        if column is None:
            return
        model, view = column.model, column.view
        leaving = set(idea_ids)
        rows = [r for r in (model.row_of(i) for i in idea_ids) if r >= 0]
        first = min(rows, default=0)
        staying = [r for r in range(model.rowCount()) if model.idea(r).id not in leaving]
        row = next((r for r in staying if r > first), staying[-1] if staying else -1)
        flags = QItemSelectionModel.SelectionFlag
        if row < 0:
            view.selectionModel().clearSelection()
            view.selectionModel().setCurrentIndex(QModelIndex(), flags.NoUpdate)
            return
        view.selectionModel().setCurrentIndex(model.index(row, 0), flags.ClearAndSelect)

    def _focus_column(self, key: str) -> None:
        column = self.columns.get(key)
        if column is not None:
            self._set_active(key)
            column.view.setFocus()

    # ------------------------------------------------------------------ moving ideas

    def _moved(self, count: int, key: str) -> None:
        name = board_ops.cluster_label(self.tr_, self.board.cluster(key))
        self._say(self.ctx.ngettext(
            "Moved {count} idea to {cluster}.",
            "Moved {count} ideas to {cluster}.", count).format(count=count, cluster=name))

    def move_ideas(self, ids: list[str], key: str) -> int:
        """Queue moving ideas to the column ``key``; says so once they are there."""
        count = 0  # how many were asked to move, said once they have

        def done(_moved: list[Idea]) -> None:
            self._moved(count, key)

        count = self.board.move(ids, key, done=done)
        return count

    def move_selection(self, offset: int) -> None:
        """Alt+Left/Right: the selected ideas go to the neighbouring column; the focus
        stays in this column, on the next card, so that sorting goes on with the same keys
        (Ctrl+M sends an idea further)."""
        ids = self.selected_ids()
        source = self._active
        keys = self.board.column_keys()
        index = keys.index(source) + offset if source in keys else -1
        if not ids or not 0 <= index < len(keys):
            return
        if self.move_ideas(ids, keys[index]):
            self._focus_column(source)
            self._select_next(source, ids)

    def merge_selection(self) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            return
        key = self._active

        def done(kept: Idea) -> None:
            self.select_ideas(key, [kept.id], focus=False)
            self._say(self.tr_("Merged {count} ideas into “{title}”. Ctrl+Z undoes it.")
                      .format(count=len(ids), title=kept.title))

        self.board.attempt(lambda: board_ops.merge_ideas(
            self.ctx.session, self.tr_, ids, done=done, failed=self.board.refused))

    def delete_selection(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        key = self._active

        def done(_result: object) -> None:
            self._say(self.ctx.ngettext(
                "Deleted {count} idea. Ctrl+Z undoes it.",
                "Deleted {count} ideas. Ctrl+Z undoes it.", len(ids)).format(count=len(ids)))

        if self.board.attempt(lambda: board_ops.delete_ideas(
                self.ctx.session, self.tr_, ids, done=done, failed=self.board.refused)):
            self._select_next(key, ids)

    # ------------------------------------------------------------------ clusters

    def new_cluster(self, idea_ids: list[str] | None = None) -> Cluster | None:
        """Ask for a name; the new cluster gets ``idea_ids`` (from the move menu). Its
        column takes the focus once it is stored."""
        tr_ = self.tr_
        name = self.ctx.dialogs.ask_text(self, tr_("New cluster"), tr_("Name of the cluster:"))
        if name is None:
            return None

        def done(cluster: Cluster) -> None:
            self._focus_column(cluster.id)
            self._say(tr_("New cluster {name}.").format(name=cluster.name))

        return self.board.attempt(lambda: board_ops.add_cluster(
            self.ctx.session, tr_, name, self.board.query.prompt_id, idea_ids or (),
            done=done, failed=self.board.refused))

    def rename_cluster(self) -> None:
        cluster = self.active_cluster()
        if cluster is None:
            return
        tr_ = self.tr_
        name = self.ctx.dialogs.ask_text(self, tr_("Rename cluster"), tr_("Name of the cluster:"),
                                         text=cluster.name)
        if name is None or name == cluster.name:
            return

        def done(renamed: Cluster) -> None:
            self._say(tr_("Renamed the cluster to {name}.").format(name=renamed.name))

        self.board.attempt(lambda: board_ops.rename_cluster(
            self.ctx.session, tr_, cluster, name, done=done, failed=self.board.refused))

    def shift_cluster(self, offset: int) -> None:
        cluster = self.active_cluster()
        if cluster is None:
            return
        shown = [c.id for c in self.board.visible_clusters()]
        self.board.attempt(lambda: board_ops.shift_cluster(
            self.ctx.session, self.tr_, cluster, shown, offset,
            done=lambda _result: self._focus_column(cluster.id), failed=self.board.refused))

    def delete_cluster(self) -> None:
        cluster = self.active_cluster()
        if cluster is None:
            return

        def done(_members: list[Idea]) -> None:
            self._focus_column(UNCLUSTERED)
            self._say(self.tr_("Deleted the cluster {name}; its ideas are unclustered now. "
                               "Ctrl+Z undoes it.").format(name=cluster.name))

        self.board.attempt(lambda: board_ops.delete_cluster(
            self.ctx.session, self.tr_, cluster, done=done, failed=self.board.refused))
