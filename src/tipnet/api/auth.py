"""Sign-in for API clients: the OAuth2 password flow gives a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from tipnet.api.deps import DB, Caller, oauth2
from tipnet.security import sessions
from tipnet.security.users import Throttled, authenticate

router = APIRouter(prefix="/api/auth", tags=["auth"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: str


class Me(BaseModel):
    username: str
    role: str
    org_id: int


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/token", response_model=Token, responses={401: {}, 429: {}})
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """Exchange an account name and password for a bearer token (throttled after repeated failures)."""
    factory = request.app.state.sessions
    session: Session
    with factory() as session, session.begin():  # its own transaction: failures must be recorded
        try:
            user = authenticate(session, form.username, form.password, client_of(request))
        except Throttled:
            user, throttled = None, True
        else:
            throttled = False
        opened = sessions.open_session(session, user, "api") if user is not None else None
    if throttled:
        raise HTTPException(429, "too many failed sign-ins; try again later")
    if opened is None:
        raise HTTPException(401, "wrong account name or password", headers={"WWW-Authenticate": "Bearer"})
    return Token(access_token=opened.token, expires_at=opened.expires_at.isoformat())


@router.post("/logout", status_code=204, responses={401: {}})
def logout(session: DB, caller: Caller, token: Annotated[str | None, Depends(oauth2)]) -> None:
    """Revoke the token used for this request."""
    sessions.revoke(session, token)


@router.get("/me", response_model=Me, responses={401: {}})
def me(caller: Caller) -> Me:
    return Me(username=caller.username, role=caller.role, org_id=caller.org_id)
