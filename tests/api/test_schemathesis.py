"""Schemathesis against the OpenAPI spec: generated requests to every operation, signed in as an
administrator (the widest permissions) and anonymously; none may give a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from tests.api.fixtures import SUSPECT, VICTIM, make_world

from tipnet.security.keys import init_keyring
from tipnet.store.engine import make_engine, upgrade


@pytest.fixture(scope="module")
def app_and_token(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, str]:
    root = tmp_path_factory.mktemp("schemathesis")
    mp = pytest.MonkeyPatch()
    mp.setenv("TIPNET_DATA_DIR", str(root / "data"))
    mp.setenv("TIPNET_PUBLISH_OPENAPI", "true")  # schemathesis reads the spec anonymously
    from tipnet.settings import get_settings

    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{root / 'store.db'}")
    upgrade(engine)
    init_keyring()  # the explicit key file step (tipnet keys init)
    world = make_world(engine)
    token = world.token("admin")
    h = {"Authorization": f"Bearer {token}"}
    for _ in range(3):
        world.client.post("/api/cases", json={"persons": [VICTIM, SUSPECT]}, headers=h)
    app = world.client.app
    mp.undo()
    assert isinstance(app, FastAPI)
    return app, token


@pytest.mark.slow
def test_no_server_errors(app_and_token: tuple[FastAPI, str]) -> None:
    """Every operation, ~40 generated requests each, with the admin's token and without one."""
    app, token = app_and_token
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    calls: list[str] = []
    assert len(operations) >= 20
    for operation in operations:
        if operation.path == "/api/auth/logout":
            continue  # would revoke the token the other operations use; covered by test_api_security

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
            case.call_and_validate(checks=[not_a_server_error])  # anonymous
            calls.append(f"{case.method} {case.path}")

        run()
    assert len(calls) > 10 * len(operations) and len(set(calls)) >= len(operations) - 1


def test_openapi_documents_the_issue_endpoints(app_and_token: tuple[FastAPI, str]) -> None:
    spec = TestClient(app_and_token[0]).get("/api/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/auth/token", "/api/cases", "/api/cases/{case_id}", "/api/audit"} <= set(paths)
    assert "post" in paths["/api/cases"] and "get" in paths["/api/cases"]
    assert not any(p.startswith(("/cases", "/login")) for p in paths)  # pages stay out of the API spec
