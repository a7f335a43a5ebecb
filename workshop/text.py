"""Rules for every piece of text a person types, applied in the core before storing.

Text is NFC-normalised (so the same kana or kanji typed through different input methods
compares equal), line endings become ``\\n``, control characters other than newline and tab
are removed, and lengths are counted in characters (code points), so 𠮷 counts as one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from workshop.errors import InputError
from workshop.i18n import N_, Message

# C0/C1 controls except \t and \n, DEL, and lone surrogates (which SQLite cannot store as
# UTF-8 and which no keyboard produces).
# Also the bidirectional embedding, override and isolate controls (U+202A–202E,
# U+2066–2069): they reorder the characters a reader sees, so a title could show one text
# and hold another. The marks (U+200E/200F) and the joiners emoji need (U+200D, U+FE0F)
# stay.
_UNWANTED = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
_LINE_BREAKS = r"\r\n?|[\u2028\u2029\x85\x0b\x0c]"
_SPACES = r"[\t\n]+"

# Anything ``clean_text`` would change, besides normalisation and surrounding space: text
# without it (nearly all text: every record of an imported bundle is checked) is returned
# as it is, after a C-speed scan instead of four rewrites.
_NEEDS_CLEANING = f"{_UNWANTED}|{_LINE_BREAKS}"
_NEEDS_CLEANING_LINE = f"{_NEEDS_CLEANING}|[\t\n]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # On first use, not at import: ``workshop info`` imports this module for
    # ``display_width`` alone, and compiling these costs ~1.5 ms of its start.
    return re.compile(pattern)


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Normalise one text value; single-line values have their line breaks turned to spaces."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"text expected, got {type(value).__name__}")
    needs_cleaning = _compiled(_NEEDS_CLEANING if multiline else _NEEDS_CLEANING_LINE)
    if (needs_cleaning.search(value) is None and unicodedata.is_normalized("NFC", value)
            and (not value or not (value[0].isspace() or value[-1].isspace()))):
        return value
    text = _compiled(_LINE_BREAKS).sub("\n", value)
    text = _compiled(_UNWANTED).sub("", text)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        text = _compiled(_SPACES).sub(" ", text)
    return text.strip()


def checked_text(
    value: object,
    field: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """``clean_text`` plus the field's rules; raises ``InputError`` naming the field."""
    text = clean_text(value, multiline=multiline)
    if required and not text:
        raise InputError(field, N_("{field} must not be empty."), field=field_label(field))
    if len(text) > max_length:
        raise InputError(
            field,
            N_("{field} is too long: {length} characters, at most {limit} are allowed."),
            field=field_label(field),
            length=len(text),
            limit=max_length,
        )
    return text


# Human names of fields, for messages. Marked for translation, rendered lazily.
FIELD_LABELS = {
    "title": N_("Title"),
    "details": N_("Details"),
    "description": N_("Description"),
    "venue": N_("Venue"),
    "organiser": N_("Organiser"),
    "co_organiser": N_("Co-organiser"),
    "facilitators": N_("Run by"),
    "next_steps": N_("Next steps"),
    "contact": N_("Contact"),
    "text": N_("Text"),
    "name": N_("Name"),
    "caption": N_("Caption"),
    "reason": N_("Reason"),
    "platform_url": N_("Platform URL"),
    "members": N_("Members"),
    "minutes": N_("Minutes"),
    "attendees": N_("Attendees"),
    "dots": N_("Dots"),
    "dots_per_voter": N_("Dots per voter"),
    "max_dots_per_idea": N_("Dots per idea"),
    "negative_dots": N_("Negative dots"),
    "shortlist_size": N_("Shortlist size"),
    "paper_voters": N_("Voters on paper"),
}


def field_label(field: str) -> Message:
    return Message(FIELD_LABELS.get(field, field))


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: full-width (East Asian wide) characters take two."""
    if text.isascii():  # no ASCII character is wide
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
