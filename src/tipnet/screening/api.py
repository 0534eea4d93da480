"""REST screening: POST /screen (one person), /screen/batch, /screen/mrz (the border flow) and
/screen/{id}/decision (the officer's decision), as a router the main app mounts.

The router reads `app.state.screener` (a Screener over a loaded index) and, when present,
`app.state.engine` to log every screening. Bad input is a 4xx with a message naming the field, never
a 500: names without letters, unreadable dates, unknown country codes, batches over the limit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, HTTPException, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tipnet.identity.bidi import strip_bidi_controls
from tipnet.matching.record import PersonRecord, RecordError, make_record
from tipnet.screening.border import check_mrz
from tipnet.screening.entries import SUSPECTS_LIST, visible_suspects
from tipnet.screening.log import (
    DecisionError,
    DecisionForbidden,
    record_decision,
    record_screening,
    record_screenings,
)
from tipnet.screening.screen import Result, Screener

MAX_BATCH = 1000  # travellers per request; bigger manifests go through `tipnet screen` or several calls

router = APIRouter(prefix="/screen", tags=["screening"])


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIn(_Strict):
    id: str | None = Field(default=None, max_length=200, description="the caller's reference")
    name: str = Field(min_length=1, max_length=300)
    aliases: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=10)
    birth_date: str | None = Field(default=None, max_length=20, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationality: str | None = Field(default=None, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3")
    gender: str | None = Field(default=None, max_length=20)
    document_number: str | None = Field(default=None, max_length=64)


class ScreenIn(PersonIn):
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)


class BatchIn(_Strict):
    travellers: list[PersonIn] = Field(min_length=1)
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)

    @field_validator("travellers", mode="before")
    @classmethod
    def _at_most_max_batch(cls, value: Any) -> Any:
        """413 before any traveller is validated (not after parsing 200,000 of them)."""
        if isinstance(value, list) and len(value) > MAX_BATCH:
            raise HTTPException(413, f"at most {MAX_BATCH} travellers per batch, got {len(value)}")
        return value


class MrzIn(_Strict):
    mrz: str = Field(min_length=30, max_length=300, description="the MRZ lines, separated by newlines")
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)


class DecisionIn(_Strict):
    decision: str = Field(max_length=32)
    note: str | None = Field(default=None, max_length=500)


ScreeningId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]  # a bigger id is a 422, not a database overflow
Officer = Annotated[str | None, Header(alias="X-Tipnet-Officer", max_length=200)]


def _screener(request: Request) -> Screener:
    screener = getattr(request.app.state, "screener", None)
    if screener is None:
        raise HTTPException(503, "no watchlist index is loaded")
    return screener


def _bidi_warnings(p: PersonIn, where: str = "") -> list[str]:
    """Strip bidirectional control characters from `p`'s names and reference (in place), saying
    which fields had them (tipnet.identity.bidi: stripped, not refused)."""
    warnings = []
    p.name, found = strip_bidi_controls(p.name)
    if found:
        warnings.append(f"{where}name: bidirectional control characters removed")
    cleaned = [strip_bidi_controls(a) for a in p.aliases]
    p.aliases = [a for a, _ in cleaned]
    if any(f for _, f in cleaned):
        warnings.append(f"{where}aliases: bidirectional control characters removed")
    if p.id is not None:
        p.id, found = strip_bidi_controls(p.id)
        if found:
            warnings.append(f"{where}id: bidirectional control characters removed")
    return warnings


def _record(p: PersonIn, where: str = "") -> PersonRecord:
    try:
        return make_record(
            [p.name, *p.aliases],
            birth_date=p.birth_date,
            nationality=p.nationality,
            gender=p.gender,
            document_number=p.document_number,
        )
    except RecordError as exc:
        raise HTTPException(422, f"{where}{exc}") from None


def _hits(request: Request, results: list[Result]) -> list[list[dict[str, Any]]]:
    """The hits of `results` as the caller may see them. A hit on the case suspects names a person
    of a case: shown in full only to an organisation that may see that case (its own, or referred to
    it); to others it is a withheld hit: the list and the score, no entry, name, topics or
    explanation (which could quote the suspect's particulars). Without a signed-in caller (the
    unauthenticated test app) everything is shown."""
    caller = _caller(request)
    engine = _engine(request)
    suspect_ids = {h.entry_id for r in results for h in r.hits if h.list == SUSPECTS_LIST}
    visible: set[str] | None = None
    if caller is not None and suspect_ids:
        visible = visible_suspects(engine, caller.org_id, suspect_ids) if engine is not None else set()
    out = []
    for r in results:
        hits: list[dict[str, Any]] = []
        for h in r.hits:
            if h.list == SUSPECTS_LIST and visible is not None and h.entry_id not in visible:
                hits.append(
                    {"list": h.list, "entry_id": None, "score": h.score, "explanation": [], "name": None,
                     "topics": [], "withheld": True}
                )  # fmt: skip
            else:
                hits.append(h.to_dict())
        out.append(hits)
    return out


def _review(request: Request, results: list[Result]) -> list[list[dict[str, Any]]]:
    """The review band of `results` (possible matches below the threshold, such as a name alone
    against an entry without a birth date), withheld as hits are."""
    return _hits(request, [replace(r, hits=r.review) for r in results])


def _body(
    result: Result, screening_id: int | None, hits: list[dict[str, Any]], review: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "hits": hits,
        "review": review,
        "threshold": result.threshold,
        "lists": {li.name: li.version for li in result.lists},
        "screening_id": screening_id,
    }


def _caller(request: Request) -> Any:
    """The signed-in caller (a Principal) when the app signs callers in, else None."""
    return getattr(request.state, "principal", None)


def _org(request: Request) -> int | None:
    caller = _caller(request)
    return caller.org_id if caller is not None else None


def _actor(request: Request, officer: str | None) -> str:
    """Who screened: the signed-in caller when the main app mounts this router, else the header."""
    return getattr(request.state, "officer", None) or officer or "api"


def _engine(request: Request) -> Any:
    return getattr(request.app.state, "engine", None)


def _digest_key(request: Request) -> bytes | None:
    """The key of the logged query digests: the main app's keyring (see `log.query_digest`)."""
    ring = getattr(request.app.state, "ring", None)
    return ring.index_key if ring is not None else None


@router.post("", responses={422: {}, 503: {}})
def screen(body: ScreenIn, request: Request, officer: Officer = None) -> dict[str, Any]:
    """One person → hits at or above the threshold, best first, each with its explanation."""
    screener = _screener(request)
    warnings = _bidi_warnings(body)
    record = _record(body)
    try:
        result = screener.screen(record, threshold=body.threshold)
    except RecordError as exc:
        raise HTTPException(422, str(exc)) from None
    engine = _engine(request)
    sid = (
        record_screening(
            engine,
            record,
            result,
            actor=_actor(request, officer),
            channel="api",
            ref=body.id,
            key=_digest_key(request),
            org_id=_org(request),
        )
        if engine is not None
        else None
    )
    shown = _hits(request, [result])[0]
    return {"id": body.id, **_body(result, sid, shown, _review(request, [result])[0]), "warnings": warnings}


@router.post("/batch", responses={413: {}, 422: {}, 503: {}})
def screen_batch(body: BatchIn, request: Request, officer: Officer = None) -> dict[str, Any]:
    """Up to MAX_BATCH travellers; a traveller with bad values fails the whole request, naming it."""
    screener = _screener(request)
    warnings = [w for n, p in enumerate(body.travellers) for w in _bidi_warnings(p, f"travellers[{n}] ")]
    records = [_record(p, f"travellers[{n}] ") for n, p in enumerate(body.travellers)]
    results = screener.screen_many(records, threshold=body.threshold)
    for n, r in enumerate(results):
        if r.error:
            raise HTTPException(422, f"travellers[{n}] {r.error}")
    engine = _engine(request)
    ids: list[int | None] = [None] * len(records)
    if engine is not None:
        ids = list(
            record_screenings(
                engine,
                [(rec, res, p.id) for rec, res, p in zip(records, results, body.travellers, strict=True)],
                actor=_actor(request, officer),
                channel="batch",
                key=_digest_key(request),
                org_id=_org(request),
            )
        )
    shown = _hits(request, results)
    review = _review(request, results)
    return {
        "results": [
            {"id": p.id, **_body(r, sid, h, rv)}
            for p, r, sid, h, rv in zip(body.travellers, results, ids, shown, review, strict=True)
        ],
        "warnings": warnings,
    }


@router.post("/mrz", responses={422: {}, 503: {}})
def screen_mrz(body: MrzIn, request: Request, officer: Officer = None) -> dict[str, Any]:
    """The border flow: validate the MRZ, screen its holder; document findings beside the hits."""
    screener = _screener(request)
    check = check_mrz(screener, body.mrz.splitlines(), threshold=body.threshold)
    if check.result is None:
        raise HTTPException(422, {"message": check.error, "document": check.document.to_dict()})
    engine = _engine(request)
    sid = None
    if engine is not None and check.record is not None:
        sid = record_screening(
            engine,
            check.record,
            check.result,
            actor=_actor(request, officer),
            channel="border",
            key=_digest_key(request),
            org_id=_org(request),
        )
    return {
        **check.to_dict(),
        "hits": _hits(request, [check.result])[0],
        "review": _review(request, [check.result])[0],
        "screening_id": sid,
    }


@router.post("/{screening_id}/decision", status_code=204, responses={404: {}, 422: {}, 503: {}})
def decide(screening_id: ScreeningId, body: DecisionIn, request: Request, officer: Officer = None) -> None:
    """The officer's decision on a logged screening, added to its history. Only the organisation
    that screened may decide (an admin of the organisation also on organisation-less screenings);
    another organisation's screening answers 404, as a missing one does (no existence oracle)."""
    engine = _engine(request)
    if engine is None:
        raise HTTPException(503, "screenings are not being logged")
    caller = _caller(request)
    try:
        record_decision(
            engine,
            screening_id,
            body.decision,
            actor=_actor(request, officer),
            note=body.note,
            org_id=caller.org_id if caller is not None else None,
            admin=caller is not None and caller.role == "admin",
        )
    except DecisionForbidden:
        raise HTTPException(404, f"no screening {screening_id}") from None
    except DecisionError as exc:
        raise HTTPException(404 if "no screening" in str(exc) else 422, str(exc)) from None


def create_screening_app(screener: Screener, engine: Any = None) -> FastAPI:
    """A small app serving only the screening router, WITHOUT sign-in: for tests and in-process
    benchmarks only. The service to run is tipnet.api.screening_service (sign-in, the log)."""
    app = FastAPI(title="tipnet screening", docs_url=None, redoc_url=None)
    app.state.screener = screener
    app.state.engine = engine
    app.include_router(router)
    return app
