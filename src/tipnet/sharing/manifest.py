"""What a bundle holds, pure: the records (HTCDS v2.0 field names), their FollowTheMoney entities and
the manifest (schema versions, purpose, retention date, sender, recipient, consent basis per record,
the fields sent and the fields withheld), built by the sender and checked by the receiver.

The agreement's field list is applied here: a field outside it never enters the record or its
entity, and the manifest names it as withheld (the name, never the value). The receiver checks
every record against the manifest and the shareable fields and rejects it naming record and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import followthemoney
from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.util import make_entity_id

from tipnet.sharing import htcds
from tipnet.sharing.agreements import PURPOSES, SHAREABLE_FIELDS
from tipnet.sharing.bundle import BundleRefused
from tipnet.vocab import VocabError
from tipnet.vocab.codelists import normalize_country, validate

MANIFEST_FORMAT = "tipnet-bundle-manifest/1"
HTCDS_VERSION = "2.0"
ROLES = ("Victim", "Suspect", "Witness")
_REF = re.compile(r"^[0-9a-f]{32}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODE_LISTS = {
    "prs_Gender": "prs_Gender",
    "vic_TraffickingStatus": "vic_TraffickingStatus",
    "vic_RelationshipToTrafficker": "vic_RelationshipToTrafficker",
    "vic_MethodOfRecruitment": "vic_MethodOfRecruitment",
    "vic_MethodsOfControl": "vic_MethodsOfControl",
    "vic_TypeOfExploitation": "vic_TypeOfExploitation",
    "vic_Vulnerabilities": "vic_Vulnerabilities",
    "vic_ForcedLabourIndustry": "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation": "vic_TypeOfSexExploitation",
    "per_RoleInProcess": "per_RoleInProcess",
}
_LISTS = {
    "phones",
    "prs_Citizenship",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_Vulnerabilities",
    "vic_TypeOfSexExploitation",
    "per_RoleInProcess",
}
_OBJECT_LISTS = {"addresses", "documents"}
_COUNTRIES = {"vic_LocationOfRecruitment", "vic_LocationOfExploitation"}
_INTEGERS = {"birth_year": (1880, 2100), "vic_AgeWhenTrafficked": (0, 120)}
ENTITY_NAMESPACE = "tipnet-share"


def schemas() -> dict[str, str]:
    return {"htcds": HTCDS_VERSION, "followthemoney": followthemoney.__version__}


def htcds_fault(role: str, values: dict[str, Any], document: Any) -> tuple[str, str] | None:
    """(field, why) when a record's HTCDS v2.0 document is invalid or is not its fields' document
    (a value the manifest does not list as sent, one changed on the way); None when it is both."""
    if document is None:
        return ("htcds", "no HTCDS v2.0 document")
    faults = htcds.errors(document)
    if faults:
        where, why = faults[0]
        return (f"htcds.{where}", why)
    if document != htcds.document(role, values):
        return ("htcds", "the HTCDS v2.0 document differs from the record's fields")
    return None


@dataclass
class Record:
    """One person's record as it goes into a bundle (already filtered by the agreement)."""

    ref: str
    role: str
    fields: dict[str, Any]
    withheld: list[str]
    consent: dict[str, Any]


def filter_fields(
    values: dict[str, Any], allowed: set[str] | frozenset[str]
) -> tuple[dict[str, Any], list[str]]:
    """(the values of allowed fields, the names of the present fields left out). Empty values are
    neither sent nor counted as withheld."""
    present = {k: v for k, v in values.items() if v not in (None, "", [], {})}
    kept = {k: v for k, v in present.items() if k in allowed and k in SHAREABLE_FIELDS}
    withheld = sorted(k for k in present if k not in kept)
    return kept, withheld


def entity(sender: str, record: Record) -> dict[str, Any]:
    """The record as a FollowTheMoney Person, from the fields sent only."""
    proxy = model.make_entity("Person")
    proxy.id = make_entity_id(ENTITY_NAMESPACE, sender, record.ref)
    f = record.fields
    parts = [f.get(k) for k in ("prs_FirstName", "prs_MiddleName", "prs_SecondName") if f.get(k)]
    if parts:
        proxy.add("name", " ".join(str(p) for p in parts))
    for key, prop in (
        ("full_name", "name"),
        ("name_native", "name"),
        ("prs_FirstName", "firstName"),
        ("prs_SecondName", "lastName"),
        ("prs_Birthdate", "birthDate"),
        ("prs_IdentityNumber", "idNumber"),
        ("prs_Email", "email"),
    ):
        if f.get(key):
            proxy.add(prop, str(f[key]))
    gender = {"Feminine": "female", "Masculine": "male"}.get(str(f.get("prs_Gender")))
    if gender:
        proxy.add("gender", gender)
    for country in f.get("prs_Citizenship") or []:
        proxy.add("nationality", country)
    for phone in f.get("phones") or []:
        proxy.add("phone", phone)
    for doc in f.get("documents") or []:
        if isinstance(doc, dict) and doc.get("document_number"):
            proxy.add(
                "passportNumber" if doc.get("document_type") == "P" else "idNumber", doc["document_number"]
            )
    proxy.add("topics", "role.victim" if record.role == "Victim" else "crime.traffick")
    if not proxy.get("name"):
        proxy.add("name", f"{record.role} {record.ref[:8]}")  # FtM needs a caption: the opaque reference
    return proxy.to_dict()


def manifest(
    *,
    bundle_id: str,
    kind: str,
    sender: str,
    recipient: str,
    created_at: datetime,
    purpose: str | None = None,
    retain_until: date | None = None,
    records: list[Record] | None = None,
    withdrawn: list[str] | None = None,
    referral: dict[str, Any] | None = None,
    part: tuple[int, int] | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "schemas": schemas(),
        "bundle_id": bundle_id,
        "kind": kind,
        "sender": sender,
        "recipient": recipient,
        "created_at": created_at.replace(microsecond=0).isoformat(),
    }
    if kind == "records":
        assert purpose is not None and retain_until is not None and records is not None
        doc["purpose"] = purpose
        doc["retain_until"] = retain_until.isoformat()
        doc["records"] = [
            {
                "ref": r.ref,
                "role": r.role,
                "fields": sorted(r.fields),
                "withheld": r.withheld,
                "consent": r.consent,
            }
            for r in records
        ]
        if referral is not None:
            doc["referral"] = referral
        if part is not None:  # (index, count): a part of a large bundle (tipnet.sharing.bundle.Parts)
            doc["part"] = {"index": part[0], "count": part[1]}
    else:
        doc["withdrawn"] = sorted(withdrawn or [])
    return doc


# --- the receiver's checks ----------------------------------------------------------------------


@dataclass
class Checked:
    """A bundle's payload, checked: the records to import and the rejects (record ref, field, why)."""

    manifest: dict[str, Any]
    created_at: datetime
    purpose: str | None
    retain_until: date | None
    records: list[Record] = field(default_factory=list)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)  # by record ref
    rejects: list[tuple[str, str, str]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    referral: dict[str, Any] | None = None


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BundleRefused(f"manifest.{what}: not a date") from None


def _value_error(name: str, value: Any) -> str | None:
    """Why `value` is not a valid value of field `name`, or None. Never echoes the value."""
    if name in _LISTS:
        if not isinstance(value, list) or len(value) > 50 or not all(isinstance(v, str) for v in value):
            return "expected a list of texts"
        if name in _CODE_LISTS:
            for v in value:
                try:
                    validate(_CODE_LISTS[name], v)
                except VocabError:
                    return "not a value of the HTCDS code list"
        if name == "prs_Citizenship":
            for v in value:
                try:
                    normalize_country(v)
                except VocabError:
                    return "not an ISO 3166 country code"
        if name == "phones" and any(len(v) > 32 for v in value):
            return "a phone longer than 32 characters"
        return None
    if name in _OBJECT_LISTS:
        if not isinstance(value, list) or len(value) > 20 or not all(isinstance(v, dict) for v in value):
            return "expected a list of objects"
        for item in value:
            if any(
                not isinstance(v, str | None) or (isinstance(v, str) and len(v) > 1000) for v in item.values()
            ):
                return "expected texts of at most 1000 characters"
        return None
    if name in _INTEGERS:
        low, high = _INTEGERS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"expected a whole number {low}-{high}"
        return None
    if not isinstance(value, str) or len(value) > 600:
        return "expected a text of at most 600 characters"
    if name == "prs_Birthdate" and not _PARTIAL_DATE.match(value):
        return "expected YYYY, YYYY-MM or YYYY-MM-DD"
    if name in _CODE_LISTS:
        try:
            validate(_CODE_LISTS[name], value)
        except VocabError:
            return "not a value of the HTCDS code list"
    if name in _COUNTRIES:
        try:
            normalize_country(value)
        except VocabError:
            return "not an ISO 3166 country code"
    return None


def check(payload: dict[str, Any], *, sender: str) -> Checked:
    """Check a verified payload. Whole-bundle faults raise BundleRefused; a bad record is a reject."""
    m = payload["manifest"]
    if m.get("format") != MANIFEST_FORMAT:
        raise BundleRefused("manifest: unknown format")
    versions = m.get("schemas") or {}
    if versions.get("htcds") != HTCDS_VERSION:
        raise BundleRefused(
            f"manifest.schemas.htcds: {versions.get('htcds')!r}, this install reads {HTCDS_VERSION}"
        )
    if not isinstance(m.get("bundle_id"), str) or not _REF.match(m["bundle_id"]):
        raise BundleRefused("manifest.bundle_id: missing or malformed")
    try:
        created = datetime.fromisoformat(str(m.get("created_at")))
    except ValueError:
        raise BundleRefused("manifest.created_at: not a time") from None
    if m.get("kind") == "withdrawal":
        refs = m.get("withdrawn")
        if not isinstance(refs, list) or not all(isinstance(r, str) and _REF.match(r) for r in refs):
            raise BundleRefused("manifest.withdrawn: expected record references")
        return Checked(manifest=m, created_at=created, purpose=None, retain_until=None, withdrawn=refs)
    purpose = m.get("purpose")
    if purpose not in PURPOSES:
        raise BundleRefused("manifest.purpose: not a known purpose")
    retain = _date(m.get("retain_until"), "retain_until")
    entries = m.get("records")
    records = payload.get("records")
    entities = payload.get("entities")
    if not isinstance(entries, list) or not isinstance(records, list) or not isinstance(entities, list):
        raise BundleRefused("payload: records, entities and manifest.records must be lists")
    if len(entries) != len(records):
        raise BundleRefused("payload: the manifest lists another number of records than the bundle holds")
    out = Checked(manifest=m, created_at=created, purpose=purpose, retain_until=retain)
    by_id = {e.get("id"): e for e in entities if isinstance(e, dict)}
    seen: set[str] = set()
    for i, (entry, rec) in enumerate(zip(entries, records, strict=True)):
        ref = entry.get("ref") if isinstance(entry, dict) else None
        where = ref if isinstance(ref, str) and _REF.match(ref) else f"records[{i}]"
        if where != ref:
            out.rejects.append((where, "ref", "missing or malformed reference"))
            continue
        if ref in seen:
            out.rejects.append((ref, "ref", "twice in the bundle"))
            continue
        seen.add(ref)
        if not isinstance(rec, dict) or rec.get("ref") != ref:
            out.rejects.append((ref, "ref", "record and manifest entry differ"))
            continue
        role = rec.get("role")
        if role not in ROLES or entry.get("role") != role:
            out.rejects.append((ref, "role", f"one of {', '.join(ROLES)}, as in the manifest"))
            continue
        values = rec.get("fields")
        if not isinstance(values, dict):
            out.rejects.append((ref, "fields", "expected an object"))
            continue
        listed = set(entry.get("fields") or [])
        withheld = set(entry.get("withheld") or [])
        bad = None
        for name in sorted(values):
            if name not in SHAREABLE_FIELDS:
                bad = (ref, name, "not a shareable HTCDS field")
            elif name not in listed or name in withheld:
                bad = (ref, name, "not listed as sent in the manifest")
            else:
                why = _value_error(name, values[name])
                bad = (ref, name, why) if why else None
            if bad:
                break
        if bad:
            out.rejects.append(bad)
            continue
        fault = htcds_fault(role, values, rec.get("htcds"))
        if fault:
            out.rejects.append((ref, *fault))
            continue
        consent = entry.get("consent")
        if (
            not isinstance(consent, dict)
            or consent.get("given") is not True
            or purpose not in (consent.get("purposes") or [])
        ):
            out.rejects.append((ref, "consent", "no consent basis covering the bundle's purpose"))
            continue
        expected_id = make_entity_id(ENTITY_NAMESPACE, sender, ref)
        ent = by_id.get(expected_id)
        if ent is None:
            out.rejects.append((ref, "entity", "no FollowTheMoney entity for the record"))
            continue
        try:
            proxy = model.get_proxy(ent, cleaned=False)
        except (FollowTheMoneyException, TypeError, ValueError, KeyError):
            out.rejects.append((ref, "entity", "not a valid FollowTheMoney entity"))
            continue
        if proxy.schema.name != "Person":
            out.rejects.append((ref, "entity", "expected a FollowTheMoney Person"))
            continue
        out.records.append(Record(ref, role, dict(values), sorted(withheld), dict(consent)))
        out.entities[ref] = proxy.to_dict()
    referral = m.get("referral")
    if referral is not None:
        if not isinstance(referral, dict) or not isinstance(referral.get("case_ref"), str):
            raise BundleRefused("manifest.referral: expected an object with case_ref")
        out.referral = referral
    return out
