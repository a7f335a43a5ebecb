"""The phones' web server: an aiohttp application over an open workshop and its writer.

aiohttp runs on asyncio inside the app's own process (beside Qt, or headless with
``workshop serve``): no second program to install or start. Every write goes through
the workshop's single writer and is answered only once it is committed, so "saved" on a
phone means what it means on the laptop. Reads use snapshots on connections of their own.

A phone joins with the workshop's token and gets a session cookie (HttpOnly,
SameSite=Strict); the file keeps only the cookie's SHA-256. See docs/phones-api.yaml.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from workshop.i18n import N_, Message, normalise_language
from workshop.phones import views
from workshop.phones.http import (
    LANG_KEY,
    ApiError,
    accepted_language,
    guarded,
    idempotency_key,
    json_body,
    shaped,
)
from workshop.phones.limits import RateLimits
from workshop.phones.ops import (
    add_idea_op,
    cast_ballot_op,
    join_op,
    remembered,
    request_fingerprint,
    set_session_op,
)
from workshop.store import WorkshopStore
from workshop.store.phones import PhoneBook, PhoneSession
from workshop.store.snapshots import StoreSnapshot
from workshop.store.writer import Writer

T = TypeVar("T")
COOKIE = "workshop_phone"
STATIC = Path(__file__).parent / "static"
PHONES: web.AppKey[Phones] = web.AppKey("phones", object)


class Phones:
    """The server's state: the workshop, its writer, the room's switches, the sessions."""

    def __init__(self, store: WorkshopStore, writer: Writer, token: str, room: views.Room,
                 limits: RateLimits) -> None:
        self.store, self.writer, self.token = store, writer, token
        self.room, self.limits = room, limits
        self.default_lang = normalise_language(store.workshop().default_language)
        self._sessions: dict[str, PhoneSession] = {}

    async def write(self, op: Callable[[WorkshopStore], T]) -> T:
        """Run ``op`` on the writer; returns once it is committed."""
        try:
            future: Future[T] = self.writer.submit(op)
        except RuntimeError:  # the workshop is closing
            raise ApiError(503, "unavailable", Message(N_(
                "The workshop is closing on the laptop. Ask the facilitator."))) from None
        return await asyncio.wrap_future(future)

    async def read(self, fn: Callable[[StoreSnapshot], T]) -> T:
        """``fn`` over a fresh snapshot, off the event loop."""
        def run() -> T:
            with self.store.snapshot() as snapshot:
                return fn(snapshot)
        return await asyncio.to_thread(run)

    def connected(self) -> int:
        """Phones that joined since the server started (for the laptop's counter)."""
        return len(self._sessions)

    async def session(self, request: web.Request) -> PhoneSession | None:
        cookie = request.cookies.get(COOKIE, "")
        if not cookie:
            return None
        session_id = session_id_of(cookie)
        found = self._sessions.get(session_id)
        if found is None:  # joined before a restart of the server
            found = await self.read(lambda s: PhoneBook(s).session(session_id))
            if found is not None:
                self._sessions[session_id] = found
        return found

    async def require_session(self, request: web.Request) -> PhoneSession:
        session = await self.session(request)
        if session is None:
            raise ApiError(401, "no_session", Message(N_(
                "Join the workshop first: scan the QR code again.")))
        return session

    def remember(self, session: PhoneSession) -> None:
        self._sessions[session.id] = session

    def lang_of(self, request: web.Request) -> str:
        cookie = request.cookies.get(COOKIE, "")
        if cookie:
            found = self._sessions.get(session_id_of(cookie))
            if found is not None:
                return found.lang
        return accepted_language(request, self.default_lang)

    def check_rate(self, request: web.Request, who: str) -> None:
        wait = self.limits.wait(who)
        if wait:
            seconds = max(1, round(wait + 0.5))
            raise ApiError(429, "rate_limited", Message(N_(
                "Too many requests from this phone. Wait {seconds} s and try again."),
                {"seconds": seconds}), headers={"Retry-After": str(seconds)})

    def check_open(self) -> None:
        if self.room.paused:
            raise ApiError(409, "paused", Message(N_(
                "The facilitator has paused input from phones. What you typed is kept; "
                "send it again later.")))


def session_id_of(cookie: str) -> str:
    """The session's id: the cookie's SHA-256. aiohttp reads headers as UTF-8 with
    surrogate escapes, so a made-up cookie of raw bytes must not fail to encode."""
    return hashlib.sha256(cookie.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------- handlers

async def page(request: web.Request) -> web.StreamResponse:
    index = STATIC / "index.html"
    if not index.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(index, headers={"Cache-Control": "no-cache"})


async def join(request: web.Request) -> web.Response:
    phones = request.app[PHONES]
    phones.check_rate(request, "address:" + (request.remote or ""))
    body = shaped(await json_body(request, phones.room.max_body_bytes),
                  {"token": str}, {"lang": str})
    lang = _lang(body.get("lang"), phones.lang_of(request))
    if not secrets.compare_digest(body["token"].encode(), phones.token.encode()):
        raise ApiError(403, "bad_token", Message(N_(
            "This join code is not valid (any more). Scan the QR code on the screen again.")))
    session = await phones.session(request)
    cookie = None
    if session is None:
        cookie = secrets.token_urlsafe(32)
        session = PhoneSession(session_id_of(cookie), lang, None)
        await phones.write(join_op(session.id, lang))
    elif session.lang != lang:
        await phones.write(set_session_op(session.id, lang=lang, team_id=session.team_id))
        session = session._replace(lang=lang)
    phones.remember(session)
    response = web.json_response(await phones.read(lambda s: views.joined_view(s, session)))
    if cookie is not None:
        response.set_cookie(COOKIE, cookie, httponly=True, samesite="Strict", path="/")
    return response


def _lang(value: str | None, fallback: str) -> str:
    if value is None:
        return fallback
    if value not in ("ja", "en"):
        raise ApiError(400, "bad_request", Message(N_("{field} has the wrong type."),
                                                   {"field": "lang"}), "lang")
    return value


async def set_lang(request: web.Request) -> web.Response:
    phones, session = await _phone(request)
    body = shaped(await json_body(request, phones.room.max_body_bytes), {"lang": str}, {})
    lang = _lang(body["lang"], session.lang)
    await phones.write(set_session_op(session.id, lang=lang, team_id=session.team_id))
    phones.remember(session._replace(lang=lang))
    return web.json_response({"lang": lang})


async def choose_team(request: web.Request) -> web.Response:
    phones, session = await _phone(request)
    body = shaped(await json_body(request, phones.room.max_body_bytes),
                  {"team_id": (str, type(None))}, {})
    team_id = body["team_id"]
    await phones.write(set_session_op(session.id, lang=session.lang, team_id=team_id))
    phones.remember(session._replace(team_id=team_id))
    return web.json_response({"team_id": team_id})


async def state(request: web.Request) -> web.Response:
    phones, session = await _phone(request)
    return web.json_response(
        await phones.read(lambda s: views.state_view(s, session, phones.room)))


async def add_idea(request: web.Request) -> web.Response:
    phones, session = await _phone(request)
    key = idempotency_key(request)
    body = shaped(await json_body(request, phones.room.max_body_bytes), {"title": str},
                  {"details": str, "prompt_id": (str, type(None))})
    phones.check_open()
    prompt_id = body.get("prompt_id") or phones.room.prompt_id or await phones.read(
        lambda s: getattr(views.current_prompt(s, phones.room), "id", None))
    idea_op = add_idea_op(session.id, title=body["title"], details=body.get("details", ""),
                          prompt_id=prompt_id, team_id=session.team_id)

    def write(store: WorkshopStore) -> tuple[int, dict[str, Any]]:
        return 201, views.idea_view(idea_op(store), True)

    answer = await phones.write(remembered(
        session.id, key, request_fingerprint(request.path, body), write))
    return web.json_response(answer.body, status=answer.status)


async def cast_ballot(request: web.Request) -> web.Response:
    phones, session = await _phone(request)
    key = idempotency_key(request)
    body = shaped(await json_body(request, phones.room.max_body_bytes),
                  {"round_id": str, "dots": dict}, {})
    dots = body["dots"]
    if len(dots) > 1000 or any(isinstance(n, bool) or not isinstance(n, int)
                               for n in dots.values()):
        raise ApiError(400, "bad_request", Message(N_("Dots must be whole numbers.")), "dots")
    phones.check_open()
    ballot_op = cast_ballot_op(session.id, body["round_id"], dots, session.team_id)

    def write(store: WorkshopStore) -> tuple[int, dict[str, Any]]:
        ballot, given = ballot_op(store)
        return 201, views.ballot_view(ballot, given)

    answer = await phones.write(remembered(
        session.id, key, request_fingerprint(request.path, body), write))
    return web.json_response(answer.body, status=answer.status)


async def _phone(request: web.Request) -> tuple[Phones, PhoneSession]:
    """The phone's session, within its rate. A request without one is limited by its
    address (made-up cookies cost a lookup each); one with a session by the session only,
    so phones behind one address (a venue's NAT) do not share a limit."""
    phones = request.app[PHONES]
    session = await phones.session(request)
    if session is None:
        phones.check_rate(request, "address:" + (request.remote or ""))
    session = await phones.require_session(request)
    phones.check_rate(request, session.id)
    return phones, session


# --------------------------------------------------------------------------- the app

ROUTES = (
    ("GET", "/", page),
    ("POST", "/api/v1/join", join),
    ("POST", "/api/v1/lang", set_lang),
    ("POST", "/api/v1/team", choose_team),
    ("GET", "/api/v1/state", state),
    ("POST", "/api/v1/ideas", add_idea),
    ("POST", "/api/v1/ballots", cast_ballot),
)


def make_app(store: WorkshopStore, writer: Writer, *, token: str,
             room: views.Room | None = None, limits: RateLimits | None = None
             ) -> web.Application:
    """The phones' application over an open workshop and its writer; ``token`` is the
    workshop's join token (``workshop.phones.facilitator.join_token``)."""
    room = room or views.Room()
    phones = Phones(store, writer, token, room, limits or RateLimits())
    # aiohttp refuses larger bodies itself; a little more than ours, so ours speaks first.
    app = web.Application(middlewares=[guarded], client_max_size=room.max_body_bytes + 1024)
    app[PHONES] = phones
    app[LANG_KEY] = phones.lang_of
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
    if STATIC.is_dir():
        app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    return app


def phones_of(app: web.Application) -> Phones:
    return app[PHONES]

