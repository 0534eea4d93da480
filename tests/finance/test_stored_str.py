"""goAML STRs built from the store (SQLite and PostgreSQL): the reporting bank's own customers as
`t_from_my_client` / `t_to_my_client` with their stored KYC (persons as signatories, companies as
entities), everyone else `t_from` / `t_to`; sealed holders opened under audit and never logged; an own
customer lacking what goAML requires refused with the account and the field named."""

from __future__ import annotations

import csv
import logging
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.errors import Invalid
from tipnet.finance.goaml import DEFAULT_SCHEMA, GoamlConfig, validation_errors
from tipnet.finance.stored_str import alert_str, case_str
from tipnet.security.sealing import is_sealed, seal_person
from tipnet.security.users import Principal
from tipnet.settings import get_settings
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import Case
from tipnet.store.tables.finance import (
    Account,
    Company,
    FinanceAlert,
    FinanceAlertAccount,
    FinanceAlertEvidence,
)
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sources import Organisation

HEADER = ("account_id", "holder_name", "holder_type", "country", "opened", "birth_date", "id_number", "phone")
OWN = [  # the reporting bank's customers
    ("ACC1", "SOK DARA", "person", "KH", "2020-01-05", "1990-04-12", "N0123456", "+855 12 345 678"),
    (
        "ACC3",
        "ANGKOR TRADING CO",
        "company",
        "KH",
        "2015-06-30",
        "2014-02-11",
        "REG-2014-0042",
        "023 456 789",
    ),
    ("ACC4", "NOK LAI", "person", "TH", "2024-11-30", "1998-07-01", "TH3100900", "+66 81 234 5678"),
    ("ACC5", "KEO SREYMOM", "person", "KH", "2025-01-10", "2003-09-09", "N7654321", "+855 97 111 2233"),
]
OTHER = [("ACC9", "LIM HENG", "person", "KH", "2019-05-05", "1980-01-01", "N5555555", "+855 12 999 888")]
TXS = [  # tx_id, time, from, to, amount, currency, channel
    ("T1", "2026-03-01T10:00:00", "ACC1", "ACC9", "500", "USD", "transfer"),
    ("T2", "2026-03-01T11:00:00", "ACC3", "ACC1", "900", "USD", "transfer"),
    ("T3", "2026-03-02T09:00:00", None, "ACC5", "9500", "USD", "cash_deposit"),
    ("T4", "2026-03-02T12:00:00", "ACC5", "ACC4", "1200", "USD", "international_wire"),
]
CFG = GoamlConfig(institution_code="BANK1", institution_name="Bank One")
ANALYST = Principal(1, "fiu_analyst", "fiu_analyst", 1)


def _ingest(folder: Path, bank: str, rows: list[tuple[str, ...]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    a, t = folder / "accounts.csv", folder / "transactions.csv"
    with a.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    with t.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(
            ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")
        )
    result = CliRunner().invoke(app, ["finance", "ingest", str(a), str(t), "--store", "--bank", bank])
    assert result.exit_code == 0, result.output


@pytest.fixture
def world(store_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Two banks' accounts ingested into the store, the victim's holder sealed, one alert escalated."""
    with session_scope(engine) as s:
        s.add_all(
            [
                Organisation(code="BANK1", org_Name="Bank One", org_Type="bank"),
                Organisation(code="BANK2", org_Name="Bank Two", org_Type="bank"),
            ]
        )
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    _ingest(tmp_path / "bank1", "BANK1", OWN)
    _ingest(tmp_path / "bank2", "BANK2", OTHER)
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        bank1 = s.scalar(select(Organisation.id).where(Organisation.code == "BANK1"))
        assert bank1 is not None
        victim = s.scalar(
            select(Person)
            .join(Account, Account.holder_person_id == Person.id)
            .where(Account.account_number == "ACC5")
        )
        assert victim is not None
        seal_person(s, victim)  # the victim's identifying fields sealed, as a case would keep them
        ids["victim"] = victim.id
        case = Case(org_id=bank1, case_ref="C-STR-1")
        s.add(case)
        s.flush()
        ids["case"] = case.id
        alert = FinanceAlert(
            alert_key="RF-000001",
            typology="mule_chain",
            score=0.9,
            explanation="Money entered and left within hours.",
            status="escalated",
            case_id=case.id,
        )
        names = {r[0]: r for r in OWN + OTHER}
        for acc, role in (("ACC1", "mule"), ("ACC3", "mule"), ("ACC5", "scam_victim"), ("ACC9", "mule")):
            _, name, kind, country, *_ = names[acc]
            alert.accounts.append(
                FinanceAlertAccount(
                    account_id=acc, holder_name=name, holder_type=kind, country=country, role=role
                )
            )
        for tx_id, ts, src, dst, amount, currency, channel in TXS:
            alert.evidence.append(
                FinanceAlertEvidence(
                    tx_id=tx_id,
                    booked_at=datetime.fromisoformat(ts),
                    from_account=src,
                    to_account=dst,
                    amount=Decimal(amount),
                    currency=currency,
                    usd=Decimal(amount),
                    channel=channel,
                )
            )
        s.add(alert)
        s.flush()
        ids["alert"] = alert.id
    return ids


def _transactions(document: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(document)
    return {tx.findtext("transactionnumber") or "": tx for tx in root.iter("transaction")}


def test_own_customers_are_my_client_parties_with_their_kyc(
    world: dict[str, int], engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with session_scope(engine) as s:
        assert is_sealed(s, world["victim"])
        document = case_str(s, ANALYST, world["case"], CFG, why="STR to the FIU")
    assert validation_errors(document, str(DEFAULT_SCHEMA)) == []
    txs = _transactions(document)
    # T1: our person customer to another bank's customer
    t1 = txs["T1"]
    signatory = t1.find("t_from_my_client/from_account/signatory/t_person")
    assert signatory is not None
    assert (signatory.findtext("first_name"), signatory.findtext("last_name")) == ("SOK", "DARA")
    assert signatory.findtext("birthdate") == "1990-04-12T00:00:00"
    assert signatory.findtext("ssn") == "N0123456"
    assert signatory.findtext("phones/phone/tph_number") == "12345678"
    assert t1.findtext("t_from_my_client/from_account/opened") == "2020-01-05T00:00:00"
    assert t1.find("t_to_my_client") is None and t1.findtext("t_to/to_account/account") == "ACC9"
    # T2: our company customer as an entity with its registration, to our person customer
    t2 = txs["T2"]
    entity = t2.find("t_from_my_client/from_entity")
    assert entity is not None
    assert entity.findtext("name") == "ANGKOR TRADING CO"
    assert entity.findtext("incorporation_number") == "REG-2014-0042"
    assert entity.findtext("incorporation_date") == "2014-02-11T00:00:00"
    assert entity.findtext("incorporation_country_code") == "KH"
    assert entity.findtext("phones/phone/tph_number") == "23456789"
    assert "ACC3" in (entity.findtext("comments") or "")
    assert t2.findtext("t_to_my_client/to_account/account") == "ACC1"
    # T3: cash into the (sealed) victim's account: the name opened for the report
    t3 = txs["T3"]
    assert t3.find("t_from/from_person") is not None  # the unidentified cash depositor
    victim = t3.find("t_to_my_client/to_account/signatory/t_person")
    assert victim is not None and victim.findtext("last_name") == "SREYMOM"
    assert victim.findtext("ssn") == "N7654321"
    # T4: our foreign-resident customer is still our customer
    t4 = txs["T4"]
    assert t4.findtext("t_to_my_client/to_account/signatory/t_person/nationality1") == "TH"
    assert t4.findtext("t_to_my_client/to_country") == "TH"
    # sealed fields opened under audit, with the export; never logged
    with session_scope(engine) as s:
        events = [(e.action, e.object_type, e.object_id, e.reason) for e in s.scalars(select(AuditEvent))]
    assert ("view", "person", str(world["victim"]), "STR to the FIU") in events
    assert ("export", "case", str(world["case"]), "STR to the FIU") in events
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("SREYMOM", "N7654321", "9711"):
        assert secret not in logged


def test_one_stored_alerts_str_and_the_setting_turning_it_off(world: dict[str, int], engine: Engine) -> None:
    with session_scope(engine) as s:
        document = alert_str(s, ANALYST, world["alert"], CFG, why="one alert")
        plain = alert_str(s, ANALYST, world["alert"], GoamlConfig(institution_code="BANK1", my_client=False))
    assert validation_errors(document, str(DEFAULT_SCHEMA)) == []
    assert document.count(b"_my_client>") == 2 * 6  # T1 from, T2 both, T3 to, T4 both: open and close
    assert b"_my_client" not in plain and validation_errors(plain, str(DEFAULT_SCHEMA)) == []
    # another reporting bank: its customers, not ours
    with session_scope(engine) as s:
        theirs = alert_str(
            s, ANALYST, world["alert"], GoamlConfig(institution_code="X", reporting_org="BANK2")
        )
    tx = _transactions(theirs)
    assert tx["T1"].findtext("t_to_my_client/to_account/account") == "ACC9"
    assert tx["T1"].find("t_from_my_client") is None
    with session_scope(engine) as s:
        exports = [e.object_type for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "export"))]
    assert exports.count("finance_alert") == 3


def test_a_missing_reporting_org_is_named(world: dict[str, int], engine: Engine) -> None:
    with session_scope(engine) as s, pytest.raises(Invalid, match="reporting_org: no organisation 'NOPE'"):
        case_str(s, ANALYST, world["case"], GoamlConfig(reporting_org="NOPE"))


def _refused(engine: Engine, world: dict[str, int]) -> str:
    with pytest.raises(Invalid) as caught, session_scope(engine) as s:
        case_str(s, ANALYST, world["case"], CFG, why="STR")
    with session_scope(engine) as s:  # nothing exported, nothing half-audited
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is None
    return str(caught.value)


def test_an_own_account_with_no_holder_is_refused_by_name(world: dict[str, int], engine: Engine) -> None:
    with session_scope(engine) as s:
        account = s.scalar(select(Account).where(Account.account_number == "ACC1"))
        assert account is not None
        account.holder_person_id = None
    message = _refused(engine, world)
    assert "account ACC1: holder: the account has no holder in the store" in message


def test_a_company_without_its_registration_number_is_refused_by_field(
    world: dict[str, int], engine: Engine
) -> None:
    with session_scope(engine) as s:
        company = s.scalar(select(Company).where(Company.name == "ANGKOR TRADING CO"))
        assert company is not None
        company.registration_number = None
    message = _refused(engine, world)
    assert "account ACC3 (holder company" in message and "registration_number: missing" in message
    assert "SREYMOM" not in message and "N7654321" not in message


def test_a_person_customer_without_a_full_birth_date_is_refused_by_field(
    world: dict[str, int], engine: Engine
) -> None:
    with session_scope(engine) as s:
        person = s.scalar(select(Person).where(Person.full_name == "NOK LAI"))
        assert person is not None
        person.prs_Birthdate = "1998"
    message = _refused(engine, world)
    assert "account ACC4 (holder person" in message and "birth_date: missing" in message


def test_the_command_writes_a_stored_alerts_str_and_names_what_is_missing(
    world: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    from tipnet.security.users import create_user

    with session_scope(engine) as s:
        bank1 = s.scalar(select(Organisation.id).where(Organisation.code == "BANK1"))
        assert bank1 is not None
        create_user(s, "fiu", "a long enough password 1", "fiu_analyst", bank1)
        (tmp_path / "fiu.json").write_text('{"institution_code": "BANK1"}', encoding="utf-8")
    out = tmp_path / "alert.xml"
    args = ["finance", "str", "--stored-alert", str(world["alert"]), "--as", "fiu", "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--goaml-settings", str(tmp_path / "fiu.json")])
    assert result.exit_code == 0, result.output
    assert validation_errors(out, str(DEFAULT_SCHEMA)) == [] and b"t_from_my_client" in out.read_bytes()
    with session_scope(engine) as s:
        company = s.scalar(select(Company).where(Company.name == "ANGKOR TRADING CO"))
        assert company is not None
        company.registration_number = None
    refused = CliRunner().invoke(
        app, [*args[:-1], str(tmp_path / "x.xml"), "--goaml-settings", str(tmp_path / "fiu.json")]
    )
    assert refused.exit_code == 2 and not (tmp_path / "x.xml").exists()
    assert (
        "account ACC3 (holder company" in refused.output and "registration_number: missing" in refused.output
    )


def test_own_customers_from_the_banks_kyc_file(world: dict[str, int], engine: Engine, tmp_path: Path) -> None:
    """Accounts `tipnet ingest bank` stored (nationality as alpha-3, no account country; a company whose
    document is its registration) are own customers with the same KYC."""
    from tipnet.ingest.pipeline import ingest_file
    from tipnet.sources import SOURCE_TYPES

    base = {
        "org": "BANK1",
        "birth_date": "1985-02-03",
        "nationality": "KHM",
        "phone": "012 444 555",
        "address": "Street 2, Phnom Penh",
        "opened_on": "2022-01-01",
    }
    rows = [
        {
            **base,
            "record_id": "K1",
            "account_number": "KYC1",
            "full_name": "MEAS SOPHEA",
            "id_document_number": "N1112223",
        },
        {
            **base,
            "record_id": "K2",
            "account_number": "KYC2",
            "full_name": "MEKONG LABOUR SERVICES CO",
            "holder_type": "company",
            "id_document_number": "CO-778899",
            "birth_date": "2018-05-20",
        },
    ]
    path = tmp_path / "bank.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, [*SOURCE_TYPES["bank"].columns, "holder_type"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    report = ingest_file(engine, "bank", path, rejects_path=tmp_path / "rejects.csv")
    assert report.rejected == 0, report.rejections
    with session_scope(engine) as s:
        alert = s.get(FinanceAlert, world["alert"])
        assert alert is not None
        alert.evidence.append(
            FinanceAlertEvidence(
                tx_id="T9",
                booked_at=datetime(2026, 3, 4, 8, 0),
                from_account="KYC1",
                to_account="KYC2",
                amount=Decimal("300"),
                currency="USD",
                usd=Decimal("300"),
                channel="transfer",
            )
        )
    with session_scope(engine) as s:
        document = alert_str(s, ANALYST, world["alert"], CFG)
    assert validation_errors(document, str(DEFAULT_SCHEMA)) == []
    t9 = _transactions(document)["T9"]
    person = t9.find("t_from_my_client/from_account/signatory/t_person")
    assert person is not None and person.findtext("ssn") == "N1112223"
    assert (person.findtext("nationality1"), person.findtext("residence")) == ("KH", "KH")
    entity = t9.find("t_to_my_client/to_entity")
    assert entity is not None and entity.findtext("incorporation_number") == "CO-778899"
    assert entity.findtext("incorporation_date") == "2018-05-20T00:00:00"


# --- hostile: an alert from another bank's book --------------------------------------------------------
# Account numbers are unique within one bank only: Bank Two also numbers an account ACC1 (another
# person). An alert detected in Bank Two's book must never report Bank One's customer ACC1 (SOK DARA,
# N0123456) as the holder when Bank One files the STR.

COLLIDING = [
    ("ACC1", "CHAN VUTHY", "person", "KH", "2021-03-03", "1977-07-07", "N9990001", "+855 12 000 111")
]


def _other_banks_alert(engine: Engine, tmp_path: Path, bank_code: str | None) -> int:
    _ingest(tmp_path / "bank2-colliding", "BANK2", COLLIDING)
    with session_scope(engine) as s:
        bank = s.scalar(select(Organisation.id).where(Organisation.code == bank_code)) if bank_code else None
        alert = FinanceAlert(
            alert_key=f"MC-{bank_code or 'NONE'}",
            typology="mule_chain",
            score=0.8,
            explanation="Money entered and left within hours.",
            bank_org_id=bank,
        )
        for acc, name, role in (("ACC1", "CHAN VUTHY", "mule"), ("ACC9", "LIM HENG", "mule")):
            alert.accounts.append(
                FinanceAlertAccount(
                    account_id=acc, holder_name=name, holder_type="person", country="KH", role=role
                )
            )
        alert.evidence.append(
            FinanceAlertEvidence(
                tx_id="B2-T1",
                booked_at=datetime(2026, 3, 5, 10, 0),
                from_account="ACC1",
                to_account="ACC9",
                amount=Decimal("4000"),
                currency="USD",
                usd=Decimal("4000"),
                channel="transfer",
            )
        )
        s.add(alert)
        s.flush()
        return alert.id


def test_an_alert_of_another_banks_book_never_gets_our_customers_identity(
    world: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    alert = _other_banks_alert(engine, tmp_path, "BANK2")
    with session_scope(engine) as s:
        document = alert_str(s, ANALYST, alert, CFG, why="STR")
    assert validation_errors(document, str(DEFAULT_SCHEMA)) == []
    t1 = _transactions(document)["B2-T1"]
    assert t1.find("t_from_my_client") is None and t1.find("t_to_my_client") is None
    assert t1.findtext("t_from/from_account/account") == "ACC1"
    for ours in (b"N0123456", b"SOK", b"1990-04-12", b"12345678"):  # Bank One's ACC1 customer
        assert ours not in document
    # Bank Two filing the same alert: its own customers, with its KYC
    with session_scope(engine) as s:
        theirs = alert_str(s, ANALYST, alert, GoamlConfig(institution_code="X", reporting_org="BANK2"))
    t1 = _transactions(theirs)["B2-T1"]
    assert t1.findtext("t_from_my_client/from_account/signatory/t_person/ssn") == "N9990001"
    # the same alert recorded as Bank One's book would be Bank One's customer (the control)
    with session_scope(engine) as s:
        row = s.get(FinanceAlert, alert)
        assert row is not None
        row.bank_org_id = s.scalar(select(Organisation.id).where(Organisation.code == "BANK1"))
    with session_scope(engine) as s:
        mine = alert_str(s, ANALYST, alert, CFG)
    assert _transactions(mine)["B2-T1"].findtext("t_from_my_client/from_account/signatory/t_person/ssn") == (
        "N0123456"
    )


def test_an_alert_of_an_unrecorded_book_naming_another_holder_is_refused(
    world: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    alert = _other_banks_alert(engine, tmp_path, None)
    with pytest.raises(Invalid) as caught, session_scope(engine) as s:
        alert_str(s, ANALYST, alert, CFG, why="STR")
    message = str(caught.value)
    assert "account ACC1: holder: the alert's holder is not the reporting bank's customer" in message
    assert "--bank" in message
    for name in ("CHAN", "VUTHY", "SOK", "DARA"):  # named by account, never by person
        assert name not in message
    with session_scope(engine) as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is None


def test_detect_store_records_the_bank_and_refuses_an_unknown_one(
    world: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    from tests.finance.test_queue_api import _book

    book = _book()
    (tmp_path / "a.csv").write_bytes(book["accounts"][1])
    (tmp_path / "t.csv").write_bytes(book["transactions"][1])
    args = [
        "finance",
        "detect",
        "--accounts",
        str(tmp_path / "a.csv"),
        "--transactions",
        str(tmp_path / "t.csv"),
    ]
    args += ["--out", str(tmp_path / "out"), "--store", "--bank"]
    refused = CliRunner().invoke(app, [*args, "NOBANK"])
    assert refused.exit_code == 2 and "no organisation 'NOBANK'" in refused.output
    with session_scope(engine) as s:
        assert s.scalar(select(FinanceAlert).where(FinanceAlert.alert_key != "RF-000001")) is None
    result = CliRunner().invoke(app, [*args, "BANK2"])
    assert result.exit_code == 0, result.output
    with session_scope(engine) as s:
        bank2 = s.scalar(select(Organisation.id).where(Organisation.code == "BANK2"))
        stored = s.scalars(select(FinanceAlert).where(FinanceAlert.alert_key != "RF-000001")).all()
    assert stored and {a.bank_org_id for a in stored} == {bank2}


def test_a_case_whose_alerts_come_from_two_books_sharing_numbers_is_refused_not_merged(
    world: dict[str, int], engine: Engine, tmp_path: Path
) -> None:
    alert = _other_banks_alert(engine, tmp_path, "BANK2")
    with session_scope(engine) as s:  # Bank Two's alert escalated into the case of Bank One's alert
        row = s.get(FinanceAlert, alert)
        assert row is not None
        row.status, row.case_id = "escalated", world["case"]
        row.evidence.append(  # and Bank Two's own transaction T1, not Bank One's T1
            FinanceAlertEvidence(
                tx_id="T1",
                booked_at=datetime(2026, 3, 6, 8, 0),
                from_account="ACC9",
                to_account="ACC1",
                amount=Decimal("700"),
                currency="USD",
                usd=Decimal("700"),
                channel="transfer",
            )
        )
    with pytest.raises(Invalid) as caught, session_scope(engine) as s:
        case_str(s, ANALYST, world["case"], CFG, why="STR")
    message = str(caught.value)
    assert "account ACC1: two holders" in message and "transaction T1: two transactions" in message
    assert "ACC9" not in message  # the same holder in both books: no clash
    assert "CHAN" not in message and "SOK" not in message
    with session_scope(engine) as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is None
    # one STR per alert still works for each book
    with session_scope(engine) as s:
        assert validation_errors(alert_str(s, ANALYST, alert, CFG), str(DEFAULT_SCHEMA)) == []
