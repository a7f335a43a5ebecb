"""Every endpoint of the phones' API, with good and bad input (docs/phones-api.yaml)."""

from __future__ import annotations

import asyncio

import pytest

from workshop.model import Ballot, Idea, Source
from workshop.phones.server import COOKIE
from workshop.voting import close_round, round_results

from .conftest import join, key
from .openapi import check


async def error_of(response, status, code):
    assert response.status == status, await response.text()
    body = await response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# ------------------------------------------------------------------------------ join

async def test_join_sets_a_strict_http_only_cookie_and_tells_the_workshop(client, hall):
    response = await client.post("/api/v1/join", json={"token": hall.token, "lang": "ja"})
    assert response.status == 200
    cookie = response.headers["Set-Cookie"]
    assert COOKIE in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    body = await response.json()
    assert body["title"] == "駅前ワークショップ" and body["languages"] == ["ja", "en"]
    assert [t["id"] for t in body["teams"]] == hall.teams
    assert body["team_id"] is None and body["lang"] == "ja"


async def test_a_wrong_token_is_refused_in_the_phones_language(client, hall):
    response = await client.post("/api/v1/join", json={"token": "guess", "lang": "ja"},
                                 headers={"Accept-Language": "ja"})
    error = await error_of(response, 403, "bad_token")
    assert "QR" in error["message"]
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("body", [{"token": 5}, {}, {"token": "x", "extra": 1},
                                  {"token": "x", "lang": "fr"}, [1, 2]])
async def test_join_with_wrong_types_is_a_bad_request(client, body):
    await error_of(await client.post("/api/v1/join", json=body), 400, "bad_request")


async def test_join_refuses_what_is_not_json(client, hall):
    await error_of(await client.post("/api/v1/join", data="token=x",
                                     headers={"Content-Type": "text/plain"}),
                   415, "unsupported_media_type")
    await error_of(await client.post("/api/v1/join", data=b"{not json",
                                     headers={"Content-Type": "application/json"}),
                   400, "bad_request")
    await error_of(await client.post("/api/v1/join", data=b'{"token": NaN}',
                                     headers={"Content-Type": "application/json"}),
                   400, "bad_request")


async def test_an_oversize_body_is_refused_before_it_is_read(client, hall):
    big = {"token": hall.token, "lang": "en", "pad": "x" * 20_000}
    await error_of(await client.post("/api/v1/join", json=big), 413, "too_large")


async def test_joining_again_keeps_the_session_and_its_team(phone, hall):
    body = await join(phone, hall)
    assert body["team_id"] == hall.teams[0]


# ------------------------------------------------------------------------------ sessions

@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/state"), ("POST", "/api/v1/team"), ("POST", "/api/v1/lang"),
    ("POST", "/api/v1/ideas"), ("POST", "/api/v1/ballots")])
async def test_without_a_session_nothing_but_join_answers(client, method, path):
    response = await client.request(method, path, json={}, headers=key())
    await error_of(response, 401, "no_session")
    client.session.cookie_jar.update_cookies({COOKIE: "forged"})
    await error_of(await client.request(method, path, json={}, headers=key()), 401,
                   "no_session")


async def test_a_team_that_does_not_exist_is_not_found(phone):
    await error_of(await phone.post("/api/v1/team", json={"team_id": "nope"}), 404,
                   "not_found")
    await error_of(await phone.post("/api/v1/team", json={"team_id": 3}), 400, "bad_request")


async def test_the_language_switches_the_messages(phone, hall):
    assert (await (await phone.post("/api/v1/lang", json={"lang": "ja"})).json()) == {
        "lang": "ja"}
    error = await error_of(await phone.post("/api/v1/ideas", json={"title": ""},
                                            headers=key()), 400, "invalid")
    assert not error["message"].isascii()
    await error_of(await phone.post("/api/v1/lang", json={"lang": "de"}), 400, "bad_request")


# ------------------------------------------------------------------------------ state

async def test_state_shows_the_open_round_and_my_teams_ideas(phone, hall):
    state = await (await phone.get("/api/v1/state")).json()
    assert state["team_id"] == hall.teams[0] and state["paused"] is False
    assert state["prompt"]["id"] == hall.prompt
    assert {i["id"] for i in state["ideas"]} == set(hall.ideas[:2])
    assert state["round"]["id"] == hall.round_id
    assert state["round"]["dots_per_voter"] == 3 and state["round"]["max_dots_per_idea"] == 2
    assert [c["id"] for c in state["round"]["candidates"]] == hall.ideas
    assert state["round"]["my_ballot"] is None and state["results"] == []
    assert state["limits"]["idea_title"] == 300


# ------------------------------------------------------------------------------ ideas

async def test_an_idea_from_a_phone_is_saved_marked_as_from_a_phone(phone, hall):
    response = await phone.post("/api/v1/ideas", json={"title": " ベンチ ", "details": "木陰"},
                                headers=key())
    assert response.status == 201
    body = await response.json()
    assert body["title"] == "ベンチ" and body["mine"] is True and body["source"] == "phone"
    stored = hall.store.get(Idea, body["id"])  # committed: the laptop's connection sees it
    assert stored.source is Source.PHONE and stored.team_id == hall.teams[0]
    assert stored.prompt_id == hall.prompt


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"title": ""}, 400, "invalid"),
    ({"title": "x" * 301}, 400, "invalid"),
    ({"title": "ok", "details": "x" * 5001}, 400, "invalid"),
    ({"title": 5}, 400, "bad_request"),
    ({"title": "ok", "details": None}, 400, "bad_request"),
    ({"title": "ok", "team_id": "x"}, 400, "bad_request"),
    ({"title": "ok", "prompt_id": "nope"}, 404, "not_found"),
])
async def test_bad_ideas_are_refused_with_the_laptops_rules(phone, hall, body, status, code):
    await error_of(await phone.post("/api/v1/ideas", json=body, headers=key()), status, code)
    assert len(hall.store.list(Idea)) == 4


async def test_an_idea_needs_a_team(client, hall):
    await join(client, hall)
    error = await error_of(await client.post("/api/v1/ideas", json={"title": "x"},
                                             headers=key()), 400, "invalid")
    assert error["field"] == "team"


@pytest.mark.parametrize("header", [{}, {"Idempotency-Key": ""}, {"Idempotency-Key": "a b"},
                                    {"Idempotency-Key": "x" * 101}])
async def test_writes_need_an_idempotency_key(phone, hall, header):
    await error_of(await phone.post("/api/v1/ideas", json={"title": "x"}, headers=header),
                   400, "bad_request")
    await error_of(await phone.post("/api/v1/ballots", json={
        "round_id": hall.round_id, "dots": {hall.ideas[2]: 1}}, headers=header),
        400, "bad_request")


async def test_the_same_key_gives_the_same_answer_and_one_idea(phone, hall):
    headers = key()
    first = await phone.post("/api/v1/ideas", json={"title": "ベンチ"}, headers=headers)
    again = await phone.post("/api/v1/ideas", json={"title": "ベンチ"}, headers=headers)
    assert (first.status, await first.json()) == (again.status, await again.json())
    assert [i.title for i in hall.store.list(Idea)].count("ベンチ") == 1


async def test_a_key_reused_for_other_content_is_refused(phone, hall):
    headers = key()
    assert (await phone.post("/api/v1/ideas", json={"title": "a"}, headers=headers)).status \
        == 201
    await error_of(await phone.post("/api/v1/ideas", json={"title": "b"}, headers=headers),
                   409, "idempotency_conflict")
    assert {i.title for i in hall.store.list(Idea)} >= {"a"}
    assert "b" not in {i.title for i in hall.store.list(Idea)}


async def test_racing_requests_with_one_key_write_once(phone, hall):
    headers = key()
    answers = await asyncio.gather(*[
        phone.post("/api/v1/ideas", json={"title": "同時"}, headers=headers)
        for _ in range(8)])
    bodies = [await a.json() for a in answers]
    assert {a.status for a in answers} == {201} and len({b["id"] for b in bodies}) == 1
    assert [i.title for i in hall.store.list(Idea)].count("同時") == 1


async def test_paused_input_refuses_writes_but_not_reads(phone, hall):
    hall.room.paused = True
    await error_of(await phone.post("/api/v1/ideas", json={"title": "x"}, headers=key()),
                   409, "paused")
    state = await (await phone.get("/api/v1/state")).json()
    assert state["paused"] is True


# ------------------------------------------------------------------------------ ballots

async def cast(phone, hall, dots, headers=None):
    return await phone.post("/api/v1/ballots", json={"round_id": hall.round_id, "dots": dots},
                            headers=headers or key())


async def test_a_ballot_is_saved_marked_as_from_a_phone(phone, hall):
    response = await cast(phone, hall, {hall.ideas[2]: 2, hall.ideas[3]: 1})
    assert response.status == 201
    body = await response.json()
    assert body["dots"] == {hall.ideas[2]: 2, hall.ideas[3]: 1}
    ballots = hall.store.list(Ballot, round_id=hall.round_id)
    assert [b.source for b in ballots] == [Source.PHONE]
    assert ballots[0].team_id == hall.teams[0]
    state = await (await phone.get("/api/v1/state")).json()
    assert state["round"]["my_ballot"]["dots"] == body["dots"]


@pytest.mark.parametrize(("dots", "status", "code"), [
    ("idea", 400, "bad_request"),
    ({"x": "1"}, 400, "bad_request"),
    ({"x": True}, 400, "bad_request"),
    ({"x": 1.5}, 400, "bad_request"),
    ({}, 400, "invalid"),  # no dots
    ({"not-a-candidate": 1}, 400, "invalid"),
    ("OVER_BUDGET", 400, "invalid"),
    ("OVER_CAP", 400, "invalid"),
    ("NEGATIVE", 400, "invalid"),  # the round has no negative dots
])
async def test_bad_ballots_are_refused(phone, hall, dots, status, code):
    dots = {"OVER_BUDGET": {hall.ideas[0]: 2, hall.ideas[2]: 2},
            "OVER_CAP": {hall.ideas[2]: 3},
            "NEGATIVE": {hall.ideas[2]: -1}}.get(dots, dots) if isinstance(dots, str) else dots
    await error_of(await cast(phone, hall, dots), status, code)
    assert hall.store.list(Ballot) == []


async def test_a_ballot_for_another_round_or_none_is_refused(phone, hall):
    response = await phone.post("/api/v1/ballots", json={"round_id": "nope", "dots": {}},
                                headers=key())
    await error_of(response, 404, "not_found")
    await error_of(await phone.post("/api/v1/ballots", json={"round_id": hall.round_id},
                                    headers=key()), 400, "bad_request")


async def test_a_closed_round_takes_no_ballot(phone, hall):
    hall.writer.call(lambda s: close_round(s, hall.round_id))
    await error_of(await cast(phone, hall, {hall.ideas[2]: 1}), 409, "round_closed")


@pytest.mark.parametrize("rules", [{"allow_own_team": False}])
async def test_own_team_rule(phone, hall):
    error = await error_of(await cast(phone, hall, {hall.ideas[0]: 1}), 403, "own_team")
    assert error["field"] == "dots"
    assert (await cast(phone, hall, {hall.ideas[2]: 1})).status == 201


async def test_a_second_ballot_is_refused_by_default(phone, hall):
    assert (await cast(phone, hall, {hall.ideas[2]: 1})).status == 201
    await error_of(await cast(phone, hall, {hall.ideas[3]: 1}), 409, "already_voted")
    assert len(hall.store.list(Ballot)) == 1


@pytest.mark.parametrize("rules", [{"may_change_ballot": True}])
async def test_a_round_may_let_a_phone_replace_its_ballot(phone, hall):
    assert (await cast(phone, hall, {hall.ideas[2]: 1})).status == 201
    assert (await cast(phone, hall, {hall.ideas[3]: 2})).status == 201
    results = round_results(hall.store, hall.round_id)
    assert results.ballots == 1
    assert {c.candidate_id: c.digital for c in results.candidates if c.digital} == {
        hall.ideas[3]: 2}


@pytest.mark.parametrize("rules", [{}, {"may_change_ballot": True}])
async def test_racing_double_ballots_count_once(phone, hall):
    answers = await asyncio.gather(*[cast(phone, hall, {hall.ideas[2 + n % 2]: 1})
                                     for n in range(10)])
    statuses = sorted(a.status for a in answers)
    assert 201 in statuses
    results = round_results(hall.store, hall.round_id)
    assert results.ballots == 1
    assert sum(c.digital for c in results.candidates) == 1


async def test_a_closing_workshop_answers_unavailable(phone, hall):
    hall.writer.close()
    response = await phone.post("/api/v1/ideas", json={"title": "x"}, headers=key())
    error = await error_of(response, 503, "unavailable")
    check("POST", "/api/v1/ideas", 503, {"error": error})
