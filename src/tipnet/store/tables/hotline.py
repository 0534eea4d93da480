"""Table of hotline reports: a call or message about a possible trafficking situation, and the
person it is about when one is named.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import SourceRecord


class HotlineReport(Base):
    __tablename__ = "hotline_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = fk_column("source_record.id", nullable=False)
    subject_person_id: Mapped[int | None] = fk_column("person.id", ondelete="SET NULL")
    received_at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    caller_phone: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(String(300))
    exploitation_type: Mapped[list[str]] = mapped_column(JSON, default=list)
    narrative: Mapped[str | None] = mapped_column(Text)

    source_record: Mapped[SourceRecord] = relationship()
    subject: Mapped[Person | None] = relationship()


class HotlinePhoneIndex(Base):
    """Keyed hashes (HMAC under the keyring's index key, as `person_blind_index`) of the phone numbers
    of a hotline report: the caller's and those its sealed narrative mentions. The numbers themselves
    stay sealed (tipnet.security.textseal); this lets an analyst find, without decrypting anything,
    which reports hold a number (tipnet.security.hotline_phones)."""

    __tablename__ = "hotline_phone_index"
    id: Mapped[int] = mapped_column(primary_key=True)
    hotline_report_id: Mapped[int] = fk_column("hotline_report.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(8))  # caller | text
    digest: Mapped[str] = mapped_column(String(32))


Index("ix_hotline_phone_index_digest", HotlinePhoneIndex.digest)
