"""The phones' OpenAPI description, read once, and a check of answers against it."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SPEC_PATH = Path(__file__).parents[2] / "docs" / "phones-api.yaml"


@functools.cache
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def schema(fragment: dict[str, Any]) -> dict[str, Any]:
    """A schema of the description, its ``#/components/...`` references resolvable."""
    return {**fragment, "components": spec()["components"]}


def response_schema(method: str, path: str, status: int) -> dict[str, Any] | None:
    operation = spec()["paths"][path][method.lower()]
    described = operation["responses"].get(str(status))
    assert described is not None, f"{method} {path} answered {status}, not described"
    if "$ref" in described:
        described = spec()["components"]["responses"][described["$ref"].rsplit("/", 1)[1]]
    content = described.get("content", {}).get("application/json")
    return None if content is None else schema(content["schema"])


def request_schema(method: str, path: str) -> dict[str, Any]:
    operation = spec()["paths"][path][method.lower()]
    return schema(operation["requestBody"]["content"]["application/json"]["schema"])


def check(method: str, path: str, status: int, body: Any) -> None:
    """Fail unless the answer is one the description allows."""
    found = response_schema(method, path, status)
    if found is not None:
        jsonschema.validate(body, found, cls=jsonschema.Draft202012Validator)
