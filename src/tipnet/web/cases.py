"""The case pages: the list with search as you type, registering a case, the case page, its workflow
forms and the HTCDS export. Each form builds the case services' own input model (tipnet.cases.models),
so a value is checked once, as for the API; its `why` field is the audit's reason, kept on the way
back to the case page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipnet.cases import (
    approvals,
    assessment_draft,
    assignment,
    history,
    intake,
    proceedings,
    referrals,
    support,
    worklist,
)
from tipnet.cases import duplicates as dup
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
from tipnet.cases.responses import CaseOut, Duplicate, ReferralOut, TextWarning
from tipnet.cases.scope import CLOSED, load_for_write
from tipnet.errors import Forbidden, Invalid, TipnetError
from tipnet.linkage import hints
from tipnet.security import sessions, textseal
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import code_list
from tipnet.web.base import (
    FormFields,
    FormInvalid,
    audit_reason,
    case_url,
    checked,
    current_ring,
    errors_of,
    form_fields,
    page,
    parse_all,
    redirect,
    render,
    run_post,
)
from tipnet.web.work import work_context

router = APIRouter(include_in_schema=False)


PAGE = 50  # cases per page of the list
FILTERS = ("mine", "open", "closed", "referred", "overdue")


def _listing(
    request: Request,
    session: Session,
    found: sessions.Resolved,
    q: str | None,
    why: str | None,
    only: str | None,
    page_no: int | None,
    sort: str | None = None,
) -> dict[str, Any]:
    """One page of the case list (one more row read to know whether a next page exists)."""
    reason = audit_reason(why)
    only = only if only in FILTERS else None
    sort = sort if sort == "due" else None
    number = max(1, min(page_no or 1, 10_000))
    rows = svc.list_cases(
        session,
        found.principal,
        query=(q or "")[:200] or None,
        reason=reason,
        ring=current_ring(request),
        only=only,
        sort=sort,
        limit=PAGE + 1,
        offset=(number - 1) * PAGE,
    )
    shown = rows[:PAGE]
    codes = {row.org for row in shown if row.org}
    orgs = {
        org.code: (org.org_Name, org.org_Name_km)
        for org in session.execute(
            select(Organisation.code, Organisation.org_Name, Organisation.org_Name_km).where(
                Organisation.code.in_(codes or {""})
            )
        )
    }
    return {
        "cases": shown,
        "orgs": orgs,  # code -> (name, Khmer name): whose case each row is
        "q": q or "",
        "why": reason,
        "only": only,
        "sort": sort,
        "today": date.today().isoformat(),
        "page_no": number,
        "has_next": len(rows) > PAGE,
        "filters": FILTERS,
    }


@router.get("/cases")
def cases_page(
    request: Request,
    q: str | None = None,
    why: str | None = None,
    only: str | None = None,
    page_no: int | None = Query(default=None, alias="page"),
    sort: str | None = None,
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if not found.principal.can(Perm.CASE_READ):
            return render(
                request, "stats.html", {"stats": svc.statistics(session, found.principal)}, found=found
            )
        context = _listing(request, session, found, q, why, only, page_no, sort)
        return render(request, "cases.html", context, found=found)

    return page(request, work)


@router.get("/cases/results")
def case_results(
    request: Request,
    q: str | None = None,
    why: str | None = None,
    only: str | None = None,
    page_no: int | None = Query(default=None, alias="page"),
    sort: str | None = None,
) -> Response:
    """The result list alone, for HTMX's search-as-you-type."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        context = _listing(request, session, found, q, why, only, page_no, sort)
        return render(request, "_results.html", context, found=found)

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
        statements = _statements(person)
        case_fields: dict[str, Any] = {k: person.pop(k) for k in ("case_ref", "cas_Status") if k in person}
        person_in = _person_fields(person)
        # Every field's error at once: the case's and the person's, checked apart.
        _, case_errors = parse_all(CaseIn, case_fields)
        checked_person = checked(PersonIn, person_in, case_errors)
        new = parse(CaseIn, {**case_fields, "persons": [checked_person.model_dump(exclude_unset=True)]})
        out = svc.create_case(session, principal, new, reason=reason, ring=current_ring(request))
        _record_statements(session, principal, out.id, out.duplicates, statements, reason)
        similar = ",".join(sorted({str(duplicate.case_id) for duplicate in out.duplicates}))
        url = case_url(out.id, reason)
        if similar:
            url += ("&" if "?" in url else "?") + f"similar={similar}"
        if flagged := _flagged(out):
            url += ("&" if "?" in url else "?") + "flagged=" + ",".join(flagged)
        return redirect(url)

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        require(found.principal, Perm.CASE_WRITE)
        values = {k: v for k, v in form_fields(form).items() if isinstance(v, str)}
        errors = {_FORM_FIELD.get(k, k): v for k, v in errors_of(exc).items()}
        context = {
            **_choices(),
            "values": values,
            "errors": errors,
            "error_form": "new-case",
            "why": values.get("why"),
        }
        return render(request, "case_new.html", context, status_code=_status_of(exc), found=found)

    return await run_post(request, work, again)


def _statements(fields: FormFields) -> dict[int, str]:
    """The worker's "same person" / "different person" on each likely duplicate shown while typing
    (`dup_<case person id>`), taken out of the person's fields."""
    out: dict[int, str] = {}
    for name in [k for k in fields if k.startswith("dup_")]:
        value, key = fields.pop(name), name.removeprefix("dup_")
        if key.isascii() and key.isdigit() and len(key) < 19 and value in (hints.SAME, hints.DIFFERENT):
            out[int(key)] = str(value)
    return out


def _record_statements(
    session: Session,
    principal: Principal,
    case_id: int,
    duplicates: list[Duplicate],
    statements: dict[int, str],
    reason: str | None,
) -> None:
    """Keep each statement as a hint for the link review, for the duplicates the check itself found
    on saving (a statement on anyone else is ignored: nothing beyond the worker's scope)."""
    if not statements:
        return
    new_person = session.scalar(select(CasePerson.person_id).where(CasePerson.case_id == case_id))
    for match in duplicates:
        statement = statements.get(match.case_person_id)
        other = session.get(CasePerson, match.case_person_id)
        if statement is None or other is None or new_person is None:
            continue
        hints.record_hint(
            session,
            principal,
            new_person,
            other.person_id,
            statement,
            match.score,
            case_id=case_id,
            reason=reason,
        )


@router.get("/cases/{case_id}/persons/{cp_id}/duplicates")
def person_duplicates_page(request: Request, case_id: int, cp_id: int, why: str | None = None) -> Response:
    """The likely duplicates of a registered person, each with "same person – link" / "different
    person": the statements of the while-typing panel, after registering or without scripts."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        matches = dup.matches_of_person(session, found.principal, case_id, cp_id, current_ring(request))
        context = {"case_id": case_id, "cp_id": cp_id, "matches": matches, "said": {}, "why": reason}
        return render(request, "duplicate_statements.html", context, found=found)

    return page(request, work)


@router.post("/cases/{case_id}/persons/{cp_id}/duplicates")
async def person_duplicates_statements(request: Request, case_id: int, cp_id: int) -> Response:
    """Keep the statements as hints for the link review, for the matches the check finds now."""

    def work(session: Session, principal: Principal, form: FormData) -> Response:
        fields = form_fields(form)
        reason = audit_reason(fields.pop("why", None))
        statements = _statements(fields)
        # A statement is a change made on the case: not by a reader of it (a referral still pending)
        # nor on a closed case (Forbidden), as every other change of a case.
        load_for_write(session, principal, case_id, Perm.CASE_WRITE)
        matches = dup.matches_of_person(session, principal, case_id, cp_id, current_ring(request))
        person_id = session.scalar(select(CasePerson.person_id).where(CasePerson.id == cp_id))
        said = 0
        for match in matches:
            statement = statements.get(match.case_person_id)
            other = session.get(CasePerson, match.case_person_id)
            if statement is None or other is None or person_id is None:
                continue
            hints.record_hint(
                session,
                principal,
                person_id,
                other.person_id,
                statement,
                match.score,
                case_id=case_id,
                reason=reason,
            )
            said += 1
        url = case_url(case_id, reason)
        return redirect(
            url + ("&" if "?" in url else "?") + ("done=duplicates_told" if said else "done=nothing_told")
        )

    return await run_post(request, work)


@router.post("/cases/duplicates")
async def duplicates_while_typing(request: Request) -> Response:
    """The persons who may already be the one being registered, while the form is filled in (HTMX,
    after a pause in typing). A POST, so what is typed never appears in a URL or an access log;
    nothing is asked before a name of two letters or a full birth date."""

    def work(session: Session, principal: Principal, form: FormData) -> Response:
        fields = {k: v for k, v in form_fields(form).items() if k in _MATCHED}
        names = [str(fields.get(k, "")).strip() for k in ("prs_FirstName", "prs_SecondName", "name_native")]
        birth = str(fields.get("prs_Birthdate", ""))
        if not any(len(n) >= 2 for n in names) and len(birth) < 10:
            return render(request, "_duplicates.html", {"matches": None}, found=request.state.found)
        person, _errors = parse_all(PersonIn, _person_fields({**fields, "role": "victim"}))
        if person is None:
            return render(request, "_duplicates.html", {"matches": None}, found=request.state.found)
        matches = dup.possible_matches(session, principal, person, current_ring(request))
        said = {f"dup_{k}": v for k, v in _statements(form_fields(form)).items()}  # kept while typing
        return render(
            request, "_duplicates.html", {"matches": matches, "said": said}, found=request.state.found
        )

    return await run_post(request, work)


# What the duplicate check reads of the form (the identifying fields the matching core compares).
_MATCHED = frozenset(
    {"prs_FirstName", "prs_SecondName", "name_native", "prs_Birthdate", "prs_Gender", "prs_Citizenship"}
)


def _is_closed(session: Session, case_id: int) -> bool:
    row = session.get(Case, case_id)
    return row is not None and row.cas_Status in CLOSED


# A model's field name -> the form's (the person form takes one citizenship and one phone).
_FORM_FIELD = {"phones": "phone"}


def _status_of(exc: TipnetError) -> int:
    return 403 if isinstance(exc, Forbidden) else 422


@router.get("/cases/{case_id}")
def case_page(
    request: Request,
    case_id: int,
    similar: str | None = None,
    why: str | None = None,
    flagged: str | None = None,
    done: str | None = None,
) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = audit_reason(why)
        extra = {
            "similar": [int(x) for x in (similar or "").split(",") if x.isascii() and x.isdigit()][:20],
            "flagged": sorted(set((flagged or "").split(",")) & _TEXT_FIELDS),
            "done": done if done and done.replace("_", "").isalpha() else None,
        }
        return _case_page(request, session, found, case_id, reason, extra)

    return page(request, work)


def _case_page(
    request: Request,
    session: Session,
    found: sessions.Resolved,
    case_id: int,
    reason: str | None,
    extra: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    """The case page (also re-rendered after a form's error, with the form's entries and errors)."""
    case = svc.get_case(session, found.principal, case_id, reason=reason, ring=current_ring(request))
    orgs = [
        org
        for org in session.scalars(select(Organisation).order_by(Organisation.org_Name, Organisation.code))
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

    row = session.get(Case, case_id)
    closed = case.cas_Status in CLOSED
    blockers = worklist.close_blockers(session, row) if row is not None and not closed else None
    consented = referrals.sharing_consented(session, row) if row is not None else True
    assigned = assignment.assignee(session, case_id, found.principal.org_id)
    can_assign = found.principal.can(Perm.CASE_ASSIGN) and case.writable
    return render(
        request,
        "case.html",
        {
            "case": case,
            "similar": [],
            "flagged": [],
            "orgs": orgs,
            "org_groups": _org_groups(orgs),
            "referral_actions": referral_actions,
            "why": reason,
            "closed": closed,
            "blockers": blockers,
            "consented": consented,
            "today": date.today().isoformat(),
            "summary": case_summary(case, consented, code),
            "our_code": code,
            "assigned": assigned,
            "awaiting_approval": approvals.pending(session, found.principal, case_id),
            "drafts": assessment_draft.in_progress(session, found.principal, [p.id for p in case.persons]),
            "draft_steps": len(assessment_draft.STEPS),
            "opened_from": intake.opened_from(session, case_id),
            # only our own cases opened from referrals to us: another organisation's case id is not ours to see
            "opened_as": {
                r.id: r.opened_case_id
                for r in (row.referrals if row is not None else [])
                if r.to_org_id == found.principal.org_id
            },
            "workers": assignment.workers(session, found.principal.org_id) if can_assign else [],
            "can_take": assigned is None and case.writable and found.principal.can(Perm.CASE_WRITE),
            **_choices(),
            **extra,
        },
        status_code=status_code,
        found=found,
    )


@dataclass(frozen=True)
class Summary:
    """The top card of a case page: where the case stands, at a glance (codes and dates only)."""

    victims: int
    decided: int  # victims with a trafficking-status decision
    consented: bool  # every victim's latest word on sharing is a yes
    next_due: str | None  # the earliest follow-up not done
    overdue: int
    incoming: list[str]  # pending referrals to us: from whom
    outgoing: list[str]  # pending referrals we sent: to whom


def case_summary(case: CaseOut, consented: bool, our_code: str | None) -> Summary:
    today = date.today().isoformat()
    victims = [p for p in case.persons if p.role == "Victim"]
    open_visits = sorted(fu.due_on for p in victims for fu in p.follow_ups if fu.due_on and not fu.done_on)
    pending = [r for r in case.referrals if r.status == "pending"]
    return Summary(
        victims=len(victims),
        decided=sum(1 for p in victims if p.vic_TraffickingStatus),
        consented=consented,
        next_due=open_visits[0] if open_visits else None,
        overdue=sum(1 for due in open_visits if due < today),
        incoming=[r.from_org or "?" for r in pending if r.to_org == our_code],
        outgoing=[r.to_org or "?" for r in pending if r.to_org != our_code],
    )


# Organisation types that provide victims' services, listed first in "Refer to".
_SERVICE_TYPES = ("NGO", "HealthServiceOrganisation", "LegalService", "LocalGovernmentOrganisation")


def _org_groups(orgs: list[Organisation]) -> list[tuple[str, list[Organisation]]]:
    """Organisations grouped by type for "Refer to": services first, then the others by type."""
    groups: dict[str, list[Organisation]] = {}
    for org in orgs:
        groups.setdefault(org.org_Type or "", []).append(org)
    order = [*_SERVICE_TYPES, *sorted(k for k in groups if k not in _SERVICE_TYPES)]
    return [(kind, groups[kind]) for kind in order if kind in groups]


@router.get("/cases/{case_id}/history")
def history_page(request: Request, case_id: int, views: str | None = None) -> Response:
    """Who did what to the case, when (from the audit; page views only when asked for)."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        shown = views == "1"
        entries = history.case_history(session, found.principal, case_id, views=shown)
        row = session.get(Case, case_id)
        context = {
            "entries": entries,
            "case_id": case_id,
            "case_ref": row.case_ref if row else "",
            "views": shown,
        }
        return render(request, "case_history.html", context, found=found)

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


async def _case_form(
    request: Request,
    case_id: int,
    work: FormWork,
    form_id: str = "",
    done: str = "",
    *,
    keep_reason: bool = True,
) -> Response:
    """Run a case page's form; on an error, the case page again with the form's entries and its
    errors beside their fields (`form_id` names the form; a refusal is a message in the form)."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        fields = form_fields(form)
        reason = audit_reason(fields.pop("why", None))
        result = work(session, principal, fields, reason)
        url = case_url(case_id, reason if keep_reason else None)
        flagged = _flagged(result)
        if flagged:  # field names only: the page warns, the value never leaves the sealed store
            url += ("&" if "?" in url else "?") + "flagged=" + ",".join(flagged)
        if done:
            url += ("&" if "?" in url else "?") + f"done={done}"
        return redirect(url)

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        values = {k: v for k, v in form_fields(form).items() if isinstance(v, str)}
        try:
            reason = audit_reason(values.get("why"))
        except Invalid:
            raise exc from None
        fid = form_id.format(**{k: v for k, v in request.path_params.items()}) if form_id else ""
        errors = errors_of(exc)
        extra = {"values": values, "errors": errors, "error_form": fid}
        return _case_page(request, session, found, case_id, reason, extra, status_code=_status_of(exc))

    return await run_post(request, run, again if form_id else None)


@router.post("/cases/{case_id}/assignee")
async def assign_case(request: Request, case_id: int) -> Response:
    """Take the case (a worker, when nobody has it) or give it to a worker (a supervisor; taking it
    from someone needs the reason, the form's `why`)."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        username = str(fields.get("assignee") or "")
        if not username:
            raise FormInvalid({"assignee": "required"})
        return assignment.assign(session, principal, case_id, username, reason=reason)

    # A reassignment's reason is about a colleague (leave, workload): audited, never in the URL.
    return await _case_form(request, case_id, work, "assign-form", "assigned", keep_reason=False)


@router.post("/cases/{case_id}/persons")
async def add_person(request: Request, case_id: int) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        new = checked(PersonIn, _person_fields(fields))
        return svc.add_person(session, principal, case_id, new, reason=reason, ring=current_ring(request))

    return await _case_form(request, case_id, work, "add-person", "person_added")


@router.post("/cases/{case_id}/status")
async def update_case(request: Request, case_id: int) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        closing = fields.get("cas_Status") in CLOSED
        confirmed = fields.pop("confirm", None) == "yes"
        update = checked(CaseUpdate, fields)
        if closing and not confirmed:
            raise FormInvalid({"confirm": "tick the box to confirm"})
        if not closing and not reason and _is_closed(session, case_id):
            raise FormInvalid({"why": "required: the reason for reopening"})
        return svc.update_case(session, principal, case_id, update, reason=reason, ring=current_ring(request))

    return await _case_form(request, case_id, work, "status-form", "status_changed")


@router.post("/cases/{case_id}/persons/{cp_id}/decision")
async def decide_status(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        update = checked(PersonUpdate, fields)
        return svc.update_person(
            session, principal, case_id, int(cp_id), update, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work, "decision-{cp_id}", "decided")


@router.post("/cases/{case_id}/persons/{cp_id}/consents")
async def add_consent(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        consent = checked(ConsentIn, fields)
        return referrals.add_consent(session, principal, case_id, int(cp_id), consent, reason=reason)

    return await _case_form(request, case_id, work, "consent-{cp_id}", "consent_recorded")


@router.post("/cases/{case_id}/persons/{cp_id}/support-plans")
async def add_support_plan(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        plan = checked(SupportPlanIn, fields)
        return support.add_support_plan(
            session, principal, case_id, int(cp_id), plan, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work, "spl-{cp_id}", "plan_added")


@router.post("/cases/{case_id}/support-plans/{plan_id}/delivered")
async def deliver_support_plan(request: Request, case_id: int, plan_id: str) -> Response:
    """A service delivered: the date (today by default) and its outcome (sealed, as every note)."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        done = checked(FollowUpDone, {k: v for k, v in fields.items() if k in ("done_on", "notes")})
        return support.deliver_support_plan(
            session,
            principal,
            case_id,
            int(plan_id),
            delivered_on=done.done_on,
            outcome=done.notes,
            reason=reason,
            ring=current_ring(request),
        )

    return await _case_form(request, case_id, work, "spl-done-{plan_id}", "plan_delivered")


@router.post("/cases/{case_id}/persons/{cp_id}/follow-ups")
async def add_follow_up(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        follow_up = checked(FollowUpIn, fields)
        return support.add_follow_up(
            session, principal, case_id, int(cp_id), follow_up, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work, "fu-{cp_id}", "follow_up_added")


@router.post("/cases/{case_id}/follow-ups/{fu_id}/done")
async def complete_follow_up(request: Request, case_id: int, fu_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        done = checked(FollowUpDone, fields)
        return support.complete_follow_up(
            session, principal, case_id, int(fu_id), done, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work, "fu-done-{fu_id}", "follow_up_done")


@router.post("/cases/{case_id}/persons/{cp_id}/proceedings")
async def add_proceeding(request: Request, case_id: int, cp_id: str) -> Response:
    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        step = checked(ProceedingIn, fields)
        return proceedings.add_proceeding(session, principal, case_id, int(cp_id), step, reason=reason)

    return await _case_form(request, case_id, work, "proceeding-{cp_id}", "proceeding_added")


@router.post("/cases/{case_id}/referrals")
async def refer_out(request: Request, case_id: int) -> Response:
    """Refer out (the form's direction is "out"; the service needs every victim's consent to share)."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        return referrals.refer(
            session,
            principal,
            case_id,
            checked(ReferralIn, fields),
            reason=reason,
            ring=current_ring(request),
        )

    return await _case_form(request, case_id, work, "refer-form", "referred")


@router.post("/cases/{case_id}/incoming-referrals")
async def record_incoming_referral(request: Request, case_id: int) -> Response:
    """A referral received from another organisation: always incoming, HTCDS
    cas_ReasonForIncomingReferral; the service stores it accepted, to this organisation."""

    def work(session: Session, principal: Principal, fields: FormFields, reason: str | None) -> object:
        incoming = checked(ReferralIn, {**fields, "direction": "in"})
        return referrals.refer(
            session, principal, case_id, incoming, reason=reason, ring=current_ring(request)
        )

    return await _case_form(request, case_id, work, "incoming-form", "incoming_recorded")


@router.post("/cases/{case_id}/referrals/{ref_id}/open")
async def open_referred_case(request: Request, case_id: int, ref_id: str) -> Response:
    """Open an accepted referral as our own case, linked to the sender's; then go to it."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        reason = audit_reason(form_fields(form).get("why"))
        new_id = intake.open_as_own_case(session, principal, int(ref_id), reason=reason)
        return redirect(case_url(new_id, reason) + ("&" if reason else "?") + "done=opened_as_ours")

    return await run_post(request, run)


@router.post("/cases/{case_id}/referrals/{ref_id}")
async def set_referral_status(request: Request, case_id: int, ref_id: str) -> Response:
    """Accept, reject or close a referral, from the case page or in place on "My work" (`next`).
    A rejection needs its reason (the form's `why`) and a ticked confirmation."""

    def run(session: Session, principal: Principal, form: FormData) -> Response:
        fields = form_fields(form)
        reason = audit_reason(fields.pop("why", None))
        status = str(fields.get("status", ""))
        if status == "rejected":
            missing = {"why": "required to reject a referral"} if not reason else {}
            if fields.get("confirm") != "yes":
                missing["confirm"] = "tick the box to confirm"
            if missing:
                raise FormInvalid(missing)
        change = parse(ReferralStatusIn, {"status": status})
        referrals.set_referral_status(session, principal, int(ref_id), change, reason=reason)
        if fields.get("next") == "/work":
            return redirect(f"/work?done={change.status}")
        return redirect(
            case_url(case_id, reason) + ("&" if reason else "?") + f"done=referral_{change.status}"
        )

    def again(session: Session, found: sessions.Resolved, form: FormData, exc: TipnetError) -> Response:
        errors = errors_of(exc)
        if form.get("next") == "/work":
            context = {
                **work_context(session, found),
                "errors": errors,
                "error_form": f"reject-form-{ref_id}",
            }
            return render(request, "work.html", context, status_code=_status_of(exc), found=found)
        extra = {"errors": errors, "error_form": f"referral-{ref_id}"}
        return _case_page(request, session, found, case_id, None, extra, status_code=_status_of(exc))

    return await run_post(request, run, again)
