"""The Setup page's one write that is not a plain add, update or delete of a record:
moving a prompt, team or agenda item up or down the list, as one undoable step."""

from __future__ import annotations

from collections.abc import Callable

from workshop.model import Record
from workshop.ui.session import Session


def reorder(session: Session, tr_: Callable[[str], str], cls: type[Record],
            old: list[str], new: list[str]) -> None:
    store = session.store
    session.run(tr_("Reorder"), lambda: store.reorder(cls, new),
                lambda: store.reorder(cls, old), (cls.TABLE,))
