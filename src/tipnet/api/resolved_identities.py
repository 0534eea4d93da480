"""Resolved identities and the review queue of uncertain links.

GET /api/identities/{id} returns an identity's member records and the evidence of each link;
GET /api/link/review lists the undecided pairs of the review band; POST /api/link/review/decision
records an analyst's verdict (kept across runs, overriding the model). Sealed persons' names are
shown only to roles that identify victims, within their scope; every such read is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from tipnet.api.deps import DB, Caller, Purpose, Ring
from tipnet.linkage import store_review

router = APIRouter(prefix="/api", tags=["linkage"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 404: {}, 422: {}}
Uid = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class DecisionIn(BaseModel):
    uid_l: Uid
    uid_r: Uid
    accept: bool
    reason: Annotated[str | None, Field(max_length=500)] = None


@router.get("/identities/{identity_id}", responses=ERRORS)
def get_identity(
    identity_id: Annotated[str, Path(min_length=3, max_length=16, pattern=r"^P-[0-9a-f]+$")],
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
) -> dict[str, Any]:
    return store_review.identity_detail(db, caller, identity_id, reason=why, ring=ring)


@router.get("/link/review", responses=ERRORS)
def get_review_queue(
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Undecided pairs, most uncertain first, with both records and each pair's waterfall."""
    return store_review.review_queue(db, caller, limit=limit, offset=offset, reason=why, ring=ring)


@router.post("/link/review/decision", responses=ERRORS)
def post_decision(body: DecisionIn, db: DB, caller: Caller) -> dict[str, Any]:
    """Accept or reject a scored pair; later runs apply it."""
    return store_review.record_decision(db, caller, body.uid_l, body.uid_r, body.accept, reason=body.reason)
