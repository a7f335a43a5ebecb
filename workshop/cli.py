"""The command line: the GUI is the default command; the others work headless.

Every command exits 0 on success, and otherwise prints one human line to stderr (in the
reader's language) and exits non-zero: 1 for a problem with the workshop or the input,
2 for a command line that cannot be understood.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workshop import __version__
from workshop.demo import create_demo
from workshop.device import config_dir, device_id
from workshop.errors import WorkshopError
from workshop.i18n import LANGUAGES, N_, gettext_for, system_language
from workshop.model import Workshop
from workshop.store import (
    WorkshopStore,
    check_file,
    list_backups,
    restore_from_backup,
)
from workshop.text import display_width

COMMANDS = ("new", "demo", "info", "check", "backups", "restore")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"workshop: {message} (workshop --help)\n")


def build_parser(lang: str) -> argparse.ArgumentParser:
    _ = gettext_for(lang)
    parser = _Parser(prog="workshop", description=_(
        "Offline tool for in-person citizen workshops. Without a command, opens the window."))
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = sub.add_parser("new", help=_("create an empty workshop file"))
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--title", required=True, help=_("the workshop's title"))
    new.add_argument("--lang", choices=LANGUAGES, default=lang,
                     help=_("the workshop's main language"))

    demo = sub.add_parser("demo", help=_("create the demo workshop (station square)"))
    demo.add_argument("file", type=Path, metavar="FILE")
    demo.add_argument("--lang", choices=LANGUAGES, default=lang,
                      help=_("the language of the demo's content"))

    info = sub.add_parser("info", help=_("show what a workshop file holds"))
    info.add_argument("file", type=Path, metavar="FILE")
    info.add_argument("--json", action="store_true", help=_("print JSON"))

    check = sub.add_parser("check", help=_("check a workshop file's integrity and schema"))
    check.add_argument("file", type=Path, metavar="FILE")

    backups = sub.add_parser("backups", help=_("list a workshop file's backups"))
    backups.add_argument("file", type=Path, metavar="FILE")

    restore = sub.add_parser(
        "restore", help=_("replace a damaged workshop file by its newest good backup"))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--backup", type=Path, help=_("restore this backup instead"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    lang = system_language()
    _ = gettext_for(lang)
    if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
        if len(args) > 1:
            print("workshop: " + _("Unknown command {command!r} (workshop --help).").format(
                command=args[0]), file=sys.stderr)
            return 2
        return _run_gui(args, lang)
    options = build_parser(lang).parse_args(args)
    if options.command is None:
        return _run_gui([], lang)
    handler: Callable[[argparse.Namespace, str], int] = _HANDLERS[options.command]
    try:
        return handler(options, lang)
    except WorkshopError as error:
        print(f"workshop: {error.render(lang)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"workshop: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1


def _run_gui(args: list[str], lang: str) -> int:
    # Imported by name: the Qt-free core must not depend on the UI package (CI enforces it).
    try:
        gui = importlib.import_module("workshop.ui.app")
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("workshop.ui"):
            _ = gettext_for(lang)
            print("workshop: " + _(
                "The workshop window is not available in this version yet. Use the commands: "
                "workshop demo FILE, workshop info FILE, workshop check FILE "
                "(workshop --help)."), file=sys.stderr)
            return 1
        raise
    return gui.main(args)


def _device() -> str:
    return device_id(config_dir())


def _new(options: argparse.Namespace, lang: str) -> int:
    workshop = Workshop(title=options.title, languages=(options.lang,))
    WorkshopStore.create(options.file, workshop, device_id=_device()).close()
    _ = gettext_for(lang)
    print(_("Created {path}").format(path=options.file))
    return 0


def _demo(options: argparse.Namespace, lang: str) -> int:
    create_demo(options.file, lang=options.lang, device_id=_device()).close()
    _ = gettext_for(lang)
    print(_("Created the demo workshop {path}").format(path=options.file))
    return 0


# The labels `info` prints, in the order it prints them.
_INFO_LABELS = {
    "prompts": N_("Prompts"),
    "teams": N_("Teams"),
    "agenda_items": N_("Agenda items"),
    "ideas": N_("Ideas"),
    "clusters": N_("Clusters"),
    "vote_rounds": N_("Vote rounds"),
    "ballots": N_("Ballots"),
    "tallies": N_("Paper tallies"),
    "notes": N_("Notes"),
    "photos": N_("Photos"),
}


def _info(options: argparse.Namespace, lang: str) -> int:
    _ = gettext_for(lang)
    with WorkshopStore.open(options.file, device_id="info", read_only=True) as store:
        workshop = store.workshop()
        counts = store.counts()
        data = {
            "file": str(options.file),
            "id": workshop.id,
            "title": workshop.title,
            "date": workshop.date,
            "languages": list(workshop.languages),
            "schema_version": store.schema_version(),
            "counts": {key: counts[key] for key in _INFO_LABELS},
        }
    if options.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['title']}  ({data['date'] or '-'})")
    width = max(display_width(_(label)) for label in _INFO_LABELS.values())
    for key, label in _INFO_LABELS.items():
        padding = " " * (width - display_width(_(label)))
        print(f"  {_(label)}{padding}  {data['counts'][key]:>6}")
    print(f"  {_('File format')}: {data['schema_version']}")
    return 0


def _check(options: argparse.Namespace, lang: str) -> int:
    _ = gettext_for(lang)
    report = check_file(options.file)
    if report.ok:
        print(_("{path}: OK (integrity, links and file format {version})").format(
            path=options.file, version=report.schema_version))
        return 0
    for problem in report.problems:
        print(f"workshop: {options.file}: {problem.render(lang)}", file=sys.stderr)
    return 1


_BACKUP_REASONS = {
    "auto": N_("periodic"),
    "open": N_("on opening"),
    "migration": N_("before update"),
    "import": N_("before import"),
    "export": N_("before export"),
}


def _backups(options: argparse.Namespace, lang: str) -> int:
    _ = gettext_for(lang)
    found = list_backups(options.file)
    if not found:
        print(_("No backups of {path}.").format(path=options.file))
    for backup in found:
        reason = _(_BACKUP_REASONS.get(backup.reason, backup.reason))
        padding = " " * max(0, 14 - display_width(reason))
        print(f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M:%S}  {reason}{padding}  "
              f"{backup.path}")
    return 0


def _restore(options: argparse.Namespace, lang: str) -> int:
    used, aside = restore_from_backup(options.file, options.backup)
    _ = gettext_for(lang)
    print(_("Restored {path} from {backup}.").format(path=options.file, backup=used))
    if aside:
        print(_("The damaged file was kept as {aside}.").format(aside=aside))
    return 0


_HANDLERS = {
    "new": _new, "demo": _demo, "info": _info, "check": _check,
    "backups": _backups, "restore": _restore,
}
