"""`tipnet pprl encode --stored` and the audit of encodings and matches, on SQLite and PostgreSQL.

The store's victims (sealed) are encoded under ONE audit event, the file holds no value of theirs, and
a Thai NGO's CSV of the same people (romanized, order swapped, national phone form) finds them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.sharing.installs import (
    SECOND_VICTIM,
    SECRET_WORDS,
    SUSPECT,
    VICTIM,
    Install,
    make_install,
    open_case,
)
from tests.sharing.pprl.plaintext import assert_no_plaintext, plaintext_values
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.sharing.pprl.clkfile import read_clk
from tipnet.sharing.pprl.features import PprlInput
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.security import AuditEvent

runner = CliRunner()

# Party B, a Thai NGO, holds the two Cambodian victims as it wrote them, and someone else.
B_HEADER = ["rid", "name", "birth_date", "gender", "nationality", "phone"]
B_ROWS = [
    ["th-1", "Kosalvathana Sreyneang", "2003-04-17", "F", "Cambodian", "012 998 877"],
    ["th-2", "Chanthavy Rattanakiri", "2001", "female", "KH", ""],
    ["th-3", "Somchai Jaidee", "1979-11-30", "M", "TH", "0812345678"],
]


@pytest.fixture
def kh(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    install = make_install("KH-NCCT", "National Committee", "NCCT", store_url, tmp_path)
    install.env(monkeypatch)
    return install


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "shared.key"
    path.write_text("the secret Cambodia and Thailand share, 32+ bytes\n", encoding="utf-8")
    return path


def _events(install: Install) -> list[AuditEvent]:
    with Session(install.engine) as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _no_values_in(details: dict[str, Any], words: tuple[str, ...]) -> None:
    text = json.dumps(details, ensure_ascii=False)
    for w in words:
        assert w not in text, w


def _victim_uids(install: Install) -> set[str]:
    with Session(install.engine) as s:
        ids = s.scalars(select(CasePerson.person_id).where(func.lower(CasePerson.role) == "victim"))
        return {f"person:{i}" for i in ids}


def test_stored_victims_encoded_under_one_event_and_found_by_a_partners_csv(
    kh: Install, secret: Path, tmp_path: Path
) -> None:
    open_case(kh, VICTIM, SECOND_VICTIM, SUSPECT)
    before = len(_events(kh))
    out = tmp_path / "kh.clk"
    res = runner.invoke(
        app,
        ["pprl", "encode", "--stored", "--role", "victim", "--secret-file", str(secret), "--out", str(out)],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    clk = read_clk(out)
    assert len(clk) == 2 and set(clk.ids) == _victim_uids(kh)
    new = _events(kh)[before:]
    assert len(new) == 1  # one event for the run, not one per person
    ev = new[0]
    assert (ev.action, ev.object_type, ev.object_id, ev.actor) == ("export", "pprl_encoding", "kh.clk", "cli")
    d = ev.details
    assert d["records"] == 2 and d["rejected"] == 0 and d["source"] == "store"
    assert d["stored"]["sealed_persons"] == 2 and d["stored"]["roles"] == ["victim"]
    assert d["key_check"] == clk.key_check[:16] and d["schema_digest"] == clk.header["schema_digest"]
    assert d["sha256"] and len(d["sha256"]) == 64
    _no_values_in(d, SECRET_WORDS)
    for w in SECRET_WORDS:
        assert w not in res.output

    # the file: no plaintext nor unkeyed hash of any victim's value
    victims = [
        PprlInput(
            "v1",
            ("Sreyneang Kosalvathana", VICTIM["name_native"]),
            VICTIM["prs_Birthdate"],
            "F",
            ("KHM",),
            (VICTIM["prs_IdentityNumber"],),
            tuple(VICTIM["phones"]),
        ),
        PprlInput("v2", ("Chanthavy Rattanakiri",), "2001", "F", ("KHM",)),
    ]
    data = out.read_bytes()
    assert_no_plaintext(data, plaintext_values(victims) | set(SECRET_WORDS))

    # party B's CSV of the same people, under the one secret; then the match
    b_csv = tmp_path / "th.csv"
    with b_csv.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(B_HEADER)
        w.writerows(B_ROWS)
    res = runner.invoke(
        app,
        [
            "pprl",
            "encode",
            str(b_csv),
            "-c",
            "id=rid",
            "--secret-file",
            str(secret),
            "--out",
            str(tmp_path / "th.clk"),
        ],
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app,
        [
            "pprl",
            "match",
            str(out),
            str(tmp_path / "th.clk"),
            "--out",
            str(tmp_path / "m"),
            "--threshold",
            "0.5",
        ],
    )
    assert res.exit_code == 0, res.output
    with (tmp_path / "m" / "matches.csv").open(encoding="utf-8", newline="") as f:
        found = {(r["a_id"], r["b_id"]) for r in csv.DictReader(f)}
    v1 = min(_victim_uids(kh), key=lambda u: int(u.split(":")[1]))
    v2 = max(_victim_uids(kh), key=lambda u: int(u.split(":")[1]))
    # th-1 (full birth date, names salted with it, phone) is found every time; th-2 has a birth year only,
    # so under the salted profile it carries no name bits and is found on sex, nationality and year
    # when BLIP's noise allows (about 87 runs in 100): never anything but the true pairs
    assert (v1, "th-1") in found and found <= {(v1, "th-1"), (v2, "th-2")}, found

    # the CSV encode and the match are audited too (the store is configured)
    enc, m = _events(kh)[before + 1 :]
    assert enc.object_type == "pprl_encoding" and enc.details["source"] == "csv:th.csv"
    assert enc.details["records"] == 3 and "stored" not in enc.details
    assert enc.details["link_own"] is False and "own_groups" not in enc.details
    assert (m.action, m.object_type, m.object_id) == ("search", "pprl_match", "m")
    assert m.details["matches"] == len(found) and [i["file"] for i in m.details["inputs"]] == [
        "kh.clk",
        "th.clk",
    ]
    assert m.details["inputs"][0]["sha256"] == d["sha256"]
    # the population prior: small files are scored as at the calibration population (shift 0)
    assert m.details["population_prior"] == {"applied": True, "expected_overlap": None, "shift": 0.0}
    for e in (enc, m):
        _no_values_in(e.details, (*SECRET_WORDS, "Somchai", "th-1", "person:"))
    # an expansion through the party's own groups is audited too: file names and counts, no id
    groups = tmp_path / "th.groups.csv"
    groups.write_text("id,group\nth-1,1\nth-3,1\n", encoding="utf-8")
    res = runner.invoke(app, ["pprl", "expand", str(tmp_path / "m" / "matches.csv"), "--groups", str(groups),
                              "--side", "b", "--out", str(tmp_path / "x.csv")])  # fmt: skip
    assert res.exit_code == 0, res.output
    (x,) = _events(kh)[before + 3 :]
    assert (x.action, x.object_type) == ("search", "pprl_expand")
    assert x.details["pairs_read"] == len(found) and x.details["pairs_added"] == len(found & {(v1, "th-1")})
    _no_values_in(x.details, (*SECRET_WORDS, "Somchai", "th-1", "th-3", "person:"))
    # the events (nested details, a float threshold, a null) keep the hash chain intact
    res = runner.invoke(app, ["audit", "verify"])
    assert res.exit_code == 0 and "intact" in res.output, res.output


def test_stored_selection_and_pseudonyms(kh: Install, secret: Path, tmp_path: Path) -> None:
    open_case(kh, VICTIM, SECOND_VICTIM, SUSPECT)
    out = tmp_path / "all.clk"
    res = runner.invoke(
        app,
        [
            "pprl",
            "encode",
            "--stored",
            "--pseudonymize",
            "--case-org",
            "NCCT",
            "--secret-file",
            str(secret),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    clk = read_clk(out)
    assert len(clk) == 3 and all(i.startswith("P") and "person" not in i for i in clk.ids)
    ev = _events(kh)[-1]
    assert ev.details["stored"] == {"roles": [], "case_org": "NCCT", "persons": 3, "sealed_persons": 2}
    assert ev.details["ids"] == "pseudonym"
    res = runner.invoke(
        app,
        ["pprl", "encode", "--stored", "--role", "suspect", "--secret-file", str(secret), "--out", str(out)],
    )
    assert res.exit_code == 0 and len(read_clk(out)) == 1
    n = len(_events(kh))
    for bad, says in (
        (["--role", "boss"], "--role boss"),
        (["--case-org", "NOPE"], "no such organisation"),
        ([str(tmp_path / "x.csv")], "either a CSV file or --stored"),
        (["-c", "id=rid"], "--column is for a CSV file"),
    ):
        res = runner.invoke(
            app, ["pprl", "encode", "--stored", *bad, "--secret-file", str(secret), "--out", str(out)]
        )
        assert res.exit_code == 2 and says in res.output, res.output
    assert len(_events(kh)) == n  # refused before any person was read


def test_stored_failure_after_opening_is_still_audited(
    kh: Install, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up after the victims were unsealed: no file, exit 2, and the read is audited."""
    import errno

    from tipnet.sharing.pprl import clkfile

    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    open_case(kh, VICTIM)
    n = len(_events(kh))
    monkeypatch.setattr(clkfile, "write_clk", full)
    out = tmp_path / "kh.clk"
    res = runner.invoke(app, ["pprl", "encode", "--stored", "--secret-file", str(secret), "--out", str(out)])
    assert res.exit_code == 2 and "cannot write" in res.output, res.output
    new = _events(kh)[n:]
    assert len(new) == 1 and new[0].details["failed"] is True
    assert new[0].details["stored"]["sealed_persons"] == 1 and new[0].details["sha256"] is None
    assert not out.exists() and not list(tmp_path.glob(".kh.clk*"))
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_csv_encode_without_a_store_says_it_is_not_audited(
    tmp_path: Path, secret: Path, data_dir: Path
) -> None:
    src = tmp_path / "th.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(B_HEADER)
        w.writerows(B_ROWS)
    res = runner.invoke(
        app,
        [
            "pprl",
            "encode",
            str(src),
            "-c",
            "id=rid",
            "--secret-file",
            str(secret),
            "--out",
            str(tmp_path / "b.clk"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "not audited" in res.output and len(read_clk(tmp_path / "b.clk")) == 3
    assert not (data_dir / "tipnet.db").exists()  # no store is created behind the user's back


def test_no_output_when_the_audit_cannot_be_written(
    kh: Install, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store that refuses the event (locked, gone): the encoding and the matches are not kept."""
    from sqlalchemy.exc import OperationalError

    from tipnet.sharing.pprl import audit_log

    src = tmp_path / "th.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(B_HEADER)
        w.writerows(B_ROWS)
    enc = ["pprl", "encode", str(src), "-c", "id=rid", "--secret-file", str(secret)]
    assert runner.invoke(app, [*enc, "--out", str(tmp_path / "a.clk")]).exit_code == 0

    def refuse(*_a: Any, **_k: Any) -> None:
        raise OperationalError("INSERT INTO audit_event", {}, Exception("database is locked"))

    monkeypatch.setattr(audit_log, "record_encoding", refuse)
    monkeypatch.setattr(audit_log, "record_match", refuse)
    res = runner.invoke(app, [*enc, "--out", str(tmp_path / "b.clk")])
    assert res.exit_code == 2 and "could not be written" in res.output, res.output
    assert not (tmp_path / "b.clk").exists() and not list(tmp_path.glob(".b.clk*"))
    a = str(tmp_path / "a.clk")
    res = runner.invoke(app, ["pprl", "match", a, a, "--out", str(tmp_path / "m")])
    assert res.exit_code == 2 and "could not be written" in res.output, res.output
    assert not (tmp_path / "m" / "matches.csv").exists()


def test_an_unreachable_store_is_a_clear_refusal(
    tmp_path: Path, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipnet.settings import get_settings

    monkeypatch.setenv("TIPNET_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()
    src = tmp_path / "th.csv"
    src.write_text("rid,name\nth-1,Sok Dara\n", encoding="utf-8")
    for args in (
        ["pprl", "encode", str(src), "-c", "id=rid"],
        ["pprl", "encode", "--stored"],
    ):
        res = runner.invoke(app, [*args, "--secret-file", str(secret), "--out", str(tmp_path / "a.clk")])
        assert res.exit_code == 2 and "cannot be reached" in res.output, res.output
        assert not (tmp_path / "a.clk").exists()
