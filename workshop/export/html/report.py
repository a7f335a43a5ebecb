"""The report as one accessible web page, from the PDF report's own data.

Order as in the PDF: the cover (title, date, organiser), a table of contents, the
overview (開催概要), the agenda, ideas by prompt and cluster, each vote round (rules, a
bar chart with the ranked table as its text equivalent), notes, photos, and the appendix
of all ideas by team. Headings go h1 (the workshop), h2 (sections), h3, h4 without gaps.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable

from workshop import __version__
from workshop.export.html.images import web_image
from workshop.export.html.markup import Markup, colour, escape, web_link
from workshop.export.html.style import style_sheet
from workshop.export.pdf import wording
from workshop.export.pdf.data import IdeaEntry, NoteEntry, ReportData, RoundSection
from workshop.i18n import N_, Message, gettext_for, normalise_language, translations
from workshop.model import RoundStatus

CHART_BARS = 15  # as the PDF: the chart shows the top of a long round, the table all


class ReportPage:
    """Renders ``ReportData`` as HTML in ``lang``; ``render`` returns the page's text.

    ``step(done, total)`` is called as photos are embedded (the slow part) and may raise
    to cancel. Photos that cannot be read are left out and noted in ``notices``."""

    def __init__(self, data: ReportData, lang: str,
                 step: Callable[[int, int], None] | None = None) -> None:
        self.data = data
        self.lang = normalise_language(lang)
        self._ = gettext_for(self.lang)
        self.ngettext = translations(self.lang).ngettext
        self.m = Markup(self.lang)
        self.step = step or (lambda done, total: None)
        self.notices: list[Message] = []
        self.colours: dict[str, str] = {}  # colour → its class in the style sheet
        self.widths: set[int] = set()
        self.toc: list[tuple[str, str, list[tuple[str, str]]]] = []  # id, label, children
        self.team_label = self.t(N_("Team: {team}"), team="{team}")  # once, not per idea
        self.sep = "・" if self.lang == "ja" else " · "  # house style: 「・」 in Japanese

    def t(self, msgid: str, **params: object) -> str:
        """A translated label as HTML; ``params`` are HTML already (``self.m.user``)."""
        return escape(self._(msgid)).format(**params)

    # ---------------------------------------------------------------------- the page

    def render(self) -> str:
        sections = [self.overview()]
        if self.data.agenda:
            sections.append(self.agenda())
        sections.append(self.ideas())
        if self.data.rounds:
            sections.append(self.rounds())
        if self.data.notes:
            sections.append(self.notes())
        if self.data.photos:
            sections.append(self.photos())
        sections.append(self.appendix())
        body = "".join([self.cover(), self.contents(), '<main id="main">',
                        *sections, "</main>", self.footer()])
        css = style_sheet(self.colours, self.widths)
        return self.document(css, body)

    def document(self, css: str, body: str) -> str:
        # The policy lets in this style sheet (by its hash) and embedded images, nothing
        # else: no script, no fetch, no form, no base URL, no plugin.
        digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
        policy = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
                  "base-uri 'none'; form-action 'none'")
        title = f"{self.data.workshop.title} – {self._('Workshop report')}"
        skip = escape(self._("Skip to the report"))
        return "".join([
            f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f'<meta name="generator" content="workshop {escape(__version__)}">\n',
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n",
            f'<a class="skip" href="#main">{skip}</a>\n<div class="page">\n',
            body, "</div>\n</body>\n</html>\n",
        ])

    def section(self, id_: str, heading: str, content: Iterable[str],
                children: list[tuple[str, str]] | None = None) -> str:
        """A top-level section with its h2, listed in the table of contents."""
        self.toc.append((id_, heading, children or []))
        return "".join([f'<section aria-labelledby="{id_}">',
                        f'<h2 id="{id_}">{heading}</h2>', *content, "</section>\n"])

    def chip(self, value: str) -> str:
        found = colour(value)
        if not found:
            return ""
        name = self.colours.setdefault(found, f"c{len(self.colours)}")
        return f'<span class="chip {name}" aria-hidden="true"></span>'

    def facts_table(self, rows: list[tuple[str, str]], caption: str = "",
                    cls: str = "facts") -> str:
        """Label/value rows; labels are HTML already, values typed text."""
        cells = "".join(f'<tr><th scope="row">{label}</th><td>{self.m.user(value)}</td></tr>'
                        for label, value in rows if value)
        head = f"<caption>{caption}</caption>" if caption else ""
        return f'<table class="{cls}">{head}<tbody>{cells}</tbody></table>'

    # ---------------------------------------------------------------------- sections

    def cover(self) -> str:
        facts = self.data.workshop
        lines = [f'<header class="cover"><p class="kind">{self.t(N_("Workshop report"))}</p>',
                 f"<h1{self.m.lang_attr(facts.title)}>{escape(facts.title)}</h1>"]
        when = wording.when(facts.date, facts.start_time, facts.end_time, self.lang)
        byline = [escape(when)] if when else []
        if facts.organiser:
            byline.append(self.m.user(facts.organiser))
        if byline:
            lines.append(f'<p class="lead">{"<br>".join(byline)}</p>')
        version = N_("Public version") if self.data.public else N_("Internal version")
        lines.append(f'<p class="meta">{self.t(version)}</p></header>\n')
        return "".join(lines)

    def contents(self) -> str:
        """The table of contents; filled by ``section`` while the page is rendered, so
        this is put together last (``render`` builds the sections first)."""
        def item(id_: str, label: str, children: list[tuple[str, str]]) -> str:
            inner = "".join(f'<li><a href="#{cid}">{clabel}</a></li>' for cid, clabel in children)
            nested = f"<ol>{inner}</ol>" if inner else ""
            return f'<li><a href="#{id_}">{label}</a>{nested}</li>'

        heading = self.t(N_("Contents"))
        items = "".join(item(*entry) for entry in self.toc)
        return (f'<nav class="toc" aria-labelledby="toc"><h2 id="toc">{heading}</h2>'
                f"<ol>{items}</ol></nav>\n")

    def overview(self) -> str:
        facts = self.data.workshop
        attendance = []
        if facts.attendees is not None:
            attendance.append(self.ngettext("{count} attendee", "{count} attendees",
                                            facts.attendees).format(count=facts.attendees))
        if facts.teams:
            attendance.append(self.ngettext("{count} team", "{count} teams",
                                            facts.teams).format(count=facts.teams))
        separator = "、" if self.lang == "ja" else ", "
        rows = [
            (self.t(N_("Title")), facts.title),
            (self.t(N_("Date")), wording.long_date(facts.date, self.lang)),
            (self.t(N_("Time")), wording.time_range(facts.start_time, facts.end_time)),
            (self.t(N_("Venue")), facts.venue),
            (self.t(N_("Organiser")), facts.organiser),
            (self.t(N_("Attendance")), separator.join(attendance)),
            (self.t(N_("Ideas")), str(facts.ideas)),
        ]
        content = [self.facts_table(rows)]
        if facts.description:
            content.append(f'<p class="lead">{self.m.user(facts.description)}</p>')
        content.append(self.data_link())
        return self.section("overview", self.t(N_("Overview")), content)

    def data_link(self) -> str:
        """Where the results are published and the fingerprint of the data, in words."""
        qr = self.data.qr
        parts = []
        if qr.url:
            url = escape(qr.url)
            link = f'<a href="{url}">{url}</a>' if web_link(qr.url) else url
            parts.append(f"<p>{self.t(N_('Published results and data'))}: {link}</p>")
        fingerprint = f'<span class="fingerprint">{escape(qr.short)}</span>'
        parts.append(f'<p class="meta">{self.t(N_("Data fingerprint"))}: {fingerprint}</p>')
        return "".join(parts)

    def agenda(self) -> str:
        rows = "".join(
            f'<tr><td class="time">{escape(wording.time_range(a.start, a.end))}</td>'
            f'<th scope="row">{self.m.user(a.title)}</th><td class="num">{a.minutes}</td></tr>'
            for a in self.data.agenda)
        head = (f'<thead><tr><th scope="col">{self.t(N_("Time"))}</th>'
                f'<th scope="col">{self.t(N_("Item"))}</th>'
                f'<th scope="col" class="num">{self.t(N_("Minutes"))}</th></tr></thead>')
        table = f"<table>{head}<tbody>{rows}</tbody></table>"
        return self.section("agenda", self.t(N_("Agenda")), [table])

    def ideas(self) -> str:
        content, children = [], []
        for prompt in self.data.prompts:
            id_ = f"prompt-{prompt.number}" if prompt.number is not None else "prompt-none"
            if prompt.number is None:
                heading = self.t(N_("Ideas without a prompt"))
            else:
                heading = self.t(N_("Prompt {number}: {text}"), number=prompt.number,
                                 text=self.m.user(prompt.text, tag="bdi"))
            children.append((id_, heading))
            content.append(f'<h3 id="{id_}">{heading}</h3>')
            for group in prompt.groups:
                name = self.m.user(group.name) if group.name else self.t(N_("Not grouped"))
                count = self.ideas_count(len(group.ideas))
                content.append(f'<h4>{self.chip(group.colour)}{name} '
                               f'<span class="count">{count}</span></h4>')
                content.append(self.idea_list(group.ideas, with_details=True))
        if not self.data.prompts:
            content.append(f"<p>{self.t(N_('No ideas yet.'))}</p>")
        return self.section("ideas", self.t(N_("Ideas")), content, children)

    def ideas_count(self, count: int) -> str:
        return escape(self.ngettext("{count} idea", "{count} ideas", count).format(count=count))

    def idea_list(self, ideas: Iterable[IdeaEntry], *, with_details: bool) -> str:
        items = [self.idea(i) if with_details else
                 f'<li value="{i.number}">{self.m.user(i.title)}</li>' for i in ideas]
        return f'<ol class="ideas">{"".join(items)}</ol>'

    def idea(self, idea: IdeaEntry) -> str:
        parts = [f'<li value="{idea.number}" id="idea-{idea.number}">',
                 self.m.user(idea.title, cls="idea-title")]
        if idea.details:
            parts.append(f'<p class="details"{self.m.lang_attr(idea.details)}>'
                         f"{escape(idea.details)}</p>")
        if idea.team:
            team = self.team_label.format(team=self.m.user(idea.team, tag="bdi"))
            parts.append(f'<p class="byline">{team}</p>')
        parts.append("</li>")
        return "".join(parts)

    def rounds(self) -> str:
        content, children = [], []
        for n, section in enumerate(self.data.rounds, start=1):
            id_ = f"round-{n}"
            name = self.m.user(section.name)
            children.append((id_, name))
            content.append(self.round(id_, section))
        return self.section("votes", self.t(N_("Vote results")), content, children)

    def round(self, id_: str, section: RoundSection) -> str:
        rules = [(escape(label), value) for label, value in
                 wording.round_rules(section, self.lang) + wording.turnout_rows(section,
                                                                                  self.lang)]
        parts = [f'<h3 id="{id_}">{self.m.user(section.name)}</h3>',
                 self.facts_table(rules, self.t(N_("How the vote was run")))]
        if not section.shown:
            message = (N_("Voting is still open; there are no results yet.")
                       if section.status is RoundStatus.OPEN
                       else N_("The results of this round have not been revealed."))
            return "".join([*parts, f"<p>{self.t(message)}</p>"])
        if not section.results:
            return "".join([*parts, f"<p>{self.t(N_('No candidates.'))}</p>"])
        parts.append(self.chart(id_, section))
        parts.append(self.results_table(id_, section))
        if any(row.tied for row in section.results):
            note = self.t(N_("= marks a shared rank: these candidates have the same number "
                             "of dots."))
            parts.append(f'<p class="meta">{note}</p>')
        return "".join(parts)

    def chart(self, id_: str, section: RoundSection) -> str:
        """Bars for the top candidates. To assistive technology the chart is one image
        whose name says that the table after it holds every figure (its text equivalent)."""
        top = section.results[:CHART_BARS]
        if len(section.results) > CHART_BARS:
            caption = self.t(N_("The top {count} of {total} candidates, by dots"),
                             count=len(top), total=len(section.results))
        else:
            caption = self.t(N_("Dots per candidate"))
        most = max((row.total for row in top), default=0) or 1
        rows = []
        for row in top:
            width = max(0, round(100 * row.total / most))
            self.widths.add(width)
            # The title alone: ranks and numbers are in the table, and two numbers side
            # by side ("=1 3.") read as one.
            label = self.m.user(row.title, cls="label")
            rows.append(f'{label}<span class="bar"><span class="fill w{width}"></span></span>'
                        f'<span class="num">{row.total}</span>')
        name = escape(self._("Bar chart of the dots per candidate. Every figure is in the "
                             "table “Ranked results” that follows."))
        return (f'<figure class="chart" aria-labelledby="{id_}-chart">'
                f'<figcaption id="{id_}-chart">{caption}</figcaption>'
                f'<div class="bars" role="img" aria-label="{name}">{"".join(rows)}</div>'
                f"</figure>")

    def results_table(self, id_: str, section: RoundSection) -> str:
        digital = any(row.digital for row in section.results) or section.ballots > 0
        paper = any(row.paper for row in section.results) or section.paper_voters is not None
        split = digital and paper
        head = [f'<th scope="col">{self.t(N_("Rank"))}</th>',
                f'<th scope="col" class="num">{self.t(N_("No."))}</th>',
                f'<th scope="col">{self.t(N_("Candidate"))}</th>']
        if split:
            head += [f'<th scope="col" class="num">{self.t(N_("Laptop"))}</th>',
                     f'<th scope="col" class="num">{self.t(N_("Paper"))}</th>']
        head.append(f'<th scope="col" class="num">{self.t(N_("Dots"))}</th>')
        rows = []
        for row in section.results:
            number = ("" if row.number is None else
                      f'<a href="#idea-{row.number}">{row.number}</a>')
            cells = [f'<td class="num">{escape(wording.rank_label(row.rank, row.tied))}</td>',
                     f'<td class="num">{number}</td>',
                     f'<th scope="row">{self.m.user(row.title)}</th>']
            if split:
                cells += [f'<td class="num">{row.digital}</td>',
                          f'<td class="num">{row.paper}</td>']
            cells.append(f'<td class="num">{row.total}</td>')
            top = ' class="top"' if row.rank == 1 else ""
            rows.append(f"<tr{top}>{''.join(cells)}</tr>")
        caption = self.t(N_("Ranked results"))
        return (f'<table id="{id_}-results"><caption>{caption}</caption>'
                f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def notes(self) -> str:
        content, children, kind = [], [], None
        items: list[str] = []
        for note in self.data.notes:
            if note.kind != kind:
                if items:
                    content.append(f'<ul class="notes">{"".join(items)}</ul>')
                    items = []
                kind = note.kind
                id_ = f"notes-{kind.value}"
                label = escape(wording.note_kind_label(kind, self.lang, plural=True))
                children.append((id_, label))
                content.append(f'<h3 id="{id_}">{label}</h3>')
            items.append(self.note(note))
        if items:
            content.append(f'<ul class="notes">{"".join(items)}</ul>')
        return self.section("notes", self.t(N_("Notes and decisions")), content, children)

    def note(self, note: NoteEntry) -> str:
        meta = [self.m.user(note.about, tag="bdi")] if note.about else []
        if note.internal:
            meta.append(self.t(N_("internal")))
        byline = f'<p class="byline">{self.sep.join(meta)}</p>' if meta else ""
        return (f'<li><p class="note-text"{self.m.lang_attr(note.text)}>{escape(note.text)}</p>'
                f"{byline}</li>")

    def photos(self) -> str:
        figures = []
        total = len(self.data.photos)
        for n, photo in enumerate(self.data.photos, start=1):
            self.step(n - 1, total)
            image = web_image(photo.data, photo.mime)
            if image is None:
                self.notices.append(Message(
                    N_("A photo could not be read and is left out of the report: {caption}"),
                    {"caption": photo.caption or "-"}))
                continue
            number = len(figures) + 1
            words = [part for part in (photo.caption, photo.about) if part]
            label = self._("Photo {number}").format(number=number)
            alt = ": ".join([label, " – ".join(words)]) if words else label
            shown = [self.m.user(part, tag="bdi") for part in words]
            if photo.internal:
                shown.append(self.t(N_("internal")))
            caption = " ".join([f"<strong>{escape(label)}</strong>", self.sep.join(shown)]
                               if shown else [f"<strong>{escape(label)}</strong>"])
            figures.append(
                f'<li><figure><img src="{image.uri}" width="{image.width}" '
                f'height="{image.height}" alt="{escape(alt)}"{self.m.lang_attr(alt)}>'
                f"<figcaption>{caption}</figcaption></figure></li>")
        self.step(total, total)
        content = [f'<ol class="photos">{"".join(figures)}</ol>'] if figures else [
            f"<p>{self.t(N_('No photo could be read.'))}</p>"]
        return self.section("photos", self.t(N_("Photos")), content)

    def appendix(self) -> str:
        content, children = [], []
        for n, team in enumerate(self.data.teams, start=1):
            if not team.ideas:
                continue
            id_ = f"team-{n}"
            name = self.m.user(team.name)
            children.append((id_, name))
            content.append(f'<h3 id="{id_}">{self.chip(team.colour)}{name} '
                           f'<span class="count">{self.ideas_count(len(team.ideas))}</span></h3>')
            content.append(self.idea_list(team.ideas, with_details=False))
        unassigned = [i for i in self.data.ideas if not i.team]
        if unassigned:
            heading = self.t(N_("Ideas without a team"))
            children.append(("team-none", heading))
            content.append(f'<h3 id="team-none">{heading}</h3>')
            content.append(self.idea_list(unassigned, with_details=False))
        if not content:
            content.append(f"<p>{self.t(N_('No ideas yet.'))}</p>")
        heading = self.t(N_("Appendix: all ideas by team"))
        return self.section("appendix", heading, content, children)

    def footer(self) -> str:
        version = N_("Public version") if self.data.public else N_("Internal version")
        made = self.t(N_("Made with workshop {version}"), version=escape(__version__))
        return f'<footer><p class="meta">{self.t(version)} · {made}</p></footer>\n'
