"""The application factory: one FastAPI app serving the REST API and the web pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from tipnet.cases.service import Forbidden, Invalid, NotFound
from tipnet.security.keyguard import open_keyring
from tipnet.security.keys import Keyring
from tipnet.settings import Settings, get_settings
from tipnet.store.engine import make_engine

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
    """Adds the security headers to every HTTP response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in _HEADERS if k not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, ring: Keyring | None = None
) -> FastAPI:
    """The app for `settings` (default: the environment's); the store must be migrated."""
    settings = settings or get_settings()
    engine = engine or make_engine(settings.resolved_database_url)
    app = FastAPI(
        title="tipnet case management",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI needs a CDN; the machines are offline. The spec is served.
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.ring = open_keyring(engine, ring)  # refused: no key file, or not this store's

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

    from tipnet.api import audit, auth, cases, identities, identity, users
    from tipnet.api.screening import screening_caller
    from tipnet.screening import api as screening

    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(audit.router)
    app.include_router(users.router)
    app.include_router(identity.router)
    app.include_router(identities.router)  # resolved identities, link review
    # Watchlist screening (/api/screen, /api/screen/batch, /api/screen/mrz): signed-in officers only.
    app.include_router(screening.router, prefix="/api", dependencies=[Depends(screening_caller)])
    try:
        from tipnet.web.pages import mount
    except ImportError:  # pragma: no cover - the web pages are optional for API-only use
        pass
    else:
        mount(app)
        from tipnet.web.review import router as link_review_pages

        app.include_router(link_review_pages)  # /link/review

    app.add_middleware(SecurityHeaders)
    return app
