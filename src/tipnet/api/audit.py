"""The audit log, for administrators: read only (there is no route that changes it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tipnet.api.deps import DB, Caller
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm

router = APIRouter(prefix="/api", tags=["audit"])


class AuditEventOut(BaseModel):
    """One event: who did what to which object, when and why; details hold ids and counts only."""

    id: int
    at: str | None
    actor: str
    action: str
    object_type: str
    object_id: str | None
    reason: str | None
    details: dict[str, Any]


@router.get("/audit", response_model=list[AuditEventOut], responses={401: {}, 403: {}, 422: {}})
def read_audit(
    db: DB,
    caller: Caller,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    object_id: Annotated[str | None, Query(max_length=200)] = None,
) -> list[AuditEventOut]:
    """Newest first, the events of the caller's organisation (its accounts and its cases).
    Reading the log is itself logged."""
    require(caller, Perm.AUDIT_READ)
    scope = None if caller.can(Perm.AUDIT_READ_ALL) else caller.org_id
    events = audit.read(
        db,
        scope_org=scope,
        limit=limit,
        before_id=before_id,
        actor=actor,
        object_type=object_type,
        object_id=object_id,
    )
    audit.record(db, caller.username, "view", "audit_log", details={"results": len(events)})
    return [AuditEventOut(**audit.as_dict(event)) for event in events]
