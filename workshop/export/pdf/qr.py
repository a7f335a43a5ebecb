"""QR codes that tie a printout to its data: drawn as vectors from the code's matrix.

What a code holds (``qr_payload``):

- the platform URL with the data fingerprint as its fragment,
  ``https://…/meetings/34#workshop-data=sha256:<64 hex>``: a phone opens the page where
  the results are published (a fragment is never sent to the server), and the fingerprint
  can be read from the address and compared with the bundle's ``manifest.json``;
- if the URL already has a fragment, two lines: the URL, then ``workshop-data=sha256:…``;
- without a platform URL, the one line ``workshop-data=sha256:…``.

The URL and the short fingerprint are also printed under every code, for people without
a phone at hand.
"""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

DATA_KEY = "workshop-data"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MIN_MODULE = 0.5 * mm  # smaller modules stop scanning reliably on a printed page


def qr_payload(url: str, fingerprint: str) -> str:
    """The text a workshop's QR codes carry (see the module docstring)."""
    if not url:
        return f"{DATA_KEY}={fingerprint}"
    if "#" in url:
        return f"{url}\n{DATA_KEY}={fingerprint}"
    return f"{url}#{DATA_KEY}={fingerprint}"


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


def qr_size(matrix: tuple[tuple[bool, ...], ...], wanted: float) -> float:
    """``wanted``, or larger if the code's modules would otherwise be too small to scan."""
    return max(wanted, (len(matrix) + 2 * QUIET_ZONE) * MIN_MODULE)


class QrFlowable(Flowable):
    """A QR code in a story or a table cell; ``size`` includes the quiet zone."""

    def __init__(self, payload: str, size: float,
                 matrix: tuple[tuple[bool, ...], ...] | None = None) -> None:
        super().__init__()
        self.matrix = matrix or qr_matrix(payload)  # pass it to reuse one code on many pages
        self.size = qr_size(self.matrix, size)
        self.width = self.height = self.size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.size)
