"""The phones' bookkeeping in the workshop file (schema version 7): join token, sessions,
which phone cast which ballot, which phone added which idea, and idempotency keys.

Not records: like the drafts, none of this is exported, merged from a bundle or undone.
``PhoneBook(store_or_snapshot)`` works over the writer's store (writes, inside the
writer's transaction) or over a snapshot (reads). Sessions are kept by the SHA-256 of the
phone's cookie, so the file never holds a cookie that could be replayed.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple, Protocol

from sqlite_utils import Database

JOIN_TOKEN = "phones_join_token"


class _HasDb(Protocol):
    db: Database


class PhoneSession(NamedTuple):
    id: str  # the cookie's SHA-256
    lang: str
    team_id: str | None


class Answer(NamedTuple):
    """A write's answer as the phone was given it, kept under its idempotency key."""

    request: str  # what was asked (a fingerprint), to refuse a key reused for another
    status: int
    body: dict[str, Any]


class PhoneBallotTaken(Exception):
    """The phone already has a ballot in the round (the table's primary key said so)."""


class PhoneBook:
    def __init__(self, store: _HasDb) -> None:
        self._db = store.db

    def _has_tables(self) -> bool:
        # An older file opened read-only is not migrated: no phone has been here.
        return self._db["phone_sessions"].exists()

    # ------------------------------------------------------------------ join token

    def join_token(self) -> str | None:
        if not self._db["local_settings"].exists():
            return None
        row = self._db.execute("SELECT value FROM local_settings WHERE key = ?",
                               [JOIN_TOKEN]).fetchone()
        return row[0] if row else None

    def set_join_token(self, token: str, now: str) -> None:
        self._db.execute(
            "INSERT INTO local_settings (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at", [JOIN_TOKEN, token, now])

    # ------------------------------------------------------------------ sessions

    def session(self, session_id: str) -> PhoneSession | None:
        if not self._has_tables():
            return None
        row = self._db.execute("SELECT id, lang, team_id FROM phone_sessions WHERE id = ?",
                               [session_id]).fetchone()
        return PhoneSession(*row) if row else None

    def add_session(self, session_id: str, lang: str, now: str) -> None:
        self._db.execute(
            "INSERT INTO phone_sessions (id, created_at, seen_at, lang, team_id) "
            "VALUES (?, ?, ?, ?, NULL)", [session_id, now, now, lang])

    def set_session(self, session_id: str, *, lang: str, team_id: str | None,
                    now: str) -> None:
        self._db.execute(
            "UPDATE phone_sessions SET lang = ?, team_id = ?, seen_at = ? WHERE id = ?",
            [lang, team_id, now, session_id])

    def session_count(self) -> int:
        if not self._has_tables():
            return 0
        return self._db.execute("SELECT count(*) FROM phone_sessions").fetchone()[0]

    # ------------------------------------------------------------------ ballots

    def ballot_of(self, round_id: str, session_id: str) -> str | None:
        """The id of the phone's ballot in the round (counted, voided or replaced)."""
        if not self._has_tables():
            return None
        row = self._db.execute(
            "SELECT ballot_id FROM phone_ballots WHERE round_id = ? AND session_id = ?",
            [round_id, session_id]).fetchone()
        return row[0] if row else None

    def claim_ballot(self, round_id: str, session_id: str, ballot_id: str,
                     *, replacing: str | None = None) -> None:
        """Record the phone's ballot in the round. A first ballot is an INSERT, so a second
        one racing it fails on the primary key; a replacement must name the one it replaces."""
        if replacing is None:
            try:
                self._db.execute(
                    "INSERT INTO phone_ballots (round_id, session_id, ballot_id) "
                    "VALUES (?, ?, ?)", [round_id, session_id, ballot_id])
            except sqlite3.IntegrityError:
                raise PhoneBallotTaken(round_id) from None
            return
        changed = self._db.execute(
            "UPDATE phone_ballots SET ballot_id = ? "
            "WHERE round_id = ? AND session_id = ? AND ballot_id = ?",
            [ballot_id, round_id, session_id, replacing]).rowcount
        if changed != 1:
            raise PhoneBallotTaken(round_id)

    def counted_by_source(self, round_id: str) -> tuple[dict[str, int], dict[str, dict]]:
        """A round's counted ballots per source, and their net dots per candidate and
        source: for the laptop's results only (never for a phone before reveal)."""
        ballots = dict(self._db.execute(
            "SELECT source, count(*) FROM ballots WHERE round_id = ? AND deleted_at IS NULL "
            "AND voided_at IS NULL GROUP BY source", [round_id]).fetchall())
        dots: dict[str, dict] = {}
        for candidate, source, total in self._db.execute(
                "SELECT d.candidate_id, b.source, sum(d.dots) FROM ballots b "
                "JOIN ballot_dots d ON d.ballot_id = b.id WHERE b.round_id = ? "
                "AND b.deleted_at IS NULL AND b.voided_at IS NULL AND d.deleted_at IS NULL "
                "GROUP BY d.candidate_id, b.source", [round_id]):
            dots.setdefault(candidate, {})[source] = total
        return ballots, dots

    # ------------------------------------------------------------------ ideas

    def add_idea(self, idea_id: str, session_id: str) -> None:
        self._db.execute("INSERT INTO phone_ideas (idea_id, session_id) VALUES (?, ?)",
                         [idea_id, session_id])

    def ideas_of(self, session_id: str) -> set[str]:
        if not self._has_tables():
            return set()
        return {row[0] for row in self._db.execute(
            "SELECT idea_id FROM phone_ideas WHERE session_id = ?", [session_id])}

    # ------------------------------------------------------------------ idempotency

    def answer(self, session_id: str, key: str) -> Answer | None:
        row = self._db.execute(
            "SELECT request, status, body FROM phone_requests WHERE session_id = ? AND key = ?",
            [session_id, key]).fetchone()
        return None if row is None else Answer(row[0], row[1], json.loads(row[2]))

    def remember(self, session_id: str, key: str, answer: Answer, now: str) -> None:
        self._db.execute(
            "INSERT INTO phone_requests (session_id, key, request, status, body, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [session_id, key, answer.request, answer.status,
             json.dumps(answer.body, ensure_ascii=False), now])
