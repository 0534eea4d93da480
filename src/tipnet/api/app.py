"""The application factory: one FastAPI app serving the REST API and the web pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from tipnet.cases.service import Forbidden, Invalid, NotFound
from tipnet.security.keys import Keyring, load_keyring
from tipnet.settings import Settings, get_settings
from tipnet.store.engine import make_engine


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
    app.state.ring = ring or load_keyring()

    @app.exception_handler(NotFound)
    def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(Forbidden)
    def _forbidden(_request: Request, exc: Forbidden) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=403)

    @app.exception_handler(Invalid)
    def _invalid(_request: Request, exc: Invalid) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    from tipnet.api import audit, auth, cases

    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(audit.router)
    try:
        from tipnet.web.pages import mount
    except ImportError:  # pragma: no cover - the web pages are optional for API-only use
        pass
    else:
        mount(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        return response

    return app
