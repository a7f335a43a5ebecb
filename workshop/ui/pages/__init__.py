"""The main window's pages, in the order of the workshop day."""

from __future__ import annotations

from workshop.ui.pages.base import Page


def page_classes() -> list[type[Page]]:
    from workshop.ui.pages.board import BoardPage
    from workshop.ui.pages.capture import CapturePage
    from workshop.ui.pages.export import ExportPage
    from workshop.ui.pages.notes import NotesPage
    from workshop.ui.pages.setup import SetupPage
    from workshop.ui.pages.voting import VotingPage

    return [SetupPage, CapturePage, BoardPage, NotesPage, VotingPage, ExportPage]
