"""Validation of case values: HTCDS code lists (tipnet.vocab), dates, free text, countries and
languages. Each check raises Invalid naming the field, never echoing a person field's value."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tipnet.errors import Invalid
from tipnet.security import fields
from tipnet.vocab import VocabError, normalize_country, validate, validate_many

# "Open" is accepted as an alias of HTCDS "Active" (the documented example uses it).
STATUS_ALIASES = {"open": "Active"}
ROLE_ALIASES = {"victim": "Victim", "suspect": "Suspect", "witness": "Witness", "perpetrator": "Suspect"}
# The identifying columns a case worker types as free text: all but the full name (made from the
# parts), the birth date and the identity number (each with a rule of its own).
PERSON_TEXT = tuple(
    name
    for name in fields.IDENTIFYING_COLUMNS
    if name not in ("full_name", "prs_Birthdate", "prs_IdentityNumber")
)
VIC_LISTS = (
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
    "vic_ExploitationWebsitesAndApps",
    "vic_Vulnerabilities",
)
VIC_SINGLE = (
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_RelationshipToTrafficker",
)
REFERRAL_STATUSES = ("pending", "accepted", "rejected", "done")
CONSENT_SCOPES = ("case-management", "sharing")
CONSENT_METHODS = ("written", "verbal", "guardian")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def vocab(name: str, value: Any) -> str | None:
    """The canonical value of code list `name`, or None for no value."""
    if value in (None, ""):
        return None
    try:
        return validate(name, str(value))
    except VocabError:
        raise Invalid(f"{name}: not a value of the code list") from None


def vocab_many(name: str, values: Any) -> list[str]:
    """The canonical values of code list `name` (a list, or one text of separated values)."""
    if not values:
        return []
    try:
        return validate_many(name, values if isinstance(values, list) else str(values))
    except VocabError:
        raise Invalid(f"{name}: not values of the code list") from None


def iso_date(name: str, value: Any) -> date | None:
    """A YYYY-MM-DD date, or None for no value."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"{name}: expected a date YYYY-MM-DD") from None


def partial_date(value: Any) -> str | None:
    """A birth date as known: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date since 1900."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not _DATE.match(text):
        raise Invalid("prs_Birthdate: expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise Invalid("prs_Birthdate: not a calendar date") from None
    if not 1900 <= parts[0] <= date.today().year:
        raise Invalid("prs_Birthdate: year out of range")
    return text


def text(name: str, value: Any, limit: int = 300) -> str | None:
    """Free text, stripped, at most `limit` characters, no control characters but newline and tab."""
    if value is None:
        return None
    stripped = str(value).strip()
    if len(stripped) > limit:
        raise Invalid(f"{name}: longer than {limit} characters")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in stripped):
        raise Invalid(f"{name}: control characters")
    return stripped or None


def yes_no(value: Any) -> bool | None:
    """True, False or None (no answer) from a JSON boolean or a form's true/false, 1/0, yes/no, on/off."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    answer = str(value).strip().lower()
    if answer in ("true", "1", "yes", "on"):
        return True
    if answer in ("false", "0", "no", "off"):
        return False
    raise Invalid("expected true or false")


def country(name: str, value: Any) -> str:
    """An ISO 3166 alpha-3 country code."""
    try:
        return normalize_country(str(value))
    except VocabError:
        raise Invalid(f"{name}: not an ISO 3166 country code") from None


def normalize_status(value: Any) -> str:
    """An HTCDS case status (default Active; "Open" is Active)."""
    if value in (None, ""):
        return "Active"
    return STATUS_ALIASES.get(str(value).strip().lower()) or vocab("cas_Status", value) or "Active"


def normalize_role(value: Any) -> str:
    """Victim, Suspect or Witness (perpetrator is Suspect)."""
    role = ROLE_ALIASES.get(str(value or "").strip().lower())
    if role is None:
        raise Invalid("role: expected victim, suspect or witness")
    return role


# What identifies an incoming person (from the one list in security.fields; a salutation does not, and
# addresses and documents are not taken on a new case): a victim without any of these opens no case.
IDENTIFYING_INPUT = frozenset(fields.IDENTIFYING) - {"prs_Salutation", "addresses", "documents"}


def not_future(name: str, value: date | None) -> date | None:
    """A date that has happened: at most tomorrow (a day's slack for time zones)."""
    latest = date.today() + timedelta(days=1)
    if value is not None and value > latest:
        raise Invalid(f"{name}: in the future (at most {latest.isoformat()})")
    return value


def require_identifying(role: str, payload: dict[str, Any]) -> None:
    """A victim with nothing that identifies them opens no case (issue 14)."""
    if role == "Victim" and not any(payload.get(name) for name in IDENTIFYING_INPUT):
        raise Invalid(
            "persons: a victim needs at least one identifying field ("
            + ", ".join(sorted(IDENTIFYING_INPUT - {"full_name"}))
            + "); none given"
        )
