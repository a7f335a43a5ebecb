"""Dates, times and the sentences the documents print, in the document's language.

Labels go through gettext (``_ = gettext_for(lang)``); dates follow each language's own
convention (2026年11月14日（土） / Saturday 14 November 2026), not a translated template.
"""

from __future__ import annotations

from datetime import date, datetime

from workshop.export.pdf.data import RoundSection
from workshop.i18n import gettext_for
from workshop.model import CandidateKind, NoteKind

_JA_WEEKDAYS = "月火水木金土日"
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def long_date(value: str, lang: str) -> str:
    """A workshop date for people: "2026年11月14日（土）" or "Saturday 14 November 2026"."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日（{_JA_WEEKDAYS[day.weekday()]}）"
    if lang == "en":
        return f"{_EN_WEEKDAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return value


def time_range(start: str, end: str) -> str:
    if start and end:
        return f"{start}–{end}"
    return start or end


def clock_time(timestamp: str | None) -> str:
    """HH:MM of an ISO timestamp, in the offset it was stored with (the venue's)."""
    if not timestamp:
        return ""
    return f"{datetime.fromisoformat(timestamp):%H:%M}"


def when(facts_date: str, start: str, end: str, lang: str) -> str:
    return "  ".join(part for part in (long_date(facts_date, lang), time_range(start, end))
                     if part)


def note_kind_label(kind: NoteKind, lang: str, *, plural: bool = False) -> str:
    _ = gettext_for(lang)
    if plural:
        labels = {NoteKind.DECISION: _("Decisions"), NoteKind.ACTION: _("Action items"),
                  NoteKind.QUESTION: _("Open questions"), NoteKind.NOTE: _("Notes")}
    else:
        labels = {NoteKind.DECISION: _("Decision"), NoteKind.ACTION: _("Action item"),
                  NoteKind.QUESTION: _("Open question"), NoteKind.NOTE: _("Note")}
    return labels[kind]


def rank_label(rank: int, tied: bool, lang: str = "en") -> str:
    """A rank as people write it: 「1位」「同率1位」, "1", "1 (tied)"."""
    if lang == "ja":
        return f"同率{rank}位" if tied else f"{rank}位"
    _ = gettext_for(lang)
    return _("{rank} (tied)").format(rank=rank) if tied else str(rank)


# Japanese house style: 、 between the items of a list, ・ between the parts of a tag
# (チームA・交通), full-width brackets around an aside.
def listing(parts: list[str], lang: str) -> str:
    """Items of a list in a sentence: "A、B" / "A, B"."""
    return ("、" if lang == "ja" else ", ").join(p for p in parts if p)


def tag(parts: list[str], lang: str) -> str:
    """The parts of a byline or tag: "A・B" / "A · B"."""
    return ("・" if lang == "ja" else " · ").join(p for p in parts if p)


def aside(text: str, lang: str) -> str:
    """An aside after a text: "（A テーブル）" / " (Table A)"."""
    return f"（{text}）" if lang == "ja" else f" ({text})"


# The Japanese eras a workshop's date can fall in: (first day, name).
_ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"))


def era_date(value: str) -> str:
    """A date in the Japanese era: "令和8年11月14日" (the first year is 元年)."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    for start, name in _ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return ""


def full_date(value: str, lang: str, *, era: bool) -> str:
    """The long date, with the Japanese era beside it when asked for (in Japanese:
    "2026年（令和8年）11月14日（土）"; in English: "Saturday 14 November 2026 (Reiwa 8)")."""
    text = long_date(value, lang)
    if not (era and text):
        return text
    era_text = era_date(value)
    if not era_text:
        return text
    if lang == "ja":
        year = era_text.split("年", 1)[0] + "年"
        return text.replace("年", f"年（{year}）", 1)
    romaji = {"令和": "Reiwa", "平成": "Heisei", "昭和": "Showa"}[era_text[:2]]
    return f"{text} ({romaji} {era_text[2:].split('年', 1)[0]})"


def candidates_label(section: RoundSection, lang: str) -> str:
    _ = gettext_for(lang)
    kind = section.candidate_kind
    if kind is CandidateKind.PROMPT:
        return _("the ideas for: {prompt}").format(prompt=section.prompt)
    if kind is CandidateKind.CLUSTERS:
        return _("the clusters")
    if kind is CandidateKind.SHORTLIST:
        return _("the top {count} of “{round}”").format(
            count=section.shortlist_size or 0, round=section.source_round)
    return _("all ideas")


def round_rules(section: RoundSection, lang: str) -> list[tuple[str, str]]:
    """The rules of a round as (label, value) rows."""
    _ = gettext_for(lang)
    rows = [
        (_("Candidates"), candidates_label(section, lang)),
        (_("Dots per voter"), str(section.dots_per_voter)),
        (_("Dots per candidate, at most"), str(section.max_dots_per_idea)),
        (_("Own team's ideas"),
         _("may be voted for") if section.allow_own_team else _("may not be voted for")),
    ]
    if section.negative_dots:
        rows.append((_("Negative dots per voter"), str(section.negative_dots)))
    times = time_range(clock_time(section.opened_at), clock_time(section.closed_at))
    if times:
        rows.append((_("Voting"), times))
    return rows


def turnout_rows(section: RoundSection, lang: str) -> list[tuple[str, str]]:
    """Ballots and turnout, as (label, value) rows."""
    _ = gettext_for(lang)
    rows = []
    if section.ballots or section.voided:
        text = _("{count} cast on the laptop").format(count=section.ballots)
        if section.voided:
            text += " " + _("({count} voided, not counted)").format(count=section.voided)
        rows.append((_("Ballots"), text))
    if section.paper_voters is not None:
        rows.append((_("Voters on paper"), str(section.paper_voters)))
    if section.turnout is not None and section.attendees:
        voters = section.ballots + (section.paper_voters or 0)
        rows.append((_("Turnout"), _("{voters} of {attendees} attendees ({percent}%)").format(
            voters=voters, attendees=section.attendees, percent=round(section.turnout * 100))))
    return rows
