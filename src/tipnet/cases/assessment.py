"""The victim-identification assessment: an interview's indicator answers graded by
tipnet.cases.indicators into a suggestion (likely, possible, not indicated) that informs, never
replaces, the case worker's decision on the person's trafficking status."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tipnet.cases import indicators
from tipnet.cases.models import AssessmentIn
from tipnet.cases.responses import AssessmentResult
from tipnet.cases.scope import case_person, load_for_write
from tipnet.errors import Invalid
from tipnet.security import audit
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import VictimAssessment


def assess_victim(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    interview: AssessmentIn,
    *,
    reason: str | None = None,
) -> AssessmentResult:
    """Record a victim-identification interview and return its assessment (a suggestion only)."""
    case = load_for_write(session, principal, case_id, Perm.ASSESS)
    cp = case_person(session, case, case_person_id)
    if cp.role != "Victim":
        raise Invalid("the assessment is for victims (presumed or possible)")
    codes, acts, forced_labour = interview.indicators, interview.acts, interview.forced_labour
    is_child = interview.is_child
    if not is_child and cp.person.birth_year and date.today().year - cp.person.birth_year < 18:
        is_child = True
    try:
        result = indicators.assess(codes, is_child=is_child, acts=acts, forced_labour=forced_labour)
    except indicators.IndicatorError as exc:
        raise Invalid(str(exc)) from None
    row = VictimAssessment(
        case_person_id=cp.id,
        assessed_on=interview.assessed_on or date.today(),
        interviewer=principal.username,
        is_child=is_child,
        answers={
            "indicators": sorted(set(codes)),
            "acts": sorted(set(acts)),
            "forced_labour": sorted(set(forced_labour)),
        },
        result=result,
        suggested_status=result["suggestion"],
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "victim_assessment",
        row.id,
        reason=reason,
        details={"case": case.id},
    )
    return AssessmentResult(id=row.id, **result)
