"""The Setup page's one write that is not a plain add, update or delete of a record:
moving a prompt, team or agenda item up or down the list, as one undoable step."""

from __future__ import annotations

from collections.abc import Callable

from workshop.model import Record
from workshop.ui.session import Session


def reorder(session: Session, tr_: Callable[[str], str], cls: type[Record],
            old: list[str], new: list[str], *, done: Callable[[object], object] | None = None,
            failed: Callable[[Exception], object] | None = None) -> None:
    """Queue the new order; ``done``/``failed`` once the writer has it (or refused it)."""
    session.run(tr_("Reorder"), lambda s: s.reorder(cls, new), lambda s: s.reorder(cls, old),
                (cls.TABLE,), done=done, failed=failed)
