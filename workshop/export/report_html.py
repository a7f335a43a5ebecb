"""The accessible HTML edition of the report (see ``workshop.export.html``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.export.common import ExportSettings, Progress, atomic_output
from workshop.export.html.report import ReportPage
from workshop.export.pdf.reading import report_data
from workshop.export.snapshot import remembered
from workshop.i18n import Message
from workshop.store import WorkshopStore
from workshop.store.leftovers import private_temp_dir

if TYPE_CHECKING:
    from workshop.store.snapshots import StoreSnapshot

_BUFFER = 1 << 20


def report_html(store: WorkshopStore, settings: ExportSettings,
                progress: Progress | None = None) -> tuple[bytes, list[Message]]:
    """The page as UTF-8 bytes, with warnings for the person (photos left out).

    ``progress.step`` is called as photos are embedded and raises ``Cancelled`` when
    the person cancels."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as snapshot:
        made, warnings = report_html_file(snapshot, settings, progress)
        content = made.read_bytes()
    progress.step(1, 1)
    return content, warnings


def write_report_html(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                      progress: Progress | None = None) -> list[Message]:
    """Write the page to ``path``; returns warnings for the person. Nothing is left
    behind when the person cancels or the writing fails."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as snapshot:
        made, warnings = report_html_file(snapshot, settings, progress)
        with atomic_output(Path(path)) as partial:
            shutil.copyfile(made, partial)  # by the kernel, never held in memory
    progress.step(1, 1)
    return warnings


def report_html_file(snapshot: StoreSnapshot, settings: ExportSettings,
                     progress: Progress) -> tuple[Path, list[Message]]:
    """The page of one version of the data as a file of that snapshot's (``scratch_file``),
    made once for the page's own file and the bundle, with its warnings."""
    return remembered(snapshot, ("report.html", settings),
                      lambda: _render(snapshot, settings, progress))


def _render(snapshot: StoreSnapshot, settings: ExportSettings,
            progress: Progress) -> tuple[Path, list[Message]]:
    made = snapshot.scratch_file("report.html")
    # The web copies of the photos wait in files: the page holds only its text.
    with private_temp_dir("workshop-photos-") as folder:
        page = ReportPage(report_data(snapshot, public=settings.public), settings.lang,
                          step=progress.step, folder=folder)
        with atomic_output(made) as partial, partial.open("wb", buffering=_BUFFER) as out:
            page.write(out)
    return made, page.notices
