"""The case pages: the list with search as you type, registering a case, the case page, its workflow
forms and the HTCDS export. Each form builds the case services' own input model (tipnet.cases.models),
so a value is checked once, as for the API; its `why` field is the audit's reason, kept on the way
back to the case page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases import proceedings, referrals, support
from tipnet.cases import service as svc
from tipnet.cases.models import (
    CaseIn,
    CaseUpdate,
    ConsentIn,
    FollowUpDone,
    FollowUpIn,
    PersonIn,
    PersonUpdate,
    ProceedingIn,
    ReferralIn,
    ReferralStatusIn,
    SupportPlanIn,
    parse,
)
from tipnet.cases.responses import ReferralOut, TextWarning
from tipnet.security import sessions, textseal
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import code_list
from tipnet.web.base import (
    FormFields,
    audit_reason,
    case_url,
    current_ring,
    form_fields,
    page,
    redirect,
    render,
    run_post,
)

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    return redirect("/cases")


@router.get("/cases")
def cases_page(request: Request, q: str | None = None, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if not found.principal.can(Perm.CASE_READ):
            return render(
                request, "stats.html", {"stats": svc.statistics(session, found.principal)}, found=found
            )
        reason = audit_reason(why)
        rows = svc.list_cases(
            session,
            found.principal,
            query=(q or "")[:200] or None,
            reason=reason,
            ring=current_ring(request),
        )
        return render(request, "cases.html", {"cases": rows, "q": q or "", "why": reason}, found=found)

    return page(request, work)


@router.get("/cases/results")
def case_results(request: Request, q: str | None = None, why: str | None = None) -> Response:
    """The result list alone, for HTMX's search-as-you-type."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        rows = svc.list_cases(
            session,
            found.principal,
            query=(q or "")[:200] or None,
            reason=reason,
            ring=current_ring(request),
        )
        return render(request, "_results.html", {"cases": rows, "q": q or "", "why": reason}, found=found)

    return page(request, work)


def _choices() -> dict[str, Any]:
    return {
        "genders": list(code_list("prs_Gender")),
        "statuses": list(code_list("cas_Status")),
        "trafficking_statuses": list(code_list("vic_TraffickingStatus")),
        "spl_types": list(code_list("spl_Type")),
        "stages": list(code_list("legal_stage")),
        "verdicts": list(code_list("verdict")),
        "out_reasons": list(code_list("cas_ReasonForOutgoingReferral")),
        "in_reasons": list(code_list("cas_ReasonForIncomingReferral")),
    }


@router.get("/cases/new")
def new_case_page(request: Request) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        require(found.principal, Perm.CASE_WRITE)
        return render(request, "case_new.html", {**_choices(), "values": {}}, found=found)

    return page(request, work)


def _person_fields(fields: FormFields) -> FormFields:
    """The person form's fields as PersonIn takes them: one citizenship and one phone, as lists."""
    person = dict(fields)
    citizenship, phone = person.pop("prs_Citizenship", ""), person.pop("phone", "")
    person["prs_Citizenship"] = [citizenship] if isinstance(citizenship, str) and citizenship else []
    if isinstance(phone, str) and phone:
        person["phones"] = [phone]
    return person


@router.post("/cases/new")
async def new_case(request: Request) -> Response:
    def work(session: Session, principal: Principal, form: FormData) -> Response:
        person = form_fields(form)
        reason = audit_reason(person.pop("why", None))
        case_fields: dict[str, Any] = {k: person.pop(k) for k in ("case_ref", "cas_Status") if k in person}
        new = parse(CaseIn, {**case_fields, "persons": [_person_fields(person)]})
        out = svc.create_case(session, principal, new, reason=reason, ring=current_ring(request))
        similar = ",".join(sorted({str(duplicate.case_id) for duplicate in out.duplicates}))
        url = case_url(out.id, reason)
        if similar:
            url += ("&" if "?" in url else "?") + f"similar={similar}"
        if flagged := _flagged(out):
            url += ("&" if "?" in url else "?") + "flagged=" + ",".join(flagged)
        return redirect(url)

    return await run_post(request, work)


@router.get("/cases/{case_id}")
def case_page(
    request: Request,
    case_id: int,
    similar: str | None = None,
    why: str | None = None,
    flagged: str | None = None,
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=current_ring(request))
        similar_ids = [int(x) for x in (similar or "").split(",") if x.isdigit()][:20]
        orgs = [
            org
            for org in session.scalars(select(Organisation).order_by(Organisation.code))
            if org.id != found.principal.org_id
        ]
        mine = session.get(Organisation, found.principal.org_id)
        code = mine.code if mine else None

        def referral_actions(ref: ReferralOut) -> list[str]:
            if ref.status == "pending" and ref.to_org == code:
                return ["accepted", "rejected"]
            if ref.status == "accepted" and code in (ref.to_org, ref.from_org):
                return ["done"]
            return []

        return render(
            request,
            "case.html",
            {
                "case": case,
                "similar": similar_ids,
                "flagged": sorted(set((flagged or "").split(",")) & _TEXT_FIELDS),
                "orgs": orgs,
                "referral_actions": referral_actions,
                "why": reason,
                **_choices(),
            },
            found=found,
        )

    return page(request, work)


@router.get("/cases/{case_id}/export")
def export_case(request: Request, case_id: int, why: str | None = None) -> Response:
    """The case in HTCDS JSON, as a download (needs every victim's consent to share); audited as an
    export with the reason given on the case page."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        doc = svc.export_case(
            session, found.principal, case_id, reason=audit_reason(why), ring=current_ring(request)
        )
        return JSONResponse(
            doc.model_dump(mode="json", exclude_unset=True),
            headers={"Content-Disposition": f'attachment; filename="tipnet-case-{case_id}-htcds.json"'},
        )

    return page(request, work)


# --- the case page's forms --------------------------------------------------------------------
# Each POST runs one service operation with the form's `why` as the audit reason, then goes back to
# the case page. Ids in the path other than the case's are read by the form's work, so a malformed
# one is an error page (422) like any other invalid value.

FormWork = Callable[[Session, Principal, FormFields, str | None], object]
# The free-text fields a page may warn about (tipnet.security.textseal.SEALED_TEXT).
_TEXT_FIELDS = frozenset(c for cols in textseal.SEALED_TEXT.values() for c in cols)


def _flagged(result: object) -> list[str]:
    """The free-text fields a service's answer warns about (they name a person or hold a phone)."""
    warnings = result if isinstance(result, list) else getattr(result, "text_warnings", [])
    return sorted({w.field for w in warnings if isinstance(w, TextWarning)})


async def _case_form(request: Request, case_id: int, work: FormWork) -> Response:
    def run(session: Session, principal: Principal, form: FormData) -> Response:
        fields = form_fields(form)
        reason = audit_reason(fields.pop("why", None))
        result = work(session, principal, fields, reason)
        url = case_url(case_id, reason)
        flagged = _flagged(result)
        if flagged:  # field names only: the page warns, the value never leaves the sealed store
            url += ("&" if "?" in url else "?") + "flagged=" + ",".join(flagged)
        return redirect(url)

    return await run_post(request, run)


@router.post("/cases/{case_id}/persons")
async def add_person(request: Request, case_id: int) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        new = parse(PersonIn, _person_fields(fields))
        return svc.add_person(session, principal, case_id, new, reason=reason, ring=current_ring(request))

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/status")
async def update_case(request: Request, case_id: int) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        return svc.update_case(
            session, principal, case_id, parse(CaseUpdate, fields), reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/persons/{cp_id}/decision")
async def decide_status(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        update = parse(PersonUpdate, fields)
        return svc.update_person(
            session, principal, case_id, int(cp_id), update, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/persons/{cp_id}/consents")
async def add_consent(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        consent = parse(ConsentIn, fields)
        return referrals.add_consent(session, principal, case_id, int(cp_id), consent, reason=reason)

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/persons/{cp_id}/support-plans")
async def add_support_plan(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        plan = parse(SupportPlanIn, fields)
        return support.add_support_plan(
            session, principal, case_id, int(cp_id), plan, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/persons/{cp_id}/follow-ups")
async def add_follow_up(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        follow_up = parse(FollowUpIn, fields)
        return support.add_follow_up(
            session, principal, case_id, int(cp_id), follow_up, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/follow-ups/{fu_id}/done")
async def complete_follow_up(request: Request, case_id: int, fu_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        done = parse(FollowUpDone, fields)
        return support.complete_follow_up(
            session, principal, case_id, int(fu_id), done, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/persons/{cp_id}/proceedings")
async def add_proceeding(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        step = parse(ProceedingIn, fields)
        return proceedings.add_proceeding(session, principal, case_id, int(cp_id), step, reason=reason)

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/referrals")
async def refer_out(request: Request, case_id: int) -> Response:
    """Refer out (the form's direction is "out"; the service needs every victim's consent to share)."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        return referrals.refer(
            session, principal, case_id, parse(ReferralIn, fields), reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/incoming-referrals")
async def record_incoming_referral(request: Request, case_id: int) -> Response:
    """A referral received from another organisation: always incoming, HTCDS
    cas_ReasonForIncomingReferral; the service stores it accepted, to this organisation."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        incoming = parse(ReferralIn, {**fields, "direction": "in"})
        return referrals.refer(
            session, principal, case_id, incoming, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work)


@router.post("/cases/{case_id}/referrals/{ref_id}")
async def set_referral_status(request: Request, case_id: int, ref_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        change = parse(ReferralStatusIn, {"status": fields.get("status", "")})
        return referrals.set_referral_status(session, principal, int(ref_id), change, reason=reason)

    return await _case_form(request, case_id, work)
