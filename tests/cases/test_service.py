"""Case services on both databases: validation, aliases, sealing, scope."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from tipnet.cases import service as svc
from tipnet.cases.models import CaseIn, PersonIn
from tipnet.errors import Forbidden, Invalid, NotFound
from tipnet.security.users import Principal, create_user, principal_of
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.people import Person


def _worker(engine: Engine, name: str = "worker", org: str = "ORG1", role: str = "case_worker") -> Principal:
    with session_scope(engine) as session:
        return principal_of(create_user(session, name, "a-long-password", role, org, create_org=True))


def _case_of(person: dict[str, str]) -> CaseIn:
    return CaseIn.model_validate({"persons": [person]})


def test_open_is_active_and_victim_role_maps(engine: Engine) -> None:
    who = _worker(engine)
    with session_scope(engine) as session:
        new = CaseIn.model_validate(
            {"cas_Status": "Open", "persons": [{"role": "victim", "prs_FirstName": "Ana"}]}
        )
        out = svc.create_case(session, who, new)
    with session_scope(engine) as session:
        case = session.get(Case, out.id)
        assert case is not None and case.cas_Status == "Active"
        assert session.scalar(select(CasePerson.role)) == "Victim"
        # Sealed: nothing identifying in clear.
        assert session.scalar(select(Person.prs_FirstName)) is None


@pytest.mark.parametrize(
    "data",
    [
        {"cas_Status": "Nope"},
        {"persons": [{"role": "victim", "prs_Gender": "X"}]},
        {"persons": [{"role": "victim", "vic_TypeOfExploitation": ["Fishing trips"]}]},
        {"persons": [{"role": "victim", "prs_Birthdate": "1990-02-30"}]},
        {"persons": [{"role": "victim", "prs_FirstName": "a\x00b"}]},
        {"persons": [{"role": "victim", "prs_FirstName": "x" * 301}]},
    ],
)
def test_invalid_values(engine: Engine, data: dict[str, Any]) -> None:
    who = _worker(engine)
    with pytest.raises(Invalid), session_scope(engine) as session:
        svc.create_case(session, who, CaseIn.model_validate(data))


def test_suspects_stay_in_clear_and_searchable(engine: Engine) -> None:
    who = _worker(engine)
    with session_scope(engine) as session:
        suspect = {"role": "suspect", "prs_FirstName": "Chan", "prs_SecondName": "Vuthy"}
        svc.create_case(session, who, CaseIn.model_validate({"persons": [suspect]}))
    with session_scope(engine) as session:
        assert session.scalar(select(Person.prs_FirstName)) == "Chan"
        assert len(svc.list_cases(session, who, query="vuthy")) == 1


def test_scope_other_org_not_found(engine: Engine) -> None:
    a, b = _worker(engine, "wa", "ORG1"), _worker(engine, "wb", "ORG2")
    with session_scope(engine) as session:
        case_id = svc.create_case(
            session, a, CaseIn(persons=[PersonIn(role="suspect", prs_FirstName="Chan")])
        ).id
    with pytest.raises(NotFound), session_scope(engine) as session:
        svc.get_case(session, b, case_id)


def test_partner_cannot_read_cases(engine: Engine) -> None:
    partner = _worker(engine, "pa", "ORG1", "partner")
    with pytest.raises(Forbidden), session_scope(engine) as session:
        svc.list_cases(session, partner)
    with session_scope(engine) as session:
        assert svc.statistics(session, partner).cases_by_status == {}


def test_duplicate_warning_scored_by_the_matching_core(engine: Engine) -> None:
    who = _worker(engine)
    sok = {"role": "victim", "prs_FirstName": "Sok", "prs_SecondName": "Dara", "prs_Birthdate": "1990-05-01"}
    with session_scope(engine) as session:
        first = svc.create_case(session, who, _case_of({**sok, "prs_Gender": "Feminine"})).id
    with session_scope(engine) as session:
        same = svc.create_case(
            session, who, _case_of({**sok, "prs_FirstName": "Sokh", "prs_Gender": "Feminine"})
        )
    assert [d.case_id for d in same.duplicates] == [first]
    assert same.duplicates[0].score > 0.9
    # Same two name words, but another birth date and gender: candidates by index, rejected by the core.
    other = {**sok, "prs_Birthdate": "1961-11-30", "prs_Gender": "Masculine"}
    with session_scope(engine) as session:
        assert svc.create_case(session, who, _case_of(other)).duplicates == []


def test_one_list_of_identifying_fields() -> None:
    """Sealing, the case service's free-text fields and the case person shown derive from one list."""
    from tipnet.cases.responses import PersonOut
    from tipnet.cases.validation import PERSON_TEXT
    from tipnet.security import fields, sealing

    assert set(fields.IDENTIFYING) <= set(PersonOut.model_fields)
    assert set(PERSON_TEXT) < set(fields.IDENTIFYING_COLUMNS) == set(sealing._CLEAR_COLUMNS)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "victim", "prs_Gender": "X"}, "prs_Gender: not a value of the code list"),
        ({"role": "victim", "prs_Birthdate": "1990-02-30"}, "prs_Birthdate: not a calendar date"),
        ({"role": "victim", "prs_FirstName": "x" * 301}, "prs_FirstName: longer than 300 characters"),
        ({"role": "boss"}, "role: expected victim, suspect or witness"),
    ],
)
def test_a_form_and_the_api_get_the_same_message(fields: dict[str, str], message: str) -> None:
    """The web forms build the API's models: one validation, one message naming the field."""
    from tipnet.cases.models import PersonIn, parse

    with pytest.raises(Invalid) as raised:
        parse(PersonIn, fields)
    assert str(raised.value) == message
