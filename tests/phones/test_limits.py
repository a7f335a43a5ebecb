"""Rate limits, security headers, the page and its files, and nothing else."""

from __future__ import annotations

import pytest

from workshop.phones import server
from workshop.phones.http import CSP
from workshop.phones.limits import RateLimits

from .conftest import join


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_phone_gets_its_burst_then_waits():
    clock = Clock()
    limits = RateLimits(per_phone=2, phone_burst=3, total=100, total_burst=100, clock=clock)
    assert [limits.wait("a") for _ in range(3)] == [0, 0, 0]
    assert limits.wait("a") == pytest.approx(0.5)
    assert limits.wait("b") == 0  # another phone is not held up
    clock.now = 0.5
    assert limits.wait("a") == 0


def test_all_phones_together_are_limited_too():
    clock = Clock()
    limits = RateLimits(per_phone=100, phone_burst=100, total=10, total_burst=4, clock=clock)
    assert [limits.wait(str(n)) for n in range(4)] == [0, 0, 0, 0]
    assert limits.wait("5") > 0


@pytest.fixture
def limits():
    return RateLimits(per_phone=1, phone_burst=5, total=1000, total_burst=1000, clock=Clock())


async def test_too_many_requests_are_refused_with_retry_after(client, hall):
    await join(client, hall)
    answers = [await client.get("/api/v1/state") for _ in range(6)]
    assert [a.status for a in answers].count(429) >= 1
    refused = next(a for a in answers if a.status == 429)
    assert int(refused.headers["Retry-After"]) >= 1
    assert (await refused.json())["error"]["code"] == "rate_limited"


async def test_every_answer_carries_a_strict_csp_and_no_debug(client, hall):
    for response in (await client.get("/api/v1/state"), await client.get("/nowhere"),
                     await client.get("/static/"), await client.get("/../../etc/passwd"),
                     await client.request("DELETE", "/api/v1/ideas")):
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.status in (401, 403, 404, 405)  # 403: a folder, never listed
        body = await response.json()
        assert "Traceback" not in str(body) and set(body) == {"error"}
    assert "default-src 'none'" in CSP and "http" not in CSP


async def test_the_page_and_its_files_are_served_without_listing(aiohttp_client, hall,
                                                                 tmp_path, monkeypatch):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>phone</title>", "utf-8")
    (static / "css" / "page.css").write_text("body{}", "utf-8")
    monkeypatch.setattr(server, "STATIC", static)
    client = await aiohttp_client(server.make_app(hall.store, hall.writer, token=hall.token))
    page = await client.get("/?t=abc")
    assert page.status == 200 and "phone" in await page.text()
    assert page.headers["Content-Security-Policy"] == CSP
    assert (await client.get("/static/css/page.css")).status == 200
    assert (await client.get("/static/css/")).status in (403, 404)
    assert (await client.get("/static/")).status in (403, 404)
    assert (await client.get("/static/../server.py")).status == 404
