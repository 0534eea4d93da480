"""The case services read with a bounded number of SQL statements: opening a case, listing and
searching cases cost the same whatever the number of persons, plans, follow-ups and assessments
(no query per person: the N+1 that made the case page the slowest request under load)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from tipnet.cases import assessment, proceedings, referrals, scope, support
from tipnet.cases import service as svc
from tipnet.cases.models import (
    AssessmentIn,
    CaseIn,
    ConsentIn,
    FollowUpIn,
    ProceedingIn,
    ReferralIn,
    SupportPlanIn,
)
from tipnet.security.users import Principal, create_user, principal_of
from tipnet.store.engine import session_scope
from tipnet.store.tables.sources import Organisation


@contextmanager
def _counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _setup(engine: Engine) -> Principal:
    with session_scope(engine) as session:
        session.add(Organisation(code="SHELTER-Q", org_Name="Shelter Q"))
        return principal_of(
            create_user(session, "worker", "a-long-password", "case_worker", "ORG-Q", create_org=True)
        )


def _case(engine: Engine, who: Principal, victims: int, suspects: int) -> int:
    persons: list[dict[str, Any]] = [
        {"role": "victim", "prs_FirstName": f"Victim{i}", "prs_Gender": "Feminine"} for i in range(victims)
    ]
    persons += [{"role": "suspect", "prs_FirstName": f"Suspect{i}"} for i in range(suspects)]
    with session_scope(engine) as session:
        case_id = svc.create_case(session, who, CaseIn.model_validate({"persons": persons})).id
    with session_scope(engine) as session:
        case = svc.get_case(session, who, case_id)
        for person in case.persons:
            if person.role == "Victim":
                interview = AssessmentIn(indicators=["dr_wages"])
                assessment.assess_victim(session, who, case_id, person.id, interview)
                follow_up = FollowUpIn.model_validate({"due_on": "2027-01-01"})
                support.add_follow_up(session, who, case_id, person.id, follow_up)
                support.add_support_plan(session, who, case_id, person.id, SupportPlanIn(spl_Type="Health"))
                referrals.add_consent(session, who, case_id, person.id, ConsentIn(con_Consent=True))
            else:
                step = ProceedingIn(stage="Investigation")
                proceedings.add_proceeding(session, who, case_id, person.id, step)
        incoming = ReferralIn(org="SHELTER-Q", direction="in", reason="Other")
        referrals.refer(session, who, case_id, incoming)
    return case_id


def _count(engine: Engine, work: Callable[[Any], Any]) -> int:
    with _counting(engine) as statements, session_scope(engine) as session:
        work(session)
    return len(statements)


def test_opening_a_case_costs_the_same_for_one_or_many_persons(engine: Engine) -> None:
    who = _setup(engine)
    small = _case(engine, who, victims=1, suspects=1)
    large = _case(engine, who, victims=6, suspects=4)
    with session_scope(engine) as session:
        doc = svc.get_case(session, who, large)
        assert len(doc.persons) == 10
        assert all(len(p.assessments) == 1 and len(p.follow_ups) == 1 for p in doc.persons[:6])
        assert doc.referrals[0].from_org == "SHELTER-Q"
    few = _count(engine, lambda session: svc.get_case(session, who, small))
    many = _count(engine, lambda session: svc.get_case(session, who, large))
    # One read per table (case, persons, referrals, plans, proceedings, consents, follow-ups,
    # assessments, secrets, sealed free text of every table, clear persons and their names,
    # documents, phones, addresses, organisations) and the audit row, with its hash chain's last row (and, on PostgreSQL, the
    # chain's lock): the same for 2 persons as for 10.
    assert many == few, (few, many)
    assert few <= 20, few


def test_listing_and_searching_cost_the_same_for_more_cases(engine: Engine) -> None:
    who = _setup(engine)
    _case(engine, who, victims=1, suspects=1)
    one = _count(engine, lambda session: svc.list_cases(session, who))
    search_one = _count(engine, lambda session: svc.list_cases(session, who, query="Victim0"))
    for _ in range(5):
        _case(engine, who, victims=2, suspects=1)
    with session_scope(engine) as session:
        listed = svc.list_cases(session, who)
        assert len(listed) == 6 and all(c.org == "ORG-Q" for c in listed)
    assert _count(engine, lambda session: svc.list_cases(session, who)) == one
    assert _count(engine, lambda session: svc.list_cases(session, who, query="Victim0")) == search_one


def test_export_checks_consent_of_every_victim_in_one_read(engine: Engine) -> None:
    who = _setup(engine)
    case_id = _case(engine, who, victims=5, suspects=0)
    with session_scope(engine) as session:
        case = scope.load_case(session, who, case_id)
        assert referrals.sharing_consented(session, case)
        victim = next(cp for cp in case.persons if cp.role == "Victim")
        referrals.add_consent(session, who, case_id, victim.id, ConsentIn(con_Consent=False))
    with session_scope(engine) as session:
        case = scope.load_case(session, who, case_id)
        _ = case.persons  # loaded before counting
        with _counting(engine) as statements:
            assert not referrals.sharing_consented(session, case)  # the latest word of one victim is "no"
        assert len(statements) == 1
