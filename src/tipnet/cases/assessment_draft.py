"""The assessment interview one step at a time: the basics and the acts, then one Delphi dimension per
step, then the forced-labour indicators, then the summary with its explained suggestion. What was
ticked is kept server-side as a draft per person and author, so leaving and coming back resumes; only
its author sees it, every read and change is audited, and saving goes through the one save path
(tipnet.cases.assessment) and discards the draft.

A draft holds codes, a date and the child flag, never free text, so nothing in it needs sealing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases import assessment, indicators
from tipnet.cases.models import AssessmentIn, parse
from tipnet.cases.responses import AssessmentResult
from tipnet.cases.scope import case_person, load_for_write
from tipnet.errors import Invalid
from tipnet.security import audit
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import AssessmentDraft, CasePerson


@dataclass(frozen=True)
class Step:
    """One step of the interview: `kind` is "basics", "dimension", "forced_labour" or "summary"."""

    number: int
    kind: str
    code: str
    field: str  # the answers' list this step ticks ("" for the summary)
    codes: frozenset[str]


def _steps() -> tuple[Step, ...]:
    acts = frozenset(code for code, _ in indicators.ACTS)
    steps = [Step(1, "basics", "basics", "acts", acts)]
    for dim in indicators.DIMENSIONS:
        codes = frozenset(i.code for i in dim.indicators)
        steps.append(Step(len(steps) + 1, "dimension", dim.code, "indicators", codes))
    fl = frozenset(code for code, _ in indicators.FORCED_LABOUR)
    steps.append(Step(len(steps) + 1, "forced_labour", "forced_labour", "forced_labour", fl))
    steps.append(Step(len(steps) + 1, "summary", "summary", "", frozenset()))
    return tuple(steps)


STEPS = _steps()


def step(number: int) -> Step:
    if not 1 <= number <= len(STEPS):
        raise Invalid(f"step: one of 1 to {len(STEPS)}")
    return STEPS[number - 1]


def empty() -> dict[str, Any]:
    return {"is_child": False, "assessed_on": None, "acts": [], "indicators": [], "forced_labour": []}


@dataclass(frozen=True)
class Draft:
    step: int
    answers: dict[str, Any]
    saved: bool  # a draft exists in the store (False: a fresh interview)


def _victim(session: Session, principal: Principal, case_id: int, cp_id: int) -> CasePerson:
    case = load_for_write(session, principal, case_id, Perm.ASSESS)
    cp = case_person(session, case, cp_id)
    if cp.role != "Victim":
        raise Invalid("the assessment is for victims (presumed or possible)")
    return cp


def _row(session: Session, cp_id: int, author: str) -> AssessmentDraft | None:
    return session.scalars(
        select(AssessmentDraft)
        .where(AssessmentDraft.case_person_id == cp_id, AssessmentDraft.author == author)
        .execution_options(populate_existing=True)  # as stored now, not as this session first saw it
    ).one_or_none()


def in_progress(session: Session, principal: Principal, case_person_ids: list[int]) -> dict[int, int]:
    """The principal's own drafts among these persons: case person id -> the step to resume at (for
    the case page's "resume" link; a step number, nothing of the answers)."""
    if not case_person_ids:
        return {}
    rows = session.execute(
        select(AssessmentDraft.case_person_id, AssessmentDraft.step).where(
            AssessmentDraft.case_person_id.in_(case_person_ids), AssessmentDraft.author == principal.username
        )
    )
    return {cp_id: number for cp_id, number in rows}


def load(
    session: Session, principal: Principal, case_id: int, cp_id: int, *, reason: str | None = None
) -> Draft:
    """The principal's own draft for this person (a fresh one if none); a stored draft's read is audited."""
    cp = _victim(session, principal, case_id, cp_id)
    row = _row(session, cp.id, principal.username)
    if row is None:
        return Draft(1, empty(), saved=False)
    audit.record(
        session,
        principal.username,
        "view",
        "assessment_draft",
        row.id,
        reason=reason,
        details={"case": case_id, "step": row.step},
    )
    return Draft(row.step, {**empty(), **row.answers}, saved=True)


def save_step(
    session: Session,
    principal: Principal,
    case_id: int,
    cp_id: int,
    number: int,
    fields: dict[str, Any],
    *,
    going_to: int,
    reason: str | None = None,
) -> Draft:
    """Keep one step's answers (replacing that step's earlier ticks) and where the author goes next.
    Unknown codes or a bad date are refused with the field named; nothing is kept then."""
    cp = _victim(session, principal, case_id, cp_id)
    this = step(number)
    going_to = step(going_to).number
    audit.serialise(session)  # two tabs: the second reads what the first saved, never a stale draft
    row = _row(session, cp.id, principal.username)
    answers = {**empty(), **(row.answers if row is not None else {})}
    if this.field:
        ticked = fields.get(this.field) or []
        ticked = [ticked] if isinstance(ticked, str) else list(ticked)
        unknown = sorted(set(ticked) - this.codes)
        if unknown:
            raise Invalid(f"{this.field}: unknown codes {', '.join(unknown)}")
        kept = [code for code in answers[this.field] if code not in this.codes]
        answers[this.field] = sorted(set(kept) | set(ticked))
    if this.kind == "basics":
        basics = parse(
            AssessmentIn,
            {k: fields[k] for k in ("is_child", "assessed_on") if fields.get(k) not in (None, "")},
        )
        answers["is_child"] = basics.is_child
        answers["assessed_on"] = basics.assessed_on.isoformat() if basics.assessed_on else None
    if row is None:
        row = AssessmentDraft(case_person_id=cp.id, author=principal.username, step=going_to, answers=answers)
        session.add(row)
        action = "create"
    else:
        row.step, row.answers, row.updated_at = going_to, answers, datetime.now(UTC).replace(tzinfo=None)
        action = "update"
    session.flush()
    audit.record(
        session,
        principal.username,
        action,
        "assessment_draft",
        row.id,
        reason=reason,
        details={"case": case_id, "step": number},
    )
    return Draft(going_to, answers, saved=True)


def interview(answers: dict[str, Any]) -> AssessmentIn:
    """The draft's answers as the one-page form would have posted them."""
    data = {**empty(), **answers}
    given: dict[str, Any] = {k: data[k] for k in ("acts", "indicators", "forced_labour")}
    given["is_child"] = bool(data["is_child"])
    if data["assessed_on"]:
        given["assessed_on"] = data["assessed_on"]
    return parse(AssessmentIn, given)


def preview(answers: dict[str, Any]) -> dict[str, Any]:
    """The suggestion the draft would get (pure: nothing written), for the summary step."""
    asked = interview(answers)
    return indicators.assess(
        asked.indicators, is_child=asked.is_child, acts=asked.acts, forced_labour=asked.forced_labour
    )


def save(
    session: Session, principal: Principal, case_id: int, cp_id: int, *, reason: str | None = None
) -> AssessmentResult:
    """Save the draft as an assessment (the one save path, audited there) and discard the draft."""
    cp = _victim(session, principal, case_id, cp_id)
    audit.serialise(session)  # a double-clicked save: the second finds the draft gone, saves nothing
    row = _row(session, cp.id, principal.username)
    if row is None:
        raise Invalid("no assessment in progress to save")
    result = assessment.assess_victim(
        session, principal, case_id, cp_id, interview(row.answers), reason=reason
    )
    discard(session, principal, case_id, cp_id, reason=reason)
    return result


def discard(
    session: Session, principal: Principal, case_id: int, cp_id: int, *, reason: str | None = None
) -> bool:
    """Drop the principal's draft for this person (audited); False if there was none."""
    cp = _victim(session, principal, case_id, cp_id)
    audit.serialise(session)
    row = _row(session, cp.id, principal.username)
    if row is None:
        return False
    draft_id = row.id
    session.delete(row)
    session.flush()
    audit.record(
        session,
        principal.username,
        "delete",
        "assessment_draft",
        draft_id,
        reason=reason,
        details={"case": case_id},
    )
    return True
