"""Each shared record as an HTCDS v2.0 document, and its validator (pure).

Source: IOM, Human Trafficking Case Data Standard (HTCDS) version 2.0, field dictionary
(`htcds-field-standards-2.0.csv` in /work/shared/reference/htcds/; "HTCDS by IOM", CC BY 4.0; no
endorsement by IOM implied). FIELDS below is its "Person", "Person - Victim Context", "Person -
Perpetrator Context" and "Consent" sections as the dictionary gives them (name, section, field type,
core); tests/sharing/test_htcds.py checks the table against the dictionary, field by field. Picklist
values come from tipnet's HTCDS code lists (tipnet.vocab, taken from the same standard).

The document of one record: `{"standard": "HTCDS", "version": "2.0", "person": {prs_...},
"victim": {vic_...} (a victim) or "perpetrator": {per_...} (a suspect), "consent": {"con_Consent":
true}, "extensions": {...}}`. Only the fields the record carries go in, which are already only the
consented and agreed ones: nothing is added here. What HTCDS has no field for, or types otherwise,
goes to `extensions` under tipnet's names: the full and native-script names, the birth year, a
partial birth date (HTCDS `Date` is a full date), identity documents, addresses beyond the first,
phones beyond two or not in E.164 form (the dictionary's regular expression), and the locations of
recruitment and exploitation (HTCDS makes them lookups to an organisation record, which cannot
travel between installs; tipnet holds countries there).

The validator is a JSON Schema (draft 2020-12) generated from FIELDS and the code lists, checked with
jsonschema-rs; its errors are reduced to the field's name and the kind of fault, never the value.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jsonschema_rs
import pycountry

from tipnet.vocab import VocabError
from tipnet.vocab.codelists import code_list, normalize_country

VERSION = "2.0"
PERSON = "Person"
VICTIM = "Person -  Victim Context"
PERPETRATOR = "Person -  Perpetrator Context"
CONSENT = "Consent"

# (section, field type, core) as in the HTCDS v2.0 field dictionary.
FIELDS: dict[str, tuple[str, str, bool]] = {
    "prs_Salutation": (PERSON, "Text", True),
    "prs_FirstName": (PERSON, "Text", True),
    "prs_MiddleName": (PERSON, "Text", False),
    "prs_SecondName": (PERSON, "Text", True),
    "prs_Birthdate": (PERSON, "Date", True),
    "prs_Gender": (PERSON, "Picklist", True),
    "prs_Deceased": (PERSON, "Checkbox", False),
    "prs_MaritalStatus": (PERSON, "Picklist", False),
    "prs_NumberOfChildren": (PERSON, "Number", False),
    "prs_PrimaryLanguage": (PERSON, "Picklist", False),
    "prs_SecondaryLanguage": (PERSON, "Picklist", False),
    "prs_HighestLevelOfEducation": (PERSON, "Picklist", False),
    "prs_Citizenship": (PERSON, "Multiselect Picklist", True),
    "prs_IdentityNumber": (PERSON, "Text", False),
    "prs_Title": (PERSON, "Text", True),
    "prs_Email": (PERSON, "Text", True),
    "prs_HomePhone": (PERSON, "Text", True),
    "prs_MobilePhone": (PERSON, "Text", True),
    "prs_MailingCity": (PERSON, "Text", True),
    "prs_MailingCountry": (PERSON, "Text", True),
    "prs_MailingState": (PERSON, "Text", True),
    "prs_MailingStreet": (PERSON, "Text", True),
    "prs_MailingPostalCode": (PERSON, "Text", True),
    "prs_MailingLongitude": (PERSON, "Number", False),
    "prs_MailingLatitude": (PERSON, "Number", False),
    "vic_AgreementToManagePersonalData": (VICTIM, "Checkbox", False),
    "vic_TraffickingStatus": (VICTIM, "Picklist", True),
    "vic_TraffickingStatusDecisionMakingOrg": (VICTIM, "Picklist", True),
    "vic_RelationshipToTrafficker": (VICTIM, "Picklist", False),
    "vic_AgeWhenTrafficked": (VICTIM, "Number", False),
    "vic_RecruitmentWebsitesAndApps": (VICTIM, "Multiselect Picklist", False),
    "vic_MethodOfRecruitment": (VICTIM, "Multiselect Picklist", True),
    "vic_LocationOfRecruitment": (VICTIM, "Lookup [to organisation]", True),
    "vic_MethodsOfControl": (VICTIM, "Multiselect Picklist", True),
    "vic_TypeOfExploitation": (VICTIM, "Multiselect Picklist", True),
    "vic_ForcedLabourIndustry": (VICTIM, "Picklist", True),
    "vic_TypeOfSexExploitation": (VICTIM, "Multiselect Picklist", True),
    "vic_LocationOfExploitation": (VICTIM, "Lookup [to organisation]", True),
    "vic_ExploitationWebsitesAndApps": (VICTIM, "Multiselect Picklist", False),
    "vic_Vulnerabilities": (VICTIM, "Multiselect Picklist", True),
    "vic_DetailsOfVulnerabilities": (VICTIM, "Long Text", True),
    "per_RoleInProcess": (PERPETRATOR, "Multiselect Picklist", False),
    "per_RoleDetails": (PERPETRATOR, "Long Text", False),
    "con_Consent": (CONSENT, "Checkbox", True),
}
_PART = {PERSON: "person", VICTIM: "victim", PERPETRATOR: "perpetrator", CONSENT: "consent"}
# The dictionary's note on phones: "E.164 ... Regular Expression: ^\+?[1-9]\d{1,14}$".
E164 = r"^\+?[1-9]\d{1,14}$"
_E164 = re.compile(E164)
_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
# Values the dictionary gives by reference to another standard.
_LANGUAGE = "ISO 639"  # prs_PrimaryLanguage, prs_SecondaryLanguage
_COUNTRY = "ISO 3166"  # prs_Citizenship (alpha-3, "two-letter country codes optional"), prs_MailingCountry
# tipnet's fields that HTCDS cannot hold as they are: carried under `extensions`.
_EXTENSIONS = (
    "full_name",
    "name_native",
    "birth_year",
    "documents",
    "addresses",
    "phones",
    "prs_Birthdate",
    "vic_LocationOfRecruitment",
    "vic_LocationOfExploitation",
)


def _alpha2(code: str) -> str | None:
    try:
        alpha3 = normalize_country(code, allow_icao=False)
    except VocabError:
        return None
    found = pycountry.countries.get(alpha_3=alpha3)
    return found.alpha_2 if found is not None else None


def document(role: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The HTCDS v2.0 document of one record from the fields it carries (already the consented,
    agreed ones); nothing else is added."""
    person: dict[str, Any] = {}
    context: dict[str, Any] = {}
    ext: dict[str, Any] = {}
    for name, value in fields.items():
        if name in FIELDS and name not in _EXTENSIONS:
            section = FIELDS[name][0]
            if section == PERSON:
                person[name] = value
            elif (section == VICTIM and role == "Victim") or (section == PERPETRATOR and role == "Suspect"):
                context[name] = value
            else:  # a context field of another role (a witness's): kept under tipnet's name
                ext[name] = value
    birth = fields.get("prs_Birthdate")
    if isinstance(birth, str) and re.match(_DATE, birth):
        person["prs_Birthdate"] = birth
    elif birth:
        ext["prs_Birthdate"] = birth  # YYYY or YYYY-MM: not an HTCDS Date
    phones = [p for p in fields.get("phones") or [] if isinstance(p, str)]
    e164 = [p for p in phones if _E164.match(p)]
    for name, phone in zip(("prs_MobilePhone", "prs_HomePhone"), e164, strict=False):
        person[name] = phone
    rest = [p for p in phones if p not in e164[:2]]
    if rest:
        ext["phones"] = rest
    addresses = [a for a in fields.get("addresses") or [] if isinstance(a, dict)]
    if addresses:
        first = addresses[0]
        if first.get("text"):
            person["prs_MailingStreet"] = first["text"]
        country = _alpha2(str(first.get("country") or "")) if first.get("country") else None
        if country:
            person["prs_MailingCountry"] = country
        if len(addresses) > 1 or (first.get("country") and not country):
            ext["addresses"] = addresses
    for name in ("full_name", "name_native", "birth_year", "documents"):
        if fields.get(name) not in (None, "", [], {}):
            ext[name] = fields[name]
    for name in ("vic_LocationOfRecruitment", "vic_LocationOfExploitation"):
        if fields.get(name):
            ext[name] = fields[name]
    doc: dict[str, Any] = {"standard": "HTCDS", "version": VERSION, "person": person}
    if role == "Victim":
        doc["victim"] = context
    elif role == "Suspect":
        doc["perpetrator"] = context
    doc["consent"] = {"con_Consent": True}  # only records whose consent covers the sharing travel
    if ext:
        doc["extensions"] = ext
    return doc


def _values(list_name: str) -> list[str]:
    return sorted(code_list(list_name))


def _field_schema(name: str, kind: str) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 600}
    if name in ("prs_PrimaryLanguage", "prs_SecondaryLanguage"):
        return {"type": "string", "pattern": "^[a-z]{2,3}$"}  # ISO 639-1 or 639-2 codes
    if name == "prs_Citizenship":
        return {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": "^[A-Z]{2,3}$"},  # ISO 3166 (alpha-3, alpha-2)
        }
    if name == "prs_MailingCountry":
        return {"type": "string", "pattern": "^[A-Z]{2}$"}  # "ISO 3166 ... two-letter country codes"
    if name in ("prs_MobilePhone", "prs_HomePhone"):
        return {"type": "string", "pattern": E164}
    if kind == "Date":
        return {"type": "string", "pattern": _DATE}
    if kind == "Checkbox":
        return {"type": "boolean"}
    if kind == "Number":
        return {
            "type": "number",
            "minimum": -180 if "itude" in name else 0,
            "maximum": 180 if "itude" in name else 150,
        }
    if kind == "Picklist":
        return {"type": "string", "enum": _values(name)}
    if kind == "Multiselect Picklist":
        return {"type": "array", "maxItems": 50, "uniqueItems": True, "items": {"enum": _values(name)}}
    if kind == "Long Text":
        return {**text, "maxLength": 4000}
    return text


def _part(section: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            n: _field_schema(n, kind)
            for n, (sec, kind, _core) in FIELDS.items()
            if sec == section and not kind.startswith("Lookup")
        },
    }


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a shared record's HTCDS v2.0 document."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://tipnet.example/schemas/htcds-2.0-shared-record.json",
        "title": "A shared record as an HTCDS v2.0 document (tipnet)",
        "type": "object",
        "required": ["standard", "version", "person", "consent"],
        "additionalProperties": False,
        "properties": {
            "standard": {"const": "HTCDS"},
            "version": {"const": VERSION},
            "person": _part(PERSON),
            "victim": _part(VICTIM),
            "perpetrator": _part(PERPETRATOR),
            "consent": {
                **_part(CONSENT),
                "required": ["con_Consent"],
                "properties": {"con_Consent": {"const": True}},
            },
            "extensions": {"type": "object"},
        },
        "not": {"required": ["victim", "perpetrator"]},
    }


@cache
def _validator() -> Any:
    return jsonschema_rs.validator_for(schema())


def errors(doc: Any) -> list[tuple[str, str]]:
    """(field, fault) of every way `doc` is not a valid HTCDS v2.0 document; never the value."""
    out: list[tuple[str, str]] = []
    for err in _validator().iter_errors(doc):
        path = [str(p) for p in err.instance_path if not isinstance(p, int)]
        kind = type(err.kind).__name__
        if kind == "AdditionalProperties":
            unexpected = err.kind.as_dict().get("unexpected") or []
            for name in unexpected:
                where = ".".join([*path, str(name)])
                out.append((where, "not a field of this HTCDS v2.0 section"))
            continue
        where = ".".join(path) or "document"
        out.append((where, _FAULTS.get(kind, "not valid under HTCDS v2.0")))
    return out


_FAULTS = {
    "Enum": "not a value of the HTCDS code list",
    "Pattern": "not in the form HTCDS v2.0 requires",
    "Type": "of the wrong type for its HTCDS field type",
    "Required": "a required part is missing",
    "Const": "not the value HTCDS v2.0 requires here",
    "Constant": "not the value HTCDS v2.0 requires here",
    "MaxLength": "too long",
    "MinLength": "empty",
    "Maximum": "out of range",
    "Minimum": "out of range",
    "MaxItems": "too many values",
    "MinItems": "no value",
    "UniqueItems": "a value twice",
    "Not": "a record is a victim's or a perpetrator's, not both",
}
