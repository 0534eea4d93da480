"""Case workers' statements on likely duplicates, given while registering a person: "same person –
link" or "different person". A case worker may not decide links (that is the link review's, an
analyst's), so the statement is kept as a pending hint on the pair of persons, with the matching
core's score then; the review queue shows hinted pairs first, with the statement, and the analyst's
decision (tipnet.linkage.store_review.record_decision) settles it.

Only pairs the duplicate check itself reported are hinted (the caller passes those), so a hint never
names a person beyond the worker's scope. Audited without names: uids, the case, the statement."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid
from tipnet.linkage.resolve import pair_key
from tipnet.linkage.store_records import person_uid
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.linkage import LinkHint

SAME, DIFFERENT = "same", "different"


def record_hint(
    session: Session,
    principal: Principal,
    new_person_id: int,
    other_person_id: int,
    statement: str,
    score: float,
    *,
    case_id: int | None = None,
    reason: str | None = None,
) -> LinkHint:
    """Keep a worker's statement on a pair of persons as a pending hint (a later one replaces it)."""
    require(principal, Perm.PERSON_IDENTIFY)
    if statement not in (SAME, DIFFERENT):
        raise Invalid(f"duplicate: one of {SAME}, {DIFFERENT}")
    if new_person_id == other_person_id:
        raise Invalid("duplicate: the same record")
    a, b = pair_key(person_uid(new_person_id), person_uid(other_person_id))
    audit.serialise(session)  # two statements on one pair at once: the later replaces, no unique-key error
    row = session.scalar(
        select(LinkHint)
        .where(LinkHint.uid_l == a, LinkHint.uid_r == b)
        .execution_options(populate_existing=True)
    )
    if row is None:
        row = LinkHint(uid_l=a, uid_r=b)
        session.add(row)
    row.same_person, row.score, row.case_id = statement == SAME, float(score), case_id
    row.actor, row.given_at, row.decided = principal.username, datetime.now(UTC).replace(tzinfo=None), False
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "link_hint",
        f"{a}|{b}",
        reason=reason,
        details={"case": case_id, "same_person": statement == SAME, "score": round(float(score), 2)},
    )
    return row
