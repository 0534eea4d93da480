""" "My work", the landing page of everyone who reads cases: what waits for the organisation today
(tipnet.cases.worklist), with a referral's answer given in place (a rejection with its reason and a
confirmation), and for supervisors the steps awaiting their approval (tipnet.cases.approvals). The
navigation shows the counts on every page (web.base.nav_counts). The administrator chooses here
which steps need a supervisor's approval."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases import approvals, worklist
from tipnet.errors import Forbidden, TipnetError
from tipnet.security import sessions
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.sharing.consent import CaseWithdrawals, withdrawals_due_for_org
from tipnet.web.base import (
    FormInvalid,
    audit_reason,
    errors_of,
    form_fields,
    landing,
    page,
    redirect,
    render,
    run_post,
)

router = APIRouter(include_in_schema=False)
_DONE = ("accepted", "rejected", "done", "approved", "approval_rejected", "approvals_saved")


@router.get("/")
def home(request: Request) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        return redirect(landing(found.principal))

    return page(request, work)


@router.get("/work")
def work_page(request: Request, done: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if not found.principal.can(Perm.CASE_READ):
            return redirect(landing(found.principal))
        context = {**work_context(session, found), "done": done if done in _DONE else None}
        return render(request, "work.html", context, found=found)

    return page(request, work)


def work_context(session: Session, found: sessions.Resolved) -> dict[str, object]:
    principal = found.principal
    waiting = approvals.pending(session, principal) if principal.can(Perm.CASE_ASSIGN) else []
    return {
        "work": worklist.my_work(session, principal),
        "today": date.today(),
        "approvals": waiting,
        "withdrawals": _withdrawals_due(session, principal),
    }


def _withdrawals_due(session: Session, principal: Principal) -> list[CaseWithdrawals]:
    """Issue 18's withdrawals due (partners holding a record whose consent was withdrawn), for
    those who record consent (case workers, supervisors); references and partner codes only,
    audited as a view of the organisation's cases."""
    if not principal.can(Perm.REFERRAL):
        return []
    return withdrawals_due_for_org(session, principal.org_id, actor=principal.username)


@router.post("/approvals/{request_id}")
async def decide_approval(request: Request, request_id: str) -> Response:
    """A supervisor approves or rejects a step in place on "My work" (a rejection: reason and
    confirmation)."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        fields = form_fields(form)
        reason = audit_reason(fields.pop("why", None))
        approve = fields.get("status") == "approved"
        if not approve:
            missing = {"why": "required to reject a request"} if not reason else {}
            if fields.get("confirm") != "yes":
                missing["confirm"] = "tick the box to confirm"
            if missing:
                raise FormInvalid(missing)
        approvals.decide(session, principal, int(request_id), approve, reason=reason)
        return redirect("/work?done=" + ("approved" if approve else "approval_rejected"))

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        context = {
            **work_context(session, found),
            "errors": errors_of(exc),
            "error_form": f"approval-{request_id}",
        }
        status = 403 if isinstance(exc, Forbidden) else 422
        return render(request, "work.html", context, status_code=status, found=found)

    return await run_post(request, run, again)


@router.get("/settings/approvals")
def approvals_page(request: Request, done: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.USER_MANAGE)
        context = {
            "steps": approvals.STEPS,
            "chosen": approvals.policy(session, found.principal.org_id),
            "done": done if done in _DONE else None,
        }
        return render(request, "approvals.html", context, found=found)

    return page(request, work)


@router.post("/settings/approvals")
async def save_approvals(request: Request) -> Response:
    def run(session: Session, principal: Principal, form: FormData) -> Response:
        steps = [v for v in form.getlist("step") if isinstance(v, str)]
        approvals.set_policy(session, principal, steps)
        return redirect("/settings/approvals?done=approvals_saved")

    return await run_post(request, run)
