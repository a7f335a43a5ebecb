"""Team sheets and blank tally sheets (see ``workshop.export.pdf.sheets`` for the layout)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workshop.errors import InputError
from workshop.export.common import ExportSettings, Progress
from workshop.export.pdf.reading import tally_sheet_data, team_sheet_data
from workshop.export.pdf.sheets import TallySheetsDocument
from workshop.export.pdf.team_sheets import PhoneJoin, TeamSheetsDocument
from workshop.i18n import N_, Message
from workshop.store import WorkshopStore


def write_team_sheets(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                      progress: Progress | None = None, *, invariant: bool = False,
                      phones: PhoneJoin | None = None) -> list[Message]:
    """One sheet per team (A3 unless ``settings.paper`` says otherwise); returns warnings.
    ``phones``: join codes on each sheet, only when asked. Cancelling leaves no file."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as data:
        document = TeamSheetsDocument(team_sheet_data(data, public=settings.public), settings,
                                      phones)
        return document.write(Path(path), progress, invariant=invariant)


def write_tally_sheets(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                       progress: Progress | None = None, *,
                       round_ids: Iterable[str] | None = None, invariant: bool = False
                       ) -> list[Message]:
    """Blank tally sheets for counting sticker dots: for ``round_ids``, or by default for
    every round not yet closed (all rounds if every one is closed). Returns warnings."""
    progress = progress or Progress()
    progress.step(0, 1)
    with store.snapshot() as snapshot:
        data = tally_sheet_data(snapshot, round_ids)
        if not data.rounds:
            raise InputError("round", N_("There is no vote round with candidates to print "
                                         "tally sheets for. Add a round (and ideas) first."))
        document = TallySheetsDocument(data, settings)
        return document.write(Path(path), progress, invariant=invariant)
