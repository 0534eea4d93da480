"""Hostile manifests and queries: a 20 MB PAXLST name (53 s and 1.1 GB before) is refused quickly,
naming the traveller and the field; bidirectional control characters (a right-to-left override)
are stripped from names and references, with a warning, and the traveller is still screened."""

from __future__ import annotations

import json
import time
from pathlib import Path

from fastapi.testclient import TestClient
from tests.screening.lists import write_lists
from tests.screening.test_paxlst import MESSAGE
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.screening.api import create_screening_app
from tipnet.screening.entries import build_from_files
from tipnet.screening.manifest import read_manifest
from tipnet.screening.paxlst import parse_paxlst
from tipnet.screening.screen import Screener

RLO = "\u202e"


def test_a_20_mb_paxlst_name_is_refused_quickly(tmp_path: Path) -> None:
    big = MESSAGE.replace("CHAN:SREYMOM", "CHAN:" + "A" * 20_000_000)
    (tmp_path / "m.edi").write_text(big, encoding="utf-8")
    csv_path, _ = write_lists(tmp_path)
    started = time.perf_counter()
    r = CliRunner().invoke(
        app, ["screen", "--list", str(csv_path), "--json", "--no-log", str(tmp_path / "m.edi")]
    )
    assert time.perf_counter() - started < 10
    assert r.exit_code == 1
    err = r.stderr.replace("\n", " ")
    assert (
        "(ABC123) not screened" in err
        and "NAD given names too long (20,000,000 characters, at most 200)" in err
    )
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == [
        "pax-2",
        "pax-3",
    ]  # the others are screened


def test_long_fields_of_each_kind_are_refused(tmp_path: Path) -> None:
    for old, new, field in (
        ("RFF+AVF:ABC123", "RFF+AVF:" + "R" * 300, "RFF reference"),
        ("DOC+P:110:111+N01234567", "DOC+P:110:111+" + "9" * 100, "DOC number"),
        ("NAT+2+KHM", "NAT+2+" + "K" * 50, "NAT nationality"),
    ):
        t = parse_paxlst(MESSAGE.replace(old, new)).travellers[0]
        assert any(x.startswith(field + " too long") for x in t.refused), field
        assert len(t.id) <= 200
    (tmp_path / "m.csv").write_text("id,name\nP1," + "N" * 201 + "\nP2,Chen Wei\n", encoding="utf-8")
    first, second = read_manifest(tmp_path / "m.csv")
    assert first.record is None and first.error == "name too long (201 characters, at most 200)"
    assert second.record is not None


def test_bidi_controls_are_stripped_with_a_warning(tmp_path: Path) -> None:
    msg = MESSAGE.replace("CHAN:SREYMOM", f"CH{RLO}AN:SREY{RLO}MOM").replace("AVF:ABC123", f"AVF:ABC{RLO}123")
    (tmp_path / "m.edi").write_text(msg, encoding="utf-8")
    t = read_manifest(tmp_path / "m.edi")[0]
    assert t.ref == "ABC123" and t.record is not None and RLO not in "".join(t.record.names)
    assert any("name: bidirectional" in w for w in t.warnings) and any("reference" in w for w in t.warnings)
    csv_path, ftm_path = write_lists(tmp_path)
    ix, _ = build_from_files([csv_path, ftm_path])
    client = TestClient(create_screening_app(Screener(ix)))
    plain = client.post("/screen", json={"name": "Chen Wei", "birth_date": "1980-02-03"}).json()
    resp = client.post(
        "/screen", json={"id": f"g{RLO}7", "name": f"Chen {RLO}Wei", "birth_date": "1980-02-03"}
    )
    body = resp.json()
    assert resp.status_code == 200 and body["id"] == "g7" and body["hits"] == plain["hits"]
    assert len(body["warnings"]) == 2
    batch = client.post("/screen/batch", json={"travellers": [{"name": f"{RLO}Chen Wei"}]}).json()
    assert batch["warnings"] == ["travellers[0] name: bidirectional control characters removed"]
