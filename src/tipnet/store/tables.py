"""The schema, aligned with IOM's Human Trafficking Case Data Standard (HTCDS) v2.0.

Column names keep HTCDS field names (`prs_FirstName`, `vic_TypeOfExploitation`, ...) wherever
the standard has one, so exports and the API speak HTCDS without a mapping layer. Picklist
values are HTCDS value names, validated by tipnet.vocab before they reach the store.
Multi-select picklists are JSON lists. Partial dates are ISO strings (`1990`, `1990-05`,
`1990-05-01`) with a sortable `*_year` beside them where statistics need it.

Persons are stored *as recorded* by each source (one row per source record); linkage
resolves them into identities later, never overwriting what the source said.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012 (SQLAlchemy API)


def _fk(target: str, *, nullable: bool = True, ondelete: str = "CASCADE") -> Any:
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Organisation(Base):
    """An agency or organisation (HTCDS Organization)."""

    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    org_Name: Mapped[str] = mapped_column(String(300))
    org_Type: Mapped[str | None] = mapped_column(String(64))
    org_ShippingCountry: Mapped[str | None] = mapped_column(String(3))
    org_ShippingCity: Mapped[str | None] = mapped_column(String(200))
    org_Phone: Mapped[str | None] = mapped_column(String(32))


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
    org_id: Mapped[int] = _fk("organisation.id", nullable=False, ondelete="RESTRICT")
    record_id: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    ingest_run_id: Mapped[int | None] = _fk("ingest_run.id", ondelete="SET NULL")
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    org: Mapped[Organisation] = relationship()


class Person(Base):
    """A person as one source recorded them (HTCDS Person)."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int | None] = _fk("source_record.id")
    prs_Salutation: Mapped[str | None] = mapped_column(String(100))
    prs_FirstName: Mapped[str | None] = mapped_column(String(300))
    prs_MiddleName: Mapped[str | None] = mapped_column(String(300))
    prs_SecondName: Mapped[str | None] = mapped_column(String(300))
    full_name: Mapped[str | None] = mapped_column(String(600))
    name_native: Mapped[str | None] = mapped_column(String(600))
    prs_Birthdate: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    prs_Gender: Mapped[str | None] = mapped_column(String(32))
    prs_Citizenship: Mapped[list[str]] = mapped_column(JSON, default=list)
    prs_PrimaryLanguage: Mapped[str | None] = mapped_column(String(8))
    prs_SecondaryLanguage: Mapped[str | None] = mapped_column(String(8))
    prs_IdentityNumber: Mapped[str | None] = mapped_column(String(64), index=True)
    prs_Email: Mapped[str | None] = mapped_column(String(300))

    source_record: Mapped[SourceRecord | None] = relationship()
    names: Mapped[list[PersonName]] = relationship(cascade="all, delete-orphan", back_populates="person")
    documents: Mapped[list[IdentityDocument]] = relationship(
        cascade="all, delete-orphan", back_populates="person"
    )
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan", back_populates="person")
    addresses: Mapped[list[Address]] = relationship(cascade="all, delete-orphan", back_populates="person")


class PersonName(Base):
    """Every name a person goes by in a record: primary, alias, native script, MRZ form."""

    __tablename__ = "person_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    kind: Mapped[str] = mapped_column(String(16))  # primary | alias | native | mrz
    name: Mapped[str] = mapped_column(String(600))
    script: Mapped[str | None] = mapped_column(String(16))
    person: Mapped[Person] = relationship(back_populates="names")


class IdentityDocument(Base):
    __tablename__ = "identity_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    document_type: Mapped[str | None] = mapped_column(String(2))
    document_number: Mapped[str] = mapped_column(String(64), index=True)
    issuing_state: Mapped[str | None] = mapped_column(String(3))
    expiry_date: Mapped[date | None] = mapped_column(Date)
    mrz: Mapped[str | None] = mapped_column(String(200))
    person: Mapped[Person] = relationship(back_populates="documents")


class Phone(Base):
    __tablename__ = "phone"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    number: Mapped[str] = mapped_column(String(32), index=True)  # E.164
    person: Mapped[Person] = relationship(back_populates="phones")


class Address(Base):
    __tablename__ = "address"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    text: Mapped[str] = mapped_column(String(1000))
    country: Mapped[str | None] = mapped_column(String(3))
    person: Mapped[Person] = relationship(back_populates="addresses")


class Case(Base):
    """A case (HTCDS Case), owned by the organisation that opened it."""

    __tablename__ = "case"
    __table_args__ = (UniqueConstraint("org_id", "case_ref", name="uq_case_org_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = _fk("organisation.id", nullable=False, ondelete="RESTRICT")
    case_ref: Mapped[str] = mapped_column(String(200))
    cas_Status: Mapped[str] = mapped_column(String(32), default="Active")
    cas_ReasonForCaseClosure: Mapped[str | None] = mapped_column(Text)
    opened_on: Mapped[date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(32))

    org: Mapped[Organisation] = relationship()
    persons: Mapped[list[CasePerson]] = relationship(cascade="all, delete-orphan", back_populates="case")
    referrals: Mapped[list[Referral]] = relationship(cascade="all, delete-orphan", back_populates="case")
    comments: Mapped[list[CaseComment]] = relationship(cascade="all, delete-orphan", back_populates="case")


class CasePerson(Base):
    """A person's part in a case, with HTCDS victim context or perpetrator context."""

    __tablename__ = "case_person"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case.id", nullable=False)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    source_record_id: Mapped[int | None] = _fk("source_record.id")
    role: Mapped[str] = mapped_column(String(16))  # Victim | Suspect | Witness
    # Victim context
    vic_AgreementToManagePersonalData: Mapped[bool | None] = mapped_column(Boolean)
    vic_TraffickingStatus: Mapped[str | None] = mapped_column(String(64))
    vic_TraffickingStatusDecisionMakingOrg: Mapped[str | None] = mapped_column(String(64))
    vic_RelationshipToTrafficker: Mapped[str | None] = mapped_column(String(32))
    vic_AgeWhenTrafficked: Mapped[int | None] = mapped_column(Integer)
    vic_RecruitmentWebsitesAndApps: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_MethodOfRecruitment: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_LocationOfRecruitment: Mapped[str | None] = mapped_column(String(3))
    vic_MethodsOfControl: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_TypeOfExploitation: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_ForcedLabourIndustry: Mapped[str | None] = mapped_column(String(64))
    vic_TypeOfSexExploitation: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_LocationOfExploitation: Mapped[str | None] = mapped_column(String(3))
    vic_ExploitationWebsitesAndApps: Mapped[list[str]] = mapped_column(JSON, default=list)
    vic_Vulnerabilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Perpetrator context
    per_RoleInProcess: Mapped[list[str]] = mapped_column(JSON, default=list)
    per_RoleDetails: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="persons")
    person: Mapped[Person] = relationship()
    source_record: Mapped[SourceRecord | None] = relationship()
    events: Mapped[list[TraffickingEvent]] = relationship(cascade="all, delete-orphan")
    support_plans: Mapped[list[SupportPlan]] = relationship(cascade="all, delete-orphan")
    proceedings: Mapped[list[LegalProceeding]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan")


class TraffickingEvent(Base):
    """A historic trafficking event (HTCDS hte_): recruitment, transit or exploitation."""

    __tablename__ = "trafficking_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    hte_Type: Mapped[str] = mapped_column(String(16))
    hte_Date: Mapped[str | None] = mapped_column(String(10))
    hte_Country: Mapped[str | None] = mapped_column(String(3))
    hte_City: Mapped[str | None] = mapped_column(String(200))
    hte_Description: Mapped[str | None] = mapped_column(Text)


class Referral(Base):
    """A referral into or out of a case between organisations (HTCDS Referral Details)."""

    __tablename__ = "referral"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case.id", nullable=False)
    direction: Mapped[str] = mapped_column(String(8))  # in | out
    from_org_id: Mapped[int | None] = _fk("organisation.id", ondelete="SET NULL")
    to_org_id: Mapped[int | None] = _fk("organisation.id", ondelete="SET NULL")
    referral_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|accepted|rejected|done
    details: Mapped[str | None] = mapped_column(Text)
    case: Mapped[Case] = relationship(back_populates="referrals")


class SupportPlan(Base):
    __tablename__ = "support_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    spl_Type: Mapped[str] = mapped_column(String(64))
    spl_Objectives: Mapped[str | None] = mapped_column(Text)
    spl_ActionPlan: Mapped[str | None] = mapped_column(Text)
    spl_PlannedEndDate: Mapped[date | None] = mapped_column(Date)
    spl_ActualEndDate: Mapped[date | None] = mapped_column(Date)


class Consent(Base):
    """Consent to manage and share personal data (HTCDS con_Consent), with its scope."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    con_Consent: Mapped[bool] = mapped_column(Boolean)
    scope: Mapped[str] = mapped_column(String(64), default="case-management")
    recorded_on: Mapped[date | None] = mapped_column(Date)


class LegalProceeding(Base):
    """A suspect's path through justice: investigation, prosecution, trial, verdict."""

    __tablename__ = "legal_proceeding"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = _fk("case_person.id", nullable=False)
    stage: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str | None] = mapped_column(String(16))
    sentence_months: Mapped[int | None] = mapped_column(Integer)
    stage_date: Mapped[date | None] = mapped_column(Date)


class CaseComment(Base):
    __tablename__ = "case_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = _fk("case.id", nullable=False)
    cco_CaseComment: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    case: Mapped[Case] = relationship(back_populates="comments")


class BorderCrossing(Base):
    __tablename__ = "border_crossing"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = _fk("source_record.id", nullable=False)
    person_id: Mapped[int] = _fk("person.id", nullable=False)
    document_id: Mapped[int | None] = _fk("identity_document.id", ondelete="SET NULL")
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


class HotlineReport(Base):
    __tablename__ = "hotline_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = _fk("source_record.id", nullable=False)
    subject_person_id: Mapped[int | None] = _fk("person.id", ondelete="SET NULL")
    received_at: Mapped[datetime] = mapped_column(DateTime)
    channel: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    caller_phone: Mapped[str | None] = mapped_column(String(32))
    location: Mapped[str | None] = mapped_column(String(300))
    exploitation_type: Mapped[list[str]] = mapped_column(JSON, default=list)
    narrative: Mapped[str | None] = mapped_column(Text)

    source_record: Mapped[SourceRecord] = relationship()
    subject: Mapped[Person | None] = relationship()


class Account(Base):
    """A bank or payment account; its holder as the bank recorded them (KYC)."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("org_id", "account_number", name="uq_account_org_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = _fk("organisation.id", nullable=False, ondelete="RESTRICT")
    account_number: Mapped[str] = mapped_column(String(64), index=True)
    holder_person_id: Mapped[int | None] = _fk("person.id", ondelete="SET NULL")
    source_record_id: Mapped[int | None] = _fk("source_record.id")
    opened_on: Mapped[date | None] = mapped_column(Date)

    source_record: Mapped[SourceRecord | None] = relationship()
    holder: Mapped[Person | None] = relationship()


class Transaction(Base):
    __tablename__ = "transaction"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = _fk("source_record.id", nullable=False)
    booked_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    from_account: Mapped[str] = mapped_column(String(64), index=True)
    to_account: Mapped[str] = mapped_column(String(64), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    currency: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(500))

    source_record: Mapped[SourceRecord] = relationship()


class JobAdvert(Base):
    __tablename__ = "job_advert"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = _fk("source_record.id", nullable=False)
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


class Watchlist(Base):
    __tablename__ = "watchlist"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class WatchlistEntry(Base):
    __tablename__ = "watchlist_entry"
    __table_args__ = (UniqueConstraint("watchlist_id", "entry_id", name="uq_watchlist_entry_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = _fk("watchlist.id", nullable=False)
    entry_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(600))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    birth_date: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    gender: Mapped[str | None] = mapped_column(String(32))
    document_number: Mapped[str | None] = mapped_column(String(64), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    added_in_version: Mapped[int] = mapped_column(Integer, default=1)
    changed_in_version: Mapped[int] = mapped_column(Integer, default=1)


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


Index("ix_person_name_lookup", PersonName.name)

from tipnet.store import linkage_tables as _linkage_tables  # noqa: E402, F401 (complete metadata)
from tipnet.store import screening_tables as _screening_tables  # noqa: E402, F401 (complete metadata)
from tipnet.store import security_tables as _security_tables  # noqa: E402, F401 (complete metadata)
