"""Retention: records received from partners are deleted once their retention date (set by the
sender from the agreement) has passed: the row, its sealed content and, for a handover, the
person's sealed identity. Audited with counts per partner; nothing identifying is logged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipnet.security import audit
from tipnet.sharing import handover
from tipnet.sharing.receive import drop_content
from tipnet.store.tables.sharing import Partner, ReceivedRecord


def expired(session: Session, today: date) -> list[tuple[int, int, int | None, str]]:
    """(record id, partner id, handed-over case person, partner code) of records past retention:
    `retain_until` before `today` (a record is kept through its retention date)."""
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.execute(
            select(ReceivedRecord.id, ReceivedRecord.partner_id, ReceivedRecord.case_person_id, Partner.code)
            .join(Partner, Partner.id == ReceivedRecord.partner_id)
            .where(ReceivedRecord.retain_until < today)
            .order_by(ReceivedRecord.id)
        )
    ]


def purge(
    session: Session, *, actor: str, today: date | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Delete every received record past its retention date; the count per partner code."""
    today = today or date.today()
    rows = expired(session, today)
    counts: dict[str, int] = {}
    for _id, _pid, _cp, code in rows:
        counts[code] = counts.get(code, 0) + 1
    if dry_run or not rows:
        return counts
    ids = [r[0] for r in rows]
    drop_content(session, ids)
    handover.forget_identity(session, [r[2] for r in rows if r[2] is not None])
    session.execute(delete(ReceivedRecord).where(ReceivedRecord.id.in_(ids)))
    audit.record(
        session,
        actor,
        "delete",
        "received_record",
        None,
        reason="retention date passed",
        details={"records": len(ids), "by_partner": counts, "before": today.isoformat()},
    )
    return counts
