"""The PDF report (see ``workshop.export.pdf.report`` for its layout)."""

from __future__ import annotations

from pathlib import Path

from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.data import report_data
from workshop.export.pdf.report import ReportDocument
from workshop.i18n import Message
from workshop.store import WorkshopStore


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
    with store.snapshot() as data:  # one version of the data for the whole document
        document = ReportDocument(report_data(data, public=settings.public), settings)
        return document.write(Path(path), progress, invariant=invariant)
