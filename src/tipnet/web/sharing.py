"""The page of a case's sharing with partners: which partners were told what (field names), for
which purpose, when and by whom, the withdrawals sent and those still due, and what partners handed
over into the case. Audited as a view of the case, committed before the page goes out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from tipnet.cases.scope import load_case
from tipnet.security import sessions
from tipnet.sharing.log import case_sharing
from tipnet.web.base import audit_reason, page, render

router = APIRouter(include_in_schema=False)


@router.get("/cases/{case_id}/sharing")
def sharing_page(request: Request, case_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        case = load_case(session, found.principal, case_id)  # scope and case:read, else 404
        log = case_sharing(session, case.id, actor=found.principal.username, reason=reason)
        return render(request, "case_sharing.html", {"case": case, "log": log, "why": reason}, found=found)

    return page(request, work)
