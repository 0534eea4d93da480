"""What the mappers share: the row context, organisation lookup and person building."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.identity.dates import PartialDate
from tipnet.ingest.errors import RowError
from tipnet.ingest.fields import Row
from tipnet.store.bulk import Rec
from tipnet.store.tables.cases import Case
from tipnet.store.tables.people import Address, IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.sources import Organisation

# The MRZ's sex letter as an HTCDS prs_Gender value.
MRZ_SEX_TO_GENDER = {"F": "Feminine", "M": "Masculine", "X": "NonSpecifiedUnknown"}


@dataclass
class OrgDirectory:
    """Organisation codes to ids, cached for the import.

    `complete`: the cache holds every organisation (a worker process preparing rows has no
    session; the importer gives it the whole directory, read before the file).
    """

    session: Session | None
    cache: dict[str, int] = field(default_factory=dict)
    complete: bool = False

    def id_of(self, code: str, field_name: str) -> int:
        if code in self.cache:
            return self.cache[code]
        org_id = None
        if not self.complete:
            assert self.session is not None
            org_id = self.session.scalar(select(Organisation.id).where(Organisation.code == code))
        if org_id is None:
            raise RowError(
                field_name, f"unknown organisation {code!r}: import the organisations directory first"
            )
        self.cache[code] = org_id
        return org_id


H = TypeVar("H")


class RowSink(Protocol[H]):
    """Where a mapper's new rows go, each standing for itself by a handle of type H: records
    (`MapContext`, H = Rec) or rows to insert made at once (tipnet.ingest.prepare, H = relative id).
    A mapper writing through this alone (`build_person`, `crossings.write`) defines its rows once
    for both."""

    @property
    def record(self) -> H:
        """The source record of the row being mapped."""
        ...

    def new(self, target: Any, refs: dict[str, H] | None = None, /, **values: Any) -> H:
        """A new row of `target` (a mapped class): its values, and `refs` (foreign key -> handle)."""
        ...

    def person_row(self, person: H, target: Any, /, **values: Any) -> H:
        """A row of the person's own (a name, document, phone, address: `person_id` refers to it),
        sealed with the person."""
        ...


@dataclass
class MapContext:
    """What a mapper works with: the row, its source record, and where its new rows go.

    A mapper validates every field first, then builds its rows with `new` (plain records, written
    in bulk per chunk by tipnet.store.bulk), so a refused row leaves nothing behind.
    """

    session: Session | None  # None in a worker process (tipnet.ingest.prepare): no store at hand
    row: Row
    record: Rec  # the source_record row of this row
    orgs: OrgDirectory
    cases: dict[tuple[int, str], Rec] = field(default_factory=dict)  # shared across one chunk
    # Victims and witnesses whose identifying fields are sealed (encrypted) before they are written.
    to_seal: list[Rec] = field(default_factory=list)
    rows: list[Rec] = field(default_factory=list)  # every row this source row writes
    cases_loaded: bool = False  # `cases` holds every stored case the chunk names: no need to look
    # Rows whose free text is sealed once they have an id (tipnet.security.textseal.SEALED_TEXT),
    # with the text moved out of them so it never reaches the table in clear.
    to_seal_text: list[tuple[Rec, dict[str, str]]] = field(default_factory=list)
    # Free-text fields that name a person or hold a phone number: field -> record ids (the import
    # report warns by field and count, never with the text). Shared across one import.
    text_flags: dict[str, set[str]] = field(default_factory=dict)

    def hold_text(self, row: Rec) -> None:
        """Take the row's free text out of its clear columns now, to be sealed once it has an id."""
        from tipnet.security.textseal import take_clear

        self.to_seal_text.append((row, take_clear(row)))

    def flag_text(self, field_name: str, text: str | None, names: list[str]) -> None:
        from tipnet.security.textseal import mentions

        if mentions(text, names):
            self.text_flags.setdefault(field_name, set()).add(str(self.record["record_id"]))

    def new(self, target: Any, refs: dict[str, Rec] | None = None, /, **values: Any) -> Rec:
        rec = Rec(target, values, refs)
        self.rows.append(rec)
        return rec

    def person_row(self, person: Rec, target: Any, /, **values: Any) -> Rec:
        rec = Rec(target, values, {"person_id": person})
        self.rows.append(rec)
        person.kids.append(rec)  # sealed with the person (tipnet.security.sealing)
        return rec

    def org_id(self, field_name: str, *, required: bool = False) -> int | None:
        code = self.row.text(field_name, required=required, max_len=64)
        return self.orgs.id_of(code, field_name) if code else None

    def case(self, case_ref: str, *, status: str | None = None) -> Rec:
        """The case of this organisation with this reference, created on first sight."""
        org_id = self.record["org_id"]
        case = self.cases.get((org_id, case_ref))
        if case is None and not self.cases_loaded:
            assert self.session is not None, "cases are looked up by the importer, never in a worker"
            query = select(Case.id, Case.cas_Status, Case.opened_on).where(
                Case.org_id == org_id, Case.case_ref == case_ref
            )
            found = self.session.execute(query).first()
            if found is not None:
                case = Rec(Case, {"cas_Status": found[1], "opened_on": found[2]}, id=found[0])
        if case is None:
            case = self.new(
                Case,
                org_id=org_id,
                case_ref=case_ref,
                cas_Status=status or "Active",
                source_type=self.record["source_type"],
            )
        elif status and case["cas_Status"] != status:
            case["cas_Status"] = status
        if case.existing:
            self.rows.append(case)  # stored already: written back (an UPDATE) if this row changes it
        self.cases[(org_id, case_ref)] = case
        return case


def split_full_name(full: str) -> tuple[str | None, str | None]:
    """(first, second) of a name as written, without guessing the order: the whole stays in full_name."""
    parts = full.split()
    if len(parts) < 2:
        return full or None, None
    return " ".join(parts[:-1]), parts[-1]


def build_person(
    ctx: RowSink[H],
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
    expiry_date: date | None = None,
    mrz: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    address_country: str | None = None,
    language: str | None = None,
    aliases: tuple[str, ...] = (),
) -> tuple[H, H | None]:
    """A person as this record describes them, with names, document, phone and address (its own
    rows, `RowSink.person_row`): the person and its document (None without a document number).

    The one definition of a person's columns, whatever `ctx` makes of them: records (`MapContext`)
    or the rows to insert (tipnet.ingest.prepare's direct path)."""
    # the given parts joined by a space (a join of a generator cost four times as much)
    full = full or (f"{first} {second}" if first and second else first or second) or None
    person = ctx.new(
        Person,
        {"source_record_id": ctx.record},
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
    own = ctx.person_row
    if full:
        own(person, PersonName, kind="primary", name=full)
    if native:
        own(person, PersonName, kind="native", name=native)
    for alias in aliases:
        own(person, PersonName, kind="alias", name=alias)
    document = None
    if document_number:
        document = own(
            person,
            IdentityDocument,
            document_number=document_number,
            document_type=document_type,
            issuing_state=issuing_state,
            expiry_date=expiry_date,
            mrz=mrz,
        )
    if phone:
        own(person, Phone, number=phone)
    if address:
        own(person, Address, text=address, country=address_country)
    return person, document
