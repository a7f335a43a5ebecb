"""The participant's page as files: both languages complete, nothing from the internet,
nothing a strict content security policy would refuse."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import workshop

STATIC = Path(workshop.__file__).parent / "phones" / "static"
SCRIPTS = sorted((STATIC / "js").glob("*.js"))
CATALOGS = {lang: json.loads((STATIC / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
            for lang in ("en", "ja")}


def test_both_catalogs_have_the_same_messages_with_the_same_placeholders():
    en, ja = CATALOGS["en"], CATALOGS["ja"]
    assert set(en) == set(ja)
    for key in en:
        assert set(re.findall(r"\{\w+\}", en[key])) == set(re.findall(r"\{\w+\}", ja[key])), key
        assert ja[key].strip(), key


def test_every_message_the_page_uses_is_in_the_catalogs():
    script = "\n".join(path.read_text(encoding="utf-8") for path in SCRIPTS)
    used = set(re.findall(r"\bt\('(\w+)'", script))
    counted = set(re.findall(r"\btn\('(\w+)'", script))
    assert {f"{key}_one" for key in counted} <= set(CATALOGS["en"])
    used |= counted
    used |= set(re.findall(r'data-text="(\w+)"', (STATIC / "index.html").read_text(
        encoding="utf-8")))
    assert used, "no message found: the pattern is out of date"
    assert used <= set(CATALOGS["en"])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.inline_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.found and self.found[-1][0] == "script" and data.strip():
            self.inline_script = True


def test_the_page_has_no_inline_code_or_style_and_loads_only_its_own_files():
    parser = _Tags()
    parser.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    tags = parser.found
    assert not parser.inline_script
    assert not [tag for tag, _ in tags if tag == "style"]
    assert not [attrs for _, attrs in tags if "style" in attrs
                or any(name.startswith("on") for name in attrs)]
    sources = [attrs.get("src") or attrs.get("href") for tag, attrs in tags
               if tag in ("script", "link", "img")]
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for path in STATIC.rglob("*"):
        if path.is_file():
            assert not re.search(r"https?://|//cdn|@import", path.read_text(encoding="utf-8")), path


def test_the_page_loads_each_of_its_scripts_once_the_namespace_first_the_start_last():
    parser = _Tags()
    parser.feed((STATIC / "index.html").read_text(encoding="utf-8"))
    loaded = [attrs["src"] for tag, attrs in parser.found if tag == "script"]
    assert sorted(loaded) == sorted(f"/static/js/{path.name}" for path in SCRIPTS)
    assert loaded[0] == "/static/js/core.js" and loaded[-1] == "/static/js/start.js"
    assert loaded[1] == "/static/js/i18n.js"  # the others take t from it as they load
    # Deferred scripts run in document order; async ones would not.
    assert all("defer" in attrs for tag, attrs in parser.found if tag == "script")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_each_script_is_short(script):
    # The house rule: modules short enough to read in one sitting.
    assert len(script.read_text(encoding="utf-8").splitlines()) <= 300


@pytest.mark.parametrize("pattern", [r"\beval\s*\(", r"new Function", r"innerHTML",
                                     r"setTimeout\(\s*['\"]", r"\bimport\s*\(", r"\?\.", r"\?\?",
                                     r"\.\.\.\w"])
def test_the_script_avoids_what_a_strict_policy_or_an_older_phone_refuses(pattern):
    # eval and strings as code break under the policy; innerHTML would let a participant's
    # idea inject markup; ?., ?? and object spread are newer than an older phone's ES2017.
    assert SCRIPTS
    for script in SCRIPTS:
        assert not re.search(pattern, script.read_text(encoding="utf-8")), script.name


def test_an_installed_app_carries_every_file_of_the_page():
    # Installed from a wheel (or frozen), only package-data files exist beside the code.
    import tomllib

    root = Path(workshop.__file__).parent
    config = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["workshop"]
    shipped = {path for pattern in patterns for path in root.glob(pattern)}
    page = {path for path in STATIC.rglob("*") if path.is_file()}
    assert page and page <= shipped, sorted(str(p) for p in page - shipped)
