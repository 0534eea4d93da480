"""`tipnet screen`: JSON lines exactly as specified, the table, bad rows, PAXLST, the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.report.fixtures import fill_store
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.store.engine import make_engine, upgrade
from tipnet.store.tables.watchlists import WatchlistScreening

from .lists import MANIFEST_CSV, write_lists
from .test_paxlst import MESSAGE


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["screen", *args])
    return r.exit_code, r.stdout, r.stderr


def test_json_lines_shape(tmp_path: Path) -> None:
    csv_path, ftm_path = write_lists(tmp_path)
    (tmp_path / "m.csv").write_text(MANIFEST_CSV, encoding="utf-8")
    code, out, _err = _run(
        "--list", str(csv_path), "--list", str(ftm_path), "--json", str(tmp_path / "m.csv")
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["P1", "P2", "P3", "P4"]
    for r in rows:
        assert set(r) == {"id", "hits", "review"}
        for h in r["hits"] + r["review"]:
            assert set(h) == {"list", "entry_id", "score", "explanation"}
            assert 0 <= h["score"] <= 1 and {e["feature"] for e in h["explanation"]} >= {"name", "birth_date"}
        assert [h["score"] for h in r["hits"]] == sorted((h["score"] for h in r["hits"]), reverse=True)
        # the review band lies below the threshold the hits reach
        assert all(h["score"] < min([x["score"] for x in r["hits"]] or [1.0]) for h in r["review"])
    assert rows[0]["hits"][0]["list"] == "traffickers" and rows[0]["hits"][0]["entry_id"] == "T1"
    assert rows[2]["hits"] == []
    assert rows[3]["hits"][0]["entry_id"] == "os-1"
    with Session(make_engine()) as s:
        assert s.scalar(select(func.count()).select_from(WatchlistScreening)) == 4


def test_threshold_table_bad_rows_and_paxlst(tmp_path: Path) -> None:
    csv_path, _ = write_lists(tmp_path)
    (tmp_path / "m.csv").write_text(MANIFEST_CSV + "P9,,,,,\n", encoding="utf-8")
    code, out, err = _run(
        "--list", str(csv_path), "--threshold", "0.999999", "--no-log", str(tmp_path / "m.csv")
    )
    assert code == 1 and "row 5 (P9) not screened" in err and "name" in err
    assert "P1" in out and "T1" not in out
    (tmp_path / "m.edi").write_text(MESSAGE, encoding="utf-8")
    code, out, _ = _run(
        "--list", str(csv_path), "--json", "--no-log", "--threshold", "0", str(tmp_path / "m.edi")
    )
    assert code == 0 and json.loads(out.splitlines()[0])["id"] == "ABC123"


def test_usage_and_file_errors(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("id,who\n1,x\n", encoding="utf-8")
    assert _run(str(tmp_path / "m.csv"))[0] == 2
    csv_path, _ = write_lists(tmp_path)
    code, _, err = _run("--list", str(csv_path), str(tmp_path / "m.csv"))
    assert code == 2 and "name" in err
    assert _run("--list", str(tmp_path / "missing.csv"), str(tmp_path / "m.csv"))[0] == 2


def test_stored_lists_and_case_suspects(tmp_path: Path) -> None:
    engine = make_engine()
    upgrade(engine)
    fill_store(engine, tmp_path)
    (tmp_path / "m.csv").write_text("id,name,nationality\nQ1,王磊,CN\n", encoding="utf-8")
    code, out, _ = _run("--stored", "case-suspects", "--json", "--no-log", str(tmp_path / "m.csv"))
    assert code == 0 and json.loads(out)["hits"][0]["list"] == "case-suspects"
    code, _, err = _run("--stored", "no-such-list", str(tmp_path / "m.csv"))
    assert code == 2 and "no-such-list" in err


def _build(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["screen-index", "build", *args])
    return r.exit_code, r.stdout, r.stderr


def test_screen_index_build_from_files_screens_as_the_lists_do(tmp_path: Path) -> None:
    csv_path, ftm_path = write_lists(tmp_path)
    (tmp_path / "m.csv").write_text(MANIFEST_CSV, encoding="utf-8")
    out_path = tmp_path / "ix.idx"
    code, out, _err = _build("--out", str(out_path), "--list", str(csv_path), "--list", str(ftm_path))
    assert code == 0 and out_path.exists() and [p.name for p in tmp_path.glob(".ix.idx.*")] == []
    assert out_path.stat().st_mode & 0o777 == 0o600
    assert "6 entries" in out and "traffickers v" in out and "sanctions v" in out
    from_lists = _run(
        "--list", str(csv_path), "--list", str(ftm_path), "--json", "--no-log", str(tmp_path / "m.csv")
    )
    from_index = _run("--index", str(out_path), "--json", "--no-log", str(tmp_path / "m.csv"))
    assert from_lists[0] == from_index[0] == 0 and from_lists[1] == from_index[1]


def test_screen_index_build_from_the_store_loads_in_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from tipnet.api.screening_service import app_from_env
    from tipnet.ingest.watchlists import load_watchlist
    from tipnet.security.users import create_user
    from tipnet.store.engine import session_scope

    engine = make_engine()
    upgrade(engine)
    fill_store(engine, tmp_path)
    csv_path, _ = write_lists(tmp_path)
    load_watchlist(engine, "traffickers", csv_path, rejects_path=tmp_path / "r.csv")
    out_path = tmp_path / "ix.idx"
    code, out, _err = _build("--out", str(out_path), "--all-stored", "--quiet")
    assert code == 0 and "case-suspects v" in out and "traffickers v1" in out
    with session_scope(engine) as session:
        create_user(session, "post-7", "pw-post-7-long-enough", "border_officer", "BORDER", create_org=True)
    monkeypatch.setenv("TIPNET_SCREENING_INDEX", str(out_path))
    client = TestClient(app_from_env(), base_url="https://testserver")
    query = {"name": "王磊", "nationality": "CN"}
    assert client.post("/screen", json=query).status_code == 401  # sign-in, as `tipnet serve`
    token = client.post(
        "/api/auth/token", data={"username": "post-7", "password": "pw-post-7-long-enough"}
    ).json()["access_token"]
    resp = client.post("/screen", json=query, headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["hits"][0]["list"] == "case-suspects"
    assert set(body["lists"]) == {"case-suspects", "traffickers"}
    with Session(engine) as session:  # the same screening log as `tipnet serve`
        assert session.scalars(select(WatchlistScreening.actor)).all() == ["post-7"]


def test_screen_index_build_usage_errors(tmp_path: Path) -> None:
    assert _build("--out", str(tmp_path / "ix.idx"))[0] == 2
    code, _out, err = _build("--out", str(tmp_path / "ix.idx"), "--list", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in err.replace("\n", "") and not (tmp_path / "ix.idx").exists()
    (tmp_path / "m.csv").write_text(MANIFEST_CSV, encoding="utf-8")  # the same for `tipnet screen`
    code, _out, err = _run("--list", str(tmp_path / "missing.csv"), str(tmp_path / "m.csv"))
    assert code == 2 and "missing.csv" in err.replace("\n", "")


def test_paxlst_problems_are_said_not_dropped(tmp_path: Path) -> None:
    """A traveller whose message segment is bad (a birth date of month 13) is still screened on what
    could be read, and the officer is told which value was not."""
    csv_path, _ = write_lists(tmp_path)
    bad = MESSAGE.replace("DTM+329:19851231", "DTM+329:19851399")
    assert bad != MESSAGE
    (tmp_path / "m.edi").write_text(bad, encoding="utf-8")
    code, out, err = _run(
        "--list",
        str(csv_path),
        "--json",
        "--no-log",
        "--threshold",
        "0",
        "--workers",
        "1",
        str(tmp_path / "m.edi"),
    )
    assert code == 0 and len(out.splitlines()) == 3  # every traveller of the message screened
    assert "screened on what could be read" in err and "DTM+329" in err
    assert "BRIEN" not in err  # the warning names the row and the segment, not the traveller
