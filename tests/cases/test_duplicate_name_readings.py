"""The duplicate warning finds a person registered under a reading their written name hides (issue 13):
the old Indonesian spelling and a Khmer name written without a space are found by the blind index and
scored by the matching core; Burmese syllables in another order are not the same person."""

from __future__ import annotations

from sqlalchemy import Engine

from tipnet.cases import service as svc
from tipnet.cases.models import CaseIn
from tipnet.security.fields import identity_forms
from tipnet.security.users import Principal, create_user, principal_of
from tipnet.store.engine import session_scope


def _worker(engine: Engine) -> Principal:
    with session_scope(engine) as session:
        return principal_of(
            create_user(session, "worker", "a-long-password", "case_worker", "ORG1", create_org=True)
        )


def _register(engine: Engine, who: Principal, person: dict[str, str]) -> tuple[int, list[int]]:
    with session_scope(engine) as session:
        out = svc.create_case(
            session, who, CaseIn.model_validate({"persons": [{"role": "victim", **person}]})
        )
        return out.id, [d.case_id for d in out.duplicates]


def test_blind_index_forms_carry_the_readings() -> None:
    assert {("name", "joko"), ("name", "susilo")} <= identity_forms({"full_name": "DJOKO SOESILO"})
    assert {("name", "sok"), ("name", "socheata")} <= identity_forms({"name_native": "សុខសុជាតា"})
    # no old letter group: nothing read into the name
    assert ("name", "ying") not in identity_forms({"full_name": "Wang Jing"})


def test_duplicates_across_the_readings(engine: Engine) -> None:
    who = _worker(engine)
    old, _ = _register(
        engine, who, {"prs_FirstName": "Djoko", "prs_SecondName": "Soesilo", "prs_Birthdate": "1961-03-02"}
    )
    _, dups = _register(
        engine, who, {"prs_FirstName": "Joko", "prs_SecondName": "Susilo", "prs_Birthdate": "1961-03-02"}
    )
    assert dups == [old]
    khmer, _ = _register(engine, who, {"name_native": "សុខសុជាតា", "prs_Birthdate": "1995-04-12"})
    _, dups = _register(
        engine, who, {"prs_FirstName": "Socheata", "prs_SecondName": "Sok", "prs_Birthdate": "1995-04-12"}
    )
    assert khmer in dups
    _register(engine, who, {"prs_FirstName": "Khin Thu", "prs_SecondName": "Ma", "prs_Birthdate": "1990",
                            "prs_Citizenship": ["MMR"]})  # fmt: skip
    _, dups = _register(engine, who, {"prs_FirstName": "Thu Ma", "prs_SecondName": "Khin", "prs_Birthdate": "1990",
                                      "prs_Citizenship": ["MMR"]})  # fmt: skip
    assert dups == []
