"""Request bodies in HTCDS field names. Unknown fields are refused; values are checked against the
code lists by tipnet.cases.service (422 with the field named)."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

Short = Field(default=None, max_length=300)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(Strict):
    role: str = Field(max_length=16, description="victim, suspect or witness")
    prs_Salutation: str | None = Field(default=None, max_length=100)
    prs_FirstName: str | None = Short
    prs_MiddleName: str | None = Short
    prs_SecondName: str | None = Short
    name_native: str | None = Short
    prs_Birthdate: str | None = Field(default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    prs_Gender: str | None = Field(default=None, max_length=32)
    prs_Citizenship: list[str] = Field(default_factory=list, max_length=5)
    prs_PrimaryLanguage: str | None = Field(default=None, max_length=8)
    prs_IdentityNumber: str | None = Field(default=None, max_length=64)
    prs_Email: str | None = Short
    phones: list[str] = Field(default_factory=list, max_length=10)
    vic_TraffickingStatus: str | None = Field(default=None, max_length=64)
    vic_RelationshipToTrafficker: str | None = Field(default=None, max_length=64)
    vic_AgeWhenTrafficked: int | None = Field(default=None, ge=0, le=120)
    vic_MethodOfRecruitment: list[str] = Field(default_factory=list, max_length=30)
    vic_MethodsOfControl: list[str] = Field(default_factory=list, max_length=30)
    vic_TypeOfExploitation: list[str] = Field(default_factory=list, max_length=30)
    vic_Vulnerabilities: list[str] = Field(default_factory=list, max_length=30)
    vic_LocationOfRecruitment: str | None = Field(default=None, max_length=3)
    vic_LocationOfExploitation: str | None = Field(default=None, max_length=3)
    per_RoleInProcess: list[str] = Field(default_factory=list, max_length=20)
    per_RoleDetails: str | None = Field(default=None, max_length=2000)


class CaseIn(Strict):
    cas_Status: str | None = Field(
        default=None, max_length=32, description='HTCDS value; "Open" means Active'
    )
    case_ref: str | None = Field(default=None, max_length=200)
    opened_on: str | None = Field(default=None, max_length=10)
    persons: list[PersonIn] = Field(default_factory=list, max_length=50)


class CaseUpdate(Strict):
    cas_Status: str | None = Field(default=None, max_length=32)
    cas_ReasonForCaseClosure: str | None = Field(default=None, max_length=2000)


class PersonUpdate(Strict):
    vic_TraffickingStatus: str | None = Field(default=None, max_length=64)
    vic_RelationshipToTrafficker: str | None = Field(default=None, max_length=64)
    vic_AgeWhenTrafficked: int | None = Field(default=None, ge=0, le=120)
    vic_MethodOfRecruitment: list[str] | None = Field(default=None, max_length=30)
    vic_MethodsOfControl: list[str] | None = Field(default=None, max_length=30)
    vic_TypeOfExploitation: list[str] | None = Field(default=None, max_length=30)
    vic_Vulnerabilities: list[str] | None = Field(default=None, max_length=30)
    per_RoleInProcess: list[str] | None = Field(default=None, max_length=20)
    per_RoleDetails: str | None = Field(default=None, max_length=2000)


class AssessmentIn(Strict):
    """A victim-identification interview: the indicators found, acts and forced-labour indicators."""

    is_child: bool = False
    assessed_on: str | None = Field(
        default=None,
        max_length=10,
        validation_alias=AliasChoices("assessed_on", "screened_on"),
        description="YYYY-MM-DD (default today); `screened_on`, its name before API 1.1, is still read",
    )
    indicators: list[str] = Field(default_factory=list, max_length=80)
    acts: list[str] = Field(default_factory=list, max_length=5)
    forced_labour: list[str] = Field(default_factory=list, max_length=11)


class ConsentIn(Strict):
    con_Consent: bool
    scope: Literal["case-management", "sharing"] = "sharing"
    recorded_on: str | None = Field(default=None, max_length=10)


class ReferralIn(Strict):
    org: str = Field(max_length=64, description="code of the other organisation")
    direction: Literal["in", "out"] = "out"
    reason: str | None = Field(default=None, max_length=64)
    referral_date: str | None = Field(default=None, max_length=10)
    details: str | None = Field(default=None, max_length=2000)


class ReferralStatusIn(Strict):
    status: Literal["pending", "accepted", "rejected", "done"]


class SupportPlanIn(Strict):
    spl_Type: str = Field(max_length=64)
    spl_Objectives: str | None = Field(default=None, max_length=4000)
    spl_ActionPlan: str | None = Field(default=None, max_length=4000)
    spl_PlannedEndDate: str | None = Field(default=None, max_length=10)
    spl_ActualEndDate: str | None = Field(default=None, max_length=10)


class FollowUpIn(Strict):
    due_on: str = Field(max_length=10)
    done_on: str | None = Field(default=None, max_length=10)
    kind: str | None = Field(default=None, max_length=32)
    notes: str | None = Field(default=None, max_length=4000)
    support_plan_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class FollowUpDone(Strict):
    done_on: str | None = Field(default=None, max_length=10)
    notes: str | None = Field(default=None, max_length=4000)


class ProceedingIn(Strict):
    stage: str = Field(max_length=16, description="Investigation, Prosecution, Trial, Closed")
    stage_date: str | None = Field(default=None, max_length=10)
    verdict: str | None = Field(default=None, max_length=16, description="Convicted, Acquitted, Dismissed")
    sentence_months: int | None = Field(default=None, ge=0, le=1200)


class Created(BaseModel):
    id: int
    duplicates: list[dict[str, object]] = Field(default_factory=list)
