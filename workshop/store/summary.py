"""What ``workshop info`` prints: the workshop's title, date and languages, how many live
records of each kind it holds and its file format, read from a file opened read-only.

Opened by the same ``opening.open_read_only`` as ``WorkshopStore.open(..., read_only=True)``
(leftovers swept, file format checked), but without the store's classes – the records'
model, rules and readers cost more to import than ``workshop info`` may take altogether
(issue 13: ≤ 2× a bare Python) – and without the full integrity check, which reads every
page: a quick look reads the pages it shows, and damage it meets is one line, as in the
full check (``workshop check`` checks the whole file). tests/test_cli_imports.py compares
the two readings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from workshop import TYPE_CHECKING
from workshop.store import opening

if TYPE_CHECKING:
    from typing import Any


def read_summary(path: Path | str, tables: Iterable[str]) -> dict[str, Any]:
    """The live workshop record's id, title, date and languages, the file format and the
    live records of each of ``tables``."""
    real, db, version = opening.open_read_only(path, full_check=False)
    try:
        # The first live one, in the order the store reads them (Records.workshop).
        workshop_id, title, date, languages = db.execute(
            "SELECT id, title, date, languages FROM workshop WHERE deleted_at IS NULL "
            "ORDER BY created_at, id").fetchall()[0]
        # SQLite reads the JSON list: the json module would cost ~1.5 ms of info's start.
        languages = [row[0] for row in db.execute("SELECT value FROM json_each(?)",
                                                  (languages,))]
        counts = {table: db.execute(
            f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
            for table in tables}
    except sqlite3.DatabaseError as error:
        raise opening.read_error(error, real) from None
    finally:
        db.close()
    return {"id": workshop_id, "title": title, "date": date,
            "languages": languages,
            "schema_version": version, "counts": counts}
