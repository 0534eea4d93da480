"""The FIU alert queue over the API, on SQLite and PostgreSQL: uploads checked row by row (4xx with the
reasons, nothing stored), alerts opened with accounts, roles, evidence and network, decisions kept and
audited, and no role but fiu_analyst sees any of it."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import ORG_B, ROLES, VICTIM, World, make_world

from tipnet.store.engine import session_scope
from tipnet.store.tables.finance import FinanceAlert, FinanceAlertDecision
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sources import Organisation

T0 = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def world(engine: Engine) -> World:
    """Two organisations, one account per role, on SQLite and on PostgreSQL."""
    return make_world(engine)


def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def _book(bad: bool = False, prefix: str = "") -> dict[str, tuple[str, bytes, str]]:
    accounts = [
        ("VICTIM", "RETIREE ABROAD", "person", "US", "2001-01-01"),
        ("EXCH", "COINS", "company", "SG", "2020-01-01"),
    ]
    accounts += [(f"M{i}", f"MULE {i}", "person", "KH", "2026-02-10") for i in range(3)]
    accounts += [("BROKER", "MR BROKER", "person", "KH", "2019-01-01")]
    txs: list[tuple[object, ...]] = [
        ("I1", T0.isoformat(), "VICTIM", "M0", "25000", "USD", "international_wire"),
        ("H1", (T0 + timedelta(hours=2)).isoformat(), "M0", "M1", "24500", "USD", "transfer"),
        ("H2", (T0 + timedelta(hours=5)).isoformat(), "M1", "M2", "24000", "USD", "mobile"),
        ("H3", (T0 + timedelta(hours=7)).isoformat(), "M2", "EXCH", "23600", "USD", "crypto_exchange"),
    ]
    for i in range(8):
        accounts.append((f"V{i}", f"SEEKER {i}", "person", "KH", "2026-02-25"))
        txs.append((f"D{i}", (T0 + timedelta(days=i)).isoformat(), "", f"V{i}", "520", "USD", "cash_deposit"))
        txs.append(
            (
                f"F{i}",
                (T0 + timedelta(days=i, hours=3)).isoformat(),
                f"V{i}",
                "BROKER",
                "500",
                "USD",
                "mobile",
            )
        )
    if bad:
        txs.append(("X1", "2026-02-30T10:00:00", "M0", "M1", "1,250.00", "usd", "transfer"))
    if prefix:  # another book: the same schemes among other accounts and transactions
        accounts = [(prefix + a[0], *a[1:]) for a in accounts]
        txs = [
            (
                prefix + str(t[0]),
                t[1],
                f"{prefix}{t[2]}" if t[2] else "",
                f"{prefix}{t[3]}" if t[3] else "",
                *t[4:],
            )
            for t in txs
        ]
    a_head = ("account_id", "holder_name", "holder_type", "country", "opened")
    t_head = ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")
    return {
        "accounts": ("accounts.csv", _csv(a_head, accounts), "text/csv"),
        "transactions": ("transactions.csv", _csv(t_head, txs), "text/csv"),
    }


def test_a_malformed_upload_is_refused_with_row_reasons_and_nothing_stored(world: World) -> None:
    c, h = world.client, world.h("fiu_analyst")
    resp = c.post("/api/finance/transactions", files=_book(bad=True), headers=h)
    assert resp.status_code == 422, resp.text
    body = resp.json()
    (reject,) = body["rejects"]
    assert reject["tx_id"] == "X1" and reject["row"] == 21
    for reason in ("timestamp: impossible date", "amount: not a number", "currency: lower case"):
        assert reason in reject["reason"]
    assert c.get("/api/finance/alerts", headers=h).json()["total"] == 0
    garbage = {"accounts": ("a.csv", b"", "text/csv"), "transactions": ("t.csv", b"\xff\xfe", "text/csv")}
    assert c.post("/api/finance/transactions", files=garbage, headers=h).status_code == 422
    # the bank whose book it is: an unknown one is refused and nothing stored; a known one kept on the alerts
    unknown = c.post("/api/finance/transactions", files=_book(), data={"bank": "NOBANK"}, headers=h)
    assert unknown.status_code == 422 and "NOBANK" in unknown.json()["detail"]
    assert c.get("/api/finance/alerts", headers=h).json()["total"] == 0
    kept = c.post("/api/finance/transactions", files=_book(), data={"bank": ORG_B}, headers=h)
    assert kept.status_code == 200 and kept.json()["stored"] == 2
    with session_scope(world.engine) as s:
        org_b = s.scalar(select(Organisation.id).where(Organisation.code == ORG_B))
        assert {a.bank_org_id for a in s.scalars(select(FinanceAlert))} == {org_b}


def test_the_next_books_alerts_are_new_alerts_never_dropped(world: World) -> None:
    c, h = world.client, world.h("fiu_analyst")
    assert c.post("/api/finance/transactions", files=_book(), headers=h).json()["stored"] == 2
    # the next book's run numbers its alerts from 000001 again: they are new alerts, never dropped
    other = c.post("/api/finance/transactions", files=_book(prefix="B2-"), headers=h).json()
    assert other["stored"] == 2 and other["already_stored"] == 0
    keys = sorted(a["alert_key"] for a in c.get("/api/finance/alerts", headers=h).json()["items"])
    assert len(keys) == len(set(keys)) == 4
    assert sum(1 for k in keys if re.fullmatch(r"[A-Z]{2}-\d{6}-[0-9a-f]{8}", k)) == 2
    with session_scope(world.engine) as s:
        b2 = s.scalars(select(FinanceAlert).where(FinanceAlert.alert_key.like("%-%-%"))).all()
        assert {x.account_id[:3] for a in b2 for x in a.accounts} == {"B2-"}
    assert c.post("/api/finance/transactions", files=_book(prefix="B2-"), headers=h).json()["stored"] == 0


def test_queue_open_decide_escalate_with_audit(world: World) -> None:
    c, h = world.client, world.h("fiu_analyst")
    resp = c.post("/api/finance/transactions", files=_book(), headers=h)
    assert resp.status_code == 200, resp.text
    assert resp.json()["stored"] == 2
    again = c.post("/api/finance/transactions", files=_book(), headers=h).json()
    assert again["stored"] == 0 and again["already_stored"] == 2  # nothing added twice
    queue = c.get("/api/finance/alerts", headers=h).json()
    assert queue["total"] == 2
    mule = next(a for a in queue["items"] if a["typology"] == "mule_chain")
    detail = c.get(f"/api/finance/alerts/{mule['id']}", headers={**h, "X-Purpose": "STR review"}).json()
    roles = {a["account_id"]: (a["role"], a["victim"]) for a in detail["accounts"]}
    assert roles["VICTIM"] == ("scam_victim", True) and roles["M0"] == ("mule", False)
    assert {e["tx_id"] for e in detail["evidence"]} == {"I1", "H1", "H2", "H3"}
    edges = {(e["from"], e["to"]) for e in detail["network"]["edges"]}
    assert ("VICTIM", "M0") in edges and ("M2", "EXCH") in edges
    assert "Sources:" in detail["explanation"]

    url = f"/api/finance/alerts/{mule['id']}/decision"
    assert c.post(url, json={"action": "assign"}, headers=h).json()["status"] == "assigned"
    assert c.post(url, json={"action": "close_false_positive"}, headers=h).status_code == 422  # no why
    assert c.post(url, json={"action": "escalate"}, headers=h).status_code == 422  # no case
    assert c.post(url, json={"action": "escalate", "case_id": 999999}, headers=h).status_code == 404
    case = c.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")).json()["id"]
    done = c.post(
        url, json={"action": "escalate", "case_id": case, "comment": "mule chain, STR filed"}, headers=h
    )
    assert done.json() == {
        "id": mule["id"],
        "status": "escalated",
        "assignee": "fiu_analyst",
        "case_id": case,
        "action": "escalate",
    }
    assert (
        c.post(url, json={"action": "assign"}, headers=h).status_code == 422
    )  # escalated: comment or reopen
    assert c.post(url, json={"action": "comment", "comment": "bank informed"}, headers=h).status_code == 200
    assert c.post(url, json={"action": "bogus"}, headers=h).status_code == 422
    assert c.get("/api/finance/alerts/999999", headers=h).status_code == 404

    with session_scope(world.engine) as s:
        decisions = [
            d.action for d in s.scalars(select(FinanceAlertDecision).order_by(FinanceAlertDecision.id))
        ]
        assert decisions == ["assign", "escalate", "comment"]
        assert s.get(FinanceAlert, mule["id"]).case_id == case  # type: ignore[union-attr]
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.object_type == "finance_alert")))
        kinds = [(e.actor, e.action) for e in events]
        assert ("fiu_analyst", "view") in kinds and ("fiu_analyst", "search") in kinds
        assert kinds.count(("fiu_analyst", "update")) == 3
        view = next(e for e in events if e.action == "view")
        assert view.reason == "STR review"


def test_no_other_role_sees_or_changes_the_queue(world: World) -> None:
    c = world.client
    assert (
        c.post("/api/finance/transactions", files=_book(), headers=world.h("fiu_analyst")).status_code == 200
    )
    alert_id = c.get("/api/finance/alerts", headers=world.h("fiu_analyst")).json()["items"][0]["id"]
    for role in ROLES:
        if role == "fiu_analyst":
            continue
        h = world.h(role)
        assert c.get("/api/finance/alerts", headers=h).status_code == 403, role
        assert c.get(f"/api/finance/alerts/{alert_id}", headers=h).status_code == 403, role
        assert (
            c.post(
                f"/api/finance/alerts/{alert_id}/decision", json={"action": "assign"}, headers=h
            ).status_code
            == 403
        )
        assert c.post("/api/finance/transactions", files=_book(), headers=h).status_code == 403, role
    assert c.get("/api/finance/alerts").status_code == 401


def test_detect_store_queues_the_alerts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    from typer.testing import CliRunner

    from tipnet.cli import app
    from tipnet.settings import get_settings
    from tipnet.store.engine import make_engine

    book = _book()
    (tmp_path / "a.csv").write_bytes(book["accounts"][1])
    (tmp_path / "t.csv").write_bytes(book["transactions"][1])
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    args = [
        "finance",
        "detect",
        "--accounts",
        str(tmp_path / "a.csv"),
        "--transactions",
        str(tmp_path / "t.csv"),
        "--out",
        str(tmp_path / "out"),
        "--store",
    ]
    for expected in ("2 new alerts", "0 new alerts (2 already there)"):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert expected in result.output
    eng = make_engine(store_url)
    with session_scope(eng) as s:
        assert {a.typology for a in s.scalars(select(FinanceAlert))} == {"mule_chain", "recruitment_fees"}
        assert s.scalar(select(AuditEvent).where(AuditEvent.actor == "system:finance")) is not None
    eng.dispose()
    get_settings.cache_clear()


def test_a_cases_str_from_its_escalated_alerts(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    from typer.testing import CliRunner

    from tipnet.cli import app
    from tipnet.finance.goaml import DEFAULT_SCHEMA, validation_errors
    from tipnet.settings import get_settings

    c, h = world.client, world.h("fiu_analyst")
    assert c.post("/api/finance/transactions", files=_book(), headers=h).status_code == 200
    case = c.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")).json()["id"]
    assert c.get(f"/api/cases/{case}/str.xml", headers=h).status_code == 422  # nothing escalated yet
    for item in c.get("/api/finance/alerts", headers=h).json()["items"]:
        url = f"/api/finance/alerts/{item['id']}/decision"
        assert c.post(url, json={"action": "escalate", "case_id": case}, headers=h).status_code == 200
    resp = c.get(f"/api/cases/{case}/str.xml", headers={**h, "X-Purpose": "STR to the FIU"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/xml")
    assert validation_errors(resp.content, str(DEFAULT_SCHEMA)) == []
    text = resp.text
    assert text.count("<transaction>") == 4 + 8  # the mule chain's hops and the eight fees
    assert "mule_chain" in text and "recruitment_fees" in text
    for role in ("case_worker", "admin", "analyst"):
        assert c.get(f"/api/cases/{case}/str.xml", headers=world.h(role)).status_code == 403
    with session_scope(world.engine) as s:
        exports = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "export")))
        assert [(e.actor, e.object_type, e.object_id, e.reason) for e in exports] == [
            ("fiu_analyst", "case", str(case), "STR to the FIU")
        ]
    # one stored alert's STR, whatever its status; as closed to other roles
    first = c.get("/api/finance/alerts", headers=h).json()["items"][0]["id"]
    one = c.get(f"/api/finance/alerts/{first}/str.xml", headers={**h, "X-Purpose": "one alert"})
    assert one.status_code == 200 and validation_errors(one.content, str(DEFAULT_SCHEMA)) == []
    assert c.get(f"/api/finance/alerts/{first}/str.xml", headers=world.h("admin")).status_code == 403
    assert c.get("/api/finance/alerts/999999/str.xml", headers=h).status_code == 404
    with session_scope(world.engine) as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.object_type == "finance_alert")
        ).one()
        assert (event.object_id, event.reason) == (str(first), "one alert")

    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    out = tmp_path / "case.xml"
    result = CliRunner().invoke(app, ["finance", "str", str(case), "--as", "fiu_analyst", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert validation_errors(out, str(DEFAULT_SCHEMA)) == []
    refused = CliRunner().invoke(
        app, ["finance", "str", str(case), "--as", "case_worker", "--out", str(tmp_path / "x.xml")]
    )
    assert refused.exit_code == 2 and not (tmp_path / "x.xml").exists()
    get_settings.cache_clear()


def test_what_tipnet_knows_about_the_holders_raises_the_score(world: World) -> None:
    """A mule's account whose holder linkage ties to a suspect in a case: the alert says so (role and
    case id, no name) and its score rises; the scam victim's holder is a known victim."""
    from tests.api.test_resolved_identities import IDENT, linked_world

    from tipnet.store.tables.finance import Account
    from tipnet.store.tables.linkage import IdentityMember
    from tipnet.store.tables.people import Person
    from tipnet.store.tables.sources import Organisation

    ids = linked_world(world)
    with session_scope(world.engine) as s:
        org = s.scalar(select(Organisation.id).where(Organisation.code == "NGO-A"))
        for account, identity in (("M0", "P-aaaaaaaaaa"), ("VICTIM", IDENT)):
            kyc = Person(full_name=f"KYC {account}")
            s.add(kyc)
            s.flush()
            s.add(Account(org_id=org, account_number=account, holder_person_id=kyc.id))
            s.add(
                IdentityMember(uid=f"person:{kyc.id}", person_id=kyc.id, identity_id=identity, dataset="bank")
            )
    c, h = world.client, world.h("fiu_analyst")
    stored = c.post("/api/finance/transactions", files=_book(), headers=h).json()
    assert stored["raised_by_knowledge"] == 1
    mule = next(
        a for a in c.get("/api/finance/alerts", headers=h).json()["items"] if a["typology"] == "mule_chain"
    )
    assert mule["score"] == 1.0
    detail = c.get(f"/api/finance/alerts/{mule['id']}", headers=h).json()
    known = {a["account_id"]: a["known"] for a in detail["accounts"]}
    case_of_suspect = {(f["role"], f["case_id"]) for f in known["M0"] if f["kind"] == "case"}
    assert case_of_suspect and all(role == "Suspect" for role, _ in case_of_suspect)
    assert any(f["kind"] == "case" and f["role"] == "Victim" for f in known["VICTIM"])
    assert known["M1"] == []
    assert "KYC" not in str(known) and ids["suspect"]
