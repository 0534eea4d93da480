"""What the mappers share: the row context, organisation lookup and person building."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.identity.dates import PartialDate
from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.store.tables.cases import Case
from tipnet.store.tables.people import Address, IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.sources import Organisation, SourceRecord

# The MRZ's sex letter as an HTCDS prs_Gender value.
MRZ_SEX_TO_GENDER = {"F": "Feminine", "M": "Masculine", "X": "NonSpecifiedUnknown"}


@dataclass
class OrgDirectory:
    """Organisation codes to ids, cached for the import."""

    session: Session
    cache: dict[str, int] = field(default_factory=dict)

    def id_of(self, code: str, field_name: str) -> int:
        if code in self.cache:
            return self.cache[code]
        org_id = self.session.scalar(select(Organisation.id).where(Organisation.code == code))
        if org_id is None:
            raise RowError(
                field_name, f"unknown organisation {code!r}: import the organisations directory first"
            )
        self.cache[code] = org_id
        return org_id


@dataclass
class MapContext:
    session: Session
    row: Row
    record: SourceRecord
    orgs: OrgDirectory
    cases: dict[tuple[int, str], Case] = field(default_factory=dict)  # shared across one import
    # Victims and witnesses whose identifying fields are sealed (encrypted) once they have an id.
    to_seal: list[Person] = field(default_factory=list)
    # Rows whose free text is sealed once they have an id (tipnet.security.textseal.SEALED_TEXT),
    # with the text moved out of them so it never reaches the table in clear.
    to_seal_text: list[tuple[Any, dict[str, str]]] = field(default_factory=list)
    # Free-text fields that name a person or hold a phone number: field -> record ids (the import
    # report warns by field and count, never with the text).
    text_flags: dict[str, set[str]] = field(default_factory=dict)

    def hold_text(self, row: Any) -> None:
        """Take the row's free text out of its clear columns now, to be sealed once it has an id."""
        from tipnet.security.textseal import take_clear

        self.to_seal_text.append((row, take_clear(row)))

    def flag_text(self, field_name: str, text: str | None, names: list[str]) -> None:
        from tipnet.security.textseal import mentions

        if mentions(text, names):
            self.text_flags.setdefault(field_name, set()).add(self.record.record_id)

    def org_id(self, field_name: str, *, required: bool = False) -> int | None:
        code = self.row.text(field_name, required=required, max_len=64)
        return self.orgs.id_of(code, field_name) if code else None

    def case(self, case_ref: str, *, status: str | None = None) -> Case:
        """The case of this organisation with this reference, created on first sight."""
        org_id = self.record.org_id
        case = self.cases.get((org_id, case_ref))
        if case is None:
            with self.session.no_autoflush:
                query = select(Case).where(Case.org_id == org_id, Case.case_ref == case_ref)
                case = self.session.scalar(query)
        if case is None:
            case = Case(
                org_id=org_id,
                case_ref=case_ref,
                cas_Status=status or "Active",
                source_type=self.record.source_type,
            )
            self.session.add(case)
        elif status:
            case.cas_Status = status
        self.cases[(org_id, case_ref)] = case
        return case


def split_full_name(full: str) -> tuple[str | None, str | None]:
    """(first, second) of a name as written, without guessing the order: the whole stays in full_name."""
    parts = full.split()
    if len(parts) < 2:
        return full or None, None
    return " ".join(parts[:-1]), parts[-1]


def build_person(
    record: SourceRecord,
    *,
    first: str | None = None,
    second: str | None = None,
    full: str | None = None,
    native: str | None = None,
    birth: PartialDate | None = None,
    gender: str | None = None,
    citizenship: list[str] | None = None,
    document_number: str | None = None,
    document_type: str | None = None,
    issuing_state: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    address_country: str | None = None,
    language: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Person:
    """A Person as this record describes them, with names, document, phone and address."""
    full = full or " ".join(p for p in (first, second) if p) or None
    person = Person(
        source_record=record,
        prs_FirstName=first,
        prs_SecondName=second,
        full_name=full,
        name_native=native,
        prs_Birthdate=birth.iso() if birth is not None else None,
        birth_year=birth.year if birth is not None else None,
        prs_Gender=gender,
        prs_Citizenship=citizenship or [],
        prs_IdentityNumber=document_number,
        prs_PrimaryLanguage=language,
    )
    if full:
        person.names.append(PersonName(kind="primary", name=full))
    if native:
        person.names.append(PersonName(kind="native", name=native))
    for alias in aliases:
        person.names.append(PersonName(kind="alias", name=alias))
    if document_number:
        person.documents.append(
            IdentityDocument(
                document_number=document_number, document_type=document_type, issuing_state=issuing_state
            )
        )
    if phone:
        person.phones.append(Phone(number=phone))
    if address:
        person.addresses.append(Address(text=address, country=address_country))
    return person
