"""Tables of where records come from: the organisations (agencies, NGOs, banks, platforms), each
import of a file, and each source row, the anchor of idempotent re-import.

Every other record of the store points back at its source row, so what a source said can always be
told apart from what linkage later made of it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column


class Organisation(Base):
    """An agency or organisation (HTCDS Organization)."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    org_Name: Mapped[str] = mapped_column(String(300))
    # Its name in Khmer, where the directory gives one (optional column `org_Name_km`).
    org_Name_km: Mapped[str | None] = mapped_column(String(300))
    org_Type: Mapped[str | None] = mapped_column(String(64))
    org_ShippingCountry: Mapped[str | None] = mapped_column(String(3))
    org_ShippingCity: Mapped[str | None] = mapped_column(String(200))
    org_Phone: Mapped[str | None] = mapped_column(String(32))
    # The steps of its case work that need a supervisor's sign-off (tipnet.cases.approvals.STEPS),
    # as Primero's per-agency approvals; none (null) by default.
    approvals: Mapped[list[str] | None] = mapped_column(JSON)
    # The IANA time zone its accounts see times in (tipnet.web.zones); none: its country's.
    time_zone: Mapped[str | None] = mapped_column(String(64))


class IngestRun(Base):
    """One import of one file: what came in, what was new, unchanged, updated, rejected."""

    __tablename__ = "ingest_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_new: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)


class SourceRecord(Base):
    """One row of one agency's export; the anchor of idempotent re-import.

    The raw row is not kept (it holds victim data in clear); its hash tells whether a
    re-import changed anything.
    """

    __tablename__ = "source_record"
    __table_args__ = (UniqueConstraint("source_type", "org_id", "record_id", name="uq_source_record_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_type: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False, ondelete="RESTRICT")
    record_id: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    ingest_run_id: Mapped[int | None] = fk_column("ingest_run.id", ondelete="SET NULL")
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    org: Mapped[Organisation] = relationship()


class DeferredIndex(Base):
    """A secondary index dropped for the time of a large import, to be built again at its end.

    A bulk load into empty tables is cheaper without maintaining their non-unique indexes row by
    row: they are dropped at the start and built once at the end (tipnet.store.indexes). Each drop
    is recorded here in the same transaction, with the index's own definition as the database gave
    it, and each rebuild deletes its row in the same transaction, so an import killed in between
    leaves a row here and the next import or `upgrade` builds the index again.
    """

    __tablename__ = "deferred_index"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    deferred_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
