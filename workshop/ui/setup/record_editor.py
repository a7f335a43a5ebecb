"""A list of records with a form beside it: add, edit, delete and reorder, by keyboard.

Used on the Setup page for prompts, teams and agenda items. Every change goes through the
session (undoable); a broken rule shows its message next to the form and changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import Record
from workshop.palette import TEAM_COLOURS, next_colour
from workshop.ui.context import UiContext
from workshop.ui.models import RecordListModel
from workshop.ui.setup import ops
from workshop.ui.widgets import Columns, error_label, swatch


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the record's field
    label: str  # translated
    kind: str = "text"  # text | multiline | int | colour
    minimum: int = 0
    maximum: int = 1000
    default: Any = None


class RecordEditor(QWidget):
    def __init__(self, ctx: UiContext, cls: type[Record], fields: list[FieldSpec],
                 label: Callable[[Any], str], name: str, parent=None, *,
                 wrap: bool = False) -> None:
        super().__init__(parent)
        self.ctx, self.cls, self.fields = ctx, cls, fields
        tr = ctx.tr
        self.model = RecordListModel(ctx.session, cls, label, parent=self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(name)
        if wrap:  # long texts (prompts) are read whole, on as many lines as they need
            self.view.setWordWrap(True)
            self.view.setResizeMode(QListView.ResizeMode.Adjust)
            self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        else:
            self.view.setUniformItemSizes(True)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._load_current())
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # 200 %: label above
        for spec in fields:
            widget = self._input(spec)
            widget.setAccessibleName(spec.label)
            self.inputs[spec.name] = widget
            form.addRow(spec.label, widget)
        self.error = error_label()
        self.save_button = QPushButton(tr("Add"))
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(tr("New"))
        self.new_button.clicked.connect(self.clear)
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.clicked.connect(self.delete)
        self.up_button = QPushButton(tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move(+1))
        for button, tip in ((self.up_button, "Alt+Up"), (self.down_button, "Alt+Down"),
                            (self.delete_button, "Delete")):
            button.setToolTip(tip)
        # Keys on the list itself (several editors share a window, so no window shortcuts).
        self.view.installEventFilter(self)
        QShortcut(QKeySequence("Escape"), self, self.clear,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edits, moves = QHBoxLayout(), QHBoxLayout()
        for row, row_buttons in ((edits, (self.save_button, self.new_button,
                                          self.delete_button)),
                                 (moves, (self.up_button, self.down_button))):
            for button in row_buttons:
                row.addWidget(button)
            row.addStretch(1)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.error)
        side.addWidget(Columns(edits, moves, spacing=6, stretch=(0, 1)))  # two rows at 200 %
        side.addStretch(1)
        listing = QVBoxLayout()
        listing.addWidget(self.view)
        layout = QVBoxLayout(self)
        # The list above the form when both do not fit side by side (200 %).
        layout.addWidget(Columns(listing, side, spacing=6, stretch=(1, 2)))
        self.clear()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete()
                return True
        return super().eventFilter(watched, event)

    def _input(self, spec: FieldSpec) -> QWidget:
        if spec.kind == "multiline":
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(90)
            return widget
        if spec.kind == "int":
            widget = QSpinBox()
            widget.setRange(spec.minimum, spec.maximum)
            return widget
        if spec.kind == "colour":
            widget = QComboBox()
            for colour, name in TEAM_COLOURS:
                widget.addItem(swatch(colour, 28), self.ctx.tr(name), colour)
            return widget
        widget = QLineEdit()
        widget.returnPressed.connect(self.save)
        return widget

    # ------------------------------------------------------------------ values

    def _value(self, spec: FieldSpec) -> Any:
        widget = self.inputs[spec.name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text()

    def _set_value(self, spec: FieldSpec, value: Any) -> None:
        widget = self.inputs[spec.name]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        else:
            widget.setText(value or "")

    def current(self) -> Record | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _load_current(self) -> None:
        record = self.current()
        if record is None:
            return
        for spec in self.fields:
            self._set_value(spec, getattr(record, spec.name))
        self.save_button.setText(self.ctx.tr("Save changes"))
        self.error.hide()

    def clear(self) -> None:
        """Back to adding a new record."""
        self.view.selectionModel().clearCurrentIndex()
        self.view.clearSelection()
        used = [getattr(r, "colour", "") for r in self.model.records()]
        for spec in self.fields:
            default = next_colour(used) if spec.kind == "colour" else spec.default
            self._set_value(spec, default)
        self.save_button.setText(self.ctx.tr("Add"))
        self.error.hide()
        first = self.inputs[self.fields[0].name]
        first.setFocus()

    # ------------------------------------------------------------------ changes

    def save(self) -> None:
        values = {spec.name: self._value(spec) for spec in self.fields}
        record = self.current()
        tr = self.ctx.tr
        try:
            if record is None:
                values["position"] = len(self.model.records())
                self.ctx.session.add(self.cls(**values), tr("Add"), done=self._added,
                                     failed=self._show_error)
            else:
                # Only what the form changed in the copy it shows is written: a move or
                # an edit still on its way to the disk stays.
                self.ctx.session.update(dataclasses.replace(record, **values),
                                        tr("Save changes"), base=record,
                                        done=lambda _: self.error.hide(),
                                        failed=self._show_error)
        except WorkshopError as error:  # bad input, or a file that refused: values kept
            self._show_error(error)
            field = getattr(error, "field", "")
            if field in self.inputs:
                self.inputs[field].setFocus()

    def _added(self, stored) -> None:  # on the writer's word: the record is in the list
        self.clear()
        self.select(stored.id, keep_form=False)

    def _show_error(self, error: WorkshopError) -> None:
        self.error.setText(error.render(self.ctx.lang))
        self.error.show()

    def delete(self) -> None:
        record = self.current()
        if record is None:
            return
        try:
            self.ctx.session.delete(self.cls, record.id, self.ctx.tr("Delete"),
                                    done=lambda _: self.clear(), failed=self._show_error)
        except WorkshopError as error:  # a read-only or full disk: nothing was deleted
            self._show_error(error)

    def move(self, step: int) -> None:
        record = self.current()
        if record is None:
            return
        old = [r.id for r in self.model.records()]
        row = old.index(record.id)
        target = row + step
        if not 0 <= target < len(old):
            return
        new = list(old)
        new[row], new[target] = new[target], new[row]
        try:
            ops.reorder(self.ctx.session, self.ctx.tr, self.cls, old, new,
                        done=lambda _: self.select(record.id), failed=self._show_error)
        except WorkshopError as error:
            self._show_error(error)

    def select(self, record_id: str, keep_form: bool = True) -> None:
        row = self.model.row_of(record_id)
        if row < 0:
            return
        if keep_form:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            self.view.scrollTo(self.model.index(row))
