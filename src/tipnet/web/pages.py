"""Page routes: sign-in, cases and search, case registration, the case page with its workflow forms,
screening, and the audit log for administrators.

Sessions are cookies (HttpOnly, Secure, SameSite=Strict) naming a server-side session; every POST
carries the session's CSRF token (form field or X-CSRF-Token header, which HTMX sends). Signing in
always opens a new session and revokes the one presented, so a planted cookie is worthless.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from tipnet.cases import indicators
from tipnet.cases import service as svc
from tipnet.security import audit, sessions
from tipnet.security.config import security_settings
from tipnet.security.roles import Perm
from tipnet.security.users import Principal, Throttled, authenticate
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import code_list
from tipnet.web.i18n import LANGUAGES, pick_language, translator

COOKIE = "tipnet_session"
LOGIN_CSRF = "tipnet_login_csrf"
_PKG = resources.files("tipnet.web")
templates = Jinja2Templates(directory=str(_PKG / "templates"))
router = APIRouter(include_in_schema=False)


class LoginRequired(Exception):
    """No valid session: go to the sign-in page."""


class CsrfFailed(Exception):
    """A POST without the session's CSRF token."""


@contextmanager
def tx(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session, session.begin():
        yield session


def _lang(request: Request) -> str:
    return pick_language(
        request.query_params.get("lang"), request.cookies.get("lang"), request.headers.get("accept-language")
    )


def _who(session: Session, request: Request) -> sessions.Resolved:
    found = sessions.resolve(session, request.cookies.get(COOKIE), "web")
    if found is None:
        raise LoginRequired
    return found


def _check_csrf(found: sessions.Resolved, request: Request, form: FormData | None) -> None:
    given = request.headers.get("x-csrf-token") or (form.get("csrf_token") if form is not None else None)
    if not sessions.csrf_ok(found.csrf_token, str(given) if given else None):
        raise CsrfFailed


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    found: sessions.Resolved | None = None,
) -> HTMLResponse:
    lang = _lang(request)
    ctx = {
        "t": translator(lang),
        "lang": lang,
        "languages": LANGUAGES,
        "user": found.principal if found else None,
        "csrf": found.csrf_token if found else None,
        "Perm": Perm,
        **context,
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            "lang", lang, max_age=365 * 86400, samesite="strict", secure=_secure(), httponly=True
        )
    return response


def _secure() -> bool:
    return security_settings().cookie_secure


def _form_dict(form: FormData, *lists: str) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
    for name in lists:
        data[name] = [v for v in form.getlist(name) if isinstance(v, str) and v]
    return {k: v for k, v in data.items() if v != ""}


WHY_MAX = 500  # as the API's X-Purpose header


def _why(value: Any) -> str | None:
    """The reason a user gives for reading or changing victim data (the audit's "why"), from the
    `why` query parameter of a page or field of a form: the web's counterpart of X-Purpose."""
    text = str(value or "").strip()
    if len(text) > WHY_MAX:
        raise svc.Invalid(f"why: longer than {WHY_MAX} characters")
    if any(ord(ch) < 32 for ch in text):
        raise svc.Invalid("why: control characters")
    return text or None


def _case_url(case_id: int, why: str | None) -> str:
    """The case page, keeping the reason the user gave (the page view is audited with it)."""
    return f"/cases/{case_id}" + (f"?why={quote(why, safe='')}" if why else "")


def _error(request: Request, found: sessions.Resolved | None, exc: Exception) -> HTMLResponse:
    codes: dict[type[Exception], int] = {svc.NotFound: 404, svc.Forbidden: 403, svc.Invalid: 422}
    code = codes.get(type(exc), 400)
    return render(request, "error.html", {"code": code, "message": str(exc)}, status_code=code, found=found)


# --- sign-in ----------------------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", {"login_csrf": token, "failed": False})
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(), max_age=3600)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form: FormData) -> Response:
    given, expected = str(form.get("csrf_token") or ""), request.cookies.get(LOGIN_CSRF)
    if not sessions.csrf_ok(expected, given):
        return render(request, "error.html", {"code": 403, "message": "csrf"}, status_code=403)
    username, password = str(form.get("username") or "")[:100], str(form.get("password") or "")[:1000]
    client = request.client.host if request.client else None
    with tx(request) as session:
        try:
            user = authenticate(session, username, password, client)
        except Throttled:
            user, throttled = None, True
        else:
            throttled = False
        opened = None
        if user is not None:
            sessions.revoke(session, request.cookies.get(COOKIE))  # never reuse a presented session
            opened = sessions.open_session(session, user, "web")
    if opened is None:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            "login.html",
            {"login_csrf": token, "failed": True, "throttled": throttled},
            status_code=429 if throttled else 401,
        )
        response.set_cookie(
            LOGIN_CSRF, token, httponly=True, samesite="strict", secure=_secure(), max_age=3600
        )
        return response
    redirect = RedirectResponse("/cases", status_code=303)
    redirect.set_cookie(
        COOKIE,
        opened.token,
        httponly=True,
        secure=_secure(),
        samesite="strict",
        max_age=int(security_settings().session_hours * 3600),
        path="/",
    )
    redirect.delete_cookie(LOGIN_CSRF)
    return redirect


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()

    def work() -> Response:
        with tx(request) as session:
            found = _who(session, request)
            _check_csrf(found, request, form)
            sessions.revoke(session, request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    return await run_in_threadpool(work)


# --- cases ------------------------------------------------------------------------------------


@router.get("/")
def home() -> Response:
    return RedirectResponse("/cases", status_code=303)


MAX_ID = 2**63 - 1  # the databases' integers


def _ids_in_range(request: Request, form: FormData | None = None) -> None:
    """An id (path, query or form field named `id` or `*_id`) beyond the databases' integers names
    no record: NotFound here, rather than an overflow in the database driver."""
    sources: list[Any] = [request.path_params.items(), request.query_params.items()]
    if form is not None:
        sources.append(form.items())
    for items in sources:
        for name, value in items:
            if (name == "id" or name.endswith("_id")) and isinstance(value, str | int):
                text = str(value).strip()
                if text.isdigit() and int(text) > MAX_ID:
                    raise svc.NotFound(f"{name}: no such record")


def _page(request: Request, work: Callable[[Session, sessions.Resolved], Response]) -> Response:
    """Run a GET page with the signed-in user; service errors become error pages."""
    with request.app.state.sessions() as session:
        with session.begin():
            found = _who(session, request)
        try:
            _ids_in_range(request)
            with session.begin():
                return work(session, found)
        except svc.CaseError as exc:
            return _error(request, found, exc)
        except OverflowError:  # an id beyond the database's integers: no such record
            return _error(request, found, svc.NotFound("not found"))


@router.get("/cases")
def cases_page(request: Request, q: str | None = None, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        if not found.principal.can(Perm.CASE_READ):
            return render(
                request, "stats.html", {"stats": svc.statistics(session, found.principal)}, found=found
            )
        reason = _why(why)
        rows = svc.list_cases(
            session,
            found.principal,
            query=(q or "")[:200] or None,
            reason=reason,
            ring=request.app.state.ring,
        )
        return render(request, "cases.html", {"cases": rows, "q": q or "", "why": reason}, found=found)

    return _page(request, work)


@router.get("/cases/results")
def case_results(request: Request, q: str | None = None, why: str | None = None) -> Response:
    """The result list alone, for HTMX's search-as-you-type."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = _why(why)
        rows = svc.list_cases(
            session,
            found.principal,
            query=(q or "")[:200] or None,
            reason=reason,
            ring=request.app.state.ring,
        )
        return render(request, "_results.html", {"cases": rows, "q": q or "", "why": reason}, found=found)

    return _page(request, work)


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
        svc.require(found.principal, Perm.CASE_WRITE)
        return render(request, "case_new.html", {**_choices(), "values": {}}, found=found)

    return _page(request, work)


def _post(
    request: Request,
    form: FormData,
    work: Callable[[Session, Principal], Response],
    *,
    form_page: str | None = None,
) -> Response:
    """Run a POST: signed-in user, CSRF checked, one transaction; errors become error pages."""
    with request.app.state.sessions() as session:
        with session.begin():
            found = _who(session, request)
            _check_csrf(found, request, form)
        request.state.found = found  # for a work that renders a page
        try:
            _ids_in_range(request, form)
            with session.begin():
                return work(session, found.principal)
        except svc.CaseError as exc:
            return _error(request, found, exc)
        except ValueError:  # a malformed id in the path
            return _error(request, found, svc.Invalid("malformed identifier"))
        except OverflowError:  # an id beyond the database's integers: no such record
            return _error(request, found, svc.NotFound("not found"))


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


@router.post("/cases/new")
async def new_case(request: Request) -> Response:
    form = await request.form()

    def work(session: Session, who: Principal) -> Response:
        person = _form_dict(form)
        why = _why(person.pop("why", None))
        case_fields: dict[str, Any] = {k: person.pop(k) for k in ("case_ref", "cas_Status") if k in person}
        if person.get("prs_Citizenship"):
            person["prs_Citizenship"] = [person["prs_Citizenship"]]
        if person.get("phone"):
            person["phones"] = [person.pop("phone")]
        person.pop("phone", None)
        out = svc.create_case(
            session, who, {**case_fields, "persons": [person]}, reason=why, ring=request.app.state.ring
        )
        dups = ",".join(sorted({str(d["case_id"]) for d in out["duplicates"]}))
        url = _case_url(out["id"], why)
        if dups:
            url += ("&" if "?" in url else "?") + f"similar={dups}"
        return _redirect(url)

    return await run_in_threadpool(_post, request, form, work)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, similar: str | None = None, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        reason = _why(why)
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=request.app.state.ring)
        similar_ids = [int(x) for x in (similar or "").split(",") if x.isdigit()][:20]
        orgs = [
            o
            for o in session.scalars(select(Organisation).order_by(Organisation.code))
            if o.id != found.principal.org_id
        ]
        mine = session.get(Organisation, found.principal.org_id)
        code = mine.code if mine else None

        def referral_actions(ref: dict[str, Any]) -> list[str]:
            if ref["status"] == "pending" and ref["to_org"] == code:
                return ["accepted", "rejected"]
            if ref["status"] == "accepted" and code in (ref["to_org"], ref["from_org"]):
                return ["done"]
            return []

        return render(
            request,
            "case.html",
            {
                "case": case,
                "similar": similar_ids,
                "orgs": orgs,
                "referral_actions": referral_actions,
                "why": reason,
                **_choices(),
            },
            found=found,
        )

    return _page(request, work)


CaseWork = Callable[[Session, Principal, dict[str, Any], str | None], Any]


def _case_post(path_work: CaseWork, *lists: str) -> Callable[..., Any]:
    """A POST route on a case: parse the form, run the service with the form's `why` as the audit
    reason, go back to the case page (keeping the reason)."""

    async def route(request: Request, case_id: int) -> Response:
        form = await request.form()

        def work(session: Session, who: Principal) -> Response:
            data = {**_form_dict(form, *lists), "case_id": case_id, **request.path_params}
            why = _why(data.pop("why", None))
            path_work(session, who, data, why)
            return _redirect(_case_url(case_id, why))

        return await run_in_threadpool(_post, request, form, work)

    return route


def _cp(data: dict[str, Any]) -> tuple[int, int]:
    return int(data.pop("case_id")), int(data.pop("cp_id"))


# The case page's forms: each POST runs one service operation (its `why` field is the audit
# reason), then goes back to the case.
_CASE_FORMS: tuple[tuple[str, CaseWork], ...] = (
    (
        "/cases/{case_id}/persons",
        lambda session, who, data, reason: svc.add_person(
            session,
            who,
            int(data.pop("case_id")),
            {**data, "prs_Citizenship": [data["prs_Citizenship"]] if data.get("prs_Citizenship") else []},
            reason=reason,
        ),
    ),
    (
        "/cases/{case_id}/status",
        lambda session, who, data, reason: svc.update_case(
            session, who, int(data.pop("case_id")), data, reason=reason
        ),
    ),
    (
        "/cases/{case_id}/persons/{cp_id}/decision",
        lambda session, who, data, reason: svc.update_person(session, who, *_cp(data), data, reason=reason),
    ),
    (
        "/cases/{case_id}/persons/{cp_id}/consents",
        lambda session, who, data, reason: svc.add_consent(session, who, *_cp(data), data, reason=reason),
    ),
    (
        "/cases/{case_id}/persons/{cp_id}/support-plans",
        lambda session, who, data, reason: svc.add_support_plan(
            session, who, *_cp(data), data, reason=reason
        ),
    ),
    (
        "/cases/{case_id}/persons/{cp_id}/follow-ups",
        lambda session, who, data, reason: svc.add_follow_up(session, who, *_cp(data), data, reason=reason),
    ),
    (
        "/cases/{case_id}/follow-ups/{fu_id}/done",
        lambda session, who, data, reason: svc.complete_follow_up(
            session, who, int(data.pop("case_id")), int(data.pop("fu_id")), data, reason=reason
        ),
    ),
    (
        "/cases/{case_id}/persons/{cp_id}/proceedings",
        lambda session, who, data, reason: svc.add_proceeding(session, who, *_cp(data), data, reason=reason),
    ),
    # Refer out (the form's direction is "out"; the service needs every victim's consent to share).
    (
        "/cases/{case_id}/referrals",
        lambda session, who, data, reason: svc.refer(
            session, who, int(data.pop("case_id")), data, reason=reason
        ),
    ),
    # Record a referral received from another organisation: always incoming, HTCDS
    # cas_ReasonForIncomingReferral; the service stores it accepted, to this organisation.
    (
        "/cases/{case_id}/incoming-referrals",
        lambda session, who, data, reason: svc.refer(
            session, who, int(data.pop("case_id")), {**data, "direction": "in"}, reason=reason
        ),
    ),
    (
        "/cases/{case_id}/referrals/{ref_id}",
        lambda session, who, data, reason: svc.set_referral_status(
            session, who, int(data["ref_id"]), str(data.get("status") or ""), reason=reason
        ),
    ),
)
for _path, _work in _CASE_FORMS:
    router.add_api_route(_path, _case_post(_work), methods=["POST"])


# --- screening --------------------------------------------------------------------------------


def _catalogue() -> dict[str, Any]:
    return {
        "dimensions": indicators.DIMENSIONS,
        "acts": indicators.ACTS,
        "forced_labour": indicators.FORCED_LABOUR,
    }


@router.get("/cases/{case_id}/export")
def export_case(request: Request, case_id: int, why: str | None = None) -> Response:
    """The case in HTCDS JSON, as a download (needs every victim's consent to share); audited as an
    export with the reason given on the case page."""

    def work(session: Session, found: sessions.Resolved) -> Response:
        doc = svc.export_case(
            session, found.principal, case_id, reason=_why(why), ring=request.app.state.ring
        )
        return JSONResponse(
            doc,
            headers={"Content-Disposition": f'attachment; filename="tipnet-case-{case_id}-htcds.json"'},
        )

    return _page(request, work)


@router.get("/cases/{case_id}/persons/{cp_id}/screen")
def screen_page(request: Request, case_id: int, cp_id: int, why: str | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        svc.require(found.principal, Perm.SCREEN)
        reason = _why(why)
        case = svc.get_case(session, found.principal, case_id, reason=reason, ring=request.app.state.ring)
        person = next((p for p in case["persons"] if p["id"] == cp_id and p["role"] == "Victim"), None)
        if person is None:
            raise svc.NotFound("person not found in this case")
        return render(
            request,
            "screen.html",
            {"case": case, "person": person, "why": reason, **_catalogue()},
            found=found,
        )

    return _page(request, work)


@router.post("/cases/{case_id}/persons/{cp_id}/screen")
async def screen(request: Request, case_id: int, cp_id: int) -> Response:
    form = await request.form()

    def work(session: Session, who: Principal) -> Response:
        data = _form_dict(form, "indicators", "acts", "forced_labour")
        why = _why(data.pop("why", None))
        result = svc.screen(session, who, case_id, cp_id, data, reason=why)
        found = request.state.found
        return render(
            request,
            "screen_result.html",
            {
                "case_id": case_id,
                "cp_id": cp_id,
                "result": result,
                "why": why,
                "trafficking_statuses": list(code_list("vic_TraffickingStatus")),
                **_catalogue(),
            },
            found=found,
        )

    return await run_in_threadpool(_post, request, form, work)


# --- audit ------------------------------------------------------------------------------------


@router.get("/audit")
def audit_page(request: Request, before_id: int | None = None) -> Response:
    def work(session: Session, found: sessions.Resolved) -> Response:
        svc.require(found.principal, Perm.AUDIT_READ)
        events = audit.read(session, limit=200, before_id=before_id)
        audit.record(session, found.principal.username, "view", "audit_log", details={"results": len(events)})
        return render(request, "audit.html", {"events": events}, found=found)

    return _page(request, work)


def mount(app: FastAPI) -> None:
    """Add the pages, the static files and the sign-in redirects to `app`."""
    app.mount("/static", StaticFiles(directory=str(_PKG / "static")), name="static")
    app.include_router(router)

    @app.exception_handler(LoginRequired)
    def _login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfFailed)
    def _csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        return render(request, "error.html", {"code": 403, "message": "csrf"}, status_code=403)
