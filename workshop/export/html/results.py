"""The page's chapters after the programme: results per prompt with their vote rounds,
decisions, photos and the appendix (a part of ``ReportPage``, in a module of its own as
the PDF's ``report_results``)."""

from __future__ import annotations

from collections.abc import Iterable

from workshop.export.html.images import placeholder, web_image
from workshop.export.html.markup import escape
from workshop.export.pdf import wording
from workshop.export.pdf.data import IdeaEntry, IdeaGroup, NoteEntry, RoundSection
from workshop.i18n import N_, Message
from workshop.model import RoundStatus

CHART_BARS = 15  # as the PDF: the chart shows the top of a long round, the table all


class ResultsMixin:
    """Needs the ``ReportPage`` attributes: data, lang, m, t, _, section, chip, ..."""

    # ----------------------------------------------------------------------- results

    def results(self) -> str:
        """Per prompt: its clusters with their ideas, then the rounds voted on it; rounds
        over all ideas, clusters or a shortlist follow the prompts."""
        content, children = [], []
        rounds = list(self.data.rounds)
        for prompt in self.data.prompts:
            id_ = f"prompt-{prompt.number}" if prompt.number is not None else "prompt-none"
            if prompt.number is None:
                heading = self.t(N_("Ideas without a prompt"))
            else:
                heading = self.t(N_("Prompt {number}: {text}"), number=prompt.number,
                                 text=self.m.user(prompt.text, tag="bdi"))
            children.append((id_, heading))
            content.append(f'<h3 id="{id_}">{heading}</h3>')
            content += [self.group(group) for group in prompt.groups]
            mine = [r for r in rounds
                    if prompt.number is not None and r.prompt_number == prompt.number]
            for section in mine:
                rounds.remove(section)
                content.append(self.round(section))
        if not self.data.prompts:
            content.append(f"<p>{self.t(N_('The workshop has no ideas yet.'))}</p>")
        if rounds:
            heading = self.t(N_("Other vote rounds"))
            children.append(("rounds-other", heading))
            content.append(f'<h3 id="rounds-other">{heading}</h3>')
            content += [self.round(section) for section in rounds]
        return self.section("results", self.t(N_("Results")), content, children)

    def group(self, group: IdeaGroup) -> str:
        name = self.m.user(group.name) if group.name else self.t(N_("Not grouped"))
        count = escape(self.ideas_count(len(group.ideas)))
        return (f'<h4>{self.chip(group.colour)}{name} <span class="count">{count}</span></h4>'
                f'<ol class="ideas">{"".join(map(self.idea, group.ideas))}</ol>')

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

    def round(self, section: RoundSection) -> str:
        id_ = "round-" + str(next(n for n, r in enumerate(self.data.rounds, start=1)
                                  if r is section))
        rules = [(escape(label), value) for label, value in
                 wording.round_rules(section, self.lang)
                 + wording.turnout_rows(section, self.lang)]
        heading = self.t(N_("Vote: {name}"), name=self.m.user(section.name, tag="bdi"))
        parts = [f'<h4 id="{id_}">{heading}</h4>',
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
            note = self.t(N_("“Tied” marks candidates with the same number of dots: they "
                             "share the rank, and the next rank is skipped."))
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
            # by side ("1位 3.") read as one.
            rows.append(f'{self.m.user(row.title, cls="label")}<span class="bar">'
                        f'<span class="fill w{width}"></span></span>'
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
            rank = escape(wording.rank_label(row.rank, row.tied, self.lang))
            cells = [f'<td class="num">{rank}</td>', f'<td class="num">{number}</td>',
                     f'<th scope="row">{self.m.user(row.title)}</th>']
            if split:
                cells += [f'<td class="num">{row.digital}</td>',
                          f'<td class="num">{row.paper}</td>']
            cells.append(f'<td class="num">{row.total}</td>')
            top = ' class="top"' if row.rank == 1 else ""
            rows.append(f"<tr{top}>{''.join(cells)}</tr>")
        return (f'<table id="{id_}-results"><caption>{self.t(N_("Ranked results"))}</caption>'
                f"<thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    # -------------------------------------------------------------- notes and photos

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
        heading = self.t(N_("Decisions, actions and open questions"))
        return self.section("notes", heading, content, children)

    def note(self, note: NoteEntry) -> str:
        meta = [self.m.user(note.about, tag="bdi")] if note.about else []
        if note.internal:
            meta.append(self.t(N_("internal")))
        byline = f'<p class="byline">{self.sep().join(meta)}</p>' if meta else ""
        return (f'<li><p class="note-text"{self.m.lang_attr(note.text)}>{escape(note.text)}</p>'
                f"{byline}</li>")

    def photos(self) -> str:
        """Numbered as the PDF (写真1…), each with its caption and team; the alt text says
        the same, so the photo is never only a picture."""
        figures = []
        total = len(self.data.photos)
        for n, photo in enumerate(self.data.photos):
            self.step(n, total)
            image = web_image(bytes(photo.data), photo.mime)  # read only now
            if image is None:
                self.notices.append(Message(
                    N_("A photo could not be read and is left out of the report: {caption}"),
                    {"caption": photo.caption or "-"}))
                continue
            label = self._("Photo {number}").format(number=photo.number)
            whose = [photo.team] if photo.team else []
            if photo.about and photo.about != photo.team:
                whose.append(photo.about)
            aside = wording.aside(wording.tag(whose, self.lang), self.lang) if whose else ""
            space = "　" if self.lang == "ja" else "  "
            alt = f"{label}{space}{photo.caption}".rstrip() + aside
            caption = f"<strong>{escape(label)}</strong>"
            if photo.caption:
                caption += " " + self.m.user(photo.caption, tag="bdi")
            if whose:  # 「（チームA）」 follows the caption directly; " (Table A)" after a space
                caption += (" " if aside.startswith(" ") else "") + self.m.user(
                    aside.strip(), tag="bdi")
            if photo.internal:
                caption += f' <span class="meta">{self.t(N_("internal"))}</span>'
            figures.append(
                f'<li><figure><img src="{placeholder(len(self.photo_files))}" '
                f'width="{image.width}" '
                f'height="{image.height}" alt="{escape(alt)}"{self.m.lang_attr(alt)}>'
                f"<figcaption>{caption}</figcaption></figure></li>")
            self.keep(image)
        self.step(total, total)
        content = [f'<ol class="photos">{"".join(figures)}</ol>'] if figures else [
            f"<p>{self.t(N_('No photo could be read.'))}</p>"]
        return self.section("photos", self.t(N_("Photos")), content)

    # ----------------------------------------------------------------------- appendix

    def appendix(self) -> str:
        content, children = [], []
        for n, team in enumerate(self.data.teams, start=1):
            if not team.ideas:
                continue
            id_ = f"team-{n}"
            name = self.m.user(team.name)
            count = escape(self.ideas_count(len(team.ideas)))
            children.append((id_, name))
            content.append(f'<h3 id="{id_}">{self.chip(team.colour)}{name} '
                           f'<span class="count">{count}</span></h3>')
            content.append(self.title_list(team.ideas))
        unassigned = [i for i in self.data.ideas if not i.team]
        if unassigned:
            heading = self.t(N_("Ideas without a team"))
            children.append(("team-none", heading))
            content.append(f'<h3 id="team-none">{heading}</h3>')
            content.append(self.title_list(unassigned))
        if not content:
            content.append(f"<p>{self.t(N_('The workshop has no ideas yet.'))}</p>")
        heading = self.t(N_("Appendix: all ideas by team"))
        return self.section("appendix", heading, content, children)

    def title_list(self, ideas: Iterable[IdeaEntry]) -> str:
        items = "".join(f'<li value="{i.number}">{self.m.user(i.title)}</li>' for i in ideas)
        return f'<ol class="ideas">{items}</ol>'
