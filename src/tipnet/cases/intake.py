"""Open a referred case as our own (Primero's and OSCaR's "accept and open"): the organisation that
accepted a referral opens its own case for the same victims, linked to the sender's, so its work
(assessment, consent, services, follow-ups) is its own record while the referral keeps the link.
The persons are the same records (one person, several cases); their sealed identities are not copied.
Opening is audited on both cases; the new case is not referred on or exported (the owner decides who
else sees its victims).
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases import assignment
from tipnet.cases.scope import load_case
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson, Referral


def open_as_own_case(
    session: Session, principal: Principal, referral_id: int, *, reason: str | None = None
) -> int:
    """The new case's id: the principal's organisation's case for the victims of an accepted
    referral to it; once per referral; audited as a creation naming the referral and the case."""
    require(principal, Perm.CASE_WRITE)
    require(principal, Perm.REFERRAL)
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound("referral not found")
    try:
        sender = load_case(session, principal, row.case_id)
    except NotFound:  # outside scope: as no such referral
        raise NotFound("referral not found") from None
    if row.to_org_id != principal.org_id or row.status != "accepted":
        raise Forbidden("only the organisation that accepted a referral opens it as its case")
    if row.opened_case_id is not None:
        raise Invalid(f"referral: opened as case {row.opened_case_id} already")
    ref = f"{sender.case_ref}-R{row.id}"[:200]
    if session.scalar(select(Case.id).where(Case.org_id == principal.org_id, Case.case_ref == ref)):
        ref = f"TN-{date.today():%Y%m%d}-{secrets.token_hex(4).upper()}"
    case = Case(
        org_id=principal.org_id,
        case_ref=ref,
        cas_Status="Active",
        opened_on=date.today(),
        source_type="cases",
    )
    session.add(case)
    session.flush()
    victims = [cp.person_id for cp in sender.persons if cp.role == "Victim"]
    session.add_all(CasePerson(case_id=case.id, person_id=pid, role="Victim") for pid in victims)
    assignment.start(session, principal, case.id)
    row.opened_case_id = case.id
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(victims), "from_referral": row.id, "linked_case": sender.id},
    )
    # The sender's audit (and its case's history) shows its victims now in another case too.
    audit.record(
        session,
        principal.username,
        "update",
        "referral",
        row.id,
        reason=reason,
        details={"case": sender.id, "fields": ["opened_case_id"], "opened_case": case.id},
    )
    return case.id


ONWARD = "onward referral stays with the original owner: ask the organisation that referred the case"


def refuse_onward(session: Session, case_id: int) -> None:
    """A case opened from a referral is not referred on or exported by its receiver (cases/scope.py's
    rule: who else sees the victims is the original owner's decision)."""
    if opened_from(session, case_id) is not None:
        raise Forbidden(ONWARD)


def opened_from(session: Session, case_id: int) -> tuple[int, str] | None:
    """The sender's case (id, reference) a case was opened from, if it was."""
    found = session.execute(
        select(Case.id, Case.case_ref)
        .join(Referral, Referral.case_id == Case.id)
        .where(Referral.opened_case_id == case_id)
    ).first()
    return (found[0], found[1]) if found else None
