"""The page's style sheet: the report's house colours, the reader's own fonts, reflow.

Fonts: no font file is embedded or fetched; each language has a stack of the faces the
usual systems have (Windows: BIZ UDPGothic, Yu Gothic, Meiryo; macOS: Hiragino; Linux:
Noto Sans CJK, IPAexGothic), chosen by ``:lang()`` so that a Japanese part of an English
page gets Japanese glyph forms, not Chinese ones.

Colours: text is at least 4.5:1 on its background (the lowest, muted text on the table
tint, is 5.9:1); bars are 7:1 against white. Nothing is told by colour alone: team and
cluster colours are swatches beside their names.

No style attribute anywhere: the Content Security Policy allows this one style sheet by
its hash, so the colours and bar lengths are classes generated with it.
"""

from __future__ import annotations

INK = "#1f2933"
MUTED = "#52606d"
ACCENT = "#1d4e89"
RULE = "#cbd2d9"
TINT = "#eef2f7"

_LATIN = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", '
          'Arial, "Liberation Sans"')
_JAPANESE = ('"BIZ UDPGothic", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", '
             'YuGothic, Meiryo, "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", '
             '"Source Han Sans JP"')
_KOREAN = '"Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans CJK KR", "NanumGothic"'
_EMOJI = '"Segoe UI Emoji", "Apple Color Emoji", "Noto Color Emoji", sans-serif'

BASE = f"""
:root {{ color-scheme: light; }}
html {{ font-family: {_LATIN}, {_JAPANESE}, {_EMOJI}; color: {INK}; background: #fff;
  line-height: 1.6; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
:lang(ja) {{ font-family: {_JAPANESE}, {_LATIN}, {_EMOJI}; }}
:lang(ko) {{ font-family: {_KOREAN}, {_LATIN}, {_EMOJI}; }}
html:lang(ja) {{ line-height: 1.75; line-break: strict; }}
/* Japanese headings break between phrases, not inside a word (ワー／クショップ). */
h1:lang(ja), h2:lang(ja), h3:lang(ja), h4:lang(ja), .idea-title:lang(ja) {{
  word-break: auto-phrase; }}
h1, h2, h3 {{ text-wrap: balance; }}
body {{ margin: 0; }}
*, *::before, *::after {{ box-sizing: border-box; }}
.page {{ max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 3rem; }}
p, li, td, th, figcaption, h1, h2, h3, h4, dd, dt {{ overflow-wrap: anywhere; }}
a {{ color: {ACCENT}; text-decoration-thickness: 0.08em; text-underline-offset: 0.15em; }}
a:focus-visible {{ outline: 3px solid {ACCENT}; outline-offset: 2px; }}
.skip {{ position: absolute; left: 0.5rem; top: -10rem; background: #fff; padding: 0.5rem;
  border: 2px solid {ACCENT}; }}
.skip:focus {{ top: 0.5rem; }}
h1, h2, h3, h4 {{ color: {ACCENT}; line-height: 1.3; margin: 1.6em 0 0.5em; }}
h1 {{ font-size: 2rem; margin-top: 0.4em; }}
h2 {{ font-size: 1.5rem; border-bottom: 2px solid {ACCENT}; padding-bottom: 0.2em; }}
h3 {{ font-size: 1.25rem; }}
h4 {{ font-size: 1.1rem; }}
.kind {{ color: {MUTED}; font-weight: bold; margin: 1.5rem 0 0; }}
.cover {{ border-top: 0.5rem solid {ACCENT}; margin-top: 0; }}
.lead {{ font-size: 1.1rem; white-space: pre-line; }}
.count, .byline, .meta, .muted {{ color: {MUTED}; font-size: 0.9rem; font-weight: normal; }}
.toc ol {{ padding-left: 1.5rem; margin: 0.2rem 0; }}
.toc li {{ margin: 0.15rem 0; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }}
caption {{ text-align: left; font-weight: bold; padding: 0.3rem 0; caption-side: top; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.35rem 0.5rem;
  border-bottom: 1px solid {RULE}; }}
thead th {{ background: {TINT}; border-bottom: 2px solid {ACCENT}; }}
.facts th {{ width: 30%; background: {TINT}; }}
td.time {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.num, th.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
tr.top th, tr.top td {{ font-weight: bold; }}
ol.ideas {{ padding-left: 3.6em; margin: 0.3rem 0 1rem; }}
ol.ideas > li {{ margin: 0 0 0.7rem; padding-left: 0.3em; }}
ol.ideas > li::marker {{ color: {MUTED}; font-variant-numeric: tabular-nums; }}
.idea-title {{ font-weight: bold; }}
.details, .note-text {{ margin: 0.15rem 0 0; white-space: pre-line; }}
.byline {{ margin: 0.1rem 0 0; }}
ul.notes {{ padding-left: 1.4rem; }}
ul.notes > li {{ margin-bottom: 0.7rem; }}
.chip {{ display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em;
  border: 1px solid {INK}; vertical-align: baseline; }}
.chart {{ margin: 0.5rem 0 1rem; }}
.chart figcaption {{ font-weight: bold; margin-bottom: 0.3rem; }}
.bars {{ display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
  gap: 0.25rem 0.6rem; align-items: center; }}
.bar {{ display: block; height: 1.1rem; background: {TINT}; border: 1px solid {RULE}; }}
.fill {{ display: block; height: 100%; background: {ACCENT}; }}
.bars .num {{ text-align: right; font-variant-numeric: tabular-nums; }}
@media (max-width: 34em) {{
  .bars {{ grid-template-columns: minmax(0, 1fr) auto; }}
  .bars .label {{ grid-column: 1 / -1; }}
  .facts th {{ width: 40%; }}
  th, td {{ padding: 0.3rem 0.3rem; }}
  ol.ideas {{ padding-left: 2.8em; }}
}}
.photos {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr));
  gap: 1rem; margin: 0; padding: 0; list-style: none; }}
.photos figure {{ margin: 0; }}
.photos img {{ display: block; max-width: 100%; height: auto; border: 1px solid {RULE}; }}
.photos figcaption {{ font-size: 0.95rem; margin-top: 0.3rem; }}
.fingerprint {{ font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; }}
footer {{ margin-top: 3rem; border-top: 1px solid {RULE}; padding-top: 0.5rem; }}
/* Windows' contrast themes replace backgrounds: the bars and swatches keep theirs. */
@media (forced-colors: active) {{
  .fill {{ forced-color-adjust: none; background: CanvasText; }}
  .bar {{ border-color: CanvasText; }}
  .chip {{ forced-color-adjust: none; }}
}}
@media print {{
  @page {{ size: A4; margin: 15mm 15mm 18mm; }}
  html {{ font-size: 10.5pt; }}
  .page {{ max-width: none; padding: 0; }}
  .skip, .toc {{ display: none; }}
  main > section {{ break-before: page; }}
  main > section:first-child {{ break-before: auto; }}
  h2, h3, h4 {{ break-after: avoid; }}
  li, tr, figure {{ break-inside: avoid; }}
  a {{ color: {INK}; }}
  caption {{ break-after: avoid; }}
  .fill, .chip, thead th, .facts th {{ print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }}
}}
"""


def style_sheet(colours: dict[str, str], widths: set[int]) -> str:
    """The whole style sheet: the base, a class for each workshop colour (``colours``
    maps a colour to its class) and for each bar length used, in percent."""
    parts = [BASE]
    parts += [f".{name} {{ background: {value}; }}\n" for value, name in sorted(colours.items())]
    parts += [f".w{n} {{ width: {n}%; }}\n" for n in sorted(widths)]
    return "".join(parts)
