"""Referral handover between case systems. Outgoing: a case's outgoing referral to the organisation
standing for a partner travels in a bundle of purpose "referral" (the case reference, the HTCDS
reason, the date, and which records belong to it). Incoming: the receiver opens a case owned by
the partner's organisation, adds the received persons (identifying fields sealed, as every victim's
are), and files a pending referral to the organisation that receives the partner's handovers, so it
lands in the existing incoming-referral queue ("My work": referrals awaiting our answer) and is
accepted or rejected there like any other.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.security import audit, sealing
from tipnet.security.keys import Keyring
from tipnet.sharing.agreements import IDENTIFYING_FIELDS
from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.manifest import Record
from tipnet.store.tables.cases import Case, CasePerson, Referral
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonBlindIndex, PersonSecret
from tipnet.store.tables.sharing import Partner
from tipnet.vocab import VocabError
from tipnet.vocab.codelists import validate

_CONTEXT_SINGLE = (
    "vic_TraffickingStatus",
    "vic_RelationshipToTrafficker",
    "vic_AgeWhenTrafficked",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
    "vic_ForcedLabourIndustry",
)
_CONTEXT_LISTS = (
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_Vulnerabilities",
    "vic_TypeOfSexExploitation",
    "per_RoleInProcess",
)


def outgoing(session: Session, referral_id: int, partner: Partner, case_ids: list[int]) -> dict[str, Any]:
    """The referral block of a handover bundle, from a case's outgoing referral to the partner."""
    row = session.get(Referral, referral_id)
    if row is None or row.case_id not in case_ids:
        raise NotFound(f"referral {referral_id}: not found among the cases shared")
    if row.direction != "out" or row.to_org_id is None or row.to_org_id != partner.org_id:
        raise Invalid(
            f"referral {referral_id}: not an outgoing referral to partner {partner.code}'s organisation"
        )
    if row.status not in ("pending", "accepted"):
        raise Invalid(f"referral {referral_id}: {row.status}, nothing to hand over")
    case = session.get(Case, row.case_id)
    assert case is not None
    return {
        "case_id": case.id,  # removed before sending
        "case_ref": case.case_ref,
        "reason": row.reason,
        "referral_date": row.referral_date.isoformat() if row.referral_date else None,
    }


def land(
    session: Session,
    ring: Keyring,
    partner: Partner,
    referral: dict[str, Any],
    records: dict[str, Record],
    *,
    actor: str,
) -> tuple[int, dict[str, int]]:
    """Open the handed-over case and its pending referral; (case id, case person id per record ref)."""
    if partner.deliver_to_org_id is None or partner.org_id is None:
        raise BundleRefused(
            f"the bundle hands a case over, and partner {partner.code} has no receiving organisation: "
            "set one (`tipnet partners deliver-to`), then import again; nothing was written"
        )
    case_ref = str(referral["case_ref"])[:200]
    case = session.scalar(select(Case).where(Case.org_id == partner.org_id, Case.case_ref == case_ref))
    if case is None:
        case = Case(
            org_id=partner.org_id,
            case_ref=case_ref,
            cas_Status="Active",
            opened_on=date.today(),
            source_type="partner",
        )
        session.add(case)
        session.flush()
    placed: dict[str, int] = {}
    for ref in referral.get("records") or []:
        rec = records.get(ref)
        if rec is None:  # rejected, or not in the bundle
            continue
        placed[ref] = _person(session, ring, case, rec)
    reason = referral.get("reason")
    try:
        reason = validate("cas_ReasonForOutgoingReferral", str(reason)) if reason else None
    except VocabError:
        reason = None
    try:
        when = date.fromisoformat(str(referral.get("referral_date")))
    except ValueError:
        when = date.today()
    row = Referral(
        case_id=case.id,
        direction="out",
        from_org_id=partner.org_id,
        to_org_id=partner.deliver_to_org_id,
        referral_date=when,
        reason=reason,
        status="pending",
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "referral",
        row.id,
        details={"case": case.id, "from_partner": partner.code, "persons": len(placed)},
    )
    return case.id, placed


def _person(session: Session, ring: Keyring, case: Case, rec: Record) -> int:
    f = rec.fields
    birth = f.get("prs_Birthdate")
    person = Person(
        prs_Gender=f.get("prs_Gender"),
        prs_Citizenship=f.get("prs_Citizenship") or [],
        prs_PrimaryLanguage=f.get("prs_PrimaryLanguage"),
        birth_year=int(birth[:4]) if isinstance(birth, str) else f.get("birth_year"),
        names=[],
        phones=[],
        documents=[],
        addresses=[],
    )
    session.add(person)
    session.flush()
    payload = {k: v for k, v in f.items() if k in IDENTIFYING_FIELDS}
    if "full_name" not in payload:
        name = " ".join(str(f[k]) for k in ("prs_FirstName", "prs_MiddleName", "prs_SecondName") if f.get(k))
        if name:
            payload["full_name"] = name
    sealing.seal_person(session, person, payload, ring)  # every person a partner sends is sealed
    cp = CasePerson(case_id=case.id, person_id=person.id, role=rec.role)
    for name in _CONTEXT_SINGLE:
        if name in f:
            setattr(cp, name, f[name])
    for name in _CONTEXT_LISTS:
        setattr(cp, name, list(f.get(name) or []))
    session.add(cp)
    session.flush()
    return cp.id


def forget_identity(session: Session, case_person_ids: list[int]) -> int:
    """Delete the sealed identity (and blind indexes) of handed-over persons whose record is
    withdrawn or expired: the case keeps its codes, no longer who the person is."""
    if not case_person_ids:
        return 0
    person_ids = list(session.scalars(select(CasePerson.person_id).where(CasePerson.id.in_(case_person_ids))))
    if not person_ids:
        return 0
    session.execute(delete(PersonBlindIndex).where(PersonBlindIndex.person_id.in_(person_ids)))
    session.execute(delete(PersonSecret).where(PersonSecret.person_id.in_(person_ids)))
    return len(person_ids)
