"""What stands between the network and the handlers (issue 14): a body-size limit applied before
authentication and parsing, JSON without NaN/Infinity or lone surrogates, validation errors that
name fields but never echo values, and server errors logged without messages (which can carry data).

Plain ASGI middleware (no per-request task overhead), outside FastAPI's dependencies, so an
unauthenticated client cannot make the server read or parse more than the limit.
"""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
import weakref
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger("tipnet.api")

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


async def _answer(send: Any, status: int, detail: Any, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _NotStrictJson(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotStrictJson(name)


def _no_lone_surrogates(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise _NotStrictJson("lone surrogate") from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def strict_json_problem(body: bytes) -> str | None:
    """Why `body` is not acceptable strict JSON (NaN, Infinity, a lone surrogate), or None.
    Malformed JSON is left to FastAPI's own 422."""
    try:
        _no_lone_surrogates(json.loads(body, parse_constant=_reject_constant))
    except _NotStrictJson:
        return "NaN, Infinity and lone surrogates are not accepted in JSON"
    except ValueError:  # malformed, or not UTF-8: FastAPI answers 422 without echoing it
        return None
    return None


class BodyGuard:
    """Refuses bodies over the route's limit with 413 before anything reads them: a Content-Length
    over the limit is refused without reading a byte; a body without one is counted as it streams
    and refused at the first byte over. Within the limit the body is buffered (FastAPI buffers it
    anyway), JSON bodies are checked for NaN/Infinity and lone surrogates (422), then replayed."""

    def __init__(self, app: Any, *, default_limit: int, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits = limits or {}

    def limit_for(self, path: str) -> int:
        return self.limits.get(path.rstrip("/") or "/", self.default_limit)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        too_big = f"request body over {limit} bytes"
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await _answer(send, 400, "malformed Content-Length")
                return
            if length > limit:
                await _answer(send, 413, too_big)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _answer(send, 413, too_big)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if body and (content_type == b"application/json" or content_type.endswith(b"+json")):
            problem = strict_json_problem(body)
            if problem is not None:
                await _answer(send, 422, [{"loc": ["body"], "type": "json_invalid", "msg": problem}])
                return
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class Admission:
    """At most `limit` requests at a time get past this point; the others wait here, on the event
    loop, holding no thread and no database connection.

    Why: the handlers and dependencies are synchronous and run in anyio's pool of threads (40), and
    a request holds a database connection from its first query to its commit. With more requests in
    flight than the engine's pool has connections (SQLAlchemy's default: 15), every thread can end
    up waiting for a connection while the requests holding the connections wait for a thread to
    run their handler or commit on: a deadlock that lasts the pool's timeout (30 s), then answers
    500s. Found by the fault and load bench (issue 14): 50 users on two workers, one of which was
    killed, so that the other served all 50. `limit` is the pool's capacity (None: no limit).
    """

    def __init__(self, app: Any, limit: int | None, exempt: tuple[str, ...] = ("/static/",)) -> None:
        self.app, self.limit, self.exempt = app, limit, exempt
        # one semaphore per event loop (a test may drive one app from several loops)
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.limit is None or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.limit)
        async with gate:
            await self.app(scope, receive, send)


class ServerErrors:
    """A 500 for any exception a handler lets through, logged as its type and stack (files, lines,
    functions) but never its message or locals: exception messages can carry request values (a
    validation error's input, a database error's parameters)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error(
                "server error on %s %s: %s\n%s",
                scope.get("method"),
                _route_of(scope),
                describe(exc),
                "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__))),
            )
            if not started:
                await _answer(send, 500, "internal server error")


def _route_of(scope: Any) -> str:
    """The route's template (/api/cases/{case_id}), not the path, which can carry values."""
    route = scope.get("route")
    return getattr(route, "path", None) or "(no route)"


def describe(exc: BaseException) -> str:
    """The exception's type and its causes' types, no messages."""
    names: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(names) < 5:
        names.append(f"{type(seen).__module__}.{type(seen).__qualname__}")
        seen = seen.__cause__ or seen.__context__
    return " <- ".join(names)


def _loc(loc: Iterable[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


def _safe_error(error: dict[str, Any]) -> dict[str, Any]:
    msg = str(error.get("msg", ""))
    given = error.get("input")
    if isinstance(given, str) and given and given in msg:
        msg = str(error.get("type", "invalid"))
    if not msg.isprintable():
        msg = str(error.get("type", "invalid"))
    return {"loc": _loc(error.get("loc", ())), "type": str(error.get("type", "invalid")), "msg": msg}


async def validation_failed(_request: Request, exc: Exception) -> JSONResponse:
    """422 naming each invalid field (location, type, message) without its value."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    return JSONResponse({"detail": [_safe_error(e) for e in errors]}, status_code=422)
