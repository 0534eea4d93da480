"""The standalone screening service (a border post): the screening routes over a saved index, with
the same sign-in and screening log as `tipnet serve`.

    TIPNET_SCREENING_INDEX=lists.idx uvicorn --factory tipnet.api.screening_service:app_from_env

It opens the store named by the settings (TIPNET_DATABASE_URL, as `tipnet serve`), which holds the
accounts and the screening log, and the keyring, whose derived key checks the index file before a
byte of it is read (tipnet.screening.index_file). Callers sign in at POST /api/auth/token and send
the bearer token; only roles with the screening permission may screen. The index is the saved one:
it does not follow list updates (rebuild it, and restart).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from tipnet.api.deps import principal_apart
from tipnet.screening import api as screening
from tipnet.screening.index import ScreeningIndex
from tipnet.screening.screen import Screener
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.settings import get_settings
from tipnet.store.engine import make_engine


def standalone_caller(request: Request, caller: Annotated[Principal, Depends(principal_apart)]) -> Principal:
    """401 without a token, 403 without the screening permission; the caller is the logged officer."""
    if not caller.can(Perm.WATCHLIST_SCREEN):
        raise HTTPException(403, "this role may not screen against watchlists")
    request.state.officer = caller.username
    request.state.principal = caller
    return caller


def create_screening_service(screener: Screener, engine: Engine, ring: Keyring) -> FastAPI:
    """The service over `screener`, signing callers in and logging screenings in `engine`'s store."""
    from fastapi.exceptions import RequestValidationError

    from tipnet.api import auth
    from tipnet.api.app import SecurityHeaders
    from tipnet.api.guards import Admission, BodyGuard, ServerErrors, validation_failed
    from tipnet.security.config import security_settings
    from tipnet.store.engine import connection_capacity

    guard = security_settings()
    app = FastAPI(title="tipnet screening", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_exception_handler(RequestValidationError, validation_failed)  # never echoes values
    app.state.screener = screener
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    app.state.ring = ring
    app.include_router(auth.router)
    app.include_router(screening.router, dependencies=[Depends(standalone_caller)])
    # The same guards as `tipnet serve`: body limits and strict JSON before sign-in and parsing,
    # server errors without messages, the security headers (and HSTS when configured), no more
    # requests at once than the pool has connections.
    app.add_middleware(Admission, limit=connection_capacity(engine))
    app.add_middleware(
        BodyGuard, default_limit=guard.max_body_bytes, limits={"/screen/batch": guard.max_batch_body_bytes}
    )
    app.add_middleware(ServerErrors)
    hsts = None
    if guard.hsts_max_age > 0:
        hsts = f"max-age={guard.hsts_max_age}" + (
            "; includeSubDomains" if guard.hsts_include_subdomains else ""
        )
    app.add_middleware(SecurityHeaders, hsts=hsts.encode() if hsts else None)
    return app


def app_from_env() -> FastAPI:
    """The service over the index saved at TIPNET_SCREENING_INDEX (refused unless its integrity tag
    checks under this keyring), the store and keyring of the settings."""
    settings = get_settings()
    ring = load_keyring()
    index = ScreeningIndex.load(Path(os.environ["TIPNET_SCREENING_INDEX"]), ring.screening_index_key)
    return create_screening_service(Screener(index), make_engine(settings.resolved_database_url), ring)
