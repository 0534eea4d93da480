"""Consent and referrals: a victim's word on case management and on sharing, and the transitions of a
referral between organisations (out needs every victim's consent to share; the receiver accepts or
rejects a pending referral; either side closes an accepted one)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.scope import case_person, load_case, load_for_write
from tipnet.cases.validation import iso_date, text, vocab, yes_no
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal, find_org
from tipnet.store.tables.cases import Case, Consent, Referral

REFERRAL_STATUSES = ("pending", "accepted", "rejected", "done")
CONSENT_SCOPES = ("case-management", "sharing")


def add_consent(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = load_for_write(
        session, principal, case_id, Perm.SUPPORT if principal.can(Perm.SUPPORT) else Perm.REFERRAL
    )
    cp = case_person(session, case, case_person_id)
    given = yes_no(data.get("con_Consent"))
    if given is None:
        raise Invalid("con_Consent: expected true or false")
    scope = str(data.get("scope") or "sharing")
    if scope not in CONSENT_SCOPES:
        raise Invalid(f"scope: one of {', '.join(CONSENT_SCOPES)}")
    row = Consent(
        case_person_id=cp.id,
        con_Consent=given,
        scope=scope,
        recorded_on=iso_date("recorded_on", data.get("recorded_on")) or date.today(),
    )
    session.add(row)
    if scope == "case-management":
        cp.vic_AgreementToManagePersonalData = given
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "consent",
        row.id,
        reason=reason,
        details={"case": case.id, "given": given},
    )
    return {"id": row.id}


def sharing_consented(session: Session, case: Case) -> bool:
    """Whether every victim of the case gave consent to share, by their latest word on it."""
    victims = [cp.id for cp in case.persons if cp.role == "Victim"]
    if not victims:
        return True
    latest: dict[int, bool] = {}
    for cp_id, given in session.execute(
        select(Consent.case_person_id, Consent.con_Consent)
        .where(Consent.case_person_id.in_(victims), Consent.scope == "sharing")
        .order_by(Consent.id)
    ):
        latest[cp_id] = bool(given)
    return all(latest.get(cp_id, False) for cp_id in victims)


def refer(
    session: Session, principal: Principal, case_id: int, data: dict[str, Any], *, reason: str | None = None
) -> dict[str, Any]:
    """Refer a case out to another organisation (needs the victims' consent to share), or record an
    incoming referral from one."""
    case = load_for_write(session, principal, case_id, Perm.REFERRAL)
    direction = str(data.get("direction") or "out")
    if direction not in ("in", "out"):
        raise Invalid("direction: in or out")
    other = find_org(session, str(data.get("org") or ""))
    if other is None:
        raise Invalid("org: no such organisation")
    if other.id == principal.org_id:
        raise Invalid("org: refer to another organisation")
    if direction == "out":
        if not sharing_consented(session, case):
            raise Forbidden("no consent to share recorded for every victim of this case")
        from_id, to_id = principal.org_id, other.id
        code = vocab("cas_ReasonForOutgoingReferral", data.get("reason"))
        status = "pending"
    else:
        from_id, to_id = other.id, principal.org_id
        code = vocab("cas_ReasonForIncomingReferral", data.get("reason"))
        status = "accepted"
    row = Referral(
        case_id=case.id,
        direction=direction,
        from_org_id=from_id,
        to_org_id=to_id,
        referral_date=iso_date("referral_date", data.get("referral_date")) or date.today(),
        reason=code,
        status=status,
        details=text("details", data.get("details"), 2000),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "referral",
        row.id,
        reason=reason,
        details={"case": case.id, "to_org": to_id},
    )
    return {"id": row.id, "status": row.status}


def set_referral_status(
    session: Session, principal: Principal, referral_id: int, status: str, *, reason: str | None = None
) -> dict[str, Any]:
    """The receiving organisation accepts or rejects a pending referral; either side closes an accepted one."""
    require(principal, Perm.REFERRAL)
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound("referral not found")
    load_case(session, principal, row.case_id)  # 404 outside scope
    if status not in REFERRAL_STATUSES:
        raise Invalid(f"status: one of {', '.join(REFERRAL_STATUSES)}")
    receiving = row.to_org_id == principal.org_id
    sending = row.from_org_id == principal.org_id
    allowed_moves = {
        ("pending", "accepted"): receiving,
        ("pending", "rejected"): receiving,
        ("accepted", "done"): receiving or sending,
    }
    if not allowed_moves.get((row.status, status)):
        raise Forbidden(f"cannot move a referral from {row.status} to {status}")
    row.status = status
    audit.record(
        session, principal.username, "update", "referral", row.id, reason=reason, details={"status": status}
    )
    return {"id": row.id, "status": row.status}
