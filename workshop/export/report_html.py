"""The accessible HTML edition of the report (see ``workshop.export.html``)."""

from __future__ import annotations

from pathlib import Path

from workshop.export.common import ExportSettings, Progress, atomic_output
from workshop.export.html.report import ReportPage
from workshop.export.pdf.reading import report_data
from workshop.export.snapshot import remembered
from workshop.i18n import Message
from workshop.store import WorkshopStore


def report_html(store: WorkshopStore, settings: ExportSettings,
                progress: Progress | None = None) -> tuple[bytes, list[Message]]:
    """The page as UTF-8 bytes, with warnings for the person (photos left out).

    ``progress.step`` is called as photos are embedded and raises ``Cancelled`` when
    the person cancels."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as snapshot:  # one version of the data for the whole page
        made = remembered(snapshot, ("report.html", settings),  # the bundle holds it too
                          lambda: _render(snapshot, settings, progress))
    progress.step(1, 1)
    return made


def _render(store: WorkshopStore, settings: ExportSettings,
            progress: Progress) -> tuple[bytes, list[Message]]:
    page = ReportPage(report_data(store, public=settings.public), settings.lang,
                      step=progress.step)
    return page.page(), page.notices


def write_report_html(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                      progress: Progress | None = None) -> list[Message]:
    """Write the page to ``path``; returns warnings for the person. Nothing is left
    behind when the person cancels or the writing fails."""
    content, warnings = report_html(store, settings, progress)
    with atomic_output(Path(path)) as partial:
        partial.write_bytes(content)
    return warnings
