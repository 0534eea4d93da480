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


class Evidence(BaseModel):
    """One step of a pair's waterfall: a feature's comparison level and the bits it adds."""

    feature: str
    level: str
    bits: float


class Pair(BaseModel):
    uid_l: str
    uid_r: str
    match_probability: float
    match_weight: float
    status: str
    evidence: list[Evidence]


class Member(BaseModel):
    """A member record as the caller may see it: a person record (`person_id`) or a watchlist entry
    (`watchlist_entry_id`); a sealed person's name only for roles that identify victims, else
    `name_withheld`. A record no longer stored is `missing`. Fields that do not apply are left out."""

    uid: str
    missing: bool | None = None
    dataset: str | None = None
    identity_id: str | None = None
    person_id: int | None = None
    watchlist_entry_id: int | None = None
    source: str | None = None
    org: str | None = None
    record_id: str | None = None
    role: str | None = None
    sealed: bool | None = None
    name: str | None = None
    name_withheld: bool | None = None


class IdentityOut(BaseModel):
    id: str
    first_run_id: int | None
    last_run_id: int | None
    members: list[Member]
    pairs: list[Pair]


class ReviewItem(Pair):
    left: Member
    right: Member


class WorkerStatement(BaseModel):
    """A case worker's "same person" / "different person" given while registering (a hint)."""

    same_person: bool
    score: float
    actor: str
    given_at: str
    case_id: int | None = None


class HintedItem(BaseModel):
    """A pair a case worker spoke about, shown first; `match_weight` is null until a run scores it."""

    uid_l: str
    uid_r: str
    match_probability: float
    match_weight: float | None = None
    status: str
    evidence: list[Evidence]
    left: Member
    right: Member
    hint: WorkerStatement


class ReviewQueue(BaseModel):
    total: int
    limit: int
    offset: int
    hints: list[HintedItem] = []
    items: list[ReviewItem]


class DecisionOut(BaseModel):
    uid_l: str
    uid_r: str
    accept: bool
    decided_at: str


class DecisionIn(BaseModel):
    uid_l: Uid
    uid_r: Uid
    accept: bool
    reason: Annotated[str | None, Field(max_length=500)] = None


# Members are of two kinds (person records, watchlist entries): each answer leaves out the fields
# that do not apply to a member rather than giving them as nulls.
@router.get(
    "/identities/{identity_id}",
    response_model=IdentityOut,
    response_model_exclude_unset=True,
    responses=ERRORS,
)
def get_identity(
    identity_id: Annotated[str, Path(min_length=3, max_length=16, pattern=r"^P-[0-9a-f]+$")],
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
) -> IdentityOut:
    return IdentityOut.model_validate(
        store_review.identity_detail(db, caller, identity_id, reason=why, ring=ring)
    )


@router.get("/link/review", response_model=ReviewQueue, response_model_exclude_unset=True, responses=ERRORS)
def get_review_queue(
    db: DB,
    caller: Caller,
    ring: Ring,
    why: Purpose,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ReviewQueue:
    """Undecided pairs, most uncertain first, with both records and each pair's waterfall."""
    queue = store_review.review_queue(db, caller, limit=limit, offset=offset, reason=why, ring=ring)
    return ReviewQueue.model_validate(queue)


@router.post("/link/review/decision", response_model=DecisionOut, responses=ERRORS)
def post_decision(body: DecisionIn, db: DB, caller: Caller) -> DecisionOut:
    """Accept or reject a scored pair; later runs apply it."""
    decision = store_review.record_decision(
        db, caller, body.uid_l, body.uid_r, body.accept, reason=body.reason
    )
    return DecisionOut.model_validate(decision)
