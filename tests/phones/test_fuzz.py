"""Fuzzing the phones' API from its OpenAPI description: bodies drawn from each request's
schema, and arbitrary JSON besides, never make the server fail or answer outside the
description (hypothesis; a real server on loopback).

The request schemas are small (objects of strings, integers, nulls and enums), so they are
turned into strategies here rather than by hypothesis-jsonschema, which does not work with
the current hypothesis."""

from __future__ import annotations

import http.client
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.model import Workshop
from workshop.phones.facilitator import join_token
from workshop.phones.limits import RateLimits
from workshop.phones.serve import BackgroundServer
from workshop.phones.server import COOKIE
from workshop.store import WorkshopStore
from workshop.store.writer import Writer

from .conftest import fill
from .openapi import check, request_schema, spec

WRITES = [(path, method) for path, operations in spec()["paths"].items()
          for method, operation in operations.items() if "requestBody" in operation]
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12)


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values of a request schema of the description (the kinds it uses, nothing more)."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema.get("type", "object")
    if isinstance(kinds, list):
        return st.one_of([from_schema({**schema, "type": kind}) for kind in kinds])
    if kinds == "null":
        return st.none()
    if kinds == "integer":
        return st.integers(min_value=-10**6, max_value=10**6)
    if kinds == "string":
        return st.text(min_size=schema.get("minLength", 0),
                       max_size=min(schema.get("maxLength", 400), 400))
    assert kinds == "object", schema
    properties = schema.get("properties", {})
    if not properties:
        return st.dictionaries(st.text(max_size=40), from_schema(
            schema.get("additionalProperties", {"type": "integer"})), max_size=6)
    required = set(schema.get("required", ()))
    return st.fixed_dictionaries(
        {name: from_schema(p) for name, p in properties.items() if name in required},
        optional={name: from_schema(p) for name, p in properties.items()
                  if name not in required})


class Served(BackgroundServer):
    """The phones' server on its own thread, asked with plain blocking requests."""

    def request(self, method: str, path: str, body: object = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={
            "Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        answer = json.loads(response.read() or b"null")
        conn.close()
        return response.status, answer, dict(response.getheaders())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.workshop"
    store = WorkshopStore.create(path, Workshop(title="Fuzz"), device_id="laptop")
    _, teams, _, _ = fill(store)
    writer = Writer(store)
    limits = RateLimits(per_phone=1e6, phone_burst=1e6, total=1e6, total_burst=1e6)
    server = Served(store, writer, writer.call(join_token), limits=limits)
    server.start("127.0.0.1", 0)
    status, _, headers = server.request("POST", "/api/v1/join",
                                        {"token": writer.call(join_token)})
    assert status == 200
    server.cookie = headers["Set-Cookie"].split(";")[0]
    assert server.cookie.startswith(COOKIE)
    server.request("POST", "/api/v1/team", {"team_id": teams[0]},
                   {"Cookie": server.cookie})
    yield server
    server.stop()
    writer.close()
    store.close()


def _send(served, path, method, body):
    status, answer, _ = served.request(method.upper(), path, body, {
        "Cookie": served.cookie, "Idempotency-Key": str(uuid.uuid4())})
    assert status < 500, answer
    check(method, path, status, answer)
    return status


@pytest.mark.parametrize(("path", "method"), WRITES)
@settings(max_examples=40)
@given(data=st.data())
def test_bodies_from_the_description_get_described_answers(served, path, method, data):
    _send(served, path, method, data.draw(from_schema(request_schema(method, path))))


@pytest.mark.parametrize(("path", "method"), WRITES)
@settings(max_examples=30)
@given(body=ANY_JSON)
def test_any_json_gets_a_described_answer(served, path, method, body):
    _send(served, path, method, body)
