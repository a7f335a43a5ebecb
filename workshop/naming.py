"""A file name suggested from a workshop's title, safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata

# Forbidden in a Windows file name (and "/" everywhere), plus control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
             *(f"LPT{n}" for n in range(1, 10))}
MAX_STEM = 80  # characters: a Japanese title fits, a path stays far from Windows' limit


def suggested_file_name(title: str, suffix: str = ".workshop", fallback: str = "workshop") -> str:
    """``「駅前広場の未来」市民ワークショップ.workshop`` from the title as typed."""
    stem = unicodedata.normalize("NFC", title)
    stem = _SPACES.sub(" ", _FORBIDDEN.sub(" ", stem)).strip(" .")
    stem = stem[:MAX_STEM].rstrip(" .")
    if not stem or stem.split(".")[0].upper() in _RESERVED:
        stem = f"{fallback}-{stem}" if stem else fallback
    return stem + suffix
