"""Which of the store's persons `tipnet pprl encode --stored` encodes: by their part in cases (victim,
suspect, witness) and the organisation that owns the case. Returns a select of person ids for the
linkage reader (`tipnet.linkage.store_records`), which opens sealed persons; no values here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.sources import Organisation

ROLES = ("victim", "suspect", "witness")


class SelectionError(ValueError):
    """A role or organisation that does not exist (the message names it)."""


def person_selection(session: Session, roles: Sequence[str], case_org: str | None) -> Select[Any] | None:
    """The person ids to encode, or None for every person of the store (persons imported from agency
    files included). A person in several cases is encoded once."""
    wanted = sorted({r.strip().lower() for r in roles})
    for r in wanted:
        if r not in ROLES:
            raise SelectionError(f"--role {r}: one of {', '.join(ROLES)}")
    if not wanted and case_org is None:
        return None
    stmt = select(CasePerson.person_id).distinct()
    if wanted:
        stmt = stmt.where(func.lower(CasePerson.role).in_(wanted))
    if case_org is not None:
        org_id = session.scalar(select(Organisation.id).where(Organisation.code == case_org))
        if org_id is None:
            raise SelectionError(f"--case-org {case_org}: no such organisation in the store")
        stmt = stmt.join(Case, Case.id == CasePerson.case_id).where(Case.org_id == org_id)
    return stmt
