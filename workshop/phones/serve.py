"""Serving phones: headless with ``workshop serve FILE [--host ADDR] [--port N]``, or
beside the window on a thread of its own (``BackgroundServer``).

The server listens only on the address given (the hotspot's, say): an address that is not
this machine's is refused with one clear line before anything starts. Ctrl+C stops it
cleanly: the server first, then the writer (which finishes what it has queued), then the
file.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from workshop.errors import InputError
from workshop.i18n import N_, gettext_for
from workshop.phones.facilitator import join_token
from workshop.phones.limits import RateLimits
from workshop.phones.server import make_app, phones_of
from workshop.phones.views import Room
from workshop.store import WorkshopStore
from workshop.store.writer import Writer

DEFAULT_HOST = "127.0.0.1"  # nothing but this machine, unless the facilitator says so
DEFAULT_PORT = 8080


def check_address(host: str, port: int) -> None:
    """Refuse an address this machine does not have (or a port already taken)."""
    if not 0 <= port <= 65535:
        raise InputError("port", N_("The port must be between 0 and 65535."))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise _not_here(host) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise InputError("port", N_(
                    "Port {port} on {host} is already in use; choose another with --port."),
                    host=host, port=port) from None
            raise _not_here(host) from None


def _not_here(host: str) -> InputError:
    return InputError("host", N_(
        "The address {host} is not on this machine. Give one of this laptop's own "
        "addresses, such as its hotspot's (e.g. 192.168.137.1)."), host=host)


def join_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?t={quote(token)}"


async def serve(store: WorkshopStore, writer: Writer, host: str, port: int,
                say: Callable[[str], None], stop: asyncio.Event, lang: str) -> None:
    """Serve until ``stop`` is set (or the task is cancelled), then clean up."""
    _ = gettext_for(lang)
    token = await asyncio.wrap_future(writer.submit(join_token))
    runner = web.AppRunner(make_app(store, writer, token=token), access_log=None,
                           handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, reuse_address=True)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        say(_("Serving “{title}” to participants' phones.").format(
            title=store.workshop().title))
        say(_("Join address (for the QR code): {url}").format(
            url=join_url(host, bound, token)))
        say(_("Press Ctrl+C to stop."))
        await stop.wait()
    finally:
        await runner.cleanup()


def run(path: Path, *, host: str, port: int, device_id: str, lang: str,
        say: Callable[[str], None]) -> int:
    """``workshop serve``: open the file, serve until Ctrl+C, close everything."""
    check_address(host, port)
    store = WorkshopStore.open(path, device_id=device_id)
    writer = Writer(store)
    try:
        asyncio.run(serve(store, writer, host, port, say, asyncio.Event(), lang))
    except KeyboardInterrupt:
        pass
    finally:
        writer.close()
        store.close()
    say(gettext_for(lang)("Stopped; every answered change is saved."))
    return 0


class BackgroundServer:
    """The phones' server on a thread and event loop of its own, for the window (or a
    test): ``start`` returns once it listens; ``stop`` once it no longer does. The
    workshop's writer and store stay the caller's."""

    def __init__(self, store: WorkshopStore, writer: Writer, token: str, *,
                 room: Room | None = None, limits: RateLimits | None = None) -> None:
        self.app = make_app(store, writer, token=token, room=room, limits=limits)
        self.room = phones_of(self.app).room
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="workshop-phones")

    def start(self, host: str, port: int) -> int:
        """Listen on ``host`` only (checked first); returns the port (``port`` 0: any)."""
        check_address(host, port)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(host, port), self._loop).result(60)
        return self.port

    async def _start(self, host: str, port: int) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.port = self._runner.addresses[0][1]

    def connected(self) -> int:
        return phones_of(self.app).connected()

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(60)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(60)
        self._loop.close()
