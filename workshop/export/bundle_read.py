"""Reading a data bundle: the format's names and limits, and a bundle checked before use.

Reading trusts nothing: names, sizes, links, checksums, the format version and the data
fingerprint are all checked before anything is used. Members are never extracted, so no
file is ever written outside the workshop being imported into, and never held whole
unless needed: each is streamed through SHA-256 a megabyte at a time; only
``workshop.json`` and ``platform-settings.json`` are kept; a photo is left in the zip
(``MemberBlob``) and read again, checked again, only when it is written into the
workshop, one at a time. So memory stays far below the largest member.
"""


from __future__ import annotations

import hashlib
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop import strict_json
from workshop.errors import WorkshopError
from workshop.export.common import Progress
from workshop.export.snapshot import FORMAT as DATA_FORMAT
from workshop.export.snapshot import FORMAT_VERSION as DATA_VERSION
from workshop.export.snapshot import fingerprint, short_fingerprint, upgrade
from workshop.i18n import N_
from workshop.rules import MAX_PHOTO_BYTES

FORMAT = "workshop-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "workshop.json"
PLATFORM = "platform-settings.json"
PHOTO_DIR = "photos/"

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
    _check_version(path, manifest.get("format_version"), FORMAT_VERSION,
                   N_("The manifest of {bundle} has no valid format version."), N_(
                       "{bundle} was made by a newer version of this app (bundle format "
                       "{version}; this app reads up to {known}). Update the app to import it."))
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


def _check_version(path: Path, version: object, known: int, invalid: str, newer: str) -> None:
    """A format version is a whole number from 1; one above ``known`` is a newer app's."""
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(path, invalid)
    if version > known:
        raise BundleError(path, newer, version=version, known=known)


def _check_data_format(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        raise BundleError(path, N_("The workshop.json of {bundle} is not workshop data."))
    _check_version(path, data.get("format_version"), DATA_VERSION,
                   N_("The workshop.json of {bundle} has no valid format version."), N_(
                       "The data in {bundle} is from a newer version of this app (data format "
                       "{version}; this app reads up to {known}). Update the app to import it."))
