"""Job adverts, column by column: the advert as stored, or why not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "A-1",
    "org": "MON-1",
    "posted_on": "2026-01-02",
    "platform": "Facebook",
    "language": "km",
    "title": "Easy job in Thailand",
    "body": "Packing work, $1,500 a month, free travel, no experience needed.",
    "employer": "Golden Star Recruitment",
    "contact_phone": "+855 12 345 678",
    "salary_text": "$1,500/month",
    "location": "Bangkok",
}


def test_an_advert_row_stores_the_advert_as_posted() -> None:
    assert run("adverts", BASE).rows == {
        "job_advert": [
            {
                "posted_on": date(2026, 1, 2),
                "platform": "Facebook",
                "language": "km",
                "title": "Easy job in Thailand",
                "body": "Packing work, $1,500 a month, free travel, no experience needed.",
                "employer": "Golden Star Recruitment",
                "contact_phone": "+85512345678",
                "salary_text": "$1,500/month",
                "location": "Bangkok",
            }
        ]
    }


CASES = [
    ok("posted_on", "02/01/2026", {"job_advert.posted_on": [date(2026, 1, 2)]}),
    bad("posted_on", "2026-01", "posted_on", "a full date (YYYY-MM-DD) is required here"),
    bad("posted_on", "yesterday", "posted_on", "not a date"),
    bad("posted_on", ABSENT, "posted_on", "required value is missing"),
    # Any platform or job board name: not a code list.
    ok("platform", "JobNet KH", {"job_advert.platform": ["JobNet KH"]}),
    ok("platform", ABSENT, {"job_advert.platform": [None]}),
    bad("platform", "p" * 65, "platform", "too long (65 characters, at most 64)"),
    ok("language", "th", {"job_advert.language": ["th"]}),
    ok("language", ABSENT, {"job_advert.language": [None]}),
    bad("language", "Cambodian", "language", "too long (9 characters, at most 8)"),
    ok("title", "ការងារងាយស្រួល", {"job_advert.title": ["ការងារងាយស្រួល"]}),
    ok("title", ABSENT, {"job_advert.title": [None]}),
    bad("title", "t" * 501, "title", "too long (501 characters, at most 500)"),
    ok("body", "ត្រូវការបុគ្គលិកបម្រើភោជនីយដ្ឋាន\nប្រាក់ខែ ៨០០ ដុល្លារ", {"job_advert.body": ["ត្រូវការបុគ្គលិកបម្រើភោជនីយដ្ឋាន\nប្រាក់ខែ ៨០០ ដុល្លារ"]}),
    bad("body", ABSENT, "body", "required value is missing"),
    bad("body", "   ", "body", "required value is missing"),
    bad("body", "b" * 20001, "body", "too long (20001 characters, at most 20000)"),
    ok("employer", "Sunrise Co.", {"job_advert.employer": ["Sunrise Co."]}),
    ok("employer", ABSENT, {"job_advert.employer": [None]}),
    bad("employer", "e" * 301, "employer", "too long"),
    ok("contact_phone", "+66 81 234 5678", {"job_advert.contact_phone": ["+66812345678"]}),
    ok("contact_phone", ABSENT, {"job_advert.contact_phone": [None]}),
    bad("contact_phone", "@goldenstar", "contact_phone", "not a valid phone number"),
    ok("salary_text", "800-1200 USD", {"job_advert.salary_text": ["800-1200 USD"]}),
    ok("salary_text", ABSENT, {"job_advert.salary_text": [None]}),
    bad("salary_text", "$" * 201, "salary_text", "too long (201 characters, at most 200)"),
    ok("location", "Sihanoukville", {"job_advert.location": ["Sihanoukville"]}),
    ok("location", ABSENT, {"job_advert.location": [None]}),
    bad("location", "l" * 301, "location", "too long (301 characters, at most 300)"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_adverts_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("adverts", BASE, column, value, also, expect)


def test_every_adverts_column_is_in_the_table() -> None:
    assert_every_column_has_cases("adverts", CASES, by_pipeline=("record_id", "org"))
