"""Photos for the web page: downscaled and embedded as ``data:`` URIs.

A photo is kept at up to 2,000 pixels for print; a page shows it at most about 800 CSS
pixels wide, so 1,200 pixels stays sharp on a high-density screen at a third of the
bytes, which matters for a page a city posts and people open on phones.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_EDGE = 1200
JPEG_QUALITY = 80


@dataclass(frozen=True)
class WebImage:
    uri: str
    width: int
    height: int


def web_image(data: bytes, mime: str) -> WebImage | None:
    """The photo as a ``data:`` URI with its size in pixels; None if it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if max(image.size) <= MAX_EDGE and mime in ("image/jpeg", "image/png"):
                return _uri(data, mime, image.size)
            image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if mime == "image/png" and image.mode in ("1", "L", "P", "LA", "RGBA"):
                image.save(out, "PNG", optimize=True)  # scans and drawings stay sharp
                return _uri(out.getvalue(), "image/png", image.size)
            image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            return _uri(out.getvalue(), "image/jpeg", image.size)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError,
            ValueError):
        return None


def _uri(data: bytes, mime: str, size: tuple[int, int]) -> WebImage:
    encoded = base64.b64encode(data).decode("ascii")
    return WebImage(f"data:{mime};base64,{encoded}", size[0], size[1])
