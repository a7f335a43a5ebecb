"""Photos go from the workshop file into the outputs without being held whole: into the
bundle's zip a chunk at a time, and into the PDF as files that reportlab copies as they
are – a photo larger than its box at 300 dpi first as a print copy made one at a time –
never decoded into pixels kept until the document is saved."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import subprocess
import sys
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader

from workshop.demo import create_demo
from workshop.export.bundle import photo_name, write_bundle
from workshop.export.common import ExportSettings
from workshop.export.html.images import write_page
from workshop.export.report import write_report
from workshop.export.report_html import write_report_html
from workshop.model import Photo
from workshop.store import WorkshopStore

MIB = 2**20


def _jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "w.workshop"
    create_demo(path, lang="en", device_id="a").close()
    with WorkshopStore.open(path, device_id="a") as store:
        for n, colour in enumerate(("#4e79a7", "#f28e2b", "#59a14f")):
            store.add(Photo(caption=f"sheet {n}", data=_jpeg(colour), width=400, height=300))
    return path


def test_jpeg_photos_are_copied_into_the_pdf_without_decoding(path, tmp_path, monkeypatch):
    def decoded(self):
        raise AssertionError("a JPEG photo was decoded into pixels")

    monkeypatch.setattr(ImageReader, "getRGBData", decoded)
    pdf = tmp_path / "report.pdf"
    with WorkshopStore.open(path, device_id="b", read_only=True) as store:
        photos = {hashlib.sha256(p.data).hexdigest() for p in store.list(Photo)}
        write_report(store, pdf, ExportSettings(lang="en"))
    embedded = set()
    for page in PdfReader(pdf).pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            image = xobject.get_object()
            if image.get("/Subtype") == "/Image" and "/DCTDecode" in str(image["/Filter"]):
                embedded.add(hashlib.sha256(image.get_data()).hexdigest())
    assert photos <= embedded  # each JPEG as it was stored, byte for byte


def test_the_bundle_holds_each_photo_as_stored(path, tmp_path):
    bundle = tmp_path / "b.zip"
    with WorkshopStore.open(path, device_id="b", read_only=True) as store:
        photos = store.list(Photo)
        write_bundle(store, bundle, ExportSettings(lang="en"), include_report=False)
    with zipfile.ZipFile(bundle) as archive:
        for photo in photos:
            info = archive.getinfo(photo_name(photo.id, photo.mime))
            assert info.compress_type == zipfile.ZIP_STORED
            assert archive.read(info) == photo.data


@pytest.mark.parametrize("size", [0, 1, 2, 3, 3 << 18, (3 << 18) + 1, (3 << 19) + 2])
def test_the_page_writes_each_photo_a_chunk_at_a_time_as_one_data_uri(tmp_path, size):
    photo = os.urandom(size)
    (tmp_path / "photo").write_bytes(photo)
    page = "<p>写真</p><img src=\"<!--photo 0-->\"><img src=\"<!--photo 1-->\">"
    whole = "data:image/jpeg;base64," + base64.b64encode(photo).decode()
    for source in (tmp_path / "photo", photo):  # a web copy in a file, or in memory
        out = io.BytesIO()
        write_page(out, page, [("image/jpeg", source), ("image/png", b"png")])
        assert out.getvalue().decode() == (
            f'<p>写真</p><img src="{whole}"><img src="data:image/png;base64,cG5n">')


def test_exports_leave_no_temporary_file_behind(path, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    settings = ExportSettings(lang="en")
    with WorkshopStore.open(path, device_id="b", read_only=True) as store:
        write_report(store, tmp_path / "r.pdf", settings)
        write_report_html(store, tmp_path / "r.html", settings)
        write_bundle(store, tmp_path / "b.zip", settings)
        with store.snapshot() as version:  # what one export shares lives as long as it
            write_report(version, tmp_path / "r2.pdf", settings)
            write_report_html(version, tmp_path / "r2.html", settings)
            assert list(temp.iterdir())
            write_bundle(version, tmp_path / "b2.zip", settings)
    assert list(temp.iterdir()) == []
    with zipfile.ZipFile(tmp_path / "b2.zip") as archive:
        assert archive.read("report.pdf") == (tmp_path / "r2.pdf").read_bytes()
        assert archive.read("report.html") == (tmp_path / "r2.html").read_bytes()


def _full_size_photo() -> bytes:
    """As large as the workshop keeps a photo (2,000 pixels), of noise: compresses worst."""
    out = io.BytesIO()
    Image.frombytes("RGB", (2000, 1500), os.urandom(2000 * 1500 * 3)).save(
        out, "JPEG", quality=85)
    return out.getvalue()


# In a process of its own: the most memory it held (every allocation, PIL's and zlib's
# too) while writing the bundle, above what it held before. Linux's high-water mark is
# reset first (clear_refs): it starts as the parent's, carried over fork and exec.
_PEAK = """
import sys
from pathlib import Path
from workshop.export.bundle import write_bundle
from workshop.export.common import ExportSettings
from workshop.store import WorkshopStore
def kib(field):
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith(field)).split()[1])
store = WorkshopStore.open(Path(sys.argv[1]), device_id="b", read_only=True)
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
before = kib("VmRSS:")
write_bundle(store, Path(sys.argv[2]), ExportSettings(lang="ja"))
print((kib("VmHWM:") - before) * 1024)
"""


def _bundle_peak(folder, photo: bytes, count: int) -> int:
    """The peak memory of writing a bundle of ``count`` copies of ``photo`` (with its PDF
    and HTML reports), in bytes."""
    path = folder / f"{count}.workshop"
    create_demo(path, lang="ja", device_id="a").close()
    with WorkshopStore.open(path, device_id="a") as store:
        for n in range(count):
            store.add(Photo(caption=f"sheet {n}", data=photo, width=2000, height=1500))
    done = subprocess.run([sys.executable, "-c", _PEAK, str(path), str(folder / f"{count}.zip")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not os.access("/proc/self/clear_refs", os.W_OK),
                    reason="needs Linux's resettable high-water mark")
def test_a_bundles_peak_memory_grows_far_less_than_its_photos(tmp_path):
    photo = _full_size_photo()
    few, many = _bundle_peak(tmp_path, photo, 5), _bundle_peak(tmp_path, photo, 10)
    # Five more photos cost what reportlab holds of their print copies until it saves the
    # PDF (~0.2× their size). Held as bytes (report.pdf twice, the page's web copies and
    # its data: URIs) they cost ~0.9× their size, and whole (full-size copies in the PDF,
    # the URIs joined again and again, each report compressed whole) over ten times.
    assert many - few < 0.5 * 5 * len(photo), (
        f"{(many - few) / MIB:.1f} MiB more for 5 more photos of {len(photo) / MIB:.1f} MiB")
