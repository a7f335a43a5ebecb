"""Ideographic variation sequences of a TrueType font: its cmap subtable of format 14.

reportlab reads only a font's plain character map, so 葛 followed by U+E0100 would draw
the default 葛 and drop the selector. IPAmj明朝 maps thousands of such sequences (the
name variants of the Koseki and Juki registers) to glyphs of their own; this reads that
map so the PDF can draw them (through an alias, see ``fonts.ChainFont``).
"""

from __future__ import annotations

import struct
from pathlib import Path


def variation_sequences(path: Path) -> dict[tuple[int, int], int]:
    """``(base, selector) -> glyph`` for every sequence with a glyph of its own, and for
    every default sequence (the base's usual glyph is the right one)."""
    with open(path, "rb") as file:
        head = file.read(12)
        if len(head) < 12:
            return {}
        count = struct.unpack(">H", head[4:6])[0]
        records = file.read(16 * count)
        cmap = next((struct.unpack(">II", records[i + 8:i + 16])
                     for i in range(0, len(records), 16) if records[i:i + 4] == b"cmap"),
                    None)
        if cmap is None:
            return {}
        file.seek(cmap[0])
        data = file.read(cmap[1])
    return _parse_cmap(data)


def _parse_cmap(data: bytes) -> dict[tuple[int, int], int]:
    _version, tables = struct.unpack(">HH", data[:4])
    plain: dict[int, int] = {}
    sequences: dict[tuple[int, int], int] = {}
    defaults: list[tuple[int, int]] = []
    for index in range(tables):
        platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * index:12 + 8 * index])
        kind = struct.unpack(">H", data[offset:offset + 2])[0]
        if (platform, encoding, kind) == (0, 5, 14):
            defaults = _format14(data, offset, sequences)
        elif platform == 3 and encoding == 10 and not plain:
            plain = _format12(data, offset)
    for base, selector in defaults:
        if base in plain:
            sequences[base, selector] = plain[base]
    return sequences


def _format14(data: bytes, start: int, sequences: dict) -> list[tuple[int, int]]:
    count = struct.unpack(">I", data[start + 6:start + 10])[0]
    defaults: list[tuple[int, int]] = []
    for index in range(count):
        at = start + 10 + 11 * index
        selector = int.from_bytes(data[at:at + 3], "big")
        default_at, own_at = struct.unpack(">II", data[at + 3:at + 11])
        if default_at:
            ranges = struct.unpack(">I", data[start + default_at:start + default_at + 4])[0]
            for r in range(ranges):
                at_r = start + default_at + 4 + 4 * r
                first = int.from_bytes(data[at_r:at_r + 3], "big")
                defaults += [(first + extra, selector) for extra in range(data[at_r + 3] + 1)]
        if own_at:
            mappings = struct.unpack(">I", data[start + own_at:start + own_at + 4])[0]
            for m in range(mappings):
                at_m = start + own_at + 4 + 5 * m
                base = int.from_bytes(data[at_m:at_m + 3], "big")
                sequences[base, selector] = struct.unpack(">H", data[at_m + 3:at_m + 5])[0]
    return defaults


def _format12(data: bytes, start: int) -> dict[int, int]:
    if struct.unpack(">H", data[start:start + 2])[0] != 12:
        return {}
    groups = struct.unpack(">I", data[start + 12:start + 16])[0]
    plain: dict[int, int] = {}
    for index in range(groups):
        first, last, glyph = struct.unpack(">III", data[start + 16 + 12 * index:
                                                        start + 28 + 12 * index])
        for code in range(first, last + 1):
            plain[code] = glyph + code - first
    return plain
