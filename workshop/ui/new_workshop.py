"""The "new workshop" form opened from the start screen: what, when, where, which language.

A module of its own so that the start screen (needed for the first paint) does not import
the domain model and its rules; this is imported when the form is first opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
)

from workshop.errors import InputError
from workshop.model import Workshop
from workshop.rules import validated
from workshop.ui.accessible import plain_mnemonics
from workshop.ui.widgets import error_label


class NewWorkshopDialog(QDialog):
    """A short guided form: what, when, where, which language. Details come on the Setup page."""

    def __init__(self, tr: Callable[[str], str], lang: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New workshop"))
        self.lang = lang
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setAccessibleName(tr("Title"))
        self.title.setPlaceholderText(tr("e.g. The future of the station square"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setAccessibleName(tr("Date"))
        self.venue = QLineEdit()
        self.venue.setAccessibleName(tr("Venue"))
        self.language = QComboBox()
        self.language.setAccessibleName(tr("Language"))
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if lang == "ja" else 1)
        form.addRow(tr("&Title"), self.title)
        form.addRow(tr("&Date"), self.date)
        form.addRow(tr("&Venue"), self.venue)
        form.addRow(tr("&Language"), self.language)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        plain_mnemonics(self)
        self.workshop: Workshop | None = None

    def _accept(self) -> None:
        lang = self.language.currentData()
        other = "en" if lang == "ja" else "ja"
        try:
            self.workshop = validated(Workshop(
                title=self.title.text(), date=self.date.date().toString(Qt.DateFormat.ISODate),
                venue=self.venue.text(), languages=(lang, other)))
        except InputError as error:
            self.error.setText(error.render(self.lang))
            self.error.show()
            self.title.setFocus()
            return
        self.accept()
