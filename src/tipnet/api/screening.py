"""Watchlist screening in the main app: the screening router behind sign-in and the role matrix.

The index over the stored watchlists (and the case suspects) is built on first use and follows
list updates: at most every REFRESH_SECONDS a request applies what changed in the store.
"""

from __future__ import annotations

import threading
import time
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from tipnet.api.deps import principal_apart
from tipnet.screening.live import live_from_store, update_from_store
from tipnet.screening.screen import Screener
from tipnet.security.roles import Perm
from tipnet.security.users import Principal

REFRESH_SECONDS = 30.0
_lock = threading.Lock()


def _ensure_screener(request: Request) -> None:
    state = request.app.state
    now = time.monotonic()
    with _lock:
        screener = getattr(state, "screener", None)
        if screener is None:
            state.screener = Screener(live_from_store(state.engine))
            state.screener_refreshed = now
        elif now - getattr(state, "screener_refreshed", 0.0) > REFRESH_SECONDS:
            update_from_store(state.engine, screener.index)
            state.screener_refreshed = now


def screening_caller(request: Request, caller: Annotated[Principal, Depends(principal_apart)]) -> Principal:
    """401 without a token, 403 without the screening permission; the caller is the logged officer."""
    if not caller.can(Perm.WATCHLIST_SCREEN):
        raise HTTPException(403, "this role may not screen against watchlists")
    request.state.officer = caller.username
    request.state.principal = caller  # the organisation: logged, and scoping decisions and suspects
    _ensure_screener(request)
    return caller
