"""Police rows, column by column: the person in the case (victim, suspect, witness) as stored, or why not."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.ingest.mapping import ABSENT, assert_every_column_has_cases, bad, check, ok, run

VICTIM = {
    "record_id": "P-1",
    "org": "KH-AHTJP",
    "case_ref": "AHT-2026-17",
    "role": "Victim",
    "full_name": "Chan Sreymom",
    "name_native": "ចាន់ ស្រីមុំ",
    "birth_date": "2001-03",
    "gender": "Feminine",
    "nationality": "KH",
    "document_number": "N0123456",
    "phone": "012 345 678",
    "address": "Sihanoukville",
    "report_date": "2026-02-03",
    "exploitation_type": "ForcedLabour",
    "location_of_exploitation": "MMR",
    "per_RoleInProcess": "",
    "legal_stage": "",
    "verdict": "",
    "sentence_months": "",
}
# The columns of a convicted suspect (on top of VICTIM).
SUSPECT = {
    "role": "Suspect",
    "exploitation_type": "",
    "location_of_exploitation": "",
    "per_RoleInProcess": "RecruiterOrIntermediary;Exploiter",
    "legal_stage": "Trial",
    "verdict": "Convicted",
    "sentence_months": "84",
}


def test_a_victim_row_stores_the_case_the_person_and_what_identifies_them_sealed() -> None:
    assert run("police", VICTIM).rows == {
        "case_person": [
            {
                "role": "Victim",
                "vic_TypeOfExploitation": ["ForcedLabour"],
                "vic_LocationOfExploitation": "MMR",
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TraffickingStatusDecisionMakingOrg": "Police",
            }
        ],
        "case": [
            {
                "org_id": 2,
                "case_ref": "AHT-2026-17",
                "cas_Status": "Active",
                "opened_on": date(2026, 2, 3),
                "source_type": "police",
            }
        ],
        "person": [
            {
                "prs_FirstName": "Chan",
                "prs_SecondName": "Sreymom",
                "full_name": "Chan Sreymom",
                "name_native": "ចាន់ ស្រីមុំ",
                "prs_Birthdate": "2001-03",
                "birth_year": 2001,
                "prs_Gender": "Feminine",
                "prs_Citizenship": ["KHM"],
                "prs_IdentityNumber": "N0123456",
                "sealed": True,
            }
        ],
        "person_name": [{"kind": "primary", "name": "Chan Sreymom"}, {"kind": "native", "name": "ចាន់ ស្រីមុំ"}],
        "identity_document": [{"document_number": "N0123456"}],
        "phone": [{"number": "+85512345678"}],
        "address": [{"text": "Sihanoukville"}],
    }


def test_a_suspect_row_stores_their_role_and_proceedings_in_clear() -> None:
    rows = run("police", {**VICTIM, **SUSPECT}).rows
    assert rows["case_person"] == [
        {"role": "Suspect", "per_RoleInProcess": ["RecruiterOrIntermediary", "Exploiter"]}
    ]
    assert rows["legal_proceeding"] == [
        {"stage": "Trial", "verdict": "Convicted", "sentence_months": 84, "stage_date": date(2026, 2, 3)}
    ]
    assert rows["person"][0]["sealed"] is False


CASES = [
    ok("case_ref", "AHT-2026-18", {"case.case_ref": ["AHT-2026-18"]}),
    bad("case_ref", ABSENT, "case_ref", "required value is missing"),
    bad("case_ref", "C" * 201, "case_ref", "too long"),
    ok("role", "Witness", {"case_person.role": ["Witness"], "person.sealed": [True], "case_person.vic_TraffickingStatus": [None]}),
    ok("role", "victim", {"case_person.role": ["Victim"], "person.sealed": [True]}),
    # A suspect's exploitation columns describe the case, not them: read and checked, not stored on them.
    ok("role", "Suspect", {"person.sealed": [False], "case_person.vic_TypeOfExploitation": [None], "legal_proceeding.stage": []}),
    bad("role", "Trafficker", "role", "case_role"),
    bad("role", ABSENT, "role", "required value is missing"),
    ok("full_name", "Sreymom", {"person.prs_FirstName": ["Sreymom"], "person.prs_SecondName": [None], "person.full_name": ["Sreymom"]}),
    ok(
        "full_name",
        "Nguyen Van An",
        {"person.prs_FirstName": ["Nguyen Van"], "person.prs_SecondName": ["An"], "person_name.name": ["Nguyen Van An", "ចាន់ ស្រីមុំ"]},
    ),
    bad("full_name", ABSENT, "full_name", "required value is missing"),
    bad("full_name", "Chan\x07Sreymom", "full_name", "contains control characters"),
    ok("name_native", "陈", {"person.name_native": ["陈"], "person_name.kind": ["primary", "native"]}),
    ok("name_native", ABSENT, {"person.name_native": [None], "person_name.kind": ["primary"]}),
    bad("name_native", "ន" * 601, "name_native", "too long"),
    ok("birth_date", "12/05/1999", {"person.prs_Birthdate": ["1999-05-12"], "person.birth_year": [1999]}),
    ok("birth_date", ABSENT, {"person.prs_Birthdate": [None], "person.birth_year": [None]}),
    bad("birth_date", "1990-13-45", "birth_date", "not a date"),
    ok("gender", "Masculine", {"person.prs_Gender": ["Masculine"]}),
    ok("gender", ABSENT, {"person.prs_Gender": [None]}),
    bad("gender", "Female", "gender", "prs_Gender"),
    ok("nationality", "VNM", {"person.prs_Citizenship": [["VNM"]]}),
    ok("nationality", ABSENT, {"person.prs_Citizenship": [[]]}),
    bad("nationality", "Khmer", "nationality", "code list 'country'"),
    ok("document_number", "e1234-5678", {"person.prs_IdentityNumber": ["E12345678"], "identity_document.document_number": ["E12345678"]}),
    ok("document_number", ABSENT, {"person.prs_IdentityNumber": [None], "identity_document.document_number": []}),
    bad("document_number", "N01234!56", "document_number", "not a document number"),
    ok("phone", "+66 81 234 5678", {"phone.number": ["+66812345678"]}),
    ok("phone", ABSENT, {"phone.number": []}),
    bad("phone", "not-a-phone", "phone", "not a valid phone number"),
    ok("address", "Street 271, Phnom Penh", {"address.text": ["Street 271, Phnom Penh"], "address.country": [None]}),
    ok("address", ABSENT, {"address.text": []}),
    bad("address", "a" * 1001, "address", "too long"),
    ok("report_date", "2026-01-30", {"case.opened_on": [date(2026, 1, 30)]}),
    ok("report_date", ABSENT, {"case.opened_on": [None]}),
    ok("report_date", "2026-01-30", {"legal_proceeding.stage_date": [date(2026, 1, 30)]}, also=SUSPECT),
    bad("report_date", "2026-01", "report_date", "a full date (YYYY-MM-DD) is required here"),
    ok(
        "exploitation_type",
        "Sexual exploitation; ForcedLabour;forcedlabour",
        {"case_person.vic_TypeOfExploitation": [["SexualExploitation", "ForcedLabour"]]},
    ),
    ok("exploitation_type", ABSENT, {"case_person.vic_TypeOfExploitation": [[]]}),
    bad("exploitation_type", "ForcedLabour;Witchcraft", "exploitation_type", "not a value of code list"),
    ok("location_of_exploitation", "mm", {"case_person.vic_LocationOfExploitation": ["MMR"]}),
    ok("location_of_exploitation", ABSENT, {"case_person.vic_LocationOfExploitation": [None]}),
    bad("location_of_exploitation", "Burma", "location_of_exploitation", "code list 'country'"),
    ok("per_RoleInProcess", "Transporter", {"case_person.per_RoleInProcess": [["Transporter"]]}, also=SUSPECT),
    ok("per_RoleInProcess", ABSENT, {"case_person.per_RoleInProcess": [[]]}, also=SUSPECT),
    bad("per_RoleInProcess", "Mastermind", "per_RoleInProcess", "per_RoleInProcess", also=SUSPECT),
    bad("per_RoleInProcess", "Transporter", "role", "apply to suspects only"),
    ok(
        "legal_stage",
        "Investigation",
        {"legal_proceeding.stage": ["Investigation"], "legal_proceeding.verdict": [None]},
        also={**SUSPECT, "verdict": "", "sentence_months": ""},
    ),
    ok("legal_stage", ABSENT, {"legal_proceeding.stage": []}, also={**SUSPECT, "verdict": "", "sentence_months": ""}),
    bad("legal_stage", ABSENT, "legal_stage", "a verdict needs the legal stage", also=SUSPECT),
    bad("legal_stage", "Appeal", "legal_stage", "legal_stage", also=SUSPECT),
    bad("legal_stage", "Trial", "role", "apply to suspects only", also={"role": "Witness"}),
    ok("verdict", "Acquitted", {"legal_proceeding.verdict": ["Acquitted"]}, also={**SUSPECT, "sentence_months": ""}),
    ok("verdict", ABSENT, {"legal_proceeding.verdict": [None]}, also={**SUSPECT, "sentence_months": ""}),
    bad("verdict", "Acquitted", "sentence_months", "a sentence needs a conviction", also=SUSPECT),
    bad("verdict", "Guilty", "verdict", "verdict", also=SUSPECT),
    ok("sentence_months", "0", {"legal_proceeding.sentence_months": [0]}, also={**SUSPECT, "verdict": "Acquitted"}),
    ok("sentence_months", "1200", {"legal_proceeding.sentence_months": [1200]}, also=SUSPECT),
    ok("sentence_months", ABSENT, {"legal_proceeding.sentence_months": [None]}, also=SUSPECT),
    bad("sentence_months", "1201", "sentence_months", "outside 0..1200", also=SUSPECT),
    bad("sentence_months", "-1", "sentence_months", "outside 0..1200", also=SUSPECT),
    bad("sentence_months", "seven", "sentence_months", "not a whole number", also=SUSPECT),
    bad("sentence_months", "12", "sentence_months", "a sentence needs a conviction", also={**SUSPECT, "verdict": ""}),
]  # fmt: skip


@pytest.mark.parametrize(("column", "value", "also", "expect"), CASES)
def test_police_column(column: str, value: str, also: dict[str, str], expect: Any) -> None:
    check("police", VICTIM, column, value, also, expect)


def test_every_police_column_is_in_the_table() -> None:
    assert_every_column_has_cases("police", CASES, by_pipeline=("record_id", "org"))
