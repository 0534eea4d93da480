"""Legal proceedings of a suspect: investigation, prosecution, trial (verdict), closed."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tipnet.cases.models import ProceedingIn
from tipnet.cases.responses import Created
from tipnet.cases.scope import case_person, load_for_write
from tipnet.errors import Invalid
from tipnet.security import audit
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import LegalProceeding


def add_proceeding(
    session: Session,
    principal: Principal,
    case_id: int,
    case_person_id: int,
    step: ProceedingIn,
    *,
    reason: str | None = None,
) -> Created:
    """One step of a suspect's path: investigation, prosecution, trial (verdict), closed; sentence in
    months (ProceedingIn checks the stage, the verdict and the sentence together)."""
    case = load_for_write(session, principal, case_id, Perm.PROCEEDING)
    cp = case_person(session, case, case_person_id)
    if cp.role != "Suspect":
        raise Invalid("legal proceedings are recorded for suspects")
    row = LegalProceeding(
        case_person_id=cp.id,
        stage=step.stage,
        verdict=step.verdict,
        sentence_months=step.sentence_months,
        stage_date=step.stage_date or date.today(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "create",
        "legal_proceeding",
        row.id,
        reason=reason,
        details={"case": case.id},
    )
    return Created(id=row.id)
