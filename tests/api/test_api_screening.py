"""Watchlist screening through the main app: sign-in, the role matrix, the index over stored lists, the log."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.api.fixtures import World

from tipnet.ingest.watchlists import load_watchlist
from tipnet.store.tables.watchlists import WatchlistScreening

LIST = "id,name,aliases,birth_date,nationality,gender,document_number,topics\n" + (
    "T1,Chen Wei,陈伟;Tan Wei,1980-02-03,CN,male,E12345678,crime.traffick.human\n"
    "T2,Sok Pisey,សុខ ពិសី,1991-04,KHM,F,,wanted\n"
)
QUERY = {"name": "陈伟", "birth_date": "1980-02-03", "nationality": "CHN", "gender": "M"}


def _world_with_list(world: World, tmp_path: Path) -> World:
    path = tmp_path / "traffickers.csv"
    path.write_text(LIST, encoding="utf-8")
    assert load_watchlist(world.engine, "traffickers", path, rejects_path=tmp_path / "r.csv").new == 2
    return world


def test_roles_and_hits(world: World, tmp_path: Path) -> None:
    _world_with_list(world, tmp_path)
    assert world.client.post("/api/screen", json=QUERY).status_code == 401
    for role in ("analyst", "fiu_analyst", "partner"):
        assert world.client.post("/api/screen", json=QUERY, headers=world.h(role)).status_code == 403, role
    resp = world.client.post("/api/screen", json=QUERY, headers=world.h("border_officer"))
    assert resp.status_code == 200, resp.text
    hits = resp.json()["hits"]
    assert hits[0]["list"] == "traffickers" and hits[0]["entry_id"] == "T1"
    for role in ("admin", "case_worker"):
        assert world.client.post("/api/screen", json=QUERY, headers=world.h(role)).status_code == 200
    # The log names the signed-in officer, whatever header a client sends.
    spoofed = {**world.h("border_officer"), "X-Tipnet-Officer": "someone-else"}
    assert world.client.post("/api/screen", json=QUERY, headers=spoofed).status_code == 200
    with Session(world.engine) as session:
        actors = session.scalars(select(WatchlistScreening.actor)).all()
    assert "someone-else" not in actors and actors.count("border_officer") == 2


def test_bad_input_is_4xx(world: World, tmp_path: Path) -> None:
    _world_with_list(world, tmp_path)
    h = world.h("border_officer")
    assert world.client.post("/api/screen", json={"name": ""}, headers=h).status_code == 422
    assert (
        world.client.post("/api/screen", json={**QUERY, "birth_date": "1980-13-45"}, headers=h).status_code
        == 422
    )
    assert world.client.post("/api/screen/mrz", json={"mrz": "garbage"}, headers=h).status_code in (200, 422)


def test_mrz_endpoint(world: World) -> None:
    td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    bad = td3.replace("7408122", "7408132")
    assert world.client.post("/api/mrz", json={"mrz": [td3]}).status_code == 401
    assert world.client.post("/api/mrz", json={"mrz": [td3]}, headers=world.h("partner")).status_code == 403
    resp = world.client.post(
        "/api/mrz", json={"mrz": [td3, bad, "garbage"]}, headers=world.h("border_officer")
    )
    assert resp.status_code == 200, resp.text
    good, broken, garbage = resp.json()
    assert good["valid"] and good["document_number"] == "L898902C3" and good["birth_date"] == "1974-08-12"
    assert not broken["valid"] and "check_digit.birth_date" in {f["code"] for f in broken["findings"]}
    assert not garbage["valid"] and garbage["findings"]
    too_many = {"mrz": [td3] * 101}
    assert world.client.post("/api/mrz", json=too_many, headers=world.h("border_officer")).status_code == 422


def test_the_logged_query_digest_is_keyed(world: World, tmp_path: Path) -> None:
    """A plain hash of a name and birth date could be recomputed by anyone who knows them, to learn
    whether that person was screened: the log keeps an HMAC under the keyring's blind-index key."""
    from tipnet.matching.record import make_record
    from tipnet.screening.log import query_digest

    _world_with_list(world, tmp_path)
    assert world.client.post("/api/screen", json=QUERY, headers=world.h("border_officer")).status_code == 200
    with Session(world.engine) as session:
        (digest,) = session.scalars(select(WatchlistScreening.query_digest)).all()
    record = make_record(
        QUERY["name"],
        birth_date=QUERY["birth_date"],
        nationality=QUERY["nationality"],
        gender=QUERY["gender"],
    )
    key = world.client.app.state.ring.index_key
    assert digest == query_digest(record, key)
    assert digest != query_digest(record)  # not the unkeyed hash
    assert query_digest(record, b"another key" * 3) != digest
