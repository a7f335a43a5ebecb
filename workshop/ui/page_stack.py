"""The pages of an open workshop, each built the first time it is shown.

Building every page up front made opening a workshop slower with every idea in it (at
2,000 ideas ~2 s, the Notes page alone ~0.5 s), though the facilitator sees one page at a
time. The stack holds a placeholder per page; a page replaces its placeholder when it is
first asked for (shown, or named by ``page_at``), and stays until the workshop is closed.
Whatever needs every page – tests, or a check of all of them – asks ``page_at`` for each;
whatever may skip unbuilt pages (keeping drafts on closing) asks ``built``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

if TYPE_CHECKING:
    from workshop.ui.context import UiContext
    from workshop.ui.page import Page


class _Untranslated:
    """Enough of a page for ``Page.title``, which reads only the translation function: the
    navigation and the menus name every page without building it."""

    def __init__(self, tr: Callable[[str], str]) -> None:
        self.tr_ = tr


def page_title(cls: type[Page], tr: Callable[[str], str]) -> str:
    return cls.title(_Untranslated(tr))  # type: ignore[arg-type]


class PageStack(QStackedWidget):
    """One row per page class, in the order of the workshop day."""

    def __init__(self, ctx: UiContext, classes: Sequence[type[Page]],
                 built: Callable[[Page], None]) -> None:
        super().__init__()
        self._ctx = ctx
        self._classes = list(classes)
        self._pages: dict[int, Page] = {}
        self._built = built  # the window's wiring of a new page (signals, style)
        for cls in self._classes:
            placeholder = QWidget()
            placeholder.setObjectName(f"unbuilt-{cls.key}")
            self.addWidget(placeholder)

    @property
    def keys(self) -> list[str]:
        return [cls.key for cls in self._classes]

    def titles(self, tr: Callable[[str], str]) -> list[str]:
        return [page_title(cls, tr) for cls in self._classes]

    def row_of(self, key: str) -> int:
        return self.keys.index(key)

    def is_built(self, row: int) -> bool:
        return row in self._pages

    def built(self) -> list[Page]:
        """The pages built so far, in the stack's order."""
        return [self._pages[row] for row in sorted(self._pages)]

    def page_at(self, row: int) -> Page:
        """The page of ``row``, built now if it has not been yet."""
        page = self._pages.get(row)
        if page is None:
            page = self._classes[row](self._ctx)
            self._pages[row] = page
            placeholder = self.widget(row)
            current = self.currentIndex()
            self.insertWidget(row, _scrolling(page))
            self.removeWidget(placeholder)
            placeholder.deleteLater()
            if current >= 0:
                self.setCurrentIndex(current)
            self._built(page)
        return page

    def current_page(self) -> Page | None:
        """The page shown, if it is built (the stack shows a placeholder only before the
        first ``show_page``)."""
        return self._pages.get(self.currentIndex())


def _scrolling(page: QWidget) -> QScrollArea:
    """A page that scrolls when the window is smaller than the page's least size (a
    1366×768 laptop at 150 %), instead of the page pushing the window off the screen."""
    scroll = QScrollArea()
    scroll.setObjectName(f"scroll-{page.objectName()}")
    scroll.setWidget(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own
    return scroll
