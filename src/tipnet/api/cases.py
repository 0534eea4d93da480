"""Cases, persons, victim assessment, consent, referrals, support, follow-ups and proceedings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from tipnet.api.deps import DB, Caller, Purpose, Ring
from tipnet.api.models import (
    AssessmentIn,
    CaseIn,
    CaseUpdate,
    ConsentIn,
    Created,
    FollowUpDone,
    FollowUpIn,
    PersonIn,
    PersonUpdate,
    ProceedingIn,
    ReferralIn,
    ReferralStatusIn,
    SupportPlanIn,
)
from tipnet.cases import assessment, indicators, proceedings, referrals, support
from tipnet.cases import service as svc

router = APIRouter(prefix="/api", tags=["cases"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 404: {}, 422: {}}
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _body(model: Any) -> dict[str, Any]:
    return model.model_dump(exclude_unset=True)


@router.post("/cases", status_code=201, response_model=Created, responses=ERRORS)
def create_case(body: CaseIn, db: DB, caller: Caller, ring: Ring, why: Purpose) -> Created:
    """Open a case with its persons; `duplicates` lists similar persons already in your cases."""
    data = _body(body)
    data["persons"] = [p.model_dump(exclude_unset=True) for p in body.persons]
    out = svc.create_case(db, caller, data, reason=why, ring=ring)
    return Created(id=out["id"], duplicates=out["duplicates"])


@router.get("/cases", responses=ERRORS)
def list_cases(
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    q: Annotated[str | None, Query(max_length=200, description="search persons, any script")] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    return svc.list_cases(
        db, caller, query=q, status=status, limit=limit, offset=offset, reason=why, ring=ring
    )


@router.get("/cases/{case_id}", responses=ERRORS)
def get_case(case_id: Id, db: DB, caller: Caller, ring: Ring, why: Purpose) -> dict[str, Any]:
    return svc.get_case(db, caller, case_id, reason=why, ring=ring)


@router.patch("/cases/{case_id}", status_code=204, responses=ERRORS)
def update_case(case_id: Id, body: CaseUpdate, db: DB, caller: Caller, why: Purpose) -> None:
    svc.update_case(db, caller, case_id, _body(body), reason=why)


@router.get("/cases/{case_id}/export", responses=ERRORS)
def export_case(case_id: Id, db: DB, caller: Caller, ring: Ring, why: Purpose) -> dict[str, Any]:
    """The case in HTCDS JSON for sharing; needs every victim's consent to share."""
    return svc.export_case(db, caller, case_id, reason=why, ring=ring)


@router.post("/cases/{case_id}/persons", status_code=201, response_model=Created, responses=ERRORS)
def add_person(case_id: Id, body: PersonIn, db: DB, caller: Caller, ring: Ring, why: Purpose) -> Created:
    out = svc.add_person(db, caller, case_id, _body(body), reason=why, ring=ring)
    return Created(id=out["id"], duplicates=out["duplicates"])


@router.patch("/cases/{case_id}/persons/{cp_id}", status_code=204, responses=ERRORS)
def update_person(case_id: Id, cp_id: Id, body: PersonUpdate, db: DB, caller: Caller, why: Purpose) -> None:
    """Victim or perpetrator context; `vic_TraffickingStatus` records the case worker's decision."""
    svc.update_person(db, caller, case_id, cp_id, _body(body), reason=why)


@router.get("/indicators", tags=["assessment"], responses={401: {}})
def indicator_catalogue(caller: Caller) -> dict[str, Any]:
    """The Delphi dimensions with graded indicators, the acts, and the ILO forced-labour indicators."""
    return {
        "dimensions": [
            {
                "code": d.code,
                "label": d.label,
                "element": d.element,
                "indicators": [
                    {"code": i.code, "grade": i.grade.value, "label": i.label} for i in d.indicators
                ],
            }
            for d in indicators.DIMENSIONS
        ],
        "acts": [{"code": c, "label": label} for c, label in indicators.ACTS],
        "forced_labour": [{"code": c, "label": label} for c, label in indicators.FORCED_LABOUR],
    }


@router.post(
    "/cases/{case_id}/persons/{cp_id}/assessments", status_code=201, tags=["assessment"], responses=ERRORS
)
# The interview's path before it was called an assessment; kept for existing clients.
@router.post(
    "/cases/{case_id}/persons/{cp_id}/screenings",
    status_code=201,
    tags=["assessment"],
    responses=ERRORS,
    deprecated=True,
)
def assess_victim(
    case_id: Id, cp_id: Id, body: AssessmentIn, db: DB, caller: Caller, why: Purpose
) -> dict[str, Any]:
    """Record a victim-identification interview; the answer's `suggestion` (likely, possible,
    not_indicated) is advice only."""
    return assessment.assess_victim(db, caller, case_id, cp_id, _body(body), reason=why)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/consents", status_code=201, response_model=Created, responses=ERRORS
)
def add_consent(case_id: Id, cp_id: Id, body: ConsentIn, db: DB, caller: Caller, why: Purpose) -> Created:
    data = body.model_dump()
    return Created(id=referrals.add_consent(db, caller, case_id, cp_id, data, reason=why)["id"])


@router.post("/cases/{case_id}/referrals", status_code=201, tags=["referrals"], responses=ERRORS)
def refer(case_id: Id, body: ReferralIn, db: DB, caller: Caller, why: Purpose) -> dict[str, Any]:
    return referrals.refer(db, caller, case_id, body.model_dump(), reason=why)


@router.patch("/referrals/{referral_id}", tags=["referrals"], responses=ERRORS)
def set_referral_status(
    referral_id: Id, body: ReferralStatusIn, db: DB, caller: Caller, why: Purpose
) -> dict[str, Any]:
    return referrals.set_referral_status(db, caller, referral_id, body.status, reason=why)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/support-plans",
    status_code=201,
    response_model=Created,
    responses=ERRORS,
)
def add_support_plan(
    case_id: Id, cp_id: Id, body: SupportPlanIn, db: DB, caller: Caller, why: Purpose
) -> Created:
    return Created(id=support.add_support_plan(db, caller, case_id, cp_id, _body(body), reason=why)["id"])


@router.post(
    "/cases/{case_id}/persons/{cp_id}/follow-ups", status_code=201, response_model=Created, responses=ERRORS
)
def add_follow_up(case_id: Id, cp_id: Id, body: FollowUpIn, db: DB, caller: Caller, why: Purpose) -> Created:
    return Created(id=support.add_follow_up(db, caller, case_id, cp_id, _body(body), reason=why)["id"])


@router.patch("/cases/{case_id}/follow-ups/{fu_id}", status_code=204, responses=ERRORS)
def complete_follow_up(
    case_id: Id, fu_id: Id, body: FollowUpDone, db: DB, caller: Caller, why: Purpose
) -> None:
    support.complete_follow_up(db, caller, case_id, fu_id, _body(body), reason=why)


@router.post(
    "/cases/{case_id}/persons/{cp_id}/proceedings", status_code=201, response_model=Created, responses=ERRORS
)
def add_proceeding(
    case_id: Id, cp_id: Id, body: ProceedingIn, db: DB, caller: Caller, why: Purpose
) -> Created:
    return Created(id=proceedings.add_proceeding(db, caller, case_id, cp_id, _body(body), reason=why)["id"])


@router.get("/stats", tags=["statistics"], responses=ERRORS)
def stats(db: DB, caller: Caller) -> dict[str, Any]:
    """Aggregate counts of your organisation's scope; no person data."""
    return svc.statistics(db, caller)
