"""What every page is given: the open workshop session and the window's services.

Passed in explicitly – there are no global singletons for the app, store or settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workshop.ui.dialogs import Dialogs
from workshop.ui.session import Session
from workshop.ui.settings import Settings


@dataclass
class UiContext:
    session: Session
    lang: str
    tr: Callable[[str], str]  # gettext for the window's language
    settings: Settings
    dialogs: Dialogs

    @property
    def store(self):
        return self.session.store
