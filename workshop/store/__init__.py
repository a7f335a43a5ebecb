"""Storage: the workshop file, its schema, lock and backups. The only package with SQL.

Each name is imported when first asked for: ``workshop info`` needs the store, not the
checks or the snapshots (see tests/test_cli_imports.py).
"""

from __future__ import annotations

import importlib

from workshop import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.store.checks import CheckReport, check_file, restore_from_backup
    from workshop.store.files import Backup, latest_good_backup, list_backups
    from workshop.store.schema import SCHEMA_VERSION
    from workshop.store.snapshots import StoreSnapshot
    from workshop.store.store import WorkshopStore
    from workshop.store.summary import read_summary

# Each public name -> the module that defines it.
_HOMES = {
    "CheckReport": "checks", "check_file": "checks", "restore_from_backup": "checks",
    "Backup": "files", "latest_good_backup": "files", "list_backups": "files",
    "SCHEMA_VERSION": "schema", "StoreSnapshot": "snapshots", "WorkshopStore": "store",
    "read_summary": "summary",
}

__all__ = [
    "SCHEMA_VERSION", "Backup", "CheckReport", "StoreSnapshot", "WorkshopStore", "check_file",
    "latest_good_backup", "list_backups", "read_summary", "restore_from_backup",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'workshop.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"workshop.store.{home}"), name)
