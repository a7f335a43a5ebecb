"""What every page is given: the open workshop session and the window's services.

Passed in explicitly – there are no global singletons for the app, store or settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workshop.store.reads import Reads
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
    # What pages read through: the store's reads only – every write goes through
    # ``session`` (its writer, undo and change notices), so a page cannot bypass them.
    store: Reads = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.store = Reads(self.session.store)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plural form for ``count`` in the window's language (not yet formatted)."""
        from workshop.i18n import ngettext_for

        return ngettext_for(self.lang)(singular, plural, count)
