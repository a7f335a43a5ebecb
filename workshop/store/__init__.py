"""Storage: the workshop file, its schema, lock and backups. The only package with SQL."""

from workshop.store.checks import CheckReport, check_file, restore_from_backup
from workshop.store.files import Backup, latest_good_backup, list_backups
from workshop.store.schema import SCHEMA_VERSION
from workshop.store.snapshots import StoreSnapshot
from workshop.store.store import WorkshopStore

__all__ = [
    "SCHEMA_VERSION", "Backup", "CheckReport", "StoreSnapshot", "WorkshopStore", "check_file",
    "latest_good_backup", "list_backups", "restore_from_backup",
]
