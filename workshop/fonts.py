"""The fonts every output uses, and the fallback chain the PDFs draw each character with.

The window uses IPAexGothic (shipped; Qt adds the system's fonts for what it lacks). A PDF
cannot lean on the system: reportlab embeds only TrueType outlines, and on Windows or
macOS it finds none of the Linux fonts. So everything a PDF needs by default is shipped in
``assets/fonts`` with its licence (see ``assets/fonts/README.md``), and a few faces for
rarer scripts are looked up on the system as well, at fixed places in a fixed order, so
that one workshop prints the same on every machine that has the same files.

The chain, in order (the first face that has a glyph draws the character):

1. BIZ UDGothic – the universal-design face many municipalities print with (OFL).
2. IPAexGothic – JIS X 0213 symbols BIZ UDGothic lacks (IPA Font License).
3. IPAmj明朝 – ~58,000 kanji incl. people's-name variants (𠮷) and their ideographic
   variation sequences (葛󠄀) (IPA Font License).
4. Droid Sans Fallback – simplified/traditional Chinese and Hangul (Apache-2.0).
5. Noto Sans – Latin with Vietnamese, Greek, Cyrillic (OFL).
6. Noto faces of other scripts, when the system has them (fonts-noto-core).
7. Symbola – monochrome emoji and symbols (free for any use).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).parent / "assets" / "fonts"
JAPANESE_FONT = FONT_DIR / "ipaexg.ttf"
JAPANESE_FONT_FAMILY = "IPAexGothic"
JAPANESE_FONT_LICENCE = FONT_DIR / "IPA_Font_License_Agreement_v1.0.txt"


@dataclass(frozen=True)
class Face:
    """One font of the chain: ``key`` names it in the PDF, ``files`` are the file names
    looked for (shipped first, then the system's folders), the first found wins."""

    key: str
    family: str
    files: tuple[str, ...]
    shipped: bool = False


TEXT_FACE = Face("UDGothic", "BIZ UDGothic", ("BIZUDGothic-Regular.ttf",), shipped=True)

# Scripts that only the system's Noto faces cover; reportlab does not shape text, so
# scripts that need shaping (Arabic joining, Indic conjuncts) print as separate letters.
_NOTO_SCRIPTS = (
    "Thai", "Devanagari", "Bengali", "Tamil", "Sinhala", "Khmer", "Lao", "Myanmar",
    "Hebrew", "Arabic", "Armenian", "Georgian", "Ethiopic", "Mongolian", "Tibetan",
)

CHAIN: tuple[Face, ...] = (
    TEXT_FACE,
    Face("IPAexGothic", "IPAexGothic", ("ipaexg.ttf",), shipped=True),
    Face("IPAmjMincho", "IPAmj明朝", ("ipamjm.ttf",), shipped=True),
    Face("DroidFallback", "Droid Sans Fallback", ("DroidSansFallback.ttf",), shipped=True),
    Face("NotoSans", "Noto Sans", ("NotoSans-Regular.ttf",), shipped=True),
    *(Face(f"Noto{script}", f"Noto Sans {script}", (f"NotoSans{script}-Regular.ttf",))
      for script in _NOTO_SCRIPTS),
    Face("Symbola", "Symbola", ("Symbola.ttf", "Symbola_hint.ttf"), shipped=True),
)


def system_font_dirs() -> list[Path]:
    """Where fonts are looked for on this system, in a fixed order."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"),
                Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    roots = [home / ".local" / "share" / "fonts", home / ".fonts",
             Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]
    # Debian puts each package's fonts one or two folders down (truetype/noto/...).
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.append(root)
            found.extend(sorted(p for p in root.glob("*") if p.is_dir()))
            found.extend(sorted(p for p in root.glob("*/*") if p.is_dir()))
    found.append(Path("/usr/share/fonts-droid-fallback/truetype"))
    return found


def locate(face: Face, dirs: list[Path] | None = None) -> Path | None:
    """The file that provides ``face``: the shipped one, else the first in ``dirs``."""
    if face.shipped:
        for name in face.files:
            if (FONT_DIR / name).is_file():
                return FONT_DIR / name
    for folder in dirs if dirs is not None else system_font_dirs():
        for name in face.files:
            if (folder / name).is_file():
                return folder / name
    return None
