"""The notes half of the Notes page: a quick-entry row above a filterable table.

Kind, link and text, Enter saves and the focus stays for the next note; selecting a note
and pressing Enter (or F2) brings it back into the entry row for editing; Delete deletes.
Every change goes through the session, so Ctrl+Z undoes it.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import Note, NoteKind
from workshop.notes import WORKSHOP_LINK, Link, link_of
from workshop.ui.context import UiContext
from workshop.ui.drafts import DraftFields
from workshop.ui.ime import commit_composition
from workshop.ui.keys import also_key
from workshop.ui.notes.models import (
    LinkChoiceModel,
    LinkTargets,
    NoteFilterProxy,
    NoteTableModel,
)
from workshop.ui.notes.ops import delete_records
from workshop.ui.notes.widgets import (
    FilterBar,
    KeyActions,
    KindPicker,
    LinkCombo,
    NoteTextEdit,
    WrappingDelegate,
    said_if_refused,
)
from workshop.ui.widgets import Columns, error_label, hint

TEXT_LINES = 3  # the entry field's height, in lines
ROW_LINES = 2  # a note's height in the table; the rest is elided


class NotePanel(QWidget):
    def __init__(self, ctx: UiContext, targets: LinkTargets, pick_links: LinkChoiceModel,
                 filter_links: LinkChoiceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr_ = ctx.tr
        self.editing: Note | None = None
        self._context_before_edit: tuple[NoteKind, Link | None, bool] | None = None

        self.kind = KindPicker({
            NoteKind.NOTE: tr("&Note"), NoteKind.DECISION: tr("&Decision"),
            NoteKind.ACTION: tr("&Action item"), NoteKind.QUESTION: tr("&Question"),
        })
        self.link = LinkCombo(pick_links, tr("Linked to"))
        self.link_label = QLabel(tr("&Linked to:"))
        self.link_label.setBuddy(self.link)
        self.internal = QCheckBox(tr("&Internal only"))
        self.internal.setToolTip(tr("Internal notes stay out of public exports."))
        self.internal.setAccessibleName(tr("Internal only"))
        for number, button in enumerate(self.kind.buttons.values(), start=1):
            also_key(button, f"Alt+{number}", self)
        also_key(self.internal, "Ctrl+Shift+I", self)
        self.text = NoteTextEdit()
        self.text.setAccessibleName(tr("Note text"))
        self.text.setPlaceholderText(tr("Type the note – Enter saves, Shift+Enter starts a "
                                        "new line"))
        self.save_button = QPushButton(tr("Add note"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel editing"))
        self.cancel_button.hide()
        self.editing_label = hint("")
        self.editing_label.hide()
        self.error = error_label()

        self.filters = FilterBar(tr, ctx.lang, filter_links, kinds=True,
                                 link_name=tr("Show notes linked to"),
                                 search_hint=tr("Search the notes"))
        self.model = NoteTableModel(ctx.session, targets, tr, self)
        self.proxy = NoteFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(tr("Notes"))
        self._setup_table()
        self.count_label = hint("")
        self.status = hint("")
        self.edit_button = QPushButton(tr("Edit"))
        self.delete_button = QPushButton(tr("Delete"))

        self._layout()
        self._connect()
        self._update_count()
        self._fit_to_font()
        # The half-typed note survives closing the window or a crash (one draft: notes
        # are typed by the facilitator, not by teams).
        self.drafts = DraftFields(ctx.session.drafts, {"notes.text": self.text}, lambda: "",
                                  self)
        self.drafts.load()

    # ------------------------------------------------------------------ building

    def _setup_table(self) -> None:
        table = self.table
        table.setSortingEnabled(True)
        table.sortByColumn(NoteTableModel.TIME, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        # Rows of one height, two lines each, wrapped and elided by the delegate: sizing
        # every row to its contents asks each note for its size on every change, which
        # takes seconds with a few hundred notes.
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.delegate = WrappingDelegate(table)
        table.setItemDelegate(self.delegate)
        header = table.horizontalHeader()
        # Widths from the texts themselves, not from asking every row for its size.
        header.setSectionResizeMode(NoteTableModel.TIME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NoteTableModel.KIND, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NoteTableModel.LINK, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NoteTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(NoteTableModel.LINK, 300)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _layout(self) -> None:
        link, internal = QHBoxLayout(), QHBoxLayout()
        link.addWidget(self.link_label)
        link.addWidget(self.link, 1)
        internal.addWidget(self.internal)
        entry = QHBoxLayout()
        entry.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.text, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        entry.addLayout(buttons)
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.status, 2)
        below.addWidget(self.edit_button)
        below.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(Columns(link, internal, stretch=(1, 0)))  # stacked when narrow
        layout.addLayout(entry)
        layout.addWidget(self.editing_label)
        layout.addWidget(self.error)
        layout.addSpacing(8)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)
        self.setTabOrder(self.link, self.internal)
        self.setTabOrder(self.internal, self.kind.buttons[NoteKind.NOTE])
        self.setTabOrder(self.kind.buttons[NoteKind.QUESTION], self.text)

    def _connect(self) -> None:
        self.text.submitted.connect(self.save)
        self.text.cancelled.connect(self.cancel_edit)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())  # Enter, double-click
        self.filters.changed.connect(self._filter)
        self.filters.search.returnPressed.connect(self.filters.apply_now)
        KeyActions(self.table, {Qt.Key.Key_Delete: self.delete_selected,
                                Qt.Key.Key_F2: self.edit_selected})
        # The source's signals: the proxy announces a removal while the source still
        # holds the rows; the source's rowsRemoved comes after both are up to date.
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        for signal in (self.model.rowsInserted, self.model.modelReset):
            signal.connect(self._fit_columns)
        self.model.dataChanged.connect(self._edited_note_changed)

    # ------------------------------------------------------------------ reading

    def current_note(self) -> Note | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), index.parent()):
            return None
        return self.proxy.record(index.row())

    def selected_notes(self) -> list[Note]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.record(row) for row in rows]

    def select(self, note_id: str) -> bool:
        """Make ``note_id`` the current row and show it; False when a filter hides it."""
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(note_id), 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _filter(self, note_filter) -> None:
        self.proxy.set_filter(note_filter)
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom: sizes follow the type, once
            QTimer.singleShot(0, self, self._fit_to_font)  # children have their new font

    def _fit_to_font(self) -> None:
        line = self.text.fontMetrics().lineSpacing()
        self.text.setFixedHeight(max(line * TEXT_LINES + 24, self.kind.sizeHint().height()))
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() * ROW_LINES + 14)
        self._fit_columns()

    def _fit_columns(self, *_args) -> None:
        metrics = self.table.fontMetrics()
        padding = 2 * WrappingDelegate.MARGIN + 8
        header = self.table.horizontalHeader()
        for column, texts in ((NoteTableModel.TIME, self.model.time_texts()),
                              (NoteTableModel.KIND, self.model.kind_texts())):
            lines = [line for text in texts for line in text.split("\n")]
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            widest = max((metrics.horizontalAdvance(t) for t in [*lines, title]), default=0)
            header.resizeSection(column, widest + padding)

    def _update_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        ctx = self.ctx
        text = (ctx.ngettext("{total} note", "{total} notes", total).format(total=total)
                if shown == total else
                ctx.ngettext("{shown} of {total} note shown", "{shown} of {total} notes shown",
                             total).format(shown=shown, total=total))
        self.count_label.setText(text)

    # ------------------------------------------------------------------ changes

    def save(self) -> None:
        commit_composition()  # a conversion in progress becomes text, never lost
        if self.text.composing:
            return
        tr, session = self.tr_, self.ctx.session
        link = self.link.link() or WORKSHOP_LINK
        values = dict(kind=self.kind.kind(), text=self.text.toPlainText(),
                      internal=self.internal.isChecked(), **link.fields())
        editing = self.editing
        try:
            # The form keeps the note until the writer has it on the disk.
            if editing is None:
                session.add(Note(**values), tr("Add note"), done=self._written(editing),
                            failed=self._show_error)
            else:
                session.update(dataclasses.replace(editing, **values), tr("Edit note"),
                               done=self._written(editing), failed=self._show_error)
        except WorkshopError as error:
            self._show_error(error)

    def _show_error(self, error: WorkshopError) -> None:
        self.error.setText(error.render(self.ctx.lang))
        self.error.show()
        self.text.setFocus()

    def _written(self, editing: Note | None):
        return lambda stored: self._after_save(stored, editing)

    def _after_save(self, stored: Note, editing: Note | None) -> None:
        tr = self.tr_
        self.error.hide()
        self._leave_edit()
        visible = self.select(stored.id)
        if editing is None:
            self.status.setText(tr("Note added.") if visible else
                                tr("Note added; the current filter hides it."))
            self.text.setFocus()
        else:
            self.status.setText(tr("Changes saved."))
            self.table.setFocus()

    def edit_selected(self) -> None:
        note = self.current_note()
        if note is not None:
            self.edit(note)

    def edit(self, note: Note) -> None:
        if self.editing is None:
            self.drafts.pause()  # the half-typed new note waits in its draft
            self._context_before_edit = (self.kind.kind(), self.link.link(),
                                         self.internal.isChecked())
        self.editing = note
        self.kind.set_kind(note.kind)
        self.link.set_link(link_of(note))
        self.internal.setChecked(note.internal)
        self.text.setPlainText(note.text)
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)
        self.save_button.setText(self.tr_("Save changes"))
        self.cancel_button.show()
        self.editing_label.setText(self.tr_(
            "Editing the note of {time}. Enter saves, Esc cancels.").format(
                time=self.model.time_text(note)))
        self.editing_label.show()
        self.error.hide()
        self.text.setFocus()

    def cancel_edit(self) -> None:
        if self.editing is None:
            return
        note_id = self.editing.id
        self._leave_edit()
        self.error.hide()
        self.select(note_id)
        self.table.setFocus()

    def _leave_edit(self) -> None:
        was_editing = self.editing is not None
        if self.editing is not None and self._context_before_edit is not None:
            kind, link, internal = self._context_before_edit
            self.kind.set_kind(kind)
            self.link.set_link(link)
            self.internal.setChecked(internal)
        self.editing = None
        self._context_before_edit = None
        if was_editing:
            self.drafts.resume()  # the half-typed new note comes back
        else:
            self.drafts.forget()  # it was just saved
        self.save_button.setText(self.tr_("Add note"))
        self.cancel_button.hide()
        self.editing_label.hide()

    def _edited_note_changed(self, *_args) -> None:
        """An undo removed the note being edited: editing it further cannot be saved."""
        if self.editing is not None and self.model.row_of(self.editing.id) < 0:
            self._leave_edit()

    def _deleted(self, ids: list[str]) -> bool:
        """Delete as one undoable step; a file that refuses is said beside the list."""
        text = self.ctx.ngettext("Delete note", "Delete {count} notes", len(ids)).format(
            count=len(ids))
        return said_if_refused(self.error, self.ctx.lang,
                               lambda: delete_records(self.ctx.session, Note, ids, text))

    def delete_selected(self) -> None:
        notes = self.selected_notes()
        if not notes:
            return
        row = self.table.currentIndex().row()
        ids = [note.id for note in notes]
        if not self._deleted(ids):
            return
        self.status.setText(self.ctx.ngettext(
            "Note deleted – Ctrl+Z brings it back.",
            "{count} notes deleted – Ctrl+Z brings them back.", len(ids)).format(
            count=len(ids)))
        if self.editing is not None and self.editing.id in ids:
            self._leave_edit()
        if self.proxy.rowCount():
            index = self.proxy.index(min(max(row, 0), self.proxy.rowCount() - 1), 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def start(self) -> None:
        """Where work starts when the page is shown."""
        self.text.setFocus()
