"""A correct ToUnicode map for a reportlab TrueType subset.

reportlab 5.1 writes each entry as ``"<%02X> <%04X>" % (code, unicode)``: a character
outside the Basic Multilingual Plane (𩸽 U+29E3D) comes out as ``<29E3D>``, an odd number
of hex digits that readers take as U+29E3 plus a stray nibble (pdftotext prints ⧣). The
PDF reference wants the destination as UTF-16BE, i.e. the surrogate pair ``<D867DE3D>``.
``docs/upstream/reportlab-tounicode.md`` is the report and patch offered upstream.

Alias code points (see ``fonts.ChainFont``) map to the text they stand for, which may be
several characters (a base and its variation selector).
"""

from __future__ import annotations


def utf16_hex(text: str) -> str:
    """``text`` as UTF-16BE in upper-case hex, as a ToUnicode destination is written."""
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, subset: list[int], spelled: dict[int, str]) -> str:
    """The ToUnicode CMap of one subset: byte ``i`` stands for code point ``subset[i]``
    (or for ``spelled[subset[i]]`` when that code point is an alias)."""
    entries = [f"<{index:02X}> <{utf16_hex(spelled.get(code) or chr(code))}>"
               for index, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        # A bfchar block holds at most 100 entries (PDF reference, 5.9.2).
        *_blocks(entries),
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def _blocks(entries: list[str]) -> list[str]:
    lines: list[str] = []
    for start in range(0, len(entries), 100):
        block = entries[start:start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    return lines
