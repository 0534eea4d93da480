"""The FIU analyst's alert queue over HTTP (role `fiu_analyst` only; every read and decision audited).

POST /api/finance/transactions takes a bank's accounts.csv and transactions.csv (multipart), checks
every row, and, when every row is clean, detects the typologies and queues the alerts; when rows are
malformed it answers 422 with each row's number, tx_id and reasons, and stores nothing.
GET /api/finance/alerts lists the queue; GET /api/finance/alerts/{id} opens one alert (accounts, roles,
evidence, money network, history); POST /api/finance/alerts/{id}/decision assigns, comments, closes as a
false positive, escalates into a case or reopens.
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FsPath
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from tipnet.api.deps import DB, Caller, Purpose

router = APIRouter(prefix="/api/finance", tags=["finance"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 404: {}, 413: {}, 422: {}}
UPLOAD_PATH = "/api/finance/transactions"
MAX_REJECTS_SHOWN = 500


class DecisionIn(BaseModel):
    action: Annotated[str, Field(pattern=r"^(assign|comment|close_false_positive|escalate|reopen)$")]
    comment: Annotated[str | None, Field(max_length=2000)] = None
    assignee: Annotated[str | None, Field(max_length=200)] = None
    case_id: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None


class DecisionOut(BaseModel):
    id: int
    status: str
    assignee: str | None
    case_id: int | None
    action: str


class AlertSummary(BaseModel):
    id: int
    alert_key: str
    typology: str
    score: float
    status: str
    assignee: str | None
    case_id: int | None
    accounts: int
    created_at: str
    below_threshold: bool = False  # under its typology's tuned threshold: listed after the others


class AlertQueue(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AlertSummary]
    thresholds: dict[str, float] = {}  # per typology, as `tipnet finance tune --apply` last set it


@router.get("/alerts", response_model=AlertQueue, responses=ERRORS)
def get_alerts(
    db: DB,
    caller: Caller,
    why: Purpose,
    status: Annotated[str | None, Query(pattern=r"^(open|assigned|closed_false_positive|escalated)$")] = None,
    typology: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> AlertQueue:
    """The queue, highest score first."""
    from tipnet.finance import queue

    return AlertQueue.model_validate(
        queue.list_alerts(
            db, caller, status=status, typology=typology, limit=limit, offset=offset, reason=why
        )
    )


@router.get("/alerts/{alert_id}", responses=ERRORS)
def get_alert(
    alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)], db: DB, caller: Caller, why: Purpose
) -> dict[str, Any]:
    """One alert: explanation, accounts and roles, evidence transactions, money network, review history."""
    from tipnet.finance import queue

    return queue.alert_detail(db, caller, alert_id, reason=why)


@router.post("/alerts/{alert_id}/decision", response_model=DecisionOut, responses=ERRORS)
def post_decision(
    alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: DecisionIn, db: DB, caller: Caller
) -> DecisionOut:
    """Assign, comment, close as a false positive (with why), escalate into a case, or reopen."""
    from tipnet.finance import queue

    return DecisionOut.model_validate(
        queue.decide(
            db,
            caller,
            alert_id,
            body.action,
            comment=body.comment,
            assignee=body.assignee,
            case_id=body.case_id,
        )
    )


case_router = APIRouter(prefix="/api/cases", tags=["finance"])


@router.get("/alerts/{alert_id}/str.xml", responses={**ERRORS, 200: {"content": {"application/xml": {}}}})
def get_alert_str(
    alert_id: Annotated[int, Path(ge=1, le=2**31 - 1)], db: DB, caller: Caller, why: Purpose
) -> Response:
    """A goAML STR of one stored alert (the bank's own customers as `_my_client` parties with their
    stored KYC), validated against the FIU's schema; the export is audited."""
    return _str_response(db, caller, why, alert_id=alert_id)


@case_router.get("/{case_id}/str.xml", responses={**ERRORS, 200: {"content": {"application/xml": {}}}})
def get_case_str(
    case_id: Annotated[int, Path(ge=1, le=2**31 - 1)], db: DB, caller: Caller, why: Purpose
) -> Response:
    """A goAML STR of the case's escalated alerts, validated against the FIU's schema (422 with the
    schema's errors by element path when it does not validate); the export is audited."""
    return _str_response(db, caller, why, case_id=case_id)


def _str_response(
    db: Any, caller: Any, why: str | None, *, case_id: int | None = None, alert_id: int | None = None
) -> Response:
    from tipnet.finance import stored_str
    from tipnet.finance.goaml import GoamlConfig, StrInvalid
    from tipnet.settings import get_settings

    cfg = GoamlConfig.from_file(get_settings().goaml_settings)
    try:
        if alert_id is not None:
            document = stored_str.alert_str(db, caller, alert_id, cfg, why=why)
        else:
            assert case_id is not None
            document = stored_str.case_str(db, caller, case_id, cfg, why=why)
    except StrInvalid as exc:
        return JSONResponse(
            {
                "detail": "the report does not validate",
                "errors": [{"path": p, "reason": r} for p, r in exc.errors[:100]],
            },
            status_code=422,
        )
    return Response(document, media_type="application/xml")


@router.post(UPLOAD_PATH.removeprefix("/api/finance"), responses=ERRORS)
def post_transactions(
    db: DB,
    caller: Caller,
    accounts: Annotated[UploadFile, File(description="accounts.csv")],
    transactions: Annotated[UploadFile, File(description="transactions.csv")],
    bank: Annotated[
        str | None,
        Form(max_length=64, description="The organisation code of the bank whose book this is, if known."),
    ] = None,
) -> Any:
    """Check a bank's files row by row; queue the alerts when every row is clean."""
    from tipnet.finance import queue
    from tipnet.finance.detect import detect
    from tipnet.finance.load import InputError, load
    from tipnet.security.permissions import require
    from tipnet.security.roles import Perm

    require(caller, Perm.FINANCE_REVIEW)
    bank_org_id = None
    if bank:
        from tipnet.security.users import find_org

        org = find_org(db, bank)
        if org is None:
            return JSONResponse({"detail": f"bank: no organisation {bank!r}"}, status_code=422)
        bank_org_id = org.id
    with tempfile.TemporaryDirectory(prefix="tipnet-finance-") as tmp:
        a, t = FsPath(tmp) / "accounts.csv", FsPath(tmp) / "transactions.csv"
        a.write_bytes(accounts.file.read())
        t.write_bytes(transactions.file.read())
        try:
            loaded = load(a, t)
        except InputError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=422)
        except duckdb.Error:  # a file DuckDB cannot make sense of: the client's fault, never a 500
            return JSONResponse({"detail": "the files cannot be read as CSV"}, status_code=422)
        counts = {
            "accounts": loaded.accounts,
            "transactions": loaded.transactions,
            "rejected": loaded.rejected,
        }
        if loaded.rejected:
            rows = loaded.con.sql(
                f"SELECT file, row, tx_id, reason FROM rejects ORDER BY file DESC, row LIMIT {MAX_REJECTS_SHOWN}"
            ).fetchall()
            return JSONResponse(
                {
                    "detail": f"{loaded.rejected} row(s) rejected; nothing stored",
                    **counts,
                    "rejects": [{"file": f, "row": r, "tx_id": i, "reason": why} for f, r, i, why in rows],
                },
                status_code=422,
            )
        result = detect(loaded.con)
        stored = queue.store_alerts(db, loaded.con, actor=caller.username, bank_org_id=bank_org_id)
        loaded.con.close()
    return {**counts, "alerts": result.alerts, **stored}
