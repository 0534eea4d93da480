"""Mount the pages on the app (tipnet.api.app calls `mount`): the static files, each page family's
router, and the sign-in redirects."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from tipnet.web import (
    account,
    adverts,
    assessment,
    audit,
    auth,
    cases,
    finance,
    i18n,
    offline,
    review,
    sharing,
    statistics,
    work,
)
from tipnet.web.base import PACKAGE, CsrfFailed, LoginRequired, render


def mount(app: FastAPI) -> None:
    """Add the pages, the static files and the sign-in redirects to `app`. A label catalogue with
    faults is refused here (i18n.CatalogueError, naming its file and key): no app with it."""
    i18n.refuse()
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    for family in (
        auth,
        work,
        cases,
        assessment,
        audit,
        review,
        statistics,
        finance,
        adverts,
        sharing,
        offline,
        account,
    ):
        app.include_router(family.router)

    @app.get("/sw.js", include_in_schema=False)
    def _service_worker() -> Response:
        """The service worker, from the root so that its scope is the whole app (static/sw.js)."""
        body = (PACKAGE / "static" / "sw.js").read_bytes()
        return Response(body, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    @app.exception_handler(LoginRequired)
    def _login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        if request.headers.get("x-tipnet-queued"):  # the offline queue: not sent, kept (queue.js)
            return Response(status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(CsrfFailed)
    def _csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        return render(request, "error.html", {"code": 403, "message": "csrf"}, status_code=403)
