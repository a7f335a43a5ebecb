"""Translations: every marked string has Japanese, the catalogs are compiled, and the app
really speaks the reader's language (core errors and the command line).

When a test here fails after adding strings: run ``scripts/i18n update``, translate what it
lists in workshop/locale/ja/LC_MESSAGES/workshop.po, and run ``scripts/i18n update`` again.
"""

from __future__ import annotations

import gettext
import importlib.machinery
import importlib.util
import io
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workshop import i18n
from workshop.errors import InputError, NotFoundError
from workshop.i18n import N_, Message, gettext_for, normalise_language, system_language
from workshop.text import checked_text

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "workshop" / "locale"


def _load_script():
    """scripts/i18n as a module, so the test extracts exactly as ``update`` does."""
    path = ROOT / "scripts" / "i18n"
    loader = importlib.machinery.SourceFileLoader("workshop_i18n_script", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


script = _load_script()


def _catalog(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "workshop.po").open("rb") as handle:
        return read_po(handle, locale=lang, domain="workshop")


def _key(msgid, context) -> tuple:
    return (tuple(msgid) if isinstance(msgid, (list, tuple)) else msgid, context)


def _strings(message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, (list, tuple)) else (value or "",)


def _placeholders(text: str) -> set[str]:
    fields = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields.add("{" + name + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")
    return fields


@pytest.fixture(scope="module")
def extracted() -> list[tuple]:
    return list(script.extract_messages())


@pytest.fixture(scope="module")
def ja() -> Catalog:
    return _catalog("ja")


# ------------------------------------------------------------------------- completeness


def test_extraction_sees_every_way_strings_are_marked(extracted):
    ids = {_key(message, context)[0] for _file, _line, message, _comments, context in extracted}
    assert script.KEYWORDS.keys() >= {"_", "N_", "ngettext"}
    assert "There is no {kind} with id {id}." in ids  # N_() in the core
    assert "create an empty workshop file" in ids  # _ = gettext_for(lang); _("...")
    assert "Created {path}" in ids  # gettext_for(lang)("...")
    assert "File format" in ids  # _("...") inside an f-string
    assert len(ids) > 50


def test_every_source_string_has_a_japanese_translation(extracted, ja):
    missing = []
    for filename, lineno, message, _comments, context in extracted:
        stored = ja.get(message, context)
        if stored is None:
            problem = "not in ja/workshop.po"
        elif stored.fuzzy:
            problem = "fuzzy"
        elif not all(s.strip() for s in _strings(stored)):
            problem = "empty msgstr"
        else:
            continue
        missing.append(f"{filename}:{lineno}: {message!r}: {problem}")
    assert not missing, (
        "strings without Japanese (run scripts/i18n update, translate them in "
        "workshop/locale/ja/LC_MESSAGES/workshop.po, run it again):\n" + "\n".join(missing))


def test_the_template_holds_exactly_the_source_strings(extracted):
    with (LOCALE / "workshop.pot").open("rb") as handle:
        template = read_po(handle)
    in_source = {_key(m, c) for _f, _l, m, _co, c in extracted}
    in_template = {_key(m.id, m.context) for m in template if m.id}
    assert in_source == in_template, "workshop.pot is stale: run scripts/i18n update"


def test_japanese_keeps_every_placeholder(ja):
    wrong = []
    for message in ja:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        wanted = set().union(*(_placeholders(i) for i in ids))
        for text in _strings(message):
            try:
                have = _placeholders(text)
            except ValueError as error:  # e.g. an unbalanced or full-width brace
                wrong.append(f"{ids[0]!r}: {text!r}: {error}")
                continue
            if have != wanted:
                wrong.append(f"{ids[0]!r}: {sorted(have)} != {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)


def test_every_japanese_template_formats(ja):
    for message in ja:
        if not message.id:
            continue
        for text in _strings(message):
            values = {name.split("!")[0].split(":")[0].strip("{}"): "x"
                      for name in _placeholders(text)}
            text.format(**values)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_catalogs_match_their_po(lang):
    catalog = _catalog(lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    expected = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    mo = LOCALE / lang / "LC_MESSAGES" / "workshop.mo"
    with mo.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)

    def messages(t):
        return {key: value for key, value in t._catalog.items() if key != ""}

    assert messages(shipped) == messages(expected), f"{mo} is stale: run scripts/i18n compile"
    assert shipped.info().get("plural-forms") == expected.info().get("plural-forms")


# ---------------------------------------------------------------------------- behaviour


def test_errors_render_in_the_readers_language():
    error = NotFoundError("idea", "x")
    assert error.render("ja") == "ID x のアイデアは見つかりません。"
    assert error.render("en") == "There is no idea with id x."
    assert str(error) == "There is no idea with id x."


def test_nested_messages_are_translated_too():
    with pytest.raises(InputError) as caught:
        checked_text("   ", "title", max_length=10, required=True)
    assert caught.value.render("ja") == "タイトルを入力してください。"
    assert caught.value.render("en") == "Title must not be empty."
    message = Message(N_("{field} must be between {low} and {high}."),
                      {"field": Message("Attendees"), "low": 0, "high": 9})
    assert message.render("ja") == "参加者数は0から9までの範囲で入力してください。"
    assert message.render("ja_JP.UTF-8") == message.render("ja")


def test_a_message_is_an_immutable_value():
    import copy
    import pickle

    from workshop.i18n import Nn_, Plural

    message = Message("{n} ideas", {"n": 2, "field": Message("Title")})
    assert message == Message("{n} ideas", {"n": 2, "field": Message("Title")})
    assert message != Message("{n} ideas", {"n": 3, "field": Message("Title")})
    assert Message("Title", None) == Message("Title") and Message("Title").params == {}
    for change in (lambda m: setattr(m, "msgid", "x"), lambda m: delattr(m, "params"),
                   lambda m: setattr(m, "other", 1)):
        with pytest.raises(AttributeError):
            change(message)
    with pytest.raises(TypeError):
        hash(message)
    plural = Plural(Nn_("{count} idea", "{count} ideas"), 2, {"team": "A"})
    with pytest.raises(AttributeError):
        plural.count = 3  # type: ignore[misc]
    for value in (message, plural):
        assert copy.deepcopy(value) == value and pickle.loads(pickle.dumps(value)) == value
        assert repr(value).startswith(type(value).__name__ + "(")
    assert plural != Message(plural.msgid, plural.params)
    assert plural.render("en") == "2 ideas"


def test_unknown_languages_fall_back_to_english():
    assert Message("Title").render("fr") == "Title"
    assert gettext_for("ja")("Title") == "タイトル"
    assert gettext_for("en")("Title") == "Title"
    assert gettext_for("ja")("a string nobody marked") == "a string nobody marked"


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({}, "en"),
    ({"LANGUAGE": "ja:en", "LANG": "en_US.UTF-8"}, "ja"),
    ({"LC_ALL": "ja_JP.eucJP", "LANG": "en_GB.UTF-8"}, "ja"),
    ({"LC_ALL": "POSIX", "LANG": "ja_JP.UTF-8"}, "ja"),
    ({"WORKSHOP_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
])
def test_system_language(environ, expected):
    assert system_language(environ) == expected


def test_normalise_language():
    assert normalise_language("ja-JP") == "ja"
    assert normalise_language("JA") == "ja"
    assert normalise_language(None) == "en"


@pytest.mark.parametrize(("lang", "expected"), [
    ("ja_JP.UTF-8", "にワークショップファイルがありません。"),
    ("en_US.UTF-8", "There is no workshop file at "),
])
def test_command_line_speaks_the_readers_language(tmp_path, lang, expected):
    missing = tmp_path / "missing.workshop"
    env = {k: v for k, v in os.environ.items()
           if k not in ("WORKSHOP_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    # PYTHONUTF8: the test machine may lack the ja_JP locale, which would make stderr ASCII.
    env.update(LANG=lang, WORKSHOP_CONFIG_DIR=str(tmp_path / "config"), PYTHONUTF8="1")
    result = subprocess.run([sys.executable, "-m", "workshop", "info", str(missing)],
                            capture_output=True, text=True, encoding="utf-8", env=env,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("workshop: ")
    assert expected in result.stderr
    assert str(missing) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
