"""HTTP details the phone routes share: errors in the phone's language, strict JSON
bodies of known shape, and the headers every answer carries.

Errors are ``{"error": {"code", "message", "field"}}``; no answer ever carries a stack
trace, a path on the laptop or a count of ballots.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from workshop import strict_json
from workshop.errors import InputError, NotFoundError, WorkshopError
from workshop.i18n import LANGUAGES, N_, Message, normalise_language
from workshop.phones.ops import Refused

log = logging.getLogger(__name__)

# Only the laptop's own files: no inline script or style, nothing from anywhere else,
# never inside another site's frame.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._-]{1,100}")

LANG_KEY: web.AppKey[Callable[[web.Request], str]] = web.AppKey("phone_lang", object)


class ApiError(Exception):
    """An answer other than 2xx, its message still to be put in the phone's language."""

    def __init__(self, status: int, code: str, message: Message, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}


def bad_request(msgid: str, where: str | None = None, **params: Any) -> ApiError:
    return ApiError(400, "bad_request", Message(msgid, params), where)


def from_core(error: WorkshopError | Refused) -> ApiError:
    """The core's refusal, with the same message as on the laptop."""
    if isinstance(error, Refused):
        field = getattr(error.error, "field", None)
        return ApiError(error.status, error.code, error.error.message, field)
    if isinstance(error, NotFoundError):
        return ApiError(404, "not_found", error.message)
    if isinstance(error, InputError):
        return ApiError(400, "invalid", error.message, error.field)
    return ApiError(503, "unavailable", error.message)


def error_json(error: ApiError, lang: str) -> web.Response:
    body = {"error": {"code": error.code, "message": error.message.render(lang),
                      "field": error.field}}
    return web.json_response(body, status=error.status, headers=error.headers,
                             dumps=strict_json.dumps)


def accepted_language(request: web.Request, fallback: str) -> str:
    """The first of the browser's languages the app speaks."""
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return normalise_language(code)
    return fallback


async def json_body(request: web.Request, max_bytes: int) -> dict[str, Any]:
    """The request's JSON object, or the refusal the API names (413, 415, 400)."""
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type",
                       Message(N_("Send the request as JSON (application/json).")))
    if request.content_length is not None and request.content_length > max_bytes:
        raise _too_large(max_bytes)
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise _too_large(max_bytes) from None
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    try:
        body = strict_json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad_request(N_("The request is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise bad_request(N_("The request must be a JSON object."))
    try:  # a "\ud800" escape makes a lone surrogate, which no text, id or key can hold
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(N_("The request is not valid JSON.")) from None
    return body


def _too_large(max_bytes: int) -> ApiError:
    return ApiError(413, "too_large", Message(N_(
        "The request is too large: at most {limit} bytes are allowed."), {"limit": max_bytes}))


def shaped(body: dict[str, Any], required: dict[str, Any], optional: dict[str, Any]
           ) -> dict[str, Any]:
    """``body`` if it has exactly the known fields, each of its type (a type or a tuple of
    types; bool is never taken for int), else a 400 naming the first wrong field."""
    for name in body:
        if name not in required and name not in optional:
            raise bad_request(N_("Unknown field in the request: {field}."), name, field=name)
    for name, kinds in {**required, **optional}.items():
        if name not in body:
            if name in required:
                raise bad_request(N_("The request is missing {field}."), name, field=name)
            continue
        value = body[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in (
                kinds if isinstance(kinds, tuple) else (kinds,))):
            raise bad_request(N_("{field} has the wrong type."), name, field=name)
    return body


def idempotency_key(request: web.Request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise bad_request(N_(
            "Every change needs an Idempotency-Key header (1 to 100 letters, digits, "
            "'.', '_' or '-')."), "Idempotency-Key")
    return key


@web.middleware
async def guarded(request: web.Request,
                  handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                  ) -> web.StreamResponse:
    """Security headers on every answer; every failure as a JSON error, never a trace."""
    lang = request.app[LANG_KEY](request)
    try:
        response = await handler(request)
    except ApiError as error:
        response = error_json(error, lang)
    except (WorkshopError, Refused) as error:
        response = error_json(from_core(error), lang)
    except web.HTTPException as error:  # aiohttp's own: 404, 405, 413
        code = {404: "not_found", 405: "bad_request", 413: "too_large"}.get(
            error.status, "bad_request")
        response = error_json(ApiError(error.status if error.status >= 400 else 400, code,
                                       Message(_HTTP_MESSAGES.get(code, N_("Bad request.")))),
                              lang)
    except Exception:  # a bug: logged here, a plain message there
        log.exception("phone request %s %s failed", request.method, request.path)
        response = error_json(ApiError(500, "internal", Message(N_(
            "Something went wrong on the laptop. Try again; tell the facilitator if it "
            "keeps happening."))), lang)
    response.headers.update(SECURITY_HEADERS)
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


_HTTP_MESSAGES = {"not_found": N_("There is nothing at this address."),
                  "too_large": N_("The request is too large.")}
