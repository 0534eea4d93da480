"""Severe 7: the saved screening index is data only, integrity-checked, written 0600 atomically.

Attacks: a crafted pickle given as the index (to `tipnet screen --index`, to the library, to the
standalone service), a changed byte, a truncated file, a file saved under another keyring, a
symlink planted at the old predictable temporary name; and the standalone service without sign-in.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.matching.record import make_record
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.index_file import IndexFileError
from tipnet.security.keys import load_keyring

KEY = b"k" * 32


class _Boom:
    """Unpickling this creates the file named: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.mkdir, (str(self.marker),))


def _crafted_pickle(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.idx"
    path.write_bytes(pickle.dumps({"entry_ids": _Boom(marker)}, protocol=5))
    return path, marker


def _small_index() -> ScreeningIndex:
    entries = [
        ListEntry("T1", make_record(["Chen Wei", "陈伟"], birth_date="1980-02-03", nationality="CN")),
        ListEntry("T2", make_record(["Sok Pisey"], document_number="E12345678")),
        ListEntry("T\x003", make_record(["Sok Dara"])),  # a NUL in a string: stored with offsets
    ]
    return ScreeningIndex.build([(ListInfo("traffickers", "1"), entries)])


def test_a_crafted_pickle_is_refused_and_runs_nothing(tmp_path: Path) -> None:
    path, marker = _crafted_pickle(tmp_path)
    with pytest.raises(IndexFileError, match="not a tipnet screening index"):
        ScreeningIndex.load(path, KEY)
    (tmp_path / "m.csv").write_text("id,name\nP1,Chen Wei\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["screen", "--index", str(path), "--no-log", str(tmp_path / "m.csv")])
    assert r.exit_code == 2 and "not a tipnet screening index" in r.stderr.replace("\n", " ")
    assert not marker.exists()


def test_the_standalone_service_refuses_a_crafted_pickle(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tipnet.api.screening_service import app_from_env

    path, marker = _crafted_pickle(tmp_path)
    monkeypatch.setenv("TIPNET_SCREENING_INDEX", str(path))
    with pytest.raises(IndexFileError):
        app_from_env()
    assert not marker.exists()


def test_saved_index_round_trips_exactly(tmp_path: Path) -> None:
    ix = _small_index()
    ix.save(tmp_path / "ix.idx", KEY)
    again = ScreeningIndex.load(tmp_path / "ix.idx", KEY)
    for attr in ("entry_ids", "topics", "names", "nationalities", "gender", "documents", "key_ids", "lists"):
        assert getattr(again, attr) == getattr(ix, attr), attr
    for attr in ("entry_list", "birth", "offsets", "postings"):
        a, b = getattr(again, attr), getattr(ix, attr)
        assert a.dtype == b.dtype and (a == b).all(), attr
    assert again.skipped == ix.skipped and again.entry(1) == ix.entry(1)


@pytest.mark.parametrize("where", ["magic", "tag", "header", "middle", "last"])
def test_a_changed_byte_is_refused(tmp_path: Path, where: str) -> None:
    path = tmp_path / "ix.idx"
    _small_index().save(path, KEY)
    data = bytearray(path.read_bytes())
    at = {"magic": 3, "tag": 30, "header": 70, "middle": len(data) // 2, "last": len(data) - 1}[where]
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFileError):
        ScreeningIndex.load(path, KEY)


def test_truncated_empty_and_foreign_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "ix.idx"
    _small_index().save(path, KEY)
    whole = path.read_bytes()
    for cut in (0, 10, 40, len(whole) // 2, len(whole) - 1):
        path.write_bytes(whole[:cut])
        with pytest.raises(IndexFileError):
            ScreeningIndex.load(path, KEY)
    path.write_bytes(whole + b"\0")
    with pytest.raises(IndexFileError, match="integrity"):
        ScreeningIndex.load(path, KEY)
    path.write_bytes(whole)
    with pytest.raises(IndexFileError, match="integrity"):  # saved under another keyring
        ScreeningIndex.load(path, b"x" * 32)
    assert len(ScreeningIndex.load(path, KEY)) == 3


def test_written_0600_with_an_unpredictable_temporary_name(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    os.umask(0o022)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    path = tmp_path / "ix.idx"
    (tmp_path / "ix.idx.tmp").symlink_to(victim)  # the old code's temporary name
    _small_index().save(path, KEY)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert path.stat().st_mode & 0o777 == 0o600 and not path.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix.idx", "ix.idx.tmp", "victim.txt"]


def test_the_cli_uses_the_keyrings_derived_key(tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text("id,name,nationality\nT1,Chen Wei,CN\n", encoding="utf-8")
    out = tmp_path / "ix.idx"
    r = CliRunner().invoke(
        app, ["screen-index", "build", "--out", str(out), "--list", str(tmp_path / "l.csv")]
    )
    assert r.exit_code == 0, r.stderr
    ring = load_keyring()
    assert ring.screening_index_key not in (ring.index_key, *ring.keys.values())
    assert len(ScreeningIndex.load(out, ring.screening_index_key)) == 1
    with pytest.raises(IndexFileError):
        ScreeningIndex.load(out, ring.index_key)


def test_the_standalone_service_signs_in_and_logs(engine, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before: the standalone service answered anyone, and logged nothing. Both stores."""
    from fastapi.testclient import TestClient
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from tipnet.api.screening_service import app_from_env
    from tipnet.security.users import create_user
    from tipnet.store.engine import session_scope
    from tipnet.store.tables.watchlists import WatchlistScreening

    with session_scope(engine) as session:
        create_user(session, "post-7", "pw-post-7-long-enough", "border_officer", "BORDER", create_org=True)
        create_user(session, "ana", "pw-ana-long-enough-x", "analyst", "BORDER")
    ring = load_keyring()
    _small_index().save(tmp_path / "ix.idx", ring.screening_index_key)
    monkeypatch.setenv("TIPNET_SCREENING_INDEX", str(tmp_path / "ix.idx"))
    monkeypatch.setenv("TIPNET_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    from tipnet.settings import get_settings

    get_settings.cache_clear()
    client = TestClient(app_from_env(), base_url="https://testserver")
    query = {"name": "Chen Wei", "nationality": "CN"}
    for path, body in (
        ("/screen", query),
        ("/screen/batch", {"travellers": [query]}),
        ("/screen/1/decision", {"decision": "no_match"}),
    ):
        assert client.post(path, json=body).status_code == 401, path
        assert client.post(path, json=body, headers={"Authorization": "Bearer forged"}).status_code == 401
    assert client.get("/openapi.json").status_code == 404

    def bearer(user: str, pw: str) -> dict[str, str]:
        resp = client.post("/api/auth/token", data={"username": user, "password": pw})
        return {"Authorization": f"Bearer {resp.json()['access_token']}"}

    assert (
        client.post("/screen", json=query, headers=bearer("ana", "pw-ana-long-enough-x")).status_code == 403
    )
    officer = {**bearer("post-7", "pw-post-7-long-enough"), "X-Tipnet-Officer": "spoofed"}
    resp = client.post("/screen", json=query, headers=officer)
    assert resp.status_code == 200 and resp.json()["hits"][0]["entry_id"] == "T1"
    with Session(engine) as session:
        assert session.scalars(select(WatchlistScreening.actor)).all() == ["post-7"]
    # The same request guards as `tipnet serve`: strict JSON, body limits.
    nan = client.post(
        "/screen", content=b'{"name": NaN}', headers={**officer, "Content-Type": "application/json"}
    )
    assert nan.status_code == 422
    assert client.post("/screen", content=b"x" * (3 << 20), headers=officer).status_code == 413
