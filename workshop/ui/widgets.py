"""What a page of the main window is: a widget over the session with a translated title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from workshop.ui import style

if TYPE_CHECKING:  # the start screen uses the label helpers below before any workshop is open
    from workshop.ui.context import UiContext


class Page(QWidget):
    """Subclasses set ``key`` (stable, for settings and tests) and implement ``title``."""

    key = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = ctx.tr
        self.setObjectName(f"page-{self.key}")

    def title(self) -> str:
        raise NotImplementedError

    def activated(self) -> None:
        """Called when the page is shown: put the keyboard focus where work starts."""


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
