"""The Capture page (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from workshop.ui.pages.base import Page, heading


class CapturePage(Page):
    key = "capture"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr_("Capture")
