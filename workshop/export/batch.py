"""What the Export page runs in the background, Qt-free: several outputs written into one
folder in one go, and an import tried on a throwaway copy of the workshop first.

Several outputs: each is written into a hidden staging folder inside the chosen folder and
moved into place only when every chosen output is done, so a cancelled export leaves the
folder exactly as it was (files of the same name from an earlier export included). An
output that fails (say, tally sheets for a workshop without a vote round) does not stop
the others: it is reported by name.

A trial import: merging bundles or adding ideas from a sheet writes the workshop, which
only the window's own connection may do, on the UI thread. Running the same core
function first on a copy, off the UI thread, finds every problem (with the core's own
message) and tells what the import will do, before the person confirms.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from workshop.errors import WorkshopError
from workshop.export.common import Cancelled, ExportSettings, Progress
from workshop.i18n import N_, Message
from workshop.store import WorkshopStore
from workshop.store.leftovers import output_staging, private_temp_dir

if TYPE_CHECKING:  # the merge code is imported when a merge is tried, not with the page
    from workshop.export.merge import MergeReport

T = TypeVar("T")

STEP = 1000  # progress units per output: ``done // STEP`` is the output being written


@dataclass(frozen=True)
class Output:
    """One thing the Export page can write."""

    key: str
    label: str  # N_: what people call it
    stem: str  # the file name before language and audience
    suffix: str
    writer: str  # "module:function", imported when used (reportlab is slow to import)
    audience: bool  # whether the public version differs (then the name says "public")


OUTPUTS = (
    Output("report", N_("PDF report"), "report", ".pdf",
           "workshop.export.report:write_report", True),
    Output("report_html", N_("Web report (HTML)"), "report", ".html",
           "workshop.export.report_html:write_report_html", True),
    Output("cards", N_("Idea cards"), "idea-cards", ".pdf",
           "workshop.export.cards:write_cards", False),
    Output("team_sheets", N_("Team sheets"), "team-sheets", ".pdf",
           "workshop.export.sheets:write_team_sheets", True),
    Output("tally_sheets", N_("Paper tally sheets"), "tally-sheets", ".pdf",
           "workshop.export.sheets:write_tally_sheets", False),
    Output("bundle", N_("Data bundle"), "data-bundle", ".zip",
           "workshop.export.bundle:write_bundle", False),
)
OUTPUT_KEYS = tuple(o.key for o in OUTPUTS)
_BY_KEY = {o.key: o for o in OUTPUTS}


def output(key: str) -> Output:
    return _BY_KEY[key]


def file_name(key: str, settings: ExportSettings) -> str:
    """The output's file name: its kind, language and (where it differs) audience, so that
    a Japanese and an English or a public and an internal version can share a folder."""
    found = _BY_KEY[key]
    public = "-public" if settings.public and found.audience else ""
    return f"{found.stem}-{settings.lang}{public}{found.suffix}"


def default_folder(workshop_file: Path, today: date) -> Path:
    """Beside the workshop file, named after it and the day of the export: a later export
    (after corrections, say) gets its own folder."""
    return workshop_file.with_name(f"{workshop_file.stem}-export-{today.isoformat()}")


@dataclass
class ExportResult:
    folder: Path
    written: list[Path] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    failures: list[tuple[str, Message]] = field(default_factory=list)  # output key, why


def export_outputs(store: WorkshopStore, folder: Path | str, keys: Sequence[str],
                   settings: ExportSettings, progress: Progress | None = None) -> ExportResult:
    """Write the outputs ``keys`` (in the order of ``OUTPUTS``) into ``folder``.

    ``progress`` runs from 0 to ``len(keys) * STEP``. Raises ``Cancelled`` when the person
    cancels, having removed everything this call wrote (and the folder, if it made it).
    """
    progress = progress or Progress()
    folder = Path(folder)
    chosen = [o for o in OUTPUTS if o.key in keys]
    made_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    result = ExportResult(folder)
    try:
        # Locked while in use: a killed export's staging folder goes on the next export.
        # Every output reads the same version of the data (one snapshot), however long
        # the export takes and whatever the window writes meanwhile.
        with output_staging(folder) as staging, store.snapshot() as data:
            _export_into(data, folder, staging, chosen, settings, progress, result)
    except BaseException:
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise
    return result


def _export_into(store: WorkshopStore, folder: Path, staging: Path, chosen: list[Output],
                 settings: ExportSettings, progress: Progress, result: ExportResult) -> None:
    total = len(chosen) * STEP
    staged = []
    for n, item in enumerate(chosen):
        progress.step(n * STEP, total)
        inner = Progress(report=_scaled(progress, n, total),
                         is_cancelled=progress.is_cancelled)
        name = file_name(item.key, settings)
        try:
            result.warnings += _writer(item)(store, staging / name, settings, inner)
        except Cancelled:
            raise
        except WorkshopError as error:
            result.failures.append((item.key, error.message))
            continue
        except OSError as error:
            result.failures.append((item.key, Message(
                N_("{file} could not be written: {problem}"),
                {"file": name, "problem": error.strerror or str(error)})))
            continue
        staged.append(name)
    progress.step(total, total)  # the last moment to cancel: then the files move in
    for name in staged:
        os.replace(staging / name, folder / name)
        result.written.append(folder / name)


def _writer(item: Output) -> Callable[..., list[Message]]:
    module, name = item.writer.split(":")
    return getattr(importlib.import_module(module), name)  # looked up now: tests replace it


def _scaled(progress: Progress, n: int, total: int) -> Callable[[int, int], None]:
    """Output ``n``'s own progress as part of the whole, never going back (a writer's
    estimate of its total can grow as it lays out pages)."""
    shown = n * STEP

    def report(done: int, of: int) -> None:
        nonlocal shown
        shown = max(shown, n * STEP + min(done, of) * STEP // max(of, 1))
        if progress.report:
            progress.report(shown, total)

    return report


def on_a_copy(workshop_file: Path | str, device_id: str,
              change: Callable[[WorkshopStore], T]) -> T:
    """Run ``change`` on a throwaway copy of the workshop file and return what it returns
    (or raise what it raises); the workshop itself is only read. For a trial import off the
    UI thread: every check of the real import runs, and its report says what it would do."""
    with private_temp_dir("workshop-trial-") as folder:  # swept if this process is killed
        copy = folder / "trial.workshop"
        with WorkshopStore.open(workshop_file, device_id=device_id, read_only=True) as source:
            source.save_copy(copy)
        with WorkshopStore.open(copy, device_id=device_id) as trial:
            return change(trial)


@dataclass
class MergePreview:
    """What merging bundles would do: the merge reports, and whether the organiser's
    platform settings (which no report counts) would change."""

    reports: list[MergeReport]
    settings_changed: bool

    @property
    def changes_anything(self) -> bool:
        return self.settings_changed or any(r.changed for r in self.reports)


def preview_merge(workshop_file: Path | str, device_id: str, bundles: Sequence[Path | str],
                  progress: Progress | None = None) -> MergePreview:
    """Merge ``bundles`` into a copy of the workshop: every check of the real merge, and
    its reports, without changing the workshop."""

    from workshop.export.merge import import_bundles

    def change(trial: WorkshopStore) -> MergePreview:
        before = trial.platform_settings()
        reports = import_bundles(trial, bundles, progress)
        return MergePreview(reports, trial.platform_settings() != before)

    return on_a_copy(workshop_file, device_id, change)
