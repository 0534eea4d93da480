"""Sessions and access tokens: random, stored only as SHA-256, expiring, revocable; CSRF tokens.

A web sign-in always creates a new session (the cookie a visitor had before is never promoted,
so a planted session id cannot be fixed onto a victim); its CSRF token is a second random value
tied to the session and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from tipnet.security.config import SecuritySettings, security_settings
from tipnet.security.users import Principal, principal_of
from tipnet.store.tables.security import FormReceipt, UserAccount, UserSession


def _now() -> datetime:
    """UTC now, naive (the columns are timezone-less and hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Opened:
    token: str  # given to the client once; only its hash is stored
    csrf_token: str | None
    expires_at: datetime


def open_session(
    session: Session, user: UserAccount, kind: str, settings: SecuritySettings | None = None
) -> Opened:
    """A new session (kind "web") or access token (kind "api") for `user`."""
    settings = settings or security_settings()
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32) if kind == "web" else None
    now = _now()
    expires = now + timedelta(hours=settings.session_hours)
    # Housekeeping: the user's expired or revoked sessions are of no use to anyone.
    session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, or_(UserSession.expires_at <= now, UserSession.revoked.is_(True))
        )
    )
    # A form receipt answers only a form sent again by the session that sent it (the form carries
    # that session's CSRF token): older than the longest session, it answers nothing.
    session.execute(
        delete(FormReceipt).where(
            FormReceipt.user_id == user.id,
            FormReceipt.received_at < now - timedelta(hours=settings.session_hours),
        )
    )
    session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            kind=kind,
            csrf_token=csrf,
            created_at=now,
            expires_at=expires,
            revoked=False,
            queue_key=secrets.token_hex(32) if kind == "web" else None,
        )
    )
    session.flush()
    return Opened(token, csrf, expires)


@dataclass(frozen=True)
class Resolved:
    principal: Principal
    csrf_token: str | None
    session_id: int


def resolve(session: Session, token: str | None, kind: str) -> Resolved | None:
    """The principal behind a token of `kind`, or None (unknown, expired, revoked, inactive)."""
    if not token or len(token) > 200:
        return None
    row = session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.kind != kind or row.revoked or row.expires_at <= _now():
        return None
    user = session.get(UserAccount, row.user_id)
    if user is None or not user.active:
        return None
    return Resolved(principal_of(user), row.csrf_token, row.id)


def revoke(session: Session, token: str | None) -> None:
    """End a session; its offline-queue secret goes with it (what a signed-out browser still holds
    of its queue can never be decrypted)."""
    if token:
        session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash(token))
            .values(revoked=True, queue_key=None)
        )


def queue_key(session: Session, session_id: int) -> str | None:
    """The offline-queue secret of a live web session (tipnet.web.offline hands it to its page)."""
    return session.scalar(
        select(UserSession.queue_key).where(UserSession.id == session_id, UserSession.revoked.is_(False))
    )


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))
