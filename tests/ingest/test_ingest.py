"""Ingestion keeps good rows, rejects bad ones with reasons, and re-imports as a no-op.

The fixtures are small synthetic agency files written the way real exports go wrong: bad dates,
unknown codes, broken encoding, missing columns, duplicate ids, a truncated last line.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.ingest.errors import FileError
from tipnet.ingest.pipeline import IngestReport, ingest_file
from tipnet.security.sealing import open_person, search
from tipnet.sources import NGO, ORGANISATIONS, POLICE
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.people import Person, Phone
from tipnet.store.tables.sources import SourceRecord

ORGS = [
    [
        "KH-NCCT",
        "KH-NCCT",
        "National Committee for Counter Trafficking",
        "CentralGovernmentOrganisation",
        "KHM",
        "Phnom Penh",
        "",
    ],
    [
        "KH-AHTJP",
        "KH-NCCT",
        "Anti-Human Trafficking and Juvenile Protection Police",
        "LawEnforcement",
        "KHM",
        "Phnom Penh",
        "+855 23 720 555",
    ],
    ["NGO-SHELTER", "KH-NCCT", "Safe Shelter Cambodia", "NGO", "KHM", "Siem Reap", ""],
    ["NGO-OUT", "KH-NCCT", "Reintegration Partner", "NGO", "KHM", "Battambang", ""],
]

POLICE_GOOD = [
    ["P-1", "KH-AHTJP", "AHT-2026-17", "Victim", "Chan Sreymom", "ចាន់ ស្រីមុំ", "2001-03", "Feminine", "KH",
     "N0123456", "012 345 678", "Sihanoukville", "2026-02-03", "ForcedLabour", "MMR", "", "", "", ""],
    ["P-2", "KH-AHTJP", "AHT-2026-17", "Suspect", "Li Wei", "李伟", "1985", "Masculine", "CHN",
     "E12345678", "+86 138 0013 8000", "", "2026-02-03", "", "", "RecruiterOrIntermediary;Exploiter",
     "Trial", "Convicted", "84"],
    ["P-3", "KH-AHTJP", "AHT-2026-18", "Victim", "Nguyen Van An", "", "12/05/1999", "Masculine", "VNM",
     "", "", "", "2026-03-01", "ForcedLabour", "KHM", "", "", "", ""],
]  # fmt: skip


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


@pytest.fixture
def orgs_file(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "organisations.csv", ORGANISATIONS.columns, ORGS)


def _ingest(engine: Engine, source: str, path: Path, tmp_path: Path) -> IngestReport:
    return ingest_file(engine, source, path, rejects_path=tmp_path / f"{path.stem}.rejects.csv")


def _count(engine: Engine, table: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _malformed_police_file(tmp_path: Path) -> Path:
    path = _write_csv(tmp_path / "police.csv", POLICE.columns, POLICE_GOOD)
    bad = [
        ["P-4", "KH-AHTJP", "AHT-2026-19", "Victim", "Sok Dara", "", "1990-13-45", "Masculine", "KHM"] + [""] * 10,
        ["P-5", "KH-AHTJP", "AHT-2026-19", "Victim", "Keo Bopha", "", "1996", "Female", "KHM"] + [""] * 10,
        ["P-6", "KH-AHTJP", "AHT-2026-19", "Victim", "", "", "", "", ""] + [""] * 10,
        ["P-1", "KH-AHTJP", "AHT-2026-19", "Witness", "Duplicate Person", "", "", "", ""] + [""] * 10,
        ["P-7", "KH-AHTJP", "AHT-2026-19", "Victim", "Pich Vanna", "", "", "", "KHM", "", "not-a-phone"] + [""] * 8,
        ["P-8", "KH-UNKNOWN", "AHT-2026-19", "Victim", "Heng Rithy", "", "", "", "KHM"] + [""] * 10,
        ["P-9", "KH-AHTJP", "AHT-2026-19", "Witness", "Meas Sokha", "", "", "", "KHM"] + [""] * 5 + ["", "", "Trial", "", ""],
    ]  # fmt: skip
    with open(path, "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(bad)
    with open(path, "ab") as fh:
        fh.write(b"P-10,KH-AHTJP,AHT-2026-19,Victim,Ly \xff\xfe Bad,,,,KHM" + b"," * 10 + b"\r\n")
        fh.write(b"P-11,KH-AHTJP,AHT-2026-20,Victim,Chea Thida")  # truncated last line, no newline
    return path


def test_malformed_rows_are_rejected_with_reasons_and_good_rows_kept(
    engine: Engine, orgs_file: Path, tmp_path: Path
) -> None:
    assert _ingest(engine, "organisations", orgs_file, tmp_path).new == 4
    path = _malformed_police_file(tmp_path)
    report = _ingest(engine, "police", path, tmp_path)
    assert (report.total, report.new, report.rejected) == (12, 3, 9)
    with open(report.rejects_path, newline="", encoding="utf-8") as fh:
        rejects = {r["record_id"] or f"row{r['row']}": r for r in csv.DictReader(fh)}
    assert rejects["P-4"]["field"] == "birth_date" and "not a date" in rejects["P-4"]["reason"]
    assert rejects["P-5"]["field"] == "gender" and "prs_Gender" in rejects["P-5"]["reason"]
    assert rejects["P-6"]["field"] == "full_name" and "missing" in rejects["P-6"]["reason"]
    assert rejects["P-1"]["field"] == "record_id" and "duplicate of row 1" in rejects["P-1"]["reason"]
    assert rejects["P-7"]["field"] == "phone"
    assert rejects["P-8"]["field"] == "org" and "unknown organisation" in rejects["P-8"]["reason"]
    assert rejects["P-9"]["field"] == "role" and "suspects only" in rejects["P-9"]["reason"]
    assert rejects["P-10"]["field"] == "full_name" and "UTF-8" in rejects["P-10"]["reason"]
    assert rejects["P-11"]["row"] == "12" and "truncated" in rejects["P-11"]["reason"]
    assert rejects["P-4"]["row"] == "4" and rejects["P-4"]["line"] == "5"
    # Nothing of the bad rows was half-written.
    assert _count(engine, Person) == 3
    assert _count(engine, CasePerson) == 3
    assert _count(engine, Case) == 2
    # Rejects never repeat the personal data they refused.
    text = report.rejects_path.read_text(encoding="utf-8")
    for secret in ("Sok Dara", "Keo Bopha", "1990-13-45", "not-a-phone", "Heng Rithy"):
        assert secret not in text


def test_reimport_is_a_no_op_and_changed_rows_update_in_place(
    engine: Engine, orgs_file: Path, tmp_path: Path
) -> None:
    _ingest(engine, "organisations", orgs_file, tmp_path)
    path = _malformed_police_file(tmp_path)
    _ingest(engine, "police", path, tmp_path)
    before = {table: _count(engine, table) for table in (Person, CasePerson, Case, SourceRecord, Phone)}
    again = _ingest(engine, "police", path, tmp_path)
    assert (again.new, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 9)
    assert {table: _count(engine, table) for table in before} == before
    assert _ingest(engine, "organisations", orgs_file, tmp_path).unchanged == 4

    changed = POLICE_GOOD[0].copy()
    changed[10] = "097 111 2222"
    _write_csv(path, POLICE.columns, [changed, *POLICE_GOOD[1:]])
    update = _ingest(engine, "police", path, tmp_path)
    assert (update.new, update.updated, update.unchanged) == (0, 1, 2), update.rejections
    assert {table: _count(engine, table) for table in before} == before
    with Session(engine) as session:
        person = session.scalars(select(Person).join(CasePerson).where(CasePerson.role == "Victim")).first()
        phones = [open_person(session, p).get("phones") for p in session.scalars(select(Person))]
        assert ["+855971112222"] in phones and person is not None


def test_police_case_content(engine: Engine, orgs_file: Path, tmp_path: Path) -> None:
    _ingest(engine, "organisations", orgs_file, tmp_path)
    _ingest(engine, "police", _write_csv(tmp_path / "p.csv", POLICE.columns, POLICE_GOOD), tmp_path)
    with Session(engine) as session:
        suspect = session.scalars(select(CasePerson).where(CasePerson.role == "Suspect")).one()
        assert suspect.per_RoleInProcess == ["RecruiterOrIntermediary", "Exploiter"]
        assert [(p.stage, p.verdict, p.sentence_months) for p in suspect.proceedings] == [
            ("Trial", "Convicted", 84)
        ]
        assert suspect.person.full_name == "Li Wei"  # suspects stay in clear
        victims = session.scalars(select(CasePerson).where(CasePerson.role == "Victim")).all()
        opened = {
            link.person.prs_Citizenship[0]: (link.person, open_person(session, link.person))
            for link in victims
        }
        # Victims are sealed: nothing identifying in clear columns, all of it in the sealed record.
        for person, _ in opened.values():
            assert person.full_name is None and person.name_native is None and person.prs_Birthdate is None
            assert not person.phones and not person.names and not person.documents
        _, an_fields = opened["VNM"]
        assert an_fields["full_name"] == "Nguyen Van An" and an_fields["prs_Birthdate"] == "1999-05-12"
        mom, mom_fields = opened["KHM"]
        assert mom_fields["name_native"] == "ចាន់ ស្រីមុំ" and mom_fields["prs_Birthdate"] == "2001-03"
        assert mom.birth_year == 2001  # statistics keep the year in clear
        assert mom_fields["phones"] == ["+85512345678"]
        assert mom_fields["documents"][0]["document_number"] == "N0123456"
        # ... and findable through the blind index, in Khmer script or a romanization.
        assert mom.id in search(session, "ចាន់ ស្រីមុំ")
        assert mom.id in search(session, "Sreymom Chan")


def test_ngo_htcds_file_as_json_lines(engine: Engine, orgs_file: Path, tmp_path: Path) -> None:
    _ingest(engine, "organisations", orgs_file, tmp_path)
    good = {
        "record_id": "N-1", "org": "NGO-SHELTER", "cas_CaseID": "SS-0042", "cas_Status": "Active",
        "prs_FirstName": "Sreymom", "prs_SecondName": "Chan", "prs_NameNative": "ចាន់ ស្រីមុំ",
        "prs_Birthdate": "2001", "prs_Gender": "Feminine", "prs_Citizenship": ["KHM"],
        "prs_PrimaryLanguage": "khm", "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_MethodOfRecruitment": "ThroughAnOnlineAdvertisement", "vic_RecruitmentWebsitesAndApps": "Telegram",
        "vic_MethodsOfControl": "DebtBondage;WithholdsDocuments;PhysicalAbuse",
        "vic_TypeOfExploitation": "ForcedLabour", "vic_ForcedLabourIndustry": "J_InformationAndCommunication",
        "vic_LocationOfExploitation": "MM", "hte_RecruitmentCountry": "KHM", "hte_RecruitmentDate": "2025-10",
        "hte_ExploitationCountry": "MMR", "cas_ReferringOrganisation": "KH-AHTJP",
        "cas_IncomingReferralDate": "2026-02-05", "cas_ReferredOrganisation": "NGO-OUT",
        "cas_OutgoingReferralDate": "2026-04-01", "spl_Type": "Health;Legal", "con_Consent": True,
    }  # fmt: skip
    bad_code = dict(good, record_id="N-2", vic_MethodsOfControl="DebtBondage;Hypnosis")
    bad_sex = dict(good, record_id="N-3", vic_TypeOfSexExploitation="Prostitution")
    lines = [json.dumps(good, ensure_ascii=False), json.dumps(bad_code), "{not json", json.dumps(bad_sex)]
    path = tmp_path / "ngo.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _ingest(engine, "ngo", path, tmp_path)
    assert (report.new, report.rejected) == (1, 3)
    reasons = [r.reason for r in report.rejections]
    # The field and its code list are named; the cell's value never is (it may be a shifted name).
    assert any("vic_MethodsOfControl" in r and "code list" in r for r in reasons)
    assert not any("Hypnosis" in r for r in reasons)
    assert any("invalid JSON" in r for r in reasons)
    with Session(engine) as session:
        link = session.scalars(select(CasePerson)).one()
        assert link.vic_MethodsOfControl == ["DebtBondage", "WithholdsDocuments", "PhysicalAbuse"]
        assert link.vic_LocationOfExploitation == "MMR"
        assert link.person.prs_PrimaryLanguage == "km"
        assert sorted(e.hte_Type for e in link.events) == ["Exploitation", "Recruitment"]
        assert sorted(s.spl_Type for s in link.support_plans) == ["Health", "Legal"]
        assert [r.direction for r in sorted(link.case.referrals, key=lambda r: r.direction)] == ["in", "out"]
        assert link.consents[0].con_Consent is True
    assert _ingest(engine, "ngo", path, tmp_path).unchanged == 1


def test_missing_required_columns_stop_the_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "ngo.csv"
    path.write_text("record_id,org,prs_FirstName\nN-1,NGO-SHELTER,Dara\n", encoding="utf-8")
    with pytest.raises(FileError, match="cas_CaseID"):
        _ingest(engine, "ngo", path, tmp_path)
    assert _count(engine, Person) == 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileError, match="empty"):
        _ingest(engine, "police", empty, tmp_path)
    with pytest.raises(FileError, match="unknown source type"):
        _ingest(engine, "facebook", path, tmp_path)


def test_cli_exit_codes(orgs_file: Path, tmp_path: Path, data_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "organisations", str(orgs_file)])
    assert result.exit_code == 0, result.output
    police = _malformed_police_file(tmp_path)
    result = runner.invoke(app, ["ingest", "police", str(police)])
    assert result.exit_code == 1
    assert "9 rejected row(s)" in result.output
    assert list((data_dir / "rejects").glob("police.police.*.rejects.csv"))
    ngo = NGO.columns[:3]
    bad = _write_csv(tmp_path / "ngo.csv", ngo, [["N-1", "NGO-SHELTER", "C-1"]])
    result = runner.invoke(app, ["ingest", "ngo", str(bad)])
    assert result.exit_code == 2 and "missing required column" in result.output
    result = runner.invoke(app, ["ingest", "police", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "no such file" in result.output
