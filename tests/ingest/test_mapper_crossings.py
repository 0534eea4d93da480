"""Immigration crossings, column by column: the traveller, their document and the crossing stored, or why not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

MRZ = "P<KHMSOK<<DARA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nN0123456<2KHM9804175M3001097<<<<<<<<<<<<<<<6"
MRZ_EXPIRED = "P<KHMSOK<<DARA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nN0123456<2KHM9804175M2501095<<<<<<<<<<<<<<<8"
MRZ_TD1 = "I<KHMN0123456<2<<<<<<<<<<<<<<<\n9804175M3001097KHM<<<<<<<<<<<6\nSOK<<DARA<<<<<<<<<<<<<<<<<<<<<"

BASE = {
    "record_id": "X-1",
    "org": "KH-IMM",
    "crossing_time": "2026-02-03T08:15:00",
    "direction": "Exit",
    "border_post": "Poipet",
    "border_country": "KHM",
    "document_type": "P",
    "document_number": "N0123456",
    "issuing_state": "KHM",
    "nationality": "KHM",
    "surname": "SOK",
    "given_names": "DARA",
    "birth_date": "1998-04-17",
    "sex": "M",
    "expiry_date": "2030-01-09",
    "mrz": MRZ,
    "booking_ref": "BUS-0917",
}


def test_a_crossing_row_stores_the_crossing_the_traveller_and_the_document() -> None:
    assert run("crossings", BASE).rows == {
        "border_crossing": [
            {
                "crossing_time": datetime(2026, 2, 3, 8, 15),
                "direction": "Exit",
                "border_post": "Poipet",
                "border_country": "KHM",
                "booking_ref": "BUS-0917",
                "mrz_valid": True,
                "mrz_findings": [],
            }
        ],
        "person": [
            {
                "prs_FirstName": "DARA",
                "prs_SecondName": "SOK",
                "full_name": "DARA SOK",
                "prs_Birthdate": "1998-04-17",
                "birth_year": 1998,
                "prs_Gender": "Masculine",
                "prs_Citizenship": ["KHM"],
                "prs_IdentityNumber": "N0123456",
                "sealed": False,  # travellers are not victims: their names stay in clear for screening
            }
        ],
        "identity_document": [
            {
                "document_type": "P",
                "document_number": "N0123456",
                "issuing_state": "KHM",
                "expiry_date": date(2030, 1, 9),
                "mrz": MRZ,
            }
        ],
        "person_name": [{"kind": "primary", "name": "DARA SOK"}],
    }


TOO_LONG = "x" * 201
CASES = [
    ok("crossing_time", "2026-02-03T08:15:00", {"border_crossing.crossing_time": [datetime(2026, 2, 3, 8, 15)]}),
    ok("crossing_time", "2026-02-03", {"border_crossing.crossing_time": [datetime(2026, 2, 3)]}),
    ok(
        "crossing_time",
        "2026-02-03T08:15:00Z",
        {"border_crossing.crossing_time": [datetime(2026, 2, 3, 8, 15, tzinfo=UTC)]},
    ),
    bad("crossing_time", "03/02/2026 08:15", "crossing_time", "not an ISO 8601 date-time"),
    bad("crossing_time", ABSENT, "crossing_time", "required value is missing"),
    ok("direction", "Entry", {"border_crossing.direction": ["Entry"]}),
    ok("direction", "exit", {"border_crossing.direction": ["Exit"]}),
    bad("direction", "Transit", "direction", "crossing_direction"),
    bad("direction", ABSENT, "direction", "required value is missing"),
    ok("border_post", "Bavet", {"border_crossing.border_post": ["Bavet"]}),
    ok("border_post", ABSENT, {"border_crossing.border_post": [None]}),
    bad("border_post", TOO_LONG, "border_post", "too long (201 characters, at most 200)"),
    ok("border_country", "th", {"border_crossing.border_country": ["THA"]}),
    ok("border_country", ABSENT, {"border_crossing.border_country": [None]}),
    bad("border_country", "Thailand", "border_country", "not a value of code list 'country'"),
    ok("document_type", "I", {"identity_document.document_type": ["I"]}),
    ok("document_type", "Passport", {"identity_document.document_type": ["P"]}),
    ok("document_type", ABSENT, {"identity_document.document_type": [None]}),
    bad("document_type", "Z", "document_type", "document_type"),
    ok(
        "document_number",
        "n 012-3456",
        {"identity_document.document_number": ["N0123456"], "person.prs_IdentityNumber": ["N0123456"]},
    ),
    bad("document_number", "N0123456!", "document_number", "not a document number"),
    bad("document_number", ABSENT, "document_number", "required value is missing"),
    ok("issuing_state", "vn", {"identity_document.issuing_state": ["VNM"]}),
    ok("issuing_state", ABSENT, {"identity_document.issuing_state": [None]}),
    bad("issuing_state", "Kampuchea", "issuing_state", "code list 'country'"),
    ok("nationality", "VNM", {"person.prs_Citizenship": [["VNM"]]}),
    ok("nationality", ABSENT, {"person.prs_Citizenship": [[]]}),
    bad("nationality", "Khmer", "nationality", "code list 'country'"),
    ok(
        "surname",
        "CHAN",
        {"person.prs_SecondName": ["CHAN"], "person.full_name": ["DARA CHAN"], "person_name.name": ["DARA CHAN"]},
    ),
    bad("surname", ABSENT, "surname", "required value is missing"),
    bad("surname", "SO\x00K", "surname", "contains control characters"),
    ok("given_names", "SREY MOM", {"person.prs_FirstName": ["SREY MOM"], "person.full_name": ["SREY MOM SOK"]}),
    ok("given_names", ABSENT, {"person.prs_FirstName": [None], "person.full_name": ["SOK"]}),
    bad("given_names", "x" * 601, "given_names", "too long"),
    ok("birth_date", "1998", {"person.prs_Birthdate": ["1998"], "person.birth_year": [1998]}),
    ok("birth_date", "17/04/1998", {"person.prs_Birthdate": ["1998-04-17"]}),
    ok("birth_date", ABSENT, {"person.prs_Birthdate": [None], "person.birth_year": [None]}),
    bad("birth_date", "1998-13-17", "birth_date", "not a date"),
    ok("sex", "F", {"person.prs_Gender": ["Feminine"]}),
    ok("sex", "X", {"person.prs_Gender": ["NonSpecifiedUnknown"]}),
    ok("sex", "female", {"person.prs_Gender": ["Feminine"]}),
    ok("sex", ABSENT, {"person.prs_Gender": [None]}),
    bad("sex", "Q", "sex", "mrz_sex"),
    ok("expiry_date", "2031-12-31", {"identity_document.expiry_date": [date(2031, 12, 31)]}),
    ok("expiry_date", ABSENT, {"identity_document.expiry_date": [None]}),
    bad("expiry_date", "2030-01", "expiry_date", "a full date (YYYY-MM-DD) is required here"),
    ok("mrz", MRZ_TD1, {"border_crossing.mrz_valid": [True], "identity_document.mrz": [MRZ_TD1]}),
    # Checked as of the crossing: a document that had expired by then is flagged, still read.
    ok("mrz", MRZ_EXPIRED, {"border_crossing.mrz_valid": [True], "border_crossing.mrz_findings": [["document.expired"]]}),
    # A wrong check digit: the crossing is kept, with the findings an officer reviews.
    ok(
        "mrz",
        MRZ[:-1] + "0",
        {"border_crossing.mrz_valid": [False], "border_crossing.mrz_findings": [["check_digit.composite", "repair.none"]]},
    ),
    # Exports that write the line break as the two characters backslash-n: read as a break, stored as given.
    ok(
        "mrz",
        MRZ.replace("\n", "\\n"),
        {"border_crossing.mrz_valid": [True], "identity_document.mrz": [MRZ.replace("\n", "\\n")]},
    ),
    ok(
        "mrz",
        ABSENT,
        {"border_crossing.mrz_valid": [None], "border_crossing.mrz_findings": [[]], "identity_document.mrz": [None]},
    ),
    bad("mrz", "hello", "mrz", "not a machine-readable zone of any ICAO 9303 format"),
    bad("mrz", MRZ + "\n" + "<" * 44 * 3, "mrz", "too long"),
    ok("booking_ref", "VAN-2B-77", {"border_crossing.booking_ref": ["VAN-2B-77"]}),
    ok("booking_ref", ABSENT, {"border_crossing.booking_ref": [None]}),
    bad("booking_ref", "B" * 65, "booking_ref", "too long"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_crossings_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("crossings", BASE, column, value, also, expect)


def test_every_crossings_column_is_in_the_table() -> None:
    assert_every_column_has_cases("crossings", CASES, by_pipeline=("record_id", "org"))
