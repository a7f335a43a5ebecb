"""The start screen: new workshop, open a file, recent files, the demo workshop.

It is what the first paint shows, so it imports only the widgets it draws: the "new
workshop" form (with the domain model and its rules) is in ``workshop.ui.new_workshop``,
imported when it is opened. It also keeps off ``PySide6.QtCore.Qt``: the first use of that
namespace builds all of its enums (~25 ms), which an open workshop pays instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from workshop.ui.widgets import heading, hint

_ENTER_KEYS = (0x01000004, 0x01000005)  # Qt.Key.Key_Return, Key_Enter (no Qt enum here)


class EnterButton(QPushButton):
    """Enter presses a focused button, as Space does (outside a dialog Qt only takes Space)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, tr: Callable[[str], str], recent: list[tuple[Path, str]],
                 parent=None) -> None:
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
            button = EnterButton(text)
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
        self.recent = [path for path, _title in recent]  # row i of the list is recent[i]
        for path, title in recent:  # by title: file names are often "ws1", "新規"
            self.recent_list.addItem(f"{title or path.stem}    —    {path}")
        if not self.recent:
            self.recent_list.addItem(tr("No recent workshops yet."))
            self.recent_list.setEnabled(False)
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_chosen.emit(self.recent[self.recent_list.row(item)]))
        layout.addWidget(self.recent_list, 1)
