"""Tables of financial records: bank or payment accounts with their holders as the bank recorded
them (KYC), the transactions between accounts, and the FIU's alert queue (alerts from `tipnet finance
detect`, their accounts and roles, evidence transactions and every review decision).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import SourceRecord
from tipnet.store.utc import UTCDateTime, utc_now


class Company(Base):
    """A company holding an account, as the bank recorded it (`tipnet finance ingest --store`): kept
    apart from persons, so linkage never takes a company for a person."""

    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int | None] = fk_column("source_record.id")
    name: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    # the bank's KYC of the company (accounts.csv `id_number`, `birth_date`, `phone`, `address` of a
    # company row), what goAML's `t_entity_my_client` needs when the bank reports its own customer
    registration_number: Mapped[str | None] = mapped_column(String(64))
    incorporated_on: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(32))  # E.164
    address: Mapped[str | None] = mapped_column(String(1000))

    source_record: Mapped[SourceRecord | None] = relationship()


class Account(Base):
    """A bank or payment account; its holder as the bank recorded them (KYC): a person (linkable like
    every other person) or a company (`holder_type`; null for accounts the `bank` source stored)."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("org_id", "account_number", name="uq_account_org_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False, ondelete="RESTRICT")
    account_number: Mapped[str] = mapped_column(String(64), index=True)
    holder_person_id: Mapped[int | None] = fk_column("person.id", ondelete="SET NULL")
    source_record_id: Mapped[int | None] = fk_column("source_record.id")
    opened_on: Mapped[date | None] = mapped_column(Date)
    holder_type: Mapped[str | None] = mapped_column(String(16))
    holder_company_id: Mapped[int | None] = fk_column("company.id", ondelete="SET NULL")
    country: Mapped[str | None] = mapped_column(String(2))

    source_record: Mapped[SourceRecord | None] = relationship()
    holder: Mapped[Person | None] = relationship()
    holder_company: Mapped[Company | None] = relationship()


class Transaction(Base):
    """A movement of money as the bank booked it. A cash leg has one account only: a cash deposit no
    `from_account`, a cash withdrawal no `to_account` (the `channel` says which)."""

    __tablename__ = "transaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = fk_column("source_record.id", nullable=False)
    booked_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    from_account: Mapped[str | None] = mapped_column(String(64), index=True)
    to_account: Mapped[str | None] = mapped_column(String(64), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    currency: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(32))
    usd: Mapped[Decimal | None] = mapped_column(Numeric(24, 4))  # in the reporting currency
    reference: Mapped[str | None] = mapped_column(String(500))

    source_record: Mapped[SourceRecord] = relationship()


class FinanceAlert(Base):
    """One scheme found by `tipnet finance detect`: its typology, score and explanation, and where the
    FIU analyst's review stands (open, assigned, closed_false_positive, escalated)."""

    __tablename__ = "finance_alert"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_key: Mapped[str] = mapped_column(String(64), unique=True)  # the detect run's alert id
    typology: Mapped[str] = mapped_column(String(32), index=True)
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), index=True, default="open")
    assignee: Mapped[str | None] = mapped_column(String(200))
    case_id: Mapped[int | None] = fk_column("case.id", ondelete="SET NULL")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # the bank whose book the alert was detected in (`finance detect --store --bank`, the upload's
    # `bank`), when known: an STR reports a bank's own customers only from that bank's alerts
    bank_org_id: Mapped[int | None] = fk_column("organisation.id", ondelete="SET NULL")
    # what the alert is (typology, bank, accounts and roles, evidence transactions), hashed: a detect
    # run's alert ids restart at 000001, so the next book's alerts are told from this one's by it
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    accounts: Mapped[list[FinanceAlertAccount]] = relationship(
        back_populates="alert", cascade="all, delete-orphan", order_by="FinanceAlertAccount.id"
    )
    evidence: Mapped[list[FinanceAlertEvidence]] = relationship(
        back_populates="alert", cascade="all, delete-orphan", order_by="FinanceAlertEvidence.id"
    )
    decisions: Mapped[list[FinanceAlertDecision]] = relationship(
        back_populates="alert", cascade="all, delete-orphan", order_by="FinanceAlertDecision.id"
    )


class FinanceAlertAccount(Base):
    """An account of an alert and the role it plays (victims included)."""

    __tablename__ = "finance_alert_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = fk_column("finance_alert.id", nullable=False)
    account_id: Mapped[str] = mapped_column(String(64), index=True)
    holder_name: Mapped[str | None] = mapped_column(String(300))
    holder_type: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(32))

    alert: Mapped[FinanceAlert] = relationship(back_populates="accounts")


class FinanceAlertEvidence(Base):
    """An evidence transaction of an alert, as the bank's file gave it (and in USD)."""

    __tablename__ = "finance_alert_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = fk_column("finance_alert.id", nullable=False)
    tx_id: Mapped[str] = mapped_column(String(100))
    booked_at: Mapped[datetime] = mapped_column(DateTime)
    from_account: Mapped[str | None] = mapped_column(String(64))
    to_account: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Numeric(24, 4))
    currency: Mapped[str] = mapped_column(String(3))
    usd: Mapped[Decimal] = mapped_column(Numeric(24, 4))
    channel: Mapped[str] = mapped_column(String(32))

    alert: Mapped[FinanceAlert] = relationship(back_populates="evidence")


class FinanceAlertDecision(Base):
    """Every step of an alert's review (assign, comment, close as false positive, escalate), kept."""

    __tablename__ = "finance_alert_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = fk_column("finance_alert.id", nullable=False)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    comment: Mapped[str | None] = mapped_column(String(2000))

    alert: Mapped[FinanceAlert] = relationship(back_populates="decisions")


class FinanceThreshold(Base):
    """A typology's queue threshold as `tipnet finance tune --apply` set it from analysts' decisions
    (tipnet.finance.tuning): every setting kept, with what it rested on; the latest per typology holds."""

    __tablename__ = "finance_threshold"
    id: Mapped[int] = mapped_column(primary_key=True)
    typology: Mapped[str] = mapped_column(String(32), index=True)
    threshold: Mapped[float] = mapped_column(Float)
    previous: Mapped[float] = mapped_column(Float)
    decided: Mapped[int] = mapped_column(Integer)
    false_positives: Mapped[int] = mapped_column(Integer)
    escalated: Mapped[int] = mapped_column(Integer)
    why: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
