"""The Board page: a prompt's ideas grouped into clusters (KJ method).

One column per cluster, the ideas in no cluster first. Keyboard: the arrow keys walk the
cards (Left/Right to the neighbouring column); Alt+Left/Right moves the selected ideas to
the neighbouring cluster and Ctrl+M to any cluster, and the focus stays, ready for the
next card; Ctrl+Shift+M merges duplicates; Delete deletes; F2,
Ctrl+Shift+C, Ctrl+Shift+Left/Right and Ctrl+Delete act on the current cluster; Ctrl+F
searches. Every edit is undoable (Ctrl+Z). Drag and drop moves ideas too.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop.board import cluster_colour_name
from workshop.model import Cluster
from workshop.ui.accessible import show_value, spoken_caption
from workshop.ui.board.cards import ClusterColumn, IdeaCardDelegate
from workshop.ui.board.edits import BoardEdits
from workshop.ui.board.filters import BoardFilters
from workshop.ui.board.menus import BoardMenus
from workshop.ui.board.models import UNCLUSTERED, BoardModel
from workshop.ui.page import Page
from workshop.ui.widgets import Columns, Flow, error_label, heading, hint


class BoardPage(BoardEdits, BoardMenus, Page):
    key = "board"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        # Nothing is read until the page is first shown (opening a workshop stays fast).
        self.board = BoardModel(ctx, self, live=False)
        self.delegate = IdeaCardDelegate(self)
        self.columns: dict[str, ClusterColumn] = {}
        self._active = UNCLUSTERED
        self.move_menu: QMenu | None = None
        self.colour_menu: QMenu | None = None
        self._menu_ids: list[str] = []
        self.filters = BoardFilters(ctx, self.board, self)
        self.count_label = QLabel()
        self._build_actions()
        self._build_columns_area()
        self._lay_out()
        self.board.regrouped.connect(self._on_regrouped)
        self.board.failed.connect(self._show_error)

    def title(self) -> str:
        return self.tr_("Board")

    # ------------------------------------------------------------------ building

    def _action(self, text: str, keys: str | QKeySequence.StandardKey | None, slot, *,
                on_cards: bool = False) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '')}  ({shown})")
            # A tool button's menu counts as a context menu, where Linux themes hide keys.
            action.setShortcutVisibleInContextMenu(True)
        # Card actions work where the cards have the focus (Delete in the search box
        # deletes a character); cluster actions anywhere on the page.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if on_cards
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if not on_cards:
            self.addAction(action)
        return action

    def _build_actions(self) -> None:
        tr_ = self.tr_
        self.act_move_left = self._action(tr_("Move to the previous cluster"), "Alt+Left",
                                          partial(self.move_selection, -1), on_cards=True)
        self.act_move_right = self._action(tr_("Move to the next cluster"), "Alt+Right",
                                           partial(self.move_selection, +1), on_cards=True)
        self.act_move_to = self._action(tr_("Move to cluster…"), "Ctrl+M",
                                        self.open_move_menu, on_cards=True)
        self.act_merge = self._action(tr_("Merge duplicates"), "Ctrl+Shift+M",
                                      self.merge_selection, on_cards=True)
        self.act_delete = self._action(tr_("Delete ideas"), QKeySequence.StandardKey.Delete,
                                       self.delete_selection, on_cards=True)
        self.card_actions = [self.act_move_left, self.act_move_right, self.act_move_to,
                             self.act_merge, self.act_delete]
        self.act_find = self._action(tr_("Search"), QKeySequence.StandardKey.Find, self.find)
        self.act_new_cluster = self._action(tr_("New cluster…"), "Ctrl+Shift+N",
                                            self.new_cluster)
        self.act_rename = self._action(tr_("Rename cluster…"), "F2", self.rename_cluster)
        self.act_colour = self._action(tr_("Cluster colour…"), "Ctrl+Shift+C",
                                       self.open_colour_menu)
        self.act_cluster_left = self._action(tr_("Move cluster left"), "Ctrl+Shift+Left",
                                             partial(self.shift_cluster, -1))
        self.act_cluster_right = self._action(tr_("Move cluster right"), "Ctrl+Shift+Right",
                                              partial(self.shift_cluster, +1))
        self.act_delete_cluster = self._action(tr_("Delete cluster"), "Ctrl+Delete",
                                               self.delete_cluster)
        self.cluster_actions = [self.act_new_cluster, self.act_rename, self.act_colour,
                                self.act_cluster_left, self.act_cluster_right,
                                self.act_delete_cluster]

    def _build_columns_area(self) -> None:
        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.setSpacing(12)
        self.strip_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.strip)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(spoken_caption(action.text()).rstrip("…"))
        return button

    def _lay_out(self) -> None:
        tr_ = self.tr_
        title, prompt = QHBoxLayout(), QHBoxLayout()
        title_label = heading(self.title())
        title_label.setWordWrap(False)  # whole, above the prompt when both do not fit
        title.addWidget(title_label)
        prompt_label = QLabel(tr_("P&rompt:"))
        prompt_label.setBuddy(self.filters.prompt_box)
        prompt.addWidget(prompt_label)
        prompt.addWidget(self.filters.prompt_box, 1)
        search, choices = QHBoxLayout(), QHBoxLayout()
        for row, text, widget in ((search, tr_("&Search:"), self.filters.search),
                                  (choices, tr_("Te&am:"), self.filters.team_box),
                                  (choices, tr_("Cl&uster:"), self.filters.cluster_box)):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 1)
            row.addSpacing(8)
        # The team and cluster filters beside the search, below it at 200 % in Japanese.
        filters = Columns(search, choices, spacing=0)
        # One row on a wide screen; at 150 % and over the buttons wrap onto a second.
        tools = Flow()
        tools.addWidget(self._button(self.act_new_cluster))
        cluster_menu = QMenu(self)
        for action in self.cluster_actions:
            cluster_menu.addAction(action)
        cluster_menu.addSeparator()
        for action in self.card_actions:  # the sorting keys, where they can be read
            cluster_menu.addAction(action)
        self.cluster_button = QToolButton()
        self.cluster_button.setText(tr_("Cluster"))
        self.cluster_button.setAccessibleName(tr_("Cluster actions"))
        self.cluster_button.setMenu(cluster_menu)
        self.cluster_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tools.addWidget(self.cluster_button)
        for action in (self.act_move_to, self.act_merge, self.act_delete):
            self._last_tool = self._button(action)
            tools.addWidget(self._last_tool)
        self.feedback = hint("")
        self.feedback.setAccessibleName(tr_("What happened"))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(Columns(title, prompt, stretch=(0, 1)))
        layout.addWidget(filters)
        layout.addLayout(tools)
        layout.addWidget(hint(tr_("Alt+← / Alt+→ moves the selected ideas to the next "
                                  "cluster, Ctrl+M to any cluster; dragging works too. "
                                  "Ctrl+Shift+M merges duplicates.")))
        layout.addWidget(self.scroll, 1)
        # The count sits under the board, right of what just happened, where a changing count
        # moves nothing; on the button or filter row its longest form ("13 件中 2 件") pushed
        # the Japanese window past a 1366-pixel screen or squeezed the search field.
        status = QHBoxLayout()
        status.addWidget(self.feedback, 1)
        status.addWidget(self.count_label)
        layout.addLayout(status)
        layout.addWidget(self.error)

    # ------------------------------------------------------------------ showing

    def showEvent(self, event: QShowEvent) -> None:
        self.board.set_live(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.board.set_live(False)
        super().hideEvent(event)

    def activated(self) -> None:
        self.board.set_live(True)
        column = self.active_column()
        if column is None:
            return
        if not column.model.rowCount():  # start where there are cards to sort
            column = next((self.columns[k] for k in self.board.column_keys()
                           if self.columns[k].model.rowCount()), column)
        view = column.view
        if not view.currentIndex().isValid() and column.model.rowCount():
            view.setCurrentIndex(column.model.index(0, 0))
        view.setFocus()

    def _on_regrouped(self) -> None:
        self.error.hide()  # something changed since the last refusal: it is old news
        self._sync_columns()
        self.filters.show_query()
        self._show_counts()
        self._update_actions()

    def _sync_columns(self) -> None:
        keys = self.board.column_keys()
        for key in [k for k in self.columns if k not in keys]:
            column = self.columns.pop(key)
            column.hide()
            self.strip_layout.removeWidget(column)
            column.deleteLater()
        placed = [self.strip_layout.itemAt(n).widget()
                  for n in range(self.strip_layout.count() - 1)]
        wanted = [self.columns.get(k) or self._new_column(k) for k in keys]
        if placed != wanted:
            for column in wanted:
                self.strip_layout.removeWidget(column)
            for n, column in enumerate(wanted):
                self.strip_layout.insertWidget(n, column)
            previous = self._last_tool
            for column in wanted:  # Tab follows the columns left to right
                QWidget.setTabOrder(previous, column.view)
                previous = column.view
        filtered = bool(self.board.query.text or self.board.query.team_id)
        for column in wanted:
            self._show_header(column, filtered)
        if self._active not in self.columns:
            self._active = keys[0] if keys else UNCLUSTERED

    def _new_column(self, key: str) -> ClusterColumn:
        column = ClusterColumn(self.board.column(key), self.delegate, self.strip)
        view = column.view
        view.addActions(self.card_actions)
        separator = QAction(view)
        separator.setSeparator(True)
        view.addAction(separator)
        view.addActions(self.cluster_actions)
        view.focused.connect(partial(self._set_active, key))
        view.step.connect(partial(self._step, key))
        view.selectionModel().selectionChanged.connect(self._update_actions)
        self.columns[key] = column
        return column

    def _show_header(self, column: ClusterColumn, filtered: bool) -> None:
        tr_ = self.tr_
        model = column.model
        name, count = model.title(), model.rowCount()
        column.header.set(name, str(count), model.cluster.colour if model.cluster else None)
        colour = (tr_(cluster_colour_name(model.cluster.colour)) if model.cluster
                  else "")
        column.header.setToolTip(f"{name} ({colour})" if colour else name)
        column.view.setAccessibleName(self.ctx.ngettext(
            "{cluster}: {count} idea", "{cluster}: {count} ideas", count).format(
            cluster=name, count=count))
        if filtered:
            column.view.empty_text = tr_("No idea here matches the search.")
        elif model.cluster is None:
            column.view.empty_text = tr_("Every idea is in a cluster.")
        else:
            column.view.empty_text = tr_("Drag ideas here, or select them and press "
                                         "Alt+← / Alt+→ or Ctrl+M.")
        column.view.viewport().update()

    def _show_counts(self) -> None:
        shown, total = self.board.counts()
        if shown == total:
            text = self.ctx.ngettext("{count} idea", "{count} ideas", total).format(
                count=total)
        else:
            text = self.ctx.ngettext("{shown} of {total} idea shown",
                                     "{shown} of {total} ideas shown", total).format(
                shown=shown, total=total)
        show_value(self.count_label, self.tr_("Ideas shown"), text, self.tr_)

    def _update_actions(self, *_args) -> None:
        column = self.active_column()
        selected = len(self.selected_ids())
        cluster = column.model.cluster if column else None
        for action in (self.act_move_left, self.act_move_right, self.act_move_to,
                       self.act_delete):
            action.setEnabled(selected > 0)
        self.act_merge.setEnabled(selected > 1)
        for action in (self.act_rename, self.act_colour, self.act_cluster_left,
                       self.act_cluster_right, self.act_delete_cluster):
            action.setEnabled(cluster is not None)

    def _say(self, text: str) -> None:
        self.error.hide()
        self.feedback.setText(text)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # ------------------------------------------------------------------ filters

    def find(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # ------------------------------------------------------------------ selection

    def active_column(self) -> ClusterColumn | None:
        return self.columns.get(self._active) or next(iter(self.columns.values()), None)

    def active_cluster(self) -> Cluster | None:
        column = self.active_column()
        return column.model.cluster if column else None

    def selected_ids(self) -> list[str]:
        """The selected ideas of the active column, top to bottom (the current idea when
        nothing is selected)."""
        column = self.active_column()
        if column is None:
            return []
        view, model = column.view, column.model
        rows = sorted(i.row() for i in view.selectionModel().selectedRows())
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        return [model.idea(r).id for r in rows if r < model.rowCount()]

    def _set_active(self, key: str) -> None:
        self._active = key
        for other, column in self.columns.items():  # one selection on the board at a time
            if other != key:
                column.view.clearSelection()
        self._scroll_to(self.columns[key])
        self._update_actions()

    def _scroll_to(self, column: ClusterColumn) -> None:
        """Scroll the least that shows the whole column, with a column's left edge at the
        left (never half a column there)."""
        bar = self.scroll.horizontalScrollBar()
        width = self.scroll.viewport().width()
        left, right = column.x(), column.x() + column.width()
        if left < bar.value():
            bar.setValue(left)
        elif right > bar.value() + width:
            edges = sorted(c.x() for c in self.columns.values() if c.isVisibleTo(self.strip))
            bar.setValue(next((x for x in edges if right - x <= width), left))

    def _step(self, key: str, offset: int) -> None:
        keys = self.board.column_keys()
        index = keys.index(key) + offset if key in keys else -1
        if not 0 <= index < len(keys):
            return
        source, target = self.columns[key], self.columns[keys[index]]
        row = max(source.view.currentIndex().row(), 0)
        self._set_active(keys[index])
        target.view.setFocus()
        count = target.model.rowCount()
        if count:
            target.view.setCurrentIndex(target.model.index(min(row, count - 1), 0))

    def select_ideas(self, key: str, idea_ids: list[str], *, focus: bool = True) -> None:
        """Select ideas in a column (and give it the focus)."""
        column = self.columns.get(key)
        if column is None:
            return
        model, view = column.model, column.view
        rows = sorted(r for r in (model.row_of(i) for i in idea_ids) if r >= 0)
        self._set_active(key)  # not only on focus-in: the window may not be active
        if focus:
            view.setFocus()
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag
        view.selectionModel().select(selection, flags.ClearAndSelect)
        if rows:
            view.selectionModel().setCurrentIndex(model.index(rows[0], 0), flags.NoUpdate)
            view.scrollTo(model.index(rows[0], 0))
