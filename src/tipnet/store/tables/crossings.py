"""Table of border crossings as immigration recorded them: who crossed where and when, on which
document, and what the MRZ check found.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.people import IdentityDocument, Person
from tipnet.store.tables.sources import SourceRecord


class BorderCrossing(Base):
    __tablename__ = "border_crossing"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = fk_column("source_record.id", nullable=False)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    document_id: Mapped[int | None] = fk_column("identity_document.id", ondelete="SET NULL")
    crossing_time: Mapped[datetime] = mapped_column(DateTime, index=True)
    direction: Mapped[str] = mapped_column(String(8))
    border_post: Mapped[str | None] = mapped_column(String(200))
    border_country: Mapped[str | None] = mapped_column(String(3))
    booking_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    mrz_valid: Mapped[bool | None] = mapped_column(Boolean)
    mrz_findings: Mapped[list[str]] = mapped_column(JSON, default=list)

    source_record: Mapped[SourceRecord] = relationship()
    person: Mapped[Person] = relationship()
    document: Mapped[IdentityDocument | None] = relationship()
