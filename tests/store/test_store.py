"""The store round-trips a whole case on SQLite and PostgreSQL, and its migrations run both ways."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from tipnet.store.base import Base
from tipnet.store.engine import current_revision, downgrade, head_revision, upgrade
from tipnet.store.tables.cases import (
    Case,
    CaseComment,
    CasePerson,
    Consent,
    Referral,
    SupportPlan,
    TraffickingEvent,
)
from tipnet.store.tables.finance import Transaction
from tipnet.store.tables.people import IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.sources import Organisation, SourceRecord


def _case_graph(session: Session) -> int:
    ngo = Organisation(code="NGO-HAGAR", org_Name="Shelter NGO", org_Type="NGO", org_ShippingCountry="KHM")
    police = Organisation(
        code="KH-AHTJP", org_Name="Anti-Human Trafficking Police", org_Type="LawEnforcement"
    )
    session.add_all([ngo, police])
    session.flush()
    record = SourceRecord(source_type="ngo", org_id=ngo.id, record_id="N-1", content_hash="x" * 64)
    session.add(record)
    session.flush()
    victim = Person(
        source_record_id=record.id,
        prs_FirstName="Sreymom",
        prs_SecondName="Chan",
        name_native="ចាន់ ស្រីមុំ",
        prs_Birthdate="2001-03",
        birth_year=2001,
        prs_Gender="Feminine",
        prs_Citizenship=["KHM"],
        prs_PrimaryLanguage="km",
    )
    victim.names.append(PersonName(kind="native", name="ចាន់ ស្រីមុំ", script="Khmr"))
    victim.documents.append(
        IdentityDocument(document_number="N01234567", document_type="P", issuing_state="KHM")
    )
    victim.phones.append(Phone(number="+85512345678"))
    case = Case(org_id=ngo.id, case_ref="C-2026-001", cas_Status="Active", opened_on=date(2026, 2, 1))
    link = CasePerson(
        case=case,
        person=victim,
        role="Victim",
        vic_TraffickingStatus="ActualVictimOfTrafficking",
        vic_MethodsOfControl=["DebtBondage", "WithholdsDocuments"],
        vic_TypeOfExploitation=["ForcedLabour"],
        vic_ForcedLabourIndustry="J_InformationAndCommunication",
        vic_RecruitmentWebsitesAndApps=["Telegram"],
        vic_LocationOfExploitation="MMR",
    )
    link.events.append(TraffickingEvent(hte_Type="Recruitment", hte_Country="KHM", hte_Date="2025-11"))
    link.support_plans.append(SupportPlan(spl_Type="Health", spl_PlannedEndDate=date(2026, 6, 1)))
    link.consents.append(Consent(con_Consent=True, scope="referral"))
    case.referrals.append(
        Referral(direction="in", from_org_id=police.id, to_org_id=ngo.id, status="accepted")
    )
    case.comments.append(CaseComment(cco_CaseComment="ផ្ទះសុវត្ថិភាព — placed in shelter", author="cw1"))
    session.add(link)
    session.add(
        Transaction(
            source_record_id=record.id,
            booked_at=datetime(2026, 1, 5, 10, 30),
            from_account="KH01",
            to_account="KH02",
            amount=Decimal("1234.5600"),
            currency="USD",
        )
    )
    session.flush()
    return case.id


def test_case_round_trip(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        case_id = _case_graph(session)
    with Session(engine) as session:
        case = session.scalars(
            select(Case).where(Case.id == case_id).options(selectinload(Case.persons))
        ).one()
        link = case.persons[0]
        person = link.person
        assert person.name_native == "ចាន់ ស្រីមុំ"
        assert person.prs_Citizenship == ["KHM"]
        assert [n.script for n in person.names] == ["Khmr"]
        assert person.documents[0].document_number == "N01234567"
        assert link.vic_MethodsOfControl == ["DebtBondage", "WithholdsDocuments"]
        assert link.events[0].hte_Date == "2025-11"
        assert link.consents[0].con_Consent is True
        assert case.referrals[0].status == "accepted"
        assert case.comments[0].cco_CaseComment.startswith("ផ្ទះ")
        assert session.scalar(select(Transaction.amount)) == Decimal("1234.5600")


def test_source_record_key_is_unique(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        org = Organisation(code="KH-IMM", org_Name="Immigration", org_Type="ImmigrationService")
        session.add(org)
        session.flush()
        org_id = org.id
        session.add(SourceRecord(source_type="crossings", org_id=org_id, record_id="X1", content_hash="a"))
    with pytest.raises(IntegrityError), Session(engine) as session, session.begin():
        session.add(SourceRecord(source_type="crossings", org_id=org_id, record_id="X1", content_hash="b"))


def test_deleting_a_case_removes_its_people_links(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        case_id = _case_graph(session)
    with Session(engine) as session, session.begin():
        session.delete(session.get(Case, case_id))
    with Session(engine) as session:
        assert session.scalar(select(CasePerson)) is None
        assert session.scalar(select(TraffickingEvent)) is None
        assert session.scalar(select(Person)) is not None  # the person as recorded stays


def test_migrations_down_and_up(engine: Engine) -> None:
    assert current_revision(engine) == head_revision(engine)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert "person" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"person", "case", "case_person", "audit_event", "watchlist_entry"} <= set(
        inspect(engine).get_table_names()
    )


def test_schema_matches_models(engine: Engine) -> None:
    """No model change without a migration: Alembic's autogenerate finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
