"""Issue 14 (low): inputs that gave 500s or opened meaningless cases: ids beyond 2^63 in API and web
routes, NaN thresholds, an `opened_on` in the year 2999, `{}` or a victim with nothing that
identifies them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.api.fixtures import VICTIM, make_world, password

BIG = [2**63, 2**64 + 1, 10**30]


def _web_login(client: TestClient, username: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    resp = client.post(
        "/login",
        data={"username": username, "password": password(username), "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert resp.status_code == 303
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/cases").text)
    assert found
    return found.group(1)


def test_ids_beyond_2_63_are_not_found_not_500(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker", "border_officer", "admin"))
    api = TestClient(world.client.app, base_url="https://testserver", raise_server_exceptions=False)
    h = world.h("case_worker")
    for n in BIG:
        for path in (f"/api/cases/{n}", f"/api/cases/{n}/export"):
            assert api.get(path, headers=h).status_code in (404, 422), path
        got = api.post(
            f"/api/screen/{n}/decision", json={"decision": "cleared"}, headers=world.h("border_officer")
        )
        assert got.status_code in (404, 422), got.status_code
    web = TestClient(world.client.app, base_url="https://testserver", raise_server_exceptions=False)
    csrf = _web_login(web, "case_worker")
    for n in BIG:
        for path in (
            f"/cases/{n}",
            f"/cases/{n}/export",
            f"/cases/{n}/persons/{n}/assess",
            f"/cases/{n}/persons/1/screen",
        ):
            got = web.get(path)
            assert got.status_code in (404, 405, 422), (path, got.status_code)
        got = web.post(f"/cases/{n}/status", data={"csrf_token": csrf, "cas_Status": "Closed"})
        assert got.status_code in (404, 422), got.status_code
    admin = TestClient(world.client.app, base_url="https://testserver", raise_server_exceptions=False)
    _web_login(admin, "admin")
    assert admin.get(f"/audit?before_id={BIG[1]}").status_code in (200, 404, 422)


def test_nan_thresholds_are_422(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, roles=("border_officer",))
    c = TestClient(world.client.app, base_url="https://testserver", raise_server_exceptions=False)
    h = {**world.h("border_officer"), "Content-Type": "application/json"}
    for threshold in ("NaN", '"NaN"', "Infinity", '"-inf"', "1e999"):
        got = c.post("/api/screen", content=f'{{"name": "Chen Wei", "threshold": {threshold}}}', headers=h)
        assert got.status_code == 422, (threshold, got.status_code)


def test_a_case_opened_in_the_future_is_refused(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    h = world.h("case_worker")
    c = world.client
    got = c.post("/api/cases", json={"opened_on": "2999-01-01", "persons": [VICTIM]}, headers=h)
    assert got.status_code == 422 and "opened_on" in got.text
    later = (date.today() + timedelta(days=3)).isoformat()
    assert c.post("/api/cases", json={"opened_on": later, "persons": [VICTIM]}, headers=h).status_code == 422
    for ok in (date.today(), date.today() + timedelta(days=1), date(2020, 1, 1)):
        got = c.post("/api/cases", json={"opened_on": ok.isoformat(), "persons": [VICTIM]}, headers=h)
        assert got.status_code == 201, (ok, got.text)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "persons"),
        ({"persons": []}, "persons"),
        ({"persons": [{"role": "victim"}]}, "identifying"),
        (
            {"persons": [{"role": "victim", "prs_Gender": "Feminine", "prs_Citizenship": ["KHM"]}]},
            "identifying",
        ),
        ({"persons": [{"role": "victim", "prs_FirstName": "  "}]}, "identifying"),
    ],
)
def test_a_case_with_no_one_identified_is_refused(
    sqlite_engine: Engine, body: dict[str, object], says: str
) -> None:
    world = make_world(sqlite_engine, roles=("case_worker",))
    got = world.client.post("/api/cases", json=body, headers=world.h("case_worker"))
    assert got.status_code == 422 and says in got.text, got.text
