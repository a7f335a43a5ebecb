"""Photos of paper sheets and whiteboards: downscaled before they go into the workshop file.

A phone photo is 3–8 MB; stored as-is, a few dozen would make the file slow to back up and
to carry. Long edge ``MAX_EDGE`` pixels keeps sticky notes readable on a printed page.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Photo

MAX_EDGE = 2000
JPEG_QUALITY = 85
MAX_INPUT_PIXELS = 80_000_000  # refuses decompression bombs, allows 50-megapixel cameras


def photo_from_bytes(data: bytes, *, caption: str = "", **links: str | bool | None) -> Photo:
    """A ``Photo`` record from an image file's bytes: upright, downscaled, metadata removed."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_INPUT_PIXELS:
                raise InputError("data", N_("The image is too large ({width}×{height})."),
                                 width=image.width, height=image.height)
            source_format = image.format
            image = ImageOps.exif_transpose(image)  # phones store rotation as a tag
            image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
            keep_png = source_format == "PNG" and image.mode in ("1", "L", "P", "LA", "RGBA")
            out = io.BytesIO()
            if keep_png:  # screenshots and scans with few colours stay sharp as PNG
                image.save(out, "PNG", optimize=True)
                mime = "image/png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
                mime = "image/jpeg"
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise InputError("data", N_("This file is not an image that can be read "
                                    "(JPEG, PNG, and other common formats).")) from None
    return Photo(caption=caption, mime=mime, width=width, height=height, data=out.getvalue(),
                 **links)
