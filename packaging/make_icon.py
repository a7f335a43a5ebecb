"""Draws the application icon (three idea cards and a voting dot) with Pillow.

    python packaging/make_icon.py OUT_DIR   → workshop.png (512 px), workshop.ico, workshop.icns

The window's own icon is a copy of workshop.png in workshop/assets/ (run this with
workshop/assets as OUT_DIR after changing the drawing, and delete the .ico/.icns there).

Drawn from code so that the icon has a source in the repository and every platform's
format is made from it at build time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 1024


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    s = size / 1024
    pen.rounded_rectangle((48 * s, 48 * s, 976 * s, 976 * s), radius=180 * s,
                          fill=(28, 73, 128, 255))
    cards = (((170, 220, 500, 520), (255, 214, 102)), ((540, 220, 870, 520), (129, 212, 250)),
             ((170, 560, 500, 860), (165, 214, 167)))
    for (x0, y0, x1, y1), colour in cards:
        pen.rounded_rectangle((x0 * s, y0 * s, x1 * s, y1 * s), radius=28 * s,
                              fill=(*colour, 255))
        for line in range(3):
            top = (y0 + 70 + line * 70) * s
            pen.rounded_rectangle(((x0 + 40) * s, top, (x1 - 40 - line * 50) * s,
                                   top + 26 * s), radius=13 * s, fill=(60, 60, 60, 200))
    pen.ellipse((600 * s, 600 * s, 820 * s, 820 * s), fill=(229, 57, 53, 255))
    return image


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.resize((512, 512), Image.LANCZOS).save(out / "workshop.png")
    image.save(out / "workshop.ico", sizes=[(n, n) for n in (16, 24, 32, 48, 64, 128, 256)])
    image.save(out / "workshop.icns")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons"))
