"""Issue 14: request bodies are limited before authentication and before parsing (413), with a
larger, per-route limit for the screening batch; the batch refuses more than MAX_BATCH travellers
before validating any of them."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world
from tests.hostile.server import served

from tipnet.api import create_app
from tipnet.screening import api as screening_api

MB = 1024 * 1024


def test_a_declared_300_mb_body_is_refused_unread_and_unauthenticated(sqlite_engine: Engine) -> None:
    """Headers only, declaring 300 MB: the server answers 413 without waiting for a byte of it."""
    world = make_world(sqlite_engine, roles=("case_worker",))
    with served(create_app(engine=sqlite_engine, ring=world.client.app.state.ring)) as base:
        url = urlsplit(base)
        with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
            sock.sendall(
                b"POST /api/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 314572800\r\n\r\n"
            )
            try:
                head = sock.recv(4096)
            except TimeoutError:
                head = b"(no answer in 10 s)"
    assert head.startswith(b"HTTP/1.1 413"), head[:80]


def _run(
    app: Any, path: str, chunks: int, chunk: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[int, int]:
    """Stream `chunks` x `chunk` (no Content-Length) into the ASGI app; (status, bytes it pulled)."""
    pulled, sent = 0, 0
    status = [0]

    async def receive() -> dict[str, Any]:
        nonlocal pulled, sent
        if sent >= chunks:
            await asyncio.sleep(3600)
        sent += 1
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": sent < chunks}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 443),
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 60))
    return status[0], pulled


def test_a_streamed_body_is_cut_at_the_limit_before_authentication(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, roles=("case_worker",))
    app = create_app(engine=sqlite_engine, ring=world.client.app.state.ring)
    chunk = b" " * (64 * 1024)
    status, pulled = _run(app, "/api/cases", 20 * 16, chunk, [])  # 20 MB, anonymous
    assert status == 413
    assert pulled <= 2 * MB + len(chunk)


def test_the_batch_route_has_its_own_larger_limit(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world(sqlite_engine, roles=("border_officer",))
    c = world.client
    h = world.h("border_officer")
    # 3 MB of travellers: over the default 2 MB limit, within the batch's 8 MB; refused as a batch
    # of more than MAX_BATCH, which proves the body got through the size limit
    monkeypatch.setattr(screening_api, "MAX_BATCH", 10)
    big = {"travellers": [{"name": "Chen Wei", "aliases": ["A" * 300] * 10}] * 1000}
    assert 2 * MB < len(json.dumps(big)) < 8 * MB
    got = c.post("/api/screen/batch", json=big, headers=h)
    assert got.status_code == 413 and "at most 10 travellers" in got.text
    # over the batch's own limit: refused by size (Content-Length), before authentication
    huge = json.dumps({"travellers": [{"name": "N" * 60}] * 200_000})
    assert len(huge) > 8 * MB
    got = c.post("/api/screen/batch", content=huge, headers={"Content-Type": "application/json"})
    assert got.status_code == 413 and "request body over" in got.text
    # elsewhere the default limit stands
    got = c.post("/api/cases", json=big, headers=h)
    assert got.status_code == 413 and "request body over" in got.text


def test_200k_small_travellers_are_refused_before_any_is_validated(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine, roles=("border_officer",))
    # every traveller invalid (an empty name): validating even one would answer 422, not 413
    body = json.dumps({"travellers": [{"name": ""}] * 200_000})
    assert len(body) < 8 * MB  # within the size limit: the count must stop it
    got = world.client.post(
        "/api/screen/batch",
        content=body,
        headers={**world.h("border_officer"), "Content-Type": "application/json"},
    )
    assert got.status_code == 413 and "at most" in got.text, got.text[:200]
