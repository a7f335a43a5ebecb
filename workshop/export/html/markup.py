"""Safe pieces of HTML: escaped text, the language of a piece of text, ids and colours.

Everything a person typed reaches the page only through ``Markup.user`` (or ``escape`` in
an attribute), never by formatting it into a tag.
"""

from __future__ import annotations

import re
from html import escape as _escape
from urllib.parse import urlsplit

# Scripts that tell a text's language with certainty in this app: kana and kanji are
# Japanese (a Chinese workshop is not one it is made for), Hangul is Korean.
_JAPANESE = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# Plain ASCII words with at least one letter: English is the only Latin-script language
# the app is made for (a name in romaji read with English rules is read acceptably).
_ENGLISH = re.compile(r"^[\x20-\x7e\s]*[A-Za-z][\x20-\x7e\s]*$")
# Right-to-left letters and the explicit direction controls (embeddings, overrides,
# isolates, marks): text with any of them is put in a <bdi>, its own bidirectional
# island, so it can neither run backwards into the page's words nor take them along.
_BIDI = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Either of the above: text without any (nearly all) needs neither escaping nor a <bdi>.
_UNUSUAL = re.compile(f"[&<>\"']|{_BIDI.pattern}")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


_SPECIAL = re.compile("[&<>\"']")


def escape(value: str) -> str:
    """Text for an element's content or a quoted attribute value."""
    # Most text has nothing to escape: one scan in C instead of five replacements.
    return _escape(value, quote=True) if _SPECIAL.search(value) else value


def language_of(text: str) -> str | None:
    """The language a piece of text is certainly in, or None when the script does not say."""
    if _JAPANESE.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _ENGLISH.match(text):
        return "en"
    return None


def colour(value: str) -> str | None:
    """A colour from the workshop (team or cluster) for the style sheet, if it is one."""
    return value.lower() if _COLOUR.match(value or "") else None


def web_link(url: str) -> bool:
    """Whether a URL may be a link: only the web's own schemes, never ``javascript:``
    (the input rules say so too; a page is not the place to trust them)."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class Markup:
    """Text in a page of one language: typed text is escaped and, where its script says
    it is in another language, marked with that language (WCAG 3.1.2), so that a screen
    reader switches voice and a browser picks Japanese rather than Chinese glyph forms."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._made: dict[tuple[str, str, str], str] = {}  # team names repeat per idea

    def user(self, text: str, *, tag: str = "span", cls: str = "") -> str:
        """Typed text, escaped; in an element of its own when it needs a language or a
        bidirectional island (``tag`` with class ``cls``, which may then be a <bdi>)."""
        if not text:
            return ""
        key = (text, tag, cls)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._user(text, tag, cls)
        return made

    def _user(self, text: str, tag: str, cls: str) -> str:
        attrs = f' class="{cls}"' if cls else ""
        found = language_of(text)
        if found and found != self.lang:
            attrs += f' lang="{found}"'
        if _UNUSUAL.search(text) is None:
            return f"<{tag}{attrs}>{text}</{tag}>" if attrs or tag != "span" else text
        if _BIDI.search(text):
            tag = "bdi"
        elif not attrs and tag == "span":
            return escape(text)
        return f"<{tag}{attrs}>{escape(text)}</{tag}>"

    def lang_attr(self, text: str) -> str:
        """` lang="…"` for an element that holds only ``text``, when it is in another
        language than the page."""
        found = language_of(text)
        return f' lang="{found}"' if found and found != self.lang else ""
