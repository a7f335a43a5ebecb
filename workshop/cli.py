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
from workshop.errors import InputError, WorkshopError
from workshop.i18n import LANGUAGES, N_, gettext_for, system_language
from workshop.model import Workshop
from workshop.store import (
    WorkshopStore,
    check_file,
    list_backups,
    restore_from_backup,
)
from workshop.text import display_width

COMMANDS = (
    "new", "demo", "info", "check", "backups", "restore",
    "export", "verify", "import", "import-ideas", "platform",
)
PAPER_SIZES = ("a4", "a3", "letter")
PROFILES = ("decidim-0.27", "decidim-0.28", "decidim-0.30", "decidim-cfj", "generic")


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

    export = sub.add_parser("export", help=_("write the report, print materials or bundle"))
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help=_("the PDF report"))
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
                        help=_("leave out internal notes and personal names"))

    verify = sub.add_parser("verify", help=_("check a data bundle's files and fingerprint"))
    verify.add_argument("bundle", type=Path, metavar="BUNDLE")

    import_ = sub.add_parser("import", help=_("merge data bundles into a workshop"))
    import_.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE")
    import_.add_argument("--into", type=Path, required=True, metavar="FILE")

    import_ideas = sub.add_parser("import-ideas", help=_("add ideas from a spreadsheet (CSV)"))
    import_ideas.add_argument("file", type=Path, metavar="FILE")
    import_ideas.add_argument("sheet", type=Path, metavar="SHEET.csv")

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


def _export(options: argparse.Namespace, lang: str) -> int:
    # Imported here: reportlab and the bundle code are slow to import, and the other
    # commands should start at once.
    from workshop.export import bundle, cards, report, sheets
    from workshop.export.common import ExportSettings, Progress

    _ = gettext_for(lang)
    jobs = [
        (options.pdf, report.write_report),
        (options.cards, cards.write_cards),
        (options.sheets, sheets.write_team_sheets),
        (options.tally_sheets, sheets.write_tally_sheets),
        (options.bundle, bundle.write_bundle),
    ]
    if not any(path for path, _write in jobs):
        raise InputError("output", N_("Choose at least one output: --pdf, --cards, --sheets, "
                                      "--tally-sheets or --bundle."))
    with WorkshopStore.open(options.file, device_id=_device(), read_only=True) as store:
        store.backup("export")
        settings = ExportSettings(
            lang=options.lang or store.workshop().default_language,
            paper=options.paper, public=options.public, profile=options.profile,
        )
        for path, write in jobs:
            if path:
                for warning in write(store, path, settings, Progress()):
                    print(f"workshop: {warning.render(lang)}", file=sys.stderr)
                print(_("Wrote {path}").format(path=path))
    return 0


def _verify(options: argparse.Namespace, lang: str) -> int:
    from workshop.export.bundle import verify_bundle

    _ = gettext_for(lang)
    bundle = verify_bundle(options.bundle)
    manifest = bundle.manifest
    print(_("{path}: OK ({count} files, their sizes and checksums, and the data "
            "fingerprint)").format(path=options.bundle, count=len(manifest["files"])))
    print(_("Workshop: {title}").format(title=str(manifest.get("workshop_title", ""))))
    print(_("Made: {time}, device {device}").format(time=manifest["created_at"],
                                                    device=manifest["device_id"]))
    print(_("Data fingerprint: {short}").format(short=bundle.short_fingerprint))
    print(bundle.fingerprint)
    return 0


def _import(options: argparse.Namespace, lang: str) -> int:
    from workshop.export import merge

    _ = gettext_for(lang)
    if options.into.exists():
        with WorkshopStore.open(options.into, device_id=_device()) as store:
            reports = merge.import_bundles(store, options.bundles)
    else:
        reports = merge.import_into_new_file(options.into, options.bundles,
                                             device_id=_device())
        print(_("Created {path}").format(path=options.into))
    for report in reports:
        print(report.summary().render(lang))
        for line in report.conflict_lines():
            print("  " + line.render(lang))
    return 0


def _import_ideas(options: argparse.Namespace, lang: str) -> int:
    from workshop.export.idea_import import import_ideas

    with WorkshopStore.open(options.file, device_id=_device()) as store:
        report = import_ideas(store, options.sheet)
    print(report.summary().render(lang))
    return 0


def _platform(options: argparse.Namespace, lang: str) -> int:
    from workshop.export import decidim

    _ = gettext_for(lang)
    with WorkshopStore.open(options.file, device_id=_device()) as store:
        if options.proposals:
            decidim.set_proposals_per(store, options.proposals)
        if options.cluster:
            cluster = decidim.find_cluster(store, options.cluster)
            decidim.link_cluster(store, cluster.id, category=options.category,
                                 scope=options.scope, taxonomies=options.taxonomies)
        settings = decidim.platform_settings(store)
        names = decidim.cluster_names(store)
        print(_("Profile: {profile}").format(profile=store.workshop().platform_profile))
        print(_("Proposals: one per {unit}").format(
            unit=_("cluster") if settings.proposals_per == "cluster" else _("idea")))
        for cluster_id, link in settings.clusters.items():
            ids = ", ".join(f"{name}={value}" for name, value in decidim.vars_of(link).items()
                            if value)
            print(f"  {names.get(cluster_id, cluster_id)}: {ids}")
    return 0


_HANDLERS = {
    "new": _new, "demo": _demo, "info": _info, "check": _check,
    "backups": _backups, "restore": _restore, "export": _export,
    "verify": _verify, "import": _import, "import-ideas": _import_ideas,
    "platform": _platform,
}
