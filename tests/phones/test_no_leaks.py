"""Hidden results never leave the laptop, and a dropped connection never doubles a write."""

from __future__ import annotations

import asyncio
import json
import uuid

from workshop.model import Ballot, Idea
from workshop.phones.server import COOKIE
from workshop.voting import close_round, round_results

from .conftest import join, key


async def other_phone(aiohttp_client, client, hall, team: int):
    """Another phone on the same server, with its own cookie jar."""
    other = await aiohttp_client(client.server)
    await join(other, hall)
    assert (await other.post("/api/v1/team", json={"team_id": hall.teams[team]})).status == 200
    return other


async def everything_a_phone_sees(phone, hall) -> list:
    """Every read and every refusal a phone can provoke without writing."""
    seen = [await (await phone.get("/api/v1/state")).json()]
    for dots in ({hall.ideas[2]: 3}, {hall.ideas[2]: 9}, {"x": 1}, {hall.ideas[2]: -1}, {}):
        response = await phone.post("/api/v1/ballots", json={
            "round_id": hall.round_id, "dots": dots}, headers=key())
        seen.append((response.status, await response.json()))
    seen.append(await (await phone.post("/api/v1/join", json={"token": hall.token})).json())
    return seen


async def test_no_answer_carries_a_hidden_tally(aiohttp_client, client, hall):
    await join(client, hall)
    await client.post("/api/v1/team", json={"team_id": hall.teams[0]})
    before = await everything_a_phone_sees(client, hall)
    for n in range(3):  # other phones vote; the first one must not be able to tell
        other = await other_phone(aiohttp_client, client, hall, team=n % 2)
        response = await other.post("/api/v1/ballots", json={
            "round_id": hall.round_id, "dots": {hall.ideas[n]: 2}}, headers=key())
        assert response.status == 201
        answer = await response.json()
        assert set(answer) == {"round_id", "dots", "cast_at", "voided"}
    assert round_results(hall.store, hall.round_id).ballots == 3
    assert await everything_a_phone_sees(client, hall) == before
    hall.writer.call(lambda s: close_round(s, hall.round_id))  # closed, not revealed
    state = await (await client.get("/api/v1/state")).json()
    assert state["round"]["status"] == "closed" and state["results"] == []
    text = json.dumps(state)
    assert '"total"' not in text and '"digital"' not in text and '"ballots"' not in text


async def send_and_drop(client, path: str, body: dict, idempotency_key: str) -> None:
    """Send a request and close the connection before the answer: a phone whose Wi-Fi
    dropped. The server may or may not have written it."""
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    data = json.dumps(body).encode()
    _reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: {client.host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\nCookie: {COOKIE}={cookie}\r\n"
        f"Idempotency-Key: {idempotency_key}\r\nConnection: close\r\n\r\n".encode() + data)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def test_a_retry_after_a_dropped_connection_never_doubles(phone, hall):
    idea_key, ballot_key = str(uuid.uuid4()), str(uuid.uuid4())
    ballot = {"round_id": hall.round_id, "dots": {hall.ideas[2]: 1}}
    await send_and_drop(phone, "/api/v1/ideas", {"title": "噴水"}, idea_key)
    await send_and_drop(phone, "/api/v1/ballots", ballot, ballot_key)
    await asyncio.to_thread(hall.writer.flush)
    for _ in range(3):  # the page retries until it gets an answer
        again = await phone.post("/api/v1/ideas", json={"title": "噴水"},
                                 headers={"Idempotency-Key": idea_key})
        assert again.status == 201
        voted = await phone.post("/api/v1/ballots", json=ballot,
                                 headers={"Idempotency-Key": ballot_key})
        assert voted.status == 201
    assert [i.title for i in hall.store.list(Idea)].count("噴水") == 1
    assert len(hall.store.list(Ballot)) == 1
    assert round_results(hall.store, hall.round_id).ballots == 1
