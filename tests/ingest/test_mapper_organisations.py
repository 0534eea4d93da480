"""The organisations directory, column by column: the organisation as stored, or why not.

Its rows are written by the import loop itself (there is no mapper module: other rows' `org` codes
are looked up in this table); `record_id` is the organisation's code.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

BASE = {
    "record_id": "NGO-SHELTER",
    "org": "KH-NCCT",
    "org_Name": "Safe Shelter Cambodia",
    "org_Type": "NGO",
    "org_ShippingCountry": "KHM",
    "org_ShippingCity": "Siem Reap",
    "org_Phone": "+855 23 720 555",
}
STORED = {
    "code": "NGO-SHELTER",
    "org_Name": "Safe Shelter Cambodia",
    "org_Type": "NGO",
    "org_ShippingCountry": "KHM",
    "org_ShippingCity": "Siem Reap",
    "org_Phone": "+85523720555",
}


def test_a_directory_row_stores_one_organisation() -> None:
    assert run("organisations", BASE).rows == {"organisation": [STORED]}


CASES = [
    ok("record_id", "KH-MOSVY", {"organisation.code": ["KH-MOSVY"]}),
    bad("record_id", ABSENT, "record_id", "required value is missing"),
    bad("record_id", "K" * 65, "record_id", "too long (65 characters, at most 64)"),
    # The directory's maintainer: required and checked, not stored on the organisation.
    ok("org", "KH-MOSVY", {"organisation.code": ["NGO-SHELTER"], "organisation.org_Name": ["Safe Shelter Cambodia"]}),
    bad("org", ABSENT, "org", "required value is missing"),
    bad("org", "K" * 65, "org", "too long"),
    ok("org_Name", "សុវត្ថិភាព Shelter", {"organisation.org_Name": ["សុវត្ថិភាព Shelter"]}),
    bad("org_Name", ABSENT, "org_Name", "required value is missing"),
    bad("org_Name", "n" * 301, "org_Name", "too long (301 characters, at most 300)"),
    ok("org_Type", "Law Enforcement", {"organisation.org_Type": ["LawEnforcement"]}),
    ok("org_Type", "immigrationservice", {"organisation.org_Type": ["ImmigrationService"]}),
    bad("org_Type", "Church", "org_Type", "not a value of code list 'org_Type'"),
    bad("org_Type", ABSENT, "org_Type", "required value is missing"),
    ok("org_ShippingCountry", "th", {"organisation.org_ShippingCountry": ["THA"]}),
    ok("org_ShippingCountry", ABSENT, {"organisation.org_ShippingCountry": [None]}),
    bad("org_ShippingCountry", "Cambodia", "org_ShippingCountry", "code list 'country'"),
    ok("org_ShippingCity", "Battambang", {"organisation.org_ShippingCity": ["Battambang"]}),
    ok("org_ShippingCity", ABSENT, {"organisation.org_ShippingCity": [None]}),
    bad("org_ShippingCity", "c" * 201, "org_ShippingCity", "too long (201 characters, at most 200)"),
    ok("org_Phone", "+66 2 123 4567", {"organisation.org_Phone": ["+6621234567"]}),
    # No default country here (the directory spans the region): a number needs its country code.
    bad("org_Phone", "023 720 555", "org_Phone", "not a valid phone number"),
    ok("org_Phone", ABSENT, {"organisation.org_Phone": [None]}),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_organisations_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("organisations", BASE, column, value, also, expect)


def test_every_organisations_column_is_in_the_table() -> None:
    assert_every_column_has_cases("organisations", CASES)
