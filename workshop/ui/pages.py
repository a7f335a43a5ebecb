"""The main window's pages, in the order of the workshop day."""

from __future__ import annotations

from workshop.ui.page import Page


def page_classes() -> list[type[Page]]:
    from workshop.ui.board.page import BoardPage
    from workshop.ui.capture.page import CapturePage
    from workshop.ui.export.page import ExportPage
    from workshop.ui.notes.page import NotesPage
    from workshop.ui.setup.page import SetupPage
    from workshop.ui.voting.page import VotingPage

    return [SetupPage, CapturePage, BoardPage, NotesPage, VotingPage, ExportPage]
