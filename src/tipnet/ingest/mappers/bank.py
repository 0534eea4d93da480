"""Banks: an account and its holder as the bank's know-your-customer file describes them."""

from __future__ import annotations

from tipnet.ingest.mappers.common import MapContext, build_person, split_full_name
from tipnet.store.tables.finance import Account


def apply(ctx: MapContext) -> None:
    row = ctx.row
    account_number = row.text("account_number", required=True, max_len=64)
    full = row.text("full_name", required=True)
    birth = row.partial_date("birth_date")
    nationality = row.country("nationality")
    document_number = row.document_number("id_document_number")
    phone = row.phone("phone")
    address = row.text("address", max_len=1000)
    opened = row.date("opened_on")
    first, second = split_full_name(full)
    person = build_person(
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
    ctx.new(
        Account,
        {"holder_person_id": person, "source_record_id": ctx.record},
        org_id=ctx.record["org_id"],
        account_number=account_number,
        opened_on=opened,
    )
