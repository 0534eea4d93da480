"""The application factory: one FastAPI app serving the REST API and the web pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from tipnet.api.deps import Caller
from tipnet.api.guards import Admission, BodyGuard, ServerErrors, validation_failed
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security.config import security_settings
from tipnet.security.keyguard import open_keyring
from tipnet.security.keys import Keyring
from tipnet.settings import Settings, get_settings
from tipnet.store.engine import connection_capacity, make_engine

OPENAPI = "/api/openapi.json"
BATCH_PATH = "/api/screen/batch"  # the one route with a larger body limit

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
]


class SecurityHeaders:
    """Adds the security headers to every HTTP response (plain ASGI: no per-request task overhead),
    with Strict-Transport-Security when `hsts` is given."""

    def __init__(self, app: Any, hsts: bytes | None = None) -> None:
        self.app = app
        self.headers = _HEADERS + ([(b"strict-transport-security", hsts)] if hsts else [])

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, ring: Keyring | None = None
) -> FastAPI:
    """The app for `settings` (default: the environment's); the store must be migrated."""
    settings = settings or get_settings()
    guard = security_settings()
    engine = engine or make_engine(settings.resolved_database_url)
    app = FastAPI(
        title="tipnet case management",
        version="1",
        # Closed by default: served below to signed-in callers only, unless published.
        openapi_url=OPENAPI if guard.publish_openapi else None,
        docs_url=None,  # Swagger UI needs a CDN; the machines are offline. The spec is served.
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.ring = open_keyring(engine, ring)  # refused: no key file, or not this store's

    app.add_exception_handler(RequestValidationError, validation_failed)

    @app.exception_handler(NotFound)
    def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(Forbidden)
    def _forbidden(_request: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=403)

    @app.exception_handler(Invalid)
    def _invalid(_request: Request, exc: Invalid) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    from fastapi import Depends

    from tipnet.api import adverts, audit, auth, cases, finance, mrz, resolved_identities, users
    from tipnet.api.screening import screening_caller
    from tipnet.screening import api as screening

    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(audit.router)
    app.include_router(users.router)
    app.include_router(mrz.router)  # MRZ validation
    app.include_router(resolved_identities.router)  # resolved identities, link review
    app.include_router(finance.router)  # the FIU analyst's alert queue
    app.include_router(finance.case_router)  # a case's goAML STR
    app.include_router(adverts.router)  # job advert screening (issue 16)
    # Watchlist screening (/api/screen, /api/screen/batch, /api/screen/mrz): signed-in officers only.
    app.include_router(screening.router, prefix="/api", dependencies=[Depends(screening_caller)])
    try:
        from tipnet.web.app import mount
    except ImportError:  # pragma: no cover - the web pages are optional for API-only use
        pass
    else:
        mount(app)  # the pages, /link/review among them

    if not guard.publish_openapi:

        @app.get(OPENAPI, include_in_schema=False)
        def openapi_for_signed_in(_caller: Caller) -> JSONResponse:
            return JSONResponse(app.openapi())

    # Outermost last: headers on every answer, then server errors without messages, then the body
    # limit and strict JSON, all before routing, authentication and parsing; innermost, no more
    # requests at once than the database pool has connections (see guards.Admission).
    app.add_middleware(Admission, limit=connection_capacity(engine))
    app.add_middleware(
        BodyGuard,
        default_limit=guard.max_body_bytes,
        limits={BATCH_PATH: guard.max_batch_body_bytes, finance.UPLOAD_PATH: guard.max_batch_body_bytes},
    )
    app.add_middleware(ServerErrors)
    hsts = None
    if guard.hsts_max_age > 0:
        hsts = f"max-age={guard.hsts_max_age}" + (
            "; includeSubDomains" if guard.hsts_include_subdomains else ""
        )
    app.add_middleware(SecurityHeaders, hsts=hsts.encode() if hsts else None)
    return app
