"""The command line: the GUI is the default command; the others work headless.

Every command exits 0 on success, and otherwise prints one human line to stderr (in the
reader's language) and exits non-zero: 1 for a problem with the workshop or the input,
2 for a command line that cannot be understood.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workshop import __version__
from workshop.errors import WorkshopError
from workshop.i18n import LANGUAGES, gettext_for, system_language

# ``workshop-gui`` in pyproject.toml's [project.gui-scripts] (a test keeps them equal).
GUI_ENTRY_POINT = "workshop.ui:run"

COMMANDS = (
    "new", "demo", "info", "check", "backups", "restore",
    "export", "verify", "import", "import-ideas", "platform", "doctor", "details", "serve",
)
PAPER_SIZES = ("a4", "a3", "letter")
PROFILES = ("decidim-0.27", "decidim-0.28", "decidim-0.30", "decidim-cfj", "generic")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"workshop: {message} (workshop --help)\n")


def build_parser(lang: str, *, only_info: bool = False) -> argparse.ArgumentParser:
    _ = gettext_for(lang)
    parser = _Parser(prog="workshop", description=_(
        "Offline tool for in-person citizen workshops. Without a command, opens the window."))
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if only_info:  # the other commands' options cost ~4 ms of `workshop info`'s ~35 ms
        _add_info(sub, _)
        return parser

    new = sub.add_parser("new", help=_("create an empty workshop file"))
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--title", required=True, help=_("the workshop's title"))
    new.add_argument("--lang", choices=LANGUAGES, default=lang,
                     help=_("the workshop's main language"))

    demo = sub.add_parser("demo", help=_("create the demo workshop (station square)"))
    demo.add_argument("file", type=Path, metavar="FILE")
    demo.add_argument("--lang", choices=LANGUAGES, default=lang,
                      help=_("the language of the demo's content"))

    _add_info(sub, _)

    check = sub.add_parser("check", help=_("check a workshop file's integrity and schema"))
    check.add_argument("file", type=Path, metavar="FILE")

    backups = sub.add_parser("backups", help=_("list a workshop file's backups"))
    backups.add_argument("file", type=Path, metavar="FILE")

    restore = sub.add_parser(
        "restore", help=_("replace a damaged workshop file by its newest good backup"))
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--backup", type=Path, help=_("restore this backup instead"))

    export = sub.add_parser("export", help=_("write the report, print materials or bundle"))
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help=_("the PDF report"))
    export.add_argument("--html", type=Path, metavar="OUT.html",
                        help=_("the report as one accessible web page"))
    export.add_argument("--cards", type=Path, metavar="OUT.pdf", help=_("printable idea cards"))
    export.add_argument("--sheets", type=Path, metavar="OUT.pdf", help=_("team sheets"))
    export.add_argument("--tally-sheets", type=Path, metavar="OUT.pdf",
                        help=_("blank paper tally sheets for sticker-dot voting"))
    export.add_argument("--bundle", type=Path, metavar="OUT.zip", help=_("the data bundle"))
    export.add_argument("--profile", choices=PROFILES, help=_("the platform the bundle is for"))
    export.add_argument("--lang", choices=LANGUAGES,
                        help=_("the language of the outputs (default: the workshop's)"))
    export.add_argument("--paper", choices=PAPER_SIZES, help=_("paper size"))
    export.add_argument("--public", action="store_true",
                        help=_("leave internal notes and personal names out of the PDFs "
                               "(not with --bundle: a bundle is never public)"))

    verify = sub.add_parser("verify", help=_("check a data bundle's files and fingerprint"))
    verify.add_argument("bundle", type=Path, metavar="BUNDLE")
    verify.add_argument("--code", metavar="TEXT", help=_(
        "also check that a printout belongs to the bundle: the text of its QR code, or the "
        "data fingerprint printed under it"))

    import_ = sub.add_parser("import", help=_("merge data bundles into a workshop"))
    import_.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    import_.add_argument("--into", type=Path, required=True, metavar="FILE")

    import_ideas = sub.add_parser("import-ideas", help=_(
        "add ideas from a spreadsheet (.xlsx, CSV or tab-separated text)"))
    import_ideas.add_argument("file", type=Path, metavar="FILE")
    import_ideas.add_argument("sheet", type=Path, metavar="SHEET")

    platform = sub.add_parser("platform", help=_(
        "show or set how the bundle's proposals go to the platform"))
    platform.add_argument("file", type=Path, metavar="FILE")
    platform.add_argument("--proposals", choices=("idea", "cluster"),
                          help=_("one proposal per idea or per cluster"))
    platform.add_argument("--cluster", metavar="CLUSTER",
                          help=_("a cluster (name or id) to link to platform ids; without ids "
                                 "its link is removed"))
    platform.add_argument("--category", default="", metavar="ID",
                          help=_("Decidim category id (up to 0.29)"))
    platform.add_argument("--scope", default="", metavar="ID", help=_("Decidim scope id"))
    platform.add_argument("--taxonomies", default="", metavar="IDS",
                          help=_("Decidim taxonomy ids, e.g. 12,15 (0.30 and later)"))
    details = sub.add_parser("details", help=_(
        "show or set what the report says about the workshop: organisers, who ran it, next "
        "steps, contact"))
    details.add_argument("file", type=Path, metavar="FILE")
    details.add_argument("--organiser", metavar="TEXT", help=_("the organiser (主催)"))
    details.add_argument("--co-organiser", metavar="TEXT", help=_("the co-organiser (共催)"))
    details.add_argument("--run-by", metavar="TEXT",
                         help=_("who ran the workshop (運営), e.g. the facilitators"))
    details.add_argument("--next-steps", metavar="TEXT",
                         help=_("what comes next (今後の予定), one item a line"))
    details.add_argument("--contact", metavar="TEXT",
                         help=_("whom to ask (問い合わせ先), one item a line"))
    details.add_argument("--era-dates", choices=("yes", "no"),
                         help=_("also print dates in the Japanese era (令和)"))
    serve = sub.add_parser("serve", help=_(
        "serve the workshop to participants' phones over the room's Wi-Fi, without the window"))
    serve.add_argument("file", type=Path, metavar="FILE")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDR", help=_(
        "listen only on this address of the laptop, e.g. its hotspot's (default: "
        "127.0.0.1, this laptop only)"))
    serve.add_argument("--port", type=int, default=8080, metavar="N",
                       help=_("the port (default: 8080)"))
    doctor = sub.add_parser("doctor", help=_(
        "check that this laptop is ready for an offline workshop day"))
    doctor.add_argument("--folder", type=Path, default=Path.cwd(), metavar="DIR",
                        help=_("where the workshop files will be kept (default: here)"))
    doctor.add_argument("--probe-window", action="store_true", help=argparse.SUPPRESS)
    return parser


def _add_info(sub: argparse._SubParsersAction, _: Callable[[str], str]) -> None:
    info = sub.add_parser("info", help=_(
        "show what a workshop file holds (a quick look: workshop check checks all of it)"))
    info.add_argument("file", type=Path, metavar="FILE")
    info.add_argument("--json", action="store_true", help=_("print JSON"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    lang = system_language()
    _ = gettext_for(lang)
    if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
        if len(args) > 1:
            print("workshop: " + _("Unknown command {command!r} (workshop --help).").format(
                command=args[0]), file=sys.stderr)
            return 2
        return _run_gui(args)
    options = build_parser(lang, only_info=args[0] == "info").parse_args(args)
    if options.command is None:
        return _run_gui([])
    from workshop.commands import HANDLERS, storage_error  # not on the window's path

    handler: Callable[[argparse.Namespace, str], int] = HANDLERS[options.command]
    try:
        return handler(options, lang)
    except WorkshopError as error:
        print(f"workshop: {error.render(lang)}", file=sys.stderr)
        return 1
    except Exception as error:  # a disk's refusal is one line, not a traceback
        problem = storage_error(error, getattr(error, "filename", None) or _file_of(options))
        if problem is None:
            raise
        print(f"workshop: {problem.render(lang)}", file=sys.stderr)
        return 1


def _file_of(options: argparse.Namespace) -> str:
    """The workshop file a command works on, for a message about its disk."""
    for name in ("file", "into", "bundle"):
        if getattr(options, name, None):
            return str(getattr(options, name))
    return "."


def _run_gui(args: list[str]) -> int:
    # The window's own entry point, resolved by name: the Qt-free core must not import the
    # UI package (CI enforces it). The window chooses its language from its settings.
    import pkgutil  # here: the commands do not need it

    return pkgutil.resolve_name(GUI_ENTRY_POINT)(args)
