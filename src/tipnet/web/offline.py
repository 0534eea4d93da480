"""The secret the browser's offline queue is encrypted with (static/queue.js).

Forms a case worker sends while the connection is down are kept in the browser's IndexedDB,
encrypted (AES-GCM) under a key imported from this secret as non-extractable. The secret is the
session's own (`user_session.queue_key`, random, made at sign-in): it is handed only to the live
session, never cached (no-store), kept only in the open page's memory, and destroyed with the
session at sign-out or a password change (which revokes every session of the account); an expired
session is never given it. What a stolen
browser still holds of its queue, after the session ended, can therefore never be decrypted.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from tipnet.security import sessions
from tipnet.web.base import LoginRequired, tx, who

router = APIRouter(include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.get("/offline/key")
def offline_key(request: Request) -> Response:
    """The session's queue secret (hex, 32 bytes), for the page to import; nothing of victims.

    Without a live session: 401, never the redirect to the sign-in page that pages get. A page
    older than its session (signed out or expired in another tab) asks for the key whenever it
    flushes; a fetch follows redirects, and the sign-in page it was sent to set a new sign-in CSRF
    cookie under the sign-in form open in the other tab, whose sign-in was then refused (403)."""
    with tx(request) as session:
        try:
            found = who(session, request)
        except LoginRequired:
            return JSONResponse({"key": None}, status_code=401, headers=NO_STORE)
        secret = sessions.queue_key(session, found.session_id)
    if secret is None:  # a session opened before the queue existed: no queue for it
        return JSONResponse({"key": None}, headers=NO_STORE)
    return JSONResponse({"key": secret}, headers=NO_STORE)
