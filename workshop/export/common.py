"""What every export shares: its settings, progress with cancellation, atomic output files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workshop.errors import WorkshopError
from workshop.i18n import N_

PAPER_SIZES = ("a4", "a3", "letter")


@dataclass(frozen=True)
class ExportSettings:
    """Choices a person makes on the Export page or the command line."""

    lang: str  # the language of labels in the outputs
    paper: str | None = None  # None: each output's own default (A4; A3 for team sheets)
    public: bool = False  # leave out internal notes/photos and personal names
    profile: str | None = None  # the bundle's platform profile; None: the workshop's


class Cancelled(WorkshopError):
    def __init__(self) -> None:
        super().__init__(N_("The export was cancelled; no file was written."))


@dataclass
class Progress:
    """Reports progress and lets the person cancel: ``step`` raises ``Cancelled``."""

    report: Callable[[int, int], None] | None = None
    is_cancelled: Callable[[], bool] = field(default=lambda: False)

    def step(self, done: int, total: int) -> None:
        if self.is_cancelled():
            raise Cancelled
        if self.report:
            self.report(done, total)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that becomes ``path`` only if the block succeeds,
    so a failed or cancelled export never leaves a half-written file (or destroys the
    previous one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; outputs are shared
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
