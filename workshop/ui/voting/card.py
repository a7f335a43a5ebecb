"""A candidate's card on the voter screen: its title, its dots as symbols and as a number,
− and + – and the keys a voter uses on it (see ``workshop.ui.voting.voter``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop.ui.style import ACCENT, FOCUS, scale_font
from workshop.voting import Candidate

DOT, NO_DOT, MINUS_DOT = "●", "○", "⊖"

CARD_STYLE = f"""
QFrame#ballot-card {{ background: #ffffff; border: 2px solid #8a94a0; border-radius: 10px; }}
QFrame#ballot-card[given="true"] {{ background: #eef3fd; border: 3px solid {ACCENT}; }}
QFrame#ballot-card:focus {{ border: 5px solid {FOCUS}; }}
QFrame#ballot-card QPushButton {{
    min-width: 48px; min-height: 40px; padding: 0px 4px; font-weight: bold;
}}
QFrame#ballot-card QPushButton:disabled {{
    color: #9aa0a6; border: 2px dashed #b8bec4; background: #f3f4f6;
}}
"""


class BallotCard(QFrame):
    """One candidate on the ballot: its title, its dots (symbols and a number), − and +."""

    changed = Signal(str, int)  # candidate id, dots to add
    set_to = Signal(str, int)  # candidate id, dots it should have
    move = Signal(int)  # +1 / -1 to the next / previous card; 0 first; 99 last
    review = Signal()
    start_over = Signal()

    def __init__(self, candidate: Candidate, tr, ngettext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.tr_ = tr
        self.ngettext = ngettext
        self.setObjectName("ballot-card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.title = QLabel(candidate.title)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        scale_font(self.title, 1.1, bold=True)
        self.dots = QLabel()
        scale_font(self.dots, 1.2)
        self.count = QLabel()
        scale_font(self.count, 1.3, bold=True)
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        self.minus = QPushButton("−")
        self.plus = QPushButton("+")
        for button, delta, name in ((self.minus, -1, tr("One dot less")),
                                    (self.plus, +1, tr("One dot more"))):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the card keeps the keyboard
            button.setAccessibleName(f"{name}: {candidate.title}")
            scale_font(button, 1.3, bold=True)
            button.clicked.connect(lambda _c=False, d=delta: self._clicked(d))
        middle = QHBoxLayout()  # the dots as symbols and as a number, between − and +
        middle.setSpacing(6)
        middle.addStretch(1)
        middle.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignVCenter)
        middle.addWidget(self.count, 0, Qt.AlignmentFlag.AlignVCenter)
        middle.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.minus)
        row.addLayout(middle, 1)
        row.addWidget(self.plus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def _clicked(self, delta: int) -> None:
        self.setFocus()
        self.changed.emit(self.candidate.id, delta)

    def show_dots(self, count: int, cap: int, can_add: bool, can_remove: bool,
                  note: str) -> None:
        shown = max(cap, abs(count))
        if count >= 0:
            self.dots.setText(DOT * count + NO_DOT * (shown - count))
        else:
            self.dots.setText(MINUS_DOT * -count + NO_DOT * (shown + count))
        # The number alone beside the symbols: five cards must fit across a laptop screen
        # (the card's accessible name says "… dots" in words).
        self.count.setText(str(count) if count >= 0 else "−" + str(-count))
        self.plus.setEnabled(can_add)
        self.minus.setEnabled(can_remove)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(self.ngettext("{title}: {count} dot", "{title}: {count} dots",
                                             abs(count)).format(
            title=self.candidate.title, count=count))
        if self.property("given") != bool(count):
            self.setProperty("given", bool(count))
            self.style().unpolish(self)
            self.style().polish(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        cid = self.candidate.id
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Up):
            self.changed.emit(cid, +1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore, Qt.Key.Key_Down):
            self.changed.emit(cid, -1)
        elif key == Qt.Key.Key_Right:
            self.move.emit(+1)
        elif key == Qt.Key.Key_Left:
            self.move.emit(-1)
        elif key == Qt.Key.Key_Home:
            self.move.emit(0)
        elif key == Qt.Key.Key_End:
            self.move.emit(99)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.review.emit()
        elif key == Qt.Key.Key_Escape:
            self.start_over.emit()
        elif len(text) == 1 and text.isascii() and text.isdigit():
            self.set_to.emit(cid, int(text))
        else:
            super().keyPressEvent(event)
