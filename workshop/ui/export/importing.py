"""The Import tab: merge the data bundles of other laptops into this workshop, and add ideas
typed elsewhere from a spreadsheet (CSV).

Both first run the core import on a throwaway copy of the workshop, off the UI thread
(``workshop.export.batch``): every problem shows up there, with the core's own message,
and the merge report says what merging will do before the person confirms. Only then is
the same core function queued to the workshop's writer; the window stays usable while it
runs (on a slow USB stick, the backup and the merge take a while), and the report or the
one-line refusal shows once the writer has answered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.export.batch import MergePreview, on_a_copy, preview_merge
from workshop.export.idea_import import IdeaImportReport, import_ideas
from workshop.ui.context import UiContext
from workshop.ui.export.models import MergeReportModel
from workshop.ui.export.ops import import_sheet, merge_bundles
from workshop.ui.export.run import breakable
from workshop.ui.keys import also_key
from workshop.ui.widgets import Columns, error_label, hint
from workshop.ui.workers import Job, JobProgress

if TYPE_CHECKING:
    from workshop.export.merge import MergeReport


class ImportPanel(QWidget):
    busy_changed = Signal(bool)  # checking or importing started or ended

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr_ = ctx.tr
        self.job: Job | None = None
        self.merging = False  # a confirmed merge is queued to the writer
        self.blocked = False
        self.merge_button = QPushButton(tr("Mer&ge bundles from other laptops…"))
        self.ideas_button = QPushButton(tr("Import i&deas from a spreadsheet…"))
        also_key(self.merge_button, "Ctrl+Shift+G", self)
        also_key(self.ideas_button, "Ctrl+Shift+D", self)
        self.progress = JobProgress(tr)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report = MergeReportModel(tr, self)
        self.report_table = QTableView()
        self.report_table.setModel(self.report)
        self.report_table.setAccessibleName(tr("Merge report"))
        self.report_table.verticalHeader().hide()
        self.report_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.report_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bundle_lines = QLabel()
        self.bundle_lines.setWordWrap(True)
        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout()
        self.merge_button.clicked.connect(self.choose_bundles)
        self.ideas_button.clicked.connect(self.choose_sheet)
        self.report_box.hide()

    def _layout(self) -> None:
        tr = self.tr_
        self.hints = [hint(tr(
            "Several laptops set up from a copy of this workshop each export a data bundle; "
            "merging brings their work together here. New records are added; when two "
            "laptops changed the same record, the version changed last is kept and the "
            "other goes to the merge history. Merging the same bundle twice changes "
            "nothing.")), hint(tr(
            "A sheet with the columns prompt, team, title, details and (optional) "
            "cluster, saved by Excel or LibreOffice: .xlsx, CSV (UTF-8 or Shift_JIS, comma "
            "or semicolon) or “Unicode text” (tab-separated). Missing prompts, teams and "
            "clusters are created. All or nothing: a bad line is named and nothing is "
            "added."))]
        top = QVBoxLayout()
        for button, text in zip((self.merge_button, self.ideas_button), self.hints,
                                strict=True):
            # The text under its button when both do not fit side by side (200 %).
            left, right = QVBoxLayout(), QVBoxLayout()
            left.addWidget(button, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            right.addWidget(text, 0, Qt.AlignmentFlag.AlignTop)
            top.addWidget(Columns(left, right, stretch=(0, 1)))

        self.report_box = QGroupBox(tr("Merge report"))
        report = QVBoxLayout(self.report_box)
        report.addWidget(self.bundle_lines)
        report.addWidget(self.report_table, 1)
        report.addWidget(self.conflicts)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.report_box, 1)
        layout.addStretch(0)

    @property
    def busy(self) -> bool:
        return self.job is not None or self.merging

    def set_blocked(self, blocked: bool) -> None:
        """Off while an export runs: it should not read a workshop half merged."""
        self.blocked = blocked
        self._update_buttons()

    def _update_buttons(self) -> None:
        for button in (self.merge_button, self.ideas_button):
            button.setEnabled(not self.blocked and not self.busy)

    # ------------------------------------------------------------------ merging bundles

    def choose_bundles(self) -> None:
        paths = self.ctx.dialogs.open_bundles(self)
        if paths:
            self.try_merge(paths)

    def try_merge(self, paths: list[Path]) -> Job | None:
        """Check the bundles and work out the merge on a copy; then confirm and merge."""
        session = self.ctx.session
        if self.busy or self.blocked or session.path is None:
            return None
        path, device, paths = session.path, session.store.device_id, list(paths)
        return self._run(lambda progress: preview_merge(path, device, paths, progress),
                         self.tr_("Checking the bundles…"),
                         lambda preview: self._confirm_merge(paths, preview))

    def _confirm_merge(self, paths: list[Path], preview: MergePreview) -> None:
        tr = self.tr_
        if not preview.changes_anything:
            self._show_report(preview.reports)
            self._say(tr("Nothing to merge: this workshop already has everything these "
                         "bundles hold."))
            return
        lines = "\n".join("• " + r.summary().render(self.ctx.lang) for r in preview.reports)
        question = "\n\n".join([
            tr("Merge these bundles into this workshop?"), lines,
            tr("A merge cannot be undone with Ctrl+Z, and the undo history is cleared. A "
               "backup is taken first: File → Restore from backup… brings back the "
               "workshop as it was.")])
        if not self.ctx.dialogs.confirm(self, question):
            self._say(tr("Nothing was merged."))
            return
        try:
            merge_bundles(self.ctx.session, paths, done=self._merged,
                          failed=self._merge_failed)
        except WorkshopError as error:  # a read-only file: refused before it was queued
            self._fail(error)
            return
        self.merging = True
        self._update_buttons()
        self._say(tr("Merging the bundles… The window can be used meanwhile."))

    def _merged(self, reports: list[MergeReport]) -> None:
        self._show_report(reports)
        added = sum(r.added.total() for r in reports)
        self._say(self.tr_("Merged. {added} records added, {conflicts} conflicts. A backup "
                           "of the workshop before the merge was kept.").format(
            added=added, conflicts=sum(len(r.conflicts) for r in reports)))
        self._merge_ended()

    def _merge_failed(self, error: Exception) -> None:
        self._fail(error)
        self._merge_ended()

    def _merge_ended(self) -> None:
        self.merging = False
        self._busy_ended()

    def _show_report(self, reports: list[MergeReport]) -> None:
        lang = self.ctx.lang
        self.report.set_reports(reports)
        self.bundle_lines.setText("\n".join(r.summary().render(lang) for r in reports))
        conflicts = [line.render(lang) for r in reports for line in r.conflict_lines()]
        for text in self.hints:  # the report needs the room now
            text.hide()
        self.conflicts.setText(breakable("\n".join(f"• {line}" for line in conflicts))
                               or self.tr_("No conflicts."))
        self.report_box.show()

    # ------------------------------------------------------------------ ideas from a sheet

    def choose_sheet(self) -> None:
        path = self.ctx.dialogs.open_sheet(self)
        if path:
            self.try_sheet(path)

    def try_sheet(self, sheet: Path) -> Job | None:
        """Check the sheet by importing it into a copy; then import it for real."""
        session = self.ctx.session
        if self.busy or self.blocked or session.path is None:
            return None
        path, device = session.path, session.store.device_id

        def work(progress) -> IdeaImportReport:
            progress.step(0, 1)
            return on_a_copy(path, device, lambda trial: import_ideas(trial, sheet))

        return self._run(work, self.tr_("Checking the spreadsheet…"),
                         lambda _trial: self._import_sheet(sheet))

    def _import_sheet(self, sheet: Path) -> None:
        """Checked on a copy: queued for real; what it added is said once it is stored."""
        tr = self.tr_

        def done(report: IdeaImportReport) -> None:
            self._say(report.summary().render(self.ctx.lang) + " " +
                      tr("Ctrl+Z takes them out again."))

        try:
            import_sheet(self.ctx.session, sheet,
                         tr("Import ideas from {file}").format(file=sheet.name), done=done,
                         failed=self._fail)
        except WorkshopError as error:
            self._fail(error)

    # ------------------------------------------------------------------ common

    def _run(self, work: Callable, text: str, then: Callable[[object], None]) -> Job:
        self.job = job = Job(work, self, name="import")
        job.succeeded.connect(then)
        job.failed.connect(self._fail)
        job.cancelled.connect(lambda: self._say(self.tr_("Cancelled; nothing was changed.")))
        job.finished.connect(self._job_finished)
        self.progress.follow(job, text)
        self.report_box.hide()
        for line in self.hints:
            line.show()
        self.status.clear()
        self.error.hide()
        self._update_buttons()
        self.busy_changed.emit(True)
        job.start()
        return job

    def _job_finished(self) -> None:
        self.job = None
        self._busy_ended()

    def _busy_ended(self) -> None:
        self._update_buttons()
        if not self.busy:  # a merge confirmed after its check is still queued
            self.busy_changed.emit(False)

    def _say(self, text: str) -> None:
        self.status.setText(breakable(text))
        self.error.hide()

    def _fail(self, error: object) -> None:
        text = (error.render(self.ctx.lang) if isinstance(error, WorkshopError) else
                self.tr_("The import failed: {error}").format(error=error))
        self.status.setText(self.tr_("Nothing was changed."))
        self.error.setText(breakable(text))
        self.error.show()
