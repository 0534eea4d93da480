"""The audit log page, for administrators (read only; reading it is itself logged). Filters by
account, case (its reference), action and dates (days in the reader's time zone, web.zones); times
shown in that zone, named; cases shown by reference; the audit page's own views hidden unless asked
for."""

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
from tipnet.web import zones
from tipnet.web.base import page, render

router = APIRouter(include_in_schema=False)
_OWN = ("audit_log",)  # the audit page's own views: hidden by default


def _day(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = "date: expected YYYY-MM-DD"
        return None


def day_range(since: date | None, until: date | None, where: str) -> tuple[datetime | None, datetime | None]:
    """The UTC instants (naive, as the log holds them) from the start of day `since` to the end of
    day `until`, both days in the reader's zone `where`."""
    zone = zones.zone(where)
    start = zones.day_start(since, zone) if since else None
    end = zones.day_start(until + timedelta(days=1), zone) if until else None
    return start, end


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
        start, end = day_range(
            _day(since, "since", errors), _day(until, "until", errors), zones.of_reader(session, who)
        )
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
            until=end,
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
