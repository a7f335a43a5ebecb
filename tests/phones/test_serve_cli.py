"""``workshop serve``: headless, only on the address given, stopped cleanly by Ctrl+C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from workshop.errors import InputError
from workshop.model import Workshop
from workshop.phones.serve import BackgroundServer, check_address, join_url
from workshop.store import WorkshopStore
from workshop.store.phones import PhoneBook

from .conftest import fill


def _workshop(tmp_path):
    path = tmp_path / "room.workshop"
    with WorkshopStore.create(path, Workshop(title="Room"), device_id="laptop") as store:
        fill(store)
    return path


def _env():
    return {**os.environ, "WORKSHOP_LANG": "en"}


def test_an_address_not_on_this_machine_is_one_clear_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "workshop", "serve", str(_workshop(tmp_path)),
         "--host", "192.0.2.1"], capture_output=True, text=True, timeout=60, env=_env())
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "192.0.2.1 is not on this machine" in done.stderr
    assert done.stdout == ""


def test_a_bad_port_is_refused():
    with pytest.raises(Exception, match="port"):
        check_address("127.0.0.1", 70000)


def test_serve_prints_the_join_address_answers_phones_and_stops_on_ctrl_c(tmp_path):
    path = _workshop(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "workshop", "serve", str(path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        lines = [server.stdout.readline() for _ in range(3)]
        url = re.search(r"http://\S+", lines[1]).group(0)
        assert url.startswith("http://127.0.0.1:") and "/?t=" in url
        base, token = url.split("/?t=")
        request = urllib.request.Request(
            base + "/api/v1/join", data=json.dumps({"token": token}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert json.load(answer)["title"] == "Room"
            assert "workshop_phone=" in answer.headers["Set-Cookie"]
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Stopped" in out and "Traceback" not in err
    with WorkshopStore.open(path, device_id="laptop", read_only=True) as store:
        assert PhoneBook(store).session_count() == 1
        assert PhoneBook(store).join_token() == token


def test_join_urls_quote_the_token_and_bracket_ipv6():
    assert join_url("192.168.137.1", 8080, "a b") == "http://192.168.137.1:8080/?t=a%20b"
    assert join_url("::1", 80, "t") == "http://[::1]:80/?t=t"


def test_a_background_server_for_the_window_counts_phones_pauses_and_stops(hall):
    server = BackgroundServer(hall.store, hall.writer, hall.token)
    with pytest.raises(InputError, match="not on this machine"):
        BackgroundServer(hall.store, hall.writer, hall.token).start("192.0.2.1", 0)
    port = server.start("127.0.0.1", 0)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/join",
            data=json.dumps({"token": hall.token}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            cookie = answer.headers["Set-Cookie"].split(";")[0]
        assert server.connected() == 1
        server.room.paused = True
        idea = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/ideas", data=b'{"title": "x"}',
            headers={"Content-Type": "application/json", "Cookie": cookie,
                     "Idempotency-Key": "k1"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(idea, timeout=30)
        assert refused.value.code == 409
    finally:
        server.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
