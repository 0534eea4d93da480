"""Supervisor approvals, as Primero's: where an organisation asks for them (its administrator
chooses the steps), closing a case or deciding a victim's trafficking status waits for a
supervisor's sign-off (case:assign) instead of taking effect. The request holds only a code (the
status asked for); the closing reason is sealed on the case as on any closing. Supervisors' own
steps need no second signature. Requests, answers and the change they make are audited.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.scope import CLOSED, case_person, load_for_write
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security import audit, textseal
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import ApprovalRequest, Case, CasePerson
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import VocabError, validate

STEPS = ("closure", "trafficking_status")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def policy(session: Session, org_id: int) -> list[str]:
    """The steps the organisation's supervisors sign off."""
    org = session.get(Organisation, org_id)
    return [s for s in (org.approvals or []) if s in STEPS] if org is not None else []


def set_policy(session: Session, principal: Principal, steps: list[str]) -> list[str]:
    """The administrator chooses the steps that need approval in their organisation (audited)."""
    require(principal, Perm.USER_MANAGE)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise Invalid(f"approvals: one of {', '.join(STEPS)}")
    org = session.get(Organisation, principal.org_id)
    if org is None:
        raise NotFound("organisation not found")
    before = policy(session, org.id)
    org.approvals = [s for s in STEPS if s in steps]
    audit.record(
        session,
        principal.username,
        "update",
        "organisation",
        org.id,
        details={"fields": ["approvals"], "approvals": [before, org.approvals]},
    )
    return org.approvals


def required(session: Session, principal: Principal, step: str, case_org_id: int | None = None) -> bool:
    """Whether the principal's `step` waits for a supervisor (never for a supervisor's own). The
    case owner's policy counts too: a receiving organisation that asks for none does not bypass it."""
    if principal.can(Perm.CASE_ASSIGN):
        return False
    orgs = {principal.org_id} | ({case_org_id} if case_org_id is not None else set())
    return any(step in policy(session, org) for org in orgs)


def request(
    session: Session,
    principal: Principal,
    case: Case,
    step: str,
    value: str,
    case_person_id: int | None = None,
) -> ApprovalRequest:
    """Ask for the sign-off of `step` (one pending request per step and person at a time), of the
    requester's supervisors, or the case owner's where only the owner asks for approval."""
    org_id = principal.org_id if step in policy(session, principal.org_id) else case.org_id
    waiting = session.scalar(
        select(ApprovalRequest.id).where(
            ApprovalRequest.case_id == case.id,
            ApprovalRequest.org_id == org_id,
            ApprovalRequest.step == step,
            ApprovalRequest.status == "pending",
            (ApprovalRequest.case_person_id == case_person_id)
            if case_person_id is not None
            else ApprovalRequest.case_person_id.is_(None),
        )
    )
    if waiting is not None:
        raise Invalid("approval: already awaiting a supervisor's approval")
    row = ApprovalRequest(
        case_id=case.id,
        org_id=org_id,
        case_person_id=case_person_id,
        step=step,
        value=value,
        requested_by=principal.username,
        requested_at=_now(),
        status="pending",
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "approval_request",
        row.id,
        details={"case": case.id, "step": step, "value": value},
    )
    return row


@dataclass(frozen=True)
class Pending:
    id: int
    case_id: int
    case_ref: str
    case_person_id: int | None
    step: str
    value: str
    requested_by: str
    requested_at: datetime


def pending(session: Session, principal: Principal, case_id: int | None = None) -> list[Pending]:
    """The organisation's requests awaiting an answer (of one case, or all: a supervisor's list)."""
    stmt = (
        select(ApprovalRequest, Case.case_ref)
        .join(Case, Case.id == ApprovalRequest.case_id)
        .where(ApprovalRequest.org_id == principal.org_id, ApprovalRequest.status == "pending")
        .order_by(ApprovalRequest.requested_at, ApprovalRequest.id)
        .limit(200)
    )
    if case_id is not None:
        stmt = stmt.where(ApprovalRequest.case_id == case_id)
    return [
        Pending(r.id, r.case_id, ref, r.case_person_id, r.step, r.value, r.requested_by, r.requested_at)
        for r, ref in session.execute(stmt)
    ]


def decide(
    session: Session, principal: Principal, request_id: int, approve: bool, *, reason: str | None = None
) -> ApprovalRequest:
    """A supervisor's answer; an approval makes the change asked for (audited as that change)."""
    require(principal, Perm.CASE_ASSIGN)
    row = session.get(ApprovalRequest, request_id)
    if row is None or row.org_id != principal.org_id:
        raise NotFound("approval request not found")
    if row.status != "pending":
        raise Invalid(f"approval: already {row.status}")
    if row.requested_by == principal.username:
        raise Forbidden("approval: another supervisor answers a request than who asked for it")
    if not approve and not reason:
        raise Invalid("why: required to reject a request")
    case = load_for_write(session, principal, row.case_id, Perm.CASE_WRITE)
    if approve:
        _apply(session, principal, case, row, reason)
    elif row.step == "closure":  # the closing reason sealed with the request goes with it
        textseal.forget(session, "case", case.id, "cas_ReasonForCaseClosure", None)
    row.status = "approved" if approve else "rejected"
    row.decided_by, row.decided_at = principal.username, _now()
    audit.record(
        session,
        principal.username,
        "update",
        "approval_request",
        row.id,
        reason=reason,
        details={"case": case.id, "step": row.step, "status": row.status},
    )
    return row


def _apply(
    session: Session, principal: Principal, case: Case, row: ApprovalRequest, reason: str | None
) -> None:
    if row.step == "closure":
        if case.cas_Status in CLOSED:
            raise Forbidden("this case is closed already")
        was, case.cas_Status = case.cas_Status, row.value
        details = {"fields": ["cas_Status"], "status": [was, row.value], "approval": row.id}
        audit.record(session, principal.username, "update", "case", case.id, reason=reason, details=details)
        return
    cp = case_person(session, case, row.case_person_id or -1)
    cp.vic_TraffickingStatus = row.value
    set_decision_org(session, cp, row.org_id)
    audit.record(
        session,
        principal.username,
        "update",
        "case_person",
        cp.id,
        reason=reason,
        details={"case": case.id, "fields": ["vic_TraffickingStatus"], "approval": row.id},
    )


def set_decision_org(session: Session, cp: CasePerson, org_id: int) -> None:
    """Record who made a trafficking-status decision (the deciding organisation's type), once."""
    if cp.vic_TraffickingStatusDecisionMakingOrg:
        return
    org = session.get(Organisation, org_id)
    if org is not None and org.org_Type:
        with contextlib.suppress(VocabError):
            cp.vic_TraffickingStatusDecisionMakingOrg = validate(
                "vic_TraffickingStatusDecisionMakingOrg", org.org_Type
            )
