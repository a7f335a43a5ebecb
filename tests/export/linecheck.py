"""Reading a PDF back line by line (pdftotext -bbox-layout) and finding what breaks the
Japanese line-breaking rules (JIS X 4051): what a reviewer of municipal publications
circles in red."""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

# Quotes ' and " are left out: in Latin text they open as often as they close.
NEVER_STARTS = set("、。，．・：；？！）」』】〕〉》］｝〙〗〟’”ーゝゞヽヾ々"
                   "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
                   ")]},.:;?!%｡｣､･ｰｧｨｩｪｫｬｭｮｯﾞﾟ％℃")
NEVER_ENDS = set("（「『【〔〈《［｛〘〖〝‘“([{｢")
_UNIT = "人名件分秒時日月年回票点位個枚本台円歳%％"
_NS = "{http://www.w3.org/1999/xhtml}"


def blocks(path: Path) -> list[tuple[int, list[str]]]:
    """(page number, the lines of one text block) for every block, as pdftotext groups
    text: a paragraph, a card's title, a table cell."""
    xml = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"],
                         capture_output=True, text=True, errors="replace",
                         check=True).stdout
    xml = re.sub(r"<head>.*?</head>", "", xml, flags=re.S)  # titles may hold odd bytes
    found = []
    root = ElementTree.fromstring(xml)
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        for block in page.iter(f"{_NS}block"):
            lines = [" ".join(word.text or "" for word in line.iter(f"{_NS}word"))
                     for line in block.iter(f"{_NS}line")]
            found.append((number, [line for line in lines if line.strip()]))
    return found


def violations(path: Path) -> list[str]:
    """Every broken rule, as 'page N: what | line'."""
    found = []
    for page, lines in blocks(path):
        for index, line in enumerate(lines):
            text = line.strip()
            if index > 0 and text[0] in NEVER_STARTS:
                found.append(f"page {page}: starts with {text[0]} | {text}")
            if index < len(lines) - 1 and text[-1] in NEVER_ENDS:
                found.append(f"page {page}: ends with {text[-1]} | {text}")
            if index == 0:
                continue
            before = lines[index - 1].strip()
            if re.search(r"（[^（）\s]{0,11}$", before) and re.match(r"[^（）\s]{0,11}）", text):
                found.append(f"page {page}: bracketed tag split | {before} / {text}")
            if re.search(r"[0-9０-９]$", before) and text[0] in _UNIT:
                found.append(f"page {page}: number and unit split | {before} / {text}")
    return found


def split_words(path: Path, words: list[str]) -> list[str]:
    """The words that some block has broken across two lines."""
    found = []
    for page, lines in blocks(path):
        for before, after in itertools.pairwise(lines):
            joined = before.strip() + after.strip()
            cut = len(before.strip())
            for word in words:
                at = joined.find(word)
                while at != -1:
                    if at < cut < at + len(word):
                        found.append(f"page {page}: {word} | {before} / {after}")
                    at = joined.find(word, at + 1)
    return found
