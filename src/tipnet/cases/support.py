"""Support of a victim: support plans (HTCDS spl_*) and the reintegration follow-ups that check on them."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tipnet.cases import free_text
from tipnet.cases.models import FollowUpDone, FollowUpIn, SupportPlanIn
from tipnet.cases.responses import Created, TextWarning
from tipnet.cases.scope import case_person, load_for_write
from tipnet.errors import Invalid, NotFound
from tipnet.security import audit, textseal
from tipnet.security.keys import Keyring
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, FollowUp, SupportPlan


def _created(
    session: Session,
    principal: Principal,
    row: SupportPlan | FollowUp,
    kind: str,
    case: Case,
    reason: str | None,
    ring: Keyring | None,
) -> Created:
    """Store a new row of a case, seal its free text and audit its creation; the API answers with its
    id (and which of its texts name a person or hold a phone number)."""
    held = textseal.take_clear(row)  # the text never reaches the table in clear
    session.add(row)
    session.flush()
    texts = free_text.seal_and_flag(session, case, [(row, held)], ring)
    audit.record(
        session, principal.username, "create", kind, row.id, reason=reason, details={"case": case.id}
    )
    return Created(id=row.id, text_warnings=texts)


def add_support_plan(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    plan: SupportPlanIn,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> Created:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = case_person(session, case, case_person_id)
    if cp.role != "Victim":
        raise Invalid("support plans are for victims")
    row = SupportPlan(
        case_person_id=cp.id,
        spl_Type=plan.spl_Type,
        spl_Objectives=plan.spl_Objectives,
        spl_ActionPlan=plan.spl_ActionPlan,
        spl_PlannedEndDate=plan.spl_PlannedEndDate,
        spl_ActualEndDate=plan.spl_ActualEndDate,
    )
    return _created(session, principal, row, "support_plan", case, reason, ring)


def add_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    follow_up: FollowUpIn,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> Created:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = case_person(session, case, case_person_id)
    plan_id = follow_up.support_plan_id
    if plan_id is not None:
        plan = session.get(SupportPlan, plan_id)
        if plan is None or plan.case_person_id != cp.id:
            raise Invalid("support_plan_id: not a plan of this person")
    row = FollowUp(
        case_person_id=cp.id,
        support_plan_id=plan_id,
        due_on=follow_up.due_on,
        done_on=follow_up.done_on,
        kind=follow_up.kind or "visit",
        notes=follow_up.notes,
    )
    return _created(session, principal, row, "follow_up", case, reason, ring)


def complete_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    follow_up_id: int,
    done: FollowUpDone,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[TextWarning]:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    row = session.get(FollowUp, follow_up_id)
    if row is None:
        raise NotFound("follow-up not found")
    case_person(session, case, row.case_person_id)
    row.done_on = done.done_on or date.today()
    held = {"notes": done.notes} if done.notes else {}  # replaces the sealed notes; never in clear
    texts = free_text.seal_and_flag(session, case, [(row, held)], ring)
    audit.record(
        session, principal.username, "update", "follow_up", row.id, reason=reason, details={"case": case.id}
    )
    return texts


def deliver_support_plan(
    session: Session,
    principal: Principal,
    case_id: int,
    plan_id: int,
    *,
    delivered_on: date | None = None,
    outcome: str | None = None,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[TextWarning]:
    """A service delivered (planned → delivered, as OSCaR's): its actual end date, and the outcome
    as a done follow-up of kind "outcome" linked to the plan (its notes sealed as every note)."""
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    plan = session.get(SupportPlan, plan_id)
    if plan is None:
        raise NotFound("support plan not found")
    case_person(session, case, plan.case_person_id)
    if plan.spl_ActualEndDate is not None:
        raise Invalid(f"spl_ActualEndDate: delivered already, on {plan.spl_ActualEndDate.isoformat()}")
    day = delivered_on or date.today()
    if day > date.today():
        raise Invalid("spl_ActualEndDate: date in the future")
    plan.spl_ActualEndDate = day
    texts: list[TextWarning] = []
    if outcome:
        note = FollowUp(
            case_person_id=plan.case_person_id,
            support_plan_id=plan.id,
            due_on=day,
            done_on=day,
            kind="outcome",
            notes=outcome,
        )
        texts = _created(session, principal, note, "follow_up", case, reason, ring).text_warnings
    audit.record(
        session,
        principal.username,
        "update",
        "support_plan",
        plan.id,
        reason=reason,
        details={"case": case.id, "fields": ["spl_ActualEndDate"]},
    )
    return texts
