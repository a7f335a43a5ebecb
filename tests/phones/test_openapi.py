"""docs/phones-api.yaml is a valid OpenAPI 3.1 description of exactly the server's routes,
and the server's answers follow it."""

from __future__ import annotations

from openapi_spec_validator import validate

from workshop.phones.server import ROUTES
from workshop.voting import close_round, reveal_round

from .conftest import key
from .openapi import check, spec


def test_the_description_is_valid_openapi_3_1():
    assert spec()["openapi"].startswith("3.1")
    validate(spec())


def test_the_description_lists_exactly_the_servers_routes():
    served = {(method.lower(), path) for method, path, _ in ROUTES}
    described = {(method, path) for path, operations in spec()["paths"].items()
                 for method in operations if not path.startswith("/static/")}
    assert served == described


async def test_every_answer_of_a_whole_session_follows_the_description(client, hall):
    async def call(method, path, **kwargs):
        response = await client.request(method, path, **kwargs)
        body = await response.json()
        check(method, path, response.status, body)
        return response.status, body

    assert (await call("POST", "/api/v1/join", json={"token": "no"}))[0] == 403
    assert (await call("GET", "/api/v1/state"))[0] == 401
    assert (await call("POST", "/api/v1/join", json={"token": hall.token, "lang": "ja"}))[0] \
        == 200
    assert (await call("POST", "/api/v1/lang", json={"lang": "en"}))[0] == 200
    assert (await call("POST", "/api/v1/team", json={"team_id": hall.teams[1]}))[0] == 200
    assert (await call("GET", "/api/v1/state"))[0] == 200
    assert (await call("POST", "/api/v1/ideas", json={"title": "芝生"}, headers=key()))[0] \
        == 201
    assert (await call("POST", "/api/v1/ideas", json={"title": ""}, headers=key()))[0] == 400
    ballot = {"round_id": hall.round_id, "dots": {hall.ideas[0]: 1}}
    assert (await call("POST", "/api/v1/ballots", json=ballot, headers=key()))[0] == 201
    assert (await call("POST", "/api/v1/ballots", json=ballot, headers=key()))[0] == 409
    assert (await call("GET", "/api/v1/state"))[1]["round"]["my_ballot"] is not None
    hall.writer.call(lambda s: close_round(s, hall.round_id))
    hall.writer.call(lambda s: reveal_round(s, hall.round_id))
    _status, state = await call("GET", "/api/v1/state")
    assert state["results"][0]["candidates"][0]["total"] == 1
