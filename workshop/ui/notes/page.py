"""The Notes page: discussion notes, decisions, action items and questions, and photos of
paper sheets and whiteboards, each linked to the workshop, a team, a prompt or an idea.

Two tabs over the same links. Image files dropped anywhere on the page become photos.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from workshop.ui.notes.models import LinkChoiceModel, LinkTargets
from workshop.ui.notes.note_list import NotePanel
from workshop.ui.notes.photos import PhotoPanel
from workshop.ui.page import Page
from workshop.ui.style import ACCENT
from workshop.ui.widgets import heading

NOTES_TAB, PHOTOS_TAB = 0, 1


def dropped_files(mime) -> list[Path]:
    """Local files among the dragged data (URLs from a file manager)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class NotesPage(Page):
    key = "notes"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        tr = self.tr_
        self.targets = LinkTargets(ctx.session, ctx.lang, self)
        # One list of links for every picker and one, with "Any", for both filters.
        self.pick_links = LinkChoiceModel(self.targets, parent=self)
        self.filter_links = LinkChoiceModel(self.targets, any_label=tr("Any link"), parent=self)
        self.notes = NotePanel(ctx, self.targets, self.pick_links, self.filter_links)
        self.photos = PhotoPanel(ctx, self.targets, self.pick_links, self.filter_links)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Notes and photos"))
        self.tabs.addTab(self.notes, "")
        self.tabs.addTab(self.photos, "")
        self.drop_banner = QLabel(tr("Drop the image files to add them as photos"))
        self.drop_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_banner.setStyleSheet(
            f"border: 3px dashed {ACCENT}; padding: 12px; background: #eef3fd; font-weight: bold;")
        self.drop_banner.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(self.drop_banner)
        layout.addWidget(self.tabs, 1)

        self.setAcceptDrops(True)
        for widget in self.findChildren(QWidget):
            if widget.acceptDrops():  # text fields would take a dropped file's path as text
                widget.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tabs.currentChanged.connect(lambda _n: self.activated())
        for signal in (self.notes.model.rowsInserted, self.notes.model.rowsRemoved,
                       self.notes.model.modelReset, self.photos.model.rowsInserted,
                       self.photos.model.rowsRemoved, self.photos.model.modelReset):
            signal.connect(self._update_tab_titles)
        self._update_tab_titles()

    def title(self) -> str:
        return self.tr_("Notes")

    def activated(self) -> None:
        if self.tabs.currentIndex() == PHOTOS_TAB:
            self.photos.start()
        else:
            self.notes.start()

    def keep_drafts(self) -> None:
        self.notes.drafts.keep()

    def find(self) -> None:
        panel = self.photos if self.tabs.currentIndex() == PHOTOS_TAB else self.notes
        panel.filters.search.setFocus()
        panel.filters.search.selectAll()

    def _update_tab_titles(self, *_args) -> None:
        tr = self.tr_
        self.tabs.setTabText(NOTES_TAB, tr("Notes ({count})").format(
            count=self.notes.model.rowCount()))
        self.tabs.setTabText(PHOTOS_TAB, tr("Photos ({count})").format(
            count=self.photos.model.rowCount()))

    # Link labels and pickers follow changes at once only while the page is shown.
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.targets.set_live(True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.targets.set_live(False)

    # ------------------------------------------------------------------ dropping files

    def add_photo_files(self, paths: list[Path]):
        """Add image files as photos (from a drop, or a test); shows the photos tab."""
        self.tabs.setCurrentIndex(PHOTOS_TAB)
        return self.photos.add_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()
            self.drop_banner.show()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self.drop_banner.hide()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_banner.hide()
        paths = dropped_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_photo_files(paths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop,
                    QEvent.Type.DragLeave):
            if kind == QEvent.Type.DragLeave:
                self.dragLeaveEvent(event)
                return False
            if dropped_files(event.mimeData()):
                {QEvent.Type.DragEnter: self.dragEnterEvent, QEvent.Type.DragMove:
                 self.dragMoveEvent, QEvent.Type.Drop: self.dropEvent}[kind](event)
                return True
        return super().eventFilter(watched, event)
