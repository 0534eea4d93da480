"""The case service: open, read, list, change and export cases and their persons, and the aggregate
figures of a caller's scope. Every read and change of case data goes through the cases package, so
permission, organisation scope (tipnet.cases.scope), validation (tipnet.cases.validation), sealing
of victim identities and audit are applied once for the API and the web pages alike.

The workflow on a case lives beside it, one module per resource: the victim-identification
assessment (tipnet.cases.assessment), consent and referrals (tipnet.cases.referrals), support
plans and follow-ups (tipnet.cases.support), and legal proceedings (tipnet.cases.proceedings).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tipnet.cases import approvals, assignment, free_text, intake
from tipnet.cases.duplicates import find_duplicates, identity_payload
from tipnet.cases.models import CaseIn, CaseUpdate, PersonIn, PersonUpdate
from tipnet.cases.referrals import sharing_consented
from tipnet.cases.responses import (
    AssessmentOut,
    AssessmentOutcome,
    CaseCreated,
    CaseOut,
    CaseSummary,
    ConsentOut,
    Created,
    Duplicate,
    FollowUpOut,
    PersonOut,
    PersonSummary,
    ProceedingOut,
    ReferralOut,
    Statistics,
    SupportPlanOut,
    TextWarning,
)
from tipnet.cases.scope import CLOSED, case_person, load_case, load_for_owner, load_for_write, writable
from tipnet.cases.validation import (
    VIC_LISTS,
    VIC_SINGLE,
    normalize_status,
    not_future,
    require_identifying,
)
from tipnet.cases.worklist import close_blockers
from tipnet.errors import Forbidden, Invalid
from tipnet.security import audit, fields, sealing, textseal
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import scoped_ids, visible_cases
from tipnet.security.users import Principal
from tipnet.store.tables.cases import (
    Case,
    CaseAssignment,
    CasePerson,
    Consent,
    FollowUp,
    LegalProceeding,
    Referral,
    SupportPlan,
    VictimAssessment,
)
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonSecret
from tipnet.store.tables.sources import Organisation

# Roles whose identifying fields are sealed; suspects stay in clear (and searchable).
SEALED_ROLES = frozenset({"Victim", "Witness"})


def apply_context(cp: CasePerson, context: PersonIn | PersonUpdate) -> list[str]:
    """Set the victim and perpetrator context fields (HTCDS vic_*/per_*) the caller gave; their names."""
    given = sorted(name for name in context.model_fields_set if name.startswith(("vic_", "per_")))
    for name in given:
        value = getattr(context, name)
        if name in ("vic_AgeWhenTrafficked", "vic_LocationOfRecruitment", "vic_LocationOfExploitation"):
            if value is None:
                continue  # no answer leaves the recorded one
        elif name in VIC_LISTS or name == "per_RoleInProcess":
            value = value or []
        setattr(cp, name, value)
    return given


def _new_person(
    session: Session, principal: Principal, case: Case, new: PersonIn, ring: Keyring | None
) -> tuple[CasePerson, list[Duplicate], list[TextWarning]]:
    payload = identity_payload(new)
    require_identifying(new.role, payload)
    birth = new.prs_Birthdate
    person = Person(
        prs_Gender=new.prs_Gender,
        prs_Citizenship=new.prs_Citizenship,
        prs_PrimaryLanguage=new.prs_PrimaryLanguage,
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
    if new.role in SEALED_ROLES:
        sealing.seal_person(session, person, payload, ring)
    else:
        for name in fields.IDENTIFYING_COLUMNS:
            setattr(person, name, payload.get(name))
        sealing.index_person(session, person.id, payload, ring or load_keyring())
    cp = CasePerson(case_id=case.id, person_id=person.id, role=new.role)
    apply_context(cp, new)
    held = textseal.take_clear(cp)  # the role details never reach the table in clear
    session.add(cp)
    session.flush()
    texts = free_text.seal_and_flag(session, case, [(cp, held)], ring)
    return cp, warnings, texts


def _no_decision_without_approval(
    session: Session, principal: Principal, case_org_id: int, new: PersonIn
) -> None:
    """A new person may not carry a trafficking-status decision that needs a supervisor's approval:
    the decision is asked for on the case page once the person is recorded."""
    if new.vic_TraffickingStatus and approvals.required(
        session, principal, "trafficking_status", case_org_id
    ):
        raise Invalid(
            "vic_TraffickingStatus: a trafficking-status decision waits for a supervisor's approval; "
            "add the person without it, then ask for the decision on the case page"
        )


def create_case(
    session: Session,
    principal: Principal,
    new: CaseIn,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> CaseCreated:
    """Open a case in the caller's organisation with its persons; returns id and duplicate warnings."""
    require(principal, Perm.CASE_WRITE)
    if not new.persons:
        raise Invalid("persons: a case needs at least one person (none given)")
    if new.cas_Status in CLOSED and approvals.required(session, principal, "closure"):
        raise Invalid(
            "cas_Status: closing a case waits for a supervisor's approval; open it, then ask to close"
        )
    for item in new.persons:
        _no_decision_without_approval(session, principal, principal.org_id, item)
    ref = new.case_ref or f"TN-{date.today():%Y%m%d}-{secrets.token_hex(4).upper()}"
    if session.scalar(select(Case.id).where(Case.org_id == principal.org_id, Case.case_ref == ref)):
        raise Invalid("case_ref: already used in your organisation")
    case = Case(
        org_id=principal.org_id,
        case_ref=ref,
        cas_Status=new.cas_Status,
        opened_on=not_future("opened_on", new.opened_on) or date.today(),
        source_type="cases",
    )
    session.add(case)
    session.flush()
    assignment.start(session, principal, case.id)  # whoever opens a case works it until reassigned
    warnings: list[Duplicate] = []
    texts: list[TextWarning] = []
    for item in new.persons:
        _cp, found, flagged = _new_person(session, principal, case, item, ring)
        warnings.extend(found)
        texts.extend(flagged)
    audit.record(
        session,
        principal.username,
        "create",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(new.persons)},
    )
    return CaseCreated(id=case.id, case_ref=case.case_ref, duplicates=warnings, text_warnings=texts)


def add_person(
    session: Session,
    principal: Principal,
    case_id: int,
    new: PersonIn,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> Created:
    case = load_for_owner(session, principal, case_id, Perm.CASE_WRITE, "adds persons to it")
    _no_decision_without_approval(session, principal, case.org_id, new)
    cp, warnings, texts = _new_person(session, principal, case, new, ring)
    audit.record(
        session, principal.username, "create", "case_person", cp.id, reason=reason, details={"case": case.id}
    )
    return Created(id=cp.id, duplicates=warnings, text_warnings=texts)


def update_case(
    session: Session,
    principal: Principal,
    case_id: int,
    update: CaseUpdate,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[TextWarning]:
    reopening = "cas_Status" in update.model_fields_set and update.cas_Status not in CLOSED
    case = load_for_write(session, principal, case_id, Perm.CASE_WRITE, reopening=reopening)
    if case.org_id != principal.org_id:
        raise Forbidden("only the organisation that opened a case changes its status")
    closing = update.cas_Status in CLOSED and case.cas_Status not in CLOSED
    if closing:
        if not update.cas_ReasonForCaseClosure:
            raise Invalid("cas_ReasonForCaseClosure: required to close a case")
        blockers = close_blockers(session, case)
        if blockers and not update.acknowledge_open_work:
            raise Invalid(
                f"acknowledge_open_work: {len(blockers.overdue)} overdue follow-up(s) and "
                f"{len(blockers.pending)} pending referral(s): resolve or acknowledge them to close"
            )
    was = case.cas_Status
    changed = [name for name in ("cas_Status", "cas_ReasonForCaseClosure") if name in update.model_fields_set]
    if closing and approvals.required(session, principal, "closure", case.org_id):
        # The reason is kept (sealed) now; the status waits for a supervisor's approval.
        approvals.request(session, principal, case, "closure", update.cas_Status or "Closed")
        changed.remove("cas_Status")
    if "cas_Status" in changed:
        case.cas_Status = update.cas_Status or "Active"
    held: dict[str, str] = {}
    if "cas_ReasonForCaseClosure" in changed:
        if update.cas_ReasonForCaseClosure:
            held["cas_ReasonForCaseClosure"] = update.cas_ReasonForCaseClosure  # sealed, never in clear
        else:
            textseal.forget(session, "case", case.id, "cas_ReasonForCaseClosure", ring)
        case.cas_ReasonForCaseClosure = None
    texts = free_text.seal_and_flag(session, case, [(case, held)], ring)
    details: dict[str, Any] = {"fields": changed}
    if "cas_Status" in changed and was != case.cas_Status:
        details["status"] = [was, case.cas_Status]  # a reopening or a closure, named in the audit
        if closing and update.acknowledge_open_work:
            details["acknowledged_open_work"] = True
    audit.record(session, principal.username, "update", "case", case.id, reason=reason, details=details)
    return texts


def update_person(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    update: PersonUpdate,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[TextWarning]:
    """Change victim or perpetrator context; vic_TraffickingStatus is the case worker's decision."""
    perm = Perm.ASSESS if "vic_TraffickingStatus" in update.model_fields_set else Perm.CASE_WRITE
    case = load_for_write(session, principal, case_id, perm)
    cp = case_person(session, case, case_person_id)
    if "vic_TraffickingStatus" in update.model_fields_set and approvals.required(
        session, principal, "trafficking_status", case.org_id
    ):
        # The decision waits for a supervisor's approval; the other fields given take effect.
        if update.vic_TraffickingStatus:
            approvals.request(
                session, principal, case, "trafficking_status", update.vic_TraffickingStatus, cp.id
            )
        elif cp.vic_TraffickingStatus:
            raise Invalid(
                "vic_TraffickingStatus: a decision is changed with a supervisor's approval, "
                "not cleared (ask for the new decision instead)"
            )
        update = update.model_copy()
        update.__pydantic_fields_set__.discard("vic_TraffickingStatus")
    changed = apply_context(cp, update)
    # before anything flushes: never in the table in clear
    held = textseal.take_clear(cp) if "per_RoleDetails" in changed else {}
    if "per_RoleDetails" in changed and not update.per_RoleDetails:
        textseal.forget(session, "case_person", cp.id, "per_RoleDetails", ring)
    texts = free_text.seal_and_flag(session, case, [(cp, held)], ring)
    if "vic_TraffickingStatus" in changed and update.vic_TraffickingStatus:
        approvals.set_decision_org(session, cp, principal.org_id)
    audit.record(
        session,
        principal.username,
        "update",
        "case_person",
        cp.id,
        reason=reason,
        details={"case": case.id, "fields": changed},
    )
    return texts


def _why(kinds: frozenset[str] | None) -> list[str]:
    """What a person was found by, in a fixed order; a name found as written is not said again as
    found by its sound."""
    if not kinds:
        return []
    shown = set(kinds) - ({"phon"} if "name" in kinds else set())
    return [kind for kind in ("name", "phon", "birth", "idno", "phone") if kind in shown]


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
    only: str | None = None,
    sort: str | None = None,
) -> list[CaseSummary]:
    """Cases in scope, newest first; `query` searches persons (names in any script, birth date,
    identity and phone numbers) through the blind indexes. `only`: "open", "closed", "referred"
    (referred to the principal's organisation, pending or accepted), "overdue" (a follow-up past
    due and not done) or "mine" (assigned to the principal). `sort`: "due" puts the cases with the nearest
    follow-up not done first (none: last), else newest first."""
    require(principal, Perm.CASE_READ)
    if sort not in (None, "", "due"):
        raise Invalid("sort: one of due")
    next_due = (
        select(func.min(FollowUp.due_on))
        .join(CasePerson, CasePerson.id == FollowUp.case_person_id)
        .where(CasePerson.case_id == Case.id, FollowUp.done_on.is_(None))
        .correlate(Case)
        .scalar_subquery()
        .label("next_due")
    )
    stmt = visible_cases(principal)
    if sort == "due":
        stmt = stmt.order_by(next_due.is_(None), next_due, Case.id.desc())
    else:
        stmt = stmt.order_by(Case.id.desc())
    if status:
        stmt = stmt.where(Case.cas_Status == normalize_status(status))
    if only == "open":
        stmt = stmt.where(Case.cas_Status.not_in(CLOSED))
    elif only == "closed":
        stmt = stmt.where(Case.cas_Status.in_(CLOSED))
    elif only == "referred":
        stmt = stmt.where(
            Case.id.in_(
                select(Referral.case_id).where(
                    Referral.to_org_id == principal.org_id, Referral.status.in_(("pending", "accepted"))
                )
            )
        )
    elif only == "overdue":
        stmt = stmt.where(
            Case.id.in_(
                select(CasePerson.case_id)
                .join(FollowUp, FollowUp.case_person_id == CasePerson.id)
                .where(FollowUp.done_on.is_(None), FollowUp.due_on < date.today())
            )
        )
    elif only == "mine":
        stmt = stmt.where(
            Case.id.in_(
                select(CaseAssignment.case_id).where(
                    CaseAssignment.user_id == principal.user_id, CaseAssignment.org_id == principal.org_id
                )
            )
        )
    elif only:
        raise Invalid("only: one of open, closed, referred, overdue, mine")
    hits: dict[int, frozenset[str]] = {}
    if query and query.strip():
        require(principal, Perm.CASE_SEARCH)
        hits = sealing.search_why(session, query[:200], ring)
        hit_cases = select(CasePerson.case_id).where(CasePerson.person_id.in_(list(hits) or [-1]))
        stmt = stmt.where(Case.id.in_(hit_cases))
    stmt = stmt.limit(max(1, min(limit, 200))).offset(max(0, offset))
    # Columns, not ORM objects: a list must stay cheap (no JSON columns, one query per table; the
    # owning organisation's code comes with the case).
    cases = session.execute(
        stmt.with_only_columns(
            Case.id, Case.case_ref, Case.cas_Status, Case.opened_on, Case.org_id, Organisation.code, next_due
        ).outerjoin(Organisation, Organisation.id == Case.org_id)
    ).all()
    ids = [row.id for row in cases]
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
    idents = sealing.open_many(session, [row.person_id for row in persons], ring) if identify else {}
    by_case: dict[int, list[PersonSummary]] = {i: [] for i in ids}
    for row in persons:
        ident = idents.get(row.person_id, {})  # empty when withheld
        by_case[row.case_id].append(
            PersonSummary(
                id=row.id,
                role=row.role,
                prs_FirstName=ident.get("prs_FirstName"),
                prs_SecondName=ident.get("prs_SecondName"),
                name_native=ident.get("name_native"),
                vic_TraffickingStatus=row.vic_TraffickingStatus,
                prs_Birthdate=ident.get("prs_Birthdate"),
                matched=_why(hits.get(row.person_id)) if identify else [],
            )
        )
    out = [
        CaseSummary(
            id=row.id,
            case_ref=row.case_ref,
            cas_Status=row.cas_Status,
            opened_on=_d(row.opened_on),
            org=row.code,
            next_due=_d(row.next_due),
            access="owner" if row.org_id == principal.org_id else "referred",
            persons=by_case[row.id],
        )
        for row in cases
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
) -> CaseOut:
    """The whole case in HTCDS field names; audited as a view of victim data.

    The case's rows are loaded with a fixed number of queries whatever its number of persons
    (eager loading of the relationships, one query each for follow-ups and assessments), rather
    than several queries per person."""
    case = load_case(session, principal, case_id, *_CASE_TREE)
    cp_ids = [cp.id for cp in case.persons]
    follow_ups: dict[int, list[FollowUp]] = {i: [] for i in cp_ids}
    for visit in session.scalars(
        select(FollowUp).where(FollowUp.case_person_id.in_(cp_ids or [-1])).order_by(FollowUp.id)
    ):
        follow_ups[visit.case_person_id].append(visit)
    assessments: dict[int, list[VictimAssessment]] = {i: [] for i in cp_ids}
    for row in session.scalars(
        select(VictimAssessment)
        .where(VictimAssessment.case_person_id.in_(cp_ids or [-1]))
        .order_by(VictimAssessment.id)
    ):
        assessments[row.case_person_id].append(row)
    idents = _identities(session, principal, [cp.person for cp in case.persons], ring)
    text = _Texts(session, principal, case, follow_ups, ring)
    persons = [
        _person_out(cp, idents[cp.person.id], follow_ups[cp.id], assessments[cp.id], text)
        for cp in case.persons
    ]
    org_ids = {
        org_id for ref in case.referrals for org_id in (ref.from_org_id, ref.to_org_id) if org_id is not None
    }
    orgs = (
        dict(
            session.execute(
                select(Organisation.id, Organisation.code).where(Organisation.id.in_(org_ids))
            ).all()
        )
        if org_ids
        else {}
    )
    referrals = [
        ReferralOut(
            id=ref.id,
            direction=ref.direction,
            from_org=orgs.get(ref.from_org_id or -1),
            to_org=orgs.get(ref.to_org_id or -1),
            referral_date=_d(ref.referral_date),
            reason=ref.reason,
            status=ref.status,
            details=text("referral", ref, "details"),
        )
        for ref in sorted(case.referrals, key=_by_id)
    ]
    out = CaseOut(
        id=case.id,
        case_ref=case.case_ref,
        cas_Status=case.cas_Status,
        opened_on=_d(case.opened_on),
        org=case.org.code if case.org else None,
        access="owner" if case.org_id == principal.org_id else "referred",
        cas_ReasonForCaseClosure=text("case", case, "cas_ReasonForCaseClosure"),
        writable=writable(session, principal, case)
        and principal.can(Perm.CASE_WRITE)
        and case.cas_Status not in CLOSED,  # a closed case is read-only until reopened
        persons=persons,
        referrals=referrals,
    )
    if text.withheld:
        out.free_text_withheld = True
    audit.record(
        session,
        principal.username,
        "view",
        "case",
        case.id,
        reason=reason,
        details={
            "persons": len(persons),
            "identities": principal.can(Perm.PERSON_IDENTIFY),
            "sealed_texts": text.opened,
        },
    )
    return out


class _Texts:
    """The free text of a case as its reader may see it: sealed texts opened (one query per table)
    for roles that identify victims, counted for the audit; withheld (None) for the others."""

    def __init__(
        self,
        session: Session,
        principal: Principal,
        case: Case,
        follow_ups: dict[int, list[FollowUp]],
        ring: Keyring | None,
    ) -> None:
        self.withheld = not principal.can(Perm.PERSON_IDENTIFY)
        self.sealed: dict[str, dict[int, dict[str, str]]] = {}
        self.opened = 0
        if self.withheld:
            return
        ids = {
            "case": [case.id],
            "referral": [r.id for r in case.referrals],
            "case_person": [cp.id for cp in case.persons],
            "support_plan": [p.id for cp in case.persons for p in cp.support_plans],
            "follow_up": [f.id for visits in follow_ups.values() for f in visits],
        }
        self.sealed = textseal.open_tables(session, ids, ring)  # one query for every table
        self.opened = sum(len(rows) for rows in self.sealed.values())

    def __call__(self, table: str, row: Any, column: str) -> str | None:
        if self.withheld:
            return None
        sealed = self.sealed.get(table, {}).get(row.id, {})
        value: str | None = sealed.get(column, getattr(row, column))
        return value


def _by_id(row: Consent | SupportPlan | LegalProceeding | Referral) -> int:
    return row.id


def _person_out(
    cp: CasePerson,
    identity: dict[str, Any],
    follow_ups: list[FollowUp],
    assessments: list[VictimAssessment],
    text: _Texts,
) -> PersonOut:
    """A person of a case as the API and pages show it. Only the identifying fields known (or
    `identity_withheld`) are set, so a response leaves the others out rather than showing nulls."""
    person = cp.person
    context = {name: getattr(cp, name) for name in _CONTEXT_OUT}
    return PersonOut(
        id=cp.id,
        person_id=person.id,
        role=cp.role,
        **{name: value for name, value in identity.items() if name != "aliases"},
        prs_Gender=person.prs_Gender,
        prs_Citizenship=person.prs_Citizenship or [],
        prs_PrimaryLanguage=person.prs_PrimaryLanguage,
        birth_year=person.birth_year,
        **context,
        per_RoleInProcess=cp.per_RoleInProcess or [],
        per_RoleDetails=text("case_person", cp, "per_RoleDetails"),
        consents=[
            ConsentOut(
                id=c.id,
                con_Consent=c.con_Consent,
                scope=c.scope,
                recorded_on=_d(c.recorded_on),
                method=c.method,
                explained_by=c.explained_by,
                purposes=c.purposes or [],
                partners=c.partners or [],
            )
            for c in sorted(cp.consents, key=_by_id)
        ],
        support_plans=[
            SupportPlanOut(
                id=plan.id,
                spl_Type=plan.spl_Type,
                spl_Objectives=text("support_plan", plan, "spl_Objectives"),
                spl_ActionPlan=text("support_plan", plan, "spl_ActionPlan"),
                spl_PlannedEndDate=_d(plan.spl_PlannedEndDate),
                spl_ActualEndDate=_d(plan.spl_ActualEndDate),
            )
            for plan in sorted(cp.support_plans, key=_by_id)
        ],
        follow_ups=[
            FollowUpOut(
                id=visit.id,
                support_plan_id=visit.support_plan_id,
                due_on=_d(visit.due_on),
                done_on=_d(visit.done_on),
                kind=visit.kind,
                notes=text("follow_up", visit, "notes"),
            )
            for visit in follow_ups
        ],
        proceedings=[
            ProceedingOut(
                id=step.id,
                stage=step.stage,
                stage_date=_d(step.stage_date),
                verdict=step.verdict,
                sentence_months=step.sentence_months,
            )
            for step in sorted(cp.proceedings, key=_by_id)
        ],
        assessments=[
            AssessmentOut(
                id=row.id,
                assessed_on=_d(row.assessed_on),
                interviewer=row.interviewer,
                is_child=row.is_child,
                suggestion=row.suggested_status,
                result=AssessmentOutcome.model_validate(row.result),
            )
            for row in assessments
        ],
    )


# The victim context columns a case person shows (beside per_RoleInProcess and per_RoleDetails).
_CONTEXT_OUT = (
    *VIC_SINGLE,
    *VIC_LISTS,
    "vic_AgreementToManagePersonalData",
    "vic_AgeWhenTrafficked",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
    "vic_ForcedLabourIndustry",
)


def export_case(
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> CaseOut:
    """The case as HTCDS JSON for sharing; refused without every victim's consent to share."""
    case = load_case(session, principal, case_id)
    require(principal, Perm.EXPORT)
    intake.refuse_onward(session, case.id)
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


def statistics(session: Session, principal: Principal) -> Statistics:
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
    verdicts = {
        str(verdict): count
        for verdict, count in session.execute(
            select(LegalProceeding.verdict, func.count())
            .join(CasePerson, CasePerson.id == LegalProceeding.case_person_id)
            .where(CasePerson.case_id.in_(ids), LegalProceeding.verdict.is_not(None))
            .group_by(LegalProceeding.verdict)
        )
    }
    return Statistics(cases_by_status=by_status, persons_by_role=by_role, verdicts=verdicts)
