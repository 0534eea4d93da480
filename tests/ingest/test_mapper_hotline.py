"""Hotline reports, column by column: the report and its subject as stored, or why not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "H-1",
    "org": "KH-HOTLINE",
    "received_at": "2026-01-20T21:40:00",
    "channel": "Telegram",
    "language": "km",
    "caller_phone": "+855 97 111 2222",
    "subject_name": "Srey Pov",
    "subject_phone": "+66 81 234 5678",
    "subject_nationality": "KH",
    "location": "Bangkok",
    "exploitation_type": "SexualExploitation",
    "narrative": "Caller's sister works in a karaoke bar and cannot leave.",
}
NO_SUBJECT = {"subject_name": "", "subject_phone": ""}


def test_a_report_stores_the_report_and_its_subject_sealed() -> None:
    assert run("hotline", BASE).rows == {
        "hotline_report": [
            {
                "received_at": datetime(2026, 1, 20, 21, 40),
                "channel": "Telegram",
                "language": "km",
                "caller_phone": "+855971112222",
                "location": "Bangkok",
                "exploitation_type": ["SexualExploitation"],
                "narrative": "Caller's sister works in a karaoke bar and cannot leave.",
            }
        ],
        # Known by a name as heard and a phone: no first or second name is guessed.
        "person": [{"full_name": "Srey Pov", "prs_Citizenship": ["KHM"], "sealed": True}],
        "person_name": [{"kind": "primary", "name": "Srey Pov"}],
        "phone": [{"number": "+66812345678"}],
    }


CASES = [
    ok("received_at", "2026-01-20T21:40", {"hotline_report.received_at": [datetime(2026, 1, 20, 21, 40)]}),
    bad("received_at", "20/01/2026", "received_at", "not an ISO 8601 date-time"),
    bad("received_at", ABSENT, "received_at", "required value is missing"),
    ok("channel", "whatsapp", {"hotline_report.channel": ["WhatsApp"]}),
    ok("channel", ABSENT, {"hotline_report.channel": [None]}),
    bad("channel", "Pigeon", "channel", "not a value of code list 'contact_channel'"),
    # Kept as given (at most 8 characters), unlike an NGO's prs_PrimaryLanguage.
    ok("language", "Khmer", {"hotline_report.language": ["Khmer"]}),
    ok("language", ABSENT, {"hotline_report.language": [None]}),
    bad("language", "Cambodian", "language", "too long (9 characters, at most 8)"),
    ok("caller_phone", "012 345 678", {"hotline_report.caller_phone": ["+85512345678"]}),
    ok("caller_phone", ABSENT, {"hotline_report.caller_phone": [None]}),
    bad("caller_phone", "0000", "caller_phone", "not a valid phone number"),
    ok("subject_name", "Pov", {"person.full_name": ["Pov"], "person.prs_FirstName": [None], "person_name.name": ["Pov"]}),
    # A phone alone still makes a subject (to be linked by that phone).
    ok("subject_name", ABSENT, {"person.full_name": [None], "person_name.name": [], "phone.number": ["+66812345678"], "person.sealed": [True]}),
    ok("subject_name", ABSENT, {"person.full_name": [], "hotline_report.caller_phone": ["+855971112222"]}, also={"subject_phone": ""}),
    bad("subject_name", "S" * 601, "subject_name", "too long"),
    ok("subject_phone", "+856 20 5555 1234", {"phone.number": ["+8562055551234"]}),
    ok("subject_phone", ABSENT, {"phone.number": [], "person.full_name": ["Srey Pov"]}),
    bad("subject_phone", "call me", "subject_phone", "not a valid phone number"),
    ok("subject_nationality", "LAO", {"person.prs_Citizenship": [["LAO"]]}),
    ok("subject_nationality", ABSENT, {"person.prs_Citizenship": [[]]}),
    # No subject, nothing to hold the nationality: it is checked, then dropped.
    ok("subject_nationality", "LAO", {"person.prs_Citizenship": []}, also=NO_SUBJECT),
    bad("subject_nationality", "Laos", "subject_nationality", "code list 'country'"),
    ok("location", "Pattaya", {"hotline_report.location": ["Pattaya"]}),
    ok("location", ABSENT, {"hotline_report.location": [None]}),
    bad("location", "L" * 301, "location", "too long (301 characters, at most 300)"),
    ok("exploitation_type", "ForcedLabour;Sexual exploitation", {"hotline_report.exploitation_type": [["ForcedLabour", "SexualExploitation"]]}),
    ok("exploitation_type", ABSENT, {"hotline_report.exploitation_type": [[]]}),
    bad("exploitation_type", "Karaoke", "exploitation_type", "not a value of code list"),
    ok("narrative", "Line one.\nLine two.\tEnd.", {"hotline_report.narrative": ["Line one.\nLine two.\tEnd."]}),
    ok("narrative", ABSENT, {"hotline_report.narrative": [None]}),
    bad("narrative", "n" * 20001, "narrative", "too long (20001 characters, at most 20000)"),
    bad("narrative", "bell\x07", "narrative", "contains control characters"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_hotline_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("hotline", BASE, column, value, also, expect)


def test_every_hotline_column_is_in_the_table() -> None:
    assert_every_column_has_cases("hotline", CASES, by_pipeline=("record_id", "org"))
