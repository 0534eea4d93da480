"""Police: a person in a case (victim, suspect, witness), with the suspect's legal proceedings."""

from __future__ import annotations

from typing import Any

from tipnet.ingest.errors import RowError
from tipnet.ingest.mappers.common import MapContext, build_person, split_full_name
from tipnet.store.tables.cases import CasePerson, LegalProceeding


def apply(ctx: MapContext) -> None:
    row = ctx.row
    case_ref = row.text("case_ref", required=True, max_len=200)
    role = row.code("role", "case_role", required=True)
    full = row.text("full_name", required=True)
    native = row.text("name_native")
    birth = row.partial_date("birth_date")
    gender = row.code("gender", "prs_Gender")
    nationality = row.country("nationality")
    document_number = row.document_number("document_number")
    phone = row.phone("phone")
    address = row.text("address", max_len=1000)
    report_date = row.date("report_date")
    exploitation = row.codes("exploitation_type", "vic_TypeOfExploitation")
    location = row.country("location_of_exploitation")
    roles = row.codes("per_RoleInProcess", "per_RoleInProcess")
    stage = row.code("legal_stage", "legal_stage")
    verdict = row.code("verdict", "verdict")
    sentence = row.integer("sentence_months", minimum=0, maximum=1200)
    if role != "Suspect" and (roles or stage or verdict):
        raise RowError("role", "legal stage, verdict and role in process apply to suspects only")
    if verdict and not stage:
        raise RowError("legal_stage", "a verdict needs the legal stage it was reached at")
    if sentence and verdict != "Convicted":
        raise RowError("sentence_months", "a sentence needs a conviction")

    case = ctx.case(case_ref)
    if case["opened_on"] is None or (report_date and report_date < case["opened_on"]):
        case["opened_on"] = report_date
    first, second = split_full_name(full)
    person, _ = build_person(
        ctx,
        first=first,
        second=second,
        full=full,
        native=native,
        birth=birth,
        gender=gender,
        citizenship=[nationality] if nationality else [],
        document_number=document_number,
        phone=phone,
        address=address,
    )
    values: dict[str, Any] = {"role": role}
    if role == "Victim":
        values["vic_TypeOfExploitation"] = exploitation
        values["vic_LocationOfExploitation"] = location
        values["vic_TraffickingStatus"] = "PossibleVictimOfTrafficking"
        values["vic_TraffickingStatusDecisionMakingOrg"] = "Police"
    elif role == "Suspect":
        values["per_RoleInProcess"] = roles
    link = ctx.new(
        CasePerson, {"case_id": case, "person_id": person, "source_record_id": ctx.record}, **values
    )
    if role in ("Victim", "Witness"):
        ctx.to_seal.append(person)
    if role == "Suspect" and stage:
        ctx.new(
            LegalProceeding,
            {"case_person_id": link},
            stage=stage,
            verdict=verdict,
            sentence_months=sentence,
            stage_date=report_date,
        )
