"""Table of job adverts collected from recruitment platforms, as posted (text, employer, contact)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.sources import SourceRecord


class JobAdvert(Base):
    __tablename__ = "job_advert"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = fk_column("source_record.id", nullable=False)
    posted_on: Mapped[date] = mapped_column(Date)
    platform: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    employer: Mapped[str | None] = mapped_column(String(300))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    salary_text: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))

    source_record: Mapped[SourceRecord] = relationship()
