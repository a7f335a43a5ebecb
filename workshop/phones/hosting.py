"""Serving phones from inside the window: the phones' server on an asyncio loop in a thread
of its own, beside Qt, writing through the open workshop's single writer.

The window never touches asyncio: ``PhoneHost.start`` / ``pause`` / ``stop`` are plain
calls that wait for the loop's thread (each takes milliseconds), and ``connected()`` reads
the server's count of phones. Every write the server commits is passed to ``on_write``
(on the writer's thread), so the window can show ideas and ballots from phones as they
land. Qt-free, so it is tested without a window.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from aiohttp import web

from workshop.errors import InputError
from workshop.export.pdf.team_sheets import PhoneJoin
from workshop.i18n import N_
from workshop.phones import views
from workshop.phones.facilitator import join_token
from workshop.phones.limits import RateLimits
from workshop.phones.serve import DEFAULT_PORT, check_address, join_url
from workshop.phones.server import make_app, phones_of
from workshop.store import WorkshopStore
from workshop.store.writer import Writer

# Starting and stopping wait this long for the loop's thread at most: a server that
# cannot bind says so at once; one stuck longer is reported rather than freezing the UI.
STEP_TIMEOUT_S = 10.0

WIFI_SPECIALS = '\\;,:"'


def wifi_code(ssid: str, password: str) -> str:
    """The text of a QR code that joins a WPA Wi-Fi (read by iOS and Android cameras);
    ``\\ ; , : "`` are escaped with a backslash, as the format asks. Without a password:
    an open network."""
    def escaped(text: str) -> str:
        return "".join("\\" + c if c in WIFI_SPECIALS else c for c in text)

    if not password:
        return f"WIFI:T:nopass;S:{escaped(ssid)};;"
    return f"WIFI:T:WPA;S:{escaped(ssid)};P:{escaped(password)};;"


def team_join_url(url: str, team_id: str) -> str:
    """The join address that also puts the phone in one team (the code on a team sheet)."""
    return f"{url}&team={quote(team_id)}"


def sheet_codes(host: PhoneHost, team_ids: Sequence[str], ssid: str, password: str
                ) -> PhoneJoin:
    """What the team sheets print for phones: the Wi-Fi's code (when its name is given)
    and each team's own join address, in the order of ``team_ids`` (the sheets')."""
    if not host.running:
        raise InputError("phones", N_(
            "Turn phones on first: the codes carry this laptop's address."))
    return PhoneJoin(wifi_code(ssid, password) if ssid else "", ssid,
                     tuple(host.join_url(team_id) for team_id in team_ids))


class _NoticingWriter:
    """The workshop's writer as the server sees it: each committed write is also passed to
    ``notice`` (the window then shows what phones added)."""

    def __init__(self, writer: Writer, notice: Callable[[Any], object]) -> None:
        self._writer, self._notice = writer, notice

    def submit(self, op, *, transaction: bool = True) -> concurrent.futures.Future:
        future = self._writer.submit(op, transaction=transaction)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: concurrent.futures.Future) -> None:
        if not future.cancelled() and future.exception() is None:
            self._notice(future.result())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)


class PhoneHost:
    """The phones' server of one open workshop: off until ``start``; ``stop`` before the
    writer closes (the session does it when the workshop closes)."""

    def __init__(self, store: WorkshopStore, writer: Writer, *,
                 on_write: Callable[[Any], object] | None = None,
                 limits: RateLimits | None = None) -> None:
        self._store, self._writer = store, writer
        self._on_write = on_write or (lambda _result: None)
        self._limits = limits
        self.room = views.Room()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.host = ""
        self.port = 0
        self.token = ""

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def paused(self) -> bool:
        return self.room.paused

    def pause(self, paused: bool) -> None:
        """Phones may still read (their team's ideas, the results) but not write; each
        refused write tells the phone the facilitator paused input, and keeps its text."""
        self.room.paused = paused  # read by the server per request: no lock needed

    def connected(self) -> int:
        """Phones that joined since the server started."""
        if self._runner is None:
            return 0
        return phones_of(self._runner.app).connected()

    def join_url(self, team_id: str | None = None) -> str:
        if not self.running:
            return ""
        url = join_url(self.host, self.port, self.token)
        return team_join_url(url, team_id) if team_id else url

    def start(self, host: str, port: int = DEFAULT_PORT) -> str:
        """Listen on ``host`` (one of this machine's addresses) and return the join
        address; an address that is not this machine's, or a port in use, raises the
        ``InputError`` of ``workshop serve``. Starting again moves the server."""
        self.stop()
        check_address(host, port)
        self.token = self._writer.submit(join_token).result()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="workshop-phones",
                                  daemon=True)  # a hung socket must not keep the app alive
        thread.start()
        self._loop, self._thread = loop, thread
        # Made here, on the thread that owns ``store`` (the app reads the workshop once).
        writer = _NoticingWriter(self._writer, self._on_write)
        app = make_app(self._store, writer, token=self.token, room=self.room,  # type: ignore[arg-type]
                       limits=self._limits)
        try:
            self._runner, self.port = self._call(self._listen(app, host, port))
        except BaseException:
            self._end_loop()
            raise
        self.host = host
        return self.join_url()

    def stop(self) -> None:
        """Stop listening; phones keep what they typed and send it when it is back."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            try:
                self._call(runner.cleanup())
            finally:
                self._end_loop()
        self.host, self.port = "", 0

    @staticmethod
    async def _listen(app: web.Application, host: str, port: int
                      ) -> tuple[web.AppRunner, int]:
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port, reuse_address=True)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        bound = runner.addresses[0][1] if runner.addresses else port
        return runner, bound

    def _call(self, coroutine) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout=STEP_TIMEOUT_S)

    def _end_loop(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=STEP_TIMEOUT_S)
        if not thread.is_alive():
            loop.close()
