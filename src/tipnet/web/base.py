"""The request machinery every page family shares (as datasette's views/base.py): templates and
rendering in the user's language, the signed-in session, CSRF, form fields, the audit's "why", and
running a page or a form in one transaction with service errors turned into error pages.

Sessions are cookies (HttpOnly, Secure, SameSite=Strict) naming a server-side session; every POST
carries the session's CSRF token (form field or X-CSRF-Token header, which HTMX sends). The pages
themselves are one module per family, as the API's routers are: sign-in (web.auth), cases and their
workflow forms (web.cases), the victim assessment (web.assessment), the audit log (web.audit) and
the link review (web.review); web.app mounts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from tipnet.cases import worklist
from tipnet.cases.models import M, parse
from tipnet.errors import Forbidden, Invalid, NotFound, TipnetError
from tipnet.security import audit, receipts, sessions
from tipnet.security.config import security_settings
from tipnet.security.keys import Keyring
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.security import UserAccount
from tipnet.web import zones
from tipnet.web.i18n import LANGUAGES, catalogue, code_labeller, language_names, pick_language, translator

COOKIE = "tipnet_session"
LOGIN_CSRF = "tipnet_login_csrf"
PACKAGE = resources.files("tipnet.web")
templates = Jinja2Templates(directory=str(PACKAGE / "templates"))


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
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
        account=getattr(request.state, "language", None),
    )


def reader(session: Session, request: Request, principal: Principal) -> None:
    """The signed-in reader's time zone and language for the pages. A language chosen in the
    switch (`?lang=`) is kept on the account (audited), so it follows the worker to the next
    sign-in and to another device."""
    request.state.zone = zones.of_reader(session, principal)
    user = session.get(UserAccount, principal.user_id)
    if user is None:
        return
    keep_language(session, user, request.query_params.get("lang"))
    request.state.language = user.language


def keep_language(session: Session, user: UserAccount, asked: object) -> None:
    """The account's language becomes `asked` if that is a catalogue's code (audited)."""
    if isinstance(asked, str) and asked in LANGUAGES and asked != user.language:
        before, user.language = user.language, asked
        details = {"fields": ["language"], "language": [before, asked]}
        audit.record(session, user.username, "update", "user_account", user.id, details=details)


def who(session: Session, request: Request) -> sessions.Resolved:
    """The signed-in session of the request; LoginRequired without one."""
    found = sessions.resolve(session, request.cookies.get(COOKIE), "web")
    if found is None:
        raise LoginRequired
    return found


def check_csrf(found: sessions.Resolved, request: Request, form: FormData | None) -> None:
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
    where = zones.zone(getattr(request.state, "zone", None))
    ctx = {
        "t": translator(lang),
        "c": code_labeller(lang),
        "human": _humanizer(lang),
        "org_name": _org_namer(lang),
        "nav": getattr(request.state, "nav", None),
        "lang": lang,
        "languages": LANGUAGES,
        "language_names": language_names(),
        # Times in the reader's zone, named: when(at), day_of(at); iso(at) for <time datetime>.
        "when": lambda value, seconds=False: zones.show(value, where, seconds=seconds),
        "day_of": lambda value: zones.day(value, where),
        "iso": zones.iso,
        "zone_name": where.key,
        "lang_url": _lang_url(request),
        "user": found.principal if found else None,
        "csrf": found.csrf_token if found else None,
        "Perm": Perm,
        **context,
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    # The browser remembers the last language (for the sign-in page): asked for, or the account's.
    chosen = request.query_params.get("lang")
    if chosen not in LANGUAGES and lang == getattr(request.state, "language", None):
        chosen = lang if request.cookies.get("lang") != lang else None
    if chosen in LANGUAGES:
        response.set_cookie(
            "lang", lang, max_age=365 * 86400, samesite="strict", secure=secure_cookies(), httponly=True
        )
    return response


def _lang_url(request: Request) -> Callable[[str], str]:
    """The same page in another language, keeping its query (search, filter, page, why). After a
    form's POST, the page the form came from (a GET never re-posts a form)."""

    def url(code: str) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        path = request.url.path if request.method == "GET" else ""
        return path + "?" + urlencode([*params, ("lang", code)]) if path else f"?lang={code}"

    return url


def _org_namer(lang: str) -> Callable[..., str]:
    """`org_name(code, name, name_km=None)`: an organisation's name in the page's language: its own
    Khmer name (the directory's `org_Name_km`), else the catalogue's (`org.<code>`), else as given."""
    own = catalogue(lang) if lang in LANGUAGES else {}

    def name(code: str | None, english: str | None, khmer: str | None = None) -> str:
        if lang == "km":
            return khmer or own.get(f"org.{code}") or english or code or ""
        return own.get(f"org.{code}") or english or code or ""

    return name


def _humanizer(lang: str) -> Callable[[str], str]:
    """An error message in the user's language: its label, else (English) the message as it is."""
    t = translator(lang)

    def human(raw: str) -> str:
        key = error_label(raw)
        if key:
            return t(key)
        return raw if lang == "en" else t("error_field_invalid")

    return human


def secure_cookies() -> bool:
    return security_settings().cookie_secure


# A form's fields as posted, before a model (tipnet.cases.models) checks them.
FormFields = dict[str, str | list[str]]


def form_fields(form: FormData, *lists: str) -> FormFields:
    """A form's fields as given (empty ones left out; the CSRF token too); `lists` are multi-valued."""
    data: FormFields = {
        k: v for k, v in form.items() if k not in ("csrf_token", receipts.FIELD) and isinstance(v, str)
    }
    for name in lists:
        data[name] = [v for v in form.getlist(name) if isinstance(v, str) and v]
    return {k: v for k, v in data.items() if v != ""}


WHY_MAX = 500  # as the API's X-Purpose header


def audit_reason(value: Any) -> str | None:
    """The reason a user gives for reading or changing victim data (the audit's "why"), from the
    `why` query parameter of a page or field of a form: the web's counterpart of X-Purpose."""
    text = str(value or "").strip()
    if len(text) > WHY_MAX:
        raise Invalid(f"why: longer than {WHY_MAX} characters")
    if any(ord(ch) < 32 for ch in text):
        raise Invalid("why: control characters")
    return text or None


def current_ring(request: Request) -> Keyring:
    """The app's keyring, re-read first if the key file changed (a `tipnet keys rotate` while the
    server runs): the same reload path as the API's `Ring` dependency, for every page."""
    ring: Keyring = request.app.state.ring
    ring.refresh()
    return ring


def case_url(case_id: int, reason: str | None) -> str:
    """The case page, keeping the reason the user gave (the page view is audited with it)."""
    return f"/cases/{case_id}" + (f"?why={quote(reason, safe='')}" if reason else "")


_STATUS: dict[type[Exception], int] = {NotFound: 404, Forbidden: 403, Invalid: 422}


def error_page(request: Request, found: sessions.Resolved | None, exc: Exception) -> HTMLResponse:
    code = _STATUS.get(type(exc), 400)
    return render(request, "error.html", {"code": code, "message": str(exc)}, status_code=code, found=found)


MAX_ID = 2**63 - 1  # the databases' integers


def ids_in_range(request: Request, form: FormData | None = None) -> None:
    """An id (path, query or form field named `id` or `*_id`) beyond the databases' integers names
    no record: NotFound here, rather than an overflow in the database driver."""
    sources: list[Any] = [request.path_params.items(), request.query_params.items()]
    if form is not None:
        sources.append(form.items())
    for items in sources:
        for name, value in items:
            if (name == "id" or name.endswith("_id")) and isinstance(value, str | int):
                text = str(value).strip()
                if text.isascii() and text.isdigit() and int(text) > MAX_ID:
                    raise NotFound(f"{name}: no such record")


def nav_counts(session: Session, request: Request, principal: Principal) -> None:
    """The counts the navigation shows beside "My work" (not audited: codes and numbers only)."""
    if principal.can(Perm.CASE_READ):
        mine = worklist.counts(session, principal)  # one query (the lists themselves: five)
        request.state.nav = {"work": mine.work, "overdue": mine.overdue, "approvals": mine.approvals}


def page(request: Request, work: Callable[[Session, sessions.Resolved], Response]) -> Response:
    """Run a GET page with the signed-in user; service errors become error pages."""
    with request.app.state.sessions() as session:
        with session.begin():
            found = who(session, request)
            nav_counts(session, request, found.principal)
            reader(session, request, found.principal)
        try:
            ids_in_range(request)
            with session.begin():
                return work(session, found)
        except TipnetError as exc:
            return error_page(request, found, exc)
        except OverflowError:  # an id beyond the database's integers: no such record
            return error_page(request, found, NotFound("not found"))


def _once(
    request: Request,
    session: Session,
    principal: Principal,
    key: str,
    form: FormData,
    work: Callable[[Session, Principal], Response],
) -> Response:
    """Apply a form sent with an idempotency key once: a second sending (a queued form sent again,
    two tabs sending the same queue) changes nothing and is sent where the first one went. A racing
    second sending fails on the receipt's unique constraint and is answered the same way. The key
    sent again with another form is refused (receipts.same_form), never taken for the first."""
    user = principal.user_id
    path = request.url.path
    said = receipts.digest(path, form.multi_items())
    try:
        with session.begin():
            first = receipts.seen(session, user, key)
            if first is None:
                # Kept only if the form is applied: a refusal raises, rolling the claim back too.
                receipt = receipts.claim(session, user, key, path, said)
                response = work(session, principal)
                receipts.settle(session, receipt, response.headers.get("location"))
                return response
            receipts.same_form(first, said)
    except IntegrityError:
        with session.begin():
            first = receipts.seen(session, user, key)
        if first is None:
            raise
        receipts.same_form(first, said)
    response = redirect(first.location or landing(principal))
    response.headers["X-Tipnet-Already-Applied"] = "1"
    return response


# A form page re-rendered after an error: (session, signed-in user, the error) -> the page.
OnError = Callable[[Session, sessions.Resolved, TipnetError], Response]


def post(
    request: Request,
    form: FormData,
    work: Callable[[Session, Principal], Response],
    on_error: OnError | None = None,
) -> Response:
    """Run a POST: signed-in user, CSRF checked, one transaction. A service error re-renders the
    form's own page (`on_error`, with what was entered and the errors beside their fields) in a
    fresh transaction, the failed one rolled back; without `on_error`, an error page."""
    with request.app.state.sessions() as session:
        with session.begin():
            found = who(session, request)
            check_csrf(found, request, form)
            reader(session, request, found.principal)
        request.state.found = found  # for a work that renders a page
        try:
            ids_in_range(request, form)
            key = receipts.key_of(form.get(receipts.FIELD))
            if key is not None:
                return _once(request, session, found.principal, key, form, work)
            with session.begin():
                return work(session, found.principal)
        except TipnetError as exc:
            if on_error is not None and not isinstance(exc, NotFound):
                try:
                    with session.begin():
                        nav_counts(session, request, found.principal)
                        return on_error(session, found, exc)
                except TipnetError:
                    pass
            return error_page(request, found, exc)
        except ValueError:  # a malformed id in the path
            return error_page(request, found, Invalid("malformed identifier"))
        except OverflowError:  # an id beyond the database's integers: no such record
            return error_page(request, found, NotFound("not found"))


async def run_post(
    request: Request,
    work: Callable[[Session, Principal, FormData], Response],
    on_error: Callable[[Session, sessions.Resolved, FormData, TipnetError], Response] | None = None,
) -> Response:
    """Read the form, then run `work` as a POST (off the event loop: the services block)."""
    form = await request.form()
    again: OnError | None = None
    if on_error is not None:

        def again(session: Session, found: sessions.Resolved, exc: TipnetError) -> Response:
            return on_error(session, found, form, exc)

    return await run_in_threadpool(
        post, request, form, lambda session, principal: work(session, principal, form), again
    )


# --- errors beside their fields -----------------------------------------------------------------

_MESSAGES = (  # an error message's words -> its label (web.i18n), for a message in the user's language
    ("key was already used for another form", "error_form_key_reused"),
    ("no consent to share", "consent_missing"),
    ("not a case worker", "error_field_not_a_worker"),
    ("only a supervisor", "error_supervisor_only"),
    ("reason for reassigning", "error_field_reassign_reason"),
    ("already awaiting", "error_already_awaiting"),
    ("case is closed", "error_case_closed"),
    ("required to reject", "error_field_reject_reason"),
    ("acknowledge", "error_field_close_open_work"),
    ("tick the box", "error_field_confirm"),
    ("time zone", "error_field_time_zone"),
    ("required", "error_field_required"),
    ("yyyy", "error_field_date"),
    ("date", "error_field_date"),
    ("country", "error_field_country"),
    ("phone", "error_field_phone"),
    ("longer", "error_field_too_long"),
    ("too long", "error_field_too_long"),
    ("at most", "error_field_too_long"),
    ("one of", "error_field_choice"),
    ("code", "error_field_choice"),
    ("expected true or false", "error_field_choice"),
)


def split_error(exc: TipnetError | str) -> tuple[str, str]:
    """An error's field (the name before the colon; of a nested one, its last name) and message."""
    text = str(exc)
    where, sep, message = text.partition(":")
    names = [part for part in where.strip().split(".") if part and not part.isdigit()]
    if sep and names and all(part.replace("_", "").isalnum() for part in names):
        return names[-1], message.strip()
    return "", text


def error_label(raw: str) -> str | None:
    """The label key of an error message (None: no label, the message is shown as it is)."""
    lowered = raw.lower()
    for words, key in _MESSAGES:
        if words in lowered:
            return key
    return None


def parse_all(model: type[M], data: Mapping[str, Any]) -> tuple[M | None, dict[str, str]]:
    """Validate a form into `model`, collecting every field's error at once (each failing field left
    out and the rest checked again), not only the first: the form shows them all beside their fields."""
    errors: dict[str, str] = {}
    remaining = dict(data)
    for _ in range(len(data) + 1):
        try:
            return parse(model, remaining), errors
        except Invalid as exc:
            field, message = split_error(exc)
            if field in errors or field not in remaining:
                errors.setdefault(field, message)
                break
            errors[field] = message
            remaining.pop(field)
    return None, errors


class FormInvalid(Invalid):
    """Every error of a form at once (field -> message), raised for the form to re-render with them."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))
        self.errors = errors


def checked(model: type[M], data: Mapping[str, Any], extra: dict[str, str] | None = None) -> M:
    """`model` from a form, or FormInvalid with every error (and `extra` ones the page found)."""
    value, errors = parse_all(model, data)
    errors = {**(extra or {}), **errors}
    if errors or value is None:
        raise FormInvalid(errors or {"": "invalid"})
    return value


def errors_of(exc: TipnetError) -> dict[str, str]:
    """The field errors of a failed form (a service's error names one field, or none)."""
    if isinstance(exc, FormInvalid):
        return exc.errors
    field, message = split_error(exc)
    return {field: message}


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def landing(principal: Principal) -> str:
    """Where a user starts: "My work" for those who read cases, the alert queue for the FIU analyst,
    the case list (its statistics) for the rest."""
    if principal.can(Perm.CASE_READ):
        return "/work"
    if principal.can(Perm.FINANCE_READ):
        return "/finance/alerts"
    return "/cases"
