"""The audit log page, for administrators (read only; reading it is itself logged). Filters by
account, case (its reference), action and dates (UTC); cases shown by reference; the audit page's
own views hidden unless asked for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.security import audit, sessions
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.store.tables.cases import Case
from tipnet.web.base import page, render

router = APIRouter(include_in_schema=False)
_OWN = ("audit_log",)  # the audit page's own views: hidden by default


def _day(value: str | None, name: str, errors: dict[str, str]) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = "date: expected YYYY-MM-DD"
        return None
    return datetime(day.year, day.month, day.day)


@router.get("/audit")
def audit_page(
    request: Request,
    before_id: int | None = None,
    actor: str | None = None,
    case: str | None = None,
    action: str | None = None,
    since: str | None = None,
    until: str | None = None,
    all: str | None = None,
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.AUDIT_READ)
        who = found.principal
        scope = None if who.can(Perm.AUDIT_READ_ALL) else who.org_id
        errors: dict[str, str] = {}
        start, end = _day(since, "since", errors), _day(until, "until", errors)
        case_id: int | None = None
        wanted = (case or "").strip()[:200]
        if wanted:
            stmt = select(Case.id).where(Case.case_ref == wanted)
            if scope is not None:
                stmt = stmt.where(Case.org_id == scope)
            case_id = session.scalar(stmt) or (
                int(wanted.lstrip("#"))
                if wanted.lstrip("#").isascii() and wanted.lstrip("#").isdigit()
                else -1
            )
        shown_action = action if action in audit.ACTIONS else None
        events = audit.read(
            session,
            scope_org=scope,
            limit=200,
            before_id=before_id,
            actor=(actor or "").strip()[:100] or None,
            action=shown_action,
            case_id=case_id,
            since=start,
            until=end + timedelta(days=1) if end else None,
            hide_types=() if all == "1" else _OWN,
        )
        refs = dict(
            session.execute(
                select(Case.id, Case.case_ref).where(Case.id.in_({e.case_id for e in events if e.case_id}))
            ).all()
        )
        audit.record(session, who.username, "view", "audit_log", details={"results": len(events)})
        filters: dict[str, Any] = {
            "actor": actor or "",
            "case": wanted,
            "action": shown_action or "",
            "since": since or "",
            "until": until or "",
            "all": all == "1",
        }
        context = {
            "events": events,
            "refs": refs,
            "filters": filters,
            "actions": audit.ACTIONS,
            "errors": errors,
            "error_form": "audit-filters",
            "values": filters,
        }
        return render(request, "audit.html", context, found=found)

    return page(request, work)
