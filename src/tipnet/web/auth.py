"""Sign-in and sign-out pages. Signing in always opens a new session and revokes the one presented,
so a planted cookie is worthless; the sign-in form has its own CSRF cookie (there is no session yet)."""

from __future__ import annotations

import re
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from tipnet.security import sessions
from tipnet.security.config import security_settings
from tipnet.security.users import Throttled, authenticate, principal_of
from tipnet.web.base import (
    COOKIE,
    LOGIN_CSRF,
    check_csrf,
    keep_language,
    landing,
    render,
    secure_cookies,
    tx,
    who,
)
from tipnet.web.i18n import LANGUAGES

router = APIRouter(include_in_schema=False)


_LOGIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)


def _login_token(request: Request) -> str:
    """The sign-in form's CSRF token: the browser's own, if it has one, else a new one. Kept rather
    than replaced at every sign-in page: the page opened in one tab stays valid when another tab (or
    a script's request sent to the sign-in page) loads it too, where a new token would have made the
    first tab's sign-in fail (403). The token never leaves the browser but in this site's own form
    (the cookie is HttpOnly and SameSite=Strict), and is dropped at sign-in."""
    held = request.cookies.get(LOGIN_CSRF) or ""
    return held if _LOGIN_TOKEN.fullmatch(held) else secrets.token_urlsafe(24)


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    token = _login_token(request)
    # A language chosen on this page (the switch: ?lang=) goes with the form, for the account.
    asked = request.query_params.get("lang")
    chosen = asked if asked in LANGUAGES else None
    response = render(request, "login.html", {"login_csrf": token, "failed": False, "chosen": chosen})
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, samesite="strict", secure=secure_cookies(), max_age=3600
    )
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
            keep_language(session, user, form.get("lang"))
    if opened is None:
        token = _login_token(request)
        refused = render(
            request,
            "login.html",
            {"login_csrf": token, "failed": True, "throttled": throttled, "chosen": form.get("lang")},
            status_code=429 if throttled else 401,
        )
        refused.set_cookie(
            LOGIN_CSRF, token, httponly=True, samesite="strict", secure=secure_cookies(), max_age=3600
        )
        return refused
    # Everyone who reads cases lands on "My work" (web.work); the FIU analyst on the alert queue.
    response = RedirectResponse(
        landing(principal_of(user)) if user is not None else "/cases", status_code=303
    )
    response.set_cookie(
        COOKIE,
        opened.token,
        httponly=True,
        secure=secure_cookies(),
        samesite="strict",
        max_age=int(security_settings().session_hours * 3600),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()

    def work() -> Response:
        with tx(request) as session:
            found = who(session, request)
            check_csrf(found, request, form)
            sessions.revoke(session, request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        # Nothing of the session stays in the browser: caches, storage, the service worker.
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return await run_in_threadpool(work)
