"""Attacks from a participant with curl: odd values, replays, races, paths, methods.
Each test asserts that the server refuses or stays correct, and that nothing lands."""

from __future__ import annotations

import asyncio

import pytest

from workshop.model import Ballot, Idea

from .conftest import key


def ballots(hall) -> list[Ballot]:
    with hall.store.snapshot() as snapshot:
        return snapshot.list(Ballot, round_id=hall.round_id)


def ideas(hall) -> list[Idea]:
    with hall.store.snapshot() as snapshot:
        return snapshot.list(Idea)


@pytest.mark.parametrize("dots", [
    {"@": 10**40}, {"@": -10**40}, {"@": 1.0}, {"@": True}, {"@": None}, {"@": "1"},
    {"@": [1]}, {"@": {"n": 1}}, {"@": -1}, {"@": 3}, {}, {"x" * 5000: 1},
])
async def test_bad_dots_are_refused_and_nothing_is_cast(phone, hall, dots):
    dots = {(hall.ideas[2] if k == "@" else k): v for k, v in dots.items()}
    response = await phone.post("/api/v1/ballots", headers=key(),
                                json={"round_id": hall.round_id, "dots": dots})
    assert 400 <= response.status < 500 and response.status != 429
    assert "error" in await response.json()
    assert ballots(hall) == []


@pytest.mark.parametrize("raw", [b'{"round_id": "r", "dots": {"a": NaN}}',
                                 b'{"round_id": "r", "dots": {"a": Infinity}}',
                                 b'{"title": "\\ud800"}', b"\xff\xfe", b"[]" , b"1e999999"])
async def test_non_json_and_odd_json_are_400(phone, hall, raw):
    response = await phone.post("/api/v1/ballots", headers={**key(), "Content-Type":
                                                            "application/json"}, data=raw)
    assert response.status == 400
    assert ballots(hall) == []


@pytest.mark.parametrize("title", ["\u202eevil", "a\x00b", "e" + "\u0301" * 10000,
                                   "\u200b", " ", "x" * 10000])
async def test_unicode_tricks_in_titles_are_cleaned_or_refused(phone, hall, title):
    before = len(ideas(hall))
    response = await phone.post("/api/v1/ideas", headers=key(), json={"title": title})
    if response.status == 201:
        stored = (await response.json())["title"]
        assert "\x00" not in stored and "\u202e" not in stored
    else:
        assert response.status in (400, 413)
        assert len(ideas(hall)) == before


async def test_racing_ballots_with_different_keys_count_once(phone, hall):
    body = {"round_id": hall.round_id, "dots": {hall.ideas[2]: 1}}
    answers = await asyncio.gather(*[phone.post("/api/v1/ballots", headers=key(), json=body)
                                     for _ in range(20)])
    assert sorted(a.status for a in answers).count(201) == 1
    assert len([b for b in ballots(hall) if b.deleted_at is None]) == 1


async def test_replayed_key_with_other_dots_is_refused(phone, hall):
    same = key()
    first = await phone.post("/api/v1/ballots", headers=same,
                             json={"round_id": hall.round_id, "dots": {hall.ideas[2]: 1}})
    assert first.status == 201
    again = await phone.post("/api/v1/ballots", headers=same,
                             json={"round_id": hall.round_id, "dots": {hall.ideas[2]: 2}})
    assert again.status == 409
    replay = await phone.post("/api/v1/ballots", headers=same,
                              json={"round_id": hall.round_id, "dots": {hall.ideas[2]: 1}})
    assert replay.status == 201 and await replay.json() == await first.json()
    assert len(ballots(hall)) == 1


async def test_a_second_join_with_the_cookie_keeps_one_ballot(phone, hall):
    body = {"round_id": hall.round_id, "dots": {hall.ideas[2]: 1}}
    assert (await phone.post("/api/v1/ballots", headers=key(), json=body)).status == 201
    await phone.post("/api/v1/join", json={"token": hall.token})
    assert (await phone.post("/api/v1/ballots", headers=key(), json=body)).status == 409
    assert len(ballots(hall)) == 1


@pytest.mark.parametrize("path", ["/static/../server.py", "/static/%2e%2e/server.py",
                                  "/static/..%2fserver.py", "/static/", "/static",
                                  "/static/%2e%2e%2f%2e%2e%2fstore/phones.py",
                                  "/api/v1/../../etc/passwd"])
async def test_no_path_outside_the_page_files(client, path):
    response = await client.get(path)
    assert response.status in (400, 403, 404)
    assert "import" not in await response.text()


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "PATCH"])
async def test_other_methods_change_nothing(phone, hall, method):
    response = await phone.request(method, "/api/v1/ballots", headers=key())
    assert response.status in (404, 405)
    assert ballots(hall) == []


async def test_wrong_content_type_is_415(phone, hall):
    response = await phone.post("/api/v1/ideas", headers={**key(), "Content-Type":
                                                          "text/plain"}, data='{"title": "x"}')
    assert response.status == 415


async def test_chunked_oversize_body_is_413(phone, hall):
    async def chunks():
        for _ in range(100):
            yield b" " * 1024

    response = await phone.post("/api/v1/ideas", headers={**key(), "Content-Type":
                                                          "application/json"}, data=chunks())
    assert response.status == 413


@pytest.mark.parametrize("field", ["title", "details"])
async def test_a_lone_surrogate_is_a_clear_refusal_or_cleaned(phone, hall, field):
    body = b'{"title": "ok", "details": "ok"}'.replace(
        f'"{field}": "ok"'.encode(), f'"{field}": "a\\ud800b"'.encode())
    response = await phone.post("/api/v1/ideas", headers={**key(), "Content-Type":
                                                          "application/json"}, data=body)
    assert response.status in (201, 400)
    if response.status == 201:
        assert "\ud800" not in (await response.json())[field]


@pytest.mark.parametrize("raw", [b'{"round_id": "r", "dots": {"a\\ud800": 1}}',
                                 b'{"round_id": "r\\udfff", "dots": {"a": 1}}',
                                 b'{"round_id": "r", "dots": {"a": 1}, "\\ud800": 1}'])
async def test_lone_surrogates_in_a_ballot_are_a_clear_refusal(phone, hall, raw):
    response = await phone.post("/api/v1/ballots", headers={**key(), "Content-Type":
                                                            "application/json"}, data=raw)
    assert response.status in (400, 404)
    assert ballots(hall) == []


@pytest.mark.parametrize("cookie", [b"\xff\xfe", b"\xed\xa0\x80", b"a\x80"])
async def test_a_cookie_of_raw_bytes_is_no_session_not_a_500(client, cookie):
    """Headers are read as UTF-8 with surrogate escapes: the cookie may hold surrogates."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(b"GET /api/v1/state HTTP/1.1\r\nHost: x\r\nCookie: workshop_phone=" + cookie
                 + b"\r\nConnection: close\r\n\r\n")
    answer = await reader.read()
    writer.close()
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert b"Content-Security-Policy" in answer
