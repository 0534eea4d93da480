"""The victim assessment pages: the identification interview's form (the Delphi indicators, acts and
forced-labour indicators, in the user's language) and its result, with the status decision beside
it. The suggestion is advice; the decision stays the case worker's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases import assessment, indicators
from tipnet.cases import service as svc
from tipnet.cases.models import AssessmentIn, parse
from tipnet.errors import NotFound
from tipnet.security import sessions
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.vocab import code_list
from tipnet.web.base import audit_reason, current_ring, form_fields, page, render, run_post

router = APIRouter(include_in_schema=False)


def _catalogue() -> dict[str, Any]:
    return {
        "dimensions": indicators.DIMENSIONS,
        "acts": indicators.ACTS,
        "forced_labour": indicators.FORCED_LABOUR,
    }


@router.get("/cases/{case_id}/persons/{cp_id}/assess")
def assessment_page(request: Request, case_id: int, cp_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.ASSESS)
        reason = audit_reason(why)
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=current_ring(request))
        person = next((p for p in case.persons if p.id == cp_id and p.role == "Victim"), None)
        if person is None:
            raise NotFound("person not found in this case")
        return render(
            request,
            "assessment.html",
            {"case": case, "person": person, "why": reason, **_catalogue()},
            found=found,
        )

    return page(request, work)


@router.post("/cases/{case_id}/persons/{cp_id}/assess")
async def assess_victim(request: Request, case_id: int, cp_id: int) -> Response:
    def work(session: Session, principal: Principal, form: FormData) -> Response:
        data = form_fields(form, "indicators", "acts", "forced_labour")
        reason = audit_reason(data.pop("why", None))
        interview = parse(AssessmentIn, data)
        result = assessment.assess_victim(session, principal, case_id, cp_id, interview, reason=reason)
        return render(
            request,
            "assessment_result.html",
            {
                "case_id": case_id,
                "cp_id": cp_id,
                "result": result,
                "why": reason,
                "trafficking_statuses": list(code_list("vic_TraffickingStatus")),
                **_catalogue(),
            },
            found=request.state.found,
        )

    return await run_post(request, work)
