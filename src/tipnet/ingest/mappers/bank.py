"""Banks: an account and its holder as the bank's know-your-customer file describes them.

The optional `holder_type` (`person` or `company`) keeps a company holder a company (`company`), never a
person, with the row's KYC read as a company's (document: registration number; birth date: date of
incorporation; nationality: country); without it every holder is a person, as before."""

from __future__ import annotations

from tipnet.ingest.errors import RowError
from tipnet.ingest.mappers.common import MapContext, build_person, split_full_name
from tipnet.store.bulk import Rec
from tipnet.store.tables.finance import Account, Company
from tipnet.vocab.codelists import alpha2


def apply(ctx: MapContext) -> None:
    row = ctx.row
    account_number = row.text("account_number", required=True, max_len=64)
    full = row.text("full_name", required=True)
    birth = row.partial_date("birth_date")
    nationality = row.country("nationality")
    phone = row.phone("phone")
    address = row.text("address", max_len=1000)
    opened = row.date("opened_on")
    holder_type = (row.text("holder_type", max_len=16) or "").lower() or None
    if holder_type not in (None, "person", "company"):
        raise RowError("holder_type", "not person or company")
    if holder_type == "company":
        if len(full) > 300:
            raise RowError("full_name", f"too long ({len(full)} characters, at most 300)")
        # the company's KYC: the identity document is its registration, the birth date its
        # incorporation, the nationality its country (goAML's t_entity_my_client needs them)
        company = ctx.new(
            Company,
            {"source_record_id": ctx.record},
            name=full,
            registration_number=row.text("id_document_number", max_len=64),  # as registered
            incorporated_on=birth.to_date() if birth is not None else None,
            phone=phone,
            address=address,
            country=alpha2(nationality),
        )
        ctx.new(
            Account,
            {"holder_company_id": company, "source_record_id": ctx.record},
            org_id=ctx.record["org_id"],
            account_number=account_number,
            opened_on=opened,
            holder_type="company",
        )
        return
    document_number = row.document_number("id_document_number")
    first, second = split_full_name(full)
    person, _ = build_person(
        ctx,
        first=first,
        second=second,
        full=full,
        birth=birth,
        citizenship=[nationality] if nationality else [],
        document_number=document_number,
        phone=phone,
        address=address,
    )
    account: Rec = ctx.new(
        Account,
        {"holder_person_id": person, "source_record_id": ctx.record},
        org_id=ctx.record["org_id"],
        account_number=account_number,
        opened_on=opened,
    )
    if holder_type is not None:
        account["holder_type"] = holder_type
