"""Request dependencies: the database session, the keyring, the caller (bearer token) and the purpose."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from tipnet.security import sessions
from tipnet.security.keys import Keyring
from tipnet.security.users import Principal

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    Used with `scope="function"` (see `DB`): the commit, audit events included, runs after the
    handler and the serialization of its answer but BEFORE the response is sent, so a client never
    holds an answer whose write (or the audit of whose read) is not durable; if the commit fails,
    the client gets a 500 and nothing else. (A yield dependency's exit with the default "request"
    scope runs after the response has gone out.)"""
    factory = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


def ring(request: Request) -> Keyring:
    """The app's keyring, re-read first if the key file changed (`tipnet keys rotate` meanwhile)."""
    found: Keyring = request.app.state.ring
    found.refresh()
    return found


def principal(
    session: Annotated[Session, Depends(db, scope="function")], token: Annotated[str | None, Depends(oauth2)]
) -> Principal:
    """The caller behind the bearer token; 401 without a valid one. Cookies are never read here,
    so the API cannot be driven cross-site (no CSRF surface)."""
    return _resolved(session, token)


def _resolved(session: Session, token: str | None) -> Principal:
    found = sessions.resolve(session, token, "api")
    if found is None:
        raise HTTPException(401, "not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return found.principal


def principal_apart(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> Principal:
    """The caller, resolved in a transaction of its own, committed before the handler runs: for
    routes that write through the engine in transactions of their own (screening), which would
    otherwise wait for the request's transaction (on SQLite, every transaction holds the writer
    lock from its start)."""
    with request.app.state.sessions() as session, session.begin():
        return _resolved(session, token)


def purpose(x_purpose: Annotated[str | None, Header(max_length=500)] = None) -> str | None:
    """Why the caller reads or changes victim data (the audit's "why"), from the X-Purpose header."""
    return x_purpose


DB = Annotated[Session, Depends(db, scope="function")]
Caller = Annotated[Principal, Depends(principal)]
Ring = Annotated[Keyring, Depends(ring)]
Purpose = Annotated[str | None, Depends(purpose)]
