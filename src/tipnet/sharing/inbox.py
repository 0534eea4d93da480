"""What partners sent us, for the organisation that receives each partner's records (the one set
with `tipnet partners add --deliver-to`): the list (references, purposes, dates: no personal data)
for case readers, and one record's fields for those who may identify victims. Both audited, the
record's fields as a view of victim data with the reason given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import NotFound
from tipnet.security import audit
from tipnet.security.keys import Keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.sharing.receive import open_content
from tipnet.store.tables.sharing import Partner, ReceivedRecord

LIMIT = 500


@dataclass(frozen=True)
class Item:
    id: int
    partner: str
    role: str
    purpose: str
    fields: list[str]
    received_at: datetime
    retain_until: str
    status: str
    handed_over: bool


def _mine(principal: Principal) -> Any:
    return select(Partner.id).where(Partner.deliver_to_org_id == principal.org_id)


def received(session: Session, principal: Principal, *, reason: str | None = None) -> list[Item]:
    """The records partners sent to the principal's organisation, newest first (audited)."""
    require(principal, Perm.CASE_READ)
    rows = session.execute(
        select(ReceivedRecord, Partner.code)
        .join(Partner, Partner.id == ReceivedRecord.partner_id)
        .where(ReceivedRecord.partner_id.in_(_mine(principal)), ReceivedRecord.status == "active")
        .order_by(ReceivedRecord.received_at.desc(), ReceivedRecord.id.desc())
        .limit(LIMIT)
    ).all()
    items = [
        Item(
            id=r.id,
            partner=code,
            role=r.role,
            purpose=r.purpose,
            fields=list(r.fields or []),
            received_at=r.received_at,
            retain_until=r.retain_until.isoformat(),
            status=r.status,
            handed_over=r.case_person_id is not None,
        )
        for r, code in rows
    ]
    audit.record(
        session,
        principal.username,
        "view",
        "received_record",
        None,
        reason=reason,
        details={"listed": len(items)},
    )
    return items


def record(
    session: Session, principal: Principal, record_id: int, ring: Keyring, *, reason: str | None = None
) -> tuple[Item, dict[str, Any]]:
    """One received record with its fields (unsealed), for roles that identify victims (audited)."""
    require(principal, Perm.CASE_READ)
    require(principal, Perm.PERSON_IDENTIFY)
    found = session.execute(
        select(ReceivedRecord, Partner.code)
        .join(Partner, Partner.id == ReceivedRecord.partner_id)
        .where(
            ReceivedRecord.id == record_id,
            ReceivedRecord.partner_id.in_(_mine(principal)),
            ReceivedRecord.status == "active",
        )
    ).first()
    if found is None:  # another organisation's, withdrawn, purged: the same answer
        raise NotFound("received record not found")
    row, code = found
    content = open_content(session, ring, row)
    values = content.get("fields")
    fields: dict[str, Any] = values if isinstance(values, dict) else {}
    audit.record(
        session,
        principal.username,
        "view",
        "received_record",
        row.id,
        reason=reason,
        details={"partner": code, "fields": sorted(fields)},
    )
    item = Item(
        id=row.id,
        partner=code,
        role=row.role,
        purpose=row.purpose,
        fields=list(row.fields or []),
        received_at=row.received_at,
        retain_until=row.retain_until.isoformat(),
        status=row.status,
        handed_over=row.case_person_id is not None,
    )
    return item, fields
