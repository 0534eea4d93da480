"""Support of a victim: support plans (HTCDS spl_*) and the reintegration follow-ups that check on them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tipnet.cases.scope import case_person, load_for_write
from tipnet.cases.validation import iso_date, text, vocab
from tipnet.errors import Invalid, NotFound
from tipnet.security import audit
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import FollowUp, SupportPlan


def _created(
    session: Session, principal: Principal, row: Any, kind: str, case_id: int, reason: str | None
) -> dict[str, Any]:
    """Store a new row of a case and audit its creation; the API answers with its id."""
    session.add(row)
    session.flush()
    audit.record(
        session, principal.username, "create", kind, row.id, reason=reason, details={"case": case_id}
    )
    return {"id": row.id}


def add_support_plan(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = case_person(session, case, case_person_id)
    if cp.role != "Victim":
        raise Invalid("support plans are for victims")
    spl_type = vocab("spl_Type", data.get("spl_Type"))
    if spl_type is None:
        raise Invalid("spl_Type: required")
    row = SupportPlan(
        case_person_id=cp.id,
        spl_Type=spl_type,
        spl_Objectives=text("spl_Objectives", data.get("spl_Objectives"), 4000),
        spl_ActionPlan=text("spl_ActionPlan", data.get("spl_ActionPlan"), 4000),
        spl_PlannedEndDate=iso_date("spl_PlannedEndDate", data.get("spl_PlannedEndDate")),
        spl_ActualEndDate=iso_date("spl_ActualEndDate", data.get("spl_ActualEndDate")),
    )
    return _created(session, principal, row, "support_plan", case.id, reason)


def add_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = case_person(session, case, case_person_id)
    due = iso_date("due_on", data.get("due_on"))
    if due is None:
        raise Invalid("due_on: required")
    plan_id = data.get("support_plan_id")
    if plan_id not in (None, ""):
        plan = session.get(SupportPlan, int(plan_id))
        if plan is None or plan.case_person_id != cp.id:
            raise Invalid("support_plan_id: not a plan of this person")
        plan_id = plan.id
    else:
        plan_id = None
    row = FollowUp(
        case_person_id=cp.id,
        support_plan_id=plan_id,
        due_on=due,
        done_on=iso_date("done_on", data.get("done_on")),
        kind=text("kind", data.get("kind"), 32) or "visit",
        notes=text("notes", data.get("notes"), 4000),
    )
    session.add(row)
    session.flush()
    audit.record(
        session, principal.username, "create", "follow_up", row.id, reason=reason, details={"case": case.id}
    )
    return {"id": row.id}


def complete_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    follow_up_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> None:
    case = load_for_write(session, principal, case_id, Perm.SUPPORT)
    row = session.get(FollowUp, follow_up_id)
    if row is None:
        raise NotFound("follow-up not found")
    case_person(session, case, row.case_person_id)
    row.done_on = iso_date("done_on", data.get("done_on")) or date.today()
    if data.get("notes"):
        row.notes = text("notes", data.get("notes"), 4000)
    audit.record(
        session, principal.username, "update", "follow_up", row.id, reason=reason, details={"case": case.id}
    )
