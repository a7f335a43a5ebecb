"""JSON as the standard defines it, for everything the app reads from outside.

Python's ``json`` accepts ``NaN``, ``Infinity`` and ``-Infinity`` and writes them back out,
which no other JSON reader accepts: a value read from a bundle would later make an
invalid ``platform-settings.json``. These refuse them, reading and writing.
"""

from __future__ import annotations

import json
from typing import Any


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str | bytes) -> Any:
    """``json.loads`` without the non-standard numbers (raises ``ValueError``)."""
    return json.loads(text, parse_constant=_refuse_constant)


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` that raises ``ValueError`` on NaN or an infinity."""
    return json.dumps(value, allow_nan=False, **options)
