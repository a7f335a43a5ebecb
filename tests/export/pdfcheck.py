"""Reading PDFs back the way a person meets them: extracted text, embedded fonts, QR codes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """What pdftotext (poppler) extracts, in reading order."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_texts(path: Path) -> list[str]:
    """One extracted text per page (pdftotext separates pages by form feeds)."""
    return pdf_text(path).split("\f")[:-1]


def flat(text: str) -> str:
    """Text with line breaks undone: Japanese lines join directly, Latin ones with a space."""
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef])", "",
                  text)
    return re.sub(r"\s+", " ", text)


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page or in any form, and whether its file is embedded."""
    found: dict[str, bool] = {}

    def visit(resources) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None and any(k in d.get_object()
                                      for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors)
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return found


def qr_codes(path: Path, tmp: Path, *, first: int = 1, last: int | None = None,
             dpi: int = 150) -> dict[int, list[str]]:
    """The QR codes on each rendered page (pdftoppm), decoded with zxing-cpp.

    Pages are rendered to uncompressed greyscale (PGM): compressing PNGs would take most
    of the time."""
    prefix = tmp / f"{path.stem}-page"
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(path), str(prefix)], check=True)
    codes = {}
    for picture in sorted(tmp.glob(f"{prefix.name}-*.pgm")):
        number = int(picture.stem.rsplit("-", 1)[1])
        with Image.open(picture) as image:
            codes[number] = [r.text for r in zxingcpp.read_barcodes(
                image, formats=zxingcpp.BarcodeFormat.QRCode)]
        picture.unlink()
    return codes


def qr_modules(path: Path, tmp: Path, *, first: int = 1, last: int | None = None,
               dpi: int = 150) -> dict[int, list[tuple[str, float]]]:
    """The QR codes on each rendered page with the printed size of one module in mm: the
    code's width between its outer corners, as zxing-cpp finds them, over its modules
    (17 + 4 × version)."""
    prefix = tmp / f"{path.stem}-mod"
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(path), str(prefix)], check=True)
    found = {}
    for picture in sorted(tmp.glob(f"{prefix.name}-*.pgm")):
        number = int(picture.stem.rsplit("-", 1)[1])
        with Image.open(picture) as image:
            results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        codes = []
        for result in results:
            modules = 17 + 4 * int(result.extra["Version"])
            corners = result.position
            width = ((corners.top_right.x - corners.top_left.x)
                     + (corners.bottom_right.x - corners.bottom_left.x)) / 2
            codes.append((result.text, width / dpi * 25.4 / modules))
        found[number] = codes
        picture.unlink()
    return found


def text_sizes(path: Path) -> list[tuple[int, str, float]]:
    """(page, text, font size in points) of every piece of text drawn on the pages (not
    in forms: the page total and the contents' page numbers)."""
    found = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                found.append((number, text, round(size * scale, 2)))
        page.extract_text(visitor_text=visit)
    return found
