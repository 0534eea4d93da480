"""Bank know-your-customer rows, column by column: the account and its holder as stored, or why not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "B-1",
    "org": "BANK-ABA",
    "account_number": "000123456",
    "full_name": "Chan Sreymom",
    "birth_date": "2001-03-09",
    "nationality": "KHM",
    "id_document_number": "N0123456",
    "phone": "012 345 678",
    "address": "Street 271, Phnom Penh",
    "opened_on": "2025-11-02",
}


def test_a_kyc_row_stores_the_account_of_the_bank_and_its_holder_in_clear() -> None:
    assert run("bank", BASE).rows == {
        "account": [{"org_id": 7, "account_number": "000123456", "opened_on": date(2025, 11, 2)}],
        "person": [
            {
                "prs_FirstName": "Chan",
                "prs_SecondName": "Sreymom",
                "full_name": "Chan Sreymom",
                "prs_Birthdate": "2001-03-09",
                "birth_year": 2001,
                "prs_Citizenship": ["KHM"],
                "prs_IdentityNumber": "N0123456",
                "sealed": False,
            }
        ],
        "person_name": [{"kind": "primary", "name": "Chan Sreymom"}],
        "identity_document": [{"document_number": "N0123456"}],
        "phone": [{"number": "+85512345678"}],
        "address": [{"text": "Street 271, Phnom Penh"}],
    }


CASES = [
    # Account numbers are kept as the bank writes them (leading zeros and all).
    ok("account_number", "0001-2345-6", {"account.account_number": ["0001-2345-6"]}),
    bad("account_number", ABSENT, "account_number", "required value is missing"),
    bad("account_number", "9" * 65, "account_number", "too long (65 characters, at most 64)"),
    ok("full_name", "Li Wei", {"person.prs_FirstName": ["Li"], "person.prs_SecondName": ["Wei"], "person.full_name": ["Li Wei"]}),
    ok("full_name", "Sreymom", {"person.prs_FirstName": ["Sreymom"], "person.prs_SecondName": [None]}),
    bad("full_name", ABSENT, "full_name", "required value is missing"),
    bad("full_name", "Li\x00Wei", "full_name", "contains control characters"),
    ok("birth_date", "2001-03", {"person.prs_Birthdate": ["2001-03"], "person.birth_year": [2001]}),
    ok("birth_date", ABSENT, {"person.prs_Birthdate": [None], "person.birth_year": [None]}),
    ok("birth_date", "09.03.2001", {"person.prs_Birthdate": ["2001-03-09"]}),
    bad("birth_date", "9 March", "birth_date", "not a date"),
    ok("nationality", "cn", {"person.prs_Citizenship": [["CHN"]]}),
    ok("nationality", ABSENT, {"person.prs_Citizenship": [[]]}),
    bad("nationality", "China", "nationality", "code list 'country'"),
    ok("id_document_number", "kh 0123-456", {"person.prs_IdentityNumber": ["KH0123456"], "identity_document.document_number": ["KH0123456"]}),
    ok("id_document_number", ABSENT, {"person.prs_IdentityNumber": [None], "identity_document.document_number": []}),
    bad("id_document_number", "N0123456?", "id_document_number", "not a document number"),
    ok("phone", "+84 912 345 678", {"phone.number": ["+84912345678"]}),
    ok("phone", ABSENT, {"phone.number": []}),
    bad("phone", "12345", "phone", "not a valid phone number"),
    ok("address", "Phnom Penh", {"address.text": ["Phnom Penh"]}),
    ok("address", ABSENT, {"address.text": []}),
    bad("address", "a" * 1001, "address", "too long (1001 characters, at most 1000)"),
    ok("opened_on", "2024-02-29", {"account.opened_on": [date(2024, 2, 29)]}),
    ok("opened_on", ABSENT, {"account.opened_on": [None]}),
    bad("opened_on", "2025-11", "opened_on", "a full date (YYYY-MM-DD) is required here"),
    bad("opened_on", "2025-02-29", "opened_on", "not a date"),
    # A company holder is a company, never a person; without the column every holder is a person.
    ok("holder_type", "company", {"company.name": ["Chan Sreymom"], "account.holder_type": ["company"], "person.full_name": [], "phone.number": []}),
    ok("holder_type", "Person", {"account.holder_type": ["person"], "person.full_name": ["Chan Sreymom"], "company.name": []}),
    ok("holder_type", ABSENT, {"account.holder_type": [None], "person.full_name": ["Chan Sreymom"]}),
    bad("holder_type", "trust", "holder_type", "not person or company"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_bank_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("bank", BASE, column, value, also, expect)


def test_every_bank_column_is_in_the_table() -> None:
    assert_every_column_has_cases("bank", CASES, by_pipeline=("record_id", "org"))
