"""What the case services answer: the typed responses of the API (its response models) and what
the pages render. A person's identifying fields are set only when known and shown to the caller, so
an answer dumped with `exclude_unset` leaves the others out rather than giving them as nulls."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Duplicate(BaseModel):
    """A similar person already in a case the caller can see, scored by the matching core."""

    case_id: int
    case_person_id: int
    score: float


class TextWarning(BaseModel):
    """A free-text field just written names a person of the case ("name") or holds a phone number
    ("phone"). It was sealed like the victims' identities; the value itself is never echoed."""

    field: str
    mentions: list[str]
    sealed: bool = True


class Created(BaseModel):
    id: int
    duplicates: list[Duplicate] = Field(default_factory=list)
    text_warnings: list[TextWarning] = Field(default_factory=list)


class CaseCreated(Created):
    case_ref: str


class ReferralState(BaseModel):
    id: int
    status: str
    text_warnings: list[TextWarning] = Field(default_factory=list)


class DimensionResult(BaseModel):
    holds: bool
    strong: int
    medium: int
    weak: int
    indicators: list[str]


class ForcedLabourResult(BaseModel):
    present: list[str]
    count: int
    of: int


class AssessmentOutcome(BaseModel):
    """What tipnet.cases.indicators.assess finds in one interview (stored with it as JSON);
    `suggestion` (likely, possible, not_indicated) is advice only."""

    dimensions: dict[str, DimensionResult]
    elements: dict[str, bool]
    is_child: bool
    suggestion: str
    forced_labour: ForcedLabourResult


class AssessmentResult(AssessmentOutcome):
    """The answer to a recorded interview: its id and its outcome."""

    id: int


class PersonSummary(BaseModel):
    id: int
    role: str
    prs_FirstName: str | None = None
    prs_SecondName: str | None = None
    name_native: str | None = None
    vic_TraffickingStatus: str | None = None
    prs_Birthdate: str | None = None  # with the names: only for who may identify victims
    # What a search matched this person on (kinds, never values): name, phon (a name as it
    # sounds), birth, idno, phone. Empty outside a search.
    matched: list[str] = []


class CaseSummary(BaseModel):
    id: int
    case_ref: str
    cas_Status: str
    opened_on: str | None
    org: str | None
    next_due: str | None = None  # the nearest follow-up not done, if any
    access: Literal["owner", "referred"]
    persons: list[PersonSummary]


class ConsentOut(BaseModel):
    id: int
    con_Consent: bool
    scope: str
    recorded_on: str | None
    method: str | None = None
    explained_by: str | None = None
    purposes: list[str] = []
    partners: list[str] = []


class SupportPlanOut(BaseModel):
    id: int
    spl_Type: str
    spl_Objectives: str | None
    spl_ActionPlan: str | None
    spl_PlannedEndDate: str | None
    spl_ActualEndDate: str | None


class FollowUpOut(BaseModel):
    id: int
    support_plan_id: int | None
    due_on: str | None
    done_on: str | None
    kind: str
    notes: str | None


class ProceedingOut(BaseModel):
    id: int
    stage: str
    stage_date: str | None
    verdict: str | None
    sentence_months: int | None


class AssessmentOut(BaseModel):
    id: int
    assessed_on: str | None
    interviewer: str
    is_child: bool
    suggestion: str | None
    result: AssessmentOutcome


class Address(BaseModel):
    text: str | None = None
    country: str | None = None


class Document(BaseModel):
    document_type: str | None = None
    document_number: str | None = None
    issuing_state: str | None = None


class PersonOut(BaseModel):
    """A person of a case. The identifying fields (tipnet.security.fields.IDENTIFYING) are present
    only when known and the caller may identify victims; otherwise `identity_withheld` is."""

    id: int
    person_id: int
    role: str
    identity_withheld: bool | None = None
    prs_Salutation: str | None = None
    prs_FirstName: str | None = None
    prs_MiddleName: str | None = None
    prs_SecondName: str | None = None
    full_name: str | None = None
    name_native: str | None = None
    prs_Birthdate: str | None = None
    prs_IdentityNumber: str | None = None
    prs_Email: str | None = None
    phones: list[str] | None = None
    addresses: list[Address] | None = None
    documents: list[Document] | None = None
    prs_Gender: str | None
    prs_Citizenship: list[str]
    prs_PrimaryLanguage: str | None
    birth_year: int | None
    vic_TraffickingStatus: str | None
    vic_TraffickingStatusDecisionMakingOrg: str | None
    vic_RelationshipToTrafficker: str | None
    vic_RecruitmentWebsitesAndApps: list[str] | None
    vic_MethodOfRecruitment: list[str] | None
    vic_MethodsOfControl: list[str] | None
    vic_TypeOfExploitation: list[str] | None
    vic_TypeOfSexExploitation: list[str] | None
    vic_ExploitationWebsitesAndApps: list[str] | None
    vic_Vulnerabilities: list[str] | None
    vic_AgreementToManagePersonalData: bool | None
    vic_AgeWhenTrafficked: int | None
    vic_LocationOfRecruitment: str | None
    vic_LocationOfExploitation: str | None
    vic_ForcedLabourIndustry: str | None
    per_RoleInProcess: list[str]
    per_RoleDetails: str | None
    consents: list[ConsentOut]
    support_plans: list[SupportPlanOut]
    follow_ups: list[FollowUpOut]
    proceedings: list[ProceedingOut]
    assessments: list[AssessmentOut]


class ReferralOut(BaseModel):
    id: int
    direction: str
    from_org: str | None
    to_org: str | None
    referral_date: str | None
    reason: str | None
    status: str
    details: str | None


class CaseOut(BaseModel):
    """The whole case in HTCDS field names (also the HTCDS JSON of an export)."""

    id: int
    case_ref: str
    cas_Status: str
    opened_on: str | None
    org: str | None
    next_due: str | None = None  # the nearest follow-up not done, if any
    access: Literal["owner", "referred"]
    cas_ReasonForCaseClosure: str | None
    writable: bool
    persons: list[PersonOut]
    referrals: list[ReferralOut]
    # Free text (notes, details, objectives) is sealed and shown only to roles that identify
    # victims; for the others it is left empty and this is set.
    free_text_withheld: bool | None = None


class Statistics(BaseModel):
    """Aggregate counts of the caller's scope: no person data."""

    cases_by_status: dict[str, int]
    persons_by_role: dict[str, int]
    verdicts: dict[str, int]
