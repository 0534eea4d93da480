"""Tables of financial records: bank or payment accounts with their holders as the bank recorded
them (KYC), and the transactions between accounts.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import SourceRecord


class Account(Base):
    """A bank or payment account; its holder as the bank recorded them (KYC)."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("org_id", "account_number", name="uq_account_org_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False, ondelete="RESTRICT")
    account_number: Mapped[str] = mapped_column(String(64), index=True)
    holder_person_id: Mapped[int | None] = fk_column("person.id", ondelete="SET NULL")
    source_record_id: Mapped[int | None] = fk_column("source_record.id")
    opened_on: Mapped[date | None] = mapped_column(Date)

    source_record: Mapped[SourceRecord | None] = relationship()
    holder: Mapped[Person | None] = relationship()


class Transaction(Base):
    __tablename__ = "transaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = fk_column("source_record.id", nullable=False)
    booked_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    from_account: Mapped[str] = mapped_column(String(64), index=True)
    to_account: Mapped[str] = mapped_column(String(64), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    currency: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(500))

    source_record: Mapped[SourceRecord] = relationship()
