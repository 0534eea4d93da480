"""Found by the fault and load bench (issue 14): more requests in flight than the database pool has
connections deadlocked a worker for the pool's timeout (30 s), then answered 500s.

Handlers run in anyio's 40 threads and hold a connection from their first query to their commit; the
pool holds 15. With 41+ requests at once every thread could be waiting for a connection while the
requests holding the connections waited for a thread. In the bench, 50 users on two PostgreSQL workers
did it as soon as one worker was killed and the other served everyone; here 60 clients against one
uvicorn on 127.0.0.1, on SQLite and PostgreSQL. `api.guards.Admission` lets in no more requests at a
time than the pool has connections; the others wait on the event loop, holding nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
from sqlalchemy import Engine
from tests.api.fixtures import VICTIM, make_world, password
from tests.hostile.server import served

from tipnet.api import create_app
from tipnet.store.engine import connection_capacity

CLIENTS = 60  # more than anyio's 40 threads, which are more than the pool's 15 connections
SECONDS = 3.0


def test_more_clients_than_connections_and_threads_never_deadlock(engine: Engine) -> None:
    capacity = connection_capacity(engine)
    assert capacity is not None and capacity < 40 < CLIENTS  # the set-up that deadlocked
    world = make_world(engine, roles=("case_worker",))
    app = create_app(engine=engine, ring=world.client.app.state.ring)
    statuses: Counter[int] = Counter()
    slowest = [0.0]
    with served(app) as base:
        token = httpx.post(
            f"{base}/api/auth/token",
            data={"username": "case_worker", "password": password("case_worker")},
            timeout=60,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        case_id = httpx.post(
            f"{base}/api/cases", json={"persons": [VICTIM]}, headers=headers, timeout=60
        ).json()["id"]

        async def client(n: int) -> None:
            async with httpx.AsyncClient(base_url=base, headers=headers, timeout=90) as c:
                end = time.monotonic() + SECONDS
                i = 0
                while time.monotonic() < end:
                    i += 1
                    t0 = time.monotonic()
                    if i % 5 == 0:
                        body = {"persons": [{**VICTIM, "prs_FirstName": f"Sok{n}x{i}"}]}
                        resp = await c.post("/api/cases", json=body)
                    elif i % 2:
                        resp = await c.get(f"/api/cases/{case_id}")
                    else:
                        resp = await c.get("/api/cases", params={"limit": 5})
                    slowest[0] = max(slowest[0], time.monotonic() - t0)
                    statuses[resp.status_code] += 1

        async def everyone() -> None:
            await asyncio.gather(*(client(n) for n in range(CLIENTS)))

        asyncio.run(everyone())
    assert sum(statuses.values()) >= CLIENTS, statuses
    assert set(statuses) <= {200, 201}, statuses
    # A deadlock lasts the pool's 30 s timeout; a busy 2-core machine queues for a few seconds.
    assert slowest[0] < 20, f"a request waited {slowest[0]:.0f} s"
