"""What a page of the main window is: a widget over the session with a translated title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
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
