"""Each command imports only what it needs: ``workshop info`` starts almost as fast as
Python itself, so it must not pay for the window, the PDF library or the exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.demo import create_demo

# Run in a fresh interpreter: this one has imported everything already.
_MODULES_AFTER = """
import contextlib, io, sys
from workshop.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
modules = sorted(sys.modules)
import json
print(json.dumps({"code": code, "modules": modules}))
"""

# Never needed to read a workshop's summary. sqlite_utils (with click, pluggy and
# dateutil, ~50 ms) is for writing and migrating: a read-only open reads with sqlite3.
NOT_FOR_INFO = ("PySide6", "shiboken6", "reportlab", "workshop.ui", "workshop.export",
                "workshop.demo", "workshop.voting", "workshop.doctor", "openpyxl", "PIL",
                "qrcode", "sqlite_utils", "click", "pluggy", "dateutil",
                "workshop.store.snapshots", "workshop.store.checks",
                # The records' classes and the store around them: info reads its few
                # values with workshop.store.summary (~15 ms less).
                "workshop.model", "workshop.fields", "workshop.rules", "workshop.store.store",
                "workshop.store.records", "workshop.store.merging", "socket",
                # dataclasses imports inspect (~6 ms): info's path has no dataclass, and
                # only a damaged file needs its backups (workshop.store.files).
                "dataclasses", "inspect", "workshop.store.files",
                # Annotations only: see workshop.TYPE_CHECKING (~2 ms).
                "typing",
                # The other commands sweep the temporary folders (workshop.commands).
                "tempfile", "random")


def _modules_after(*args: str) -> list[str]:
    env = {**os.environ, "WORKSHOP_LANG": "en"}
    done = subprocess.run([sys.executable, "-c", _MODULES_AFTER, *args], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return report["modules"]


def _loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imports") / "demo.workshop"
    create_demo(path, lang="en", device_id="test").close()
    return path


@pytest.mark.parametrize("args", [("info",), ("info", "--json")])
def test_info_imports_only_what_it_reads(demo_file: Path, args: tuple[str, ...]) -> None:
    modules = _modules_after(*args, str(demo_file))
    assert "workshop.store" in modules  # it did read the file
    loaded = [name for name in NOT_FOR_INFO if _loaded(modules, name)]
    assert loaded == []
    assert _loaded(modules, "json") == ("--json" in args)  # SQLite reads the languages


def test_help_imports_no_store() -> None:
    env = {**os.environ, "WORKSHOP_LANG": "en"}
    code = ("import contextlib, io, sys\nfrom workshop.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
            "print(' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    modules = done.stdout.split()
    assert "workshop.cli" in modules
    assert not _loaded(modules, "workshop.store")
    assert not _loaded(modules, "sqlite_utils")
    assert not _loaded(modules, "PySide6")


def test_summary_reads_what_the_store_reads(demo_file: Path) -> None:
    """info's own reading gives the values the store's classes give."""
    from workshop.store import WorkshopStore, read_summary

    tables = ("prompts", "ideas", "clusters", "ballots", "tallies", "notes", "photos")
    summary = read_summary(demo_file, tables)
    with WorkshopStore.open(demo_file, device_id="test", read_only=True) as store:
        workshop = store.workshop()
        counts = store.counts()
        expected = {"id": workshop.id, "title": workshop.title, "date": workshop.date,
                    "languages": list(workshop.languages),
                    "schema_version": store.schema_version(),
                    "counts": {table: counts[table] for table in tables}}
    assert summary == expected
    assert summary["counts"]["ideas"] > 0


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement run on the connections the opening code makes from now on."""
    from workshop.store import opening

    statements: list[str] = []
    connect = opening.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(opening, "connect", traced)
    return statements


def test_info_reads_without_the_full_integrity_check(demo_file: Path, monkeypatch) -> None:
    """The integrity check reads every page (~30 ms at 20,000 ideas): info leaves it to
    ``workshop check``; every opening of the store still runs it."""
    from workshop.store import WorkshopStore, check_file, read_summary

    statements = _statements(monkeypatch)
    read_summary(demo_file, ("ideas",))
    assert statements and not any("integrity_check" in s for s in statements)
    for read_only in (True, False):
        statements.clear()
        WorkshopStore.open(demo_file, device_id="test", read_only=read_only).close()
        assert "PRAGMA integrity_check" in statements
    statements.clear()
    assert check_file(demo_file).ok
    assert "PRAGMA integrity_check" in statements


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_info_parser_is_the_full_parsers_info(lang: str) -> None:
    """``workshop info`` builds only its own options: the same as in the full parser."""
    from workshop.cli import build_parser

    def info_help(parser) -> str:
        choices = next(a for a in parser._actions if a.dest == "command").choices
        return choices["info"].format_help()

    full, light = build_parser(lang), build_parser(lang, only_info=True)
    assert info_help(light) == info_help(full)
    args = ["info", "--json", "some.workshop"]
    assert light.parse_args(args) == full.parse_args(args)
