"""Consent and referrals: a victim's word on case management and on sharing, and the transitions of a
referral between organisations (out needs every victim's consent to share; the receiver accepts or
rejects a pending referral; either side closes an accepted one)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases import free_text, intake
from tipnet.cases.models import ConsentIn, ReferralIn, ReferralStatusIn
from tipnet.cases.responses import Created, ReferralState
from tipnet.cases.scope import case_person, load_case, load_for_owner, load_for_write
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security import audit, textseal
from tipnet.security.keys import Keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal, find_org
from tipnet.store.tables.cases import Case, Consent, Referral


def add_consent(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    consent: ConsentIn,
    *,
    reason: str | None = None,
) -> Created:
    """Record a person's word on case management or on sharing (the latest word counts)."""
    case = load_for_write(
        session, principal, case_id, Perm.SUPPORT if principal.can(Perm.SUPPORT) else Perm.REFERRAL
    )
    cp = case_person(session, case, case_person_id)
    given = consent.con_Consent
    row = Consent(
        case_person_id=cp.id,
        con_Consent=given,
        scope=consent.scope,
        recorded_on=consent.recorded_on or date.today(),
        method=consent.method,
        explained_by=consent.explained_by,
        purposes=(consent.purposes or None) if consent.scope == "sharing" else None,
        partners=(consent.partners or None) if consent.scope == "sharing" else None,
    )
    session.add(row)
    if consent.scope == "case-management":
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
    return Created(id=row.id)


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
    session: Session,
    principal: Principal,
    case_id: int,
    referral: ReferralIn,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> ReferralState:
    """Refer a case out to another organisation (needs the victims' consent to share), or record an
    incoming referral from one."""
    case = load_for_owner(session, principal, case_id, Perm.REFERRAL, "refers it to another organisation")
    direction = referral.direction
    other = find_org(session, referral.org)
    if other is None:
        raise Invalid("org: no such organisation")
    if other.id == principal.org_id:
        raise Invalid("org: refer to another organisation")
    if direction == "out":
        intake.refuse_onward(session, case.id)
        if not sharing_consented(session, case):
            raise Forbidden("no consent to share recorded for every victim of this case")
        from_id, to_id, status = principal.org_id, other.id, "pending"
    else:
        from_id, to_id, status = other.id, principal.org_id, "accepted"
    row = Referral(
        case_id=case.id,
        direction=direction,
        from_org_id=from_id,
        to_org_id=to_id,
        referral_date=referral.referral_date or date.today(),
        reason=referral.reason,  # of the direction's HTCDS code list (ReferralIn checks it)
        status=status,
        details=referral.details,
    )
    held = textseal.take_clear(row)  # the details never reach the table in clear
    session.add(row)
    session.flush()
    texts = free_text.seal_and_flag(session, case, [(row, held)], ring)
    audit.record(
        session,
        principal.username,
        "create",
        "referral",
        row.id,
        reason=reason,
        details={"case": case.id, "to_org": to_id},
    )
    return ReferralState(id=row.id, status=row.status, text_warnings=texts)


def set_referral_status(
    session: Session,
    principal: Principal,
    referral_id: int,
    change: ReferralStatusIn,
    *,
    reason: str | None = None,
) -> ReferralState:
    """The receiving organisation accepts or rejects a pending referral; either side closes an accepted one."""
    require(principal, Perm.REFERRAL)
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound("referral not found")
    try:
        load_case(session, principal, row.case_id)
    except NotFound:  # outside scope: the same answer as no such referral (no existence oracle)
        raise NotFound("referral not found") from None
    status = change.status
    receiving = row.to_org_id == principal.org_id
    sending = row.from_org_id == principal.org_id
    allowed_moves = {
        ("pending", "accepted"): receiving,
        ("pending", "rejected"): receiving,
        ("accepted", "done"): receiving or sending,
    }
    if not allowed_moves.get((row.status, status)):
        raise Forbidden(f"cannot move a referral from {row.status} to {status}")
    if status == "rejected" and not reason:
        # The sender must learn why; the reason is the audit entry's, as every change's "why".
        raise Invalid("why: a reason is required to reject a referral")
    row.status = status
    audit.record(
        session,
        principal.username,
        "update",
        "referral",
        row.id,
        reason=reason,
        details={"status": status, "case": row.case_id},  # the case's history shows the answer
    )
    return ReferralState(id=row.id, status=row.status)
