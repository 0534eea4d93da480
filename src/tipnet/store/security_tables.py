"""Tables of case management and its security: accounts, sessions, login attempts, sealed
(encrypted) person data, blind indexes, screenings and follow-ups.

They live beside the HTCDS schema of tables.py (same `Base`, same naming convention) so one
Alembic history covers both; tables.py imports this module at its end so the metadata is whole.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tipnet.store.tables import Base


def _fk(target: str, *, nullable: bool = True, ondelete: str = "CASCADE") -> Any:
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class UserAccount(Base):
    """A person who signs in: one role, one organisation (the scope of what they see)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int] = _fk("organisation.id", nullable=False, ondelete="RESTRICT")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class UserSession(Base):
    """A signed-in session (web cookie) or API access token; only the token's hash is stored."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = _fk("user_account.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(8))  # web | api
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginAttempt(Base):
    """Failed sign-ins, counted per account name and per client address to throttle guessing."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class PersonSecret(Base):
    """A person's identifying fields, sealed with AES-GCM under a numbered key version."""

    __tablename__ = "person_secret"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    key_version: Mapped[int] = mapped_column(Integer, index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class PersonBlindIndex(Base):
    """Keyed hashes (HMAC) of a person's normalized name tokens, birth date, numbers: exact and
    phonetic search and duplicate warnings without decrypting anything."""

    __tablename__ = "person_blind_index"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(8))  # name | phon | birth | idno | phone
    digest: Mapped[str] = mapped_column(String(32))


Index("ix_person_blind_index_digest", PersonBlindIndex.kind, PersonBlindIndex.digest)


class Screening(Base):
    """One victim-identification interview: indicator grades given, the suggestion computed."""

    __tablename__ = "screening"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    screened_on: Mapped[date | None] = mapped_column(Date)
    interviewer: Mapped[str] = mapped_column(String(100))
    is_child: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    suggested_status: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class FollowUp(Base):
    """A reintegration follow-up of a victim: when it is due, when done, what was found."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    support_plan_id: Mapped[int | None] = _fk("support_plan.id", ondelete="SET NULL")
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32), default="visit")
    notes: Mapped[str | None] = mapped_column(Text)
