"""The small widgets every page (and the start screen, and the dialogs) builds with:
headings, hints and the label that shows a broken rule beside its field.

Nothing here knows the open workshop, so that the start screen and the PIN dialog use them
before any workshop is open (``workshop.ui.page`` is what a page of the window is).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel

from workshop.ui import style


def heading(text: str, scale: float = 1.5) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    style.scale_font(label, scale, bold=True)  # a font, not a stylesheet size: follows the zoom
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def error_label() -> QLabel:
    """A message shown next to a field when its value breaks a rule."""
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def swatch(colour: str, size: int = 24) -> QIcon:
    """A square of a team's or cluster's colour, shown beside its name (never instead)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
