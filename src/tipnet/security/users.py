"""Accounts: creation, sign-in with throttling, and the principal a request acts as."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from tipnet.security import audit
from tipnet.security.config import SecuritySettings, security_settings
from tipnet.security.passwords import burn_time, hash_password, needs_rehash, verify_password
from tipnet.security.roles import Perm, Role, allowed
from tipnet.store.tables.security import LoginAttempt, UserAccount, UserSession
from tipnet.store.tables.sources import Organisation


def _now() -> datetime:
    """UTC now, naive (the columns are timezone-less and hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,100}$")


class UserError(ValueError):
    """A bad account name, role, organisation or password."""


class Throttled(RuntimeError):
    """Too many failed sign-ins for this account name or client: try again later."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: enough to check permissions and scope without the database."""

    user_id: int
    username: str
    role: str
    org_id: int

    def can(self, perm: Perm) -> bool:
        return allowed(self.role, perm)


def principal_of(user: UserAccount) -> Principal:
    return Principal(user.id, user.username, user.role, user.org_id)


def find_org(session: Session, code_or_id: str | int) -> Organisation | None:
    # An id beyond the database's 64-bit integers is no id (and must not reach the driver: OverflowError).
    if (isinstance(code_or_id, int) or str(code_or_id).isdigit()) and int(code_or_id) < 2**63:
        org = session.get(Organisation, int(code_or_id))
        if org is not None:
            return org
    return session.scalar(select(Organisation).where(Organisation.code == str(code_or_id)))


def create_user(
    session: Session, username: str, password: str, role: str, org: str | int, *, create_org: bool = False
) -> UserAccount:
    """A new account. `org` is an organisation code (or id); `create_org` adds a missing one."""
    if not USERNAME.match(username):
        raise UserError("account names are 2-100 letters, digits or . _ @ -")
    try:
        role = Role(role).value
    except ValueError:
        raise UserError(f"unknown role {role!r}; roles: {', '.join(r.value for r in Role)}") from None
    organisation = find_org(session, org)
    if organisation is None:
        if not create_org:
            raise UserError(f"no organisation {org!r}")
        organisation = Organisation(code=str(org), org_Name=str(org))
        session.add(organisation)
        session.flush()
    if session.scalar(select(UserAccount).where(UserAccount.username == username)):
        raise UserError(f"account {username!r} exists")
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    user = UserAccount(
        username=username, password_hash=hashed, role=role, org_id=organisation.id, active=True
    )
    session.add(user)
    session.flush()
    return user


def set_password(
    session: Session, user: UserAccount, password: str, *, keep_session: int | None = None
) -> None:
    """Replace the password and revoke every session and token of the account (but `keep_session`,
    the id of the session that changed it, if any): whoever held the old password is signed out."""
    try:
        user.password_hash = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked.is_(False))
    if keep_session is not None:
        stmt = stmt.where(UserSession.id != keep_session)
    session.execute(stmt.values(revoked=True, queue_key=None))


def _backoff(failures: int, settings: SecuritySettings) -> float:
    """Seconds an account name + address pair waits after its previous attempt, once it has more than
    `login_max_failures` failures in the window: 30 s, 60 s, 120 s, ... up to `login_max_delay_seconds`."""
    excess = failures - settings.login_max_failures
    if excess <= 0:
        return 0.0
    first = settings.login_first_delay_seconds
    return float(min(first * 2 ** min(excess - 1, 30), settings.login_max_delay_seconds))


def _count_attempt(session: Session, username: str, client: str, now: datetime, window: timedelta) -> int:
    """Insert this attempt and COMMIT it in a transaction of its own, before any password is checked,
    so concurrent guesses all count each other; expired failures are pruned on the way. Its id."""
    with Session(session.get_bind()) as own, own.begin():
        own.execute(delete(LoginAttempt).where(LoginAttempt.at < now - window, LoginAttempt.ok.is_(False)))
        row = LoginAttempt(username=username, client=client, at=now, ok=False)
        own.add(row)
        own.flush()
        return row.id


def _failures(session: Session, since: datetime, *conditions: Any) -> int:
    """Failed or undecided attempts (this one and concurrent ones included), refused ones not."""
    refused = LoginAttempt.refused.is_(False)
    stmt = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.at >= since, LoginAttempt.ok.is_(False), refused, *conditions)
    )
    return int(session.scalar(stmt) or 0)


def _throttled(
    session: Session, username: str, client: str, attempt: int, now: datetime, settings: SecuritySettings
) -> str | None:
    """Why this attempt is refused before its password is checked, or None. Counts include every
    committed attempt (this one and concurrent ones, not yet decided)."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    same_pair = (LoginAttempt.username == username, LoginAttempt.client == client)
    pair = _failures(session, since, *same_pair)
    if pair > settings.login_max_failures:
        previous = session.scalar(
            select(func.max(LoginAttempt.at)).where(
                *same_pair, LoginAttempt.id != attempt, LoginAttempt.refused.is_(False)
            )
        )
        if previous is not None and (now - previous).total_seconds() < _backoff(pair, settings):
            return "pair"
    if _failures(session, since, LoginAttempt.client == client) > 4 * settings.login_max_failures:
        return "address"
    if _failures(session, since, LoginAttempt.username == username) > settings.login_account_cap:
        known = session.scalar(select(LoginAttempt.id).where(*same_pair, LoginAttempt.ok.is_(True)).limit(1))
        if known is None:
            return "account"
    return None


def _audit_failure(
    session: Session, username: str, client: str, attempt: int, now: datetime, action: str, why: str
) -> None:
    """Sign-in failures are audited once per client address per minute: the first failure of a
    minute writes an event counting the previous minute's attempts from that address; the others are
    counted in login_attempt only (an unauthenticated caller cannot fill the append-only log)."""
    minute = now.replace(second=0, microsecond=0)
    earlier = session.scalar(
        select(LoginAttempt.id)
        .where(LoginAttempt.client == client, LoginAttempt.at >= minute, LoginAttempt.id < attempt)
        .limit(1)
    )
    if earlier is not None:
        return
    previous_minute = _failures(
        session, minute - timedelta(minutes=1), LoginAttempt.client == client, LoginAttempt.at < minute
    )
    details = {"why": why, "client": client, "attempts_previous_minute": previous_minute}
    audit.record(session, username, action, "login", details=details)


def authenticate(
    session: Session,
    username: str,
    password: str,
    client: str | None = None,
    settings: SecuritySettings | None = None,
) -> UserAccount | None:
    """The account if the password is right; None if not; Throttled when refused before checking it.

    Call it first in its transaction: the attempt is committed (in a transaction of its own) before
    anything else, then the counts decide whether the password is checked at all (a throttled guess
    learns nothing). See `_throttled` and docs/security.md for the design.
    """
    settings = settings or security_settings()
    now = _now()
    username = audit.clean_text(username, 100)
    client = audit.clean_text(client or "", 64) or "?"
    window = timedelta(minutes=settings.login_window_minutes)
    attempt = _count_attempt(session, username, client, now, window)
    # Decided in a transaction of its own too, before the caller's transaction reads anything (on
    # SQLite a transaction that read before another's commit could not write afterwards). A refused
    # attempt is marked at once: it no longer counts as a failure nor restarts a delay, so hammering
    # during a delay costs the owner nothing; it still counts for the per-minute audit.
    with Session(session.get_bind()) as own, own.begin():
        why = _throttled(own, username, client, attempt, now, settings)
        if why is not None:
            own.execute(update(LoginAttempt).where(LoginAttempt.id == attempt).values(refused=True))
    if why is not None:
        _audit_failure(session, username, client, attempt, now, "denied", f"throttled:{why}")
        raise Throttled("too many failed sign-ins; try again later")
    user = session.scalar(select(UserAccount).where(UserAccount.username == username))
    if user is None or not user.active:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok:
        _audit_failure(session, username, client, attempt, now, "login_failed", "password")
        return None
    assert user is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    # This pair's failures are forgiven; its success is kept, marking the address as known-good.
    same_pair = (LoginAttempt.username == username, LoginAttempt.client == client)
    session.execute(delete(LoginAttempt).where(*same_pair, LoginAttempt.id != attempt))
    session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt).values(ok=True))
    audit.record(session, username, "login", "login")
    return user
