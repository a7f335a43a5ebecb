"""This laptop's state for the day, kept in the workshop file beside the records: the
facilitator PIN's hash and the drafts of half-typed fields (schema version 5).

Not records: nothing here is exported, merged from a bundle or undone. Each write is
committed before the call returns, like every write of the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

FACILITATOR_PIN = "facilitator_pin"


class LocalState:
    """A small manager beside ``WorkshopStore`` (``store.local``), over the same connection."""

    def __init__(self, db: Database, clock: Callable[[], str], writable: Callable[[], None]):
        self._db = db
        self._clock = clock
        self._writable = writable

    def _has_tables(self) -> bool:
        # A read-only open of an older file is not migrated: it has neither table.
        return self._db["drafts"].exists()

    # ------------------------------------------------------------------ settings

    def setting(self, key: str) -> str | None:
        if not self._has_tables():
            return None
        row = self._db.execute("SELECT value FROM local_settings WHERE key = ?",
                               [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self._writable()
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO local_settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at", [key, value, self._clock()])

    def facilitator_pin(self) -> str | None:
        """The stored hash of the facilitator PIN (see ``workshop.pin``), or None."""
        return self.setting(FACILITATOR_PIN)

    def set_facilitator_pin(self, pin_hash: str) -> None:
        self.set_setting(FACILITATOR_PIN, pin_hash)

    # ------------------------------------------------------------------ drafts

    def draft(self, field: str, owner: str = "") -> str:
        """The kept text of ``field`` for ``owner`` (a team id, or '' for none)."""
        if not self._has_tables():
            return ""
        row = self._db.execute("SELECT text FROM drafts WHERE field = ? AND owner = ?",
                               [field, owner]).fetchone()
        return row[0] if row else ""

    def drafts(self, field_prefix: str = "") -> dict[tuple[str, str], str]:
        """Every kept draft whose field starts with ``field_prefix``: (field, owner) → text."""
        if not self._has_tables():
            return {}
        rows = self._db.execute(
            "SELECT field, owner, text FROM drafts WHERE substr(field, 1, ?) = ?",
            [len(field_prefix), field_prefix]).fetchall()
        return {(field, owner): text for field, owner, text in rows}

    def set_draft(self, field: str, owner: str, text: str) -> None:
        """Keep ``text`` (an empty text forgets the draft)."""
        self._writable()
        with self._db.atomic():
            if text:
                self._db.execute(
                    "INSERT INTO drafts (field, owner, text, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(field, owner) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at", [field, owner, text, self._clock()])
            else:
                self._db.execute("DELETE FROM drafts WHERE field = ? AND owner = ?",
                                 [field, owner])
