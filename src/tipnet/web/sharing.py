"""Sharing with partners on the web. The page of a case's sharing: which partners were told what
(field names), for which purpose, when and by whom, the withdrawals sent and those still due, and
what partners handed over into the case. The records partners sent to the reader's organisation,
and one record's fields (for roles that identify victims). Every read is audited, committed before
the page goes out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from tipnet.cases.scope import load_case
from tipnet.security import sessions
from tipnet.sharing import inbox
from tipnet.sharing.log import case_sharing
from tipnet.web.base import audit_reason, current_ring, page, render

router = APIRouter(include_in_schema=False)


@router.get("/cases/{case_id}/sharing")
def sharing_page(request: Request, case_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        case = load_case(session, found.principal, case_id)  # scope and case:read, else 404
        log = case_sharing(session, case.id, actor=found.principal.username, reason=reason)
        return render(request, "case_sharing.html", {"case": case, "log": log, "why": reason}, found=found)

    return page(request, work)


@router.get("/partners/received")
def received_page(request: Request, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        items = inbox.received(session, found.principal, reason=reason)
        return render(request, "received.html", {"items": items, "why": reason, "record": None}, found=found)

    return page(request, work)


@router.get("/partners/received/{record_id}")
def received_record_page(request: Request, record_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        item, fields = inbox.record(session, found.principal, record_id, current_ring(request), reason=reason)
        return render(
            request,
            "received.html",
            {"items": [], "why": reason, "record": item, "fields": sorted(fields.items())},
            found=found,
        )

    return page(request, work)
