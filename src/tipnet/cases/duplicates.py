"""Duplicate warnings: persons already in the caller's cases who resemble a person being registered.

Candidates come from the blind indexes (tipnet.security.sealing.similar); the matching core
(tipnet.matching) scores each against the new person and keeps those above its calibrated
threshold. Never beyond the caller's scope.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.responses import Duplicate
from tipnet.security import sealing
from tipnet.security.keys import Keyring
from tipnet.security.scope import scoped_ids
from tipnet.security.users import Principal
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.people import Person


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
