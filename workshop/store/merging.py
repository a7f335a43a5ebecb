"""Merge writes and the organiser's platform settings.

For ``workshop.export.merge``: records written exactly as a bundle holds them (their own
ids, times and device ids, never stamped anew), the versions a merge did not keep, and
the platform settings. One of the store's parts (``WorkshopStore.merges``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Record
from workshop.store.records import Records
from workshop.store.rows import by_type, encoded_rows, insert_sql

_UPSERT_SETTING = (
    "INSERT INTO platform_settings (key, value, updated_at, device_id) "
    "VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
    "updated_at = excluded.updated_at, device_id = excluded.device_id")


class MergeWrites:
    def __init__(self, records: Records) -> None:
        self.db = records.db
        self._records = records

    def apply_merge(
        self,
        inserts: Iterable[Record],
        replaces: Iterable[Record],
        history: Iterable[tuple[str, str, str, str, str]] = (),
        settings: Iterable[tuple[str, str, str, str]] = (),
    ) -> None:
        """Write a merge's outcome in one transaction, records exactly as given.

        ``history``: (record table, record id, version JSON, its SHA-256, bundle
        fingerprint) of each version the merge did not keep. ``settings``: (key, value
        JSON, updated_at, device_id). Links are checked when the transaction commits, so
        records may come in any order; a broken link rolls everything back.
        """
        records = self._records
        now = records.clock()
        conn = self.db.conn
        try:
            with records.transaction():
                # Reset by SQLite at the end of the transaction.
                self.db.execute("PRAGMA defer_foreign_keys = ON")
                for cls, group in by_type(replaces).items():
                    columns = [*(c for c in cls.columns() if c != "id"), "id"]
                    conn.executemany(
                        f"UPDATE {cls.TABLE} SET {', '.join(c + ' = ?' for c in columns[:-1])} "
                        "WHERE id = ?", encoded_rows(cls, columns, group))
                for cls, group in by_type(inserts).items():
                    conn.executemany(
                        insert_sql(cls), encoded_rows(cls, list(cls.columns()), group))
                conn.executemany(
                    "INSERT INTO merge_history (kept_at, device_id, record_table, record_id, "
                    "version, version_sha256, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((now, records.device_id, *row) for row in history),
                )
                conn.executemany(_UPSERT_SETTING, settings)
        except sqlite3.IntegrityError:
            raise InputError("link", N_("The merge would leave a record that refers to "
                                        "something missing; nothing was changed.")) from None

    def merge_history(self, record_id: str | None = None) -> list[tuple]:
        """Versions kept by merges, oldest first: (kept_at, device_id, record table,
        record id, version JSON, version SHA-256, bundle fingerprint)."""
        where, values = ("WHERE record_id = ?", [record_id]) if record_id else ("", [])
        return self.db.execute(
            "SELECT kept_at, device_id, record_table, record_id, version, version_sha256, "
            f"bundle FROM merge_history {where} ORDER BY id", values,
        ).fetchall()

    def merge_history_keys(self) -> set[tuple[str, str, str]]:
        """(record table, record id, version SHA-256) of every version kept by merges."""
        return set(self.db.execute(
            "SELECT record_table, record_id, version_sha256 FROM merge_history").fetchall())

    def platform_settings(self) -> dict[str, tuple[str, str, str]]:
        """key -> (value JSON, updated_at, device_id); empty for a file older than the
        table (read-only opens are not migrated)."""
        if not self.db["platform_settings"].exists():
            return {}
        rows = self.db.execute(
            "SELECT key, value, updated_at, device_id FROM platform_settings").fetchall()
        return {key: (value, updated, device) for key, value, updated, device in rows}

    def set_platform_setting(self, key: str, value: str) -> None:
        """Store one platform setting (a JSON value), stamped like any change."""
        records = self._records
        with records.transaction():
            self.db.execute(_UPSERT_SETTING,
                            [key, value, records.clock(), records.device_id])
