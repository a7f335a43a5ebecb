"""A workshop file with teams, a prompt, ideas and an open round, served to test phones
through aiohttp's test client (a real server on loopback)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest

from workshop.model import Idea, Prompt, Team, VoteRound, Workshop
from workshop.phones import views
from workshop.phones.facilitator import join_token
from workshop.phones.limits import RateLimits
from workshop.phones.server import make_app
from workshop.store import WorkshopStore
from workshop.store.writer import Writer
from workshop.voting import open_round


@dataclass
class Hall:
    store: WorkshopStore
    writer: Writer
    token: str
    prompt: str
    teams: list[str]
    ideas: list[str]  # ideas 0, 1 of team 0; 2, 3 of team 1
    round_id: str
    room: views.Room = field(default_factory=views.Room)


def fill(store: WorkshopStore, **rules) -> tuple[str, list[str], list[str], str]:
    prompt = store.add(Prompt(text="駅前広場に何がほしい？")).id
    teams = [store.add(Team(name=f"Table {c}", position=n)).id for n, c in enumerate("AB")]
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt, team_id=teams[n // 2],
                            position=n)).id for n in range(4)]
    round_id = store.add(VoteRound(name="Round 1", prompt_id=prompt, **{
        "dots_per_voter": 3, "max_dots_per_idea": 2, **rules})).id
    open_round(store, round_id)
    return prompt, teams, ideas, round_id


@pytest.fixture
def rules():
    """The open round's rules; a test overrides this fixture (or parametrises it)."""
    return {}


@pytest.fixture
def hall(tmp_path, rules):
    store = WorkshopStore.create(tmp_path / "hall.workshop",
                                 Workshop(title="駅前ワークショップ", languages=("ja", "en")),
                                 device_id="laptop")
    prompt, teams, ideas, round_id = fill(store, **rules)
    writer = Writer(store)
    token = writer.call(join_token)
    yield Hall(store, writer, token, prompt, teams, ideas, round_id)
    writer.close()
    store.close()


@pytest.fixture
def limits():
    return RateLimits(per_phone=1000, phone_burst=1000, total=10_000, total_burst=10_000)


@pytest.fixture
async def client(aiohttp_client, hall, limits):
    app = make_app(hall.store, hall.writer, token=hall.token, room=hall.room, limits=limits)
    return await aiohttp_client(app)


@pytest.fixture
async def phone(client, hall):
    """A phone that joined and chose team 0."""
    await join(client, hall)
    response = await client.post("/api/v1/team", json={"team_id": hall.teams[0]})
    assert response.status == 200
    return client


async def join(client, hall, lang="en"):
    response = await client.post("/api/v1/join", json={"token": hall.token, "lang": lang})
    assert response.status == 200, await response.text()
    return await response.json()


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}
