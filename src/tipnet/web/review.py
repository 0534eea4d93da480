"""The link review page (/link/review): uncertain pairs side by side with the evidence of the model,
and Accept / Reject buttons. Decisions are kept and override the model in every later linkage run.

Plain form POSTs (CSRF token in the form) so the page works without scripts; the session, CSRF and
rendering helpers are those of every page (tipnet.web.base).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from tipnet.errors import Invalid
from tipnet.linkage import store_review
from tipnet.security import sessions
from tipnet.security.users import Principal
from tipnet.web.base import audit_reason, current_ring, page, post, redirect, render

router = APIRouter(include_in_schema=False)
PAGE = 20


@router.get("/link/review")
def review_page(request: Request, offset: int = 0, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        queue = store_review.review_queue(
            session,
            found.principal,
            limit=PAGE,
            offset=max(0, min(offset, 10_000_000)),
            reason=reason,
            ring=current_ring(request),
        )
        return render(
            request,
            "link_review.html",
            {"queue": queue, "page": PAGE, "why": reason, "saved": request.query_params.get("saved")},
            found=found,
        )

    return page(request, work)


@router.post("/link/review/decision")
async def review_decision(request: Request) -> Response:
    form = await request.form()

    def work(session: Session, principal: Principal) -> Response:
        uid_l, uid_r = str(form.get("uid_l") or "")[:64], str(form.get("uid_r") or "")[:64]
        if not uid_l or not uid_r:
            raise Invalid("uid_l, uid_r: required")
        accept = str(form.get("accept") or "") == "1"
        store_review.record_decision(
            session, principal, uid_l, uid_r, accept, reason=audit_reason(form.get("reason"))
        )
        why = audit_reason(form.get("why"))
        offset = str(form.get("offset") or "0")
        # Back at the same place in the queue (the decided pair has left it).
        at = (
            f"&offset={int(offset)}"
            if offset.isascii() and offset.isdigit() and 0 < int(offset) <= 10_000_000
            else ""
        )
        return redirect("/link/review?saved=1" + at + (f"&why={quote(why, safe='')}" if why else ""))

    return await run_in_threadpool(post, request, form, work)  # not on the event loop
