"""The independent transaction set (bench/independent/finance): deterministic from its seed, files with
the documented columns, every typology and role present, the malformed rows exactly those listed in
rejects_truth.csv (checked by a validator written here from issue 15's rules), and the scorer right on a
hand-made example."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

FIN = Path(__file__).resolve().parents[2] / "bench" / "independent" / "finance"
sys.path.insert(0, str(FIN))

from indepfin import GENERATOR_VERSION  # noqa: E402
from indepfin.build import COLUMNS, ROLES, generate  # noqa: E402

SIZE, SEED = 800, 21
CHANNELS = {
    "transfer",
    "mobile",
    "card",
    "cash_deposit",
    "cash_withdrawal",
    "international_wire",
    "crypto_exchange",
}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"indepfin_{name}", FIN / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def default_set(tmp: str) -> tuple[Path, dict]:
    out = Path(tmp) / "fin"
    return out, generate(out, SIZE, SEED)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> tuple[Path, dict]:
    return default_set(str(tmp_path_factory.mktemp("indepfin")))


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path, data) -> None:
    _out, first = data
    again = generate(tmp_path / "again", SIZE, SEED)
    other = generate(tmp_path / "other", SIZE, SEED + 1)
    assert again["sha256"] == first["sha256"]
    assert other["sha256"]["transactions.csv"] != first["sha256"]["transactions.csv"]
    assert first["version"] == GENERATOR_VERSION


def test_files_have_the_documented_columns_and_consistent_ids(data) -> None:
    out, manifest = data
    for name, columns in COLUMNS.items():
        with (out / name).open(encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == list(columns), name
    accounts = _read(out / "accounts.csv")
    assert len(accounts) == SIZE == manifest["counts"]["accounts"]
    ids = {a["account_id"] for a in accounts}
    assert len(ids) == SIZE
    assert {a["holder_type"] for a in accounts} == {"person", "company"}
    assert all(re.fullmatch(r"[A-Z]{2}", a["country"]) and len(a["opened"]) == 10 for a in accounts)
    assert any(a["account_id"].startswith("0") for a in accounts)  # leading zeros kept, a trap for readers
    truth = _read(out / "truth.csv")
    assert {t["account_id"] for t in truth} <= ids
    assert len({t["account_id"] for t in truth}) == len(truth)  # one scheme and role per account
    seen = {(t["typology"], t["role"]) for t in truth}
    assert seen == {(t, r) for t, roles in ROLES.items() for r in roles}
    assert {r["account_id"] for r in _read(out / "lookalikes.csv")} <= ids
    assert {r["account_id"] for r in _read(out / "lookalikes.csv")}.isdisjoint(
        {t["account_id"] for t in truth}
    )


def _problems(row: dict[str, str], known: set[str], currencies: set[str]) -> list[str]:
    """Issue 15's rules for a bad row, written independently of the generator."""
    bad = []
    a = row["amount"]
    if not AMOUNT.match(a):
        bad.append("amount")
    else:
        v = float(a)
        if not math.isfinite(v) or v <= 0 or v > 7.9e15:
            bad.append("amount")
    if row["currency"] not in currencies:
        bad.append("currency")
    ts = row["timestamp"]
    try:
        if not ISO.match(ts):
            raise ValueError(ts)
        datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        bad.append("timestamp")
    ch = row["channel"]
    if ch not in CHANNELS:
        bad.append("channel")
    src, dst = row["from_account"], row["to_account"]
    if any(x and x not in known for x in (src, dst)) or (
        ch in CHANNELS
        and (
            (ch == "cash_deposit" and (src or not dst))
            or (ch == "cash_withdrawal" and (dst or not src))
            or (ch not in ("cash_deposit", "cash_withdrawal") and not (src and dst))
        )
    ):
        bad.append("account")
    return bad


def test_the_malformed_rows_are_exactly_those_listed(data) -> None:
    out, _ = data
    known = {a["account_id"] for a in _read(out / "accounts.csv")}
    currencies = {r["currency"] for r in _read(out / "rates.csv")}
    assert {"KHR", "USD", "THB", "VND"} <= currencies
    rows = _read(out / "transactions.csv")
    listed = {r["tx_id"]: r for r in _read(out / "rejects_truth.csv")}
    found = {}
    for i, row in enumerate(rows, start=1):
        problems = _problems(row, known, currencies)
        if problems:
            found[row["tx_id"]] = (i, problems)
    assert set(found) == set(listed)
    for tx, (i, problems) in found.items():
        assert int(listed[tx]["row"]) == i and problems == [listed[tx]["field"]], (tx, problems)
    kinds = {r["kind"] for r in listed.values()}
    assert len(kinds) == 14  # every kind of issue 15's list, and an unknown channel
    assert len({r["tx_id"] for r in rows}) == len(rows)
    # valid rows: both zone styles, several currencies, every channel
    valid = [r for r in rows if r["tx_id"] not in listed]
    assert {r["channel"] for r in valid} == CHANNELS
    assert any(r["timestamp"].endswith("Z") for r in valid) and any("+06:30" in r["timestamp"] for r in valid)
    assert len({r["currency"] for r in valid}) >= 8
    opened = {a["account_id"]: a["opened"] for a in _read(out / "accounts.csv")}
    early = [
        r["tx_id"]
        for r in valid
        for a in (r["from_account"], r["to_account"])
        if a and datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")).date().isoformat() < opened[a]
    ]
    assert len(early) <= len(valid) // 1000  # only a UTC date a day before a local opening date


def test_the_schemes_leave_the_traces_they_claim(data) -> None:
    """Spot checks of the typologies' shape: victims pay the recruiter after each wage, mules pass money
    on within hours, cycles return to where they started."""
    out, _ = data
    truth = _read(out / "truth.csv")
    rows = [
        r
        for r in _read(out / "transactions.csv")
        if r["tx_id"] not in {x["tx_id"] for x in _read(out / "rejects_truth.csv")}
    ]
    role = {t["account_id"]: (t["typology"], t["role"], t["scheme_id"]) for t in truth}
    to_recruiter = [r for r in rows if role.get(r["from_account"], ("",))[1:2] == ("victim",)
                    and role.get(r["to_account"], ("", ""))[1] == "recruiter"]  # fmt: skip
    assert len(to_recruiter) >= 20
    fees = [r for r in rows if role.get(r["to_account"], ("", ""))[1] == "broker"
            and role.get(r["from_account"], ("", ""))[1] == "victim"]  # fmt: skip
    assert fees and all(float(f["amount"]) % 100 == 0 for f in fees)  # round placement fees
    wires = [r for r in rows if role.get(r["from_account"], ("", ""))[1] == "scam_victim"]
    assert wires and all(role[w["to_account"]][1] == "mule" for w in wires)
    members = {a for a, (t, _r, _s) in role.items() if t == "cycle"}
    hops = [
        (r["from_account"], r["to_account"])
        for r in rows
        if r["from_account"] in members and r["to_account"] in members
    ]
    assert len(hops) >= 3 * 2 * 2  # at least two schemes of three hops, twice round


def test_scorer_on_a_hand_made_example(tmp_path: Path) -> None:
    score = _load("score")
    d = tmp_path / "data"
    d.mkdir()
    (d / "accounts.csv").write_text("account_id,holder_name,holder_type,country,opened\n" + "".join(
        f"A{i},x,person,KH,2025-01-01\n" for i in range(1, 9)), encoding="utf-8")  # fmt: skip
    (d / "truth.csv").write_text(
        "account_id,typology,role,scheme_id\nA1,recruitment_fees,broker,RF1\nA2,recruitment_fees,victim,RF1\n"
        "A3,recruitment_fees,victim,RF1\nA4,mule_chain,mule,MC1\nA5,mule_chain,scam_victim,MC1\n",
        encoding="utf-8",
    )
    (d / "lookalikes.csv").write_text(
        "account_id,lookalike,resembles\nA6,school_fees,recruitment_fees\n", encoding="utf-8"
    )
    (d / "rejects_truth.csv").write_text(
        "row,tx_id,kind,field\n3,T3,amount_nan,amount\n7,T7,currency_lowercase,currency\n", encoding="utf-8"
    )
    (d / "transactions.csv").write_text(
        "tx_id,timestamp,from_account,to_account,amount,currency,channel\n"
        + "".join(f"T{i},2026-01-0{i}T10:00:00+07:00,A2,A1,500.00,USD,mobile\n" for i in range(1, 8)),
        encoding="utf-8",
    )
    alerts = tmp_path / "alerts.csv"
    alerts.write_text(
        "alert_id,account_id,typology,role,score,evidence\n"
        "1,A1,recruitment_fees,broker,0.9,T1;T2\n"  # right
        "1,A2,recruitment_fees,victim,0.9,T1\n"  # right, a victim found as a victim
        "2,A6,recruitment_fees,broker,0.6,T9\n"  # a school: false positive
        "3,A5,mule_chain,mule,0.7,T4;T3\n"  # a scam victim named as a mule
        "4,A7,cycle,member,0.2,T5\n",  # false positive, low score
        encoding="utf-8",
    )
    rejected = tmp_path / "rejected.csv"
    rejected.write_text("row,tx_id,reason\n3,T3,amount is not a number\n5,T5,odd\n", encoding="utf-8")
    r = score.score(d, alerts, rejected)
    rf = r["per_typology"]["recruitment_fees"]
    assert (rf["tp"], rf["fp"], rf["fn"]) == (2, 1, 1) and rf["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["per_role"]["recruitment_fees/broker"]["precision"] == 0.5
    assert r["per_role"]["recruitment_fees/victim"]["recall"] == 0.5
    mc = r["per_typology"]["mule_chain"]
    assert (mc["tp"], mc["fp"], mc["fn"]) == (1, 0, 1)
    assert r["per_role"]["mule_chain/mule"]["other_role_same_typology"] == 1
    assert r["per_typology"]["cycle"]["fp"] == 1
    anyt = r["any_typology"]
    assert (anyt["tp"], anyt["fp"], anyt["fn"]) == (3, 2, 2)
    v = r["victims"]
    assert v["victims"] == 3 and v["found_under_their_typology"] == pytest.approx(2 / 3, abs=1e-4)
    assert v["found_as_victims"] == pytest.approx(1 / 3, abs=1e-4) and v["named_as_suspects"] == 1
    assert r["false_positives_by_lookalike"] == {"school_fees": 1, "ordinary": 1}
    assert r["goal"]["every_typology_precision_and_recall_at_least_0.8"] is False
    assert r["rejects"]["tp"] == 1 and r["rejects"]["missed_by_kind"] == {"currency_lowercase": 1}
    assert r["grouping"] == {
        "alerts_on_schemes": 2,
        "alerts_mixing_schemes": 0,
        "schemes_touched": 2,
        "schemes_in_one_alert": 1.0,
    }
    assert r["evidence"] == {
        "alerts_with_evidence": 1.0,
        "evidence_ids": 7,
        "evidence_ids_unknown": 1,
        "evidence_ids_on_malformed_rows": 1,
    }
    high = score.score(d, alerts, None, min_score=0.5)
    assert high["per_typology"]["cycle"]["fp"] == 0


def test_the_anchor_rules_run_and_find_no_victims(data, tmp_path: Path) -> None:
    """The issue's first-line rules: they flag organisers' accounts only, so no victim is ever found."""
    out, _ = data
    anchor, score = _load("anchor"), _load("score")
    alerts = anchor.detect(anchor.load(out))
    path = tmp_path / "alerts.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["alert_id", "account_id", "typology", "role", "score", "evidence"])
        w.writeheader()
        w.writerows(alerts)
    r = score.score(out, path)
    assert r["victims"]["found_under_their_typology"] == 0.0
    assert r["per_typology"]["cycle"]["recall"] > 0.5  # the round-trips are there to be found
    assert json.dumps(r)  # serialisable for --json


def test_holders_phones_are_valid_numbers_of_their_country() -> None:
    """Phones feed linkage: every generated number is valid in libphonenumber's metadata."""
    import random

    import phonenumbers
    from indepfin.world import PHONE, phone

    for country in PHONE:
        rng = random.Random(country)
        for _ in range(200):
            p = phone(country, rng)
            assert phonenumbers.is_valid_number(phonenumbers.parse(p, country)), (country, p)


def test_bank_headers_rename_only_the_header(tmp_path: Path) -> None:
    """`--headers bank` writes a bank's own column names (for --column mapping) over the same rows."""
    std = generate(tmp_path / "std", 600, 4)
    bank = generate(tmp_path / "bank", 600, 4, headers="bank")
    mapping = json.loads((tmp_path / "bank" / "columns.json").read_text(encoding="utf-8"))
    for name in ("accounts.csv", "transactions.csv"):
        a = (tmp_path / "std" / name).read_text(encoding="utf-8").split("\n", 1)
        b = (tmp_path / "bank" / name).read_text(encoding="utf-8").split("\n", 1)
        assert a[1] == b[1]
        assert [mapping[name][c] for c in a[0].split(",")] == b[0].split(",")
    assert std["sha256"]["truth.csv"] == bank["sha256"]["truth.csv"] and bank["headers"] == "bank"
