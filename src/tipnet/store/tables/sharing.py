"""Tables of the safe exchange with partners across borders (tipnet.sharing): the partners and their
public keys, their data-sharing agreements, the bundles sent and received, the log of which record
was told to which partner (what, when, by whom, withdrawn when), and the records received.

No personal data in clear: a received record's content is sealed in `text_secret` (table name
"received_record", as free text is), so key rotation re-seals it with the rest; the sent log holds
field names and opaque references, never values.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tipnet.store.base import Base, fk_column


class Partner(Base):
    """Another tipnet install (a country's agency, an NGO, IOM), known by its public keys."""

    __tablename__ = "partner"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(3))
    sign_key: Mapped[str] = mapped_column(String(64))  # Ed25519 verify key, base64
    box_key: Mapped[str] = mapped_column(String(64))  # X25519 public key, base64
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    # The organisation standing for the partner in this store (cases it hands over are its own), and
    # ours that receives its referrals.
    org_id: Mapped[int | None] = fk_column("organisation.id", ondelete="SET NULL")
    deliver_to_org_id: Mapped[int | None] = fk_column("organisation.id", ondelete="SET NULL")
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))


class PartnerKey(Base):
    """A partner's retired keys after a rotation in place: bundles it signed with them are accepted
    until `accept_until` (the overlap for bundles in transit), refused after; the row stays, so what
    they signed stays verifiable and the history of the partner's keys is kept."""

    __tablename__ = "partner_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = fk_column("partner.id", nullable=False)
    sign_key: Mapped[str] = mapped_column(String(64))
    box_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime)  # when it became the partner's key here
    retired_at: Mapped[datetime] = mapped_column(DateTime)
    retired_by: Mapped[str] = mapped_column(String(200))
    accept_until: Mapped[datetime] = mapped_column(DateTime)
    how: Mapped[str] = mapped_column(String(16))  # announcement | card


class SharingAgreement(Base):
    """A data-sharing agreement with a partner, as data: purposes, fields allowed, retention, validity.
    A new agreement supersedes the partner's previous one (kept, with when)."""

    __tablename__ = "sharing_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = fk_column("partner.id", nullable=False)
    purposes: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    retention_days: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)


class SharingBundle(Base):
    """One bundle sent to or received from a partner: records, a withdrawal notice."""

    __tablename__ = "sharing_bundle"
    __table_args__ = (
        UniqueConstraint("partner_id", "direction", "bundle_id", name="uq_sharing_bundle_once"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = fk_column("partner.id", nullable=False)
    bundle_id: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    kind: Mapped[str] = mapped_column(String(16))  # records | withdrawal
    purpose: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)  # as the sender stamped it
    handled_at: Mapped[datetime] = mapped_column(DateTime)  # written (out) or imported (in)
    actor: Mapped[str] = mapped_column(String(200))
    records: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64))


class SharedRecord(Base):
    """What this install told a partner about one person of a case: the fields sent and withheld,
    under which purpose and consent, when and by whom; and when a withdrawal was sent."""

    __tablename__ = "shared_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = fk_column("partner.id", nullable=False)
    bundle_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = fk_column("case.id", ondelete="SET NULL")
    case_person_id: Mapped[int | None] = fk_column("case_person.id", ondelete="SET NULL")
    record_ref: Mapped[str] = mapped_column(String(64), index=True)  # opaque, one per partner and person
    purpose: Mapped[str] = mapped_column(String(32))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    withheld: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_id: Mapped[int | None] = mapped_column(Integer)
    referral_id: Mapped[int | None] = mapped_column(Integer)  # a handover: the outgoing referral
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    sent_by: Mapped[str] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawal_bundle: Mapped[str | None] = mapped_column(String(64))


class ReceivedRecord(Base):
    """A record a partner sent us; its content is sealed (text_secret, "received_record"). Deleted
    when its retention date passes (`tipnet partners purge`); emptied and kept as a tombstone when the
    sender withdraws it, so an older bundle cannot bring it back."""

    __tablename__ = "received_record"
    __table_args__ = (UniqueConstraint("partner_id", "record_ref", name="uq_received_record_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = fk_column("partner.id", nullable=False)
    record_ref: Mapped[str] = mapped_column(String(64))
    bundle_id: Mapped[str] = mapped_column(String(64))
    bundle_created_at: Mapped[datetime] = mapped_column(DateTime)
    purpose: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # basis, no personal data
    received_at: Mapped[datetime] = mapped_column(DateTime)
    retain_until: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | withdrawn
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A handover: the case person this record became in our incoming-referral queue.
    case_person_id: Mapped[int | None] = fk_column("case_person.id", ondelete="SET NULL")
