"""Issue 14, severe 1: nothing acknowledged before it is durable, nothing read unaudited, no 5xx
under concurrent users; on SQLite and PostgreSQL, against a real uvicorn on 127.0.0.1.

The commit (audit event included) must happen before the response is sent: right after a 201
the case reads back (never 404), and right after a 200 read of a case its audit event is already
in the store (checked from another connection the moment the answer arrives)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from tests.api.fixtures import VICTIM, make_world, password
from tests.hostile.server import served

from tipnet.api import create_app
from tipnet.store.tables.security import AuditEvent

CLIENTS = 8
SECONDS = 4.0


def _views(engine: Engine, case_id: int) -> int:
    with engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == "view",
                    AuditEvent.object_type == "case",
                    AuditEvent.object_id == str(case_id),
                )
            )
            or 0
        )


def test_concurrent_create_and_read_commit_before_the_answer(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    app = create_app(engine=engine, ring=world.client.app.state.ring)
    statuses: Counter[int] = Counter()
    problems: list[str] = []
    reads_ok = [0]
    lock = threading.Lock()
    with served(app) as base:
        token = httpx.post(
            f"{base}/api/auth/token",
            data={"username": "case_worker", "password": password("case_worker")},
            timeout=60,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        stop = time.monotonic() + SECONDS

        def user(n: int) -> None:
            try:
                work(n)
            except Exception as exc:  # a reset connection is a failure too, not a lost thread
                problems.append(f"client {n}: {type(exc).__name__}")

        def work(n: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
                i = mine = 0
                # the window, and at least one create and read per client however slow the machine
                # (a loaded CI machine once fitted only 7 in the window: the run proved nothing)
                while time.monotonic() < stop or (mine == 0 and i < 20):
                    i += 1
                    body: dict[str, Any] = {"persons": [{**VICTIM, "prs_FirstName": f"Sok{n}x{i}"}]}
                    created = c.post("/api/cases", json=body)
                    with lock:
                        statuses[created.status_code] += 1
                    if created.status_code != 201:
                        problems.append(f"create -> {created.status_code}")
                        continue
                    case_id = created.json()["id"]
                    got = c.get(f"/api/cases/{case_id}")
                    with lock:
                        statuses[got.status_code] += 1
                    if got.status_code != 200:
                        problems.append(f"read after 201 -> {got.status_code}")
                        continue
                    if _views(engine, case_id) < 1:
                        problems.append(f"case {case_id} read (200) with no audit event yet")
                    mine += 1
                    with lock:
                        reads_ok[0] += 1
                    listed = c.get("/api/cases", params={"limit": 5})
                    with lock:
                        statuses[listed.status_code] += 1

        threads = [threading.Thread(target=user, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert reads_ok[0] >= CLIENTS, statuses  # the run did something
    assert not [s for s in statuses if s >= 500], statuses
    assert not problems, (problems[:10], len(problems), statuses)


def test_sequential_read_after_create_never_404s(engine: Engine) -> None:
    """One client working sequentially: every case reads back right after its 201, audited."""
    world = make_world(engine, roles=("case_worker",))
    app = create_app(engine=engine, ring=world.client.app.state.ring)
    with served(app) as base, httpx.Client(base_url=base, timeout=60) as c:
        token = c.post(
            "/api/auth/token", data={"username": "case_worker", "password": password("case_worker")}
        ).json()["access_token"]
        c.headers["Authorization"] = f"Bearer {token}"
        for i in range(40):
            created = c.post("/api/cases", json={"persons": [{**VICTIM, "prs_FirstName": f"Sok{i}"}]})
            assert created.status_code == 201, created.text
            case_id = created.json()["id"]
            got = c.get(f"/api/cases/{case_id}")
            assert got.status_code == 200, (i, got.status_code)
            assert _views(engine, case_id) == 1, f"read {i} answered before its audit was committed"


def test_a_read_whose_audit_cannot_be_written_answers_500_without_data(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    client = TestClient(world.client.app, base_url="https://testserver", raise_server_exceptions=False)
    h = world.h("case_worker")
    created = client.post("/api/cases", json={"persons": [VICTIM]}, headers=h)
    assert created.status_code == 201
    case_id = created.json()["id"]

    def refuse_audit(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "INSERT INTO audit_event" in statement:
            raise RuntimeError("audit store unavailable")

    event.listen(engine, "before_cursor_execute", refuse_audit)
    try:
        got = client.get(f"/api/cases/{case_id}", headers=h)
    finally:
        event.remove(engine, "before_cursor_execute", refuse_audit)
    assert got.status_code == 500
    assert VICTIM["prs_FirstName"] not in got.text and VICTIM["name_native"] not in got.text
    assert _views(engine, case_id) == 0
