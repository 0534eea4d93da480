"""The case service: open, read, list, change and export cases and their persons, and the aggregate
figures of a caller's scope. Every read and change of case data goes through the cases package, so
permission, organisation scope (tipnet.cases.scope), validation (tipnet.cases.validation), sealing
of victim identities and audit are applied once for the API and the web pages alike.

The workflow on a case lives beside it, one module per resource: the victim-identification
assessment (tipnet.cases.assessment), consent and referrals (tipnet.cases.referrals), support
plans and follow-ups (tipnet.cases.support), and legal proceedings (tipnet.cases.proceedings).
"""

from __future__ import annotations

import contextlib
import re
import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tipnet.cases.duplicates import find_duplicates
from tipnet.cases.referrals import sharing_consented
from tipnet.cases.scope import case_person, load_case, load_for_write, scoped_ids, visible_cases, writable
from tipnet.cases.validation import (
    VIC_LISTS,
    VIC_SINGLE,
    apply_context,
    country,
    iso_date,
    normalize_role,
    normalize_status,
    person_payload,
    text,
    vocab,
)
from tipnet.errors import Forbidden, Invalid
from tipnet.security import audit, fields, sealing
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson, FollowUp, LegalProceeding, VictimAssessment
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonSecret
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import VocabError, normalize_language, validate

# Roles whose identifying fields are sealed; suspects stay in clear (and searchable).
SEALED_ROLES = frozenset({"Victim", "Witness"})


def _new_person(
    session: Session, principal: Principal, case: Case, data: dict[str, Any], ring: Keyring | None
) -> tuple[CasePerson, list[dict[str, Any]]]:
    role = normalize_role(data.get("role"))
    payload = person_payload(data)
    citizenship = data.get("prs_Citizenship") or []
    if isinstance(citizenship, str):
        citizenship = [c for c in re.split(r"[;, ]+", citizenship) if c]
    if not isinstance(citizenship, list) or len(citizenship) > 5:
        raise Invalid("prs_Citizenship: expected a list of country codes")
    language = data.get("prs_PrimaryLanguage")
    try:
        language = normalize_language(str(language)) if language else None
    except VocabError:
        raise Invalid("prs_PrimaryLanguage: not an ISO 639 language") from None
    birth = payload.get("prs_Birthdate")
    person = Person(
        prs_Gender=vocab("prs_Gender", data.get("prs_Gender")),
        prs_Citizenship=[country("prs_Citizenship", c) for c in citizenship],
        prs_PrimaryLanguage=language,
        birth_year=int(birth[:4]) if birth else None,
        # A new person has no related rows: say so, or sealing (which empties these) would first
        # load each collection from the database.
        names=[],
        phones=[],
        documents=[],
        addresses=[],
    )
    session.add(person)
    session.flush()
    warnings = find_duplicates(
        session,
        principal,
        payload,
        ring,
        exclude=person.id,
        gender=person.prs_Gender,
        citizenship=person.prs_Citizenship,
    )
    if role in SEALED_ROLES:
        sealing.seal_person(session, person, payload, ring)
    else:
        for name in fields.IDENTIFYING_COLUMNS:
            setattr(person, name, payload.get(name))
        sealing.index_person(session, person.id, payload, ring or load_keyring())
    cp = CasePerson(case_id=case.id, person_id=person.id, role=role)
    apply_context(cp, data)
    session.add(cp)
    session.flush()
    return cp, warnings


def create_case(
    session: Session,
    principal: Principal,
    data: dict[str, Any],
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """Open a case in the caller's organisation with its persons; returns id and duplicate warnings."""
    require(principal, Perm.CASE_WRITE)
    persons = data.get("persons") or []
    if not isinstance(persons, list) or len(persons) > 50:
        raise Invalid("persons: expected a list of at most 50 persons")
    ref = (
        text("case_ref", data.get("case_ref"), 200)
        or f"TN-{date.today():%Y%m%d}-{secrets.token_hex(4).upper()}"
    )
    if session.scalar(select(Case.id).where(Case.org_id == principal.org_id, Case.case_ref == ref)):
        raise Invalid("case_ref: already used in your organisation")
    case = Case(
        org_id=principal.org_id,
        case_ref=ref,
        cas_Status=normalize_status(data.get("cas_Status")),
        cas_ReasonForCaseClosure=text("cas_ReasonForCaseClosure", data.get("cas_ReasonForCaseClosure"), 2000),
        opened_on=iso_date("opened_on", data.get("opened_on")) or date.today(),
        source_type="cases",
    )
    session.add(case)
    session.flush()
    warnings: list[dict[str, Any]] = []
    for item in persons:
        if not isinstance(item, dict):
            raise Invalid("persons: expected objects")
        _cp, found = _new_person(session, principal, case, item, ring)
        warnings.extend(found)
    audit.record(
        session,
        principal.username,
        "create",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(persons)},
    )
    return {"id": case.id, "case_ref": case.case_ref, "duplicates": warnings}


def add_person(
    session: Session,
    principal: Principal,
    case_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    case = load_for_write(session, principal, case_id, Perm.CASE_WRITE)
    cp, warnings = _new_person(session, principal, case, data, ring)
    audit.record(
        session, principal.username, "create", "case_person", cp.id, reason=reason, details={"case": case.id}
    )
    return {"id": cp.id, "duplicates": warnings}


def update_case(
    session: Session, principal: Principal, case_id: int, data: dict[str, Any], *, reason: str | None = None
) -> None:
    case = load_for_write(session, principal, case_id, Perm.CASE_WRITE)
    if case.org_id != principal.org_id:
        raise Forbidden("only the organisation that opened a case changes its status")
    changed = []
    if "cas_Status" in data:
        case.cas_Status = normalize_status(data["cas_Status"])
        changed.append("cas_Status")
    if "cas_ReasonForCaseClosure" in data:
        case.cas_ReasonForCaseClosure = text(
            "cas_ReasonForCaseClosure", data["cas_ReasonForCaseClosure"], 2000
        )
        changed.append("cas_ReasonForCaseClosure")
    audit.record(
        session, principal.username, "update", "case", case.id, reason=reason, details={"fields": changed}
    )


def update_person(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> None:
    """Change victim or perpetrator context; vic_TraffickingStatus is the case worker's decision."""
    perm = Perm.ASSESS if "vic_TraffickingStatus" in data else Perm.CASE_WRITE
    case = load_for_write(session, principal, case_id, perm)
    cp = case_person(session, case, case_person_id)
    apply_context(cp, data)
    if data.get("vic_TraffickingStatus") and not cp.vic_TraffickingStatusDecisionMakingOrg:
        org = session.get(Organisation, principal.org_id)
        if org is not None and org.org_Type:
            with contextlib.suppress(VocabError):
                cp.vic_TraffickingStatusDecisionMakingOrg = validate(
                    "vic_TraffickingStatusDecisionMakingOrg", org.org_Type
                )
    audit.record(
        session,
        principal.username,
        "update",
        "case_person",
        cp.id,
        reason=reason,
        details={"case": case.id, "fields": sorted(k for k in data if k.startswith(("vic_", "per_")))},
    )


def list_cases(
    session: Session,
    principal: Principal,
    *,
    query: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[dict[str, Any]]:
    """Cases in scope, newest first; `query` searches persons (names in any script, birth date,
    identity and phone numbers) through the blind indexes."""
    require(principal, Perm.CASE_READ)
    stmt = visible_cases(principal).order_by(Case.id.desc())
    if status:
        stmt = stmt.where(Case.cas_Status == normalize_status(status))
    if query and query.strip():
        require(principal, Perm.CASE_SEARCH)
        hits = sealing.search(session, query[:200], ring)
        hit_cases = select(CasePerson.case_id).where(CasePerson.person_id.in_(list(hits) or [-1]))
        stmt = stmt.where(Case.id.in_(hit_cases))
    stmt = stmt.limit(max(1, min(limit, 200))).offset(max(0, offset))
    # Columns, not ORM objects: a list must stay cheap (no JSON columns, one query per table; the
    # owning organisation's code comes with the case).
    cases = session.execute(
        stmt.with_only_columns(
            Case.id, Case.case_ref, Case.cas_Status, Case.opened_on, Case.org_id, Organisation.code
        ).outerjoin(Organisation, Organisation.id == Case.org_id)
    ).all()
    ids = [c.id for c in cases]
    persons = session.execute(
        select(
            CasePerson.id,
            CasePerson.case_id,
            CasePerson.person_id,
            CasePerson.role,
            CasePerson.vic_TraffickingStatus,
        )
        .where(CasePerson.case_id.in_(ids or [-1]))
        .order_by(CasePerson.id)
    ).all()
    identify = principal.can(Perm.PERSON_IDENTIFY)
    idents = sealing.open_many(session, [p.person_id for p in persons], ring) if identify else {}
    by_case: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for p in persons:
        ident = idents.get(p.person_id, {}) if identify else {"identity_withheld": True}
        by_case[p.case_id].append(
            {
                "id": p.id,
                "role": p.role,
                "prs_FirstName": ident.get("prs_FirstName"),
                "prs_SecondName": ident.get("prs_SecondName"),
                "name_native": ident.get("name_native"),
                "vic_TraffickingStatus": p.vic_TraffickingStatus,
            }
        )
    out = [
        {
            "id": c.id,
            "case_ref": c.case_ref,
            "cas_Status": c.cas_Status,
            "opened_on": c.opened_on.isoformat() if c.opened_on else None,
            "org": c.code,
            "access": "owner" if c.org_id == principal.org_id else "referred",
            "persons": by_case[c.id],
        }
        for c in cases
    ]
    audit.record(
        session,
        principal.username,
        "search" if query else "view",
        "case_list",
        reason=reason,
        details={"results": len(out), "case_ids": ids[:200]},
    )
    return out


# What get_case reads of a case, loaded eagerly (selectin: one query per relationship, any size).
_CASE_TREE = (
    joinedload(Case.org),
    selectinload(Case.persons).options(
        joinedload(CasePerson.person),
        selectinload(CasePerson.consents),
        selectinload(CasePerson.support_plans),
        selectinload(CasePerson.proceedings),
    ),
    selectinload(Case.referrals),
)


def _identities(
    session: Session, principal: Principal, people: list[Person], ring: Keyring | None
) -> dict[int, dict[str, Any]]:
    """The identifying fields of a case's persons (sealed ones unsealed) in one read of the secrets,
    plus one read per related table when some persons are in clear (suspects): not per person."""
    if not principal.can(Perm.PERSON_IDENTIFY):
        return {p.id: {"identity_withheld": True} for p in people}
    ids = [p.id for p in people]
    out: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(
            PersonSecret.person_id, PersonSecret.key_version, PersonSecret.nonce, PersonSecret.ciphertext
        ).where(PersonSecret.person_id.in_(ids or [-1]))
    ).all()
    if rows:
        ring = ring or load_keyring()
        for pid, version, nonce, ciphertext in rows:
            out[pid] = fields.unseal(ring, pid, version, nonce, ciphertext)
    clear = [pid for pid in ids if pid not in out]
    if clear:
        loaded = session.scalars(
            select(Person)
            .where(Person.id.in_(clear))
            .options(
                selectinload(Person.names),
                selectinload(Person.phones),
                selectinload(Person.documents),
                selectinload(Person.addresses),
            )
        )
        for person in loaded:
            out[person.id] = sealing.clear_payload(person)
    return out


def _d(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def get_case(
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """The whole case in HTCDS field names; audited as a view of victim data.

    The case's rows are loaded with a fixed number of queries whatever its number of persons
    (eager loading of the relationships, one query each for follow-ups and assessments), rather
    than several queries per person."""
    case = load_case(session, principal, case_id, *_CASE_TREE)
    cp_ids = [cp.id for cp in case.persons]
    follow_ups: dict[int, list[FollowUp]] = {i: [] for i in cp_ids}
    for f in session.scalars(
        select(FollowUp).where(FollowUp.case_person_id.in_(cp_ids or [-1])).order_by(FollowUp.id)
    ):
        follow_ups[f.case_person_id].append(f)
    assessments: dict[int, list[VictimAssessment]] = {i: [] for i in cp_ids}
    for row in session.scalars(
        select(VictimAssessment)
        .where(VictimAssessment.case_person_id.in_(cp_ids or [-1]))
        .order_by(VictimAssessment.id)
    ):
        assessments[row.case_person_id].append(row)
    out: dict[str, Any] = {
        "id": case.id,
        "case_ref": case.case_ref,
        "cas_Status": case.cas_Status,
        "opened_on": case.opened_on.isoformat() if case.opened_on else None,
        "org": case.org.code if case.org else None,
        "access": "owner" if case.org_id == principal.org_id else "referred",
    }
    out["cas_ReasonForCaseClosure"] = case.cas_ReasonForCaseClosure
    out["writable"] = writable(session, principal, case) and principal.can(Perm.CASE_WRITE)
    persons = []
    idents = _identities(session, principal, [cp.person for cp in case.persons], ring)
    for cp in case.persons:
        person = cp.person
        entry: dict[str, Any] = {"id": cp.id, "person_id": person.id, "role": cp.role}
        ident = idents[person.id]
        entry.update({k: v for k, v in ident.items() if k != "aliases"})
        entry.update(
            {
                "prs_Gender": person.prs_Gender,
                "prs_Citizenship": person.prs_Citizenship or [],
                "prs_PrimaryLanguage": person.prs_PrimaryLanguage,
                "birth_year": person.birth_year,
            }
        )
        for name in (*VIC_SINGLE, *VIC_LISTS, "vic_AgreementToManagePersonalData", "vic_AgeWhenTrafficked"):
            entry[name] = getattr(cp, name)
        for name in ("vic_LocationOfRecruitment", "vic_LocationOfExploitation", "vic_ForcedLabourIndustry"):
            entry[name] = getattr(cp, name)
        entry["per_RoleInProcess"] = cp.per_RoleInProcess or []
        entry["per_RoleDetails"] = cp.per_RoleDetails
        entry["consents"] = [
            {"id": c.id, "con_Consent": c.con_Consent, "scope": c.scope, "recorded_on": _d(c.recorded_on)}
            for c in sorted(cp.consents, key=lambda c: c.id)
        ]
        entry["support_plans"] = [
            {
                "id": s.id,
                "spl_Type": s.spl_Type,
                "spl_Objectives": s.spl_Objectives,
                "spl_ActionPlan": s.spl_ActionPlan,
                "spl_PlannedEndDate": _d(s.spl_PlannedEndDate),
                "spl_ActualEndDate": _d(s.spl_ActualEndDate),
            }
            for s in sorted(cp.support_plans, key=lambda s: s.id)
        ]
        entry["follow_ups"] = [
            {
                "id": f.id,
                "support_plan_id": f.support_plan_id,
                "due_on": _d(f.due_on),
                "done_on": _d(f.done_on),
                "kind": f.kind,
                "notes": f.notes,
            }
            for f in follow_ups[cp.id]
        ]
        entry["proceedings"] = [
            {
                "id": p.id,
                "stage": p.stage,
                "stage_date": _d(p.stage_date),
                "verdict": p.verdict,
                "sentence_months": p.sentence_months,
            }
            for p in sorted(cp.proceedings, key=lambda p: p.id)
        ]
        entry["assessments"] = [
            {
                "id": s.id,
                "assessed_on": _d(s.assessed_on),
                "interviewer": s.interviewer,
                "is_child": s.is_child,
                "suggestion": s.suggested_status,
                "result": s.result,
            }
            for s in assessments[cp.id]
        ]
        persons.append(entry)
    out["persons"] = persons
    org_ids = {i for r in case.referrals for i in (r.from_org_id, r.to_org_id) if i is not None}
    orgs = (
        dict(
            session.execute(
                select(Organisation.id, Organisation.code).where(Organisation.id.in_(org_ids))
            ).all()
        )
        if org_ids
        else {}
    )
    out["referrals"] = [
        {
            "id": r.id,
            "direction": r.direction,
            "from_org": orgs.get(r.from_org_id or -1),
            "to_org": orgs.get(r.to_org_id or -1),
            "referral_date": _d(r.referral_date),
            "reason": r.reason,
            "status": r.status,
            "details": r.details,
        }
        for r in sorted(case.referrals, key=lambda r: r.id)
    ]
    audit.record(
        session,
        principal.username,
        "view",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(persons), "identities": principal.can(Perm.PERSON_IDENTIFY)},
    )
    return out


def export_case(
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """The case as HTCDS JSON for sharing; refused without every victim's consent to share."""
    case = load_case(session, principal, case_id)
    require(principal, Perm.EXPORT)
    if not sharing_consented(session, case):
        raise Forbidden("no consent to share recorded for every victim of this case")
    doc = get_case(session, principal, case_id, reason=reason, ring=ring)
    audit.record(
        session,
        principal.username,
        "export",
        "case",
        case.id,
        reason=reason,
        details={"format": "htcds-json"},
    )
    return doc


def statistics(session: Session, principal: Principal) -> dict[str, Any]:
    """Aggregate counts of the caller's scope: no person data, for every role with stats:read."""
    require(principal, Perm.STATS_READ)
    ids = scoped_ids(principal)
    by_status = dict(
        session.execute(
            select(Case.cas_Status, func.count()).where(Case.id.in_(ids)).group_by(Case.cas_Status)
        ).all()
    )
    by_role = dict(
        session.execute(
            select(CasePerson.role, func.count()).where(CasePerson.case_id.in_(ids)).group_by(CasePerson.role)
        ).all()
    )
    verdicts = dict(
        session.execute(
            select(LegalProceeding.verdict, func.count())
            .join(CasePerson, CasePerson.id == LegalProceeding.case_person_id)
            .where(CasePerson.case_id.in_(ids), LegalProceeding.verdict.is_not(None))
            .group_by(LegalProceeding.verdict)
        ).all()
    )
    return {"cases_by_status": by_status, "persons_by_role": by_role, "verdicts": verdicts}
