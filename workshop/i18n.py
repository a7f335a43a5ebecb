"""Translation for the whole application, the Qt-free core included.

One mechanism everywhere: GNU gettext catalogs in ``workshop/locale``. Core code marks a
string with ``N_()`` where it is defined and renders it in the reader's language where it
is shown (CLI, PDF, window), so the same error or label reads right in Japanese and English.
Qt's own strings (standard buttons, dialogs) come from Qt's QTranslator in ``workshop.ui``.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from workshop import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

DOMAIN = "workshop"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "en"


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it yet (gettext_noop)."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for extraction (ngettext_noop); see ``Plural``."""
    return singular, plural


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog for one language; English strings are their own msgids.

    Read from its file directly: ``gettext.translation`` would first import ``locale`` to
    expand the language name, ~2 ms of the window's start for a name we already know."""
    path = LOCALE_DIR / normalise_language(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def gettext_for(lang: str):
    """A ``_`` function bound to one language, for code that renders many strings."""
    return translations(normalise_language(lang)).gettext


def ngettext_for(lang: str):
    """An ``ngettext`` bound to one language: "1 dot" / "2 dots", and one form in Japanese."""
    return translations(normalise_language(lang)).ngettext


def ngettext_of(tr: Callable[[str], str]) -> Callable[[str, str, int], str]:
    """The ``ngettext`` of the catalog a bound ``gettext`` (``ctx.tr``) belongs to; English
    plural rules for a bare function (a test's ``str``)."""
    catalog = getattr(tr, "__self__", None)
    return getattr(catalog, "ngettext", None) or _ENGLISH.ngettext


_ENGLISH = gettext.NullTranslations()


def normalise_language(value: str | None) -> str:
    """Map a locale name such as ``ja_JP.UTF-8`` to one of the supported languages."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language a person at this machine reads, from the usual environment variables."""
    env = os.environ if environ is None else environ
    for name in ("WORKSHOP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value and value not in ("C", "POSIX"):
            return normalise_language(value)
    return DEFAULT_LANGUAGE


class Message:
    """A user-facing text that is translated only when it is shown.

    ``msgid`` is an English ``str.format`` template marked with ``N_``; ``params`` fill it.
    Immutable, compared by value; not hashable, since ``params`` is a dict. (A plain class,
    not a frozen dataclass: ``dataclasses`` imports ``inspect``, ~6 ms of ``workshop
    info``'s start, and nothing else on its way needs them.)
    """

    __slots__ = ("msgid", "params")
    msgid: str
    params: dict[str, Any]

    def __init__(self, msgid: str, params: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", {} if params is None else params)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable (tried to set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable (tried to delete {name})")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Message:
            return NotImplemented
        return (self.msgid, self.params) == (other.msgid, other.params)

    __hash__ = None  # type: ignore[assignment]  # params is a dict

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle
        return (Message, (self.msgid, self.params))

    def __repr__(self) -> str:
        return f"Message(msgid={self.msgid!r}, params={self.params!r})"

    def _params(self, lang: str) -> dict[str, Any]:
        return {key: value.render(lang) if isinstance(value, Message) else value
                for key, value in self.params.items()}

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return gettext_for(lang)(self.msgid).format(**self._params(lang))

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)


class Plural(Message):
    """A ``Message`` whose wording follows a count, rendered with ngettext: "1 idea",
    "2 ideas" (Japanese has one form). ``forms`` come from ``Nn_``; ``{count}`` is filled
    with ``count``."""

    __slots__ = ("count", "plural")
    count: int
    plural: str

    def __init__(self, forms: tuple[str, str], count: int,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(forms[0], {"count": count, **(params or {})})
        object.__setattr__(self, "plural", forms[1])
        object.__setattr__(self, "count", count)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Plural:
            return NotImplemented
        return (self.msgid, self.plural, self.params) == (other.msgid, other.plural,
                                                          other.params)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle
        params = {k: v for k, v in self.params.items() if k != "count"}
        return (Plural, ((self.msgid, self.plural), self.count, params))

    def __repr__(self) -> str:
        return (f"Plural(msgid={self.msgid!r}, plural={self.plural!r}, count={self.count!r}, "
                f"params={self.params!r})")

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        template = translations(normalise_language(lang)).ngettext(
            self.msgid, self.plural, self.count)
        return template.format(**self._params(lang))
