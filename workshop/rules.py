"""Input rules for every record, applied by the store before anything is written.

``validated(record)`` returns a cleaned copy or raises ``InputError`` naming the field, so a
bad value changes nothing. Limits are generous for real use and small enough that a PDF
card or a Decidim proposal can still hold the text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar
from urllib.parse import urlparse

from workshop import strict_json
from workshop.errors import InputError
from workshop.i18n import LANGUAGES, N_
from workshop.model import (
    AgendaItem,
    Ballot,
    BallotDot,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    NoteKind,
    Photo,
    Prompt,
    Record,
    RoundEvent,
    RoundEventKind,
    RoundStatus,
    Tally,
    Team,
    VoteRound,
    Workshop,
)
from workshop.text import checked_text, field_label

PLATFORM_PROFILES = ("decidim-0.27", "decidim-0.28", "decidim-0.30", "decidim-cfj", "generic")
MAX_PHOTO_BYTES = 8 * 1024 * 1024

LIMITS = {
    "title": 200,  # workshop title
    "description": 10_000,
    "venue": 300,
    "organiser": 300,
    "co_organiser": 300,
    "facilitators": 500,
    "next_steps": 5_000,
    "contact": 1_000,
    "platform_url": 2_000,
    "prompt": 500,
    "name": 100,  # team, cluster, round names
    "agenda_title": 200,
    "idea_title": 300,
    "idea_details": 5_000,
    "note": 10_000,
    "caption": 500,
    "reason": 500,
}

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _int(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, N_("{field} must be a whole number."), field=field_label(field))
    if not low <= value <= high:
        raise InputError(
            field, N_("{field} must be between {low} and {high}."),
            field=field_label(field), low=low, high=high,
        )
    return value


def _colour(value: str, field: str = "colour") -> str:
    if not _COLOUR.fullmatch(value or ""):
        raise InputError(field, N_("The colour must look like #1a2b3c."))
    return value.lower()


def _workshop(w: Workshop) -> Workshop:
    langs = tuple(dict.fromkeys(w.languages))
    if not langs or any(lang not in LANGUAGES for lang in langs):
        raise InputError("languages", N_("Languages must be chosen from: {choices}."),
                         choices=", ".join(LANGUAGES))
    if w.date:
        try:
            date.fromisoformat(w.date)
        except ValueError:
            raise InputError("date", N_("The date must look like 2026-11-14.")) from None
    for name in ("start_time", "end_time"):
        value = getattr(w, name)
        if value and not re.fullmatch(r"\d\d:\d\d", value):
            raise InputError(name, N_("Times must look like 13:30."))
        if value:
            try:
                time.fromisoformat(value)
            except ValueError:
                raise InputError(name, N_("Times must look like 13:30.")) from None
    if w.start_time and w.end_time and w.end_time <= w.start_time:
        raise InputError("end_time", N_("The end time must be after the start time."))
    url = checked_text(w.platform_url, "platform_url", max_length=LIMITS["platform_url"])
    if url and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc):
        raise InputError("platform_url", N_("The platform URL must start with https:// or http://."))
    if w.platform_profile not in PLATFORM_PROFILES:
        raise InputError("platform_profile", N_("Platform profile must be one of: {choices}."),
                         choices=", ".join(PLATFORM_PROFILES))
    attendees = None if w.attendees is None else _int(w.attendees, "attendees", 0, 100_000)
    return _changed(
        w,
        title=checked_text(w.title, "title", max_length=LIMITS["title"], required=True),
        description=checked_text(w.description, "description",
                                 max_length=LIMITS["description"], multiline=True),
        venue=checked_text(w.venue, "venue", max_length=LIMITS["venue"]),
        organiser=checked_text(w.organiser, "organiser", max_length=LIMITS["organiser"]),
        co_organiser=checked_text(w.co_organiser, "co_organiser",
                                  max_length=LIMITS["co_organiser"]),
        facilitators=checked_text(w.facilitators, "facilitators",
                                  max_length=LIMITS["facilitators"]),
        next_steps=checked_text(w.next_steps, "next_steps", max_length=LIMITS["next_steps"],
                                multiline=True),
        contact=checked_text(w.contact, "contact", max_length=LIMITS["contact"],
                             multiline=True),
        era_dates=bool(w.era_dates),
        languages=langs,
        platform_url=url,
        attendees=attendees,
    )


def _prompt(p: Prompt) -> Prompt:
    return _changed(
        p, text=checked_text(p.text, "text", max_length=LIMITS["prompt"], required=True,
                             multiline=True))


def _team(t: Team) -> Team:
    return _changed(
        t,
        name=checked_text(t.name, "name", max_length=LIMITS["name"], required=True),
        colour=_colour(t.colour),
        members=_int(t.members, "members", 0, 1_000),
    )


def _agenda_item(a: AgendaItem) -> AgendaItem:
    return _changed(
        a,
        title=checked_text(a.title, "title", max_length=LIMITS["agenda_title"], required=True),
        minutes=_int(a.minutes, "minutes", 1, 24 * 60),
    )


def _cluster(c: Cluster) -> Cluster:
    return _changed(
        c,
        name=checked_text(c.name, "name", max_length=LIMITS["name"], required=True),
        colour=_colour(c.colour),
    )


def _idea(i: Idea) -> Idea:
    if i.merged_into_id is not None and i.merged_into_id == i.id:
        raise InputError("merged_into_id", N_("An idea cannot be merged into itself."))
    return _changed(
        i,
        title=checked_text(i.title, "title", max_length=LIMITS["idea_title"], required=True),
        details=checked_text(i.details, "details", max_length=LIMITS["idea_details"],
                             multiline=True),
    )


def _vote_round(r: VoteRound) -> VoteRound:
    kind = CandidateKind(r.candidate_kind)
    status = RoundStatus(r.status)
    if kind is CandidateKind.PROMPT and not r.prompt_id:
        raise InputError("prompt_id", N_("Choose the prompt whose ideas are voted on."))
    if kind is CandidateKind.SHORTLIST:
        if not r.source_round_id:
            raise InputError("source_round_id", N_("Choose the round the shortlist comes from."))
        _int(r.shortlist_size, "shortlist_size", 1, 1_000)
    budget = _int(r.dots_per_voter, "dots_per_voter", 1, 100)
    cap = _int(r.max_dots_per_idea, "max_dots_per_idea", 1, 100)
    if cap > budget:
        raise InputError("max_dots_per_idea",
                         N_("The dots per idea cannot be more than the dots per voter."))
    if r.paper_voters is not None:
        _int(r.paper_voters, "paper_voters", 0, 100_000)
    return _changed(
        r,
        name=checked_text(r.name, "name", max_length=LIMITS["name"], required=True),
        candidate_kind=kind,
        status=status,
        candidate_ids=tuple(dict.fromkeys(r.candidate_ids)),
        negative_dots=_int(r.negative_dots, "negative_dots", 0, 100),
        allow_own_team=bool(r.allow_own_team),
        hidden_until_revealed=bool(r.hidden_until_revealed),
    )


def _ballot(b: Ballot) -> Ballot:
    if not b.round_id:
        raise InputError("round_id", N_("A ballot belongs to a vote round."))
    return _changed(
        b, void_reason=checked_text(b.void_reason, "reason", max_length=LIMITS["reason"]))


def _ballot_dot(d: BallotDot) -> BallotDot:
    return _changed(d, dots=_int(d.dots, "dots", -100, 100))


def _tally(t: Tally) -> Tally:
    return _changed(t, dots=_int(t.dots, "dots", 0, 1_000_000))


def _linked_once(record: Note | Photo) -> None:
    links = [x for x in (record.team_id, record.prompt_id, record.idea_id) if x]
    if len(links) > 1:
        raise InputError("link", N_("Link it to the workshop, one team, one prompt or one idea."))


def _note(n: Note) -> Note:
    _linked_once(n)
    return _changed(
        n,
        kind=NoteKind(n.kind),
        text=checked_text(n.text, "text", max_length=LIMITS["note"], required=True,
                          multiline=True),
        internal=bool(n.internal),
    )


def _photo(p: Photo) -> Photo:
    _linked_once(p)
    if not p.data:
        raise InputError("data", N_("The photo is empty."))
    if len(p.data) > MAX_PHOTO_BYTES:
        raise InputError("data", N_("The photo is too large to store; downscale it first."))
    if p.mime not in ("image/jpeg", "image/png"):
        raise InputError("mime", N_("Photos must be JPEG or PNG images."))
    return _changed(
        p,
        caption=checked_text(p.caption, "caption", max_length=LIMITS["caption"]),
        internal=bool(p.internal),
    )


def _round_event(e: RoundEvent) -> RoundEvent:
    if not e.round_id or not e.at:
        raise InputError("round_id", N_("A round event belongs to a vote round and a time."))
    try:
        kind = RoundEventKind(e.event)
    except ValueError:
        raise InputError("event", N_("Unknown round event: {event}."), event=e.event) from None
    try:
        details = strict_json.loads(e.details)
    except (TypeError, ValueError):
        details = None
    if not isinstance(details, dict):
        raise InputError("details", N_("The details of a round event must be a JSON object."))
    return _changed(e, event=kind)


def _changed(record: R, **values: object) -> R:
    """``record`` with ``values``, copied only if one of them differs: most records are
    already clean (every record of an imported bundle is checked), and a copy of a
    dataclass costs more than the checks."""
    for name, value in values.items():
        if getattr(record, name) != value:
            return dataclasses.replace(record, **values)
    return record


_VALIDATORS: dict[type[Record], Callable] = {
    Workshop: _workshop, Prompt: _prompt, Team: _team, AgendaItem: _agenda_item,
    Cluster: _cluster, Idea: _idea, VoteRound: _vote_round, Ballot: _ballot,
    BallotDot: _ballot_dot, Tally: _tally, Note: _note, Photo: _photo,
    RoundEvent: _round_event,
}


R = TypeVar("R", bound=Record)


def validated(record: R) -> R:
    """A cleaned copy of ``record``, or ``InputError`` if it breaks a rule."""
    return _VALIDATORS[type(record)](record)
