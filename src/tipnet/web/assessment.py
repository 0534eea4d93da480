"""The victim assessment pages: the identification interview's form (the Delphi indicators, acts and
forced-labour indicators, in the user's language) and its result, with the status decision beside
it. The suggestion is advice; the decision stays the case worker's."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases import assessment, assessment_draft, indicators
from tipnet.cases import service as svc
from tipnet.cases.models import AssessmentIn, parse
from tipnet.cases.responses import AssessmentResult
from tipnet.errors import Invalid, NotFound, TipnetError
from tipnet.security import sessions
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.vocab import code_list
from tipnet.web.base import (
    audit_reason,
    case_url,
    current_ring,
    errors_of,
    form_fields,
    page,
    redirect,
    render,
    run_post,
)

router = APIRouter(include_in_schema=False)


def _catalogue() -> dict[str, Any]:
    return {
        "dimensions": indicators.DIMENSIONS,
        "acts": indicators.ACTS,
        "forced_labour": indicators.FORCED_LABOUR,
    }


@router.get("/cases/{case_id}/persons/{cp_id}/assess")
def assessment_page(
    request: Request,
    case_id: int,
    cp_id: int,
    why: str | None = None,
    step: str | None = None,
    all: str | None = None,
) -> Response:
    """The interview one step at a time (resuming the author's draft), or on one page (`all`)."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.ASSESS)
        reason = audit_reason(why)
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=current_ring(request))
        person = next((p for p in case.persons if p.id == cp_id and p.role == "Victim"), None)
        if person is None:
            raise NotFound("person not found in this case")
        context = {"case": case, "person": person, "why": reason, **_catalogue()}
        draft = assessment_draft.load(session, found.principal, case_id, cp_id, reason=reason)
        if all:  # the same interview on one page, with what the draft holds ticked
            return render(request, "assessment.html", {**context, "answers": draft.answers}, found=found)
        number = min(max(_int(step, draft.step), 1), len(assessment_draft.STEPS))
        return _step_page(request, found, context, draft, number)

    return page(request, work)


def _step_page(
    request: Request,
    found: sessions.Resolved,
    context: dict[str, Any],
    draft: assessment_draft.Draft,
    number: int,
    errors: dict[str, str] | None = None,
) -> Response:
    this = assessment_draft.step(number)
    extra: dict[str, Any] = {}
    if this.kind == "dimension":
        extra["dimension"] = next(d for d in indicators.DIMENSIONS if d.code == this.code)
    if this.kind == "summary":
        extra["preview"] = assessment_draft.preview(draft.answers)
    return render(
        request,
        "assessment_step.html",
        {
            **context,
            "step": this,
            "steps": assessment_draft.STEPS,
            "answers": draft.answers,
            "draft_saved": draft.saved,
            "errors": errors or {},
            **extra,
        },
        status_code=422 if errors else 200,
        found=found,
    )


def _step_url(case_id: int, cp_id: int, number: int, reason: str | None) -> str:
    query = urlencode([("step", str(number)), *([("why", reason)] if reason else [])])
    return f"/cases/{case_id}/persons/{cp_id}/assess?{query}"


@router.post("/cases/{case_id}/persons/{cp_id}/assess/step")
async def assessment_step(request: Request, case_id: int, cp_id: int) -> Response:
    """Keep one step's ticks in the draft, then go on (`go=next`), back (`go=back`), to a step by
    number (`go=<n>`), save the interview (`go=save`) or discard the draft (`go=discard`)."""

    def work(session: Session, principal: Principal, form: FormData) -> Response:
        data = form_fields(form, "indicators", "acts", "forced_labour")
        reason = audit_reason(data.pop("why", None))
        number = _int(data.get("step"), 1)
        go = str(data.get("go") or "next")
        if go == "discard":  # irreversible: only with the box ticked
            if data.get("confirm_discard") != "yes":
                raise Invalid("confirm_discard: tick the box to confirm")
            assessment_draft.discard(session, principal, case_id, cp_id, reason=reason)
            return redirect(case_url(case_id, reason))
        if go == "save":
            result = assessment_draft.save(session, principal, case_id, cp_id, reason=reason)
            return _result_page(request, case_id, cp_id, result, reason)
        target = number + 1 if go == "next" else number - 1 if go == "back" else _int(go, number)
        target = min(max(target, 1), len(assessment_draft.STEPS))
        assessment_draft.save_step(
            session, principal, case_id, cp_id, number, data, going_to=target, reason=reason
        )
        return redirect(_step_url(case_id, cp_id, target, reason))

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        data = form_fields(form, "indicators", "acts", "forced_labour")
        reason = audit_reason(data.pop("why", None))
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=current_ring(request))
        person = next((p for p in case.persons if p.id == cp_id and p.role == "Victim"), None)
        if person is None:
            raise NotFound("person not found in this case")
        draft = assessment_draft.load(session, found.principal, case_id, cp_id, reason=reason)
        number = min(max(_int(data.get("step"), 1), 1), len(assessment_draft.STEPS))
        this = assessment_draft.step(number)
        answers = dict(draft.answers)
        if this.field:  # what was ticked, as ticked
            given = data.get(this.field) or []
            answers[this.field] = [c for c in answers[this.field] if c not in this.codes] + list(given)
        for key in ("is_child", "assessed_on"):
            if this.kind == "basics":
                answers[key] = data.get(key)
        shown = assessment_draft.Draft(number, answers, draft.saved)
        context = {"case": case, "person": person, "why": reason, **_catalogue()}
        return _step_page(request, found, context, shown, number, errors_of(exc))

    return await run_post(request, work, again)


def _int(value: Any, default: int) -> int:
    """A step number as posted or asked, else `default`. ASCII digits only: str.isdigit() is also
    true of "²", which int() refuses (a 500 on the page, "malformed identifier" on a form)."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else default


def _result_page(
    request: Request, case_id: int, cp_id: int, result: AssessmentResult, reason: str | None
) -> Response:
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


@router.post("/cases/{case_id}/persons/{cp_id}/assess")
async def assess_victim(request: Request, case_id: int, cp_id: int) -> Response:
    def work(session: Session, principal: Principal, form: FormData) -> Response:
        data = form_fields(form, "indicators", "acts", "forced_labour")
        reason = audit_reason(data.pop("why", None))
        interview = parse(AssessmentIn, data)
        result = assessment.assess_victim(session, principal, case_id, cp_id, interview, reason=reason)
        assessment_draft.discard(session, principal, case_id, cp_id, reason=reason)  # the same interview
        return _result_page(request, case_id, cp_id, result, reason)

    return await run_post(request, work)
