"""The scenario follows tipnet.sources: files, columns, code lists, organisations, phones, countries."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import phonenumbers
import pytest
from tests.sim.conftest import PEOPLE

from tipnet.sources import SOURCE_TYPES, TRUTH_FILES, WATCHLIST
from tipnet.vocab import normalize_country, normalize_language, validate, validate_many

# Coded columns per source file: (column, code list, multi-valued).
CODED = {
    "sources/organisations.csv": [("org_Type", "org_Type", False)],
    "sources/crossings.csv": [
        ("direction", "crossing_direction", False),
        ("document_type", "document_type", False),
        ("sex", "mrz_sex", False),
    ],
    "sources/police.csv": [
        ("role", "case_role", False),
        ("gender", "prs_Gender", False),
        ("exploitation_type", "vic_TypeOfExploitation", True),
        ("per_RoleInProcess", "per_RoleInProcess", True),
        ("legal_stage", "legal_stage", False),
        ("verdict", "verdict", False),
    ],
    "sources/ngo.csv": [
        ("cas_Status", "cas_Status", False),
        ("prs_Gender", "prs_Gender", False),
        ("vic_TraffickingStatus", "vic_TraffickingStatus", False),
        ("vic_TraffickingStatusDecisionMakingOrg", "vic_TraffickingStatusDecisionMakingOrg", False),
        ("vic_RelationshipToTrafficker", "vic_RelationshipToTrafficker", False),
        ("vic_MethodOfRecruitment", "vic_MethodOfRecruitment", True),
        ("vic_RecruitmentWebsitesAndApps", "vic_RecruitmentWebsitesAndApps", True),
        ("vic_MethodsOfControl", "vic_MethodsOfControl", True),
        ("vic_TypeOfExploitation", "vic_TypeOfExploitation", True),
        ("vic_ForcedLabourIndustry", "vic_ForcedLabourIndustry", False),
        ("vic_TypeOfSexExploitation", "vic_TypeOfSexExploitation", True),
        ("spl_Type", "spl_Type", True),
        ("con_Consent", "consent", False),
    ],
    "sources/hotline.csv": [
        ("channel", "contact_channel", False),
        ("exploitation_type", "vic_TypeOfExploitation", True),
    ],
    "sources/transactions.csv": [("channel", "transaction_channel", False)],
    "watchlists/traffickers.csv": [("topics", "watchlist_topic", True)],
    "watchlists/wanted.csv": [("topics", "watchlist_topic", True)],
    "watchlists/missing.csv": [("topics", "watchlist_topic", True)],
    "truth/persons.csv": [
        ("gender", "prs_Gender", False),
        ("exploitation_type", "vic_TypeOfExploitation", False),
    ],
}
COUNTRIES = {
    "sources/organisations.csv": ("org_ShippingCountry",),
    "sources/crossings.csv": ("border_country", "issuing_state", "nationality"),
    "sources/police.csv": ("nationality", "location_of_exploitation"),
    "sources/ngo.csv": (
        "prs_Citizenship",
        "vic_LocationOfExploitation",
        "hte_RecruitmentCountry",
        "hte_ExploitationCountry",
    ),
    "sources/hotline.csv": ("subject_nationality",),
    "sources/bank.csv": ("nationality",),
    "truth/persons.csv": ("nationality",),
}
PHONES = {
    "sources/police.csv": ("phone",),
    "sources/ngo.csv": ("prs_MobilePhone",),
    "sources/hotline.csv": ("caller_phone", "subject_phone"),
    "sources/bank.csv": ("phone",),
    "sources/adverts.csv": ("contact_phone",),
    "sources/organisations.csv": ("org_Phone",),
}


def test_every_file_of_the_layout_with_the_contract_columns(scenario: Path) -> None:
    expected = {f"sources/{n}.csv": s.columns for n, s in SOURCE_TYPES.items() if n != "watchlist"}
    expected |= {f"watchlists/{n}.csv": WATCHLIST.columns for n in ("traffickers", "wanted", "missing")}
    expected |= {f"truth/{n}.csv": cols for n, cols in TRUTH_FILES.items()}
    manifest = json.loads((scenario / "manifest.json").read_text())
    assert set(manifest["files"]) == set(expected)
    for rel, columns in expected.items():
        with open(scenario / rel, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            assert tuple(next(reader)) == columns, rel
            count = 0
            for row in reader:
                assert len(row) == len(columns), (rel, row)
                count += 1
        assert manifest["files"][rel] == count, rel
    assert manifest["people"] == PEOPLE and manifest["seed"] == 11 and manifest["as_of"] == "2026-06-30"
    assert any("Counter Trafficking Data Collaborative (CTDC)" in c for c in manifest["citations"])


def test_required_columns_are_filled(rows: dict[str, list[dict[str, str]]]) -> None:
    for name, source in SOURCE_TYPES.items():
        files = (
            [f"sources/{name}.csv"]
            if name != "watchlist"
            else [f"watchlists/{n}.csv" for n in ("traffickers", "wanted", "missing")]
        )
        for rel in files:
            for row in rows[rel]:
                missing = [c for c in source.required if not row[c]]
                assert not missing, (rel, missing, row)


@pytest.mark.parametrize("rel", sorted(CODED))
def test_every_coded_value_validates(rows: dict[str, list[dict[str, str]]], rel: str) -> None:
    for column, code_list, multi in CODED[rel]:
        values = {row[column] for row in rows[rel] if row[column]}
        assert (
            values or rel.startswith("watchlists/") or column in ("verdict", "vic_TypeOfSexExploitation")
        ), (rel, column)
        for value in values:
            if multi:
                assert validate_many(code_list, value), (rel, column, value)
            else:
                assert validate(code_list, value) == value, (rel, column, value)


def test_countries_languages_and_phones_are_valid(rows: dict[str, list[dict[str, str]]]) -> None:
    for rel, columns in COUNTRIES.items():
        for row in rows[rel]:
            for column in columns:
                if row[column]:
                    assert normalize_country(row[column]) == row[column], (rel, column, row[column])
    for row in rows["sources/ngo.csv"]:
        normalize_language(row["prs_PrimaryLanguage"])
    for rel, columns in PHONES.items():
        for row in rows[rel]:
            for column in columns:
                value = row[column]
                if value:
                    raw = "+" + value[2:] if value.startswith("00") else value
                    number = phonenumbers.parse(raw, None if raw.startswith("+") else "KH")
                    assert phonenumbers.is_valid_number(number), (rel, column, value)


def test_every_org_is_in_the_directory(rows: dict[str, list[dict[str, str]]]) -> None:
    directory = {row["record_id"] for row in rows["sources/organisations.csv"]}
    assert {"KH-NCCT", "KH-IMM", "KH-AHTJP", "TH-DSI"} <= directory
    for rel, table in rows.items():
        if rel.startswith("sources/"):
            assert {row["org"] for row in table} <= directory, rel
    referral = {
        row[c]
        for row in rows["sources/ngo.csv"]
        for c in ("cas_ReferringOrganisation", "cas_ReferredOrganisation")
    }
    assert referral - {""} <= directory and referral - {""}


def test_record_ids_are_unique_within_org_and_source(rows: dict[str, list[dict[str, str]]]) -> None:
    for rel, table in rows.items():
        if rel.startswith("sources/"):
            keys = [(row["org"], row["record_id"]) for row in table]
            assert len(keys) == len(set(keys)), rel
    # Transactions and adverts are keyed by record id alone in the truth files.
    for rel in ("sources/transactions.csv", "sources/adverts.csv"):
        ids = [row["record_id"] for row in rows[rel]]
        assert len(ids) == len(set(ids))


def test_police_rows_respect_ingestion_rules(rows: dict[str, list[dict[str, str]]]) -> None:
    for row in rows["sources/police.csv"]:
        if row["role"] != "Suspect":
            assert not (row["per_RoleInProcess"] or row["legal_stage"] or row["verdict"])
        if row["verdict"]:
            assert row["legal_stage"] == "Closed"
        if row["sentence_months"]:
            assert row["verdict"] == "Convicted"
    for row in rows["sources/ngo.csv"]:
        if row["vic_TypeOfSexExploitation"]:
            assert "SexualExploitation" in row["vic_TypeOfExploitation"]
        if row["cas_IncomingReferralDate"]:
            assert row["cas_ReferringOrganisation"]
