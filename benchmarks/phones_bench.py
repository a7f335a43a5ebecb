"""Phones benchmark: N simulated phones on loopback, each adding 3 ideas and casting a
ballot at once, against the same writes made directly through the core.

**Server.** ``workshop serve`` runs in a process of its own (as it would on the day), on
127.0.0.1, over a real workshop file with 8 teams, 30 ideas and an open round. The phones
are aiohttp clients in this process, each with its own session: they join and choose a
team first (not timed), then all of them at once send their 3 ideas one after another and
then their ballot, each write with its idempotency key. Every write's latency is from
sending the request to reading the answer, which comes only after the commit. Afterwards
the file is checked: exactly 3 N new ideas and N counted ballots, none lost or doubled.
A refusal by the rate limits (429) is retried after its Retry-After, and counted.

**Floor.** The same 4 N operations (``add_idea_op``, ``cast_ballot_op``: the core's rules,
the records, the phones' bookkeeping, one durable commit each) submitted at once to a
``Writer`` on a file like the server's, each timed from submit to commit. The server adds
HTTP, JSON, sessions and idempotency keys on top of that queue.

Target: p99 ≤ 300 ms for 100 phones on this 2-core machine. Then the number of phones
doubles until p99 passes 1 s (bounded): where one laptop's limit lies.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import aiohttp

from benchmarks.store_bench import Result, percentile
from workshop.model import Ballot, Idea, Prompt, Team, VoteRound, Workshop
from workshop.phones.ops import add_idea_op, cast_ballot_op
from workshop.store import WorkshopStore
from workshop.store.writer import Writer
from workshop.voting import open_round

TEAMS = 8
IDEAS = 30
TARGET_MS = 300
LIMIT_MS = 1000
MAX_PHONES = 1600


def _hall(path: Path) -> tuple[list[str], list[str], str]:
    with WorkshopStore.create(path, Workshop(title="スマホベンチ"), device_id="bench") as store:
        prompt = store.add(Prompt(text="駅前広場に何がほしい？")).id
        teams = [store.add(Team(name=f"チーム {n + 1}", position=n)).id for n in range(TEAMS)]
        ideas = [store.add(Idea(title=f"案 {n}", prompt_id=prompt, team_id=teams[n % TEAMS],
                                position=n)).id for n in range(IDEAS)]
        round_id = store.add(VoteRound(name="第1回", prompt_id=prompt, dots_per_voter=3,
                                       max_dots_per_idea=1)).id
        open_round(store, round_id)
    return teams, ideas, round_id


def _dots(ideas: list[str], n: int) -> dict[str, int]:
    return {ideas[(n + k * 7) % IDEAS]: 1 for k in range(3)}


# ----------------------------------------------------------------------------- floor

def floor_latencies(path: Path, phones: int) -> list[float]:
    teams, ideas, round_id = _hall(path)
    store = WorkshopStore.open(path, device_id="bench")
    prompt = store.list(Prompt)[0].id
    ops = []
    for n in range(phones):
        session, team = f"floor-{n}", teams[n % TEAMS]
        ops += [add_idea_op(session, title=f"床 {n}-{k}", details="", prompt_id=prompt,
                            team_id=team) for k in range(3)]
        ops.append(cast_ballot_op(session, round_id, _dots(ideas, n), team))
    writer = Writer(store)
    try:
        done: list[float] = []
        began = time.perf_counter()
        futures = [writer.submit(op) for op in ops]
        for future in futures:
            future.add_done_callback(lambda f: done.append(time.perf_counter()))
        concurrent.futures.wait(futures)
        for future in futures:
            future.result()
        return [(t - began) * 1000 for t in done]
    finally:
        writer.close()
        store.close()


# ----------------------------------------------------------------------------- server

class Server:
    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop", "serve", str(path), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = [self.process.stdout.readline() for _ in range(3)]
        found = re.search(r"(http://\S+)/\?t=(\S+)", "".join(lines))
        if found is None:
            self.process.kill()
            raise RuntimeError("workshop serve did not start: " + self.process.stderr.read())
        self.base, self.token = found.group(1), found.group(2)

    def stop(self) -> None:
        self.process.send_signal(2)
        self.process.communicate(timeout=120)


async def _write(http: aiohttp.ClientSession, url: str, body: dict, stats: dict) -> float:
    key = str(uuid.uuid4())
    started = time.perf_counter()
    while True:
        async with http.post(url, json=body, headers={"Idempotency-Key": key}) as answer:
            await answer.read()
            if answer.status == 429:
                stats["429"] += 1
                await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))
                continue
            if answer.status != 201:
                stats["failed"] += 1
            return (time.perf_counter() - started) * 1000


async def _phones(server: Server, phones: int, teams: list[str], ideas: list[str],
                  round_id: str) -> tuple[list[float], dict]:
    stats = {"429": 0, "failed": 0}
    connector = aiohttp.TCPConnector(limit=0)
    sessions = [aiohttp.ClientSession(connector=connector, connector_owner=False,
                                      cookie_jar=aiohttp.CookieJar(unsafe=True))
                for _ in range(phones)]
    try:
        for n, http in enumerate(sessions):  # joining is limited per address: retried
            for path, body in (("/api/v1/join", {"token": server.token}),
                               ("/api/v1/team", {"team_id": teams[n % TEAMS]})):
                while True:
                    async with http.post(server.base + path, json=body) as answer:
                        if answer.status != 429:
                            break
                        await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))

        async def one_phone(n: int, http: aiohttp.ClientSession) -> list[float]:
            times = [await _write(http, server.base + "/api/v1/ideas",
                                  {"title": f"スマホ {n}-{k}"}, stats) for k in range(3)]
            times.append(await _write(http, server.base + "/api/v1/ballots",
                                      {"round_id": round_id, "dots": _dots(ideas, n)}, stats))
            return times

        every = await asyncio.gather(*[one_phone(n, h) for n, h in enumerate(sessions)])
    finally:
        for http in sessions:
            await http.close()
        await connector.close()
    return [t for times in every for t in times], stats


def server_latencies(path: Path, phones: int) -> tuple[list[float], dict]:
    teams, ideas, round_id = _hall(path)
    server = Server(path)
    try:
        latencies, stats = asyncio.run(_phones(server, phones, teams, ideas, round_id))
    finally:
        server.stop()
    with WorkshopStore.open(path, device_id="bench", read_only=True) as store:
        stats["ideas"] = len(store.list(Idea)) - IDEAS
        stats["ballots"] = len(store.list(Ballot, voided_at=None))
    stats["intact"] = stats["ideas"] == 3 * phones and stats["ballots"] == phones
    return latencies, stats


# ----------------------------------------------------------------------------- report

def _row(folder: Path, phones: int, target: bool) -> tuple[Result, float]:
    floor = floor_latencies(folder / f"floor-{phones}.workshop", phones)
    served, stats = server_latencies(folder / f"served-{phones}.workshop", phones)
    p99, p99_floor = percentile(served, 99), percentile(floor, 99)
    details = {"phones": phones, "writes": len(served), "p50_ms": percentile(served, 50),
               "floor_p50_ms": percentile(floor, 50), **stats}
    note = "" if stats["intact"] else (
        f"phones {phones}: {stats['ideas']} ideas and {stats['ballots']} ballots written, "
        f"expected {3 * phones} and {phones}")
    passed = (p99 <= TARGET_MS and stats["intact"]) if target else None
    return Result(f"{phones} phones: 3 ideas + 1 ballot each", "p99", p99, p99_floor,
                  f"≤ {TARGET_MS} ms, none lost or doubled" if target else "",
                  passed, details, note), p99


def run(folder: Path, *, quick: bool) -> list[Result]:
    if quick:
        return [_row(folder, 20, target=False)[0]]
    first, p99 = _row(folder, 100, target=True)
    results = [first]
    phones = 100
    while p99 <= LIMIT_MS and phones < MAX_PHONES:
        phones *= 2
        row, p99 = _row(folder, phones, target=False)
        results.append(row)
    return results
