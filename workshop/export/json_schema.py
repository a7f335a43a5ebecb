"""The JSON Schema of ``workshop.json``, made from the records' declarations.

``python -m workshop.export.json_schema`` writes ``workshop/export/schema/workshop.schema.json``
(shipped in every bundle and compiled into the import's checks by ``schema_check``);
``--check`` only says whether the shipped file is what the declarations give (exit 1 when
not), as the tests do. Field types, nullability, choices and list sizes come from
``workshop.fields``; the text limits are the schema's one generous bound, since the input
rules (``workshop.rules``) clean text before they measure it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workshop.export.snapshot import FORMAT, FORMAT_VERSION
from workshop.fields import Kind, Spec, specs
from workshop.model import RECORD_TYPES, Record

SCHEMA_FILE = Path(__file__).parent / "schema" / "workshop.schema.json"
MAX_RECORDS = 1_000_000  # per kind of record

_ID = "^[0-9A-Za-z][0-9A-Za-z._:-]{0,63}$"
_TIME = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
         r"(Z|[+-][0-9]{2}:[0-9]{2})$")
_INT32 = {"minimum": -2**31, "maximum": 2**31 - 1}

# The shapes the records' fields refer to.
_SHAPES: dict[str, Any] = {
    "id": {"type": "string", "pattern": _ID,
           "description": "A record id: a UUID made by the app (letters, digits, . _ : - only)."},
    "optional_id": {"type": ["string", "null"], "pattern": _ID},
    "time": {"type": "string", "maxLength": 40, "pattern": _TIME, "format": "date-time",
             "description": "A moment as ISO 8601 / RFC 3339 with seconds and a UTC offset, "
                            "e.g. 2026-11-14T06:05:00.123456+00:00."},
    "optional_time": {"type": ["string", "null"], "maxLength": 40, "pattern": _TIME,
                      "format": "date-time"},
    "text": {"type": "string", "maxLength": 20000,
             "description": "Text as typed, NFC-normalised; the input rules of the app set the "
                            "real limits."},
    "integer": {"type": "integer", **_INT32},
    "optional_integer": {"type": ["integer", "null"], **_INT32},
}

# A photo's bytes are a file of their own in a bundle; the record names it by its hash.
_PHOTO_FILE = {"type": "string", "pattern": "^[0-9a-f]{64}$",
               "description": "SHA-256 of the image file photos/<id>.jpg or .png in the bundle."}


def _ref(shape: str, optional: bool) -> dict[str, Any]:
    return {"$ref": "#/$defs/" + ("optional_" if optional else "") + shape}


def _property(s: Spec) -> dict[str, Any]:
    if s.kind is Kind.ID:
        prop = _ref("id", s.optional)
    elif s.kind is Kind.TIME:
        prop = _ref("time", s.optional)
    elif s.kind is Kind.INTEGER:
        prop = _ref("integer", s.optional)
    elif s.kind is Kind.FLAG:
        prop = {"type": "boolean"}
    elif s.kind is Kind.CHOICE:
        prop = {"enum": list(s.choices)}
    elif s.kind is Kind.STRINGS:
        items = {"enum": list(s.choices)} if s.choices else _ref("id", False)
        prop = {"type": "array", "items": items}
        if s.min_items:
            prop["minItems"] = s.min_items
        if s.max_items is not None:
            prop["maxItems"] = s.max_items
    elif s.json_max_length is not None:
        prop = {"type": "string", "maxLength": s.json_max_length}
    else:
        prop = _ref("text", False)
    if s.description:
        prop["description"] = s.description
    return prop


def _record(cls: type[Record]) -> dict[str, Any]:
    properties = {name: _property(s) for name, s in specs(cls) if s.kind is not Kind.BYTES}
    if any(s.kind is Kind.BYTES for _, s in specs(cls)):
        properties["sha256"] = dict(_PHOTO_FILE)
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


def _table(cls: type[Record]) -> dict[str, Any]:
    table: dict[str, Any] = {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
    if cls.TABLE == "workshop":  # exactly one
        return {**table, "maxItems": 1, "minItems": 1}
    return {**table, "maxItems": MAX_RECORDS}


def schema() -> dict[str, Any]:
    """The schema as a dict, in the order the file lists it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:workshop:workshop-data:1",
        "title": "workshop.json: the whole data of one workshop (format workshop-data, "
                 "version 1)",
        "description": "One array per kind of record, sorted by id; deleted records are kept "
                       "as tombstones. Photo bytes are separate files; ballots are anonymous. "
                       "See docs/bundle-format.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", *(cls.TABLE for cls in RECORD_TYPES)],
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            **{cls.TABLE: _table(cls) for cls in RECORD_TYPES},
        },
        "$defs": {**_SHAPES, **{cls.__name__: _record(cls) for cls in RECORD_TYPES}},
    }


def schema_bytes() -> bytes:
    """The file's bytes: two-space indents, UTF-8 as it is, one newline at the end."""
    return (json.dumps(schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workshop.export.json_schema",
        description="Write workshop.schema.json from the records' declarations.")
    parser.add_argument("--check", action="store_true",
                        help="only check that the shipped file is up to date (exit 1 if not)")
    parser.add_argument("--output", type=Path, default=SCHEMA_FILE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    wanted = schema_bytes()
    current = args.output.read_bytes() if args.output.exists() else b""
    if args.check:
        if current != wanted:
            print(f"{args.output} is out of date: run python -m workshop.export.json_schema",
                  file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        args.output.write_bytes(wanted)
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
