"""Tables of case management (HTCDS Case): cases and the people in them, with victim or perpetrator
context, trafficking events, referrals, support plans, consents, legal proceedings, comments, the
victim-identification interviews and reintegration follow-ups.

A case is owned by the organisation that opened it; its people are persons as recorded
(tables.people), so one person can take part in several cases.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tipnet.store.base import Base, fk_column
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord


class Case(Base):
    """A case (HTCDS Case), owned by the organisation that opened it."""

    __tablename__ = "case"
    __table_args__ = (UniqueConstraint("org_id", "case_ref", name="uq_case_org_ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False, ondelete="RESTRICT")
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
    case_id: Mapped[int] = fk_column("case.id", nullable=False)
    person_id: Mapped[int] = fk_column("person.id", nullable=False)
    source_record_id: Mapped[int | None] = fk_column("source_record.id")
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
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    hte_Type: Mapped[str] = mapped_column(String(16))
    hte_Date: Mapped[str | None] = mapped_column(String(10))
    hte_Country: Mapped[str | None] = mapped_column(String(3))
    hte_City: Mapped[str | None] = mapped_column(String(200))
    hte_Description: Mapped[str | None] = mapped_column(Text)


class Referral(Base):
    """A referral into or out of a case between organisations (HTCDS Referral Details)."""

    __tablename__ = "referral"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = fk_column("case.id", nullable=False)
    direction: Mapped[str] = mapped_column(String(8))  # in | out
    from_org_id: Mapped[int | None] = fk_column("organisation.id", ondelete="SET NULL")
    to_org_id: Mapped[int | None] = fk_column("organisation.id", ondelete="SET NULL")
    referral_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|accepted|rejected|done
    details: Mapped[str | None] = mapped_column(Text)
    # The receiver's own case opened from this referral ("open as our case"; no foreign key: the
    # column is added in place to a referenced table), linked back to the sender's.
    opened_case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    case: Mapped[Case] = relationship(back_populates="referrals")


class SupportPlan(Base):
    __tablename__ = "support_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    spl_Type: Mapped[str] = mapped_column(String(64))
    spl_Objectives: Mapped[str | None] = mapped_column(Text)
    spl_ActionPlan: Mapped[str | None] = mapped_column(Text)
    spl_PlannedEndDate: Mapped[date | None] = mapped_column(Date)
    spl_ActualEndDate: Mapped[date | None] = mapped_column(Date)


class Consent(Base):
    """Consent to manage and share personal data (HTCDS con_Consent), with its scope."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    con_Consent: Mapped[bool] = mapped_column(Boolean)
    scope: Mapped[str] = mapped_column(String(64), default="case-management")
    recorded_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(16))  # written | verbal | guardian
    explained_by: Mapped[str | None] = mapped_column(String(200))  # the worker who explained it
    # A consent to share names what it covers (tipnet.sharing): the purposes and the partners (codes,
    # or "*" for any partner with an agreement for the purpose). Empty: no sharing with partners.
    purposes: Mapped[list[str] | None] = mapped_column(JSON)
    partners: Mapped[list[str] | None] = mapped_column(JSON)


class LegalProceeding(Base):
    """A suspect's path through justice: investigation, prosecution, trial, verdict."""

    __tablename__ = "legal_proceeding"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    stage: Mapped[str] = mapped_column(String(16))
    verdict: Mapped[str | None] = mapped_column(String(16))
    sentence_months: Mapped[int | None] = mapped_column(Integer)
    stage_date: Mapped[date | None] = mapped_column(Date)


class CaseComment(Base):
    __tablename__ = "case_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = fk_column("case.id", nullable=False)
    cco_CaseComment: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    case: Mapped[Case] = relationship(back_populates="comments")


class VictimAssessment(Base):
    """One victim-identification interview (an assessment): indicator grades given, the suggestion computed."""

    __tablename__ = "victim_assessment"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    assessed_on: Mapped[date | None] = mapped_column(Date)
    interviewer: Mapped[str] = mapped_column(String(100))
    is_child: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    suggested_status: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class AssessmentDraft(Base):
    """An assessment interview in progress, one step at a time: its author's ticks (codes, a date and
    the child flag; no free text) kept until saved, then discarded. One per person and author."""

    __tablename__ = "assessment_draft"
    __table_args__ = (UniqueConstraint("case_person_id", "author", name="uq_assessment_draft_author"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    author: Mapped[str] = mapped_column(String(100))
    step: Mapped[int] = mapped_column(Integer, default=1)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class FollowUp(Base):
    """A reintegration follow-up of a victim: when it is due, when done, what was found."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_person_id: Mapped[int] = fk_column("case_person.id", nullable=False)
    support_plan_id: Mapped[int | None] = fk_column("support_plan.id", ondelete="SET NULL")
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32), default="visit")
    notes: Mapped[str | None] = mapped_column(Text)


class CaseAssignment(Base):
    """Who in an organisation works a case ("my cases"): one worker per case and organisation, so
    the owner and a shelter holding an accepted referral each assign their own. Changes (taking,
    assigning, reassigning) are audited as updates of the case, which keeps their history."""

    __tablename__ = "case_assignment"
    __table_args__ = (UniqueConstraint("case_id", "org_id", name="uq_case_assignment_case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = fk_column("case.id", nullable=False)
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False)
    user_id: Mapped[int] = fk_column("user_account.id", nullable=False)
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    assigned_by: Mapped[str] = mapped_column(String(100))


class ApprovalRequest(Base):
    """A step waiting for a supervisor's sign-off (closing a case, a trafficking-status decision),
    where the organisation asks for one: what was asked (a code), by whom, and the answer."""

    __tablename__ = "approval_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = fk_column("case.id", nullable=False)
    org_id: Mapped[int] = fk_column("organisation.id", nullable=False)
    case_person_id: Mapped[int | None] = fk_column("case_person.id")
    step: Mapped[str] = mapped_column(String(32))  # closure | trafficking_status
    value: Mapped[str] = mapped_column(String(64))  # the status asked for (a code)
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|approved|rejected
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
