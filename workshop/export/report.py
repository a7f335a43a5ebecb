"""The PDF report (see ``workshop.export.pdf.report`` for its layout)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.export.common import ExportSettings, Progress, atomic_output
from workshop.export.pdf.reading import report_data
from workshop.export.pdf.report import ReportDocument
from workshop.export.snapshot import remembered
from workshop.i18n import Message
from workshop.store import WorkshopStore

if TYPE_CHECKING:
    from workshop.store.snapshots import StoreSnapshot


def write_report(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                 progress: Progress | None = None, *, invariant: bool = False
                 ) -> list[Message]:
    """Write the workshop report to ``path``; returns warnings for the person.

    ``progress.step`` is called as pages are laid out and raises ``Cancelled`` when the
    person cancels; no file is left behind then. ``invariant`` makes the bytes depend
    on the data only (no creation time), for tests and reproducible builds.
    """
    progress = progress or Progress()
    progress.step(0, 1)
    path = Path(path)
    with store.snapshot() as data:  # one version of the data for the whole document
        made, warnings = report_file(data, settings, progress, name=path.name,
                                     invariant=invariant)
        with atomic_output(path) as partial:
            shutil.copyfile(made, partial)  # by the kernel, never held in memory
        return warnings


def report_file(data: StoreSnapshot, settings: ExportSettings, progress: Progress, *,
                name: str, invariant: bool = False) -> tuple[Path, list[Message]]:
    """The report of the snapshot ``data`` as a file of its own (``scratch_file``), with the
    warnings (naming the file ``name``); laid out once per snapshot, as an export of the
    report and the bundle (which holds it too) would otherwise lay out the longest
    document twice. The file lasts as long as the snapshot."""
    made, document = remembered(data, ("report.pdf", settings, invariant),
                                lambda: _render(data, settings, progress, invariant))
    return made, document.type.typesetter.warnings(name) + document.notices


def _render(data: StoreSnapshot, settings: ExportSettings, progress: Progress,
            invariant: bool) -> tuple[Path, ReportDocument]:
    document = ReportDocument(report_data(data, public=settings.public), settings)
    made = data.scratch_file("report.pdf")
    document.write(made, progress, invariant=invariant)
    return made, document
