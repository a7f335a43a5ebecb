"""Files for the participatory platform: proposals to import, the meeting's closing report.

Built to what Decidim's importer reads (``shared/design/decidim.md``): an array of objects
with flat ``title/<locale>`` and ``body/<locale>`` keys, the same keys in every object,
every one with a title and a body in the default locale. Only JSON: a CSV cannot be both
exact for Decidim (which would keep a leading apostrophe as part of a title) and safe for
a person who double-clicks it (a cell starting with = + - @ would run as a formula).
Decidim imports nothing else, so the vote count, rank, team, prompt, cluster and workshop
go into the body text as a short footer. The meeting's closing report has no import: it
is handed over as text and figures to paste.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from string import Template

from workshop import __version__
from workshop.errors import InputError
from workshop.export.closing_report import closing_report, closing_report_text

# The organiser's settings live beside this module; the ones not used here are named here
# too (``decidim.link_cluster``…) for the callers that read them together with the files.
from workshop.export.platform_settings import (
    NO_LINK,
    PROPOSALS_PER,  # noqa: F401
    ClusterLink,
    PlatformSettings,
    check_proposals_per,  # noqa: F401
    checked_link,  # noqa: F401
    cluster_names,
    find_cluster,  # noqa: F401
    link_cluster,  # noqa: F401
    platform_settings,  # noqa: F401
    set_proposals_per,  # noqa: F401
    valid_setting,  # noqa: F401
    vars_of,  # noqa: F401
)
from workshop.export.spreadsheets import csv_bytes
from workshop.i18n import LANGUAGES, N_, Message, gettext_for, ngettext_for
from workshop.model import Cluster, Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.voting import CandidateResult, RoundResults

TITLE_LIMIT = 150  # Decidim's participant form limit: longer titles read badly


@dataclass(frozen=True)
class Profile:
    """What one platform (version) reads."""

    name: str
    folder: str  # where its files go in the bundle
    default_locale: str | None  # None: the workshop's default language
    links: str  # "categories" (category/id, scope/id), "taxonomies" (taxonomies/ids) or ""
    version: str = ""  # the Decidim version whose importer it is built to


PROFILES = {
    "decidim-0.27": Profile("decidim-0.27", "decidim/", None, "categories", "0.27"),
    "decidim-0.28": Profile("decidim-0.28", "decidim/", None, "categories", "0.28"),
    "decidim-0.30": Profile("decidim-0.30", "decidim/", None, "taxonomies", "0.30"),
    # Code for Japan's instances: Japanese by default; their main branch runs Decidim
    # 0.30.9 (Gemfile.lock, since August 2025), whose importer reads taxonomies/ids and
    # no longer category/id or scope/id.
    "decidim-cfj": Profile("decidim-cfj", "decidim/", "ja", "taxonomies", "0.30.9"),
    "generic": Profile("generic", "platform/", None, ""),
}


def profile_named(name: str) -> Profile:
    if name not in PROFILES:
        raise InputError("profile", N_("Platform profile must be one of: {choices}."),
                         choices=", ".join(PROFILES))
    return PROFILES[name]


# ------------------------------------------------------------------------------ proposals


@dataclass(slots=True)  # not frozen: that makes each of 10,000 cost three times as long
class Proposal:
    """One proposal for the platform: its title and body in every locale of the file, under
    the keys Decidim imports (``text_columns``), so that they make its row as they are."""

    texts: dict[str, str]
    link: ClusterLink
    source_ids: tuple[str, ...]  # the ideas (or cluster) it was made from


def locales_for(profile: Profile, workshop: Workshop) -> list[str]:
    """The profile's default locale first (its columns must be filled), then the
    workshop's languages."""
    first = profile.default_locale or workshop.default_language
    return list(dict.fromkeys([first, *workshop.languages]))


def text_columns(locales: Sequence[str]) -> list[str]:
    """``title/<locale>`` for every locale, then ``body/<locale>``."""
    return [f"title/{lang}" for lang in locales] + [f"body/{lang}" for lang in locales]


def proposals(store: WorkshopStore, profile: Profile, results: Sequence[RoundResults],
              settings: PlatformSettings) -> list[Proposal]:
    """The proposals to import: one per live idea (merged duplicates go into the idea
    they were merged into), or one per cluster plus one per idea outside any cluster."""
    workshop = store.workshop()
    locales = locales_for(profile, workshop)
    context = _Context.of(store, results, locales)
    ideas = [i for i in store.ideas() if i.merged_into_id is None]
    made = []
    if settings.proposals_per == "cluster":
        members: dict[str, list[Idea]] = {}
        for idea in ideas:
            if idea.cluster_id in context.clusters:
                members.setdefault(idea.cluster_id, []).append(idea)
        for cluster in store.list(Cluster):
            if cluster.id in members:
                made.append(_cluster_proposal(cluster, members[cluster.id], context, settings))
        ideas = [i for i in ideas if i.cluster_id not in members]
    made += [_idea_proposal(idea, context, settings) for idea in ideas]
    return made


@dataclass(frozen=True)
class _Labels:
    """One locale's footer lines and templates, translated once for all proposals."""

    workshop: str
    prompt: dict[str, str]  # prompt id -> "Prompt: …"
    team: dict[str, str]
    cluster: dict[str, str]
    merged: str
    cluster_ideas: str

    @classmethod
    def of(cls, lang: str, workshop: Workshop, prompts: Sequence[Prompt],
           teams: Sequence[Team], clusters: Sequence[Cluster]) -> _Labels:
        _ = gettext_for(lang)
        if workshop.date:
            line = _("Workshop: {title} ({date})").format(title=workshop.title,
                                                          date=workshop.date)
        else:
            line = _("Workshop: {title}").format(title=workshop.title)
        return cls(
            workshop=line,
            prompt={p.id: _("Prompt: {text}").format(text=p.text) for p in prompts},
            team={t.id: _("Team: {name}").format(name=t.name) for t in teams},
            cluster={c.id: _("Cluster: {name}").format(name=c.name) for c in clusters},
            merged=_("Merged with: {titles}"),
            cluster_ideas=_("Ideas in this cluster:"),
        )

    def places(self, idea: Idea) -> str:
        """The first lines of an idea's footer: workshop, prompt, team and cluster."""
        lines = (self.workshop, self.prompt.get(idea.prompt_id), self.team.get(idea.team_id),
                 self.cluster.get(idea.cluster_id))
        return "\n".join(line for line in lines if line)


@dataclass
class _Context:
    """What every proposal's footer draws on, looked up once."""

    locales: list[str]
    labels: dict[str, _Labels]
    teams: dict[str, Team]
    clusters: dict[str, Cluster]
    merged: dict[str, list[Idea]]  # idea id -> the duplicates merged into it
    # candidate id -> (round name, its result) in every round it was a candidate in
    candidacies: dict[str, list[tuple[str, CandidateResult]]]
    # (prompt, team, cluster) -> the footer's first lines in every locale: thousands of
    # ideas share a few dozen of these, so each is written once
    _places: dict[tuple[str | None, ...], list[str]] = field(default_factory=dict)
    _text_columns: list[str] = field(init=False)  # text_columns(locales), made once

    def __post_init__(self) -> None:
        self._text_columns = text_columns(self.locales)

    @classmethod
    def of(cls, store: WorkshopStore, results: Sequence[RoundResults],
           locales: list[str]) -> _Context:
        merged: dict[str, list[Idea]] = {}
        for idea in store.ideas():
            if idea.merged_into_id:
                merged.setdefault(idea.merged_into_id, []).append(idea)
        workshop = store.workshop()
        prompts, teams, clusters = store.list(Prompt), store.list(Team), store.list(Cluster)
        labels = {lang: _Labels.of(lang, workshop, prompts, teams, clusters)
                  for lang in locales}
        return cls(locales, labels, {t.id: t for t in teams}, {c.id: c for c in clusters},
                   merged, candidacies(results))

    def footers(self, idea: Idea) -> list[str]:
        """An idea's footer in every locale: where it comes from, then its votes and the
        duplicates merged into it (most ideas have neither)."""
        key = (idea.prompt_id, idea.team_id, idea.cluster_id)
        if key not in self._places:
            self._places[key] = [self.labels[lang].places(idea) for lang in self.locales]
        places = self._places[key]
        duplicates = self.merged.get(idea.id)
        if not duplicates and idea.id not in self.candidacies:
            return places
        footers = []
        for lang, lines in zip(self.locales, places, strict=True):
            more = self.votes(idea.id, lang)
            if duplicates:
                more.append(self.labels[lang].merged.format(
                    titles=" / ".join(d.title for d in duplicates)))
            footers.append("\n".join([lines, *more]))
        return footers

    def texts(self, title: str, bodies: list[str]) -> dict[str, str]:
        """A proposal's texts: the same title in every locale, its body in each."""
        return dict(zip(self._text_columns, [title] * len(bodies) + bodies, strict=True))

    def votes(self, candidate_id: str, lang: str) -> list[str]:
        ngettext = ngettext_for(lang)
        return [(ngettext("Vote “{round}”: {dots} dot, rank {rank} (tied)",
                          "Vote “{round}”: {dots} dots, rank {rank} (tied)", c.total) if c.tied
                 else ngettext("Vote “{round}”: {dots} dot, rank {rank}",
                               "Vote “{round}”: {dots} dots, rank {rank}", c.total)).format(
            round=round_name, dots=c.total, rank=c.rank)
            for round_name, c in self.candidacies.get(candidate_id, ())]


def candidacies(results: Sequence[RoundResults]) -> dict[str, list[tuple[str, CandidateResult]]]:
    found: dict[str, list[tuple[str, CandidateResult]]] = {}
    for result in results:
        for c in result.candidates:
            found.setdefault(c.candidate_id, []).append((result.round.name, c))
    return found


def _short_title(title: str) -> tuple[str, bool]:
    if len(title) <= TITLE_LIMIT:
        return title, False
    return title[:TITLE_LIMIT - 1].rstrip() + "…", True


def _idea_proposal(idea: Idea, context: _Context, settings: PlatformSettings) -> Proposal:
    title, cut = _short_title(idea.title)
    # The body: the whole title when it had to be cut, the details, then the footer.
    head = idea.details + "\n\n" if idea.details else ""
    if cut:
        head = idea.title + "\n\n" + head
    bodies = [head + footer for footer in context.footers(idea)]
    link = settings.clusters.get(idea.cluster_id or "", NO_LINK)
    return Proposal(context.texts(title, bodies), link, (idea.id,))


def _cluster_proposal(cluster: Cluster, ideas: list[Idea], context: _Context,
                      settings: PlatformSettings) -> Proposal:
    listing = []
    for idea in ideas:
        team = context.teams.get(idea.team_id or "")
        listing.append(f"・{idea.title}" + (f" ({team.name})" if team else ""))
        if idea.details:
            listing.append("  " + idea.details.replace("\n", "\n  "))
    bodies = []
    for lang in context.locales:
        labels = context.labels[lang]
        footer = [labels.workshop]
        if cluster.prompt_id in labels.prompt:
            footer.append(labels.prompt[cluster.prompt_id])
        footer += context.votes(cluster.id, lang)
        for idea in ideas:
            footer += [f"{idea.title}: {line}" for line in context.votes(idea.id, lang)]
        bodies.append("\n".join([labels.cluster_ideas, *listing]) + "\n\n" + "\n".join(footer))
    title, _cut = _short_title(cluster.name)
    return Proposal(context.texts(title, bodies), settings.clusters.get(cluster.id, NO_LINK),
                    (cluster.id, *(i.id for i in ideas)))


# The id columns a profile may add, and the ClusterLink field each one holds.
_LINK_COLUMNS = {"categories": (("category/id", "category"), ("scope/id", "scope")),
                 "taxonomies": (("taxonomies/ids", "taxonomies"),)}


def proposal_columns(profile: Profile, locales: list[str], items: Sequence[Proposal]) -> list[str]:
    """The keys of every object (and the CSV header): the same for all proposals."""
    columns = text_columns(locales)
    wanted = _LINK_COLUMNS.get(profile.links, ())
    # Only columns some proposal fills: an empty id column would be read as "no category".
    columns += [column for column, name in wanted if any(getattr(p.link, name) for p in items)]
    return columns


def _rows(items: Sequence[Proposal], columns: list[str]) -> list[dict[str, str]]:
    """Each proposal as {column: text}: its texts, then its ids in the link columns."""
    links = [(column, name) for pairs in _LINK_COLUMNS.values() for column, name in pairs
             if column in columns]
    if not links:
        return [p.texts for p in items]
    return [p.texts | {column: getattr(p.link, name) for column, name in links} for p in items]


def proposal_files(items: Sequence[Proposal], columns: list[str]) -> bytes:
    """proposals.json: the file Decidim imports, every text exactly as typed."""
    return json_lines(_rows(items, columns))


def json_lines(rows: Sequence[object], *, slice_size: int = 1000) -> bytes:
    """A JSON array with a line break after every value, so each object starts a line and
    each of its fields has a line of its own: readable, and written by the fast C encoder
    (indenting takes the pure-Python one, ~5× as long for 10,000 proposals; encoding the
    objects one by one to put each on one line, ~2×). It encodes a slice of rows at a
    time: one ``str`` of all 10,000 takes 4 bytes per character as soon as one emoji is in
    it, and making and encoding that took ~40% longer in a whole export."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n", ":"),
                              check_circular=False).encode
    slices = [encode(rows[start:start + slice_size])[1:-1].encode("utf-8")  # without [ ]
              for start in range(0, len(rows), slice_size)]
    return b"[" + b",\n".join(slices) + b"]\n"


# ------------------------------------------------------------------------ generic profile


def generic_records(store: WorkshopStore, items: Sequence[Proposal],
                    results: Sequence[RoundResults], lang: str) -> list[dict[str, object]]:
    """The generic profile's richer records: the fields that Decidim would lose, apart;
    title and body in the locale ``lang``."""
    ideas = {i.id: i for i in store.list(Idea, include_deleted=True)}
    names = {p.id: p.text for p in store.list(Prompt, include_deleted=True)}
    names |= {t.id: t.name for t in store.list(Team, include_deleted=True)}
    names |= {c.id: c.name for c in store.list(Cluster, include_deleted=True)}
    found = candidacies(results)
    records = []
    for p in items:
        head = ideas.get(p.source_ids[0])
        votes = [{"round": name, "dots": c.total, "rank": c.rank, "tied": c.tied}
                 for name, c in found.get(p.source_ids[0], [])]
        records.append({
            "id": p.source_ids[0],
            "kind": "idea" if head else "cluster",
            "title": p.texts[f"title/{lang}"],
            "details": head.details if head else "",
            "body": p.texts[f"body/{lang}"],
            "prompt": names.get(head.prompt_id, "") if head else "",
            "team": names.get(head.team_id, "") if head else "",
            "cluster": names.get(head.cluster_id, "") if head else names.get(p.source_ids[0], ""),
            "dots": votes[0]["dots"] if votes else "",
            "rank": votes[0]["rank"] if votes else "",
            "votes": votes,
            "idea_ids": list(p.source_ids[1:]) if not head else [p.source_ids[0]],
        })
    return records


def _generic_csv(records: list[dict[str, object]]) -> bytes:
    """For people and for programs that cannot read JSON, so made for spreadsheets: a
    text starting like a formula gets a leading apostrophe (the JSON has the exact text)."""
    columns = ["id", "kind", "title", "details", "body", "prompt", "team", "cluster", "dots",
               "rank"]
    return csv_bytes(columns, ([r[c] for c in columns] for r in records))


# -------------------------------------------------------------------------- all files


def platform_files(store: WorkshopStore, profile: Profile, results: Sequence[RoundResults],
                   settings: PlatformSettings) -> tuple[list[tuple[str, bytes]], list[Message]]:
    """The profile's folder: (name in the bundle, bytes) and warnings."""
    workshop = store.workshop()
    locales = locales_for(profile, workshop)
    items = proposals(store, profile, results, settings)
    report, warnings = closing_report(store, results, locales, len(items))
    folder = profile.folder
    files: list[tuple[str, bytes]] = []
    warnings += _unread_links(store, profile, settings)
    if profile.links:
        columns = proposal_columns(profile, locales, items)
        files.append((folder + "proposals.json", proposal_files(items, columns)))
    else:
        records = generic_records(store, items, results, locales[0])
        files += [(folder + "proposals.json", json_lines(records)),
                  (folder + "proposals.csv", _generic_csv(records))]
    figures = {"closing_report": report.closing_report, "attendees_count": report.attendees_count,
               "attendees_recorded": report.attendees_count > 0,
               "contributions_count": report.contributions_count,
               "attending_organizations": report.attending_organizations}
    files.append((folder + "closing-report.json",
                  (json.dumps(figures, ensure_ascii=False, indent=2) + "\n").encode("utf-8")))
    for lang in LANGUAGES:
        files.append((f"{folder}closing-report-{lang}.txt",
                      _text_file(closing_report_text(report, lang))))
        files.append((f"{folder}upload-guide-{lang}.txt",
                      upload_guide(lang, profile, locales, len(items), settings, workshop)))
    if not items:
        warnings.append(Message(N_("The workshop has no ideas, so the proposal files are "
                                   "empty.")))
    return files, warnings


def _unread_links(store: WorkshopStore, profile: Profile,
                  settings: PlatformSettings) -> list[Message]:
    """A warning for each cluster link this profile's Decidim does not read (e.g. a category
    for Decidim 0.30, which reads taxonomies): it would be dropped silently."""
    if not profile.links:
        return []
    unread = ("category", "scope") if profile.links == "taxonomies" else ("taxonomies",)
    names = cluster_names(store)
    warnings = []
    for cluster_id, link in sorted(settings.clusters.items()):
        kinds = [kind for kind in unread if getattr(link, kind)]
        if kinds and cluster_id in names:
            warnings.append(Message(N_(
                "Cluster “{cluster}” is linked by {kinds}, which Decidim {version} (profile "
                "{profile}) does not read; link it by {reads} instead (workshop platform "
                "FILE --cluster ...)."), {
                    "cluster": names[cluster_id], "kinds": ", ".join(kinds),
                    "version": profile.version, "profile": profile.name,
                    "reads": "taxonomies" if profile.links == "taxonomies"
                    else "category, scope"}))
    return warnings


def upload_guide(lang: str, profile: Profile, locales: Sequence[str], count: int,
                 settings: PlatformSettings, workshop: Workshop) -> bytes:
    name = "generic-guide" if not profile.links else "upload-guide"
    text = resources.files("workshop.export").joinpath(f"texts/{name}-{lang}.txt").read_text(
        encoding="utf-8")
    _ = gettext_for(lang)
    links = {"categories": "category/id, scope/id", "taxonomies": "taxonomies/ids"}
    filled = Template(text).substitute(
        profile=profile.name, folder=profile.folder, count=count,
        locales=", ".join(locales), default_locale=locales[0],
        unit=_("cluster") if settings.proposals_per == "cluster" else _("idea"),
        link_columns=links.get(profile.links, "-"), url=workshop.platform_url or "-",
        version=__version__,
    )
    return _text_file(filled)


def _text_file(text: str) -> bytes:
    # A BOM so that old Windows Notepad reads the Japanese as UTF-8.
    return ("\ufeff" + text.rstrip("\n") + "\n").encode("utf-8")
