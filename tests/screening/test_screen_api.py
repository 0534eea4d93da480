"""POST /screen, /screen/batch, /screen/mrz: answers, logging, and 4xx (never 500) on bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tipnet.identity.mrz.compose import compose_td3
from tipnet.screening import api
from tipnet.screening.api import create_screening_app
from tipnet.screening.entries import build_from_files
from tipnet.screening.screen import Screener

from .lists import write_lists


@pytest.fixture
def client(tmp_path: Path, engine: Engine) -> TestClient:
    ix, _ = build_from_files(write_lists(tmp_path))
    return TestClient(create_screening_app(Screener(ix), engine), raise_server_exceptions=False)


def test_screen_one(client: TestClient) -> None:
    r = client.post(
        "/screen", json={"id": "P1", "name": "陈伟", "birth_date": "1980-06", "nationality": "CN"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "P1" and body["hits"][0]["entry_id"] == "T1" and body["screening_id"] > 0
    assert body["lists"].keys() == {"traffickers", "sanctions"}
    assert body["hits"][0]["explanation"][0]["feature"] == "name"
    d = client.post(f"/screen/{body['screening_id']}/decision", json={"decision": "no_match"})
    assert d.status_code == 204
    assert client.post("/screen/999999/decision", json={"decision": "no_match"}).status_code == 404
    assert (
        client.post(f"/screen/{body['screening_id']}/decision", json={"decision": "meh"}).status_code == 422
    )


def test_batch(client: TestClient) -> None:
    travellers = [
        {"id": "a", "name": "Sreymom Chan"},
        {"id": "b", "name": "Maria Santos", "birth_date": "1970"},
    ]
    r = client.post("/screen/batch", json={"travellers": travellers})
    assert r.status_code == 200
    assert [x["hits"][0]["entry_id"] for x in r.json()["results"]] == ["T2", "T5"]


def test_mrz(client: TestClient) -> None:
    lines = compose_td3(
        issuing_state="CHN",
        surname="ZHAO",
        given_names="WEI",
        document_number="G12345678",
        nationality="CHN",
        birth_date=date(1972, 5, 3),
        sex="M",
        expiry_date=date(2035, 1, 1),
    )
    r = client.post("/screen/mrz", json={"mrz": "\n".join(lines)})
    assert r.status_code == 200, r.text
    assert r.json()["document"]["valid"] and r.json()["hits"][0]["entry_id"] == "os-1"
    bad = client.post("/screen/mrz", json={"mrz": "P<" + "<" * 86})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("path", "body", "status", "says"),
    [
        ("/screen", {"name": ""}, 422, "name"),
        ("/screen", {"name": "   "}, 422, "name"),
        ("/screen", {"name": "12345 !!"}, 422, "name"),
        ("/screen", {"name": "☃☃☃"}, 422, "name"),  # no script a name is written in
        ("/screen", {"name": "ᚱᚢᚾᛁᚲ ᚾᚨᛗᛖ"}, 422, "name"),  # letters, but of a script tipnet cannot read
        ("/screen", {"name": "Chen Wei", "birth_date": "1990-13-40"}, 422, "birth_date"),
        ("/screen", {"name": "Chen Wei", "birth_date": "yesterday"}, 422, "birth_date"),
        ("/screen", {"name": "Chen Wei", "nationality": "XX"}, 422, "nationality"),
        ("/screen", {"name": "Chen Wei", "threshold": 2}, 422, "threshold"),
        ("/screen", {"name": "x" * 301}, 422, "name"),
        ("/screen", {"name": "Chen Wei", "colour": "blue"}, 422, "colour"),
        ("/screen", {"nom": "Chen Wei"}, 422, "name"),
        ("/screen/batch", {"travellers": []}, 422, "travellers"),
        ("/screen/batch", {"travellers": [{"name": "Chen Wei"}, {"name": ""}]}, 422, "travellers"),
        ("/screen/batch", {"travellers": [{"name": "A B", "birth_date": "x"}]}, 422, "travellers[0]"),
        ("/screen/mrz", {"mrz": "short"}, 422, "mrz"),
    ],
)
def test_bad_input_is_4xx_with_a_message(
    client: TestClient, path: str, body: dict[str, Any], status: int, says: str
) -> None:
    r = client.post(path, json=body)
    assert r.status_code == status, r.text
    assert says in r.text


def test_oversized_batch_and_malformed_json(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "MAX_BATCH", 3)
    r = client.post("/screen/batch", json={"travellers": [{"name": "Chen Wei"}] * 4})
    assert r.status_code == 413 and "at most 3" in r.text
    r = client.post("/screen", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_no_index_loaded_is_503() -> None:
    from fastapi import FastAPI

    app = FastAPI()
    app.include_router(api.router)
    assert TestClient(app).post("/screen", json={"name": "Chen Wei"}).status_code == 503
