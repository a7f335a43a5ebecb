"""The photos half of the Notes page: photos of flip-chart sheets and whiteboards.

Added with "Add photos…" or by dropping image files. The files are read and downscaled off
the UI thread (``workshop.notes.photos_from_files`` in a ``Job``) with progress and Cancel;
the finished photos are then stored on the UI thread, through the session, as one undoable
step. A grid of thumbnails; caption, link and "internal" of the selected photo beside it.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import Photo
from workshop.notes import WORKSHOP_LINK, PhotoBatch, link_of, photos_from_files
from workshop.photos import MAX_EDGE
from workshop.ui.context import UiContext
from workshop.ui.ime import ImeLineEdit
from workshop.ui.keys import also_key
from workshop.ui.notes.models import (
    THUMBNAIL_EDGE,
    LinkChoiceModel,
    LinkTargets,
    PhotoFilterProxy,
    PhotoListModel,
)
from workshop.ui.notes.ops import add_photos, delete_records
from workshop.ui.notes.widgets import (
    FilterBar,
    KeyActions,
    LinkCombo,
    PhotoPreview,
    said_if_refused,
)
from workshop.ui.widgets import Columns, error_label, hint
from workshop.ui.workers import Job, JobProgress

DETAILS_WIDTH = 360


class PhotoPanel(QWidget):
    def __init__(self, ctx: UiContext, targets: LinkTargets, pick_links: LinkChoiceModel,
                 filter_links: LinkChoiceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr_ = ctx.tr
        self.jobs: list[Job] = []
        self.preview: PhotoPreview | None = None
        self._shown: Photo | None = None  # the photo whose details are in the form

        self.add_button = QPushButton(tr("Add &photos…"))
        also_key(self.add_button, "Ctrl+Shift+P", self)
        self.new_link = LinkCombo(pick_links, tr("Link new photos to"))
        self.new_link_label = QLabel(tr("New photos are linked to:"))
        self.new_link_label.setBuddy(self.new_link)
        self.new_link_label.setWordWrap(True)  # two lines at 200 % rather than cut
        self.new_internal = QCheckBox(tr("Internal only"))
        self.new_internal.setToolTip(tr("Internal photos stay out of public exports."))
        self.progress = JobProgress(tr)
        self.filters = FilterBar(tr, ctx.lang, filter_links, kinds=False,
                                 link_name=tr("Show photos linked to"),
                                 search_hint=tr("Search the captions"))

        self.model = PhotoListModel(ctx.session, targets, tr, self)
        self.proxy = PhotoFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.grid = QListView()
        self.grid.setModel(self.proxy)
        self.grid.setAccessibleName(tr("Photos"))
        self._setup_grid()
        self.empty_hint = hint(tr("No photos yet. Add photos of flip-chart sheets and "
                                  "whiteboards with the button above, or drop image files "
                                  "onto this page."))

        self.caption = ImeLineEdit()
        self.caption.setAccessibleName(tr("Caption"))
        self.caption.setPlaceholderText(tr("What the photo shows – Enter saves"))
        self.link = LinkCombo(pick_links, tr("Photo linked to"))
        self.internal = QCheckBox(tr("Internal only"))
        self.size_label = hint("")
        self.view_button = QPushButton(tr("View large"))
        self.delete_button = QPushButton(tr("Delete"))
        self.error = error_label()
        self.status = hint("")

        self._layout()
        self._connect()
        self._show_details()
        self._update_empty()
        self._fit_to_font()

    # ------------------------------------------------------------------ building

    def _setup_grid(self) -> None:
        grid = self.grid
        grid.setViewMode(QListView.ViewMode.IconMode)
        grid.setIconSize(QSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        grid.setResizeMode(QListView.ResizeMode.Adjust)
        grid.setMovement(QListView.Movement.Static)
        grid.setWordWrap(True)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)  # drops go to the page
        grid.setTextElideMode(Qt.TextElideMode.ElideRight)

    def _layout(self) -> None:
        tr = self.tr_
        adding, link, internal, choices = (QHBoxLayout(), QHBoxLayout(), QHBoxLayout(),
                                           QHBoxLayout())
        adding.addWidget(self.add_button)
        adding.addStretch(1)
        link.addWidget(self.new_link_label)
        link.addWidget(self.new_link, 1)
        internal.addWidget(self.new_internal)
        # What new photos get beside the button; at 150 % and over below it, in two rows.
        choices.addWidget(Columns(link, internal, stretch=(1, 0)))

        details = self.details = QGroupBox(tr("Selected photo"))
        details.setFixedWidth(DETAILS_WIDTH)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        caption_label = QLabel(tr("&Caption:"))
        caption_label.setBuddy(self.caption)
        form.addRow(caption_label, self.caption)
        link_label = QLabel(tr("Lin&ked to:"))
        link_label.setBuddy(self.link)
        form.addRow(link_label, self.link)
        form.addRow(self.internal)
        form.addRow(self.size_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.view_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        box = QVBoxLayout(details)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.error)
        box.addStretch(1)

        grid_column, details_column = QVBoxLayout(), QVBoxLayout()
        grid_column.addWidget(self.empty_hint)
        grid_column.addWidget(self.grid, 1)
        details_column.addWidget(details)
        # The selected photo's details beside the photos, below them when narrow.
        middle = Columns(grid_column, details_column, stretch=(1, 0))

        layout = QVBoxLayout(self)
        layout.addWidget(Columns(adding, choices, stretch=(0, 1)))
        layout.addWidget(hint(tr("Photos are kept in the workshop file, made smaller to at "
                                 "most {edge} pixels. Enter or double-click shows one "
                                 "large.").format(edge=MAX_EDGE)))
        layout.addWidget(self.progress)
        layout.addWidget(self.filters)
        layout.addWidget(middle, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.choose_files)
        self.filters.changed.connect(self._filter)
        self.filters.search.returnPressed.connect(self.filters.apply_now)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_details())
        self.grid.activated.connect(lambda _index: self.view_current())
        self.caption.submitted.connect(self._save_caption)
        self.caption.editingFinished.connect(self._save_caption)
        self.link.link_chosen.connect(
            lambda link: self._update(self.tr_("Link photo"), **(link or WORKSHOP_LINK).fields()))
        self.internal.clicked.connect(
            lambda on: self._update(self.tr_("Mark photo internal"), internal=on))
        self.view_button.clicked.connect(self.view_current)
        self.delete_button.clicked.connect(self.delete_selected)
        KeyActions(self.grid, {Qt.Key.Key_Delete: self.delete_selected})
        self.model.dataChanged.connect(lambda *_: self._refresh_details())
        # The source's signals: the proxy announces a removal while the source still
        # holds the rows; the source's rowsRemoved comes after both are up to date.
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_empty)
            signal.connect(self._refresh_details)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoom: two caption lines still fit
            QTimer.singleShot(0, self, self._fit_to_font)  # children have their new font

    def _fit_to_font(self) -> None:
        line = self.grid.fontMetrics().lineSpacing()
        self.grid.setGridSize(QSize(THUMBNAIL_EDGE + 36, THUMBNAIL_EDGE + 2 * line + 28))
        # Wider at 200 % when its buttons need it, else as wide as at 100 %.
        self.details.setFixedWidth(max(DETAILS_WIDTH,
                                       self.details.minimumSizeHint().width()))

    # ------------------------------------------------------------------ adding

    @property
    def busy(self) -> bool:
        """Photos are being prepared in the background."""
        return bool(self.jobs)

    def choose_files(self) -> None:
        paths = self.ctx.dialogs.open_images(self)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[Path | str]) -> Job | None:
        """Prepare image files off the UI thread; they are stored when ready."""
        paths = [Path(p) for p in paths]
        if not paths:
            return None
        link = self.new_link.link() or WORKSHOP_LINK
        internal = self.new_internal.isChecked()

        def work(progress) -> PhotoBatch:
            return photos_from_files(paths, link=link, internal=internal, progress=progress)

        job = Job(work, self, name="photos")
        job.succeeded.connect(self._photos_ready)
        job.failed.connect(self._photos_failed)
        job.cancelled.connect(lambda: self.status.setText(
            self.tr_("Adding photos was cancelled; nothing was added.")))
        job.finished.connect(self._job_finished)
        self.jobs.append(job)
        self.progress.follow(job, self.tr_("Preparing photos…"), len(paths))
        self.status.setText("")
        job.start()
        return job

    def _job_finished(self) -> None:
        job = self.sender()
        if job in self.jobs:
            self.jobs.remove(job)

    def _photos_ready(self, batch: PhotoBatch) -> None:
        lang = self.ctx.lang
        if batch.photos:
            text = self.ctx.ngettext("Add photo", "Add {count} photos",
                                     len(batch.photos)).format(count=len(batch.photos))
            try:
                add_photos(self.ctx.session, batch.photos, text, done=self._photos_added,
                           failed=lambda error: self.ctx.dialogs.error(
                               self, error.render(lang)))
            except WorkshopError as error:
                self.ctx.dialogs.error(self, error.render(lang))
                return
            except sqlite3.ProgrammingError:
                # The workshop was closed while the photos were being prepared (the
                # Session announces no closing): there is nothing left to add them to.
                return
        if batch.problems:
            lines = "\n".join(f"• {p.name}: {p.reason.render(lang)}" for p in batch.problems)
            head = self.ctx.ngettext("This file was not added:",
                                     "These files were not added:", len(batch.problems))
            self.ctx.dialogs.error(self, f"{head}\n{lines}")

    def _photos_added(self, stored: list[Photo]) -> None:
        """The photos are on the disk and in the list."""
        self.status.setText(self.ctx.ngettext(
            "Photo added.", "{count} photos added.", len(stored)).format(count=len(stored)))
        self.select(stored[0].id)

    def _photos_failed(self, error: object) -> None:
        if isinstance(error, WorkshopError):
            text = error.render(self.ctx.lang)
        else:
            text = self.tr_("The photos could not be prepared: {error}").format(error=error)
        self.ctx.dialogs.error(self, text)

    # ------------------------------------------------------------------ the selected photo

    def current_photo(self) -> Photo | None:
        index = self.grid.currentIndex()
        return self.proxy.record(index.row()) if index.isValid() else None

    def selected_photos(self) -> list[Photo]:
        rows = sorted(index.row() for index in self.grid.selectionModel().selectedIndexes())
        return [self.proxy.record(row) for row in rows]

    def select(self, photo_id: str) -> bool:
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(photo_id), 0))
        if not index.isValid():
            return False
        self.grid.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(index)
        return True

    def _show_details(self) -> None:
        photo = self.current_photo()
        self._shown = photo
        for widget in (self.caption, self.link, self.internal, self.view_button,
                       self.delete_button):
            widget.setEnabled(photo is not None)
        self.error.hide()
        if photo is None:
            self.caption.clear()
            self.link.set_link(None)
            self.internal.setChecked(False)
            self.size_label.setText("")
            return
        self.caption.setText(photo.caption)  # also clears isModified
        self.link.set_link(link_of(photo))
        self.internal.setChecked(photo.internal)
        self.size_label.setText(self.tr_("{width} × {height} pixels").format(
            width=photo.width, height=photo.height))

    def _refresh_details(self, *_args) -> None:
        """The shown photo changed in the store (an undo, say): show what is stored now,
        unless the person is in the middle of typing a caption."""
        photo = self.current_photo()
        if photo != self._shown and not (self.caption.hasFocus() and self.caption.isModified()):
            self._show_details()

    def _save_caption(self) -> None:
        photo = self._current_shown()
        if photo is None or self.caption.composing or self.caption.text() == photo.caption:
            return
        self._update(self.tr_("Edit photo caption"), caption=self.caption.text())
        self.caption.setModified(False)

    def _current_shown(self) -> Photo | None:
        """The stored version of the photo whose details are shown (edits go to it, even
        if the selection moved meanwhile)."""
        if self._shown is None:
            return None
        row = self.model.row_of(self._shown.id)
        return self.model.record(row) if row >= 0 else None

    def _update(self, text: str, **changes) -> None:
        self.ctx.session.flush()  # the field changed a moment ago is in what is read now
        photo = self._current_shown()
        if photo is None:
            return
        changed = dataclasses.replace(photo, **changes)
        if changed == photo:
            return
        try:
            self.ctx.session.update(changed, text, done=lambda _: self._saved(),
                                    failed=self._show_error)
        except WorkshopError as error:
            self._show_error(error)

    def _show_error(self, error: WorkshopError) -> None:
        self.error.setText(error.render(self.ctx.lang))
        self.error.show()

    def _saved(self) -> None:
        self.error.hide()
        self.status.setText(self.tr_("Photo saved."))

    def view_current(self) -> None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return
        photos = [self.proxy.record(row) for row in range(self.proxy.rowCount())]
        self.preview = PhotoPreview(self.tr_, photos, index.row(),
                                    lambda photo: self.model.describe(photo), self)
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.open()

    def _deleted(self, ids: list[str]) -> bool:
        """Delete as one undoable step; a file that refuses is said beside the list."""
        text = self.ctx.ngettext("Delete photo", "Delete {count} photos", len(ids)).format(
            count=len(ids))
        return said_if_refused(self.error, self.ctx.lang,
                               lambda: delete_records(self.ctx.session, Photo, ids, text))

    def delete_selected(self) -> None:
        photos = self.selected_photos()
        if not photos:
            return
        ids = [photo.id for photo in photos]
        if not self._deleted(ids):
            return
        self.status.setText(self.ctx.ngettext(
            "Photo deleted – Ctrl+Z brings it back.",
            "{count} photos deleted – Ctrl+Z brings them back.", len(ids)).format(
            count=len(ids)))

    # ------------------------------------------------------------------ misc

    def _filter(self, note_filter) -> None:
        self.proxy.set_filter(note_filter)
        self._update_empty()

    def _update_empty(self, *_args) -> None:
        self.empty_hint.setVisible(self.model.rowCount() == 0)

    def start(self) -> None:
        if self.proxy.rowCount():
            self.grid.setFocus()
            if not self.grid.currentIndex().isValid():
                self.grid.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self.add_button.setFocus()

    def cancel_jobs(self) -> None:
        for job in self.jobs:
            job.cancel()
