"""Discussion notes and photos: what they are linked to, how they are found, how photo files
become records.

A note or photo belongs to the whole workshop or to exactly one team, prompt or idea
(``rules`` enforces "at most one"). ``Link`` names that choice as one value, so pickers,
filters and labels all speak about the same thing. Pure functions only; the Notes page and
the exports call them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from workshop.board import fold
from workshop.errors import WorkshopError
from workshop.i18n import N_, Message
from workshop.model import Idea, Note, NoteKind, Photo, Prompt, Record, Team
from workshop.photos import photo_from_bytes
from workshop.rules import validated

if TYPE_CHECKING:
    from workshop.export.common import Progress

# A photo file bigger than this is refused before it is read into memory: no camera makes
# one, and a huge file (a video picked by mistake) would only cost time to find out.
MAX_PHOTO_FILE_BYTES = 80 * 1024 * 1024
LABEL_LENGTH = 60  # characters of a prompt or idea shown in pickers and tables

KIND_LABELS: dict[NoteKind, str] = {
    NoteKind.NOTE: N_("Note"),
    NoteKind.DECISION: N_("Decision"),
    NoteKind.ACTION: N_("Action item"),
    NoteKind.QUESTION: N_("Question"),
}
# Shown before the label, never instead of it; all four glyphs are in the shipped font.
KIND_SYMBOLS: dict[NoteKind, str] = {
    NoteKind.NOTE: "✎",
    NoteKind.DECISION: "✔",
    NoteKind.ACTION: "→",
    NoteKind.QUESTION: "?",
}


class LinkKind(StrEnum):
    WORKSHOP = "workshop"
    TEAM = "team"
    PROMPT = "prompt"
    IDEA = "idea"


_FIELDS = {LinkKind.TEAM: "team_id", LinkKind.PROMPT: "prompt_id", LinkKind.IDEA: "idea_id"}


@dataclass(frozen=True)
class Link:
    """What a note or photo is about: the whole workshop, or one team, prompt or idea."""

    kind: LinkKind = LinkKind.WORKSHOP
    id: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is LinkKind.WORKSHOP) != (self.id is None):
            raise ValueError(f"a {self.kind} link needs {'no' if self.id is None else 'an'} id")

    def fields(self) -> dict[str, str | None]:
        """The record fields that express this link (the other two are cleared)."""
        return {name: self.id if kind is self.kind else None for kind, name in _FIELDS.items()}


WORKSHOP_LINK = Link()

N = TypeVar("N", Note, Photo)


def link_of(record: Note | Photo) -> Link:
    for kind, name in _FIELDS.items():
        value = getattr(record, name)
        if value:
            return Link(kind, value)
    return WORKSHOP_LINK


def linked(record: N, link: Link) -> N:
    """A copy of ``record`` linked to ``link`` instead."""
    return dataclasses.replace(record, **link.fields())


# ------------------------------------------------------------------------------ labels


def shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    """The first line of ``text``, at most ``limit`` characters; "…" says there is more."""
    whole = text.strip()
    line = whole.split("\n", 1)[0].strip()
    if len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line + " …" if line != whole else line


def kind_label(kind: NoteKind) -> Message:
    return Message(KIND_LABELS[NoteKind(kind)])


def _record_text(record: Record) -> str:
    if isinstance(record, Team):
        return record.name
    if isinstance(record, Prompt):
        return shorten(record.text)
    if isinstance(record, Idea):
        return shorten(record.title)
    raise TypeError(type(record).__name__)


_LINK_TEMPLATES = {
    LinkKind.TEAM: N_("Team: {name}"),
    LinkKind.PROMPT: N_("Prompt: {name}"),
    LinkKind.IDEA: N_("Idea: {name}"),
}


def link_label(link: Link, records: Mapping[str, Record]) -> Message:
    """How a link reads in a table or picker: "Team: Table A", "Whole workshop".

    ``records`` maps ids to teams, prompts and ideas, deleted ones included, so that a note
    about a team removed later still says which team it was.
    """
    if link.kind is LinkKind.WORKSHOP:
        return Message(N_("Whole workshop"))
    record = records.get(link.id or "")
    if record is None:
        return Message(_LINK_TEMPLATES[link.kind], {"name": Message(N_("(missing)"))})
    label = Message(_LINK_TEMPLATES[link.kind], {"name": _record_text(record)})
    if record.deleted:
        return Message(N_("{label} (deleted)"), {"label": label})
    return label


@dataclass(frozen=True)
class LinkChoice:
    link: Link
    label: Message


def link_choices(teams: Iterable[Team], prompts: Iterable[Prompt],
                 ideas: Iterable[Idea]) -> list[LinkChoice]:
    """What a new note or photo can be linked to, in the order a picker shows them: the
    workshop, then teams, prompts and ideas (deleted records and merged duplicates left out,
    since the duplicate's text lives on in the idea it was merged into)."""
    live = [
        r for group in (teams, prompts, ideas) for r in group
        if not r.deleted and not getattr(r, "merged_into_id", None)
    ]
    records = {r.id: r for r in live}
    kinds = {Team: LinkKind.TEAM, Prompt: LinkKind.PROMPT, Idea: LinkKind.IDEA}
    choices = [LinkChoice(WORKSHOP_LINK, link_label(WORKSHOP_LINK, records))]
    for record in live:
        link = Link(kinds[type(record)], record.id)
        choices.append(LinkChoice(link, link_label(link, records)))
    return choices


# ----------------------------------------------------------------------------- finding


@dataclass(frozen=True)
class NoteFilter:
    """What the Notes page shows. ``None`` means any; text matches every word, ignoring
    case and full/half width (the board's ``fold``)."""

    kind: NoteKind | None = None
    link: Link | None = None
    text: str = ""


def _text_matches(text: str, query: str) -> bool:
    if not query.strip():
        return True
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())


def note_matches(note: Note, query: NoteFilter) -> bool:
    if note.deleted:
        return False
    if query.kind is not None and note.kind != query.kind:
        return False
    if query.link is not None and link_of(note) != query.link:
        return False
    return _text_matches(note.text, query.text)


def photo_matches(photo: Photo, query: NoteFilter) -> bool:
    """Like ``note_matches``, on the caption; a photo has no kind, so ``kind`` is ignored."""
    if photo.deleted:
        return False
    if query.link is not None and link_of(photo) != query.link:
        return False
    return _text_matches(photo.caption, query.text)


# ------------------------------------------------------------------------- photo files


@dataclass(frozen=True)
class FileProblem:
    """A file that did not become a photo, and why (for the person who chose it)."""

    name: str
    reason: Message


@dataclass
class PhotoBatch:
    photos: list[Photo] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)


def photos_from_files(paths: Sequence[Path], *, link: Link = WORKSHOP_LINK,
                      internal: bool = False, progress: Progress | None = None) -> PhotoBatch:
    """Photo records from image files: downscaled, upright, checked against the rules.

    Files that cannot be used are reported in ``problems``, not raised, so one bad file in
    a drop of ten does not lose the other nine. Nothing is stored: the caller adds the
    photos (on the UI thread, as one undoable step). Slow (Pillow decodes every file), so
    the window calls it off the UI thread; ``progress.step`` may raise to cancel.
    """
    batch = PhotoBatch()
    total = len(paths)
    for done, path in enumerate(paths):
        if progress is not None:
            progress.step(done, total)
        path = Path(path)
        try:
            batch.photos.append(_photo_from_file(path, link, internal))
        except WorkshopError as error:
            batch.problems.append(FileProblem(path.name, error.message))
    if progress is not None:
        progress.step(total, total)
    return batch


class _FileError(WorkshopError):
    pass


def _photo_from_file(path: Path, link: Link, internal: bool) -> Photo:
    try:
        if path.is_dir():
            raise _FileError(N_("This is a folder, not an image file."))
        size = path.stat().st_size
        if size > MAX_PHOTO_FILE_BYTES:
            raise _FileError(N_("The file is too large ({size} MB); image files up to "
                                "{limit} MB can be added."),
                             size=round(size / 1_048_576), limit=MAX_PHOTO_FILE_BYTES // 1_048_576)
        data = path.read_bytes()
    except OSError:
        raise _FileError(N_("The file could not be read.")) from None
    photo = photo_from_bytes(data, internal=internal, **link.fields())
    return validated(photo)
