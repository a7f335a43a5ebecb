"""QR codes that tie a printout to its data: drawn as vectors from the code's matrix.

What a code holds (``qr_payload``) is kept short, because the payload's length sets the
code's version and so the size of its modules at a given printed size – and phones scan
small modules only up close (a 164-character payload made 53×53 codes with 0.5 mm
modules; this one makes 29×29 without a URL and ~41×41 with a typical one):

- the platform URL with the short data fingerprint as its fragment,
  ``https://…/meetings/34#data=c664-cda9-c507-260a``: a phone opens the page where the
  results are published (a fragment is never sent to the server);
- if the URL already has a fragment, two lines: the URL, then ``workshop-data=…``;
- without a platform URL, the one line ``workshop-data=c664-cda9-c507-260a``: a phone
  shows the text and opens nothing.

The short fingerprint is the first 64 bits of the data's SHA-256: enough to tell a
printout's bundle from any other (finding another bundle with the same 64 bits on purpose
takes about 2^64 tries); the full fingerprint stays in the bundle's manifest, and
``workshop verify BUNDLE --code TEXT`` compares either form. The URL and the short
fingerprint are also printed beside every code, for people without a phone at hand.
"""

from __future__ import annotations

import re

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workshop.export.snapshot import short_fingerprint

DATA_KEY = "workshop-data"
URL_KEY = "data"  # the fragment's key after a URL: short, as every byte counts
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
ARM_LENGTH_MODULE = 0.8 * mm  # cards, the report, tally sheets: scanned from ~30 cm
WALL_MODULE = 1.5 * mm  # wall sheets: scanned from 1-2 m
MIN_MODULE = ARM_LENGTH_MODULE

_SHORT = re.compile(r"(?<![0-9a-f])([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})"
                    r"(?![0-9a-f])")
_FULL = re.compile(r"sha256:([0-9a-f]{64})")


def qr_payload(url: str, fingerprint: str) -> str:
    """The text a workshop's QR codes carry (see the module docstring)."""
    short = short_fingerprint(fingerprint)  # as printed beside the code
    if not url:
        return f"{DATA_KEY}={short}"
    if "#" in url:
        return f"{url}\n{DATA_KEY}={short}"
    return f"{url}#{URL_KEY}={short}"


def code_digits(text: str) -> str | None:
    """The fingerprint digits a scanned code or a typed fingerprint holds: 64 hex digits
    for the full form (``sha256:…``, as older printouts carry it), 16 for the short one
    (with or without its dashes); ``None`` if there are none."""
    text = text.strip().lower()
    found = _FULL.search(text)
    if found:
        return found.group(1)
    tail = text.rsplit("=", 1)[-1] if "=" in text else text
    found = _SHORT.search(tail)
    return "".join(found.groups()) if found else None


def code_matches(text: str, fingerprint: str) -> bool:
    """Whether a scanned code (or a typed fingerprint) names the data ``fingerprint``."""
    digits = code_digits(text)
    return digits is not None and fingerprint.removeprefix("sha256:").startswith(digits)


def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the smallest code for ``payload`` (ECC level M:
    a code stays readable with a crease or a sticker dot on it)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def draw_qr(canvas: Canvas, matrix: tuple[tuple[bool, ...], ...], x: float, y: float,
            size: float) -> None:
    """Draw the code with its quiet zone in the square of side ``size`` at (x, y)."""
    count = len(matrix) + 2 * QUIET_ZONE
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    # One rectangle per horizontal run of dark modules, a hair taller than a module so
    # that viewers do not show seams between rows.
    for row_index, row in enumerate(matrix):
        top = y + size - (QUIET_ZONE + row_index) * module
        start = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                left = x + (QUIET_ZONE + start) * module
                path.rect(left, top - module * 1.02, (col - start) * module, module * 1.02)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def qr_size(matrix: tuple[tuple[bool, ...], ...], wanted: float,
            module: float = MIN_MODULE) -> float:
    """``wanted``, or larger if the code's modules would otherwise be smaller than
    ``module`` (where the paper is read decides: arm's length or the wall)."""
    return max(wanted, (len(matrix) + 2 * QUIET_ZONE) * module)


class QrFlowable(Flowable):
    """A QR code in a story or a table cell; ``size`` includes the quiet zone. With a
    ``url`` the code is also a link in the PDF (a click opens the page a scan would)."""

    def __init__(self, payload: str, size: float,
                 matrix: tuple[tuple[bool, ...], ...] | None = None, *,
                 module: float = MIN_MODULE, url: str = "") -> None:
        super().__init__()
        self.matrix = matrix or qr_matrix(payload)  # pass it to reuse one code on many pages
        self.size = qr_size(self.matrix, size, module)
        self.width = self.height = self.size
        self.url = url

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.size)
        if self.url:
            self.canv.linkURL(self.url, (0, 0, self.size, self.size), relative=1,
                              thickness=0)
