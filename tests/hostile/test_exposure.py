"""Issue 14 (low): the API description is not published to anonymous callers unless configured,
and Strict-Transport-Security is sent when configured (off by default)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.api.fixtures import make_world

from tipnet.api import create_app


def test_openapi_needs_sign_in_by_default(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, roles=("case_worker",))
    c = world.client
    assert c.get("/api/openapi.json").status_code == 401
    signed_in = c.get("/api/openapi.json", headers=world.h("case_worker"))
    assert signed_in.status_code == 200 and "/api/cases" in signed_in.json()["paths"]
    assert "/api/openapi.json" not in signed_in.json()["paths"]


def test_openapi_published_when_configured(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPNET_PUBLISH_OPENAPI", "true")
    world = make_world(sqlite_engine, roles=("case_worker",))
    assert world.client.get("/api/openapi.json").status_code == 200


def test_hsts_off_by_default_on_when_configured(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world(sqlite_engine, roles=("case_worker",))
    assert "strict-transport-security" not in world.client.get("/login").headers
    monkeypatch.setenv("TIPNET_HSTS_MAX_AGE", "31536000")
    c = TestClient(
        create_app(engine=sqlite_engine, ring=world.client.app.state.ring), base_url="https://testserver"
    )
    for path in ("/login", "/api/openapi.json", "/api/cases"):
        assert c.get(path).headers["strict-transport-security"] == "max-age=31536000", path
