"""A case worker's day ("My work"): what waits for the principal's organisation, read in a few queries
rather than by opening every case. Referrals awaiting our answer, follow-ups due within a week or
overdue, open cases whose victims have no assessment or no decision, and open cases that cannot be
referred for lack of every victim's consent to share. Also what stands in the way of closing a
case (overdue follow-ups, pending referrals), which the closing step shows and checks.

Only references, dates and codes are read: no victim's identifying fields, so the list is cheap and
its audit entry (one "view" of the work list, with the case ids shown) says what was seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ScalarSelect, Select, distinct, exists, false, func, literal, not_, select
from sqlalchemy import case as sa_case
from sqlalchemy.orm import Session, aliased

from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import visible_cases
from tipnet.security.users import Principal
from tipnet.store.tables.cases import (
    ApprovalRequest,
    Case,
    CaseAssignment,
    CasePerson,
    Consent,
    FollowUp,
    Referral,
    VictimAssessment,
)
from tipnet.store.tables.sources import Organisation

DUE_WITHIN = timedelta(days=7)
CLOSED = ("Closed", "ClosedReferred")
LIMIT = 200  # per section: a day's work, not an export


@dataclass(frozen=True)
class AwaitingAnswer:
    referral_id: int
    case_id: int
    case_ref: str
    from_org: str
    from_org_name: str
    referral_date: date | None
    reason: str | None
    from_org_name_km: str | None = None


@dataclass(frozen=True)
class DueFollowUp:
    follow_up_id: int
    case_id: int
    case_ref: str
    due_on: date
    kind: str
    overdue: bool


@dataclass(frozen=True)
class CaseTodo:
    case_id: int
    case_ref: str
    what: str  # "no_assessment" | "no_decision" | "no_consent"


@dataclass(frozen=True)
class MyCase:
    case_id: int
    case_ref: str
    status: str
    next_due: date | None  # the earliest follow-up not done


@dataclass
class MyWork:
    awaiting: list[AwaitingAnswer] = field(default_factory=list)
    due: list[DueFollowUp] = field(default_factory=list)
    undecided: list[CaseTodo] = field(default_factory=list)
    blocked: list[CaseTodo] = field(default_factory=list)
    mine: list[MyCase] = field(default_factory=list)  # open cases assigned to the principal
    unassigned: list[CaseTodo] = field(default_factory=list)  # for those who assign (case:assign)

    @property
    def overdue(self) -> int:
        return sum(1 for f in self.due if f.overdue)

    @property
    def total(self) -> int:
        return len(self.awaiting) + len(self.due) + len(self.undecided) + len(self.blocked)

    def case_ids(self) -> list[int]:
        ids = [r.case_id for r in self.awaiting] + [r.case_id for r in self.due]
        ids += [r.case_id for r in (*self.undecided, *self.blocked, *self.unassigned)]
        ids += [r.case_id for r in self.mine]
        return list(dict.fromkeys(ids))


def _open_cases(principal: Principal) -> Select[int]:
    """Ids of the open cases the organisation works on: its own and those referred to it and accepted."""
    accepted = select(Referral.case_id).where(
        Referral.to_org_id == principal.org_id, Referral.status == "accepted"
    )
    return (
        visible_cases(principal)
        .with_only_columns(Case.id)
        .where(Case.cas_Status.not_in(CLOSED))
        .where((Case.org_id == principal.org_id) | Case.id.in_(accepted))
    )


def my_work(
    session: Session, principal: Principal, *, today: date | None = None, audited: bool = True
) -> MyWork:
    """What is due for the principal's organisation today (audited as a view of the work list)."""
    require(principal, Perm.CASE_READ)
    today = today or date.today()
    work = MyWork()
    sender = aliased(Organisation)
    if principal.can(Perm.REFERRAL):
        awaiting = session.execute(
            select(
                Referral.id,
                Referral.case_id,
                Case.case_ref,
                sender.code,
                sender.org_Name,
                Referral.referral_date,
                Referral.reason,
                sender.org_Name_km,
            )
            .join(Case, Case.id == Referral.case_id)
            .outerjoin(sender, sender.id == Referral.from_org_id)
            .where(Referral.to_org_id == principal.org_id, Referral.status == "pending")
            .order_by(Referral.referral_date, Referral.id)
            .limit(LIMIT)
        ).all()
        work.awaiting = [
            AwaitingAnswer(r[0], r[1], r[2], r[3] or "", r[4] or r[3] or "", r[5], r[6], r[7])
            for r in awaiting
        ]
    open_ids = _open_cases(principal)
    due = session.execute(
        select(FollowUp.id, CasePerson.case_id, Case.case_ref, FollowUp.due_on, FollowUp.kind)
        .join(CasePerson, CasePerson.id == FollowUp.case_person_id)
        .join(Case, Case.id == CasePerson.case_id)
        .where(CasePerson.case_id.in_(open_ids))
        .where(FollowUp.done_on.is_(None), FollowUp.due_on <= today + DUE_WITHIN)
        .order_by(FollowUp.due_on, FollowUp.id)
        .limit(LIMIT)
    ).all()
    work.due = [DueFollowUp(r[0], r[1], r[2], r[3], r[4] or "visit", r[3] < today) for r in due]
    assessed = exists().where(VictimAssessment.case_person_id == CasePerson.id)
    victims = session.execute(
        select(Case.id, Case.case_ref, CasePerson.vic_TraffickingStatus, assessed)
        .join(CasePerson, CasePerson.case_id == Case.id)
        .where(Case.id.in_(open_ids), CasePerson.role == "Victim")
        .where(CasePerson.vic_TraffickingStatus.is_(None))
        .order_by(Case.id)
        .limit(LIMIT)
    ).all()
    undecided: dict[int, CaseTodo] = {}
    for case_id, ref, _status, has_assessment in victims:
        what = "no_decision" if has_assessment else "no_assessment"
        if undecided.get(case_id, CaseTodo(case_id, ref, "no_decision")).what == "no_decision":
            undecided[case_id] = CaseTodo(case_id, ref, what)
    work.undecided = list(undecided.values())
    work.blocked = [CaseTodo(i, ref, "no_consent") for i, ref in _without_consent(session, principal)]
    work.mine = _mine(session, principal, open_ids)
    if principal.can(Perm.CASE_ASSIGN):
        taken = select(CaseAssignment.case_id).where(CaseAssignment.org_id == principal.org_id)
        work.unassigned = [
            CaseTodo(i, ref, "unassigned")
            for i, ref in session.execute(
                select(Case.id, Case.case_ref)
                .where(Case.id.in_(open_ids), Case.id.not_in(taken))
                .order_by(Case.id)
                .limit(LIMIT)
            )
        ]
    if audited:
        audit.record(
            session,
            principal.username,
            "view",
            "work_list",
            details={"results": work.total, "case_ids": work.case_ids()[:200]},
        )
    return work


@dataclass(frozen=True)
class Counts:
    work: int  # as MyWork.total
    overdue: int
    approvals: int = 0  # steps awaiting a supervisor's approval (for those who approve)


def counts(session: Session, principal: Principal, *, today: date | None = None) -> Counts:
    """The navigation's counts of `my_work` (not audited: numbers only) in one query of scalar
    subqueries, rather than the five reads of the lists themselves on every page."""
    require(principal, Perm.CASE_READ)
    today = today or date.today()
    open_ids = _open_cases(principal)
    none = literal(0)
    referrals = principal.can(Perm.REFERRAL)

    def followups(before: date) -> ScalarSelect[int]:
        return (
            select(func.count(FollowUp.id))
            .join(CasePerson, CasePerson.id == FollowUp.case_person_id)
            .where(CasePerson.case_id.in_(open_ids), FollowUp.done_on.is_(None), FollowUp.due_on < before)
            .scalar_subquery()
        )

    awaiting = (
        select(func.count(Referral.id))
        .where(Referral.to_org_id == principal.org_id, Referral.status == "pending")
        .scalar_subquery()
    )
    undecided = (
        select(func.count(distinct(CasePerson.case_id)))
        .where(CasePerson.case_id.in_(open_ids), CasePerson.role == "Victim")
        .where(CasePerson.vic_TraffickingStatus.is_(None))
        .scalar_subquery()
    )
    latest = (
        select(Consent.con_Consent)
        .where(Consent.case_person_id == CasePerson.id, Consent.scope == "sharing")
        .order_by(Consent.id.desc())
        .limit(1)
        .correlate(CasePerson)
        .scalar_subquery()
    )
    blocked = (
        select(func.count(distinct(CasePerson.case_id)))
        .join(Case, Case.id == CasePerson.case_id)
        .where(Case.org_id == principal.org_id, Case.cas_Status.not_in(CLOSED), CasePerson.role == "Victim")
        .where(not_(func.coalesce(latest, false())))
        .scalar_subquery()
    )
    asked = (
        select(func.count(ApprovalRequest.id))
        .where(ApprovalRequest.org_id == principal.org_id, ApprovalRequest.status == "pending")
        .scalar_subquery()
    )
    row = session.execute(
        select(
            awaiting if referrals else none,
            followups(today + DUE_WITHIN + timedelta(days=1)),
            followups(today),
            undecided,
            blocked if referrals else none,
            asked if principal.can(Perm.CASE_ASSIGN) else none,
        )
    ).one()
    waiting, due, overdue, todo, stuck, to_approve = (int(v or 0) for v in row)
    return Counts(work=waiting + due + todo + stuck, overdue=overdue, approvals=to_approve)


def _mine(session: Session, principal: Principal, open_ids: Select[int]) -> list[MyCase]:
    """The principal's open cases, the one with the nearest follow-up first (none: last)."""
    pending = (
        select(CasePerson.case_id, func.min(FollowUp.due_on).label("next_due"))
        .join(FollowUp, FollowUp.case_person_id == CasePerson.id)
        .where(FollowUp.done_on.is_(None))
        .group_by(CasePerson.case_id)
        .subquery()
    )
    rows = session.execute(
        select(Case.id, Case.case_ref, Case.cas_Status, pending.c.next_due)
        .join(CaseAssignment, CaseAssignment.case_id == Case.id)
        .outerjoin(pending, pending.c.case_id == Case.id)
        .where(CaseAssignment.user_id == principal.user_id, CaseAssignment.org_id == principal.org_id)
        .where(Case.id.in_(open_ids))
        .order_by(sa_case((pending.c.next_due.is_(None), 1), else_=0), pending.c.next_due, Case.id)
        .limit(LIMIT)
    ).all()
    return [MyCase(r[0], r[1], r[2], r[3]) for r in rows]


def _without_consent(session: Session, principal: Principal) -> list[tuple[int, str]]:
    """The organisation's own open cases (only the owner refers) with a victim whose latest word on
    sharing is missing or a refusal."""
    if not principal.can(Perm.REFERRAL):
        return []
    victims = session.execute(
        select(CasePerson.id, Case.id, Case.case_ref)
        .join(Case, Case.id == CasePerson.case_id)
        .where(Case.org_id == principal.org_id, Case.cas_Status.not_in(CLOSED), CasePerson.role == "Victim")
        .order_by(Case.id)
    ).all()
    latest: dict[int, bool] = {}
    ids = [v[0] for v in victims]
    for start in range(0, len(ids), 500):
        for cp_id, given in session.execute(
            select(Consent.case_person_id, Consent.con_Consent)
            .where(Consent.case_person_id.in_(ids[start : start + 500]), Consent.scope == "sharing")
            .order_by(Consent.id)
        ):
            latest[cp_id] = bool(given)
    out: dict[int, str] = {}
    for cp_id, case_id, ref in victims:
        if not latest.get(cp_id, False):
            out.setdefault(case_id, ref)
    return list(out.items())[:LIMIT]


@dataclass(frozen=True)
class CloseBlockers:
    overdue: list[date]
    pending: list[str]  # the other side of each pending referral (organisation code)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.pending)


def close_blockers(session: Session, case: Case, *, today: date | None = None) -> CloseBlockers:
    """What a closing step must resolve or acknowledge: overdue follow-ups and pending referrals."""
    today = today or date.today()
    overdue = session.scalars(
        select(FollowUp.due_on)
        .join(CasePerson, CasePerson.id == FollowUp.case_person_id)
        .where(CasePerson.case_id == case.id, FollowUp.done_on.is_(None), FollowUp.due_on < today)
        .order_by(FollowUp.due_on)
    ).all()
    other = aliased(Organisation)
    pending = session.scalars(
        select(other.code)
        .join(Referral, (Referral.to_org_id == other.id))
        .where(Referral.case_id == case.id, Referral.status == "pending")
    ).all()
    return CloseBlockers(list(overdue), list(pending))
