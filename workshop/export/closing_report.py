"""The meeting's closing report for the platform: Decidim's close-meeting form has no
import, so its values are handed over ready to paste (``closing-report-<lang>.txt``) and
for programs (``closing-report.json``): the report text per locale, the attendees (0 is
flagged "not recorded", at most 999 as the form accepts), contributions, organisations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workshop.i18n import N_, Message, gettext_for, ngettext_for
from workshop.model import Idea, Note, NoteKind, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.voting import RoundResults

MAX_ATTENDEES = 999  # the close-meeting form accepts 0–999


@dataclass(frozen=True)
class ClosingReport:
    """The close-meeting form's values, ready to paste."""

    closing_report: dict[str, str]  # per locale
    attendees_count: int
    contributions_count: int
    attending_organizations: str


def closing_report(store: WorkshopStore, results: Sequence[RoundResults],
                   locales: Sequence[str], proposals_count: int) -> tuple[ClosingReport,
                                                                          list[Message]]:
    workshop = store.workshop()
    warnings = []
    teams = store.list(Team)
    attendees = workshop.attendees
    if attendees is None:
        attendees = sum(t.members for t in teams)
    if attendees == 0:
        warnings.append(Message(N_("The number of attendees was not recorded (Setup, or each "
                                   "team's members), so the closing report says “not "
                                   "recorded”; count them before you close the meeting.")))
    if attendees > MAX_ATTENDEES:
        warnings.append(Message(N_("Decidim accepts at most {limit} attendees in the closing "
                                   "report; the file says {limit}, the workshop had {count}."),
                                {"limit": MAX_ATTENDEES, "count": attendees}))
        attendees = MAX_ATTENDEES
    ideas = [i for i in store.ideas() if i.merged_into_id is None]
    texts = {lang: _report_text(store, workshop, teams, ideas, results, lang, attendees,
                                proposals_count) for lang in locales}
    return ClosingReport(texts, attendees, len(ideas), workshop.organiser), warnings


def _report_text(store: WorkshopStore, workshop: Workshop, teams: list[Team], ideas: list[Idea],
                 results: Sequence[RoundResults], lang: str, attendees: int,
                 proposals_count: int) -> str:
    _, ngettext = gettext_for(lang), ngettext_for(lang)
    when = " ".join(x for x in (workshop.date, "–".join(
        t for t in (workshop.start_time, workshop.end_time) if t)) if x)
    # Only the lines that have something: a missing date or venue leaves no empty line.
    lines = [x for x in (workshop.title, ", ".join(x for x in (when, workshop.venue) if x))
             if x]
    if workshop.organiser:
        lines.append(_("Organiser: {name}").format(name=workshop.organiser))
    # One plural per count: the sentence is put together from its counted parts.
    tables = ngettext("{count} table", "{count} tables", len(teams)).format(count=len(teams))
    written = ngettext("{count} idea", "{count} ideas", len(ideas)).format(count=len(ideas))
    if attendees:
        summary = _("{participants} at {tables} wrote {ideas}.").format(
            participants=ngettext("{count} participant", "{count} participants",
                                  attendees).format(count=attendees),
            tables=tables, ideas=written)
    else:
        summary = _("Participants: not recorded. {tables} wrote {ideas}.").format(
            tables=tables, ideas=written)
    lines += ["", summary]
    per_prompt = Counter(i.prompt_id for i in ideas)
    for prompt in store.list(Prompt):
        lines.append(ngettext("・{prompt} ({count} idea)", "・{prompt} ({count} ideas)",
                              per_prompt[prompt.id]).format(prompt=prompt.text,
                                                            count=per_prompt[prompt.id]))
    for result in results:
        voters = result.ballots + result.paper_voters
        lines += ["", ngettext("Dot vote “{round}” ({voters} voter):",
                               "Dot vote “{round}” ({voters} voters):", voters).format(
            round=result.round.name, voters=voters)]
        for c in result.candidates[:5]:
            lines.append(ngettext("{rank}. {title} – {dots} dot", "{rank}. {title} – {dots} dots",
                                  c.total).format(rank=c.rank, title=c.title, dots=c.total))
    headings = ((NoteKind.DECISION, N_("Decisions")), (NoteKind.ACTION, N_("Action items")),
                (NoteKind.QUESTION, N_("Open questions")))
    notes = [n for n in store.list(Note) if not n.internal]
    for kind, heading in headings:
        chosen = [n for n in notes if n.kind is kind]
        if chosen:
            lines += ["", _(heading) + ":"] + ["・" + n.text.replace("\n", " ") for n in chosen]
    lines += ["", ngettext("The ideas were handed to this platform as {count} proposal.",
                           "The ideas were handed to this platform as {count} proposals.",
                           proposals_count).format(count=proposals_count)]
    return "\n".join(lines).strip("\n")


def closing_report_text(report: ClosingReport, lang: str) -> str:
    """The closing report as a text to paste, field by field, labelled in one language."""
    _ = gettext_for(lang)
    text = report.closing_report.get(lang) or next(iter(report.closing_report.values()))
    sections = [
        (_("Closing report"), "closing_report", text),
        (_("Number of attendees"), "attendees_count", str(report.attendees_count)
         if report.attendees_count else _("0 – not recorded: count them before you paste")),
        (_("Number of contributions"), "contributions_count", str(report.contributions_count)),
        (_("Attending organizations"), "attending_organizations",
         report.attending_organizations),
    ]
    return "\n\n".join(f"==== {label} ({name}) ====\n{value}" for label, name, value in sections)
