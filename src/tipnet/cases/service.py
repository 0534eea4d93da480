"""Case workflow services: every read and change of case data goes through here, so permission,
organisation scope, validation (tipnet.vocab), sealing of victim identities and audit are applied
once for the API and the web pages alike.

Scope: a user sees the cases their organisation opened and the cases referred to it (referral
pending, accepted or done); writes need the owner organisation or an accepted referral. A case
outside scope is reported as not found, never as forbidden, so ids reveal nothing.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from tipnet.cases import indicators
from tipnet.security import audit, fields, sealing
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.roles import Perm
from tipnet.security.users import Principal, find_org
from tipnet.store.tables.cases import (
    Case,
    CasePerson,
    Consent,
    FollowUp,
    LegalProceeding,
    Referral,
    Screening,
    SupportPlan,
)
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonSecret
from tipnet.store.tables.sources import Organisation
from tipnet.vocab import VocabError, normalize_country, normalize_language, validate, validate_many


class CaseError(Exception):
    """Base of the errors the API and pages turn into responses."""


class NotFound(CaseError):
    """No such object within the caller's scope."""


class Forbidden(CaseError):
    """The caller's role does not allow this, or the case is theirs to read but not to change."""


class Invalid(CaseError):
    """A value that fails validation; the message names the field, never the value of a person field."""


# "Open" is accepted as an alias of HTCDS "Active" (the documented example uses it).
STATUS_ALIASES = {"open": "Active"}
ROLE_ALIASES = {"victim": "Victim", "suspect": "Suspect", "witness": "Witness", "perpetrator": "Suspect"}
SEALED_ROLES = frozenset({"Victim", "Witness"})
REFERRAL_STATUSES = ("pending", "accepted", "rejected", "done")
VISIBLE_REFERRAL = ("pending", "accepted", "done")
CONSENT_SCOPES = ("case-management", "sharing")
# What identifies an incoming person: a victim without any of these opens no case.
IDENTIFYING_INPUT = frozenset(
    {"prs_FirstName", "prs_MiddleName", "prs_SecondName", "name_native", "prs_Birthdate",
     "prs_Email", "prs_IdentityNumber", "phones", "full_name"}
)  # fmt: skip

PERSON_TEXT = (
    "prs_Salutation",
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "name_native",
    "prs_Email",
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
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def require(principal: Principal, perm: Perm) -> None:
    if not principal.can(perm):
        raise Forbidden(f"role {principal.role} may not {perm.value}")


# --- scope ------------------------------------------------------------------------------------


def _referred_to(org_id: int) -> Any:
    return select(Referral.case_id).where(Referral.to_org_id == org_id, Referral.status.in_(VISIBLE_REFERRAL))


def visible_cases(principal: Principal) -> Any:
    """The SELECT of cases in the principal's scope."""
    return select(Case).where(
        or_(Case.org_id == principal.org_id, Case.id.in_(_referred_to(principal.org_id)))
    )


def _load_case(session: Session, principal: Principal, case_id: int, *options: Any) -> Case:
    require(principal, Perm.CASE_READ)
    stmt = visible_cases(principal).where(Case.id == case_id)
    if options:
        stmt = stmt.options(*options)
    case = session.scalar(stmt)
    if case is None:
        raise NotFound("case not found")
    return case


def _writable(session: Session, principal: Principal, case: Case) -> bool:
    if case.org_id == principal.org_id:
        return True
    stmt = select(Referral.id).where(
        Referral.case_id == case.id, Referral.to_org_id == principal.org_id, Referral.status == "accepted"
    )
    return session.scalar(stmt) is not None


def _load_for_write(session: Session, principal: Principal, case_id: int, perm: Perm) -> Case:
    case = _load_case(session, principal, case_id)
    require(principal, perm)
    if not _writable(session, principal, case):
        raise Forbidden("this case is shared with your organisation read-only")
    return case


def _case_person(session: Session, case: Case, case_person_id: int) -> CasePerson:
    cp = session.get(CasePerson, case_person_id)
    if cp is None or cp.case_id != case.id:
        raise NotFound("person not found in this case")
    return cp


# --- validation -------------------------------------------------------------------------------


def _vocab(name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return validate(name, str(value))
    except VocabError:
        raise Invalid(f"{name}: not a value of the code list") from None


def _vocab_many(name: str, values: Any) -> list[str]:
    if not values:
        return []
    try:
        return validate_many(name, values if isinstance(values, list) else str(values))
    except VocabError:
        raise Invalid(f"{name}: not values of the code list") from None


def _iso_date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"{name}: expected a date YYYY-MM-DD") from None


def _not_future(name: str, value: date | None) -> date | None:
    """A date that has happened: at most tomorrow (a day's slack for time zones)."""
    latest = date.today() + timedelta(days=1)
    if value is not None and value > latest:
        raise Invalid(f"{name}: in the future (at most {latest.isoformat()})")
    return value


def _partial_date(value: Any) -> str | None:
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


def _text(name: str, value: Any, limit: int = 300) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > limit:
        raise Invalid(f"{name}: longer than {limit} characters")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise Invalid(f"{name}: control characters")
    return text or None


def normalize_status(value: Any) -> str:
    if value in (None, ""):
        return "Active"
    return STATUS_ALIASES.get(str(value).strip().lower()) or _vocab("cas_Status", value) or "Active"


def normalize_role(value: Any) -> str:
    text = str(value or "").strip()
    role = ROLE_ALIASES.get(text.lower())
    if role is None:
        raise Invalid("role: expected victim, suspect or witness")
    return role


def _person_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The identifying fields of an incoming person, validated."""
    payload: dict[str, Any] = {name: _text(name, data.get(name)) for name in PERSON_TEXT}
    payload["prs_Birthdate"] = _partial_date(data.get("prs_Birthdate"))
    payload["prs_IdentityNumber"] = _text("prs_IdentityNumber", data.get("prs_IdentityNumber"), 64)
    phones = data.get("phones") or []
    if not isinstance(phones, list) or len(phones) > 10:
        raise Invalid("phones: expected a list of at most 10 numbers")
    payload["phones"] = [p for p in (_text("phones", x, 32) for x in phones) if p]
    first, second = payload.get("prs_FirstName"), payload.get("prs_SecondName")
    payload["full_name"] = " ".join(x for x in (first, payload.get("prs_MiddleName"), second) if x) or None
    return {k: v for k, v in payload.items() if v not in (None, [], "")}


def _apply_context(cp: CasePerson, data: dict[str, Any]) -> None:
    """Victim and perpetrator context fields (HTCDS vic_*/per_*), validated against the code lists."""
    for name in VIC_LISTS:
        if name in data:
            setattr(cp, name, _vocab_many(name, data[name]))
    for name in VIC_SINGLE:
        if name in data:
            setattr(cp, name, _vocab(name, data[name]))
    if "vic_AgreementToManagePersonalData" in data:
        cp.vic_AgreementToManagePersonalData = _bool(data["vic_AgreementToManagePersonalData"])
    if "vic_AgeWhenTrafficked" in data and data["vic_AgeWhenTrafficked"] not in (None, ""):
        try:
            age = int(data["vic_AgeWhenTrafficked"])
        except (TypeError, ValueError):
            raise Invalid("vic_AgeWhenTrafficked: expected a whole number") from None
        if not 0 <= age <= 120:
            raise Invalid("vic_AgeWhenTrafficked: out of range")
        cp.vic_AgeWhenTrafficked = age
    for name in ("vic_LocationOfRecruitment", "vic_LocationOfExploitation"):
        if data.get(name):
            setattr(cp, name, _country(name, data[name]))
    if "vic_ForcedLabourIndustry" in data:
        cp.vic_ForcedLabourIndustry = _vocab("vic_ForcedLabourIndustry", data["vic_ForcedLabourIndustry"])
    if "per_RoleInProcess" in data:
        cp.per_RoleInProcess = _vocab_many("per_RoleInProcess", data["per_RoleInProcess"])
    if "per_RoleDetails" in data:
        cp.per_RoleDetails = _text("per_RoleDetails", data["per_RoleDetails"], 2000)


def _bool(value: Any) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise Invalid("expected true or false")


def _country(name: str, value: Any) -> str:
    try:
        return normalize_country(str(value))
    except VocabError:
        raise Invalid(f"{name}: not an ISO 3166 country code") from None


# --- cases and persons ------------------------------------------------------------------------


def _new_person(
    session: Session, principal: Principal, case: Case, data: dict[str, Any], ring: Keyring | None
) -> tuple[CasePerson, list[dict[str, Any]]]:
    role = normalize_role(data.get("role"))
    payload = _person_payload(data)
    if role == "Victim" and not (set(payload) & IDENTIFYING_INPUT):
        raise Invalid(
            "persons: a victim needs at least one identifying field ("
            + ", ".join(sorted(IDENTIFYING_INPUT - {"full_name"}))
            + "); none given"
        )
    citizenship = data.get("prs_Citizenship") or []
    if isinstance(citizenship, str):
        citizenship = [c for c in re.split(r"[;, ]+", citizenship) if c]
    if not isinstance(citizenship, list) or len(citizenship) > 5:
        raise Invalid("prs_Citizenship: expected a list of country codes")
    language = data.get("prs_PrimaryLanguage")
    try:
        language = normalize_language(str(language)) if language else None
    except VocabError:
        raise Invalid("prs_PrimaryLanguage: not an ISO 639 language") from None
    birth = payload.get("prs_Birthdate")
    person = Person(
        prs_Gender=_vocab("prs_Gender", data.get("prs_Gender")),
        prs_Citizenship=[_country("prs_Citizenship", c) for c in citizenship],
        prs_PrimaryLanguage=language,
        birth_year=int(birth[:4]) if birth else None,
        # A new person has no related rows: say so, or sealing (which empties these) would first
        # load each collection from the database.
        names=[],
        phones=[],
        documents=[],
        addresses=[],
    )
    session.add(person)
    session.flush()
    warnings = _duplicates(
        session,
        principal,
        payload,
        ring,
        exclude=person.id,
        gender=person.prs_Gender,
        citizenship=person.prs_Citizenship,
    )
    if role in SEALED_ROLES:
        sealing.seal_person(session, person, payload, ring)
    else:
        for name in (*PERSON_TEXT, "full_name", "prs_Birthdate", "prs_IdentityNumber"):
            setattr(person, name, payload.get(name))
        sealing.index_person(session, person.id, payload, ring or load_keyring())
    cp = CasePerson(case_id=case.id, person_id=person.id, role=role)
    _apply_context(cp, data)
    session.add(cp)
    session.flush()
    return cp, warnings


def _duplicates(
    session: Session,
    principal: Principal,
    payload: dict[str, Any],
    ring: Keyring | None,
    *,
    exclude: int,
    gender: str | None = None,
    citizenship: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Similar persons already in cases the caller can see (never beyond their scope).

    Candidates come from the blind indexes; the matching core (tipnet.matching) then scores each
    candidate against the new person and keeps those above its calibrated threshold.
    """
    scores = sealing.similar(session, payload, ring, exclude=exclude)
    if not scores:
        return []
    visible = visible_cases(principal).with_only_columns(Case.id)
    rows = session.execute(
        select(CasePerson.id, CasePerson.case_id, CasePerson.person_id).where(
            CasePerson.person_id.in_(list(scores)), CasePerson.case_id.in_(visible)
        )
    ).all()
    if not rows:
        return []
    others = sealing.open_many(session, [pid for _, _, pid in rows], ring)
    details = {
        pid: (g, c)
        for pid, g, c in session.execute(
            select(Person.id, Person.prs_Gender, Person.prs_Citizenship).where(
                Person.id.in_([pid for _, _, pid in rows])
            )
        )
    }
    mine = _match_record(payload, gender, citizenship)
    out = []
    for cp_id, case_id, pid in rows:
        score: float | None = scores[pid]
        if mine is not None:
            theirs = _match_record(others.get(pid, {}), *details.get(pid, (None, None)))
            score = _match_probability(mine, theirs)
        if score is not None:
            out.append({"case_id": case_id, "case_person_id": cp_id, "score": round(score, 2)})
    return sorted(out, key=lambda d: -d["score"])


def _match_record(payload: dict[str, Any], gender: str | None, citizenship: list[str] | None) -> Any:
    """The matching core's prepared record of a person, or None when it cannot be built."""
    from tipnet.matching.record import RecordError, make_record, prepare_record

    names = [n for n in (payload.get("full_name"), payload.get("name_native")) if n]
    try:
        return prepare_record(
            make_record(
                names,
                birth_date=payload.get("prs_Birthdate"),
                nationality=list(citizenship or []),
                gender=gender,
                document_number=payload.get("prs_IdentityNumber"),
            )
        )
    except (RecordError, ValueError):
        return None


def _match_probability(mine: Any, theirs: Any) -> float | None:
    """The match probability if above the core's threshold; None below it or when not comparable."""
    from tipnet.matching.scoring import default_weights, score_pair

    if theirs is None:
        return None
    probability = score_pair(mine, theirs).probability
    return probability if probability >= default_weights().threshold else None


def create_case(
    session: Session,
    principal: Principal,
    data: dict[str, Any],
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """Open a case in the caller's organisation with its persons; returns id and duplicate warnings."""
    require(principal, Perm.CASE_WRITE)
    persons = data.get("persons") or []
    if not isinstance(persons, list) or len(persons) > 50:
        raise Invalid("persons: expected a list of at most 50 persons")
    if not persons:
        raise Invalid("persons: a case needs at least one person (none given)")
    ref = (
        _text("case_ref", data.get("case_ref"), 200)
        or f"TN-{date.today():%Y%m%d}-{secrets.token_hex(4).upper()}"
    )
    if session.scalar(select(Case.id).where(Case.org_id == principal.org_id, Case.case_ref == ref)):
        raise Invalid("case_ref: already used in your organisation")
    case = Case(
        org_id=principal.org_id,
        case_ref=ref,
        cas_Status=normalize_status(data.get("cas_Status")),
        cas_ReasonForCaseClosure=_text(
            "cas_ReasonForCaseClosure", data.get("cas_ReasonForCaseClosure"), 2000
        ),
        opened_on=_not_future("opened_on", _iso_date("opened_on", data.get("opened_on"))) or date.today(),
        source_type="cases",
    )
    session.add(case)
    session.flush()
    warnings: list[dict[str, Any]] = []
    for item in persons:
        if not isinstance(item, dict):
            raise Invalid("persons: expected objects")
        _cp, found = _new_person(session, principal, case, item, ring)
        warnings.extend(found)
    audit.record(
        session,
        principal.username,
        "create",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(persons)},
    )
    return {"id": case.id, "case_ref": case.case_ref, "duplicates": warnings}


def add_person(
    session: Session,
    principal: Principal,
    case_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    case = _load_for_write(session, principal, case_id, Perm.CASE_WRITE)
    cp, warnings = _new_person(session, principal, case, data, ring)
    audit.record(
        session, principal.username, "create", "case_person", cp.id, reason=reason, details={"case": case.id}
    )
    return {"id": cp.id, "duplicates": warnings}


def update_case(
    session: Session, principal: Principal, case_id: int, data: dict[str, Any], *, reason: str | None = None
) -> None:
    case = _load_for_write(session, principal, case_id, Perm.CASE_WRITE)
    if case.org_id != principal.org_id:
        raise Forbidden("only the organisation that opened a case changes its status")
    changed = []
    if "cas_Status" in data:
        case.cas_Status = normalize_status(data["cas_Status"])
        changed.append("cas_Status")
    if "cas_ReasonForCaseClosure" in data:
        case.cas_ReasonForCaseClosure = _text(
            "cas_ReasonForCaseClosure", data["cas_ReasonForCaseClosure"], 2000
        )
        changed.append("cas_ReasonForCaseClosure")
    audit.record(
        session, principal.username, "update", "case", case.id, reason=reason, details={"fields": changed}
    )


def update_person(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> None:
    """Change victim or perpetrator context; vic_TraffickingStatus is the case worker's decision."""
    perm = Perm.SCREEN if "vic_TraffickingStatus" in data else Perm.CASE_WRITE
    case = _load_for_write(session, principal, case_id, perm)
    cp = _case_person(session, case, case_person_id)
    _apply_context(cp, data)
    if data.get("vic_TraffickingStatus") and not cp.vic_TraffickingStatusDecisionMakingOrg:
        org = session.get(Organisation, principal.org_id)
        if org is not None and org.org_Type:
            with contextlib.suppress(VocabError):
                cp.vic_TraffickingStatusDecisionMakingOrg = validate(
                    "vic_TraffickingStatusDecisionMakingOrg", org.org_Type
                )
    audit.record(
        session,
        principal.username,
        "update",
        "case_person",
        cp.id,
        reason=reason,
        details={"case": case.id, "fields": sorted(k for k in data if k.startswith(("vic_", "per_")))},
    )


def _scoped_ids(session: Session, principal: Principal) -> Any:
    return visible_cases(principal).with_only_columns(Case.id)


def list_cases(
    session: Session,
    principal: Principal,
    *,
    query: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> list[dict[str, Any]]:
    """Cases in scope, newest first; `query` searches persons (names in any script, birth date,
    identity and phone numbers) through the blind indexes."""
    require(principal, Perm.CASE_READ)
    stmt = visible_cases(principal).order_by(Case.id.desc())
    if status:
        stmt = stmt.where(Case.cas_Status == normalize_status(status))
    if query and query.strip():
        require(principal, Perm.CASE_SEARCH)
        hits = sealing.search(session, query[:200], ring)
        hit_cases = select(CasePerson.case_id).where(CasePerson.person_id.in_(list(hits) or [-1]))
        stmt = stmt.where(Case.id.in_(hit_cases))
    stmt = stmt.limit(max(1, min(limit, 200))).offset(max(0, offset))
    # Columns, not ORM objects: a list must stay cheap (no JSON columns, one query per table; the
    # owning organisation's code comes with the case).
    cases = session.execute(
        stmt.with_only_columns(
            Case.id, Case.case_ref, Case.cas_Status, Case.opened_on, Case.org_id, Organisation.code
        ).outerjoin(Organisation, Organisation.id == Case.org_id)
    ).all()
    ids = [c.id for c in cases]
    persons = session.execute(
        select(
            CasePerson.id,
            CasePerson.case_id,
            CasePerson.person_id,
            CasePerson.role,
            CasePerson.vic_TraffickingStatus,
        )
        .where(CasePerson.case_id.in_(ids or [-1]))
        .order_by(CasePerson.id)
    ).all()
    identify = principal.can(Perm.PERSON_IDENTIFY)
    idents = sealing.open_many(session, [p.person_id for p in persons], ring) if identify else {}
    by_case: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for p in persons:
        ident = idents.get(p.person_id, {}) if identify else {"identity_withheld": True}
        by_case[p.case_id].append(
            {
                "id": p.id,
                "role": p.role,
                "prs_FirstName": ident.get("prs_FirstName"),
                "prs_SecondName": ident.get("prs_SecondName"),
                "name_native": ident.get("name_native"),
                "vic_TraffickingStatus": p.vic_TraffickingStatus,
            }
        )
    out = [
        {
            "id": c.id,
            "case_ref": c.case_ref,
            "cas_Status": c.cas_Status,
            "opened_on": c.opened_on.isoformat() if c.opened_on else None,
            "org": c.code,
            "access": "owner" if c.org_id == principal.org_id else "referred",
            "persons": by_case[c.id],
        }
        for c in cases
    ]
    audit.record(
        session,
        principal.username,
        "search" if query else "view",
        "case_list",
        reason=reason,
        details={"results": len(out), "case_ids": ids[:200]},
    )
    return out


# What get_case reads of a case, loaded eagerly (selectin: one query per relationship, any size).
_CASE_TREE = (
    joinedload(Case.org),
    selectinload(Case.persons).options(
        joinedload(CasePerson.person),
        selectinload(CasePerson.consents),
        selectinload(CasePerson.support_plans),
        selectinload(CasePerson.proceedings),
    ),
    selectinload(Case.referrals),
)


def _identities(
    session: Session, principal: Principal, people: list[Person], ring: Keyring | None
) -> dict[int, dict[str, Any]]:
    """The identifying fields of a case's persons (sealed ones unsealed) in one read of the secrets,
    plus one read per related table when some persons are in clear (suspects): not per person."""
    if not principal.can(Perm.PERSON_IDENTIFY):
        return {p.id: {"identity_withheld": True} for p in people}
    ids = [p.id for p in people]
    out: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(
            PersonSecret.person_id, PersonSecret.key_version, PersonSecret.nonce, PersonSecret.ciphertext
        ).where(PersonSecret.person_id.in_(ids or [-1]))
    ).all()
    if rows:
        ring = ring or load_keyring()
        for pid, version, nonce, ciphertext in rows:
            out[pid] = fields.unseal(ring, pid, version, nonce, ciphertext)
    clear = [pid for pid in ids if pid not in out]
    if clear:
        loaded = session.scalars(
            select(Person)
            .where(Person.id.in_(clear))
            .options(
                selectinload(Person.names),
                selectinload(Person.phones),
                selectinload(Person.documents),
                selectinload(Person.addresses),
            )
        )
        for person in loaded:
            out[person.id] = sealing.clear_payload(person)
    return out


def _d(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def get_case(
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """The whole case in HTCDS field names; audited as a view of victim data.

    The case's rows are loaded with a fixed number of queries whatever its number of persons
    (eager loading of the relationships, one query each for follow-ups and screenings), rather
    than several queries per person."""
    case = _load_case(session, principal, case_id, *_CASE_TREE)
    cp_ids = [cp.id for cp in case.persons]
    follow_ups: dict[int, list[FollowUp]] = {i: [] for i in cp_ids}
    for f in session.scalars(
        select(FollowUp).where(FollowUp.case_person_id.in_(cp_ids or [-1])).order_by(FollowUp.id)
    ):
        follow_ups[f.case_person_id].append(f)
    screenings: dict[int, list[Screening]] = {i: [] for i in cp_ids}
    for row in session.scalars(
        select(Screening).where(Screening.case_person_id.in_(cp_ids or [-1])).order_by(Screening.id)
    ):
        screenings[row.case_person_id].append(row)
    out: dict[str, Any] = {
        "id": case.id,
        "case_ref": case.case_ref,
        "cas_Status": case.cas_Status,
        "opened_on": case.opened_on.isoformat() if case.opened_on else None,
        "org": case.org.code if case.org else None,
        "access": "owner" if case.org_id == principal.org_id else "referred",
    }
    out["cas_ReasonForCaseClosure"] = case.cas_ReasonForCaseClosure
    out["writable"] = _writable(session, principal, case) and principal.can(Perm.CASE_WRITE)
    persons = []
    idents = _identities(session, principal, [cp.person for cp in case.persons], ring)
    for cp in case.persons:
        person = cp.person
        entry: dict[str, Any] = {"id": cp.id, "person_id": person.id, "role": cp.role}
        ident = idents[person.id]
        entry.update({k: v for k, v in ident.items() if k != "aliases"})
        entry.update(
            {
                "prs_Gender": person.prs_Gender,
                "prs_Citizenship": person.prs_Citizenship or [],
                "prs_PrimaryLanguage": person.prs_PrimaryLanguage,
                "birth_year": person.birth_year,
            }
        )
        for name in (*VIC_SINGLE, *VIC_LISTS, "vic_AgreementToManagePersonalData", "vic_AgeWhenTrafficked"):
            entry[name] = getattr(cp, name)
        for name in ("vic_LocationOfRecruitment", "vic_LocationOfExploitation", "vic_ForcedLabourIndustry"):
            entry[name] = getattr(cp, name)
        entry["per_RoleInProcess"] = cp.per_RoleInProcess or []
        entry["per_RoleDetails"] = cp.per_RoleDetails
        entry["consents"] = [
            {"id": c.id, "con_Consent": c.con_Consent, "scope": c.scope, "recorded_on": _d(c.recorded_on)}
            for c in sorted(cp.consents, key=lambda c: c.id)
        ]
        entry["support_plans"] = [
            {
                "id": s.id,
                "spl_Type": s.spl_Type,
                "spl_Objectives": s.spl_Objectives,
                "spl_ActionPlan": s.spl_ActionPlan,
                "spl_PlannedEndDate": _d(s.spl_PlannedEndDate),
                "spl_ActualEndDate": _d(s.spl_ActualEndDate),
            }
            for s in sorted(cp.support_plans, key=lambda s: s.id)
        ]
        entry["follow_ups"] = [
            {
                "id": f.id,
                "support_plan_id": f.support_plan_id,
                "due_on": _d(f.due_on),
                "done_on": _d(f.done_on),
                "kind": f.kind,
                "notes": f.notes,
            }
            for f in follow_ups[cp.id]
        ]
        entry["proceedings"] = [
            {
                "id": p.id,
                "stage": p.stage,
                "stage_date": _d(p.stage_date),
                "verdict": p.verdict,
                "sentence_months": p.sentence_months,
            }
            for p in sorted(cp.proceedings, key=lambda p: p.id)
        ]
        entry["screenings"] = [
            {
                "id": s.id,
                "screened_on": _d(s.screened_on),
                "interviewer": s.interviewer,
                "is_child": s.is_child,
                "suggestion": s.suggested_status,
                "result": s.result,
            }
            for s in screenings[cp.id]
        ]
        persons.append(entry)
    out["persons"] = persons
    org_ids = {i for r in case.referrals for i in (r.from_org_id, r.to_org_id) if i is not None}
    orgs = (
        dict(
            session.execute(
                select(Organisation.id, Organisation.code).where(Organisation.id.in_(org_ids))
            ).all()
        )
        if org_ids
        else {}
    )
    out["referrals"] = [
        {
            "id": r.id,
            "direction": r.direction,
            "from_org": orgs.get(r.from_org_id or -1),
            "to_org": orgs.get(r.to_org_id or -1),
            "referral_date": _d(r.referral_date),
            "reason": r.reason,
            "status": r.status,
            "details": r.details,
        }
        for r in sorted(case.referrals, key=lambda r: r.id)
    ]
    audit.record(
        session,
        principal.username,
        "view",
        "case",
        case.id,
        reason=reason,
        details={"persons": len(persons), "identities": principal.can(Perm.PERSON_IDENTIFY)},
    )
    return out


# --- screening --------------------------------------------------------------------------------


def screen(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record a screening interview and return its assessment (a suggestion only)."""
    case = _load_for_write(session, principal, case_id, Perm.SCREEN)
    cp = _case_person(session, case, case_person_id)
    if cp.role != "Victim":
        raise Invalid("screening is for victims (presumed or possible)")
    codes = [str(c) for c in data.get("indicators") or []]
    acts = [str(c) for c in data.get("acts") or []]
    fl = [str(c) for c in data.get("forced_labour") or []]
    is_child = bool(_bool(data.get("is_child")))
    if not is_child and cp.person.birth_year and date.today().year - cp.person.birth_year < 18:
        is_child = True
    try:
        result = indicators.assess(codes, is_child=is_child, acts=acts, forced_labour=fl)
    except indicators.IndicatorError as exc:
        raise Invalid(str(exc)) from None
    row = Screening(
        case_person_id=cp.id,
        screened_on=_iso_date("screened_on", data.get("screened_on")) or date.today(),
        interviewer=principal.username,
        is_child=is_child,
        answers={
            "indicators": sorted(set(codes)),
            "acts": sorted(set(acts)),
            "forced_labour": sorted(set(fl)),
        },
        result=result,
        suggested_status=result["suggestion"],
    )
    session.add(row)
    session.flush()
    audit.record(
        session, principal.username, "create", "screening", row.id, reason=reason, details={"case": case.id}
    )
    return {"id": row.id, **result}


# --- consent, referrals -----------------------------------------------------------------------


def add_consent(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = _load_for_write(
        session, principal, case_id, Perm.SUPPORT if principal.can(Perm.SUPPORT) else Perm.REFERRAL
    )
    cp = _case_person(session, case, case_person_id)
    given = _bool(data.get("con_Consent"))
    if given is None:
        raise Invalid("con_Consent: expected true or false")
    scope = str(data.get("scope") or "sharing")
    if scope not in CONSENT_SCOPES:
        raise Invalid(f"scope: one of {', '.join(CONSENT_SCOPES)}")
    row = Consent(
        case_person_id=cp.id,
        con_Consent=given,
        scope=scope,
        recorded_on=_iso_date("recorded_on", data.get("recorded_on")) or date.today(),
    )
    session.add(row)
    if scope == "case-management":
        cp.vic_AgreementToManagePersonalData = given
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "consent",
        row.id,
        reason=reason,
        details={"case": case.id, "given": given},
    )
    return {"id": row.id}


def sharing_consented(session: Session, case: Case) -> bool:
    """Whether every victim of the case gave consent to share, by their latest word on it."""
    victims = [cp.id for cp in case.persons if cp.role == "Victim"]
    if not victims:
        return True
    latest: dict[int, bool] = {}
    for cp_id, given in session.execute(
        select(Consent.case_person_id, Consent.con_Consent)
        .where(Consent.case_person_id.in_(victims), Consent.scope == "sharing")
        .order_by(Consent.id)
    ):
        latest[cp_id] = bool(given)
    return all(latest.get(cp_id, False) for cp_id in victims)


def refer(
    session: Session, principal: Principal, case_id: int, data: dict[str, Any], *, reason: str | None = None
) -> dict[str, Any]:
    """Refer a case out to another organisation (needs the victims' consent to share), or record an
    incoming referral from one."""
    case = _load_for_write(session, principal, case_id, Perm.REFERRAL)
    direction = str(data.get("direction") or "out")
    if direction not in ("in", "out"):
        raise Invalid("direction: in or out")
    other = find_org(session, str(data.get("org") or ""))
    if other is None:
        raise Invalid("org: no such organisation")
    if other.id == principal.org_id:
        raise Invalid("org: refer to another organisation")
    if direction == "out":
        if not sharing_consented(session, case):
            raise Forbidden("no consent to share recorded for every victim of this case")
        from_id, to_id = principal.org_id, other.id
        code = _vocab("cas_ReasonForOutgoingReferral", data.get("reason"))
        status = "pending"
    else:
        from_id, to_id = other.id, principal.org_id
        code = _vocab("cas_ReasonForIncomingReferral", data.get("reason"))
        status = "accepted"
    row = Referral(
        case_id=case.id,
        direction=direction,
        from_org_id=from_id,
        to_org_id=to_id,
        referral_date=_iso_date("referral_date", data.get("referral_date")) or date.today(),
        reason=code,
        status=status,
        details=_text("details", data.get("details"), 2000),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "referral",
        row.id,
        reason=reason,
        details={"case": case.id, "to_org": to_id},
    )
    return {"id": row.id, "status": row.status}


def set_referral_status(
    session: Session, principal: Principal, referral_id: int, status: str, *, reason: str | None = None
) -> dict[str, Any]:
    """The receiving organisation accepts or rejects a pending referral; either side closes an accepted one."""
    require(principal, Perm.REFERRAL)
    row = session.get(Referral, referral_id)
    if row is None:
        raise NotFound("referral not found")
    _load_case(session, principal, row.case_id)  # 404 outside scope
    if status not in REFERRAL_STATUSES:
        raise Invalid(f"status: one of {', '.join(REFERRAL_STATUSES)}")
    receiving = row.to_org_id == principal.org_id
    sending = row.from_org_id == principal.org_id
    allowed_moves = {
        ("pending", "accepted"): receiving,
        ("pending", "rejected"): receiving,
        ("accepted", "done"): receiving or sending,
    }
    if not allowed_moves.get((row.status, status)):
        raise Forbidden(f"cannot move a referral from {row.status} to {status}")
    row.status = status
    audit.record(
        session, principal.username, "update", "referral", row.id, reason=reason, details={"status": status}
    )
    return {"id": row.id, "status": row.status}


# --- support, follow-ups, proceedings ---------------------------------------------------------


def _created(
    session: Session, principal: Principal, row: Any, kind: str, case_id: int, reason: str | None
) -> dict[str, Any]:
    """Store a new row of a case and audit its creation; the API answers with its id."""
    session.add(row)
    session.flush()
    audit.record(
        session, principal.username, "create", kind, row.id, reason=reason, details={"case": case_id}
    )
    return {"id": row.id}


def add_support_plan(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = _load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = _case_person(session, case, case_person_id)
    if cp.role != "Victim":
        raise Invalid("support plans are for victims")
    spl_type = _vocab("spl_Type", data.get("spl_Type"))
    if spl_type is None:
        raise Invalid("spl_Type: required")
    row = SupportPlan(
        case_person_id=cp.id,
        spl_Type=spl_type,
        spl_Objectives=_text("spl_Objectives", data.get("spl_Objectives"), 4000),
        spl_ActionPlan=_text("spl_ActionPlan", data.get("spl_ActionPlan"), 4000),
        spl_PlannedEndDate=_iso_date("spl_PlannedEndDate", data.get("spl_PlannedEndDate")),
        spl_ActualEndDate=_iso_date("spl_ActualEndDate", data.get("spl_ActualEndDate")),
    )
    return _created(session, principal, row, "support_plan", case.id, reason)


def add_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    case = _load_for_write(session, principal, case_id, Perm.SUPPORT)
    cp = _case_person(session, case, case_person_id)
    due = _iso_date("due_on", data.get("due_on"))
    if due is None:
        raise Invalid("due_on: required")
    plan_id = data.get("support_plan_id")
    if plan_id not in (None, ""):
        plan = session.get(SupportPlan, int(plan_id))
        if plan is None or plan.case_person_id != cp.id:
            raise Invalid("support_plan_id: not a plan of this person")
        plan_id = plan.id
    else:
        plan_id = None
    row = FollowUp(
        case_person_id=cp.id,
        support_plan_id=plan_id,
        due_on=due,
        done_on=_iso_date("done_on", data.get("done_on")),
        kind=_text("kind", data.get("kind"), 32) or "visit",
        notes=_text("notes", data.get("notes"), 4000),
    )
    session.add(row)
    session.flush()
    audit.record(
        session, principal.username, "create", "follow_up", row.id, reason=reason, details={"case": case.id}
    )
    return {"id": row.id}


def complete_follow_up(
    session: Session,
    principal: Principal,
    case_id: int,
    follow_up_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> None:
    case = _load_for_write(session, principal, case_id, Perm.SUPPORT)
    row = session.get(FollowUp, follow_up_id)
    if row is None:
        raise NotFound("follow-up not found")
    _case_person(session, case, row.case_person_id)
    row.done_on = _iso_date("done_on", data.get("done_on")) or date.today()
    if data.get("notes"):
        row.notes = _text("notes", data.get("notes"), 4000)
    audit.record(
        session, principal.username, "update", "follow_up", row.id, reason=reason, details={"case": case.id}
    )


def add_proceeding(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    """One step of a suspect's path: investigation, prosecution, trial (verdict), closed; sentence in months."""
    case = _load_for_write(session, principal, case_id, Perm.PROCEEDING)
    cp = _case_person(session, case, case_person_id)
    if cp.role != "Suspect":
        raise Invalid("legal proceedings are recorded for suspects")
    stage = _vocab("legal_stage", data.get("stage"))
    if stage is None:
        raise Invalid("stage: required")
    verdict = _vocab("verdict", data.get("verdict"))
    if verdict and stage not in ("Trial", "Closed"):
        raise Invalid("verdict: only at trial or closure")
    months = data.get("sentence_months")
    if months in (None, ""):
        months = None
    else:
        try:
            months = int(months)
        except (TypeError, ValueError):
            raise Invalid("sentence_months: expected a whole number") from None
        if verdict != "Convicted" or not 0 <= months <= 1200:
            raise Invalid("sentence_months: only for a conviction, 0-1200")
    row = LegalProceeding(
        case_person_id=cp.id,
        stage=stage,
        verdict=verdict,
        sentence_months=months,
        stage_date=_iso_date("stage_date", data.get("stage_date")) or date.today(),
    )
    return _created(session, principal, row, "legal_proceeding", case.id, reason)


def export_case(
    session: Session,
    principal: Principal,
    case_id: int,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """The case as HTCDS JSON for sharing; refused without every victim's consent to share."""
    case = _load_case(session, principal, case_id)
    require(principal, Perm.EXPORT)
    if not sharing_consented(session, case):
        raise Forbidden("no consent to share recorded for every victim of this case")
    doc = get_case(session, principal, case_id, reason=reason, ring=ring)
    audit.record(
        session,
        principal.username,
        "export",
        "case",
        case.id,
        reason=reason,
        details={"format": "htcds-json"},
    )
    return doc


def statistics(session: Session, principal: Principal) -> dict[str, Any]:
    """Aggregate counts of the caller's scope: no person data, for every role with stats:read."""
    require(principal, Perm.STATS_READ)
    from sqlalchemy import func

    ids = _scoped_ids(session, principal)
    by_status = dict(
        session.execute(
            select(Case.cas_Status, func.count()).where(Case.id.in_(ids)).group_by(Case.cas_Status)
        ).all()
    )
    by_role = dict(
        session.execute(
            select(CasePerson.role, func.count()).where(CasePerson.case_id.in_(ids)).group_by(CasePerson.role)
        ).all()
    )
    verdicts = dict(
        session.execute(
            select(LegalProceeding.verdict, func.count())
            .join(CasePerson, CasePerson.id == LegalProceeding.case_person_id)
            .where(CasePerson.case_id.in_(ids), LegalProceeding.verdict.is_not(None))
            .group_by(LegalProceeding.verdict)
        ).all()
    )
    return {"cases_by_status": by_status, "persons_by_role": by_role, "verdicts": verdicts}
