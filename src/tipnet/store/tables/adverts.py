"""Table of job adverts collected from recruitment platforms, as posted (text, employer, contact)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, String, Text
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


class AdvertScreening(Base):
    """The deceptive-recruitment verdict of a stored advert (tipnet.recruitment), written when adverts
    are ingested and again when the screener changes (`version`)."""

    __tablename__ = "advert_screening"
    job_advert_id: Mapped[int] = mapped_column(
        ForeignKey("job_advert.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    deceptive: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    flags: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{"code", "evidence"}]
    salary_usd: Mapped[float | None] = mapped_column(Float)
    # Contacts found in the text: [{"kind", "value"}], phones in E.164 (the network links them).
    contacts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    screened_at: Mapped[datetime] = mapped_column(DateTime)
