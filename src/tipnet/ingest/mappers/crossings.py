"""Immigration: a border crossing, its traveller and their travel document (with MRZ checks)."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from tipnet.identity.dates import PartialDate
from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.ingest.mappers.common import MRZ_SEX_TO_GENDER, H, MapContext, RowSink, build_person
from tipnet.store.tables.crossings import BorderCrossing


class Crossing(NamedTuple):
    """A crossing row's fields, validated (`read`)."""

    moment: datetime | None
    direction: str | None
    document_number: str | None
    document_type: str | None
    issuing_state: str | None
    nationality: str | None
    surname: str
    given: str | None
    birth: PartialDate | None
    sex: str | None
    expiry: date | None
    border_country: str | None
    mrz_text: str | None
    border_post: str | None
    booking_ref: str | None
    mrz_valid: bool | None
    findings: list[str]


def read(row: Row) -> Crossing:
    """Every field of a crossing row checked, in this order (the first bad one names the row's
    rejection), and its MRZ summarised. Shared by `apply` and the workers' direct path
    (tipnet.ingest.prepare), so both refuse the same; `write` makes the rows of both."""
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
    return Crossing(
        moment, direction, document_number, document_type, issuing_state, nationality, surname, given,
        birth, sex, expiry, border_country, mrz_text, border_post, booking_ref, mrz_valid, findings,
    )  # fmt: skip


def apply(ctx: MapContext) -> None:
    write(ctx, read(ctx.row))


def write(out: RowSink[H], crossing: Crossing) -> None:
    """A checked crossing's rows: its traveller (`build_person`), their document and the crossing.
    The one mapping of a crossing's fields to columns, for records (`apply`) and for the workers'
    rows to insert (tipnet.ingest.prepare)."""
    (
        moment, direction, document_number, document_type, issuing_state, nationality, surname, given,
        birth, sex, expiry, border_country, mrz_text, border_post, booking_ref, mrz_valid, findings,
    ) = crossing  # fmt: skip
    person, document = build_person(
        out,
        first=given,
        second=surname,
        birth=birth,
        gender=MRZ_SEX_TO_GENDER.get(sex or ""),
        citizenship=[nationality] if nationality else [],
        document_number=document_number,
        document_type=document_type,
        issuing_state=issuing_state,
        expiry_date=expiry,
        mrz=mrz_text,
    )
    assert document is not None, "a crossing's document number is required (`read`)"
    out.new(
        BorderCrossing,
        {"source_record_id": out.record, "person_id": person, "document_id": document},
        crossing_time=moment,
        direction=direction,
        border_post=border_post,
        border_country=border_country,
        booking_ref=booking_ref,
        mrz_valid=mrz_valid,
        mrz_findings=findings,
    )
