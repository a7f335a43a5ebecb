"""Photos for the web page: downscaled and embedded as ``data:`` URIs.

A photo is kept at up to 2,000 pixels for print; a page shows it at most about 800 CSS
pixels wide, so 1,200 pixels stays sharp on a high-density screen at a third of the
bytes, which matters for a page a city posts and people open on phones.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

MAX_EDGE = 1200
JPEG_QUALITY = 80
# Escaped text has no "<", so no caption or title can look like this.
_PLACEHOLDER = re.compile(r"<!--photo (\d+)-->")
# A multiple of 3 bytes: the base64 of such chunks, one after another, is that of the whole.
_BASE64_CHUNK = 3 << 18


@dataclass(frozen=True)
class WebImage:
    data: bytes
    mime: str
    width: int
    height: int


def web_image(data: bytes, mime: str) -> WebImage | None:
    """The photo as the page shows it, with its size in pixels; None if it cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if max(image.size) <= MAX_EDGE and mime in ("image/jpeg", "image/png"):
                return WebImage(data, mime, *image.size)
            image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if mime == "image/png" and image.mode in ("1", "L", "P", "LA", "RGBA"):
                image.save(out, "PNG", optimize=True)  # scans and drawings stay sharp
                return WebImage(out.getvalue(), "image/png", *image.size)
            image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            return WebImage(out.getvalue(), "image/jpeg", *image.size)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError,
            ValueError):
        return None


def placeholder(index: int) -> str:
    """Where the ``index``-th photo's ``data:`` URI goes (see ``write_page``)."""
    return f"<!--photo {index}-->"


def write_page(out: BinaryIO, page: str, photos: Sequence[tuple[str, Path | bytes]]) -> None:
    """``page`` into ``out`` as UTF-8, each placeholder replaced by the ``data:`` URI of its
    photo (its type, and its bytes or the file that holds them).

    A URI goes into ``out`` a chunk at a time, never whole: the page's photos are as
    large as its text many times over (in a ``str`` next to Japanese each of their
    characters would take two bytes)."""
    parts = _PLACEHOLDER.split(page)  # text, index, text, index, ..., text
    del page
    for n, part in enumerate(parts):
        if n % 2:
            mime, source = photos[int(part)]
            out.write(f"data:{mime};base64,".encode("ascii"))
            for chunk in _chunks(source):
                out.write(base64.b64encode(chunk))
        else:
            out.write(part.encode("utf-8"))
        parts[n] = ""


def _chunks(source: Path | bytes) -> Iterator[bytes | memoryview]:
    if isinstance(source, Path):
        with source.open("rb") as file:
            yield from iter(lambda: file.read(_BASE64_CHUNK), b"")
    else:
        view = memoryview(source)
        for start in range(0, len(view), _BASE64_CHUNK):
            yield view[start:start + _BASE64_CHUNK]
