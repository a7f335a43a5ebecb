"""The Setup page: the workshop's details, its prompts, teams and agenda.

Every field is saved when it is left (autosave, undoable); a value that breaks a rule
shows its message beside the field and is not saved.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.model import AgendaItem, Prompt, Team, Workshop
from workshop.palette import colour_name
from workshop.rules import PLATFORM_PROFILES
from workshop.ui.accessible import spoken_caption
from workshop.ui.keys import number_tabs
from workshop.ui.page import Page
from workshop.ui.setup.record_editor import FieldSpec, RecordEditor
from workshop.ui.widgets import WrappingCheckBox, error_label, heading, hint


class SetupPage(Page):
    key = "setup"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        tr = self.tr_
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Setup sections"))
        self.details = WorkshopDetails(ctx)
        scroll = QScrollArea()
        # Not a Tab stop of its own: an unnamed stop says nothing to a screen reader, and
        # the area scrolls to whichever field takes the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        self.tabs.addTab(scroll, tr("&Workshop"))
        self.prompts = RecordEditor(
            ctx, Prompt, [FieldSpec("text", tr("Prompt"), "multiline")],
            lambda p: p.text, tr("Prompts"), wrap=True)
        self.tabs.addTab(self.prompts, tr("&Prompts"))
        self.teams = RecordEditor(
            ctx, Team,
            [FieldSpec("name", tr("Name")), FieldSpec("colour", tr("Colour"), "colour"),
             FieldSpec("members", tr("Members"), "int", 0, 1000, 0)],
            lambda t: f"{t.name}   ({tr(colour_name(t.colour))}, " + ctx.ngettext(
                "{count} member", "{count} members", t.members).format(count=t.members) + ")",
            tr("Teams"))
        self.tabs.addTab(self.teams, tr("Tea&ms"))
        self.agenda = RecordEditor(
            ctx, AgendaItem,
            [FieldSpec("title", tr("Agenda item")),
             FieldSpec("minutes", tr("Minutes"), "int", 1, 24 * 60, 10)],
            lambda a: f"{a.title}   ({tr('{minutes} min').format(minutes=a.minutes)})",
            tr("Agenda"))
        self.tabs.addTab(self.agenda, tr("A&genda"))
        number_tabs(self.tabs, self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(self.tabs, 1)

    def title(self) -> str:
        return self.tr_("Setup")

    def activated(self) -> None:
        self.details.title.setFocus()


class WorkshopDetails(QWidget):
    """The workshop record as a form; each field is saved when focus leaves it."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        # Labels above their fields when both do not fit side by side (200 %): the page
        # scrolls down, never sideways.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.title = self._line(form, "title", tr("T&itle"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(110)
        self._row(form, "description", tr("&Description"), self.description)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self._row(form, "date", tr("D&ate"), self.date)
        self.era_dates = WrappingCheckBox(tr("Also print dates in the Japanese era (令和)"))
        self._row(form, "era_dates", "", self.era_dates)
        times = QHBoxLayout()
        self.start_time, self.end_time = QTimeEdit(), QTimeEdit()
        for widget, label in ((self.start_time, tr("Start")), (self.end_time, tr("End"))):
            widget.setDisplayFormat("HH:mm")
            widget.setAccessibleName(label)
            times.addWidget(_tied_label(label, widget))
            times.addWidget(widget)
        times.addStretch(1)
        self._row(form, "end_time", tr("Times"), self.start_time, times)
        self.venue = self._line(form, "venue", tr("Ven&ue"))
        self.organiser = self._line(form, "organiser", tr("&Organiser"))
        self.co_organiser = self._line(form, "co_organiser", tr("Co-organiser"))
        self.facilitators = self._line(form, "facilitators", tr("Run by"))
        self.attendees = QSpinBox()
        self.attendees.setRange(0, 100_000)
        self._row(form, "attendees", tr("Atte&ndees"), self.attendees)
        languages = QHBoxLayout()
        self.default_language = QComboBox()
        self.default_language.addItem("日本語", "ja")
        self.default_language.addItem("English", "en")
        self.default_language.setAccessibleName(tr("Main language"))
        self.second_language = WrappingCheckBox(tr("Outputs in both languages"))
        languages.addWidget(self.default_language)
        languages.addWidget(self.second_language)
        languages.addStretch(1)
        self._row(form, "languages", tr("&Language"), self.default_language, languages)
        self.platform_url = self._line(form, "platform_url", tr("Platform U&RL"))
        self.platform_url.setPlaceholderText("https://")
        self.platform_profile = QComboBox()
        for profile in PLATFORM_PROFILES:
            self.platform_profile.addItem(profile, profile)
        self._row(form, "platform_profile", tr("Platform profile"), self.platform_profile)
        # Printed at the end of the report (今後の予定, 問い合わせ先) when filled in.
        self.next_steps = self._text(form, "next_steps", tr("Next steps"))
        self.contact = self._text(form, "contact", tr("Contact"))
        form.addRow(hint(tr("Changes are saved when you leave a field.")))
        self.load()
        for widget, names in (
            (self.title, ("title",)), (self.venue, ("venue",)),
            (self.organiser, ("organiser",)), (self.platform_url, ("platform_url",)),
            (self.co_organiser, ("co_organiser",)), (self.facilitators, ("facilitators",)),
            (self.date, ("date",)), (self.start_time, ("start_time", "end_time")),
            (self.end_time, ("start_time", "end_time")), (self.attendees, ("attendees",)),
        ):
            widget.editingFinished.connect(lambda names=names: self.save(names))
        for text in (self.description, self.next_steps, self.contact):
            text.installEventFilter(self)
        self.era_dates.toggled.connect(lambda: self.save(("era_dates",)))
        self.default_language.currentIndexChanged.connect(lambda: self.save(("languages",)))
        self.second_language.toggled.connect(lambda: self.save(("languages",)))
        self.platform_profile.currentIndexChanged.connect(
            lambda: self.save(("platform_profile",)))
        ctx.session.changed.connect(lambda table: table == Workshop.TABLE and self.load())

    def _line(self, form: QFormLayout, name: str, label: str) -> QLineEdit:
        widget = QLineEdit()
        self._row(form, name, label, widget)
        return widget

    def _text(self, form: QFormLayout, name: str, label: str) -> QPlainTextEdit:
        widget = QPlainTextEdit()
        widget.setTabChangesFocus(True)
        widget.setFixedHeight(70)
        self._row(form, name, label, widget)
        return widget

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget,
             row: QHBoxLayout | None = None) -> None:
        """A form row: the label tied to ``widget`` (or the first control of ``row``) and an
        error line under it. Layouts, not wrapper widgets: a label is announced as the label
        of its control only when both have the same parent widget."""
        if row is None:
            widget.setAccessibleName(spoken_caption(label) or widget.property("text") or "")
        error = error_label()
        self.errors[name] = error
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        if row is None:
            column.addWidget(widget)
        else:
            column.addLayout(row)
        column.addWidget(error)
        form.addRow(_tied_label(label, widget), column)
        if name == "end_time":
            self.errors["start_time"] = error
            self.errors["date"] = self.errors.get("date", error)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for name in ("description", "next_steps", "contact"):
                if watched is getattr(self, name, None):
                    self.save((name,))
        return super().eventFilter(watched, event)

    def load(self) -> None:
        self._loading = True
        w = self.ctx.store.workshop()
        self.title.setText(w.title)
        if self.description.toPlainText() != w.description:
            self.description.setPlainText(w.description)
        self.date.setDate(QDate.fromString(w.date, "yyyy-MM-dd") if w.date
                          else QDate.currentDate())
        self.start_time.setTime(QTime.fromString(w.start_time or "13:00", "HH:mm"))
        self.end_time.setTime(QTime.fromString(w.end_time or "16:00", "HH:mm"))
        self.venue.setText(w.venue)
        self.organiser.setText(w.organiser)
        self.co_organiser.setText(w.co_organiser)
        self.facilitators.setText(w.facilitators)
        self.era_dates.setChecked(w.era_dates)
        for widget, value in ((self.next_steps, w.next_steps), (self.contact, w.contact)):
            if widget.toPlainText() != value:
                widget.setPlainText(value)
        self.attendees.setValue(w.attendees or 0)
        self.default_language.setCurrentIndex(0 if w.default_language == "ja" else 1)
        self.second_language.setChecked(len(w.languages) > 1)
        self.platform_url.setText(w.platform_url)
        self.platform_profile.setCurrentIndex(max(0, PLATFORM_PROFILES.index(
            w.platform_profile) if w.platform_profile in PLATFORM_PROFILES else 0))
        self._loading = False

    def values(self, current: Workshop) -> Workshop:
        main = self.default_language.currentData()
        other = "en" if main == "ja" else "ja"
        return dataclasses.replace(
            current,
            title=self.title.text(), description=self.description.toPlainText(),
            date=self.date.date().toString("yyyy-MM-dd"),
            start_time=self.start_time.time().toString("HH:mm"),
            end_time=self.end_time.time().toString("HH:mm"),
            venue=self.venue.text(), organiser=self.organiser.text(),
            co_organiser=self.co_organiser.text(), facilitators=self.facilitators.text(),
            next_steps=self.next_steps.toPlainText(), contact=self.contact.toPlainText(),
            era_dates=self.era_dates.isChecked(),
            attendees=self.attendees.value() or None,
            languages=(main, other) if self.second_language.isChecked() else (main,),
            platform_url=self.platform_url.text(),
            platform_profile=self.platform_profile.currentData(),
        )

    def save(self, names: tuple[str, ...]) -> None:
        """Save the fields just left; a rule broken elsewhere does not block them."""
        if getattr(self, "_loading", False):
            return
        self.ctx.session.flush()  # the field saved a moment ago is in what is read now
        current = self.ctx.store.workshop()
        edited = self.values(current)
        changed = dataclasses.replace(current, **{n: getattr(edited, n) for n in names})
        if changed == current:
            return
        for name in names:
            self.errors[name].hide()
        try:
            self.ctx.session.update(changed, self.ctx.tr("Edit workshop details"),
                                    failed=self._show_error)
        except WorkshopError as error:  # bad input, or a file that refused: the text stays
            self._show_error(error)

    def _show_error(self, error: WorkshopError) -> None:
        label = self.errors.get(getattr(error, "field", ""))
        if label is None:
            label = self.errors["title"]
        label.setText(error.render(self.ctx.lang))
        label.show()


def _tied_label(text: str, control: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(control)
    return label
