"""Immigration: a border crossing, its traveller and their travel document (with MRZ checks)."""

from __future__ import annotations

from datetime import date

from tipnet.ingest.errors import RowError
from tipnet.ingest.mappers.common import (
    MRZ_SEX_TO_GENDER,
    MapContext,
    build_person,
    kids_of,
)
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.people import IdentityDocument


def apply(ctx: MapContext) -> None:
    row = ctx.row
    moment = row.datetime("crossing_time", required=True)
    direction = row.code("direction", "crossing_direction", required=True)
    document_number = row.document_number("document_number", required=True)
    document_type = row.code("document_type", "document_type")
    issuing_state = row.country("issuing_state")
    nationality = row.country("nationality")
    surname = row.text("surname", required=True)
    given = row.text("given_names")
    birth = row.partial_date("birth_date")
    sex = row.code("sex", "mrz_sex")
    expiry = row.date("expiry_date")
    border_country = row.country("border_country")
    mrz_text = row.text("mrz", max_len=200)
    border_post = row.text("border_post", max_len=200)
    booking_ref = row.text("booking_ref", max_len=64)
    mrz_valid: bool | None = None
    findings: list[str] = []
    if mrz_text:
        from tipnet.identity.mrz.parse import mrz_summary  # only crossings need the MRZ tables

        today = moment.date() if moment else date.today()
        mrz_format, mrz_valid, findings = mrz_summary(mrz_text.replace("\\n", "\n"), today)
        if mrz_format is None:
            raise RowError("mrz", "not a machine-readable zone of any ICAO 9303 format")

    person = build_person(
        ctx,
        first=given,
        second=surname,
        birth=birth,
        gender=MRZ_SEX_TO_GENDER.get(sex or ""),
        citizenship=[nationality] if nationality else [],
        document_number=document_number,
        document_type=document_type,
        issuing_state=issuing_state,
    )
    (document,) = kids_of(person, IdentityDocument)
    document["expiry_date"] = expiry
    document["mrz"] = mrz_text
    ctx.new(
        BorderCrossing,
        {"source_record_id": ctx.record, "person_id": person, "document_id": document},
        crossing_time=moment,
        direction=direction,
        border_post=border_post,
        border_country=border_country,
        booking_ref=booking_ref,
        mrz_valid=mrz_valid,
        mrz_findings=findings,
    )
