"""Photos for the web page: downscaled and embedded as ``data:`` URIs.

A photo is kept at up to 2,000 pixels for print; a page shows it at most about 800 CSS
pixels wide, so 1,200 pixels stays sharp on a high-density screen at a third of the
bytes, which matters for a page a city posts and people open on phones.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_EDGE = 1200
JPEG_QUALITY = 80
# Escaped text has no "<", so no caption or title can look like this.
_PLACEHOLDER = re.compile(r"<!--photo (\d+)-->")


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


def placeholder(index: int) -> str:
    """Where the ``index``-th photo's ``data:`` URI goes (see ``embedded``)."""
    return f"<!--photo {index}-->"


def embedded(page: str, uris: list[str]) -> bytes:
    """``page`` as UTF-8 with each placeholder replaced by its photo's URI.

    The URIs join the page only as bytes: inside the page's text, next to Japanese, each
    character takes two bytes, and every join of the page made another such copy of all
    the photos (with 20 photos making the page took 76 MiB above the page itself)."""
    parts = _PLACEHOLDER.split(page)  # text, index, text, index, ..., text
    del page
    out = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the page
    for n, part in enumerate(parts):
        if n % 2:  # each URI dropped once written: the photos are held once, not twice
            index = int(part)
            out.write(uris[index].encode("ascii"))
            uris[index] = ""
        else:
            out.write(part.encode("utf-8"))
        parts[n] = ""
    return out.getvalue()
