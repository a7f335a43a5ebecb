"""Printable idea cards (see ``workshop.export.pdf.cards`` for their layout)."""

from __future__ import annotations

from pathlib import Path

from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.cards import CardsDocument
from workshop.export.pdf.reading import card_data
from workshop.i18n import Message
from workshop.store import WorkshopStore


def write_cards(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                progress: Progress | None = None, *, invariant: bool = False
                ) -> list[Message]:
    """Write one card per idea, several to a sheet with cut marks; returns warnings
    (missing characters, shortened cards). Cancelling leaves no file."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as data:
        document = CardsDocument(card_data(data), settings)
        return document.write(Path(path), progress, invariant=invariant)
