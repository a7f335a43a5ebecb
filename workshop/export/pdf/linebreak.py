"""Where a line of Japanese (or mixed) text may break: JIS X 4051's rules, pieces that move
as one, and – for headlines and titles – phrase boundaries from BudouX.

``break_opportunities(text)`` answers for each position whether a line may start there.
It knows nothing of fonts or widths; ``paragraphs`` fills lines with it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# JIS X 4051 classes 2-7 (closing brackets, hyphens, dividing and middle punctuation,
# full stops, commas), iteration marks, the prolonged sound mark, small kana, and their
# Latin and half-width counterparts, plus postfixed units (%, ℃).
CANNOT_START = frozenset(
    "、。，．・：；？！‼⁇⁈⁉）」』】〕〉》］｝〙〗〟’”｠»"
    "‐゠–〜～ー ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    ")]},.:;?!%｡｣､･ｰｧｨｩｪｫｬｭｮｯﾞﾟ％℃°′″‰…‥"
    .replace(" ", "")
)
# Class 1 (opening brackets) and prefixed units (¥, $, #, №).
CANNOT_END = frozenset("（「『【〔〈《［｛〘〖〝‘“｟«([{｢¥$£€＄￥＃#№")
# Never split between two of these (…… and ——).
_INSEPARABLE = frozenset("…‥—―")

# A number with its unit moves as one piece: 38人, 1,200円, 10.5 pt, 第3回, 70%.
_NUMBER_UNIT = re.compile(
    r"(?:第|約|計)?[0-9０-９][0-9０-９,，.．:：/]*\s?"
    r"(?:%|％|℃|°C|km|kg|cm|mm|m²|㎡|pt|m|g|時間|分間|ヶ月|か月|カ月|チーム|万円|億円|万人"
    r"|[人名件分秒時日月年回票点位個枚本台円歳階番号週歩割組班])?")
# A short bracketed tag moves as one piece: （チームA）, (Team B), 【重要】.
_TAG = re.compile(r"[（(【［\[〔][^（）()【】［］\[\]〔〕\s]{1,12}[）)】］\]〕]")


_LONG_TOKEN = re.compile(r"\S{16,}")


def has_long_token(text: str) -> bool:
    """Whether Latin text holds a piece longer than most lines (a URL, a long compound):
    reportlab would cut it anywhere, these rules after a slash or a hyphen."""
    return _LONG_TOKEN.search(text) is not None


@functools.lru_cache(maxsize=8192)
def _kind(char: str) -> str:
    """'space'; 'word' (letters and digits of scripts that break at spaces); 'joiner'
    (their punctuation and symbols, kept with what they stand beside); or 'cjk' (ideographs,
    kana, full-width forms, emoji: a line may break on either side)."""
    if char.isspace():
        return "space"
    code = ord(char)
    if code < 0x3000 and (char.isalnum() or unicodedata.category(char)[0] == "M"):
        return "word"  # Latin, Greek, Cyrillic, Thai, ... and combining marks
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "word"  # Hangul breaks at spaces, like Latin
    if 0xFF10 <= code <= 0xFF5A and char.isalnum():
        return "word"  # full-width Latin letters and digits
    if code < 0x3000:
        return "joiner"  # punctuation and symbols of Latin text: no break beside them
    return "cjk"


@functools.lru_cache(maxsize=4096)
def break_opportunities(text: str, *, phrases: bool = False) -> bytes:
    """``result[i]`` is 1 when a line may begin at ``text[i]`` (never at 0); with
    ``phrases``, 2 marks the positions that are also phrase boundaries (BudouX).

    Cached: a paragraph is wrapped several times (fitting, splitting at a page end)."""
    size = len(text)
    allowed = bytearray(size)
    kinds = [_kind(char) for char in text]
    for index in range(1, size):
        before, after = text[index - 1], text[index]
        kind_before, kind_after = kinds[index - 1], kinds[index]
        if kind_after == "space":
            continue  # spaces stay at the end of the line before
        if kind_before == "space" or kind_before == "cjk" or kind_after == "cjk":
            allowed[index] = 1
        elif kind_before == "joiner" and before in "-/–" and kind_after == "word":
            allowed[index] = 1  # after a hyphen or a slash (URLs, and/or)
        if after in CANNOT_START or before in CANNOT_END or (
                before in _INSEPARABLE and after in _INSEPARABLE):
            allowed[index] = 0
    for pattern in (_NUMBER_UNIT, _TAG):
        for match in pattern.finditer(text):
            allowed[match.start() + 1:match.end()] = bytes(match.end() - match.start() - 1)
    if phrases:
        for index in _phrase_starts(text):
            if allowed[index]:
                allowed[index] = 2
        for index in range(1, size):
            if allowed[index] and kinds[index - 1] == "space":
                allowed[index] = 2
    return bytes(allowed)


def _phrase_starts(text: str) -> list[int]:
    starts, at = [], 0
    for phrase in _parser().parse(text)[:-1]:
        at += len(phrase)
        starts.append(at)
    return starts


@functools.cache
def _parser():
    import budoux  # loaded on first use: its model takes a moment to read

    return budoux.load_default_japanese_parser()
