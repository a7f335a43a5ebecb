"""The PDF report (see ``workshop.export.pdf.report`` for its layout)."""

from __future__ import annotations

from pathlib import Path

from workshop.export.common import ExportSettings, Progress, atomic_output
from workshop.export.pdf.reading import report_data
from workshop.export.pdf.report import ReportDocument
from workshop.export.snapshot import remembered
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
    path = Path(path)
    with store.snapshot() as data:  # one version of the data for the whole document
        # Laid out once per snapshot: an export of the report and the bundle (which holds
        # it too) would otherwise lay out the longest document twice.
        key = ("report.pdf", settings, invariant)
        if key in getattr(data, "memo", {}):
            content, document = data.memo[key]
            with atomic_output(path) as partial:
                partial.write_bytes(content)
            return document.type.typesetter.warnings(path.name) + document.notices
        document = ReportDocument(report_data(data, public=settings.public), settings)
        warnings = document.write(path, progress, invariant=invariant)
        remembered(data, key, lambda: (path.read_bytes(), document))
        return warnings
