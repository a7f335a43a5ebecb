"""The report as one accessible web page, from the PDF report's own data.

In the PDF's order (a municipal report's): the cover (title, date, venue, organiser), a
table of contents, 開催概要 (overview), プログラム (programme), results per prompt (clusters
with their ideas, then the prompt's vote rounds: rules, a bar chart whose text
equivalent is the ranked table after it), decisions, actions and open questions, photos,
今後の予定 and 問い合わせ先 when set, and the appendix of all ideas by team. Headings go
h1 (the workshop), h2 (chapters), h3, h4 without gaps.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from workshop import __version__
from workshop.export.html.images import WebImage, write_page
from workshop.export.html.markup import Markup, colour, escape, web_link
from workshop.export.html.results import ResultsMixin
from workshop.export.html.style import style_sheet
from workshop.export.pdf import wording
from workshop.export.pdf.data import ReportData
from workshop.i18n import N_, Message, gettext_for, normalise_language, translations


class ReportPage(ResultsMixin):
    """Renders ``ReportData`` as HTML in ``lang``; ``write`` writes it as UTF-8 into a file,
    ``page`` returns it (``render`` its text with a placeholder for each photo).

    ``step(done, total)`` is called as photos are embedded (the slow part) and may raise
    to cancel. Photos that cannot be read are left out and noted in ``notices``. With a
    ``folder`` the web copies of the photos wait there, one file each, until the page is
    written; else in memory."""

    def __init__(self, data: ReportData, lang: str,
                 step: Callable[[int, int], None] | None = None, *,
                 folder: Path | None = None) -> None:
        self.data = data
        self.facts = data.workshop
        self.lang = normalise_language(lang)
        self._ = gettext_for(self.lang)
        self.ngettext = translations(self.lang).ngettext
        self.m = Markup(self.lang)
        self.step = step or (lambda done, total: None)
        self.notices: list[Message] = []
        self.folder = folder
        self.photo_files: list[tuple[str, Path | bytes]] = []  # see ``write_page``
        self.colours: dict[str, str] = {}  # colour → its class in the style sheet
        self.widths: set[int] = set()
        self.toc: list[tuple[str, str, list[tuple[str, str]]]] = []  # id, label, children
        self.team_label = self.t(N_("Team: {team}"), team="{team}")  # once, not per idea

    def t(self, msgid: str, **params: object) -> str:
        """A translated label as HTML; ``params`` are HTML already (``self.m.user``)."""
        return escape(self._(msgid)).format(**params)

    # ---------------------------------------------------------------------- the page

    def page(self) -> bytes:
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()

    def write(self, out: BinaryIO) -> None:
        write_page(out, self.render(), self.photo_files)

    def keep(self, image: WebImage) -> None:
        """The web copy of the next photo, until the page is written."""
        if self.folder is None:
            self.photo_files.append((image.mime, image.data))
            return
        path = self.folder / f"photo-{len(self.photo_files)}"
        path.write_bytes(image.data)
        self.photo_files.append((image.mime, path))

    def render(self) -> str:
        facts = self.facts
        sections = [self.overview()]
        if self.data.agenda:
            sections.append(self.programme())
        sections.append(self.results())
        if self.data.notes:
            sections.append(self.notes())
        if self.data.photos:
            sections.append(self.photos())
        if facts.next_steps.strip():
            sections.append(self.lines("next", N_("Next steps"), facts.next_steps))
        if facts.contact.strip():
            sections.append(self.lines("contact", N_("Contact"), facts.contact))
        sections.append(self.appendix())
        body = "".join([self.cover(), self.contents(), '<main id="main">',
                        *sections, "</main>", self.footer()])
        return self.document(style_sheet(self.colours, self.widths), body)

    def document(self, css: str, body: str) -> str:
        # The policy lets in this style sheet (by its hash) and embedded images, nothing
        # else: no script, no fetch, no form, no base URL, no plugin.
        digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
        policy = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
                  "base-uri 'none'; form-action 'none'")
        title = f"{self.facts.title} – {self._('Workshop report')}"
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
        """A chapter with its h2, listed in the table of contents."""
        self.toc.append((id_, heading, children or []))
        return "".join([f'<section aria-labelledby="{id_}">',
                        f'<h2 id="{id_}">{heading}</h2>', *content, "</section>\n"])

    def chip(self, value: str) -> str:
        found = colour(value)
        if not found:
            return ""
        name = self.colours.setdefault(found, f"c{len(self.colours)}")
        return f'<span class="chip {name}" aria-hidden="true"></span>'

    def facts_table(self, rows: list[tuple[str, str]], caption: str = "") -> str:
        """Label/value rows; labels are HTML already, values plain text."""
        cells = "".join(f'<tr><th scope="row">{label}</th>'
                        f'<td>{self.m.user(value, tag="span")}</td></tr>'
                        for label, value in rows if value)
        head = f"<caption>{caption}</caption>" if caption else ""
        return f'<table class="facts">{head}<tbody>{cells}</tbody></table>'

    def version(self) -> str:
        return self.t(N_("Public version") if self.data.public else N_("Internal version"))

    # ---------------------------------------------------------------- cover, contents

    def cover(self) -> str:
        facts = self.facts
        lines = [f'<header class="cover"><p class="kind">{self.t(N_("Workshop report"))}</p>',
                 f"<h1{self.m.lang_attr(facts.title)}>{escape(facts.title)}</h1>"]
        when = [wording.full_date(facts.date, self.lang, era=facts.era_dates),
                wording.time_range(facts.start_time, facts.end_time)]
        shown = [escape(("　" if self.lang == "ja" else "  ").join(p for p in when if p))]
        if facts.venue:
            shown.append(self.m.user(facts.venue))
        for label, name in ((N_("Organised by"), facts.organiser),
                            (N_("Co-organiser"), facts.co_organiser)):
            if name:
                shown.append(f'<span class="muted">{self.t(label)}{self.colon()}</span>'
                             f"{self.m.user(name, tag='bdi')}")
        lines.append(f'<p class="lead">{"<br>".join(p for p in shown if p)}</p>')
        lines.append(f'<p class="meta">{self.version()}</p></header>\n')
        return "".join(lines)

    def colon(self) -> str:
        return "：" if self.lang == "ja" else ": "

    def contents(self) -> str:
        """目次, from the chapters ``section`` listed while the page was rendered (so
        ``render`` calls this after building them)."""
        def item(id_: str, label: str, children: list[tuple[str, str]]) -> str:
            inner = "".join(f'<li><a href="#{cid}">{clabel}</a></li>' for cid, clabel in children)
            nested = f"<ol>{inner}</ol>" if inner else ""
            return f'<li><a href="#{id_}">{label}</a>{nested}</li>'

        items = "".join(item(*entry) for entry in self.toc)
        return (f'<nav class="toc" aria-labelledby="toc"><h2 id="toc">'
                f'{self.t(N_("Contents"))}</h2><ol>{items}</ol></nav>\n')

    # ---------------------------------------------------------------------- chapters

    def overview(self) -> str:
        """開催概要 as a labelled table, the same rows as the PDF's."""
        facts = self.facts
        when = [wording.full_date(facts.date, self.lang, era=facts.era_dates),
                wording.time_range(facts.start_time, facts.end_time)]
        rows = [
            (N_("Date and time"), (" " if self.lang == "ja" else ", ").join(
                p for p in when if p)),
            (N_("Venue"), facts.venue),
            (N_("Organised by"), facts.organiser),
            (N_("Co-organiser"), facts.co_organiser),
            (N_("Participants"), self.attendance()),
            (N_("Run by"), facts.facilitators),
            (N_("Theme"), facts.description),
            (N_("Ideas"), self.ideas_count(facts.ideas)),
        ]
        content = [self.facts_table([(self.t(label), value) for label, value in rows]),
                   self.data_link()]
        return self.section("overview", self.t(N_("Overview")), content)

    def attendance(self) -> str:
        """「38人（7チーム）」 / "38 people (7 teams)", as the PDF."""
        facts = self.facts
        people = facts.attendees if facts.attendees is not None else (facts.members or None)
        teams = (self.ngettext("{count} team", "{count} teams", facts.teams)
                 .format(count=facts.teams) if facts.teams else "")
        if people is None:
            return teams
        text = self.ngettext("{count} person", "{count} people", people).format(count=people)
        return text + wording.aside(teams, self.lang) if teams else text

    def ideas_count(self, count: int) -> str:
        return self.ngettext("{count} idea", "{count} ideas", count).format(count=count)

    def data_link(self) -> str:
        """Where the results are published, and the data's fingerprint, in words."""
        qr = self.data.qr
        parts = []
        if qr.url:
            url = escape(qr.url)
            link = f'<a href="{url}">{url}</a>' if web_link(qr.url) else url
            parts.append(f"<p>{self.t(N_('Published results and data'))}{self.colon()}"
                         f"{link}</p>")
        fingerprint = f'<span class="fingerprint">{escape(qr.short)}</span>'
        parts.append(f'<p class="meta">{self.t(N_("Data fingerprint"))}{self.colon()}'
                     f"{fingerprint}</p>")
        return "".join(parts)

    def programme(self) -> str:
        """プログラム: the agenda with its times."""
        rows = "".join(
            f'<tr><td class="time">{escape(wording.time_range(a.start, a.end))}</td>'
            f'<th scope="row">{self.m.user(a.title)}</th><td class="num">{a.minutes}</td></tr>'
            for a in self.data.agenda)
        head = (f'<thead><tr><th scope="col">{self.t(N_("Time"))}</th>'
                f'<th scope="col">{self.t(N_("Item"))}</th>'
                f'<th scope="col" class="num">{self.t(N_("Minutes"))}</th></tr></thead>')
        table = f"<table>{head}<tbody>{rows}</tbody></table>"
        return self.section("programme", self.t(N_("Programme")), [table])

    def lines(self, id_: str, heading: str, text: str) -> str:
        """今後の予定 or 問い合わせ先: the organiser's lines as written."""
        paragraphs = [f'<p{self.m.lang_attr(line)}>{escape(line)}</p>'
                      for line in text.splitlines() if line.strip()]
        return self.section(id_, self.t(heading), paragraphs)

    def footer(self) -> str:
        made = self.t(N_("Made with workshop {version}"), version=escape(__version__))
        return f'<footer><p class="meta">{self.version()}{self.sep()}{made}</p></footer>\n'

    def sep(self) -> str:
        """Between the parts of a tag: 「・」 in Japanese (house style), " · " in English."""
        return "・" if self.lang == "ja" else " · "
