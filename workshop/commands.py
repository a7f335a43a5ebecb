"""The headless commands behind ``workshop COMMAND``: one function per command.

Kept apart from ``workshop.cli`` so that starting the window (``workshop`` without a
command) does not import the store, the demo and the exports before the window is shown.
"""

from __future__ import annotations

import argparse  # for the annotations; workshop.cli has imported it
import sys

from workshop.i18n import N_, gettext_for
from workshop.text import display_width

# Each command imports what it needs inside its function: ``workshop info`` should start
# about as fast as Python itself, and the store, the demo, the exports (reportlab) and the
# merge code each cost tens of milliseconds to import. tests/test_cli_imports.py checks it.
__all__ = ["HANDLERS", "storage_error"]


def storage_error(error: BaseException, path: object):
    """The disk's refusal as one line (see ``workshop.store.disk``), imported when needed."""
    from workshop.store.disk import storage_error as named

    return named(error, path)


def _device() -> str:
    from workshop.device import config_dir, device_id

    return device_id(config_dir())


def _new(options: argparse.Namespace, lang: str) -> int:
    from workshop.model import Workshop
    from workshop.store import WorkshopStore

    workshop = Workshop(title=options.title, languages=(options.lang,))
    WorkshopStore.create(options.file, workshop, device_id=_device()).close()
    _ = gettext_for(lang)
    print(_("Created {path}").format(path=options.file))
    return 0


def _demo(options: argparse.Namespace, lang: str) -> int:
    from workshop.demo import create_demo

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
    from workshop.store import read_summary

    _ = gettext_for(lang)
    # Not through WorkshopStore: its classes cost more to import than info may take.
    summary = read_summary(options.file, _INFO_LABELS)
    data = {
        "file": str(options.file),
        "id": summary["id"],
        "title": summary["title"],
        "date": summary["date"],
        "languages": summary["languages"],
        "schema_version": summary["schema_version"],
        "counts": summary["counts"],
    }
    if options.json:
        import json  # only here: the text needs none (~1.5 ms)

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
    from workshop.store import check_file

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
    from workshop.store import list_backups

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
    from workshop.store import restore_from_backup

    used, aside = restore_from_backup(options.file, options.backup)
    _ = gettext_for(lang)
    print(_("Restored {path} from {backup}.").format(path=options.file, backup=used))
    if aside:
        print(_("The damaged file was kept as {aside}.").format(aside=aside))
    return 0


def _export(options: argparse.Namespace, lang: str) -> int:
    # Imported here: reportlab and the bundle code are slow to import, and the other
    # commands should start at once.
    import contextlib

    from workshop.errors import InputError, StorageError, WorkshopError
    from workshop.export import bundle, cards, report, report_html, sheets
    from workshop.export.common import ExportSettings, Progress
    from workshop.i18n import Message, Nn_, Plural
    from workshop.store import WorkshopStore

    _ = gettext_for(lang)
    jobs = [
        (options.pdf, report.write_report),
        (options.html, report_html.write_report_html),
        (options.cards, cards.write_cards),
        (options.sheets, sheets.write_team_sheets),
        (options.tally_sheets, sheets.write_tally_sheets),
        (options.bundle, bundle.write_bundle),
    ]
    if not any(path for path, _write in jobs):
        raise InputError("output", N_("Choose at least one output: --pdf, --html, --cards, "
                                      "--sheets, --tally-sheets or --bundle."))
    if options.public and options.bundle:  # said before anything is written
        raise InputError("public", N_(
            "--public leaves internal notes and names out of the PDFs, but a data bundle is "
            "never public: it holds the whole workshop so that it can be verified and "
            "merged. Export the bundle without --public (its decidim/ and spreadsheets/ "
            "folders hold nothing internal), or the PDFs with --public on their own."))
    failed = 0
    with (WorkshopStore.open(options.file, device_id=_device(), read_only=True) as store,
          contextlib.ExitStack() as stack):
        try:
            store.backup("export")
        except StorageError as error:  # a read-only stick, a full disk: export all the same
            print("workshop: " + _("Note: no backup was made before this export. {reason}")
                  .format(reason=error.render(lang)), file=sys.stderr)
        settings = ExportSettings(
            lang=options.lang or store.workshop().default_language,
            paper=options.paper, public=options.public, profile=options.profile,
        )
        # Each output on its own: one that fails (tally sheets without a round, a folder
        # that cannot be written) is reported and the others are still written. All of
        # them from one version of the data, whatever the window writes meanwhile.
        data = stack.enter_context(store.snapshot())
        for path, write in jobs:
            if not path:
                continue
            try:
                warnings = write(data, path, settings, Progress())
            except Exception as error:  # the output's disk named when the disk refused
                named = error if isinstance(error, WorkshopError) else storage_error(error, path)
                if named is None and isinstance(error, OSError):
                    failed += 1
                    print(f"workshop: {error.strerror or error}: {error.filename or path}",
                          file=sys.stderr)
                    continue
                if named is None:
                    raise
                failed += 1
                print(f"workshop: {named.render(lang)}", file=sys.stderr)
                continue
            for warning in warnings:
                print(f"workshop: {warning.render(lang)}", file=sys.stderr)
            print(_("Wrote {path}").format(path=path))
    wanted = sum(1 for path, _write in jobs if path)
    if failed and wanted > 1:  # with one output its own line says it all
        if failed == wanted:
            summary = Message(N_("None of the {wanted} outputs was written (above)."),
                              {"wanted": wanted})
        else:
            summary = Plural(Nn_(
                "{count} of {wanted} outputs was not written (above); the others were.",
                "{count} of {wanted} outputs were not written (above); the others were."),
                failed, {"wanted": wanted})
        print("workshop: " + summary.render(lang), file=sys.stderr)
    return 1 if failed else 0


def _verify(options: argparse.Namespace, lang: str) -> int:
    from workshop.export.bundle import verify_bundle
    from workshop.i18n import translations

    _ = gettext_for(lang)
    bundle = verify_bundle(options.bundle)
    manifest = bundle.manifest
    count = len(manifest["files"])
    print(translations(lang).ngettext(
        "{path}: OK ({count} file, its size and checksum, and the data fingerprint)",
        "{path}: OK ({count} files, their sizes and checksums, and the data fingerprint)",
        count).format(path=options.bundle, count=count))
    print(_("Workshop: {title}").format(title=str(manifest.get("workshop_title", ""))))
    print(_("Made: {time}, device {device}").format(time=manifest["created_at"],
                                                    device=manifest["device_id"]))
    print(_("Data fingerprint: {short}").format(short=bundle.short_fingerprint))
    print(bundle.fingerprint)
    if options.code is not None:
        _check_code(options.code, bundle.fingerprint)
        print(_("The printout's code names this bundle's data."))
    return 0


def _check_code(code: str, fingerprint: str) -> None:
    from workshop.errors import InputError
    from workshop.export.pdf.qr import code_digits, code_matches

    if code_digits(code) is None:
        raise InputError("code", N_("There is no data fingerprint in “{code}”: give the text "
                                    "of the QR code or the fingerprint printed under it "
                                    "(such as c664-cda9-c507-260a)."), code=code[:80])
    if not code_matches(code, fingerprint):
        raise InputError("code", N_("The printout's code does not name this bundle's data: "
                                    "the printout was made from other data (an earlier or "
                                    "later state of the workshop, or another workshop)."))


def _import(options: argparse.Namespace, lang: str) -> int:
    from workshop.export import merge
    from workshop.store import WorkshopStore

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
    from workshop.store import WorkshopStore

    with WorkshopStore.open(options.file, device_id=_device()) as store:
        report = import_ideas(store, options.sheet)
    print(report.summary().render(lang))
    return 0


def _platform(options: argparse.Namespace, lang: str) -> int:
    from workshop.export import decidim
    from workshop.store import WorkshopStore

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


def _doctor(options: argparse.Namespace, lang: str) -> int:
    if options.probe_window:  # the child process of the window check
        import importlib

        return importlib.import_module("workshop.ui.probe").main()
    from workshop.doctor import run_checks
    from workshop.i18n import translations

    _ = gettext_for(lang)
    checks = run_checks(options.folder)
    width = max(display_width(_(check.label)) for check in checks)
    for check in checks:
        label = _(check.label)
        mark = "OK " if check.ok else "NG "
        print(f"{mark} {label}{' ' * (width - display_width(label))}  {check.detail}")
    failed = sum(not check.ok for check in checks)
    if failed:
        print(translations(lang).ngettext(
            "{count} check failed: fix it while you are still online.",
            "{count} checks failed: fix them while you are still online.",
            failed).format(count=failed))
        return 1
    print(_("This laptop is ready for the workshop."))
    return 0


def _cleaned_up(handler):
    """A command first removes the temporary folders of runs that were killed."""
    def run(options: argparse.Namespace, lang: str) -> int:
        from workshop.store.leftovers import sweep_temp_dirs

        sweep_temp_dirs()
        return handler(options, lang)
    return run
_DETAILS = {  # option -> (workshop field, label)
    "organiser": ("organiser", N_("Organiser")),
    "co_organiser": ("co_organiser", N_("Co-organiser")),
    "run_by": ("facilitators", N_("Run by")),
    "next_steps": ("next_steps", N_("Next steps")),
    "contact": ("contact", N_("Contact")),
}


def _details(options: argparse.Namespace, lang: str) -> int:
    import dataclasses

    from workshop.store import WorkshopStore

    _ = gettext_for(lang)
    changes = {field: getattr(options, option) for option, (field, _label) in _DETAILS.items()
               if getattr(options, option) is not None}
    if options.era_dates is not None:
        changes["era_dates"] = options.era_dates == "yes"
    read_only = not changes
    with WorkshopStore.open(options.file, device_id=_device(), read_only=read_only) as store:
        workshop = store.workshop()
        if changes:
            workshop = store.update(dataclasses.replace(workshop, **changes))
    for _option, (field, label) in _DETAILS.items():
        value = getattr(workshop, field).replace("\n", "\n    ")
        print(f"{_(label)}: {value or '-'}")
    print(_("Dates in the Japanese era: {answer}").format(
        answer=_("yes") if workshop.era_dates else _("no")))
    return 0


def _serve(options: argparse.Namespace, lang: str) -> int:
    from workshop.phones.serve import run

    return run(options.file, host=options.host, port=options.port, device_id=_device(),
               lang=lang, say=lambda line: print(line, flush=True))


HANDLERS = {
    "serve": _serve,
    "new": _new, "demo": _demo, "info": _info, "check": _check,
    "backups": _backups, "restore": _restore, "export": _export,
    "verify": _verify, "import": _import, "import-ideas": _import_ideas,
    "platform": _platform, "details": _details, "doctor": _doctor,
}
# All but ``info``, a quick look that should start about as fast as Python (issue 13):
# the sweep costs it ~2.5 ms (tempfile, with random), and every other command and the
# window's start still do it.
HANDLERS = {name: handler if name == "info" else _cleaned_up(handler)
            for name, handler in HANDLERS.items()}
