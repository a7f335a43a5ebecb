"""The fonts every output uses, shipped inside the package so that Japanese text renders
on any machine – never as empty boxes – in the window and in the PDFs alike.

IPAexGothic (TrueType outlines, IPA Font License, which allows redistribution and
embedding) covers JIS X 0213 kanji, kana and Latin. reportlab can embed it; Qt loads it
with ``QFontDatabase.addApplicationFont``.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).parent / "assets" / "fonts"
JAPANESE_FONT = FONT_DIR / "ipaexg.ttf"
JAPANESE_FONT_FAMILY = "IPAexGothic"
JAPANESE_FONT_LICENCE = FONT_DIR / "IPA_Font_License_Agreement_v1.0.txt"
