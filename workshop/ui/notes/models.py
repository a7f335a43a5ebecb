"""Item models of the Notes page: notes, photos and the things they can be linked to.

Read copies of the store's records, changed where the session says they changed; every
change goes back through the session. Filtering is the core's ``note_matches`` /
``photo_matches`` in proxies. Photo thumbnails are made lazily, off the UI thread, and cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QImageReader

from workshop.board import fold
from workshop.model import Idea, Note, NoteKind, Photo, Prompt, Record, Team
from workshop.notes import (
    KIND_SYMBOLS,
    Link,
    LinkChoice,
    NoteFilter,
    kind_label,
    link_choices,
    link_label,
    link_of,
    note_matches,
    photo_matches,
)
from workshop.ui.listmodel import RecordListBase, RecordTableBase
from workshop.ui.models import CoreFilterProxy, IdRole, Index, RecordRole
from workshop.ui.session import Session
from workshop.ui.times import local_time, locale_for
from workshop.ui.workers import Job

LinkRole = Qt.ItemDataRole.UserRole + 10
SortRole = Qt.ItemDataRole.UserRole + 11

THUMBNAIL_EDGE = 180  # logical pixels; big enough to tell two flip-chart sheets apart
LINK_TABLES = {cls.TABLE: cls for cls in (Team, Prompt, Idea)}
_KIND_ORDER = {kind: n for n, kind in enumerate(NoteKind)}
_LABEL_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole]


class LinkTargets(QObject):
    """Teams, prompts and ideas by id (deleted ones too), for link labels and pickers.

    The idea list changes with every idea typed on the Capture page, while the Notes page
    needs the names only when it is shown. So a change just updates the records named (or
    drops the copy, read again when a label is asked for) and ``changed`` – which makes
    pickers rebuild and tables repaint – is announced at once only while ``live`` (the
    page is shown), otherwise once, when the page is shown again.
    """

    changed = Signal()

    def __init__(self, session: Session, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = session.store
        self.lang = lang
        self._records: dict[str, Record] | None = None
        self._choices: list[LinkChoice] | None = None
        self._live = False
        self._pending = False
        session.changed.connect(self._on_changed)

    def set_live(self, live: bool) -> None:
        self._live = live
        if live and self._pending:
            self._pending = False
            self.changed.emit()

    def _on_changed(self, table: str, ids: frozenset[str] | None = None) -> None:
        cls = LINK_TABLES.get(table)
        if cls is not None:
            if self._records is not None and ids is not None:
                self._records.update(
                    (r.id, r) for r in self._store.get_many(cls, ids, include_deleted=True))
            else:
                self._records = None
            self._choices = None
            if self._live:
                self.changed.emit()
            else:
                self._pending = True

    def records(self) -> dict[str, Record]:
        if self._records is None:
            self._records = {
                r.id: r for cls in (Team, Prompt, Idea)
                for r in self._store.list(cls, include_deleted=True)
            }
        return self._records

    def label(self, link: Link) -> str:
        return link_label(link, self.records()).render(self.lang)

    def choices(self) -> list[LinkChoice]:
        if self._choices is None:
            records = self.records().values()
            self._choices = link_choices(
                *(sorted((r for r in records if isinstance(r, cls)), key=_display_order)
                  for cls in (Team, Prompt, Idea)))
        return self._choices


def _display_order(record: Record) -> tuple:
    return (getattr(record, "position", 0), record.created_at, record.id)


class LinkChoiceModel(RecordListBase):
    """The picker's rows: (optionally "Any link"), the workshop, teams, prompts, ideas."""

    def __init__(self, targets: LinkTargets, *, any_label: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._targets = targets
        self._any_label = any_label
        targets.changed.connect(self.refresh)
        self.refresh()

    def key_of(self, record: tuple[Link | None, str]) -> Link | None:
        return record[0]

    def refresh(self) -> None:
        lang = self._targets.lang
        rows: list[tuple[Link | None, str]] = (
            [(None, self._any_label)] if self._any_label is not None else [])
        rows += [(c.link, c.label.render(lang)) for c in self._targets.choices()]
        self.set_records(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.record_at(index)
        if row is None:
            return None
        link, label = row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return label
        if role == LinkRole:
            return link
        return None

    def link(self, row: int) -> Link | None:
        return self._records[row][0] if 0 <= row < len(self._records) else None


class NoteTableModel(RecordTableBase):
    """Every live note: time, kind, link, text."""

    TIME, KIND, LINK, TEXT = range(4)
    COLUMNS = 4

    def __init__(self, session: Session, targets: LinkTargets, tr: Callable[[str], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._targets = targets
        self._tr = tr
        self._locale = locale_for(targets.lang)
        self.follow(session, Note)
        targets.changed.connect(self._links_changed)

    def _links_changed(self) -> None:
        self.refresh_rows(self.LINK, self.LINK, _LABEL_ROLES)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            tr = self._tr
            return (tr("Time"), tr("Kind"), tr("Linked to"), tr("Note"))[section]
        return None

    def kind_text(self, note: Note) -> str:
        text = f"{KIND_SYMBOLS[note.kind]} {kind_label(note.kind).render(self._targets.lang)}"
        return text + "\n" + self._tr("(internal only)") if note.internal else text

    def time_texts(self) -> set[str]:
        return {self.time_text(note) for note in self._records}

    def kind_texts(self) -> list[str]:
        return [self.kind_text(Note(kind=kind, internal=True)) for kind in NoteKind]

    def time_text(self, note: Note) -> str:
        return local_time(note.created_at, self._locale)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        note = self.record_at(index)
        if note is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TIME:
                return self.time_text(note)
            if column == self.KIND:
                return self.kind_text(note)
            if column == self.LINK:
                return self._targets.label(link_of(note))
            return note.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(note)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TEXT, self.LINK):
            return note.text if column == self.TEXT else self._targets.label(link_of(note))
        if role == SortRole:
            if column == self.TIME:
                return note.created_at
            if column == self.KIND:
                return _KIND_ORDER[note.kind]
            if column == self.LINK:
                return fold(self._targets.label(link_of(note)))
            return fold(note.text)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == RecordRole:
            return note
        if role == IdRole:
            return note.id
        return None

    def describe(self, note: Note) -> str:
        """One sentence for screen readers: kind, link, time and text."""
        return " – ".join((self.kind_text(note).replace("\n", " "),
                           self._targets.label(link_of(note)), self.time_text(note), note.text))



class NoteFilterProxy(CoreFilterProxy):
    """The notes the core's ``note_matches`` accepts; newest first unless sorted otherwise."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(note_matches, NoteFilter(), parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.sort(NoteTableModel.TIME, Qt.SortOrder.DescendingOrder)

    @property
    def note_filter(self) -> NoteFilter:
        return self.current_filter


class PhotoListModel(RecordListBase):
    """Every live photo, shown as a thumbnail with its caption.

    Thumbnails are decoded off the UI thread the first time a view asks for one (a
    placeholder shows meanwhile) and kept by photo id: a photo's image never changes.
    """

    thumbnails_ready = Signal()

    def __init__(self, session: Session, targets: LinkTargets, tr: Callable[[str], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._targets = targets
        self._tr = tr
        self._thumbnails: dict[str, QImage] = {}
        self._wanted: set[str] = set()
        self._pending: set[str] = set()
        self._jobs: list[Job] = []
        self._placeholder = _placeholder()
        self._batch = QTimer(self)  # one background job for all thumbnails asked at once
        self._batch.setSingleShot(True)
        self._batch.setInterval(0)
        self._batch.timeout.connect(self._make_thumbnails)
        self.follow(session, Photo)
        targets.changed.connect(self._links_changed)

    def _links_changed(self) -> None:
        self.refresh_rows(roles=_LABEL_ROLES[1:])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        photo = self.record_at(index)
        if photo is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.caption or self._tr("(no caption)")
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(photo)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe(photo, size=True)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.describe(photo)
        if role == RecordRole:
            return photo
        if role == IdRole:
            return photo.id
        if role == LinkRole:
            return link_of(photo)
        return None

    def describe(self, photo: Photo, *, size: bool = False) -> str:
        parts = [photo.caption or self._tr("(no caption)"), self._targets.label(link_of(photo))]
        if photo.internal:
            parts.append(self._tr("(internal only)"))
        if size:
            parts.append(f"{photo.width} × {photo.height}")
        return "\n".join(parts) if size else " – ".join(parts)

    # ------------------------------------------------------------------ thumbnails

    def thumbnail(self, photo: Photo) -> QImage:
        image = self._thumbnails.get(photo.id)
        if image is not None:
            return image
        if photo.id not in self._pending:
            self._wanted.add(photo.id)
            self._batch.start()
        return self._placeholder

    def has_thumbnail(self, photo_id: str) -> bool:
        return photo_id in self._thumbnails

    @property
    def busy(self) -> bool:
        return bool(self._wanted or self._pending)

    def _make_thumbnails(self) -> None:
        wanted = [(r.id, r.data) for r in self._records if r.id in self._wanted]
        self._wanted.clear()
        if not wanted:
            return
        ids = {photo_id for photo_id, _ in wanted}
        self._pending |= ids
        job = Job(lambda progress: _thumbnails(wanted, progress), self, name="thumbnails")
        job.succeeded.connect(self._thumbnails_made)
        job.finished.connect(lambda: self._job_done(job, ids))
        self._jobs.append(job)
        job.start()

    def _thumbnails_made(self, images: dict[str, QImage]) -> None:
        self._thumbnails.update(images)
        for photo_id in images:
            row = self.row_of(photo_id)
            if row >= 0:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _job_done(self, job: Job, ids: set[str]) -> None:
        self._pending -= ids
        self._jobs.remove(job)
        if not self.busy:
            self.thumbnails_ready.emit()


def _thumbnails(items: Iterable[tuple[str, bytes]], progress) -> dict[str, QImage]:
    """Runs on a worker thread: QImage and QImageReader are safe there (QPixmap is not)."""
    items = list(items)
    images: dict[str, QImage] = {}
    for done, (photo_id, data) in enumerate(items):
        progress.step(done, len(items))
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        size = reader.size()
        if size.isValid():  # JPEG decodes straight to a small size: much faster
            reader.setScaledSize(size.scaled(THUMBNAIL_EDGE, THUMBNAIL_EDGE,
                                             Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        images[photo_id] = image if not image.isNull() else _placeholder()
    return images


def _placeholder() -> QImage:
    image = QImage(QSize(THUMBNAIL_EDGE, THUMBNAIL_EDGE * 3 // 4), QImage.Format.Format_RGB32)
    image.fill(QColor("#e5e7eb"))
    return image


class PhotoFilterProxy(CoreFilterProxy):
    """The photos the core's ``photo_matches`` accepts (link and caption text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(photo_matches, NoteFilter(), parent)

