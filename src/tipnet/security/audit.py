"""The audit log: who did what to which victim data, when and why. Append-only and hash-chained.

Only `record` writes it (INSERT); the database refuses UPDATE and DELETE on the table (triggers of
migration 0002) and, on SQLite, an INSERT OR REPLACE over an existing row (migration 0007). Each row
stores SHA-256 over its content and the previous row's hash (tipnet.store.audit_chain), so an edit,
a deletion or a reordering is found by `verify` (`tipnet audit verify`). Details never hold personal
data: ids and counts, not names or queries.

Reads are scoped: an organisation sees the events of its own accounts and of its own cases; only a
role holding `audit:read-all` (none by default) reads every organisation's events.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tipnet.store.audit_chain import GENESIS, lock_chain, row_digest
from tipnet.store.tables.cases import Case
from tipnet.store.tables.security import AuditEvent, UserAccount


def _now() -> datetime:
    """UTC now, naive (the columns are timezone-less and hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


ACTIONS = (
    "view",
    "search",
    "create",
    "update",
    "export",
    "login",
    "login_failed",
    "denied",
    "rotate",
    "import",  # a partner's bundle received (tipnet.sharing)
    "delete",  # received records purged or withdrawn (tipnet.sharing)
)
ACTOR_MAX = 100  # account names are at most 100 characters


def clean_text(value: str, limit: int) -> str:
    """`value` made safe to store and show: NFC, control and format characters (bidi overrides,
    zero-width, NUL, newlines) removed, whitespace collapsed, at most `limit` characters."""
    value = unicodedata.normalize("NFC", value[: limit * 4])
    value = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value)
    value = re.sub(r"\s+", " ", value).strip()
    return value[:limit]


def _case_of(object_type: str, object_id: str | int | None, details: dict[str, Any]) -> int | None:
    if object_type == "case" and object_id is not None and str(object_id).isdigit():
        return int(object_id)
    case = details.get("case")
    return int(case) if isinstance(case, int) or (isinstance(case, str) and case.isdigit()) else None


def serialise(session: Session) -> None:
    """Take the audit chain's lock now, before reading what an audited change will rewrite (a draft,
    a hint): a concurrent change of the same waits here and then reads what this one committed, not
    a stale copy (PostgreSQL's read committed; SQLite's writer lock already does it). Every audited
    write takes this lock before it commits anyway, so taking it first adds no new lock order."""
    session.flush()
    lock_chain(session)


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int | None = None,
    *,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event; it commits with the work it describes (or not at all).

    The chain is extended under a lock held until the transaction ends, so concurrent appenders
    never chain onto the same row."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = clean_text(actor, ACTOR_MAX) or "?"
    details = details or {}
    fields: dict[str, Any] = {
        "at": _now(),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id)[:200],
        "reason": (reason or None) and reason[:500],
        "details": details,
        "case_id": _case_of(object_type, object_id, details),
    }
    session.flush()  # earlier events of this transaction are in the table, in order
    lock_chain(session)
    prev = session.scalar(select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    session.add(AuditEvent(**fields, prev_hash=prev, row_hash=row_digest(fields, prev)))
    session.flush()


def read(
    session: Session,
    *,
    scope_org: int | None,
    limit: int = 100,
    before_id: int | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
    case_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    hide_types: tuple[str, ...] = (),
) -> list[AuditEvent]:
    """Newest first, filtered; `before_id` pages back. `scope_org`: the reader's organisation (its
    accounts' events and its cases' events), or None for every event (audit:read-all only).
    `since`/`until` are UTC; `hide_types` leaves out kinds of object (the audit page's own views)."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, min(limit, 1000)))
    if scope_org is not None:
        own_accounts = select(UserAccount.username).where(UserAccount.org_id == scope_org)
        own_cases = select(Case.id).where(Case.org_id == scope_org)
        stmt = stmt.where(or_(AuditEvent.actor.in_(own_accounts), AuditEvent.case_id.in_(own_cases)))
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if case_id is not None:
        stmt = stmt.where(AuditEvent.case_id == case_id)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    if hide_types:
        stmt = stmt.where(AuditEvent.object_type.not_in(hide_types))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Verdict:
    """The chain checked from the first row: `broken_at` is the first row that does not hold
    (None when intact), `why` says how; `head` is the last row's hash (an anchor to keep elsewhere)."""

    rows: int
    broken_at: int | None
    why: str
    head: str


def verify(session: Session, *, batch: int = 5000) -> Verdict:
    """Walk the chain in id order, recomputing every row's hash."""
    prev, count = GENESIS, 0
    last_id: int | None = None
    while True:
        stmt = select(AuditEvent).order_by(AuditEvent.id).limit(batch)
        if last_id is not None:
            stmt = stmt.where(AuditEvent.id > last_id)
        events = list(session.scalars(stmt))
        if not events:
            return Verdict(count, None, "intact", prev)
        for event in events:
            fields = {
                "at": event.at,
                "actor": event.actor,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
                "reason": event.reason,
                "details": event.details,
                "case_id": event.case_id,
            }
            if event.prev_hash != prev:
                why = "missing or reordered row before it (previous hash does not match)"
                return Verdict(count, event.id, why, prev)
            if event.row_hash != row_digest(fields, prev):
                return Verdict(count, event.id, "content changed (hash does not match)", prev)
            prev, count, last_id = event.row_hash, count + 1, event.id
            session.expunge(event)


def as_dict(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.at.isoformat() if event.at else None,
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "reason": event.reason,
        "details": event.details,
    }
