"""The Notes page's changes that take several store calls, each one undoable step."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workshop.model import Photo, Record
from workshop.rules import validated
from workshop.ui.session import Session


def add_photos(session: Session, photos: Sequence[Photo], text: str, *,
               done: Callable[[list[Photo]], object] | None = None,
               failed: Callable[[Exception], object] | None = None) -> None:
    """Queue storing prepared photos in one transaction, as one undoable step; ``done``
    gets them as stored."""
    photos = [validated(photo) for photo in photos]  # a broken rule says so now
    stored: list[Photo] = []

    def do(store) -> list[Photo]:
        if stored:  # redo: the same records come back
            for photo in stored:
                store.undelete(Photo, photo.id)
        else:
            stored.extend(store.add_many(photos))
        return list(stored)

    def undo(store) -> None:
        for photo in stored:
            store.delete(Photo, photo.id)

    session.run(text, do, undo, (Photo.TABLE,), ids={Photo.TABLE: [p.id for p in photos]},
                done=done, failed=failed)


def delete_records(session: Session, cls: type[Record], ids: Sequence[str], text: str) -> None:
    """Delete several records together; one Ctrl+Z brings them all back."""
    if len(ids) == 1:
        session.delete(cls, ids[0], text)
        return
    ids = list(ids)

    def delete(store) -> None:
        with store.transaction():
            for record_id in ids:
                store.delete(cls, record_id)

    def undelete(store) -> None:
        with store.transaction():
            for record_id in ids:
                store.undelete(cls, record_id)

    session.run(text, delete, undelete, (cls.TABLE,), ids={cls.TABLE: ids})
