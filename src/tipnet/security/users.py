"""Accounts: creation, sign-in with throttling, and the principal a request acts as."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tipnet.security import audit
from tipnet.security.config import SecuritySettings, security_settings
from tipnet.security.passwords import burn_time, hash_password, needs_rehash, verify_password
from tipnet.security.roles import Perm, Role, allowed
from tipnet.store.tables.security import LoginAttempt, UserAccount
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
    if isinstance(code_or_id, int) or str(code_or_id).isdigit():
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


def set_password(session: Session, user: UserAccount, password: str) -> None:
    try:
        user.password_hash = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _recent_failures(
    session: Session,
    column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
    value: str,
    since: datetime,
) -> int:
    stmt = select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.at >= since)
    return int(session.scalar(stmt) or 0)


def authenticate(
    session: Session,
    username: str,
    password: str,
    client: str | None = None,
    settings: SecuritySettings | None = None,
) -> UserAccount | None:
    """The account if the password is right; None if not; Throttled after too many failures.

    Failures are counted per account name and per client address in a sliding window, and the
    count is checked before the password, so a throttled guess learns nothing.
    """
    settings = settings or security_settings()
    now = _now()
    since = now - timedelta(minutes=settings.login_window_minutes)
    username = username[:100]
    if _recent_failures(session, LoginAttempt.username, username, since) >= settings.login_max_failures or (
        client
        and _recent_failures(session, LoginAttempt.client, client, since) >= 4 * settings.login_max_failures
    ):
        audit.record(session, username, "denied", "login", details={"why": "throttled"})
        raise Throttled("too many failed sign-ins; try again later")
    user = session.scalar(select(UserAccount).where(UserAccount.username == username))
    if user is None or not user.active:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok:
        session.add(LoginAttempt(username=username, client=(client or "")[:64] or None, at=now))
        audit.record(session, username, "login_failed", "login")
        return None
    assert user is not None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    audit.record(session, username, "login", "login")
    return user
