"""The simulator's agency files as linkage records, with the truth of who is who.

Benchmarks and tests of linkage read a simulated scenario straight from its files (no store, no
import), so the linkage figures do not depend on ingestion; the store path (`tipnet link`) reads the
same people after import.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from tipnet.linkage.records import LinkRecord

Key = tuple[str, str, str]  # (source type, organisation, record id), as in truth/records.csv


def _rows(root: Path, name: str) -> Iterator[dict[str, str]]:
    path = root / "sources" / f"{name}.csv"
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def _t(*values: str) -> tuple[str, ...]:
    return tuple(v for v in values if v)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(";") if v)


def sim_link_records(root: Path) -> Iterator[tuple[Key, LinkRecord]]:
    """Every person record of the scenario's agency files (crossings, police, NGO, bank, hotline)."""
    for r in _rows(root, "crossings"):
        key = ("crossings", r["org"], r["record_id"])
        names = _t(f"{r['given_names']} {r['surname']}".strip())
        yield key, LinkRecord(":".join(key), "crossings", names, r["birth_date"] or None, r["sex"] or None,
                              _t(r["nationality"]), _t(r["document_number"]))  # fmt: skip
    for r in _rows(root, "police"):
        key = ("police", r["org"], r["record_id"])
        yield key, LinkRecord(":".join(key), "police", _t(r["full_name"], r["name_native"]), r["birth_date"] or None,
                              r["gender"] or None, _split(r["nationality"]), _t(r["document_number"]),
                              _t(r["phone"]), _t(r["address"]))  # fmt: skip
    for r in _rows(root, "ngo"):
        key = ("ngo", r["org"], r["record_id"])
        name = f"{r['prs_FirstName']} {r['prs_SecondName']}".strip()
        yield key, LinkRecord(":".join(key), "ngo", _t(name, r["prs_NameNative"]), r["prs_Birthdate"] or None,
                              r["prs_Gender"] or None, _split(r["prs_Citizenship"]), _t(r["prs_IdentityNumber"]),
                              _t(r["prs_MobilePhone"]))  # fmt: skip
    for r in _rows(root, "bank"):
        key = ("bank", r["org"], r["record_id"])
        yield key, LinkRecord(":".join(key), "bank", _t(r["full_name"]), r["birth_date"] or None, None,
                              _t(r["nationality"]), _t(r["id_document_number"]), _t(r["phone"]),
                              _t(r["address"]))  # fmt: skip
    for r in _rows(root, "hotline"):
        if r["subject_name"]:
            key = ("hotline", r["org"], r["record_id"])
            yield key, LinkRecord(":".join(key), "hotline", _t(r["subject_name"]), None, None,
                                  _t(r["subject_nationality"]), (), _t(r["subject_phone"]))  # fmt: skip


def sim_truth(root: Path) -> dict[Key, str]:
    """(source type, organisation, record id) → the simulated person's id."""
    with (root / "truth" / "records.csv").open(newline="", encoding="utf-8") as f:
        return {(r["source_type"], r["org"], r["record_id"]): r["person_id"] for r in csv.DictReader(f)}
