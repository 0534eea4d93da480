"""Which cases a caller sees and may change: every case service loads its case through here.

A user sees the cases of their organisation's scope (tipnet.security.scope: the cases it opened and
those referred to it); writes need the owner organisation or an accepted referral. A case outside
scope is reported as not found, never as forbidden, so ids reveal nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Forbidden, NotFound
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import visible_cases
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson, Referral


def load_case(session: Session, principal: Principal, case_id: int, *options: Any) -> Case:
    """The case if the principal may read it and it is in scope; NotFound otherwise."""
    require(principal, Perm.CASE_READ)
    stmt = visible_cases(principal).where(Case.id == case_id)
    if options:
        stmt = stmt.options(*options)
    case = session.scalar(stmt)
    if case is None:
        raise NotFound("case not found")
    return case


def writable(session: Session, principal: Principal, case: Case) -> bool:
    """Whether the principal's organisation owns the case or holds an accepted referral of it."""
    if case.org_id == principal.org_id:
        return True
    stmt = select(Referral.id).where(
        Referral.case_id == case.id, Referral.to_org_id == principal.org_id, Referral.status == "accepted"
    )
    return session.scalar(stmt) is not None


CLOSED = ("Closed", "ClosedReferred")


def load_for_write(
    session: Session, principal: Principal, case_id: int, perm: Perm, *, reopening: bool = False
) -> Case:
    """The case, if in scope, the principal holds `perm` and the case is writable by its organisation.
    A closed case is read-only until reopened (`reopening`: the status change itself)."""
    case = load_case(session, principal, case_id)
    require(principal, perm)
    if not writable(session, principal, case):
        raise Forbidden("this case is shared with your organisation read-only")
    if case.cas_Status in CLOSED and not reopening:
        raise Forbidden("this case is closed: reopen it to change it")
    return case


def load_for_owner(session: Session, principal: Principal, case_id: int, perm: Perm, what: str) -> Case:
    """The case, if in scope, the principal holds `perm` and its organisation opened the case.

    For what only the owner decides: who else sees the case (referring it on) and who is in it
    (adding persons). An organisation holding an accepted referral provides its services on the
    case (consent, assessment, support, follow-ups) but does not widen the case's circle; as in
    Primero, where a referral grants service access and onward referral or transfer stays with the
    record's owner. No grant of these rights to a receiver exists.
    """
    case = load_for_write(session, principal, case_id, perm)
    if case.org_id != principal.org_id:
        raise Forbidden(f"only the organisation that opened a case {what}")
    return case


def case_person(session: Session, case: Case, case_person_id: int) -> CasePerson:
    """A person of the case (NotFound for a person of another case)."""
    cp = session.get(CasePerson, case_person_id)
    if cp is None or cp.case_id != case.id:
        raise NotFound("person not found in this case")
    return cp
