"""Sharing with partners on the web. The page of a case's sharing: which partners were told what
(field names), for which purpose, when and by whom, the withdrawals sent and those still due, and
what partners handed over into the case. The records partners sent to the reader's organisation,
and one record's fields (for roles that identify victims). Every read is audited, committed before
the page goes out."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases.scope import load_case
from tipnet.errors import Invalid, TipnetError
from tipnet.security import sessions
from tipnet.security.users import Principal
from tipnet.sharing import inbox, outbox
from tipnet.sharing.log import case_sharing
from tipnet.web.base import audit_reason, current_ring, errors_of, page, render, run_post

router = APIRouter(include_in_schema=False)


@router.get("/cases/{case_id}/sharing")
def sharing_page(request: Request, case_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        case = load_case(session, found.principal, case_id)  # scope and case:read, else 404
        log = case_sharing(session, case.id, actor=found.principal.username, reason=reason)
        return render(request, "case_sharing.html", {"case": case, "log": log, "why": reason}, found=found)

    return page(request, work)


@router.get("/partners/received")
def received_page(request: Request, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        items = inbox.received(session, found.principal, reason=reason)
        return render(request, "received.html", {"items": items, "why": reason, "record": None}, found=found)

    return page(request, work)


@router.get("/partners/received/{record_id}")
def received_record_page(request: Request, record_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        item, fields = inbox.record(session, found.principal, record_id, current_ring(request), reason=reason)
        return render(
            request,
            "received.html",
            {"items": [], "why": reason, "record": item, "fields": sorted(fields.items())},
            found=found,
        )

    return page(request, work)


# --- building a bundle ---------------------------------------------------------------------------


def _case_ids(form: FormData) -> list[int]:
    ids = []
    for value in form.getlist("case_id"):
        text = str(value).strip()
        if not text.isdigit():
            raise Invalid("case: malformed identifier")
        ids.append(int(text))
    return ids


def _share_page(
    request: Request,
    session: Session,
    found: sessions.Resolved,
    *,
    form: FormData | None = None,
    preview: outbox.Preview | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    principal = found.principal
    chosen = {int(str(v)) for v in form.getlist("case_id") if str(v).isdigit()} if form is not None else set()
    context = {
        "options": outbox.options(session, principal),
        "cases": outbox.cases(session, principal),
        "chosen": chosen,
        "agreement": str(form.get("agreement") or "") if form is not None else "",
        "reason": str(form.get("reason") or "") if form is not None else "",
        "preview": preview,
        "errors": errors or {},
    }
    return render(request, "partners_share.html", context, status_code=status_code, found=found)


@router.get("/partners/share")
def share_page(request: Request) -> Response:
    """The form: partner and purpose (of an agreement valid today), the organisation's cases, why."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        return _share_page(request, session, found)

    return page(request, work)


def _again(request: Request) -> Callable[[Session, sessions.Resolved, FormData, TipnetError], Response]:
    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        return _share_page(request, session, found, form=form, errors=errors_of(exc), status_code=422)

    return again


@router.post("/partners/share/preview")
async def share_preview(request: Request) -> Response:
    """How many records would go, and how many persons are left out for want of consent (counts only)."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        found = request.state.found
        shown = outbox.preview(session, principal, str(form.get("agreement") or ""), _case_ids(form))
        return _share_page(request, session, found, form=form, preview=shown)

    return await run_post(request, run, _again(request))


@router.post("/partners/share/build")
async def share_build(request: Request) -> Response:
    """Build the bundle and send it as a download; the log and audit commit before the file goes."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        reason = audit_reason(form.get("reason"))
        if not reason:
            raise Invalid("reason: say why these records are shared (kept in the audit log)")
        built = outbox.build(
            session,
            principal,
            current_ring(request),
            str(form.get("agreement") or ""),
            _case_ids(form),
            reason,
        )
        name = f"to-{built.partner}-{built.bundle_id[:12]}.tnb"
        return Response(
            built.data,
            media_type="application/octet-stream",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
                "X-Tipnet-Records": str(built.records),
                "X-Tipnet-Left-Out": str(built.no_consent),
            },
        )

    return await run_post(request, run, _again(request))
