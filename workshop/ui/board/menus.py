"""The Board page's two pop-up menus, keyboard first: Ctrl+M moves the selected ideas to
any cluster (numbered 1–9, and "New cluster…"), Ctrl+Shift+C chooses the current cluster's
colour. A part of ``BoardPage`` (a mixin): the menus act on its selection and columns."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from workshop.board import CLUSTER_COLOURS
from workshop.ui.board import ops as board_ops
from workshop.ui.board.models import UNCLUSTERED
from workshop.ui.widgets import swatch

NEW_CLUSTER = "\0new"  # the move menu's "New cluster…" entry


def menu_label(number: int, name: str) -> str:
    """A menu entry with a number key for the first nine (``&`` in names kept literal)."""
    name = name.replace("&", "&&")
    return f"&{number}  {name}" if number <= 9 else f"    {name}"


def emptied_menu(menu: QMenu | None, parent: QWidget, name: str,
                 chosen: Callable[[QAction], None]) -> QMenu:
    """``menu``, made on its first showing and emptied for each next one: one menu object
    per page, so its entries are filled afresh but the connection is made once."""
    if menu is None:
        menu = QMenu(parent)
        menu.setAccessibleName(name)
        menu.triggered.connect(chosen)
    menu.clear()
    return menu


class BoardMenus:
    """The menus of ``BoardPage``; it provides the selection, the columns and the model."""

    def _move_targets(self) -> list[tuple[str, str, str | None]]:
        """Every column an idea can go to (the cluster filter does not narrow it)."""
        return [(UNCLUSTERED, self.tr_("Unclustered"), None),
                *((c.id, c.name, c.colour) for c in self.board.visible_clusters())]

    def open_move_menu(self) -> QMenu | None:
        """Ctrl+M: a quick picker of clusters, numbered 1–9."""
        self._menu_ids = self.selected_ids()
        if not self._menu_ids:
            return None
        self.move_menu = menu = emptied_menu(self.move_menu, self, self.tr_("Move to cluster"),
                                             self._move_menu_chosen)
        for number, (key, name, colour) in enumerate(self._move_targets(), start=1):
            action = menu.addAction(menu_label(number, name))
            if colour:
                action.setIcon(swatch(colour))
            action.setData(key)
            action.setEnabled(key != self._active)
        menu.addSeparator()
        menu.addAction(self.tr_("New cluster…")).setData(NEW_CLUSTER)
        menu.popup(self._popup_point())
        return menu

    def _popup_point(self) -> QPoint:
        column = self.active_column()
        if column is None:
            return self.mapToGlobal(QPoint(40, 40))
        view = column.view
        rect = view.visualRect(view.currentIndex())
        point = rect.bottomLeft() if rect.isValid() else QPoint(0, 0)
        return view.viewport().mapToGlobal(point)

    def _move_menu_chosen(self, action: QAction) -> None:
        """The focus stays in the column, on the next card: sorting goes on card by card."""
        key, ids = action.data(), self._menu_ids
        source = self.active_column()
        if key == NEW_CLUSTER:
            queued = self.new_cluster(ids) is not None
        else:
            queued = self.move_ideas(ids, key) > 0
        if queued and source is not None:
            self._select_next(source.key, ids)

    def open_colour_menu(self) -> QMenu | None:
        cluster = self.active_cluster()
        if cluster is None:
            return None
        self.colour_menu = menu = emptied_menu(self.colour_menu, self, self.tr_("Cluster colour"),
                                               self._colour_chosen)
        for number, (colour, name) in enumerate(CLUSTER_COLOURS, start=1):
            action = menu.addAction(swatch(colour), menu_label(number, self.tr_(name)))
            action.setData(colour)
            action.setCheckable(True)
            action.setChecked(colour == cluster.colour.lower())
        column = self.columns.get(cluster.id)
        where = column.header.mapToGlobal(column.header.rect().bottomLeft()) if column else None
        menu.popup(where or self.mapToGlobal(QPoint(40, 40)))
        return menu

    def _colour_chosen(self, action: QAction) -> None:
        cluster = self.active_cluster()
        if cluster is None or action.data() == cluster.colour:
            return
        self.board.attempt(lambda: board_ops.recolour_cluster(
            self.ctx.session, self.tr_, cluster, action.data(), failed=self.board.refused))
