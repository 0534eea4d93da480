"""The audit log: who did what to which victim data, when and why. Append-only.

Only `record` writes it (INSERT); the database refuses UPDATE and DELETE on the table (triggers of
migration 0002). Details never hold personal data: ids and counts, not names or queries.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.store.tables.security import AuditEvent


def _now() -> datetime:
    """UTC now, naive (the columns are timezone-less and hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


ACTIONS = ("view", "search", "create", "update", "export", "login", "login_failed", "denied", "rotate")


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
    """Append one event; it commits with the work it describes (or not at all)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEvent(
            at=_now(),
            actor=actor[:200],
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            reason=(reason or None) and reason[:500],
            details=details or {},
        )
    )


def read(
    session: Session,
    *,
    limit: int = 100,
    before_id: int | None = None,
    actor: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> list[AuditEvent]:
    """Newest first, filtered; `before_id` pages back."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, min(limit, 1000)))
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if object_type:
        stmt = stmt.where(AuditEvent.object_type == object_type)
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    return list(session.scalars(stmt))


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
