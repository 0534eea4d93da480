"""Tables of access and of victims' data protection: accounts, sessions, login attempts, sealed
(encrypted) person data, blind indexes, and the append-only audit log of every read and change.

A victim's identifying fields are moved here, sealed under a numbered key version, and emptied from
the clear person rows of tables.people (tipnet.security.sealing); blind indexes let them be searched
without decrypting anything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from tipnet.store.base import Base, fk_column


class UserAccount(Base):
    """A person who signs in: one role, one organisation (the scope of what they see)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False, ondelete="RESTRICT")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # Where reminders of overdue work go (tipnet.cases.reminders); none: no e-mail.
    email: Mapped[str | None] = mapped_column(String(320))
    # The IANA time zone the pages show times in (tipnet.web.zones); none: the organisation's.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # The language the pages are shown in (a catalogue's code, tipnet.web.i18n); none: the browser's.
    language: Mapped[str | None] = mapped_column(String(16))


class UserSession(Base):
    """A signed-in session (web cookie) or API access token; only the token's hash is stored."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = fk_column("user_account.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(8))  # web | api
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The secret the browser's offline queue is encrypted with (web sessions; tipnet.web.offline):
    # handed to the live session only, never kept in the browser, emptied when the session is revoked.
    queue_key: Mapped[str | None] = mapped_column(String(64))


class FormReceipt(Base):
    """A form received with an idempotency key (a form queued offline may be sent twice): the key is
    claimed in the transaction that applies the form, so the second sending finds it and changes
    nothing (tipnet.security.receipts). `location` is where the first answer sent the user."""

    __tablename__ = "form_receipt"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = fk_column("user_account.id", nullable=False)
    key: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(300))
    # SHA-256 of the form's address and fields (CSRF token and key left out): the same key sent again
    # with other content (a page restored by the Back button, a tampered queue) is refused.
    digest: Mapped[str] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(1000))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_form_receipt_user_key"),)


class LoginAttempt(Base):
    """Sign-in attempts, counted per account name, per client address and per pair to throttle
    guessing. Each is committed before its password is checked; `ok` is set when it succeeded (a
    successful row marks the address as known-good for the account; `refused` when throttled)."""

    __tablename__ = "login_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Refused before its password was checked (throttled): counted for auditing, not as a failure.
    refused: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class PersonSecret(Base):
    """A person's identifying fields, sealed with AES-GCM under a numbered key version."""

    __tablename__ = "person_secret"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    key_version: Mapped[int] = mapped_column(Integer, index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class TextSecret(Base):
    """The free text of one row attached to victims (a hotline report's narrative, caller's phone and
    location; a case's notes, referral details, support plans, follow-ups...), sealed with AES-GCM
    under a numbered key version, bound to its table and row by the associated data
    (tipnet.security.textseal). The row's clear columns are emptied."""

    __tablename__ = "text_secret"
    __table_args__ = (UniqueConstraint("table_name", "row_id", name="uq_text_secret_row"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(Integer)
    key_version: Mapped[int] = mapped_column(Integer, index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(16))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class PersonBlindIndex(Base):
    """Keyed hashes (HMAC) of a person's normalized name tokens, birth date, numbers: exact and
    phonetic search and duplicate warnings without decrypting anything."""

    __tablename__ = "person_blind_index"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(8))  # name | phon | birth | idno | phone
    digest: Mapped[str] = mapped_column(String(32))


Index("ix_person_blind_index_digest", PersonBlindIndex.kind, PersonBlindIndex.digest)


class AuditEvent(Base):
    """Append-only log of every read and change of victim data: who, when, what, why."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(
        String(32)
    )  # view | search | create | update | delete | export | import
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Scope: the case the event concerns (if any); an organisation's reader sees the events of its
    # accounts (by actor) and of its cases.
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The hash chain (tipnet.store.audit_chain): the previous row's hash and this row's.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class KeyCheck(Base):
    """One row per data-key version ever used with this store: the key's check value (an HMAC of a
    constant under it, never the key), so a wrong or replaced key file is refused at start, and
    when the version was retired (nothing sealed under it any more; never reused)."""

    __tablename__ = "key_check"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    check_value: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    retired_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
