"""Retrospective screening: everyone who crossed the border, checked against today's lists.

Lists change after people travel: a trafficker added to a list today may have crossed last month
with victims. Each distinct travel document seen at a border is screened once; its hits carry the
crossings' (organisation, record id) so an analyst can follow them up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.matching.record import PersonRecord, RecordError, make_record
from tipnet.screening.entries import gender_code
from tipnet.screening.screen import Result, Screener
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.people import IdentityDocument, Person
from tipnet.store.tables.sources import Organisation, SourceRecord


@dataclass
class Traveller:
    document: str
    record: PersonRecord
    crossings: list[tuple[str, str]] = field(default_factory=list)  # (organisation, record id)


def travellers(engine: Engine) -> Iterator[Traveller]:
    """One Traveller per (issuing state, document number) seen in crossings, in document order."""
    query = (
        select(
            IdentityDocument.issuing_state, IdentityDocument.document_number, Person.prs_FirstName,
            Person.prs_SecondName, Person.prs_Birthdate, Person.prs_Citizenship, Person.prs_Gender,
            Organisation.code, SourceRecord.record_id,
        )
        .join(BorderCrossing, BorderCrossing.document_id == IdentityDocument.id)
        .join(Person, Person.id == BorderCrossing.person_id)
        .join(SourceRecord, SourceRecord.id == BorderCrossing.source_record_id)
        .join(Organisation, Organisation.id == SourceRecord.org_id)
        .order_by(IdentityDocument.issuing_state, IdentityDocument.document_number)
    )  # fmt: skip
    current: Traveller | None = None
    with Session(engine) as session:
        for state, number, given, surname, birth, citizenship, gender, org, record_id in session.execute(
            query
        ).yield_per(5000):
            key = f"{state or ''}:{number}"
            if current is not None and current.document == key:
                current.crossings.append((org, record_id))
                continue
            if current is not None:
                yield current
            try:
                record = make_record(
                    " ".join(p for p in (given, surname) if p),
                    birth_date=birth,
                    nationality=list(citizenship or []),
                    gender=gender_code(gender),
                    document_number=number,
                )
            except RecordError:
                current = None
                continue
            current = Traveller(key, record, [(org, record_id)])
    if current is not None:
        yield current


def screen_travellers(
    engine: Engine, screener: Screener, *, workers: int = 1
) -> list[tuple[Traveller, Result]]:
    """Every traveller with their screening result (hits at or above the screener's threshold)."""
    people = list(travellers(engine))
    results = screener.screen_many([p.record for p in people], workers=workers)
    return list(zip(people, results, strict=True))
