"""The data bundle: one zip that a person can open and understand and a program can verify.

Layout and rules: ``docs/bundle-format.md``. Writing reads one snapshot of the store (so
every file describes the same data), builds each file in memory and hands it to a second
thread that deflates it into the zip and notes its size and SHA-256 for
``manifest.json``; the zip is written straight into its ``atomic_output`` file. Photos are
never held whole: each goes from the workshop file into the zip a megabyte at a time.
Reading trusts nothing: names, sizes, links, checksums, the format version and the data
fingerprint are all checked before anything is used. Members are never extracted, so no
file is ever written outside the workshop being imported into, and never held whole
unless needed: each is streamed through SHA-256 a megabyte at a time; only
``workshop.json`` and ``platform-settings.json`` are kept; a photo is left in the zip
(``MemberBlob``) and read again, checked again, only when it is written into the
workshop, one at a time. So memory stays far below the largest member.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, TypeVar

from workshop import __version__, strict_json
from workshop.errors import WorkshopError
from workshop.export import decidim, spreadsheets
from workshop.export.common import Cancelled, ExportSettings, Progress, atomic_output
from workshop.export.snapshot import (
    FINGERPRINT,
    fingerprint,
    remembered,
    short_fingerprint,
    snapshot,
    upgrade,
)
from workshop.export.snapshot import FORMAT as DATA_FORMAT
from workshop.export.snapshot import FORMAT_VERSION as DATA_VERSION
from workshop.export.workbook import package, workbook_parts
from workshop.i18n import LANGUAGES, N_, Message
from workshop.model import Photo, Record, Workshop
from workshop.rules import MAX_PHOTO_BYTES
from workshop.store import WorkshopStore
from workshop.store.leftovers import private_temp_dir
from workshop.store.snapshots import StoredPhoto

R = TypeVar("R", bound=Record)
# A member's bytes, what makes them on the zip thread (work that releases the GIL), or a
# photo read from the workshop file a chunk at a time (``StoredPhoto``).
Content = bytes | Callable[[], bytes] | StoredPhoto

FORMAT = "workshop-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "workshop.json"
SCHEMA = "workshop.schema.json"
PLATFORM = "platform-settings.json"
REPORT = "report.pdf"
REPORT_HTML = "report.html"
PHOTO_DIR = "photos/"
PHOTO_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png"}

# Limits for bundles from elsewhere: far above a real workshop (10,000 ideas make a
# workshop.json of about 5 MB), far below what would exhaust a laptop.
MAX_ENTRIES = 20_000
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_DATA_BYTES = 128 * 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
_CHUNK = 1024 * 1024

# What a member name may look like: ASCII folders and names, no leading dot, no "..".
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FINGERPRINT = re.compile(r"^sha256:[0-9a-f]{64}$")
# Anything zipfile or zlib raise on a damaged archive.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error,
               NotImplementedError, OverflowError, UnicodeDecodeError, IndexError, KeyError)


class BundleError(WorkshopError):
    """A bundle that cannot be read, verified or imported; nothing was changed."""

    def __init__(self, path: Path | str, msgid: str, /, **params: Any) -> None:
        self.path = Path(path)
        super().__init__(msgid, bundle=str(path), **params)


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
          open(partial, "wb", buffering=_CHUNK) as out,
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
        from workshop.export.report_html import report_html  # reads through reportlab's QR

        page, page_warnings = report_html(view, settings, Progress(
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
        if isinstance(content, StoredPhoto):
            return self._stream(name, content)
        if callable(content):  # made here: its work releases the GIL (the workbook's zip)
            content = content()
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.external_attr = 0o644 << 16  # a plain file, readable by everyone
        # Images and workbooks are compressed already.
        compress = not name.endswith((".jpg", ".png", ".xlsx"))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        # Level 3: zlib's fast strategy; 6 would take ~3× as long for ~20% less.
        self._archive.writestr(info, content, compresslevel=3 if compress else None)
        return {"path": name, "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest()}


    def _stream(self, name: str, photo: StoredPhoto) -> dict[str, Any]:
        """A photo into the zip a chunk at a time (stored: JPEG and PNG are compressed)."""
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        info.external_attr = 0o644 << 16
        info.file_size = photo.size  # known ahead: zip64 only when a photo needs it
        digest, size = hashlib.sha256(), 0
        with self._archive.open(info, "w") as member:
            for chunk in photo.chunks():
                member.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return {"path": name, "size": size, "sha256": digest.hexdigest()}


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
            progress: Progress) -> tuple[bytes | None, list[Message]]:
    """The PDF report's bytes when the report module is available, with its warnings."""
    try:
        write_report = importlib.import_module("workshop.export.report").write_report
    except (ImportError, AttributeError):
        return None, [Message(N_("The PDF report is not available in this version, so the "
                                 "bundle has no report.pdf."))]
    inner = Progress(is_cancelled=progress.is_cancelled)  # the report's own steps
    # A private folder that the next start removes if this process is killed meanwhile.
    with private_temp_dir("workshop-report-") as folder:
        target = folder / REPORT
        try:
            warnings = list(write_report(store, target, settings, inner))
        except Cancelled:
            raise
        except WorkshopError as error:
            return None, [Message(N_("The PDF report could not be made ({problem}), so the "
                                     "bundle has no report.pdf."), {"problem": error.message})]
        return target.read_bytes(), warnings


# ----------------------------------------------------------------------------- reading


class MemberBlob:
    """A photo's bytes, left in the bundle until they are written into the workshop: then
    read (at most ``MAX_PHOTO_BYTES``) and checked against their SHA-256 once more, so a
    zip changed in between is refused (the import's transaction is rolled back)."""

    __slots__ = ("bundle", "name", "sha256", "size")

    def __init__(self, bundle: Bundle, name: str, size: int, sha256: str) -> None:
        self.bundle, self.name, self.size, self.sha256 = bundle, name, size, sha256

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __bytes__(self) -> bytes:
        return bytes(self.read())

    def read(self) -> bytes | bytearray:
        return self.bundle.read_member(self.name, self.size, self.sha256)


@dataclass
class Bundle:
    """A bundle read and verified: its manifest, data, photos and platform settings.
    Photos are read from the zip when they are used; ``close`` ends that."""

    path: Path
    manifest: dict[str, Any]
    data: dict[str, Any]
    photos: dict[str, MemberBlob] = field(default_factory=dict)  # member name -> blob
    platform: dict[str, Any] = field(default_factory=dict)
    _archive: zipfile.ZipFile | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        return self.manifest["fingerprint"]

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint)

    def read_member(self, name: str, size: int, sha256: str) -> bytes | bytearray:
        """A member's bytes, checked again against the size and SHA-256 read before."""
        try:
            if self._archive is None:
                self._archive = zipfile.ZipFile(self.path)
            info = self._archive.getinfo(name)
            content, digest = _hashed_member(self._archive, info, self.path, size, size,
                                             keep=True)
        except BundleError:
            raise
        except (*_ZIP_ERRORS, OSError):
            raise BundleError(self.path, N_("{bundle} changed while it was being imported; "
                                            "nothing was imported.")) from None
        if digest != sha256:
            raise BundleError(self.path, N_("{bundle} changed while it was being imported; "
                                            "nothing was imported."))
        return content

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def verify_bundle(path: Path | str, progress: Progress | None = None) -> Bundle:
    """Check every member's size and SHA-256, the format and the data fingerprint.

    Returns the verified bundle or raises ``BundleError`` naming the first problem.
    """
    return read_bundle(path, progress)


def read_bundle(path: Path | str, progress: Progress | None = None) -> Bundle:
    """Open, check and read a bundle into memory (nothing is extracted to disk)."""
    progress = progress or Progress()
    path = Path(path)
    if not path.is_file():
        raise BundleError(path, N_("There is no bundle at {bundle}."))
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, path, progress)
    except BundleError:
        raise
    except _ZIP_ERRORS:
        raise BundleError(path, N_("{bundle} is not a data bundle: it is not a zip file, "
                                   "or it is damaged or cut short.")) from None
    except OSError as error:
        raise BundleError(path, N_("{bundle} could not be read: {problem}."),
                          problem=error.strerror or str(error)) from None


def _read(archive: zipfile.ZipFile, path: Path, progress: Progress) -> Bundle:
    members = _checked_members(archive, path)
    if MANIFEST not in members:
        raise BundleError(path, N_("{bundle} is not a data bundle: it has no manifest.json."))
    manifest = _manifest(path, _read_member(archive, members[MANIFEST], path,
                                            MAX_MANIFEST_BYTES))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for name in members:
        if name != MANIFEST and name not in listed:
            raise BundleError(path, N_("{bundle} contains {name}, which its manifest does not "
                                       "list."), name=name)
    if DATA not in listed:
        raise BundleError(path, N_("The manifest of {bundle} does not list workshop.json."))
    total_size = sum(entry["size"] for entry in listed.values())
    if total_size > MAX_TOTAL_BYTES:
        raise BundleError(path, N_("{bundle} is too large to import ({size} MB unpacked)."),
                          size=total_size // 2**20)
    kept: dict[str, bytes | bytearray] = {}
    photos: dict[str, tuple[int, str]] = {}
    for n, (name, entry) in enumerate(listed.items()):
        progress.step(n, len(listed) + 1)
        if name not in members:
            raise BundleError(path, N_("{name} is listed in the manifest of {bundle} but "
                                       "missing from it."), name=name)
        keep = name in (DATA, PLATFORM)
        limit = (MAX_DATA_BYTES if keep else
                 MAX_PHOTO_BYTES if name.startswith(PHOTO_DIR) else MAX_FILE_BYTES)
        content, digest = _hashed_member(archive, members[name], path, entry["size"], limit,
                                         keep=keep)
        if digest != entry["sha256"]:
            raise BundleError(path, N_("{name} in {bundle} does not match its checksum: the "
                                       "bundle was changed or damaged."), name=name)
        if keep:
            kept[name] = content
        elif name.startswith(PHOTO_DIR):
            photos[name] = (entry["size"], digest)
    content = kept.pop(DATA)
    data = _json(path, DATA, content)
    _check_data_format(path, data)
    if not _same_fingerprint(data, content, manifest["fingerprint"]):
        raise BundleError(path, N_("The data fingerprint of {bundle} does not match its "
                                   "workshop.json: the bundle was changed or damaged."))
    upgrade(data)
    workshops = data.get("workshop")
    # (Anything but one workshop record is the schema check's to report, on import.)
    if (isinstance(workshops, list) and len(workshops) == 1 and isinstance(workshops[0], dict)
            and workshops[0].get("id") != manifest["workshop_id"]):
        raise BundleError(path, N_("The manifest of {bundle} names another workshop than "
                                   "its workshop.json."))
    platform = _json(path, PLATFORM, kept.pop(PLATFORM)) if PLATFORM in kept else {}
    if not isinstance(platform, dict):
        raise BundleError(path, N_("{name} in {bundle} is not a JSON object."), name=PLATFORM)
    progress.step(len(listed) + 1, len(listed) + 1)
    bundle = Bundle(path, manifest, data, {}, platform)
    bundle.photos = {name: MemberBlob(bundle, name, size, digest)
                     for name, (size, digest) in photos.items()}
    return bundle


def _same_fingerprint(data: Any, content: bytes | bytearray, expected: str) -> bool:
    """Whether the data has the fingerprint ``expected``.

    Fast path: a line break can only stand between JSON tokens, so without them a
    workshop.json written by this app is the canonical text itself, and a match of its
    hash proves the data (SHA-256 does not collide). Anything else is canonicalised.
    """
    if "sha256:" + hashlib.sha256(content.replace(b"\n", b"")).hexdigest() == expected:
        return True
    try:
        return fingerprint(data) == expected
    except (RecursionError, ValueError):
        return False


def _checked_members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    """The archive's files by name, after refusing anything unsafe or unexpected."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleError(path, N_("{bundle} has too many files ({count})."), count=len(infos))
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        _check_name(path, name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BundleError(path, N_("{bundle} contains a link ({name}); bundles hold only "
                                       "plain files."), name=name)
        if info.flag_bits & 0x1:
            raise BundleError(path, N_("{bundle} contains an encrypted file ({name})."),
                              name=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(path, N_("{bundle} uses a compression this app does not read "
                                       "({name})."), name=name)
        if name.endswith("/"):
            continue  # a folder entry some zip tools add
        if name in members:
            raise BundleError(path, N_("{bundle} contains {name} twice."), name=name)
        members[name] = info
    return members


def _check_name(path: Path, name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise BundleError(path, N_("{bundle} contains a file with an absolute path ({name})."),
                          name=name)
    if ".." in parts:
        raise BundleError(path, N_("{bundle} contains a path that leads out of its folder "
                                   "({name})."), name=name)
    folder = name.endswith("/") and _SAFE_NAME.fullmatch(name[:-1])
    if not folder and not _SAFE_NAME.fullmatch(name):
        raise BundleError(path, N_("{bundle} contains a file with an unexpected name "
                                   "({name})."), name=name[:200])


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path,
                 limit: int) -> bytes | bytearray:
    return _hashed_member(archive, info, path, info.file_size, limit, keep=True)[0]


def _hashed_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path,
                   size: int, limit: int, *, keep: bool) -> tuple[bytes | bytearray, str]:
    """A member's SHA-256, and its bytes when ``keep`` (else b""): streamed a megabyte at a
    time, and kept in one buffer of the declared size, so memory never holds more than the
    member once (or a chunk, when not kept). Never reads more than the declared size
    (zipfile stops there and checks the CRC), so a zip bomb is refused before it is
    unpacked."""
    if info.file_size != size:
        raise BundleError(path, N_("{name} in {bundle} does not have the size its manifest "
                                   "gives: the bundle was changed or damaged."),
                          name=info.filename)
    if info.file_size > limit:
        raise BundleError(path, N_("{name} in {bundle} is too large ({size} MB unpacked)."),
                          name=info.filename, size=info.file_size // 2**20)
    digest = hashlib.sha256()
    content = bytearray(size if keep else 0)
    done = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            digest.update(chunk)
            if keep:
                content[done:done + len(chunk)] = chunk
            done += len(chunk)
    if done != size:
        raise BundleError(path, N_("{name} in {bundle} does not have the size its manifest "
                                   "gives: the bundle was changed or damaged."),
                          name=info.filename)
    return content, digest.hexdigest()  # (a bytearray: a copy to bytes would double it)


def _json(path: Path, name: str, content: bytes | bytearray) -> Any:
    try:
        return strict_json.loads(content.decode("utf-8"))
    except RecursionError:
        raise BundleError(path, N_("{name} in {bundle} is nested too deeply."),
                          name=name) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise BundleError(path, N_("{name} in {bundle} is not valid JSON ({problem})."),
                          name=name, problem=str(error)[:200]) from None


def _manifest(path: Path, content: bytes | bytearray) -> dict[str, Any]:
    manifest = _json(path, MANIFEST, content)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(path, N_("{bundle} is not a workshop data bundle (its manifest "
                                   "names another format)."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(path, N_("The manifest of {bundle} has no valid format version."))
    if version > FORMAT_VERSION:
        raise BundleError(path, N_(
            "{bundle} was made by a newer version of this app (bundle format {version}; this "
            "app reads up to {known}). Update the app to import it."),
            version=version, known=FORMAT_VERSION)
    for key in ("workshop_id", "created_at", "device_id"):
        if not isinstance(manifest.get(key), str):
            raise BundleError(path, N_("The manifest of {bundle} has no valid {key}."), key=key)
    if not isinstance(manifest.get("fingerprint"), str) or not _FINGERPRINT.fullmatch(
            manifest["fingerprint"]):
        raise BundleError(path, N_("The manifest of {bundle} has no valid fingerprint."))
    entries = manifest.get("files")
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise BundleError(path, N_("The manifest of {bundle} has no valid list of files."))
    seen = set()
    for entry in entries:
        valid = (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                 and isinstance(entry.get("size"), int) and not isinstance(entry["size"], bool)
                 and entry["size"] >= 0 and isinstance(entry.get("sha256"), str)
                 and _SHA256.fullmatch(entry["sha256"]) is not None)
        if not valid:
            raise BundleError(path, N_("The manifest of {bundle} has an invalid file entry."))
        _check_name(path, entry["path"])
        if entry["path"] in seen or entry["path"] == MANIFEST:
            raise BundleError(path, N_("The manifest of {bundle} lists {name} twice."),
                              name=entry["path"])
        seen.add(entry["path"])
    return manifest


def _check_data_format(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        raise BundleError(path, N_("The workshop.json of {bundle} is not workshop data."))
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(path, N_("The workshop.json of {bundle} has no valid format version."))
    if version > DATA_VERSION:
        raise BundleError(path, N_(
            "The data in {bundle} is from a newer version of this app (data format {version}; "
            "this app reads up to {known}). Update the app to import it."),
            version=version, known=DATA_VERSION)
