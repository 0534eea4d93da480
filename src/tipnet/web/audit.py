"""The audit log page, for administrators (read only; reading it is itself logged)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from tipnet.security import audit, sessions
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.web.base import page, render

router = APIRouter(include_in_schema=False)


@router.get("/audit")
def audit_page(request: Request, before_id: int | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.AUDIT_READ)
        who = found.principal
        scope = None if who.can(Perm.AUDIT_READ_ALL) else who.org_id
        events = audit.read(session, scope_org=scope, limit=200, before_id=before_id)
        audit.record(session, found.principal.username, "view", "audit_log", details={"results": len(events)})
        return render(request, "audit.html", {"events": events}, found=found)

    return page(request, work)
