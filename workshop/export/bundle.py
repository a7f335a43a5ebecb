"""The data bundle: one zip that a person can open and understand and a program can verify.

Layout and rules: ``docs/bundle-format.md``. Writing reads one snapshot of the store (so
every file describes the same data), builds each data file in memory and hands it to a
second thread that deflates it into the zip and notes its size and SHA-256 for
``manifest.json``; the zip is written straight into its ``atomic_output`` file. Photos and
the reports (as large as their photos) are never held whole: each photo goes from the
workshop file into the zip a megabyte at a time, each report from the file the snapshot
keeps it in (made once for its own file and the bundle).
Reading and checking a bundle: ``bundle_read`` (its names are here too).
"""


from __future__ import annotations

import functools
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from workshop import __version__, strict_json
from workshop.errors import WorkshopError
from workshop.export import decidim, spreadsheets
from workshop.export.bundle_read import (  # the format's names, and reading, as before
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PHOTO_DIR,
    PLATFORM,
    Bundle,
    BundleError,
    MemberBlob,
    read_bundle,
    verify_bundle,
)
from workshop.export.common import Cancelled, ExportSettings, Progress, atomic_output
from workshop.export.snapshot import (
    FINGERPRINT,
    remembered,
    short_fingerprint,
    snapshot,
)
from workshop.export.snapshot import FORMAT as DATA_FORMAT
from workshop.export.snapshot import FORMAT_VERSION as DATA_VERSION
from workshop.export.workbook import package, workbook_parts
from workshop.i18n import LANGUAGES, N_, Message
from workshop.model import Photo, Workshop
from workshop.store import WorkshopStore
from workshop.store.snapshots import StoredPhoto

# A member's bytes, what makes them on the zip thread (work that releases the GIL), or
# what is read a chunk at a time: a photo in the workshop file (``StoredPhoto``) or a
# file (the reports, in the snapshot's scratch folder until the snapshot ends).
Content = bytes | Callable[[], bytes] | StoredPhoto | Path
SCHEMA = "workshop.schema.json"
REPORT = "report.pdf"
REPORT_HTML = "report.html"
_CHUNK = 1 << 20  # how much of a file goes into the zip at a time
PHOTO_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png"}
_BUFFER = 1024 * 1024

__all__ = ["DATA", "FORMAT", "FORMAT_VERSION", "MANIFEST", "PHOTO_DIR", "PLATFORM", "Bundle",
           "BundleError", "MemberBlob", "read_bundle", "verify_bundle", "write_bundle"]


# ----------------------------------------------------------------------------- writing


def write_bundle(store: WorkshopStore, path: Path | str, settings: ExportSettings,
                 progress: Progress | None = None, *, include_report: bool = True,
                 now: datetime | None = None) -> list[Message]:
    """Write the data bundle to ``path``; returns warnings for the person.

    ``progress.step`` raises ``Cancelled`` when the person cancels; the previous file at
    ``path`` (if any) is then left as it was. ``include_report=False`` leaves out the
    reports (the PDF is otherwise included when the report module is available, and the
    HTML edition always); ``now``
    fixes the creation time (tests, reproducible bundles).
    """
    progress = progress or Progress()
    path = Path(path)
    if settings.public:
        raise BundleError(path, N_(
            "A data bundle always holds the whole workshop, internal notes included, so "
            "that it can be verified and merged; it cannot be made public. Share its "
            "decidim/ and spreadsheets/ folders, or a public PDF, instead."))
    created = now if now and now.tzinfo else (now or datetime.now()).astimezone()
    # Making the files takes ~90% of the time; the rest is the zip catching up and the manifest.
    inner = Progress(is_cancelled=progress.is_cancelled, report=progress.report and (
        lambda done, total: progress.report(done * 9, total * 10)))
    # A large buffer: each write to the file hands the GIL to the zip thread and back.
    with (store.snapshot() as data, atomic_output(path) as partial,
          open(partial, "wb", buffering=_BUFFER) as out,
          zipfile.ZipFile(out, "w") as archive, _ZipWriter(archive, created) as writer):
        print_, warnings = bundle_files(data, settings, inner, writer.add,
                                        include_report=include_report)
        progress.step(9, 10)
        writer.add(MANIFEST, manifest_json(data, settings, created, print_, writer.entries()))
        writer.entries()  # every file written (or the first error raised)
    progress.step(10, 10)
    return warnings


def manifest_json(store: WorkshopStore, settings: ExportSettings, created: datetime,
                  print_: str, entries: list[dict[str, Any]]) -> bytes:
    workshop = store.workshop()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app": "workshop",
        "app_version": __version__,
        "workshop_id": workshop.id,
        "workshop_title": workshop.title,
        "created_at": created.isoformat(timespec="seconds"),
        "device_id": store.device_id,
        "profile": decidim.profile_named(settings.profile or workshop.platform_profile).name,
        "data_format": DATA_FORMAT,
        "data_format_version": DATA_VERSION,
        "fingerprint": print_,
        "files": entries,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def bundle_files(store: WorkshopStore, settings: ExportSettings, progress: Progress,
                 add: Callable[[str, Content], None], *,
                 include_report: bool = True) -> tuple[str, list[Message]]:
    """Make every file of the bundle but the manifest and ``add(name, bytes)`` each one as
    soon as it is made; returns the data fingerprint and warnings for the person.

    Reads ``store`` many times over: give it a snapshot (``store.snapshot()``)."""
    view = store
    workshop = view.workshop()
    profile = decidim.profile_named(settings.profile or workshop.platform_profile)
    photos = view.list(Photo, include_deleted=True)
    total = 8 + len(photos)
    progress.step(0, total)
    content, print_ = data_json(snapshot(view))
    remembered(view, FINGERPRINT, lambda: print_)  # the reports' QR codes print it
    add(DATA, content)
    add(SCHEMA, schema_bytes())
    progress.step(1, total)
    results, warnings = spreadsheets.closed_results(view)
    tables = spreadsheets.spreadsheet_tables(view, settings.lang, results)
    # The workbook's XML now; the zip thread deflates it while the platform files are made.
    parts = workbook_parts(spreadsheets.workbook_tables(tables, settings.lang))
    add(spreadsheets.FOLDER + spreadsheets.WORKBOOK, functools.partial(package, parts))
    platform_files, platform_warnings = decidim.platform_files(
        view, profile, results, decidim.platform_settings(view))
    for name, content in platform_files:
        add(name, content)
    warnings += platform_warnings
    add(PLATFORM, platform_settings_json(view))
    progress.step(2, total)
    # The spreadsheets after the platform files: the last large file is the one whose
    # compression nothing else overlaps, and ideas.csv is the smallest of them.
    for name, content in spreadsheets.csv_files(tables):
        add(name, content)
    progress.step(3, total)
    for n, photo in enumerate(photos):
        add(photo_name(photo.id, photo.mime), photo.data)
        progress.step(4 + n, total)
    if include_report:
        pdf, report_warnings = _report(view, settings, progress)
        warnings += report_warnings
        if pdf is not None:
            add(REPORT, pdf)
        from workshop.export.report_html import report_html_file  # reads reportlab's QR

        page, page_warnings = report_html_file(view, settings, Progress(
            is_cancelled=progress.is_cancelled))
        warnings += [w for w in page_warnings if w not in warnings]  # photos: said once
        add(REPORT_HTML, page)
    for lang in LANGUAGES:
        add(f"README-{lang}.txt", readme(lang, workshop, print_, profile))
    progress.step(total, total)
    return print_, warnings


class _ZipWriter:
    """Writes members into the bundle on a second thread, in the order they are added, and
    notes each one's size and SHA-256 for the manifest.

    Deflating and hashing are about a sixth of the export of 10,000 ideas, and zlib and
    hashlib do them without holding the GIL: so this thread does them on another core
    while the next file is being made, instead of all at the end."""

    def __init__(self, archive: zipfile.ZipFile, created: datetime) -> None:
        self._archive = archive
        self._stamp = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip dates start in 1980
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-zip")
        self._written: list[Future[dict[str, Any]]] = []

    def __enter__(self) -> _ZipWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        # On an error or a cancel the files not yet written are dropped with the zip; the
        # one being written is finished first, so that the zip can close.
        self._pool.shutdown(cancel_futures=True)

    def add(self, name: str, content: Content) -> None:
        self._written.append(self._pool.submit(self._write, name, content))

    def entries(self) -> list[dict[str, Any]]:
        """Path, size and SHA-256 of every member added so far, after it is written."""
        return [written.result() for written in self._written]

    def _write(self, name: str, content: Content) -> dict[str, Any]:
        if callable(content):  # made here: its work releases the GIL (the workbook's zip)
            content = content()
        if isinstance(content, StoredPhoto):
            return self._stream(name, content.size, content.chunks())
        if isinstance(content, Path):  # a report, a file as large as its photos
            with content.open("rb") as source:
                return self._stream(name, content.stat().st_size,
                                    iter(lambda: source.read(_CHUNK), b""))
        view = memoryview(content)
        # A slice at a time: writestr compresses the whole file into a second copy.
        return self._stream(name, len(content), (view[start:start + _CHUNK]
                                                 for start in range(0, len(view), _CHUNK)))

    def _stream(self, name: str, size: int, chunks: Iterable[bytes | memoryview]
                ) -> dict[str, Any]:
        """A member written and hashed a chunk at a time; ``size`` is known ahead, so zip64
        is used only when a file needs it."""
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.external_attr = 0o644 << 16  # a plain file, readable by everyone
        # Images and workbooks are compressed already.
        compress = not name.endswith((".jpg", ".png", ".xlsx"))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        # Level 3: zlib's fast strategy; 6 would take ~3× as long for ~20% less.
        info._compresslevel = 3 if compress else None  # as writestr sets it
        info.file_size = size
        digest, written = hashlib.sha256(), 0
        with self._archive.open(info, "w") as member:
            for chunk in chunks:
                member.write(chunk)
                digest.update(chunk)
                written += len(chunk)
        return {"path": name, "size": written, "sha256": digest.hexdigest()}


def data_json(data: dict[str, Any]) -> tuple[bytes, str]:
    """workshop.json and the data fingerprint, from one encoding of every record.

    The file is the canonical JSON of the fingerprint (sorted keys, no spaces) with a line
    break after each record, so that people can read, search and compare it; the
    fingerprint hashes the same text without those line breaks, which is exactly
    ``snapshot.fingerprint(data)``: the encoder writes a line break inside a string as
    ``\\n``, so every raw line break in the file is one of ours. (Indenting would take
    the slow pure-Python encoder.) Records are encoded to UTF-8 one by one and joined as
    bytes: one emoji makes a ``str`` of the whole file take 4 bytes per character, and
    joining, copying and encoding two of those made this take ~60% longer.
    """
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                              check_circular=False).encode  # a snapshot has no cycles
    members = []
    for key in sorted(data):
        value = data[key]
        name = encode(key).encode("utf-8")
        if isinstance(value, list) and value:
            records = b",\n".join([encode(item).encode("utf-8") for item in value])
            members.append(b"".join([name, b":[\n", records, b"\n]"]))
        else:
            members.append(name + b":" + encode(value).encode("utf-8"))
    content = b"{\n" + b",\n".join(members) + b"\n}\n"
    return content, "sha256:" + hashlib.sha256(content.replace(b"\n", b"")).hexdigest()


def schema_bytes() -> bytes:
    return resources.files("workshop.export").joinpath("schema/workshop.schema.json").read_bytes()


def schema() -> dict[str, Any]:
    return json.loads(schema_bytes())


def photo_name(photo_id: str, mime: str) -> str:
    return PHOTO_DIR + photo_id + PHOTO_SUFFIX.get(mime, ".bin")


def platform_settings_json(store: WorkshopStore) -> bytes:
    settings = {}
    for key, (value, updated, device) in sorted(store.platform_settings().items()):
        try:  # one unreadable setting (from an older version) must not break the bundle
            settings[key] = {"value": strict_json.loads(value), "updated_at": updated,
                             "device_id": device}
        except ValueError:
            continue
    return (strict_json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def readme(lang: str, workshop: Workshop, print_: str, profile: decidim.Profile) -> bytes:
    """The organiser's README in one language (package data, so it reads naturally)."""
    text = resources.files("workshop.export").joinpath(f"texts/README-{lang}.txt").read_text(
        encoding="utf-8")
    filled = Template(text).substitute(
        title=workshop.title, date=workshop.date or "-", fingerprint=print_,
        short=short_fingerprint(print_), profile=profile.name, folder=profile.folder,
        version=__version__,
    )
    # A BOM so that old Windows Notepad reads the Japanese as UTF-8.
    return "\ufeff".encode() + filled.encode("utf-8")


def _report(store: WorkshopStore, settings: ExportSettings,
            progress: Progress) -> tuple[Path | None, list[Message]]:
    """The PDF report's file (the snapshot's: it lasts as long as the export), with its
    warnings."""
    from workshop.export.report import report_file  # reportlab: only when a bundle has one

    inner = Progress(is_cancelled=progress.is_cancelled)  # the report's own steps
    try:
        return report_file(store, settings, inner, name=REPORT)
    except Cancelled:
        raise
    except WorkshopError as error:
        return None, [Message(N_("The PDF report could not be made ({problem}), so the "
                                 "bundle has no report.pdf."), {"problem": error.message})]
