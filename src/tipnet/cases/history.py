"""A case's history: who did what to it and when, read from the audit log (the one record of every
change, hash-chained), as Primero's record history and OSCaR's case history show it.

Only what the audit holds is shown: accounts, actions, the kinds of record and the names of the
fields changed, status moves, assignees; never a victim's data (the audit never holds any). The
reasons people gave are free text and may name someone, so they are shown only to readers who may
see victims' identities. Another organisation than the owner (a referral's receiver) sees only its own
accounts' events. Page views are left out unless asked for. Reading the history is itself
audited, committed with the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.scope import load_case
from tipnet.security import audit
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.security import AuditEvent, UserAccount
from tipnet.store.tables.sources import Organisation

LIMIT = 500


@dataclass(frozen=True)
class Entry:
    at: datetime | None
    actor: str
    actor_org: str | None
    action: str
    object_type: str
    fields: list[str] = field(default_factory=list)
    status: tuple[str, str] | None = None  # a status move (case: [was, now]; referral: now only)
    assignee: tuple[str | None, str] | None = None  # from whom to whom
    reason: str | None = None


def case_history(
    session: Session, principal: Principal, case_id: int, *, views: bool = False, limit: int = LIMIT
) -> list[Entry]:
    """The case's audit events, newest first (views only when `views`); audited as a view."""
    case = load_case(session, principal, case_id)
    stmt = select(AuditEvent).where(AuditEvent.case_id == case.id)
    if case.org_id != principal.org_id:
        # Another organisation (a referral's receiver) reads only its own accounts' events, as the
        # audit page scopes them: the owner's views and reasons (which may name victims) are not its.
        own_accounts = select(UserAccount.username).where(UserAccount.org_id == principal.org_id)
        stmt = stmt.where(AuditEvent.actor.in_(own_accounts))
    if not views:
        stmt = stmt.where(AuditEvent.action != "view")
    events = list(session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(max(1, min(limit, LIMIT)))))
    actors = {e.actor for e in events}
    orgs = dict(
        session.execute(
            select(UserAccount.username, Organisation.code)
            .join(Organisation, Organisation.id == UserAccount.org_id)
            .where(UserAccount.username.in_(actors or {""}))
        ).all()
    )
    user_ids = {
        uid for e in events for uid in (e.details or {}).get("assignee", []) or [] if isinstance(uid, int)
    }
    names = (
        dict(
            session.execute(
                select(UserAccount.id, UserAccount.username).where(UserAccount.id.in_(user_ids))
            ).all()
        )
        if user_ids
        else {}
    )
    reasons = principal.can(Perm.PERSON_IDENTIFY)
    out = [_entry(e, orgs.get(e.actor), names, reasons) for e in events]
    audit.record(
        session,
        principal.username,
        "view",
        "case_history",
        details={"case": case.id, "results": len(out), "views": views},
    )
    return out


def _entry(event: AuditEvent, org: str | None, names: dict[int, str], reasons: bool) -> Entry:
    details: dict[str, Any] = event.details or {}
    fields = [str(f) for f in details.get("fields", []) or [] if isinstance(f, str)]
    status = details.get("status")
    move: tuple[str, str] | None = None
    if isinstance(status, list) and len(status) == 2:
        move = (str(status[0]), str(status[1]))
    elif isinstance(status, str):
        move = ("", status)
    who = details.get("assignee")
    assignee: tuple[str | None, str] | None = None
    if isinstance(who, list) and len(who) == 2:
        before, after = who
        assignee = (names.get(before) if isinstance(before, int) else None, names.get(after, "?"))
    return Entry(
        at=event.at,
        actor=event.actor,
        actor_org=org,
        action=event.action,
        object_type=event.object_type,
        fields=fields,
        status=move,
        assignee=assignee,
        reason=event.reason if reasons else None,
    )
