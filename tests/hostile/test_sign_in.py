"""Hostile tests of sign-in (issue 14, "Also found"): concurrent guesses cannot outrun the count,
X-Forwarded-For is not believed unless configured, nobody can lock a user out at will, and a
password change signs out every session that knew the old one."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from tests.api.fixtures import World, make_world, password
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.security import users
from tipnet.security.users import Throttled, authenticate, create_user
from tipnet.settings import get_settings
from tipnet.store.engine import session_scope

runner = CliRunner()


def _account(engine: Engine, name: str = "worker") -> None:
    with session_scope(engine) as s:
        create_user(s, name, password(name), "case_worker", "ORG", create_org=True)


def _try(engine: Engine, name: str, pw: str, client: str) -> str:
    try:
        with session_scope(engine) as s:
            return "ok" if authenticate(s, name, pw, client) is not None else "wrong"
    except Throttled:
        return "throttled"


def test_concurrent_guesses_check_at_most_the_limit(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _account(engine)
    checks: list[int] = []
    real = users.verify_password

    def counted(stored: str, given: str) -> bool:
        checks.append(1)
        time.sleep(0.05)  # widen the race between counting and checking
        return real(stored, given)

    monkeypatch.setattr(users, "verify_password", counted)
    barrier = threading.Barrier(16)
    outcomes: list[str] = []

    def guess() -> None:
        barrier.wait()
        for _ in range(4):
            try:
                outcomes.append(_try(engine, "worker", "wrong-password", "10.0.0.9"))
                return
            except OperationalError:  # SQLite: a busy writer; the attempt was counted all the same
                time.sleep(0.05)

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checks) <= 5, f"{len(checks)} password checks for 16 concurrent guesses"
    assert "throttled" in outcomes


def _clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """A settable clock, and a fast password check (the throttle, not argon2, is under test)."""
    now = [datetime(2026, 12, 6, 12, 0, 0)]
    monkeypatch.setattr(users, "_now", lambda: now[0])
    monkeypatch.setattr(users, "verify_password", lambda _stored, given: given == password("worker"))
    monkeypatch.setattr(users, "burn_time", lambda _given: None)
    return now


def test_delays_grow_per_account_and_address_and_then_let_the_owner_in(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _account(engine)
    now = _clock(monkeypatch)
    for _ in range(5):
        assert _try(engine, "worker", "wrong-password", "10.0.0.1") == "wrong"
    assert _try(engine, "worker", password("worker"), "10.0.0.1") == "throttled"  # too soon
    now[0] += timedelta(seconds=10)
    assert _try(engine, "worker", password("worker"), "10.0.0.1") == "throttled"  # 30 s after the 5th
    for _ in range(20):  # hammering while waiting neither checks a password nor restarts the delay
        assert _try(engine, "worker", "wrong-password", "10.0.0.1") == "throttled"
    now[0] += timedelta(seconds=20)
    assert _try(engine, "worker", "wrong-password", "10.0.0.1") == "wrong"  # 6th failure: next 60 s
    now[0] += timedelta(seconds=59)
    assert _try(engine, "worker", password("worker"), "10.0.0.1") == "throttled"
    now[0] += timedelta(seconds=1)
    assert _try(engine, "worker", password("worker"), "10.0.0.1") == "ok"


def test_an_attacker_cannot_lock_the_owner_out(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _account(engine)
    now = _clock(monkeypatch)
    assert _try(engine, "worker", password("worker"), "192.0.2.7") == "ok"  # the owner's usual address
    for attacker in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"):
        for _ in range(5):  # 25 attempts, 5 per address (the last few refused by the account cap)
            _try(engine, "worker", "wrong-password", attacker)
            now[0] += timedelta(seconds=1)
    # The attacker's addresses are throttled, and so are new addresses (the per-account cap)...
    assert _try(engine, "worker", password("worker"), "198.51.100.1") == "throttled"
    assert _try(engine, "worker", password("worker"), "203.0.113.50") == "throttled"
    # ...but not the owner at an address the account signed in from before.
    assert _try(engine, "worker", password("worker"), "192.0.2.7") == "ok"
    # And everything is forgotten after the window.
    now[0] += timedelta(minutes=16)
    assert _try(engine, "worker", password("worker"), "203.0.113.50") == "ok"


def test_x_forwarded_for_is_not_believed(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "burn_time", lambda _given: None)  # unknown accounts: no argon2 wait
    world = make_world(engine, roles=("admin",))
    codes = [
        world.client.post(
            "/api/auth/token",
            data={"username": f"user{i}", "password": "guess-guess"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
        ).status_code
        for i in range(25)
    ]
    assert codes[-1] == 429  # one address after all: the header did not spread the guesses


def test_serve_trusts_proxy_headers_only_from_configured_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    assert runner.invoke(app, ["serve"]).exit_code == 0
    assert calls[-1]["proxy_headers"] is False
    monkeypatch.setenv("TIPNET_TRUSTED_PROXIES", "10.1.2.3")
    assert runner.invoke(app, ["serve"]).exit_code == 0
    assert calls[-1]["proxy_headers"] is True and calls[-1]["forwarded_allow_ips"] == "10.1.2.3"


def test_a_password_change_signs_out_every_session(
    store_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    world: World = make_world(engine, roles=("case_worker",))
    first = world.h("case_worker")
    world.tokens.clear()
    second = world.h("case_worker")
    assert first != second
    assert world.client.get("/api/auth/me", headers=first).status_code == 200
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    changed = runner.invoke(app, ["user", "passwd", "case_worker"], input="a-brand-new-password\n")
    assert changed.exit_code == 0, changed.output
    for headers in (first, second):
        assert world.client.get("/api/auth/me", headers=headers).status_code == 401
