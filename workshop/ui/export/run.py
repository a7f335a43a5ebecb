"""The Export tab: choose the outputs and how they are made, write them in the background
with progress and Cancel, then list what was written and open the folder.

The work (``workshop.export.batch.export_outputs``) runs on its own thread with its own
read-only connection to the workshop file (an SQLite connection belongs to the thread that
made it); a backup is taken first, on the UI thread. A cancelled export leaves the folder
exactly as it was: the outputs are moved into it only when all of them are done.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import StorageError, WorkshopError
from workshop.export.batch import OUTPUTS, STEP, ExportResult, default_folder, export_outputs
from workshop.export.batch import file_name as output_file_name
from workshop.export.common import ExportSettings
from workshop.export.decidim import PROFILES
from workshop.i18n import N_, Message
from workshop.store import WorkshopStore
from workshop.ui.context import UiContext
from workshop.ui.keys import also_key
from workshop.ui.widgets import error_label, heading, hint
from workshop.ui.workers import Job

LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}  # each in its own language
# What most exports after a workshop want: the web report goes beside the PDF.
CHECKED_FIRST = ("report", "report_html", "team_sheets", "bundle")
CHOICES, RESULT = 0, 1  # the views of the tab


class ExportPanel(QWidget):
    profile_changed = Signal(str)  # the bundle's platform profile
    busy_changed = Signal(bool)  # an export started or ended

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr_ = ctx.tr
        self.job: Job | None = None
        self.result: ExportResult | None = None
        self._finished: dict[str, ExportResult] = {}  # filled by the work when it is done
        self._keys: list[str] = []
        self.blocked = False  # an import is being checked or written
        workshop = ctx.store.workshop()
        path = ctx.session.path
        self.folder = default_folder(path, date.today()) if path else Path.home()

        self.checks: dict[str, QCheckBox] = {}
        self.names: dict[str, QLabel] = {}
        descriptions = {
            "report": tr("Cover, agenda, ideas by cluster, vote results, notes and photos"),
            "report_html": tr("The report as one web page for a website: screen readers, "
                              "any zoom"),
            "cards": tr("One card per idea, several to a sheet, with cut marks"),
            "team_sheets": tr("One sheet per team with its ideas and results"),
            "tally_sheets": tr("Blank sheets for counting sticker dots, per vote round"),
            "bundle": tr("A zip for the organiser and the platform: all data, Decidim files, "
                         "spreadsheets"),
        }
        self.descriptions = {key: hint(text) for key, text in descriptions.items()}
        for label in self.descriptions.values():  # wrap to what is left, never push wider
            label.setMinimumWidth(14 * label.fontMetrics().averageCharWidth())
        for item in OUTPUTS:
            check = QCheckBox(tr(item.label))
            check.setChecked(item.key in CHECKED_FIRST)
            self.checks[item.key] = check
            self.names[item.key] = QLabel()
            self.names[item.key].setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_field = QLineEdit()
        self.folder_field.setReadOnly(True)
        self.folder_field.setAccessibleName(tr("Export folder"))
        self.folder_button = QPushButton(tr("C&hoose folder…"))

        self.language = QComboBox()
        self.language.setAccessibleName(tr("Language of the outputs"))
        for lang in workshop.languages:
            self.language.addItem(LANGUAGE_NAMES.get(lang, lang), lang)
        self.paper = QComboBox()
        self.paper.setAccessibleName(tr("Paper size"))
        for value, label in (("", tr("Usual (A4; team sheets A3)")), ("a4", "A4"),
                             ("a3", "A3"), ("letter", tr("Letter"))):
            self.paper.addItem(label, value)
        self.internal = QRadioButton(tr("&Internal: everything, for the organisers"))
        self.public = QRadioButton(tr("P&ublic: to post and hand out"))
        self.internal.setChecked(True)
        self.audience = QButtonGroup(self)
        self.audience.addButton(self.internal)
        self.audience.addButton(self.public)
        self.audience_hint = hint(tr("Public leaves out the notes and photos marked internal."))
        self.public.setToolTip(tr(
            "Public leaves out the notes and photos marked internal. Names written inside "
            "a note are printed as written: mark such notes internal."))
        self.profile = QComboBox()
        self.profile.setAccessibleName(tr("Platform profile of the data bundle"))
        for name in PROFILES:
            self.profile.addItem(name, name)
        self.profile.setCurrentIndex(max(0, self.profile.findData(workshop.platform_profile)))
        for combo in (self.language, self.paper, self.profile):  # may shrink: long labels
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.problem = error_label()

        self.export_button = QPushButton(tr("E&xport"))
        self.export_button.setDefault(True)
        self.export_button.setMinimumWidth(12 * self.fontMetrics().averageCharWidth())
        self.step_label = QLabel()
        self.replace_hint = hint(tr("Files of the same name in the folder are replaced."))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(tr("Export progress"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setAccessibleName(tr("Cancel the export"))

        self.notice = QLabel()  # a cancelled or failed export, under the Export button
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.problem_after = error_label()

        self.status = heading("", 1.15)
        self.open_button = QPushButton(tr("&Open folder"))
        self.again_button = QPushButton(tr("&Back to the choices"))
        self.files = QStringListModel(self)
        self.file_list = QListView()
        self.file_list.setModel(self.files)
        self.file_list.setAccessibleName(tr("Written files"))
        self.file_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.failures = error_label()
        for button, keys in ((self.folder_button, "Ctrl+Shift+F"),
                             (self.internal, "Ctrl+Shift+I"), (self.public, "Ctrl+Shift+U"),
                             (self.export_button, "Ctrl+E"), (self.open_button, "Ctrl+Shift+O"),
                             (self.again_button, "Ctrl+Shift+B")):
            also_key(button, keys, self)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()

        self._layout()
        self._connect()
        self._show_folder()
        self._update()
        self._set_running(False)

    # ------------------------------------------------------------------ building

    def _layout(self) -> None:
        tr = self.tr_
        outputs = QGroupBox(tr("What to export"))
        grid = QGridLayout(outputs)
        grid.setHorizontalSpacing(16)
        grid.setColumnStretch(1, 1)
        for row, item in enumerate(OUTPUTS):
            # The file's name under its check box, not beside it: three columns were wider
            # than the page at 200 % and cut the descriptions, which wrap instead.
            output = QVBoxLayout()
            output.setSpacing(0)
            output.addWidget(self.checks[item.key])
            output.addWidget(self.names[item.key])
            grid.addLayout(output, row, 0)
            grid.addWidget(self.descriptions[item.key], row, 1)
        folder_row = QHBoxLayout()  # the whole width: paths are long
        folder_label = QLabel(tr("Folder:"))
        folder_label.setBuddy(self.folder_field)
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(self.folder_button)

        options = QGroupBox(tr("How"))
        form = QFormLayout(options)
        form.setHorizontalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A label above its field when both do not fit side by side (Japanese at 150 %):
        # the page wraps, it has no horizontal scroll bar, so a wide row would be cut.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, widget in ((tr("&Language:"), self.language),
                             (tr("Paper si&ze:"), self.paper),
                             (tr("Platform p&rofile:"), self.profile)):
            form.addRow(text, widget)
            form.labelForField(widget).setBuddy(widget)
        # The audience below the lists, not beside them: side by side the long radio
        # texts made the form ~1,100 px wide at 150 % zoom.
        audience = QVBoxLayout()
        for widget in (self.internal, self.public, self.audience_hint):
            audience.addWidget(widget)
        form.addRow(tr("For:"), audience)
        form.labelForField(audience).setBuddy(self.internal)  # the choice it labels
        form.addRow(self.problem)

        top = QVBoxLayout()
        top.addWidget(outputs)
        top.addWidget(options)

        run = QHBoxLayout()
        run.addWidget(self.export_button)
        run.addSpacing(12)
        run.addWidget(self.replace_hint, 1)
        run.addWidget(self.step_label, 1)
        run.addWidget(self.bar, 1)
        run.addWidget(self.cancel_button)
        run.addStretch(0)

        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addStretch(1)
        scroll = QScrollArea()  # large zoom or a small screen: the choices scroll...
        scroll.setWidget(form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop: its choices are
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll, 1)
        # ...and where the files go, Export, its progress and its outcome stay in sight.
        column.addLayout(folder_row)
        column.addLayout(run)
        column.addWidget(self.notice)
        column.addWidget(self.problem_after)

        result = QWidget()
        column = QVBoxLayout(result)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.failures)
        column.addWidget(self.warnings)
        files_label = QLabel(tr("&Written files (Enter opens one):"))
        files_label.setBuddy(self.file_list)
        column.addWidget(files_label)
        column.addWidget(self.file_list, 1)

        self.stack.addWidget(choices)
        self.stack.addWidget(result)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def _connect(self) -> None:
        for check in self.checks.values():
            check.toggled.connect(self._update)
        self.language.currentIndexChanged.connect(self._update)
        self.public.toggled.connect(self._update)
        self.profile.currentIndexChanged.connect(
            lambda _n: self.profile_changed.emit(self.profile.currentData()))
        self.folder_button.clicked.connect(self.choose_folder)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_folder)
        self.again_button.clicked.connect(self.show_choices)
        self.file_list.activated.connect(self._open_file)

    # ------------------------------------------------------------------ choices

    def settings(self) -> ExportSettings:
        return ExportSettings(lang=self.language.currentData(),
                              paper=self.paper.currentData() or None,
                              public=self.public.isChecked(),
                              profile=self.profile.currentData())

    def chosen(self) -> list[str]:
        return [item.key for item in OUTPUTS if self.checks[item.key].isChecked()]

    def blocker(self) -> str:
        """Why the chosen outputs cannot be exported now ("" if they can)."""
        if self.public.isChecked() and self.checks["bundle"].isChecked():
            return self.tr_("A data bundle always holds the whole workshop, internal notes "
                            "included, so it cannot be public. Untick the data bundle, or "
                            "choose Internal.")
        return ""

    def _update(self, *_args) -> None:
        settings = self.settings()
        for key, label in self.names.items():
            name = output_file_name(key, settings)
            label.setText(f"→ {name}")
            self.checks[key].setAccessibleDescription(
                self.tr_("Written as {file}").format(file=name))
        self.profile.setEnabled(self.checks["bundle"].isChecked() and not self.running)
        problem = self.blocker()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.export_button.setEnabled(not self.running and not self.blocked
                                      and bool(self.chosen()) and not problem)

    def set_blocked(self, blocked: bool) -> None:
        self.blocked = blocked
        self._update()

    def choose_folder(self) -> None:
        folder = self.ctx.dialogs.choose_folder(self, self.folder)
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._show_folder()

    def _show_folder(self) -> None:
        self.folder_field.setText(str(self.folder))
        self.folder_field.setCursorPosition(0)
        self.folder_field.setToolTip(str(self.folder))

    # ------------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self.job is not None

    def start_export(self) -> Job | None:
        """Start writing the chosen outputs; None if they cannot be (the page says why)."""
        keys, settings, session = self.chosen(), self.settings(), self.ctx.session
        if self.running or self.blocked or not keys or self.blocker() or session.path is None:
            return None
        note = None
        try:
            session.store.backup("export")
        except StorageError as error:  # a read-only stick, a full disk: export all the same
            note = Message(N_("No backup was made before this export. {reason}"),
                           {"reason": error.message})
        except (WorkshopError, OSError, sqlite3.Error) as error:
            self._show_failure(error)
            return None
        path, device, folder = session.path, session.store.device_id, self.folder
        finished = self._finished = {}

        def work(progress) -> ExportResult:
            store = WorkshopStore.open(path, device_id=device, read_only=True)
            try:
                finished["result"] = export_outputs(store, folder, keys, settings, progress)
                if note is not None:
                    finished["result"].warnings.insert(0, note)
            finally:
                store.close()
            return finished["result"]

        self.job = job = Job(work, self, name="export")
        self._keys = keys
        job.progress.connect(self._progress)
        job.succeeded.connect(self._show_result)
        job.failed.connect(self._show_failure)
        job.cancelled.connect(self._cancelled)
        job.finished.connect(self._job_finished)
        self._say("")
        self._progress(0, len(keys) * STEP)
        self._set_running(True)
        job.start()
        return job

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.step_label.setText(self.tr_("Cancelling…"))

    def _progress(self, done: int, total: int) -> None:
        if not self._keys:
            return
        n = min(done // STEP, len(self._keys) - 1)
        output = next(o for o in OUTPUTS if o.key == self._keys[n])
        self.step_label.setText(self.tr_("Writing: {output} ({n} of {count})").format(
            output=self.tr_(output.label), n=n + 1, count=len(self._keys)))
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _set_running(self, running: bool) -> None:
        for widget in (self.step_label, self.bar, self.cancel_button):
            widget.setVisible(running)
        self.replace_hint.setVisible(not running)
        for widget in (*self.checks.values(), self.language, self.paper, self.internal,
                       self.public, self.folder_button):
            widget.setEnabled(not running)
        self._update()
        if running:
            self.cancel_button.setFocus()
        self.busy_changed.emit(running)

    def _job_finished(self) -> None:
        self.job = None
        self._set_running(False)

    def _cancelled(self) -> None:
        if "result" in self._finished:  # it was done before the cancel arrived
            self._show_result(self._finished["result"])
            return
        self._say(self.tr_("The export was cancelled. Nothing was written: the folder is "
                           "as it was."))

    def _show_failure(self, error: object) -> None:
        if isinstance(error, WorkshopError):
            text = error.render(self.ctx.lang)
        else:
            text = self.tr_("The export failed: {error}").format(error=error)
        self._say(self.tr_("Nothing was written."), text)

    def _say(self, text: str, problem: str = "") -> None:
        """A line under the Export button (cancelled, failed), on the choices."""
        self.result = None
        self.notice.setText(breakable(text))
        self.notice.setVisible(bool(text))
        self.problem_after.setText(breakable(problem))
        self.problem_after.setVisible(bool(problem))
        self.show_choices()

    def show_choices(self) -> None:
        self.stack.setCurrentIndex(CHOICES)
        if self.export_button.isEnabled():
            self.export_button.setFocus()

    def _show_result(self, result: ExportResult) -> None:
        tr, lang = self.tr_, self.ctx.lang
        self._say("")
        self.result = result
        count = len(result.written)
        self.status.setText(breakable(
            self.ctx.ngettext("Done: {count} file written to {folder}",
                              "Done: {count} files written to {folder}", count).format(
                count=count, folder=result.folder)))
        self.files.setStringList([f"{p.name}   ({_size(p)})" for p in result.written])
        labels = {o.key: tr(o.label) for o in OUTPUTS}
        failed = [tr("Not written: {output}. {reason}").format(
            output=labels[key], reason=reason.render(lang)) for key, reason in result.failures]
        self.failures.setText(breakable("\n".join(failed)))
        self.failures.setVisible(bool(failed))
        unique = list(dict.fromkeys(w.render(lang) for w in result.warnings))
        self.warnings.setText(breakable(
            "\n".join(tr("Warning: {text}").format(text=w) for w in unique)))
        self.warnings.setVisible(bool(unique))
        self.open_button.setEnabled(bool(result.written))
        self.stack.setCurrentIndex(RESULT)
        self.open_button.setFocus()

    def warning_texts(self) -> list[str]:
        return [line.replace("\u200b", "") for line in self.warnings.text().splitlines()
                if line]

    def open_folder(self) -> None:
        if self.result is not None:
            self.ctx.dialogs.show_location(self.result.folder)

    def _open_file(self, index) -> None:
        if self.result is not None and 0 <= index.row() < len(self.result.written):
            self.ctx.dialogs.show_location(self.result.written[index.row()])


def breakable(text: str) -> str:
    """``text`` with an invisible break opportunity after each path separator: a long
    folder or file path then wraps instead of widening the window."""
    return text.replace("/", "/\u200b").replace("\\", "\\\u200b")


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"
