"""The typed inputs of case management: what the API and the web forms hand to the case services,
in HTCDS field names.

An input model validates once, where data enters: shape and size (what the OpenAPI spec shows) and
the values themselves (HTCDS code lists, dates, free text, countries; tipnet.cases.validation), so a
service receives values already checked and normalized. A value that fails raises Invalid naming
the field (the API answers 422 with it, a page shows it), never echoing a person field's value;
`parse` turns any other validation failure of untrusted data (a form) into Invalid as well. Unknown
fields are refused. The responses are tipnet.cases.responses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from tipnet.cases import validation
from tipnet.cases.validation import CONSENT_METHODS, CONSENT_SCOPES, REFERRAL_STATUSES
from tipnet.errors import Invalid
from tipnet.vocab import VocabError, normalize_language

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate untrusted data (a form's fields) into `model`; Invalid names the first field that fails."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise Invalid(f"{where}: {first['msg']}") from None


# --- field checks -----------------------------------------------------------------------------
# Each runs before the field's type and size constraints, on text as a form or JSON gives it (any
# other type is left to those constraints), and raises Invalid with the field's name.


def _on_text(check: Callable[[str, Any], Any]) -> BeforeValidator:
    def run(value: Any, info: ValidationInfo) -> Any:
        return check(info.field_name or "", value) if isinstance(value, str) else value

    return BeforeValidator(run)


def _text(limit: int) -> BeforeValidator:
    return _on_text(lambda name, value: validation.text(name, value, limit))


_code = _on_text(validation.vocab)  # a field named as its code list


def _code_of(code_list: str) -> BeforeValidator:
    """A value of code list `code_list` (named in the message), for a field named otherwise."""
    return _on_text(lambda _field, value: validation.vocab(code_list, value))


_date = _on_text(validation.iso_date)


def _codes_check(name: str, values: Any) -> Any:
    if values is None:
        return []
    if isinstance(values, str) or (isinstance(values, list) and all(isinstance(v, str) for v in values)):
        return validation.vocab_many(name, values)
    return values


def _codes(value: Any, info: ValidationInfo) -> Any:
    return _codes_check(info.field_name or "", value)


def _whole(low: int, high: int, *, out_of_range: str = "out of range") -> BeforeValidator:
    def run(value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, str):
            return value
        name = info.field_name or ""
        if not value.strip():
            return None
        try:
            number = int(value)
        except ValueError:
            raise Invalid(f"{name}: expected a whole number") from None
        if not low <= number <= high:
            raise Invalid(f"{name}: {out_of_range}")
        return number

    return BeforeValidator(run)


def _yes_no(message: str, *, empty: bool | None = None) -> BeforeValidator:
    """A form's true/false, 1/0, yes/no, on/off; `empty` for no answer (None: an answer is required)."""

    def run(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            answer = validation.yes_no(value)
        except Invalid:
            raise Invalid(message) from None
        if answer is None:
            if empty is None:
                raise Invalid(message)
            return empty
        return answer

    return BeforeValidator(run)


def _one_of(name: str, allowed: tuple[str, ...], message: str) -> BeforeValidator:
    def run(value: Any) -> Any:
        if isinstance(value, str) and value not in allowed:
            raise Invalid(f"{name}: {message}")
        return value

    return BeforeValidator(run)


def _role(value: Any) -> Any:
    return validation.normalize_role(value) if isinstance(value, str) or value is None else value


def _status(value: Any) -> Any:
    return validation.normalize_status(value) if isinstance(value, str) or value is None else value


def _birthdate(value: Any) -> Any:
    return validation.partial_date(value) if isinstance(value, str) else value


def _countries(value: Any) -> Any:
    if isinstance(value, str):
        value = [c for c in re.split(r"[;, ]+", value) if c]
    if isinstance(value, list) and len(value) > 5:
        raise Invalid("prs_Citizenship: expected a list of country codes")
    if isinstance(value, list) and all(isinstance(c, str) for c in value):
        return [validation.country("prs_Citizenship", c) for c in value]
    return value


def _language(value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value or None
    try:
        return normalize_language(value)
    except VocabError:
        raise Invalid("prs_PrimaryLanguage: not an ISO 639 language") from None


def _country(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str) or not value:
        return value or None
    return validation.country(info.field_name or "", value)


def _phones(value: Any) -> Any:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 10:
        raise Invalid("phones: expected a list of at most 10 numbers")
    if all(isinstance(p, str) for p in value):
        return [p for p in (validation.text("phones", x, 32) for x in value) if p]
    return value


def _persons(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 50:
        raise Invalid("persons: expected a list of at most 50 persons")
    if isinstance(value, list) and not all(isinstance(p, dict | BaseModel) for p in value):
        raise Invalid("persons: expected objects")
    return value


Text300 = Annotated[str | None, _text(300)]
Code = Annotated[str | None, _code]
Codes = Annotated[list[str], BeforeValidator(_codes)]
OptionalCodes = Annotated[list[str] | None, BeforeValidator(_codes)]
Day = Annotated[date | None, _date]
Country = Annotated[str | None, BeforeValidator(_country)]


# --- inputs -----------------------------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonIn(Strict):
    """A person of a case: identifying fields (sealed for victims and witnesses) and HTCDS context."""

    role: Annotated[str, BeforeValidator(_role)] = Field(
        max_length=16, description="victim, suspect or witness"
    )
    prs_Salutation: Annotated[str | None, _text(300)] = Field(default=None, max_length=100)
    prs_FirstName: Text300 = Field(default=None, max_length=300)
    prs_MiddleName: Text300 = Field(default=None, max_length=300)
    prs_SecondName: Text300 = Field(default=None, max_length=300)
    name_native: Text300 = Field(default=None, max_length=300)
    prs_Birthdate: Annotated[str | None, BeforeValidator(_birthdate)] = Field(
        default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    prs_Gender: Code = Field(default=None, max_length=32)
    prs_Citizenship: Annotated[list[str], BeforeValidator(_countries)] = Field(
        default_factory=list, max_length=5
    )
    prs_PrimaryLanguage: Annotated[str | None, BeforeValidator(_language)] = Field(default=None, max_length=8)
    prs_IdentityNumber: Annotated[str | None, _text(64)] = Field(default=None, max_length=64)
    prs_Email: Text300 = Field(default=None, max_length=300)
    phones: Annotated[list[str], BeforeValidator(_phones)] = Field(default_factory=list, max_length=10)
    vic_TraffickingStatus: Code = Field(default=None, max_length=64)
    vic_RelationshipToTrafficker: Code = Field(default=None, max_length=64)
    vic_AgeWhenTrafficked: Annotated[int | None, _whole(0, 120)] = Field(default=None, ge=0, le=120)
    vic_MethodOfRecruitment: Codes = Field(default_factory=list, max_length=30)
    vic_MethodsOfControl: Codes = Field(default_factory=list, max_length=30)
    vic_TypeOfExploitation: Codes = Field(default_factory=list, max_length=30)
    vic_Vulnerabilities: Codes = Field(default_factory=list, max_length=30)
    vic_LocationOfRecruitment: Country = Field(default=None, max_length=3)
    vic_LocationOfExploitation: Country = Field(default=None, max_length=3)
    per_RoleInProcess: Codes = Field(default_factory=list, max_length=20)
    per_RoleDetails: Annotated[str | None, _text(2000)] = Field(default=None, max_length=2000)


class CaseIn(Strict):
    """A new case with its persons (at most 50)."""

    cas_Status: Annotated[str, BeforeValidator(_status)] = Field(
        default="Active", max_length=32, description='HTCDS value; "Open" means Active'
    )
    case_ref: Annotated[str | None, _text(200)] = Field(default=None, max_length=200)
    opened_on: Day = None
    persons: Annotated[list[PersonIn], BeforeValidator(_persons)] = Field(default_factory=list, max_length=50)


class CaseUpdate(Strict):
    """A status change. Closing needs the reason for closure, and `acknowledge_open_work` while
    follow-ups are overdue or referrals pending (tipnet.cases.worklist.close_blockers)."""

    cas_Status: Annotated[str | None, BeforeValidator(_status)] = Field(default=None, max_length=32)
    cas_ReasonForCaseClosure: Annotated[str | None, _text(2000)] = Field(default=None, max_length=2000)
    acknowledge_open_work: Annotated[bool, _yes_no("expected true or false", empty=False)] = False


class PersonUpdate(Strict):
    """Victim or perpetrator context; only the fields given change."""

    vic_TraffickingStatus: Code = Field(default=None, max_length=64)
    vic_RelationshipToTrafficker: Code = Field(default=None, max_length=64)
    vic_AgeWhenTrafficked: Annotated[int | None, _whole(0, 120)] = Field(default=None, ge=0, le=120)
    vic_MethodOfRecruitment: OptionalCodes = Field(default=None, max_length=30)
    vic_MethodsOfControl: OptionalCodes = Field(default=None, max_length=30)
    vic_TypeOfExploitation: OptionalCodes = Field(default=None, max_length=30)
    vic_Vulnerabilities: OptionalCodes = Field(default=None, max_length=30)
    per_RoleInProcess: OptionalCodes = Field(default=None, max_length=20)
    per_RoleDetails: Annotated[str | None, _text(2000)] = Field(default=None, max_length=2000)


# The context fields of a case person that PersonIn and PersonUpdate carry.
CONTEXT_FIELDS = tuple(name for name in PersonUpdate.model_fields if name.startswith(("vic_", "per_")))


class AssessmentIn(Strict):
    """A victim-identification interview: the indicators found, acts and forced-labour indicators."""

    is_child: Annotated[bool, _yes_no("expected true or false", empty=False)] = False
    assessed_on: Day = Field(
        default=None,
        validation_alias=AliasChoices("assessed_on", "screened_on"),
        description="YYYY-MM-DD (default today); `screened_on`, its name before API 1.1, is still read",
    )
    indicators: list[str] = Field(default_factory=list, max_length=80)
    acts: list[str] = Field(default_factory=list, max_length=5)
    forced_labour: list[str] = Field(default_factory=list, max_length=11)


_SHARE_CODE = re.compile(r"^(\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$")


def _share_codes(name: str) -> BeforeValidator:
    """Purposes or partner codes a consent to share covers: a list, or one text separated by commas."""

    def run(value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            value = [v for v in re.split(r"[;,\s]+", value) if v]
        if not isinstance(value, list) or len(value) > 20:
            raise Invalid(f"{name}: expected a list of at most 20 codes")
        if not all(isinstance(v, str) and _SHARE_CODE.match(v) for v in value):
            raise Invalid(f"{name}: codes of letters, digits, '.', '_' or '-' (or * for any)")
        return list(dict.fromkeys(value))

    return BeforeValidator(run)


class ConsentIn(Strict):
    con_Consent: Annotated[bool, _yes_no("con_Consent: expected true or false")]
    scope: Annotated[
        Literal["case-management", "sharing"],
        _one_of("scope", CONSENT_SCOPES, f"one of {', '.join(CONSENT_SCOPES)}"),
    ] = "sharing"
    recorded_on: Day = None
    method: Annotated[
        Literal["written", "verbal", "guardian"] | None,
        _one_of("method", CONSENT_METHODS, f"one of {', '.join(CONSENT_METHODS)}"),
    ] = Field(default=None, description="how it was given: written, verbal, by a guardian")
    explained_by: Annotated[str | None, _text(200)] = Field(
        default=None, max_length=200, description="who explained what the consent means (a worker)"
    )
    purposes: Annotated[list[str], _share_codes("purposes")] = Field(
        default_factory=list,
        max_length=20,
        description="sharing with partners: the purposes covered (victim-support, family-tracing, "
        "repatriation, investigation, prosecution, referral)",
    )
    partners: Annotated[list[str], _share_codes("partners")] = Field(
        default_factory=list,
        max_length=20,
        description="sharing with partners: the partner codes covered, or * for any partner with an "
        "agreement for the purpose",
    )


class ReferralIn(Strict):
    org: str = Field(max_length=64, description="code of the other organisation")
    direction: Annotated[Literal["in", "out"], _one_of("direction", ("in", "out"), "in or out")] = "out"
    reason: str | None = Field(
        default=None,
        max_length=64,
        description="HTCDS cas_ReasonForOutgoingReferral (out) or cas_ReasonForIncomingReferral (in)",
    )
    referral_date: Day = None
    details: Annotated[str | None, _text(2000)] = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _reason_of_its_direction(self) -> ReferralIn:
        code_list = (
            "cas_ReasonForOutgoingReferral" if self.direction == "out" else "cas_ReasonForIncomingReferral"
        )
        self.reason = validation.vocab(code_list, self.reason)
        return self


class ReferralStatusIn(Strict):
    status: Annotated[
        Literal["pending", "accepted", "rejected", "done"],
        _one_of("status", REFERRAL_STATUSES, f"one of {', '.join(REFERRAL_STATUSES)}"),
    ]


class SupportPlanIn(Strict):
    spl_Type: Annotated[str, _code] = Field(max_length=64)
    spl_Objectives: Annotated[str | None, _text(4000)] = Field(default=None, max_length=4000)
    spl_ActionPlan: Annotated[str | None, _text(4000)] = Field(default=None, max_length=4000)
    spl_PlannedEndDate: Day = None
    spl_ActualEndDate: Day = None

    @model_validator(mode="before")
    @classmethod
    def _type_required(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("spl_Type") in (None, ""):
            raise Invalid("spl_Type: required")
        return data


class FollowUpIn(Strict):
    due_on: Annotated[date, _date]
    done_on: Day = None
    kind: Annotated[str | None, _text(32)] = Field(default=None, max_length=32)
    notes: Annotated[str | None, _text(4000)] = Field(default=None, max_length=4000)
    support_plan_id: Annotated[int | None, _whole(1, 2**31 - 1)] = Field(default=None, ge=1, le=2**31 - 1)

    @model_validator(mode="before")
    @classmethod
    def _due_required(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("due_on") in (None, ""):
            raise Invalid("due_on: required")
        return data


class FollowUpDone(Strict):
    done_on: Day = None
    notes: Annotated[str | None, _text(4000)] = Field(default=None, max_length=4000)


class ProceedingIn(Strict):
    stage: Annotated[str, _code_of("legal_stage")] = Field(
        max_length=16, description="Investigation, Prosecution, Trial, Closed"
    )
    stage_date: Day = None
    verdict: Annotated[str | None, _code_of("verdict")] = Field(
        default=None, max_length=16, description="Convicted, Acquitted, Dismissed"
    )
    sentence_months: Annotated[int | None, _whole(0, 1200, out_of_range="only for a conviction, 0-1200")] = (
        Field(default=None, ge=0, le=1200)
    )

    @model_validator(mode="before")
    @classmethod
    def _stage_required(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("stage") in (None, ""):
            raise Invalid("stage: required")
        return data

    @model_validator(mode="after")
    def _verdict_and_sentence(self) -> ProceedingIn:
        if self.verdict and self.stage not in ("Trial", "Closed"):
            raise Invalid("verdict: only at trial or closure")
        if self.sentence_months is not None and self.verdict != "Convicted":
            raise Invalid("sentence_months: only for a conviction, 0-1200")
        return self
