"""Input rules for every record, applied by the store before anything is written.

``validated(record)`` returns a cleaned copy or raises ``InputError`` naming the field, so a
bad value changes nothing. Each field's rule (limit, required, range, choices, shape) is
derived from its declaration in ``workshop.model``; what ties fields together (an end
after the start, one link at most) is written here, per record. Limits are generous for
real use and small enough that a PDF card or a Decidim proposal can still hold the text.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable
from datetime import date, time
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlparse

from workshop import strict_json
from workshop.errors import InputError
from workshop.fields import Kind, Spec, spec, specs
from workshop.i18n import N_
from workshop.model import (
    PLATFORM_PROFILES,
    RECORD_TYPES,
    AgendaItem,
    Ballot,
    CandidateKind,
    Idea,
    Note,
    Photo,
    Prompt,
    Record,
    RoundEvent,
    VoteRound,
    Workshop,
)
from workshop.text import checked_text, field_label

__all__ = ["LIMITS", "MAX_PHOTO_BYTES", "PLATFORM_PROFILES", "validated"]

MAX_PHOTO_BYTES = 8 * 1024 * 1024


def _limit(cls: type[Record], name: str) -> int:
    limit = spec(cls, name).max_length
    assert limit is not None, f"{cls.__name__}.{name} declares no limit"
    return limit


# The limits other modules cut or check text with before it reaches a record, by the
# names they have always used; the numbers are the records' declarations.
LIMITS = {
    **{name: _limit(Workshop, name) for name in (
        "title", "description", "venue", "organiser", "co_organiser", "facilitators",
        "next_steps", "contact", "platform_url")},
    "prompt": _limit(Prompt, "text"),
    "name": _limit(VoteRound, "name"),  # team, cluster, round names
    "agenda_title": _limit(AgendaItem, "title"),
    "idea_title": _limit(Idea, "title"),
    "idea_details": _limit(Idea, "details"),
    "note": _limit(Note, "text"),
    "caption": _limit(Photo, "caption"),
    "reason": _limit(Ballot, "void_reason"),
}

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _whole_number_error(field: str) -> InputError:
    return InputError(field, N_("{field} must be a whole number."), field=field_label(field))


def _int(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _whole_number_error(field)
    if not low <= value <= high:
        raise InputError(
            field, N_("{field} must be between {low} and {high}."),
            field=field_label(field), low=low, high=high,
        )
    return value


def _colour(value: str, field: str) -> str:
    if not _COLOUR.fullmatch(value or ""):
        raise InputError(field, N_("The colour must look like #1a2b3c."))
    return value.lower()


def _date(value: str, field: str) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InputError(field, N_("The date must look like 2026-11-14.")) from None
    return value


def _clock(value: str, field: str) -> str:
    if value:
        try:
            if not re.fullmatch(r"\d\d:\d\d", value):
                raise ValueError(value)
            time.fromisoformat(value)
        except ValueError:
            raise InputError(field, N_("Times must look like 13:30.")) from None
    return value


def _url(value: str, field: str) -> str:
    if value and (urlparse(value).scheme not in ("http", "https")
                  or not urlparse(value).netloc):
        raise InputError(field, N_("The platform URL must start with https:// or http://."))
    return value


_FORMS: dict[str, Callable[[str, str], str]] = {
    "colour": _colour, "date": _date, "clock": _clock, "url": _url}


def _not_a_choice(name: str, s: Spec, value: object) -> InputError:
    """The field's own message (its value named after the field), or the general one."""
    return InputError(name, s.message or N_("{field} must be one of: {choices}."),
                      field=field_label(name), choices=", ".join(s.choices),
                      **{name: value})


def _text_rule(name: str, s: Spec) -> Callable[[Any], Any] | None:
    field = s.label or name
    shape = _FORMS.get(s.form)
    if s.max_length is None:
        return None if shape is None else lambda value: shape(value, field)
    limit, required, multiline = s.max_length, s.required, s.multiline

    def check(value: Any) -> str:
        return checked_text(value, field, max_length=limit, required=required,
                            multiline=multiline)

    return check if shape is None else lambda value: shape(check(value), field)


def _number_rule(name: str, s: Spec) -> Callable[[Any], Any] | None:
    if s.low is None or s.high is None:
        return None
    low, high, optional = s.low, s.high, s.optional
    return lambda v: v if optional and v is None else _int(v, name, low, high)


def _choice_rule(name: str, s: Spec) -> Callable[[Any], Any]:
    # A lookup rather than ``enum(value)``, which is slow: it runs for every imported note.
    members = {word: word if s.enum is None else s.enum(word) for word in s.choices}

    def rule(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: not even hashable
            raise _not_a_choice(name, s, value) from None

    return rule


def _strings_rule(name: str, s: Spec) -> Callable[[Any], Any]:
    choices = s.choices

    def rule(value: Any) -> tuple:
        unique = tuple(dict.fromkeys(value))  # in order, without repeats
        if choices and (len(unique) < s.min_items or any(v not in choices for v in unique)):
            raise _not_a_choice(name, s, value)
        return unique

    return rule


def _rule(name: str, s: Spec) -> Callable[[Any], Any] | None:
    """The rule of one field: the cleaned value, or ``InputError``; None for no rule."""
    if s.kind is Kind.TEXT:
        return _text_rule(name, s)
    if s.kind is Kind.INTEGER:
        return _number_rule(name, s)
    if s.kind is Kind.FLAG:
        return bool
    if s.kind is Kind.CHOICE:
        return _choice_rule(name, s)
    if s.kind is Kind.STRINGS:
        return _strings_rule(name, s)
    return None  # ids, times and bytes: written by the app, checked by the record's rule


class _Rules(NamedTuple):
    """A record class's field rules, ready to run: read the fields in one C call, compare
    the cleaned values as one tuple (most records come out unchanged and are not copied)."""

    names: tuple[str, ...]
    read: Callable[[Any], tuple]
    rules: tuple[Callable[[Any], Any], ...]
    across: Callable[[Any], None] | None


def _rules_of(cls: type[Record]) -> _Rules:
    pairs = [(name, rule) for name, s in specs(cls) if (rule := _rule(name, s))]
    names = tuple(name for name, _ in pairs)
    read = (operator.attrgetter(*names) if len(names) > 1
            else lambda record: tuple(getattr(record, n) for n in names))
    return _Rules(names, read, tuple(rule for _, rule in pairs), _RECORD_RULES.get(cls))


# ------------------------------------------------------------ rules across a record's fields

def _workshop(w: Workshop) -> None:
    if w.start_time and w.end_time and w.end_time <= w.start_time:
        raise InputError("end_time", N_("The end time must be after the start time."))


def _idea(i: Idea) -> None:
    if i.merged_into_id is not None and i.merged_into_id == i.id:
        raise InputError("merged_into_id", N_("An idea cannot be merged into itself."))


def _vote_round(r: VoteRound) -> None:
    if r.candidate_kind == CandidateKind.PROMPT and not r.prompt_id:
        raise InputError("prompt_id", N_("Choose the prompt whose ideas are voted on."))
    if r.candidate_kind == CandidateKind.SHORTLIST:
        if not r.source_round_id:
            raise InputError("source_round_id", N_("Choose the round the shortlist comes from."))
        if r.shortlist_size is None:
            raise _whole_number_error("shortlist_size")
    if r.max_dots_per_idea > r.dots_per_voter:
        raise InputError("max_dots_per_idea",
                         N_("The dots per idea cannot be more than the dots per voter."))


def _ballot(b: Ballot) -> None:
    if not b.round_id:
        raise InputError("round_id", N_("A ballot belongs to a vote round."))


def _linked_once(record: Note | Photo) -> None:
    links = [x for x in (record.team_id, record.prompt_id, record.idea_id) if x]
    if len(links) > 1:
        raise InputError("link", N_("Link it to the workshop, one team, one prompt or one idea."))


def _photo(p: Photo) -> None:
    _linked_once(p)
    if not p.data:
        raise InputError("data", N_("The photo is empty."))
    if len(p.data) > MAX_PHOTO_BYTES:
        raise InputError("data", N_("The photo is too large to store; downscale it first."))


def _round_event(e: RoundEvent) -> None:
    if not e.round_id or not e.at:
        raise InputError("round_id", N_("A round event belongs to a vote round and a time."))
    try:
        details = strict_json.loads(e.details)
    except (TypeError, ValueError):
        details = None
    if not isinstance(details, dict):
        raise InputError("details", N_("The details of a round event must be a JSON object."))


_RECORD_RULES: dict[type[Record], Callable[[Any], None]] = {
    Workshop: _workshop, Idea: _idea, VoteRound: _vote_round, Ballot: _ballot,
    Note: _linked_once, Photo: _photo, RoundEvent: _round_event,
}


# Ready before the first record: looking the class up costs less than a cache would.
_RULES = {cls: _rules_of(cls) for cls in RECORD_TYPES}

R = TypeVar("R", bound=Record)


def validated(record: R) -> R:
    """A cleaned copy of ``record``, or ``InputError`` if it breaks a rule.

    Each field's own rule first, in the order of the fields; then the rules across them,
    which see the cleaned values. The record itself comes back when nothing changed: a
    copy of a dataclass costs more than the checks."""
    names, read, rules, across = _RULES[type(record)]
    values = read(record)
    cleaned = tuple(map(operator.call, rules, values))
    if cleaned != values:
        record = dataclasses.replace(record, **dict(zip(names, cleaned, strict=True)))
    if across is not None:
        across(record)
    return record
