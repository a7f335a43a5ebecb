"""The phones' server hosted beside the window: a thread of its own, the workshop's writer,
started, paused and stopped by plain calls (tested without Qt)."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from workshop.errors import InputError
from workshop.model import Idea, Source
from workshop.phones.hosting import PhoneHost, team_join_url, wifi_code

from .conftest import key


@pytest.fixture
def host(hall):
    found = []
    phone_host = PhoneHost(hall.store, hall.writer, on_write=found.append)
    phone_host.heard = found
    yield phone_host
    phone_host.stop()


async def _phone_adds_idea(url: str, team_id: str, title: str, headers: dict | None = None
                           ) -> tuple[int, dict]:
    token = parse_qs(urlsplit(url).query)["t"][0]
    base = url.split("/?", 1)[0]
    # unsafe: keep cookies from an IP address, as a phone's browser does
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        joined = await phone.post(f"{base}/api/v1/join", json={"token": token, "lang": "en"})
        assert joined.status == 200, await joined.text()
        chosen = await phone.post(f"{base}/api/v1/team", json={"team_id": team_id})
        assert chosen.status == 200
        added = await phone.post(f"{base}/api/v1/ideas", json={"title": title},
                                 headers=headers or key())
        return added.status, await added.json()


def test_off_until_started(host):
    assert not host.running
    assert host.connected() == 0
    assert host.join_url() == ""


def test_a_phone_joins_adds_an_idea_and_is_counted(host, hall):
    url = host.start("127.0.0.1", 0)
    assert url.startswith(f"http://127.0.0.1:{host.port}/?t=")
    assert host.port > 0
    status, body = asyncio.run(_phone_adds_idea(url, hall.teams[1], "ベンチを増やす"))
    assert status == 201, body
    idea = hall.store.get(Idea, body["id"])
    assert (idea.title, idea.team_id, idea.source) == ("ベンチを増やす", hall.teams[1],
                                                       Source.PHONE)
    assert host.connected() == 1
    assert any(getattr(answer, "status", None) == 201 for answer in host.heard)


def test_paused_refuses_writes_with_a_clear_message(host, hall):
    url = host.start("127.0.0.1", 0)
    host.pause(True)
    status, body = asyncio.run(_phone_adds_idea(url, hall.teams[0], "Shade"))
    assert status == 409
    assert body["error"]["code"] == "paused"
    assert "paused" in body["error"]["message"]
    assert not [i for i in hall.store.list(Idea) if i.title == "Shade"]
    host.pause(False)
    status, _body = asyncio.run(_phone_adds_idea(url, hall.teams[0], "Shade"))
    assert status == 201


def test_stop_closes_the_port_and_start_again_keeps_the_token(host, hall):
    url = host.start("127.0.0.1", 0)
    token = host.token
    host.stop()
    assert not host.running and host.connected() == 0

    async def reach() -> None:
        async with aiohttp.ClientSession() as phone:
            await phone.get(url, timeout=aiohttp.ClientTimeout(total=5))

    with pytest.raises(aiohttp.ClientConnectionError):
        asyncio.run(reach())
    host.start("127.0.0.1", 0)
    assert host.token == token  # the printed codes stay valid


def test_an_address_not_on_this_machine_is_refused(host):
    with pytest.raises(InputError) as refused:
        host.start("192.0.2.1", 0)  # TEST-NET-1: never this machine's
    assert "192.0.2.1" in refused.value.render("en")
    assert not host.running


def test_team_code_carries_the_team():
    url = team_join_url("http://192.168.137.1:8080/?t=abc", "team-1")
    assert parse_qs(urlsplit(url).query) == {"t": ["abc"], "team": ["team-1"]}


@pytest.mark.parametrize(("ssid", "password", "code"), [
    ("Workshop", "secret12", "WIFI:T:WPA;S:Workshop;P:secret12;;"),
    ('a;b,c:d"e\\f', 'p;w,d:"\\', 'WIFI:T:WPA;S:a\\;b\\,c\\:d\\"e\\\\f;P:p\\;w\\,d\\:\\"\\\\;;'),
    ("市役所 ホール", "パス", "WIFI:T:WPA;S:市役所 ホール;P:パス;;"),
    ("Open hall", "", "WIFI:T:nopass;S:Open hall;;"),
])
def test_wifi_code_escapes_the_specials(ssid, password, code):
    assert wifi_code(ssid, password) == code



def test_team_sheets_carry_each_teams_join_code_only_when_asked(host, hall, tmp_path):
    from export.pdfcheck import qr_codes  # the PDF tests' decoder (pdftoppm + zxing-cpp)

    from workshop.export.common import ExportSettings
    from workshop.export.sheets import write_team_sheets
    from workshop.model import Team
    from workshop.phones.hosting import sheet_codes

    with pytest.raises(InputError):
        sheet_codes(host, hall.teams, "Hall", "pw")  # phones off: no address to print
    host.start("127.0.0.1", 0)
    team_ids = [t.id for t in hall.store.list(Team)]
    codes = sheet_codes(host, team_ids, "Hall; 2F", "pa:ss")
    settings = ExportSettings(lang="en", paper="a4")
    with_codes, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    write_team_sheets(hall.store, with_codes, settings, phones=codes)
    write_team_sheets(hall.store, without, settings)
    found = qr_codes(with_codes, tmp_path)
    for page, team_id in zip(sorted(found), team_ids, strict=True):
        assert "WIFI:T:WPA;S:Hall\\; 2F;P:pa\\:ss;;" in found[page]
        assert host.join_url(team_id) in found[page]
    plain = [text for page in qr_codes(without, tmp_path).values() for text in page]
    assert not any(t.startswith(("WIFI:", "http://127.0.0.1")) for t in plain)
