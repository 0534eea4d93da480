"""Which partners were told what about a case, and when: the sent log of the case's persons (partner,
purpose, fields sent and withheld, when, by whom, the withdrawal sent), the withdrawals still due,
and what partners handed over into it. Field names, codes and dates only: reading it is still
audited as a view of the case (it tells who holds a victim's data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.security import audit
from tipnet.sharing.consent import pending_withdrawals
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.sharing import Partner, ReceivedRecord, SharedRecord


@dataclass(frozen=True)
class Told:
    partner: str
    partner_name: str
    case_person_id: int | None
    role: str | None
    purpose: str
    fields: list[str]
    withheld: list[str]
    sent_at: datetime
    sent_by: str
    handover: bool
    withdrawn_at: datetime | None
    withdrawal_due: bool


@dataclass(frozen=True)
class Received:
    partner: str
    case_person_id: int | None
    purpose: str
    fields: list[str]
    received_at: datetime
    retain_until: str
    status: str


@dataclass(frozen=True)
class CaseSharing:
    told: list[Told]
    received: list[Received]

    @property
    def withdrawals_due(self) -> int:
        return sum(1 for t in self.told if t.withdrawal_due)


def case_sharing(session: Session, case_id: int, *, actor: str, reason: str | None = None) -> CaseSharing:
    """The case's sharing history (the caller checked the case is in the reader's scope); audited."""
    roles = dict(
        session.execute(select(CasePerson.id, CasePerson.role).where(CasePerson.case_id == case_id)).all()
    )
    due = {(p.partner_id, p.record_ref) for p in pending_withdrawals(session) if p.case_id == case_id}
    told = [
        Told(
            partner=code,
            partner_name=name,
            case_person_id=row.case_person_id,
            role=roles.get(row.case_person_id or -1),
            purpose=row.purpose,
            fields=list(row.fields or []),
            withheld=list(row.withheld or []),
            sent_at=row.sent_at,
            sent_by=row.sent_by,
            handover=row.referral_id is not None,
            withdrawn_at=row.withdrawn_at,
            withdrawal_due=(row.partner_id, row.record_ref) in due,
        )
        for row, code, name in session.execute(
            select(SharedRecord, Partner.code, Partner.name)
            .join(Partner, Partner.id == SharedRecord.partner_id)
            .where(SharedRecord.case_id == case_id)
            .order_by(SharedRecord.sent_at, SharedRecord.id)
        )
    ]
    received = [
        Received(
            partner=code,
            case_person_id=row.case_person_id,
            purpose=row.purpose,
            fields=list(row.fields or []),
            received_at=row.received_at,
            retain_until=row.retain_until.isoformat(),
            status=row.status,
        )
        for row, code in session.execute(
            select(ReceivedRecord, Partner.code)
            .join(Partner, Partner.id == ReceivedRecord.partner_id)
            .where(ReceivedRecord.case_person_id.in_(list(roles) or [-1]))
            .order_by(ReceivedRecord.id)
        )
    ]
    audit.record(
        session,
        actor,
        "view",
        "case",
        case_id,
        reason=reason,
        details={"sharing_log": True, "told": len(told), "received": len(received)},
    )
    return CaseSharing(told=told, received=received)
