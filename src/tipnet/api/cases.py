"""Cases, persons, victim assessment, consent, referrals, support, follow-ups and proceedings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from tipnet.api.deps import DB, Caller, Purpose, Ring
from tipnet.cases import approvals, assessment, indicators, proceedings, referrals, support
from tipnet.cases import service as svc
from tipnet.cases.models import (
    AssessmentIn,
    CaseIn,
    CaseUpdate,
    ConsentIn,
    FollowUpDone,
    FollowUpIn,
    PersonIn,
    PersonUpdate,
    ProceedingIn,
    ReferralIn,
    ReferralStatusIn,
    SupportPlanIn,
)
from tipnet.cases.responses import (
    AssessmentResult,
    CaseOut,
    CaseSummary,
    Created,
    ReferralState,
    Statistics,
    TextWarning,
)

router = APIRouter(prefix="/api", tags=["cases"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 404: {}, 422: {}}
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class IndicatorOut(BaseModel):
    code: str
    grade: str
    label: str


class DimensionOut(BaseModel):
    code: str
    label: str
    element: str
    indicators: list[IndicatorOut]


class CodeLabel(BaseModel):
    code: str
    label: str


class IndicatorCatalogue(BaseModel):
    """The Delphi dimensions with graded indicators, the acts, and the ILO forced-labour indicators."""

    dimensions: list[DimensionOut]
    acts: list[CodeLabel]
    forced_labour: list[CodeLabel]


TEXT_WARNING_HEADER = "X-Text-Warnings"


def _warn(response: Response, warnings: list[TextWarning]) -> None:
    """An answer without a body (204) names the free-text fields that mention a person or hold a
    phone number in a header: `field=name+phone; other=name`. Never the values."""
    if warnings:
        response.headers[TEXT_WARNING_HEADER] = "; ".join(
            f"{w.field}={'+'.join(w.mentions)}" for w in warnings
        )


APPROVAL_HEADER = "X-Approval-Request"


def _waits(response: Response, db: DB, caller: Caller, case_id: int, before: set[int]) -> None:
    """A step that now waits for a supervisor's approval (tipnet.cases.approvals) is answered 202
    Accepted, naming the request, rather than 204 as if it were done."""
    new = [p.id for p in approvals.pending(db, caller, case_id) if p.id not in before]
    if new:
        response.status_code = 202
        response.headers[APPROVAL_HEADER] = ",".join(str(i) for i in new)


def _pending(db: DB, caller: Caller, case_id: int) -> set[int]:
    return {p.id for p in approvals.pending(db, caller, case_id)}


@router.post("/cases", status_code=201, response_model=Created, responses=ERRORS)
def create_case(body: CaseIn, db: DB, caller: Caller, ring: Ring, why: Purpose) -> Created:
    """Open a case with its persons; `duplicates` lists similar persons already in your cases."""
    out = svc.create_case(db, caller, body, reason=why, ring=ring)
    return Created(id=out.id, duplicates=out.duplicates, text_warnings=out.text_warnings)


@router.get("/cases", response_model=list[CaseSummary], responses=ERRORS)
def list_cases(
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    q: Annotated[str | None, Query(max_length=200, description="search persons, any script")] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[CaseSummary]:
    return svc.list_cases(
        db, caller, query=q, status=status, limit=limit, offset=offset, reason=why, ring=ring
    )


# A person's identifying fields are in a case only when known and shown to the caller: unset
# fields are left out of the answer rather than given as nulls.
@router.get("/cases/{case_id}", response_model=CaseOut, response_model_exclude_unset=True, responses=ERRORS)
def get_case(case_id: Id, db: DB, caller: Caller, ring: Ring, why: Purpose) -> CaseOut:
    return svc.get_case(db, caller, case_id, reason=why, ring=ring)


WAITS: dict[int | str, dict[str, Any]] = {
    202: {"description": "Accepted: the step waits for a supervisor's approval (X-Approval-Request)"}
}


@router.patch("/cases/{case_id}", status_code=204, responses={**ERRORS, **WAITS})
def update_case(
    case_id: Id, body: CaseUpdate, db: DB, caller: Caller, ring: Ring, why: Purpose, response: Response
) -> None:
    before = _pending(db, caller, case_id)
    _warn(response, svc.update_case(db, caller, case_id, body, reason=why, ring=ring))
    _waits(response, db, caller, case_id, before)


@router.get(
    "/cases/{case_id}/export", response_model=CaseOut, response_model_exclude_unset=True, responses=ERRORS
)
def export_case(case_id: Id, db: DB, caller: Caller, ring: Ring, why: Purpose) -> CaseOut:
    """The case in HTCDS JSON for sharing; needs every victim's consent to share."""
    return svc.export_case(db, caller, case_id, reason=why, ring=ring)


@router.post("/cases/{case_id}/persons", status_code=201, response_model=Created, responses=ERRORS)
def add_person(case_id: Id, body: PersonIn, db: DB, caller: Caller, ring: Ring, why: Purpose) -> Created:
    return svc.add_person(db, caller, case_id, body, reason=why, ring=ring)


@router.patch("/cases/{case_id}/persons/{cp_id}", status_code=204, responses={**ERRORS, **WAITS})
def update_person(
    case_id: Id,
    cp_id: Id,
    body: PersonUpdate,
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    response: Response,
) -> None:
    """Victim or perpetrator context; `vic_TraffickingStatus` records the case worker's decision."""
    before = _pending(db, caller, case_id)
    _warn(response, svc.update_person(db, caller, case_id, cp_id, body, reason=why, ring=ring))
    _waits(response, db, caller, case_id, before)


@router.get("/indicators", tags=["assessment"], response_model=IndicatorCatalogue, responses={401: {}})
def indicator_catalogue(caller: Caller) -> IndicatorCatalogue:
    """The Delphi dimensions with graded indicators, the acts, and the ILO forced-labour indicators."""
    return IndicatorCatalogue(
        dimensions=[
            DimensionOut(
                code=dim.code,
                label=dim.label,
                element=dim.element,
                indicators=[
                    IndicatorOut(code=ind.code, grade=ind.grade.value, label=ind.label)
                    for ind in dim.indicators
                ],
            )
            for dim in indicators.DIMENSIONS
        ],
        acts=[CodeLabel(code=code, label=label) for code, label in indicators.ACTS],
        forced_labour=[CodeLabel(code=code, label=label) for code, label in indicators.FORCED_LABOUR],
    )


@router.post(
    "/cases/{case_id}/persons/{cp_id}/assessments",
    status_code=201,
    tags=["assessment"],
    response_model=AssessmentResult,
    responses=ERRORS,
)
# The interview's path before it was called an assessment; kept for existing clients.
@router.post(
    "/cases/{case_id}/persons/{cp_id}/screenings",
    status_code=201,
    tags=["assessment"],
    response_model=AssessmentResult,
    responses=ERRORS,
    deprecated=True,
)
def assess_victim(
    case_id: Id, cp_id: Id, body: AssessmentIn, db: DB, caller: Caller, why: Purpose
) -> AssessmentResult:
    """Record a victim-identification interview; the answer's `suggestion` (likely, possible,
    not_indicated) is advice only."""
    return assessment.assess_victim(db, caller, case_id, cp_id, body, reason=why)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/consents", status_code=201, response_model=Created, responses=ERRORS
)
def add_consent(case_id: Id, cp_id: Id, body: ConsentIn, db: DB, caller: Caller, why: Purpose) -> Created:
    return referrals.add_consent(db, caller, case_id, cp_id, body, reason=why)


@router.post(
    "/cases/{case_id}/referrals",
    status_code=201,
    tags=["referrals"],
    response_model=ReferralState,
    responses=ERRORS,
)
def refer(case_id: Id, body: ReferralIn, db: DB, caller: Caller, ring: Ring, why: Purpose) -> ReferralState:
    """`text_warnings` names the free-text fields that mention a person or a phone (sealed)."""
    return referrals.refer(db, caller, case_id, body, reason=why, ring=ring)


@router.patch("/referrals/{referral_id}", tags=["referrals"], response_model=ReferralState, responses=ERRORS)
def set_referral_status(
    referral_id: Id, body: ReferralStatusIn, db: DB, caller: Caller, why: Purpose
) -> ReferralState:
    return referrals.set_referral_status(db, caller, referral_id, body, reason=why)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/support-plans",
    status_code=201,
    response_model=Created,
    responses=ERRORS,
)
def add_support_plan(
    case_id: Id, cp_id: Id, body: SupportPlanIn, db: DB, caller: Caller, ring: Ring, why: Purpose
) -> Created:
    return support.add_support_plan(db, caller, case_id, cp_id, body, reason=why, ring=ring)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/follow-ups", status_code=201, response_model=Created, responses=ERRORS
)
def add_follow_up(
    case_id: Id, cp_id: Id, body: FollowUpIn, db: DB, caller: Caller, ring: Ring, why: Purpose
) -> Created:
    return support.add_follow_up(db, caller, case_id, cp_id, body, reason=why, ring=ring)


@router.patch("/cases/{case_id}/follow-ups/{fu_id}", status_code=204, responses=ERRORS)
def complete_follow_up(
    case_id: Id,
    fu_id: Id,
    body: FollowUpDone,
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    response: Response,
) -> None:
    _warn(response, support.complete_follow_up(db, caller, case_id, fu_id, body, reason=why, ring=ring))


@router.post(
    "/cases/{case_id}/persons/{cp_id}/proceedings", status_code=201, response_model=Created, responses=ERRORS
)
def add_proceeding(
    case_id: Id, cp_id: Id, body: ProceedingIn, db: DB, caller: Caller, why: Purpose
) -> Created:
    return proceedings.add_proceeding(db, caller, case_id, cp_id, body, reason=why)


@router.get("/stats", tags=["statistics"], response_model=Statistics, responses=ERRORS)
def stats(db: DB, caller: Caller) -> Statistics:
    """Aggregate counts of your organisation's scope; no person data."""
    return svc.statistics(db, caller)
