"""Who works a case: each organisation working a case (its owner, a shelter holding an accepted
referral) names one of its workers for it, as Primero's "record owner" and OSCaR's case worker.

A worker takes an unassigned case of their organisation; assigning it to someone else or
reassigning it is a supervisor's (case:assign), with a reason when it takes the case from a worker.
Every change is audited as an update of the case naming the accounts (ids, never a victim's data),
so the case's history shows who had it when. Whoever opens a case is its first assignee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.scope import load_for_write
from tipnet.errors import Forbidden, Invalid
from tipnet.security import audit
from tipnet.security.roles import Perm, allowed
from tipnet.security.users import Principal
from tipnet.store.tables.cases import CaseAssignment
from tipnet.store.tables.security import UserAccount


@dataclass(frozen=True)
class Worker:
    user_id: int
    username: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def workers(session: Session, org_id: int) -> list[Worker]:
    """The active accounts of an organisation who may be given a case (they write cases)."""
    rows = session.execute(
        select(UserAccount.id, UserAccount.username, UserAccount.role)
        .where(UserAccount.org_id == org_id, UserAccount.active.is_(True))
        .order_by(UserAccount.username)
    ).all()
    return [Worker(uid, name) for uid, name, role in rows if allowed(role, Perm.CASE_WRITE)]


def assignee(session: Session, case_id: int, org_id: int) -> Worker | None:
    """The organisation's worker on the case, if any."""
    row = session.execute(
        select(UserAccount.id, UserAccount.username)
        .join(CaseAssignment, CaseAssignment.user_id == UserAccount.id)
        .where(CaseAssignment.case_id == case_id, CaseAssignment.org_id == org_id)
    ).first()
    return Worker(row[0], row[1]) if row else None


def start(session: Session, principal: Principal, case_id: int) -> None:
    """The worker who opens a case is its first assignee (audited with the case's creation)."""
    session.add(
        CaseAssignment(
            case_id=case_id,
            org_id=principal.org_id,
            user_id=principal.user_id,
            assigned_at=_now(),
            assigned_by=principal.username,
        )
    )


def assign(
    session: Session, principal: Principal, case_id: int, username: str, *, reason: str | None = None
) -> Worker:
    """Give the case to `username` for the principal's organisation. Taking an unassigned case for
    oneself needs case:write; anything else case:assign; taking it from a worker needs a reason."""
    case = load_for_write(session, principal, case_id, Perm.CASE_WRITE)
    target = next((w for w in workers(session, principal.org_id) if w.username == username), None)
    if target is None:
        raise Invalid("assignee: not a case worker of your organisation")
    row = session.scalar(
        select(CaseAssignment).where(
            CaseAssignment.case_id == case.id, CaseAssignment.org_id == principal.org_id
        )
    )
    before = row.user_id if row is not None else None
    if before == target.user_id:
        return target
    taking = row is None and target.user_id == principal.user_id
    if not taking and not principal.can(Perm.CASE_ASSIGN):
        raise Forbidden("only a supervisor assigns or reassigns a case")
    if before is not None and not reason:
        raise Invalid("why: required: the reason for reassigning")
    if row is None:
        row = CaseAssignment(case_id=case.id, org_id=principal.org_id)
        session.add(row)
    row.user_id, row.assigned_at, row.assigned_by = target.user_id, _now(), principal.username
    session.flush()
    audit.record(
        session,
        principal.username,
        "update",
        "case",
        case.id,
        reason=reason,
        details={"fields": ["assignee"], "assignee": [before, target.user_id], "org": principal.org_id},
    )
    return target
