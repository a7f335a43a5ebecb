"""What the window needs only once a workshop is open, imported in idle time after the
first paint.

The start screen is shown first (``workshop.ui.app`` builds only that); once it is on
screen, and so painted, the store, the domain model, the pages and their widgets are
imported here, one module per turn of the event loop, so that no turn takes long and the
start screen answers the keyboard at once. Opening a workshop before this has finished is
fine: what it needs is imported on the spot, and the later turns find it done (Python
imports a module once).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

EXPOSURE_POLL_MS = 15  # about a frame

# What opening a workshop imports, in that order, dependencies first. One entry is one turn
# of the event loop, so the large imports inside a module are entries of their own (e.g. the
# store's third-party packages): no turn should take much longer than a couple of frames.
# A stale entry costs only time (the module is then imported when a workshop opens);
# tests/ui/test_startup.py checks that the list still covers what opening the demo needs.
AFTER_FIRST_PAINT = (
    "workshop.model",
    "workshop.rules",
    "click",  # sqlite_utils' dependencies
    "pluggy",
    "dateutil.tz",
    "dateutil.parser",
    "sqlite_utils",
    "workshop.store",
    "workshop.voting",
    "workshop.demo",
    "workshop.ui.session",
    "workshop.ui.dialogs",
    "workshop.ui.context",
    "workshop.ui.timer_widget",  # the first user of PySide6.QtCore.Qt: builds its enums
    "workshop.ui.projector",
    "workshop.ui.setup.record_editor",
    "workshop.ui.pages",
    "workshop.ui.page_stack",
    "workshop.ui.setup.page",
    "workshop.ui.models",
    "workshop.ui.capture.page",
    "workshop.ui.board.models",
    "workshop.ui.board.cards",
    "workshop.ui.board.page",
    "PIL.Image",
    "workshop.notes",
    "workshop.ui.notes.models",
    "workshop.ui.notes.note_list",
    "workshop.ui.notes.photos",
    "workshop.ui.notes.page",
    "workshop.ui.voting.models",
    "workshop.ui.voting.paper",
    "workshop.ui.voting.results",
    "workshop.ui.voting.setup",
    "workshop.ui.voting.voter",
    "workshop.ui.voting.page",
    "workshop.export.decidim",
    "workshop.ui.workers",
    "workshop.ui.export.models",
    "workshop.ui.export.importing",
    "workshop.ui.export.page",
    "workshop.ui.new_workshop",
)


def import_after_first_paint(window: QWidget, modules: Sequence[str] = AFTER_FIRST_PAINT,
                             done: Callable[[], None] | None = None) -> None:
    """Import ``modules`` one per event-loop turn once the shown ``window`` is on screen.

    Call it right after ``window.show()``. On a real screen the window system exposes the
    window a moment after ``show()`` (on X11, a few loop turns later), and Qt paints it
    the moment it is exposed; starting before that would queue the first paint behind an
    import. Exposure is polled, not watched with an event filter: a filter makes PySide
    wrap each event of the window, and the first wrapped event builds the enums of QEvent
    (~4 ms of the start)."""
    pending = list(modules)
    handle = window.windowHandle()

    def step() -> None:
        if pending:
            importlib.import_module(pending.pop(0))
            QTimer.singleShot(0, step)
        elif done is not None:
            done()

    def when_exposed() -> None:
        if handle.isExposed():
            QTimer.singleShot(0, step)
        else:
            QTimer.singleShot(EXPOSURE_POLL_MS, when_exposed)

    QTimer.singleShot(0, when_exposed)
