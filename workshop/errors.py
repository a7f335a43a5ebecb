"""The project's own errors: each carries a translatable, human message.

Every failure a user can cause (bad input, a locked or damaged file, a newer file) raises a
subclass of ``WorkshopError``; anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path

from workshop import TYPE_CHECKING
from workshop.i18n import N_, Message

if TYPE_CHECKING:
    from typing import Any


class WorkshopError(Exception):
    """Base class: ``str(err)`` is English; ``err.render(lang)`` is the reader's language."""

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.message = Message(msgid, params)
        super().__init__(str(self.message))

    def render(self, lang: str) -> str:
        return self.message.render(lang)


class InputError(WorkshopError):
    """A value a person typed breaks a rule; nothing was changed."""

    def __init__(self, field: str, msgid: str, /, **params: Any) -> None:
        self.field = field
        super().__init__(msgid, **params)


class NotFoundError(WorkshopError):
    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(N_("There is no {kind} with id {id}."), kind=Message(kind), id=record_id)


class NotSavedError(WorkshopError):
    """A write failed for a reason nobody foresaw (a bug, an odd SQLite error): nothing was
    changed; the person gets this one line, the log the detail."""

    def __init__(self) -> None:
        super().__init__(N_("Something unexpected went wrong, so this could not be saved; "
                            "the details are in the log."))


class WorkshopFileError(WorkshopError):
    """Something about the workshop file itself (missing, locked, damaged, newer)."""

    def __init__(self, path: Path | str, msgid: str, /, **params: Any) -> None:
        self.path = Path(path)
        super().__init__(msgid, path=str(path), **params)


class FileLockedError(WorkshopFileError):
    pass


class StorageError(WorkshopFileError):
    """The disk refused a read or write: full, read-only, no permission, or failing.
    Nothing was changed; ``kind`` says which (see ``workshop.store.disk``)."""

    kind = ""


class ReadOnlyFileError(StorageError):
    """A sound workshop file that cannot be written here (read-only media, a folder without
    write permission, a full disk, several names): it can still be opened read-only."""


class NewerFileError(WorkshopFileError):
    pass


class NotAWorkshopError(WorkshopFileError):
    pass


class DamagedFileError(WorkshopFileError):
    """The file failed its integrity check; ``backup`` is the newest good backup, if any."""

    def __init__(self, path: Path | str, backup: Path | None, detail: str) -> None:
        self.backup = backup
        # SQLite 3.46 (Debian 13) spreads integrity_check's report over several lines;
        # the message stays one line.
        detail = " ".join(detail.split())
        self.detail = detail
        if backup is None:
            super().__init__(
                path,
                N_("The workshop file {path} is damaged ({detail}) and there is no backup "
                   "to restore. The file was left as it is."),
                detail=detail,
            )
        else:
            super().__init__(
                path,
                N_("The workshop file {path} is damaged ({detail}). The newest good backup "
                   "is {backup}; restore it with: workshop restore {path}"),
                detail=detail,
                backup=str(backup),
            )
