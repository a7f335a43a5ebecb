"""The start screen: new workshop, open a file, recent files, the demo workshop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import InputError
from workshop.model import Workshop
from workshop.rules import validated
from workshop.ui.pages.base import error_label, heading, hint


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, tr: Callable[[str], str], recent: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(heading(tr("Citizen workshop")))
        layout.addWidget(hint(tr("Everything is saved as you type; there is no Save button.")))
        buttons = QHBoxLayout()
        for text, signal in (
            (tr("&New workshop…"), self.new_requested),
            (tr("&Open a workshop file…"), self.open_requested),
            (tr("Open the &demo workshop"), self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(64)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.first_button = buttons.itemAt(0).widget()
        layout.addSpacing(24)
        label = QLabel(tr("Recent workshops"))
        label.setProperty("role", "heading")
        layout.addWidget(label)
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName(tr("Recent workshops"))
        for path in recent:
            item = QListWidgetItem(f"{path.stem}    —    {path}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent_list.addItem(item)
        if not recent:
            self.recent_list.addItem(tr("No recent workshops yet."))
            self.recent_list.setEnabled(False)
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent_list, 1)


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
