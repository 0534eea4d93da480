"""Legal proceedings of a suspect: investigation, prosecution, trial (verdict), closed."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tipnet.cases.scope import case_person, load_for_write
from tipnet.cases.validation import iso_date, vocab
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
    data: dict[str, Any],
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    """One step of a suspect's path: investigation, prosecution, trial (verdict), closed; sentence in months."""
    case = load_for_write(session, principal, case_id, Perm.PROCEEDING)
    cp = case_person(session, case, case_person_id)
    if cp.role != "Suspect":
        raise Invalid("legal proceedings are recorded for suspects")
    stage = vocab("legal_stage", data.get("stage"))
    if stage is None:
        raise Invalid("stage: required")
    verdict = vocab("verdict", data.get("verdict"))
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
        stage_date=iso_date("stage_date", data.get("stage_date")) or date.today(),
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
    return {"id": row.id}
