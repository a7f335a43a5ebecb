"""Importing bundles: checking workshop.json, and merging several laptops' work by UUID.

Everything is read and checked before anything is written: the bundle (``bundle.py``),
then every record against the JSON Schema shipped with the app and the app's own input
rules, then every link between records (``merge_check``). Only then is the merge planned
in memory (``merge_plan``) and
written in one transaction (``WorkshopStore.apply_merge``), so a bad bundle changes
nothing, and a new workshop file appears only when it is complete.

The merge rule (docs/bundle-format.md): a record new to the workshop is added; the same
version is unchanged; of two versions written by the same laptop, the later one is kept
(an update); two versions written by different laptops are a conflict: the one changed
last is kept (``updated_at``, then deletion, then device id and content, so the result
does not depend on the order of imports) and the other goes to the merge history. A
version already in the history is not a new conflict, so importing a bundle again
changes nothing. Ballots are anonymous and carry no real times: of two versions, a
voided or deleted one wins. Two live paper tallies of the same candidate keep the
later one.

A bundle's checksums only prove that nothing changed after it was written, not who wrote
it, so the rule also holds against a forged one: times more than ``MAX_CLOCK_SKEW`` in
the future are refused; a version claiming to be by this laptop never replaces this
laptop's own; a deletion is undone only by a version edited after it (and that is
reported); and every version of the workshop that a merge replaces is listed in the
report and kept in the merge history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from workshop.errors import InputError, WorkshopFileError
from workshop.export.bundle_read import Bundle, BundleError, read_bundle
from workshop.export.common import Progress
from workshop.export.merge_check import validated_records
from workshop.export.merge_plan import MAX_CLOCK_SKEW, MergePlan
from workshop.export.merge_report import MergeReport
from workshop.i18n import N_
from workshop.model import Workshop
from workshop.store import WorkshopStore

# The checks and the clock limit, for callers that know them from here.
__all__ = ["MAX_CLOCK_SKEW", "conflicts_total", "history_versions", "import_bundles",
           "import_into_new_file", "validated_records"]


# ---------------------------------------------------------------------------- importing


def import_bundles(store: WorkshopStore, paths: Sequence[Path | str],
                   progress: Progress | None = None, *,
                   now: datetime | None = None) -> list[MergeReport]:
    """Merge bundles into an open workshop, all in one transaction; a backup is taken first
    when anything changes. Raises ``BundleError`` (nothing changed) on any problem.
    ``now``: this laptop's clock (tests), for refusing times in the future."""
    progress = progress or Progress()
    bundles = _read_all(paths, progress)
    try:
        return _merge_into(store, bundles, progress, now)
    finally:
        for bundle in bundles:
            bundle.close()


def _merge_into(store: WorkshopStore, bundles: list[Bundle], progress: Progress,
                now: datetime | None) -> list[MergeReport]:
    workshop = store.workshop()
    for bundle in bundles:
        if bundle.manifest["workshop_id"] != workshop.id:
            raise BundleError(bundle.path, N_(
                "{bundle} belongs to another workshop (“{other}”), not to “{title}”. Only "
                "bundles of the same workshop can be merged: set up the other laptops from "
                "a copy of this workshop (or its bundle)."),
                other=str(bundle.manifest.get("workshop_title", "?"))[:200], title=workshop.title)
    plan = MergePlan.of(store, now)
    reports = [plan.merge(bundle, validated_records(bundle, plan.known_ids))
               for bundle in bundles]
    plan.settle_tallies(reports)
    progress.step(len(bundles) * 2, len(bundles) * 2 + 1)
    if any(r.changed for r in reports) or plan.settings:
        store.backup("import")
        store.apply_merge(plan.inserts(), plan.replaces(), plan.history, plan.settings)
    progress.step(len(bundles) * 2 + 1, len(bundles) * 2 + 1)
    return reports


def import_into_new_file(path: Path | str, paths: Sequence[Path | str], *, device_id: str,
                         progress: Progress | None = None,
                         now: datetime | None = None) -> list[MergeReport]:
    """Make a new workshop file from bundles; the file appears only when complete."""
    progress = progress or Progress()
    path = Path(path)
    if path.exists():
        raise WorkshopFileError(path, N_("A file already exists at {path}; choose another name."))
    bundles = _read_all(paths, progress)
    try:
        return _merge_into_new_file(path, bundles, device_id, progress, now)
    finally:
        for bundle in bundles:
            bundle.close()


def _merge_into_new_file(path: Path, bundles: list[Bundle], device_id: str,
                         progress: Progress, now: datetime | None) -> list[MergeReport]:
    first_id = bundles[0].manifest["workshop_id"]
    for bundle in bundles[1:]:
        if bundle.manifest["workshop_id"] != first_id:
            raise BundleError(bundle.path, N_(
                "{bundle} belongs to another workshop than {first}; only bundles of the same "
                "workshop can be merged."), first=bundles[0].path.name)
    plan = MergePlan.empty(now)
    reports = [plan.merge(bundle, validated_records(bundle, plan.known_ids))
               for bundle in bundles]
    plan.settle_tallies(reports)
    workshop = next(r for r in plan.inserts() if isinstance(r, Workshop))
    # create() builds the file under a private name and moves it into place when complete;
    # it stamped the workshop anew, so the merge puts back the bundle's version.
    WorkshopStore.create(path, workshop, device_id=device_id, fill=lambda store: (
        store.apply_merge([r for r in plan.inserts() if not isinstance(r, Workshop)],
                          [workshop], plan.history, plan.settings))).close()
    progress.step(1, 1)
    return reports


def _read_all(paths: Sequence[Path | str], progress: Progress) -> list[Bundle]:
    if not paths:
        raise InputError("bundles", N_("Choose at least one bundle to import."))
    total = len(paths) * 2 + 1
    bundles = []
    for n, path in enumerate(paths):
        progress.step(n, total)
        inner = Progress(is_cancelled=progress.is_cancelled)
        bundles.append(read_bundle(path, inner))
    return bundles



def history_versions(store: WorkshopStore, record_id: str) -> list[dict[str, Any]]:
    """The versions of one record that merges did not keep, oldest first (for the GUI)."""
    return [json.loads(row[4]) for row in store.merge_history(record_id)]


def conflicts_total(reports: Iterable[MergeReport]) -> int:
    return sum(r.conflicting.total() for r in reports)
