"""Read the store's victim and suspect records as statistics facts (the adapter of tipnet.stats).

Only the statistics fields that stay clear on sealed persons are read (gender, birth year,
citizenship), never a name or a document: statistics need no unsealing. The identity of a record is
the linkage's resolved identity (identity_member); a record linkage has not seen stands for itself.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ClauseElement, select
from sqlalchemy.orm import Session

from tipnet.stats.people import REFERRAL_ORDER, REINTEGRATED_STATUSES, SuspectRecord, VictimRecord
from tipnet.store.tables.adverts import JobAdvert
from tipnet.store.tables.cases import Case, CasePerson, LegalProceeding, Referral, SupportPlan
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.linkage import IdentityMember
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation


@lru_cache(maxsize=4096)
def _json_list(text: str) -> tuple[str, ...]:
    """A JSON list column read as text, decoded once per distinct value: a million rows hold a
    handful of distinct lists (["ForcedLabour"], ["KHM"]), and json.loads per row was a sixth of
    the time of reading the store."""
    value = json.loads(text)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@lru_cache(maxsize=4096)
def _sorted_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(forms)))


@lru_cache(maxsize=4096)
def _forms_of_text(text: str) -> tuple[str, ...]:
    return _sorted_forms(_json_list(text))


def _forms(value: object) -> tuple[str, ...]:
    """Forms of exploitation, sorted and once each (one cache look-up per row on SQLite)."""
    if isinstance(value, str):
        return _forms_of_text(value)
    return _sorted_forms(_as_list(value))


def _as_list(value: object) -> tuple[str, ...]:
    """SQLite hands the JSON text over; PostgreSQL's driver may hand it over decoded."""
    if value is None:
        return ()
    if isinstance(value, str):
        return _json_list(value)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


@lru_cache(maxsize=65536)
def _iso_day(text: str) -> date:
    return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)


def _day(value: object) -> date | None:
    """A date column read raw: SQLite hands over ISO text (a few thousand distinct days among a
    million rows, parsed once each), PostgreSQL's driver a date."""
    if value is None:
        return None
    if isinstance(value, str):
        return _iso_day(value)
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _rows(session: Session, stmt: ClauseElement) -> Iterator[tuple[Any, ...]]:
    """The rows of a Core select as plain tuples straight from the driver's cursor: no ORM rows and
    no per-row type processing (dates and JSON lists are decoded once per distinct value by the
    callers). The statement has no parameters but literal codes, so it is compiled with them."""
    if session.autoflush:  # as session.execute would: pending changes are part of the store read
        session.flush()
    conn = session.connection()
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(20_000):
            yield from batch
    finally:
        cursor.close()


def identities(session: Session) -> dict[int, str]:
    """person id -> the identity the linkage resolved it into."""
    rows = _rows(
        session,
        select(IdentityMember.person_id, IdentityMember.identity_id).where(
            IdentityMember.person_id.is_not(None)
        ),
    )
    return {pid: ident for pid, ident in rows if pid is not None}


def _first_referral(session: Session) -> dict[int, date]:
    """case id -> its earliest dated referral (in or out): when services were first involved."""
    first: dict[int, date] = {}
    for case_id, raw in _rows(session, select(Referral.case_id, Referral.referral_date)):
        day = _day(raw)
        if day is not None and (case_id not in first or day < first[case_id]):
            first[case_id] = day
    return first


def _referrals(session: Session) -> dict[int, str]:
    best: dict[int, str] = {}
    for case_id, status in _rows(session, select(Referral.case_id, Referral.status)):
        status = status if status in REFERRAL_ORDER else "pending"
        if case_id not in best or REFERRAL_ORDER.index(status) < REFERRAL_ORDER.index(best[case_id]):
            best[case_id] = status
    return best


def _support(session: Session) -> dict[int, date | None]:
    """case_person id -> the latest end of its support plans (None: plans with no end yet)."""
    out: dict[int, date | None] = {}
    for cp, raw in _rows(session, select(SupportPlan.case_person_id, SupportPlan.spl_ActualEndDate)):
        end = _day(raw)
        prev = out.get(cp)
        out[cp] = end if prev is None else max(prev, end) if end else prev
    return out


def victim_records(session: Session, ids: dict[int, str] | None = None) -> list[VictimRecord]:
    ids = identities(session) if ids is None else ids
    referrals = _referrals(session)
    first_referral = _first_referral(session)
    support = _support(session)
    rows = _rows(
        session,
        select(
            CasePerson.id,
            CasePerson.person_id,
            CasePerson.vic_TypeOfExploitation,
            CasePerson.vic_ForcedLabourIndustry,
            Case.id,
            Case.opened_on,
            Case.cas_Status,
            Organisation.code,
            Organisation.org_Type,
            Organisation.org_ShippingCountry,
            Person.prs_Gender,
            Person.birth_year,
            Person.prs_Citizenship,
        )
        .join(Case, Case.id == CasePerson.case_id)
        .join(Organisation, Organisation.id == Case.org_id)
        .join(Person, Person.id == CasePerson.person_id)
        .where(CasePerson.role == "Victim")
        .order_by(CasePerson.id),
    )
    out = []
    for cp, pid, forms, industry, case_id, opened, status, org, org_type, country, gender, by, cit in rows:
        out.append(
            VictimRecord(
                record=f"case_person:{cp}",
                identity=ids.get(pid, f"person:{pid}"),
                identified_on=_day(opened),
                org=org,
                org_type=org_type or "",
                org_country=country or "",
                gender=gender or "",
                birth_year=by,
                nationality=(_as_list(cit) or ("",))[0],
                exploitation=_forms(forms),
                industry=industry or "",
                referral=referrals.get(case_id, "not referred"),
                assisted=cp in support,
                case_key=f"case:{case_id}",
                case_closed=status in REINTEGRATED_STATUSES,
                reintegrated_on=support.get(cp),
                referred_on=first_referral.get(case_id),
            )
        )
    return out


def suspect_records(session: Session, ids: dict[int, str] | None = None) -> list[SuspectRecord]:
    ids = identities(session) if ids is None else ids
    steps: dict[int, list[tuple[str, str | None, int | None]]] = defaultdict(list)
    for cp, stage, verdict, sentence in _rows(
        session,
        select(
            LegalProceeding.case_person_id,
            LegalProceeding.stage,
            LegalProceeding.verdict,
            LegalProceeding.sentence_months,
        ),
    ):
        steps[cp].append((stage, verdict, sentence))
    # the forms of exploitation of a suspect's case are those of its victims: only the victims of
    # cases that have a suspect are read
    suspect_cases = select(CasePerson.case_id).where(CasePerson.role == "Suspect")
    forms: dict[int, set[str]] = defaultdict(set)
    for case_id, f in _rows(
        session,
        select(CasePerson.case_id, CasePerson.vic_TypeOfExploitation).where(
            CasePerson.role == "Victim", CasePerson.case_id.in_(suspect_cases)
        ),
    ):
        forms[case_id].update(_as_list(f))
    rows = _rows(
        session,
        select(
            CasePerson.id,
            CasePerson.person_id,
            Case.id,
            Case.opened_on,
            Organisation.code,
            Organisation.org_Type,
            Person.prs_Gender,
        )
        .join(Case, Case.id == CasePerson.case_id)
        .join(Organisation, Organisation.id == Case.org_id)
        .join(Person, Person.id == CasePerson.person_id)
        .where(CasePerson.role == "Suspect")
        .order_by(CasePerson.id),
    )
    out = []
    for cp, pid, case_id, opened, org, org_type, gender in rows:
        s = steps.get(cp, [])
        months = [m for _, _, m in s if m]
        out.append(
            SuspectRecord(
                record=f"case_person:{cp}",
                identity=ids.get(pid, f"person:{pid}"),
                identified_on=_day(opened),
                org=org,
                org_type=org_type or "",
                stages=tuple(st for st, _, _ in s),
                verdicts=tuple(v for _, v, _ in s if v),
                sentence_months=max(months) if months else None,
                exploitation=tuple(sorted(forms.get(case_id, set()))),
                gender=gender or "",
            )
        )
    return out


def prevention_counts(session: Session) -> dict[int, dict[str, int]]:
    """Per year: hotline reports received and recruitment adverts collected. Adverts flagged as
    deceptive and awareness events are not recorded in the store yet (shown as such)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"hotline reports": 0, "adverts collected": 0})
    for (raw,) in _rows(session, select(HotlineReport.received_at)):
        received = _day(raw)
        if received is not None:
            out[received.year]["hotline reports"] += 1
    for (raw,) in _rows(session, select(JobAdvert.posted_on)):
        posted = _day(raw)
        if posted is not None:
            out[posted.year]["adverts collected"] += 1
    return dict(out)
