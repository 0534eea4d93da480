"""A small store for report tests, filled through ingestion of synthetic agency files."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine

from tipnet.identity.mrz.compose import compose_td3
from tipnet.ingest.pipeline import ingest_file
from tipnet.sources import CROSSINGS, ORGANISATIONS, POLICE


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def fill_store(engine: Engine, folder: Path) -> None:
    from datetime import date

    orgs = [
        {"record_id": "KH-AHTJP", "org": "KH-AHTJP", "org_Name": "Police", "org_Type": "LawEnforcement"},
        {
            "record_id": "KH-IMM",
            "org": "KH-AHTJP",
            "org_Name": "Immigration",
            "org_Type": "ImmigrationService",
        },
    ]
    police = [
        {"record_id": "1", "org": "KH-AHTJP", "case_ref": "C1", "role": "Victim", "full_name": "Sok Dara",
         "birth_date": "2009", "gender": "Masculine", "nationality": "KHM", "report_date": "2026-01-10",
         "exploitation_type": "ForcedLabour"},
        {"record_id": "2", "org": "KH-AHTJP", "case_ref": "C1", "role": "Victim", "full_name": "Nguyen Thi Lan",
         "birth_date": "1995-04", "gender": "Feminine", "nationality": "VNM", "report_date": "2026-01-10",
         "exploitation_type": "SexualExploitation"},
        {"record_id": "3", "org": "KH-AHTJP", "case_ref": "C1", "role": "Suspect", "full_name": "Wang Lei",
         "gender": "Masculine", "nationality": "CHN", "legal_stage": "Trial", "verdict": "Convicted",
         "sentence_months": "120", "per_RoleInProcess": "Exploiter"},
    ]  # fmt: skip
    good = compose_td3(
        issuing_state="KHM", surname="SOK", given_names="DARA", document_number="N1234567", nationality="KHM",
        birth_date=date(1990, 1, 2), sex="M", expiry_date=date(2030, 1, 1),
    )  # fmt: skip
    crossings = [
        {"record_id": f"X{i}", "org": "KH-IMM", "crossing_time": f"2026-0{1 + i % 3}-1{i}T08:00:00",
         "direction": "Entry" if i % 2 else "Exit", "document_number": "N1234567", "surname": "SOK",
         "given_names": "DARA", "nationality": "KHM", "sex": "M", "mrz": "\n".join(good) if i != 2 else
         "\n".join(good).replace("9001022", "9001032")}
        for i in range(5)
    ]  # fmt: skip
    for name, columns, rows in (
        ("organisations", ORGANISATIONS.columns, orgs),
        ("police", POLICE.columns, police),
        ("crossings", CROSSINGS.columns, crossings),
    ):
        path = _write(folder / f"{name}.csv", columns, rows)
        report = ingest_file(engine, name, path, rejects_path=folder / f"{name}.rejects.csv")
        assert report.ok, report.rejections
