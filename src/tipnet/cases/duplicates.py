"""Duplicate warnings: persons already in the caller's cases who resemble a person being registered.

Candidates come from the blind indexes (tipnet.security.sealing.similar); the matching core
(tipnet.matching) scores each against the new person and keeps those above its calibrated
threshold. Never beyond the caller's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.models import PersonIn
from tipnet.cases.responses import Duplicate
from tipnet.cases.validation import PERSON_TEXT
from tipnet.security import audit, sealing
from tipnet.security.keys import Keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import scoped_ids
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation


def identity_payload(person: PersonIn) -> dict[str, Any]:
    """The identifying fields of an incoming person (validated by PersonIn), as sealed or indexed."""
    payload: dict[str, Any] = {name: getattr(person, name) for name in PERSON_TEXT}
    payload["prs_Birthdate"] = person.prs_Birthdate
    payload["prs_IdentityNumber"] = person.prs_IdentityNumber
    payload["phones"] = person.phones
    parts = (person.prs_FirstName, person.prs_MiddleName, person.prs_SecondName)
    payload["full_name"] = " ".join(part for part in parts if part) or None
    return {k: v for k, v in payload.items() if v not in (None, [], "")}


def find_duplicates(
    session: Session,
    principal: Principal,
    payload: dict[str, Any],
    ring: Keyring | None,
    *,
    exclude: int,
    gender: str | None = None,
    citizenship: list[str] | None = None,
) -> list[Duplicate]:
    """Similar persons already in cases the caller can see (never beyond their scope).

    Candidates come from the blind indexes; the matching core (tipnet.matching) then scores each
    candidate against the new person and keeps those above its calibrated threshold.
    """
    scores = sealing.similar(session, payload, ring, exclude=exclude)
    if not scores:
        return []
    visible = scoped_ids(principal)
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
            out.append(Duplicate(case_id=case_id, case_person_id=cp_id, score=round(score, 2)))
    return sorted(out, key=lambda duplicate: -duplicate.score)


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


@dataclass(frozen=True)
class PossibleMatch:
    """A person already in a visible case who may be the one being registered, as the form shows
    them while it is filled in: enough to tell (both scripts, birth date, organisation, score)."""

    case_id: int
    case_person_id: int
    case_ref: str
    org: str | None
    role: str
    first_name: str | None
    second_name: str | None
    name_native: str | None
    birthdate: str | None
    score: float


def possible_matches(
    session: Session, principal: Principal, person: PersonIn, ring: Keyring | None, *, limit: int = 5
) -> list[PossibleMatch]:
    """Duplicates before saving: the persons of the caller's visible cases the matching core scores
    above its threshold against what is typed so far (the same check as on registering). Shows
    identities, so it needs person:identify, and is audited as a search (ids and counts only)."""
    require(principal, Perm.CASE_WRITE)
    require(principal, Perm.CASE_SEARCH)
    require(principal, Perm.PERSON_IDENTIFY)
    payload = identity_payload(person)
    found = find_duplicates(
        session,
        principal,
        payload,
        ring,
        exclude=-1,
        gender=person.prs_Gender,
        citizenship=person.prs_Citizenship,
    )[: max(1, min(limit, 20))]
    return _shown(session, principal, found, ring)


def matches_of_person(
    session: Session, principal: Principal, case_id: int, case_person_id: int, ring: Keyring | None
) -> list[PossibleMatch]:
    """The likely duplicates of a person already registered (the same check as while typing, on what
    was saved), so a worker can say "same person" or "different person" after registering, or
    without scripts. Scoped, needs person:identify, audited as a search (ids and counts only)."""
    from tipnet.cases.scope import case_person, load_case

    require(principal, Perm.CASE_WRITE)
    require(principal, Perm.PERSON_IDENTIFY)
    cp = case_person(session, load_case(session, principal, case_id), case_person_id)
    person = session.get(Person, cp.person_id)
    if person is None:
        return []
    payload = sealing.open_many(session, [person.id], ring).get(person.id, {})
    found = find_duplicates(
        session,
        principal,
        payload,
        ring,
        exclude=person.id,
        gender=person.prs_Gender,
        citizenship=list(person.prs_Citizenship or []),
    )
    found = [d for d in found if d.case_id != case_id][:20]
    return _shown(session, principal, found, ring)


def _shown(
    session: Session, principal: Principal, found: list[Duplicate], ring: Keyring | None
) -> list[PossibleMatch]:
    """The matches as the form shows them, the read audited once per matched case."""
    rows = {
        cp_id: (ref, code, role, pid)
        for cp_id, ref, code, role, pid in session.execute(
            select(CasePerson.id, Case.case_ref, Organisation.code, CasePerson.role, CasePerson.person_id)
            .join(Case, Case.id == CasePerson.case_id)
            .outerjoin(Organisation, Organisation.id == Case.org_id)
            .where(CasePerson.id.in_([d.case_person_id for d in found] or [-1]))
        )
    }
    idents = sealing.open_many(session, [r[3] for r in rows.values()], ring)
    out = []
    for dup in found:
        ref, code, role, pid = rows[dup.case_person_id]
        ident = idents.get(pid, {})
        out.append(
            PossibleMatch(
                case_id=dup.case_id,
                case_person_id=dup.case_person_id,
                case_ref=ref,
                org=code,
                role=role,
                first_name=ident.get("prs_FirstName"),
                second_name=ident.get("prs_SecondName"),
                name_native=ident.get("name_native"),
                birthdate=ident.get("prs_Birthdate"),
                score=dup.score,
            )
        )
    # One record per matched case, naming it: each owner's audit page and case history show the read.
    per_case: dict[int, int] = {}
    for m in out:
        per_case[m.case_id] = per_case.get(m.case_id, 0) + 1
    for cid, n in per_case.items():
        audit.record(
            session, principal.username, "search", "duplicate_check", details={"case": cid, "results": n}
        )
    if not per_case:
        audit.record(session, principal.username, "search", "duplicate_check", details={"results": 0})
    return out
