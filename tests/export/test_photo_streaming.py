"""Photos go from the workshop file into the outputs without being held whole: into the
bundle's zip a chunk at a time, and into the PDF as files that reportlab copies as they
are (never decoded into pixels kept until the document is saved)."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader

from workshop.demo import create_demo
from workshop.export.bundle import photo_name, write_bundle
from workshop.export.common import ExportSettings
from workshop.export.report import write_report
from workshop.model import Photo
from workshop.store import WorkshopStore


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
