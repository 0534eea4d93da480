"""Issue 14, severe 4: a request body that fails validation (NaN, Infinity, a lone surrogate, wrong
types) never reaches a log or an answer: 422 naming fields, never echoing values. Against a real
uvicorn configured as `tipnet serve` configures it, every log record (tipnet's, uvicorn's,
SQLAlchemy's, the root's) and everything written to stdout/stderr is captured and searched."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import Engine
from tests.api.fixtures import make_world, password
from tests.hostile.server import served

from tipnet.api import create_app

LATIN, KHMER, BIRTH, PHONE = "Sokhalinda", "សុខលីនដា", "1987-03-14", "+85512345678"
SECRETS = (LATIN, KHMER, BIRTH, PHONE, KHMER.encode("unicode_escape").decode())


def _person(**extra: str) -> str:
    fields = {
        "role": '"victim"',
        "prs_FirstName": f'"{LATIN}"',
        "name_native": f'"{KHMER}"',
        "prs_Birthdate": f'"{BIRTH}"',
        "phones": f'["{PHONE}"]',
        **extra,
    }
    fields = {k: v for k, v in fields.items() if v != "(absent)"}
    return "{" + ",".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


BODIES = {
    "NaN": '{"persons": [' + _person(age="NaN") + "]}",
    "NaN in a known field": '{"persons": [' + _person(prs_Gender="NaN") + "]}",
    # a whole person as the failing input: the validation error carries the names with the NaN
    "NaN, no role": '{"persons": [' + _person(role="(absent)", prs_Gender="NaN") + "]}",
    "lone surrogate, no role": '{"persons": [' + _person(role="(absent)", prs_SecondName='"D\\udc00"') + "]}",
    "Infinity": '{"persons": [' + _person(prs_Birthdate="Infinity") + "]}",
    "lone surrogate": '{"persons": [' + _person(prs_SecondName='"Dara\\ud800"') + "]}",
    "lone surrogate in a key": '{"persons": [' + _person(**{"x\\udc00": '"1"'}) + "]}",
    "wrong types": '{"persons": [' + _person(prs_Citizenship="12", prs_Gender="[1, 2]") + "]}",
    "not a list": '{"persons": ' + _person() + "}",
}


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "fastapi", "tipnet", "sqlalchemy"):
        logging.getLogger(name).addHandler(caplog.handler)
    yield caplog
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "fastapi", "tipnet", "sqlalchemy"):
        logging.getLogger(name).removeHandler(caplog.handler)


def test_invalid_bodies_are_422_and_never_logged_or_echoed(
    engine: Engine, logs: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    world = make_world(engine, roles=("case_worker",))
    app = create_app(engine=engine, ring=world.client.app.state.ring)
    answers = {}
    with served(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        token = c.post(
            "/api/auth/token", data={"username": "case_worker", "password": password("case_worker")}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for what, body in BODIES.items():
            for who, sent in ((what, headers), (what + " (anonymous)", {"Content-Type": "application/json"})):
                try:
                    got = c.post("/api/cases", content=body.encode(), headers=sent)
                except httpx.TransportError:  # the server dropped the connection: checked below
                    answers[who] = (0, "")
                else:
                    answers[who] = (got.status_code, got.text)
    out, err = capfd.readouterr()
    logged = "\n".join(
        [
            r.getMessage() + (logs.handler.formatter or logging.Formatter()).formatException(r.exc_info)
            if r.exc_info
            else r.getMessage()
            for r in logs.records
        ]
    )
    for place, text in (("log records", logged), ("stdout", out), ("stderr", err)):
        assert not [s for s in SECRETS if s in text], f"victim data in the {place}"
    for what, (status, text) in answers.items():
        expected = 401 if what.endswith("(anonymous)") and status != 422 else 422
        assert status == expected, (what, status)
        assert not [s for s in SECRETS if s in text], (what, "echoed in the answer")


def test_validation_errors_name_the_field(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine, roles=("case_worker",))
    got = world.client.post(
        "/api/cases",
        content=BODIES["wrong types"].encode(),
        headers={**world.h("case_worker"), "Content-Type": "application/json"},
    )
    assert got.status_code == 422
    locs = [e["loc"] for e in got.json()["detail"]]
    assert ["body", "persons", 0, "prs_Citizenship"] in locs
    assert all("input" not in e and "ctx" not in e for e in got.json()["detail"])
