"""Aggregate figures for the report, computed from the store. Only counts leave this module."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipnet.store.tables.adverts import JobAdvert
from tipnet.store.tables.cases import Case, CasePerson, LegalProceeding
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Transaction
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import IngestRun, Organisation, SourceRecord
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry
from tipnet.vocab import code_list

AGE_BANDS = (
    (0, 11, "0-11"),
    (12, 17, "12-17"),
    (18, 25, "18-25"),
    (26, 35, "26-35"),
    (36, 50, "36-50"),
    (51, 150, "51+"),
)


def age_at(birth_year: int | None, on: date | None) -> int | None:
    return on.year - birth_year if birth_year is not None and on is not None else None


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "unknown"


@dataclass
class Figures:
    victims: int = 0
    victims_by_nationality: Counter[str] = field(default_factory=Counter)
    victims_by_gender: Counter[str] = field(default_factory=Counter)
    victims_by_age: Counter[str] = field(default_factory=Counter)
    victims_by_exploitation: Counter[str] = field(default_factory=Counter)
    victims_by_industry: Counter[str] = field(default_factory=Counter)
    children: int = 0
    cases_by_status: Counter[str] = field(default_factory=Counter)
    cases_by_org_type: Counter[str] = field(default_factory=Counter)
    suspects: int = 0
    suspects_by_stage: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    crossings: int = 0
    crossings_by_month: Counter[str] = field(default_factory=Counter)
    crossings_by_direction: Counter[str] = field(default_factory=Counter)
    mrz_checks: Counter[str] = field(default_factory=Counter)
    mrz_findings: Counter[str] = field(default_factory=Counter)
    hotline_reports: int = 0
    transactions: int = 0
    adverts: int = 0
    watchlists: list[tuple[str, int, int]] = field(default_factory=list)
    ingest_runs: list[tuple[str, str, int, int, int, int]] = field(default_factory=list)
    organisations: int = 0
    person_records: int = 0
    person_records_by_source: Counter[str] = field(default_factory=Counter)


def _label(list_name: str, value: str) -> str:
    return code_list(list_name).get(value, value)


def gather(session: Session) -> Figures:
    """Every figure of the report, in a few streaming queries."""
    f = Figures()
    victims = (
        select(Person.prs_Citizenship, Person.prs_Gender, Person.birth_year, Case.opened_on,
               CasePerson.vic_TypeOfExploitation, CasePerson.vic_ForcedLabourIndustry,
               CasePerson.vic_AgeWhenTrafficked)
        .join(CasePerson, CasePerson.person_id == Person.id)
        .join(Case, Case.id == CasePerson.case_id)
        .where(CasePerson.role == "Victim")
    )  # fmt: skip
    rows = session.execute(victims).yield_per(5000)
    for citizenship, gender, birth_year, opened, exploitation, industry, age_trafficked in rows:
        f.victims += 1
        f.victims_by_nationality[(citizenship or ["unknown"])[0]] += 1
        f.victims_by_gender[_label("prs_Gender", gender) if gender else "unknown"] += 1
        # The age when trafficked, as the case worker recorded it, before an age derived from dates.
        band = age_band(age_trafficked if age_trafficked is not None else age_at(birth_year, opened))
        f.victims_by_age[band] += 1
        f.children += band in ("0-11", "12-17")
        for kind in exploitation or ["unknown"]:
            f.victims_by_exploitation[
                _label("vic_TypeOfExploitation", kind) if kind != "unknown" else kind
            ] += 1
        if industry:
            f.victims_by_industry[_label("vic_ForcedLabourIndustry", industry).split("_", 1)[-1]] += 1

    f.cases_by_status.update(
        {
            status: n
            for status, n in session.execute(select(Case.cas_Status, func.count()).group_by(Case.cas_Status))
        }
    )
    by_type = select(Organisation.org_Type, func.count()).join(Case, Case.org_id == Organisation.id)
    f.cases_by_org_type.update(
        {
            _label("org_Type", k) if k else "unknown": n
            for k, n in session.execute(by_type.group_by(Organisation.org_Type))
        }
    )
    suspects = select(CasePerson.id).where(CasePerson.role == "Suspect")
    f.suspects = session.scalar(select(func.count()).select_from(suspects.subquery())) or 0
    for stage, verdict, n in session.execute(
        select(LegalProceeding.stage, LegalProceeding.verdict, func.count()).group_by(
            LegalProceeding.stage, LegalProceeding.verdict
        )
    ):
        f.suspects_by_stage[stage] += n
        if verdict:
            f.verdicts[verdict] += n

    crossings = select(BorderCrossing.crossing_time, BorderCrossing.direction, BorderCrossing.mrz_valid,
                       BorderCrossing.mrz_findings)  # fmt: skip
    for moment, direction, valid, findings in session.execute(crossings).yield_per(10000):
        f.crossings += 1
        f.crossings_by_month[moment.strftime("%Y-%m")] += 1
        f.crossings_by_direction[direction] += 1
        f.mrz_checks["no MRZ" if valid is None else "valid" if valid else "failed checks"] += 1
        f.mrz_findings.update(findings or [])

    f.hotline_reports = session.scalar(select(func.count()).select_from(HotlineReport)) or 0
    f.transactions = session.scalar(select(func.count()).select_from(Transaction)) or 0
    f.adverts = session.scalar(select(func.count()).select_from(JobAdvert)) or 0
    f.organisations = session.scalar(select(func.count()).select_from(Organisation)) or 0
    f.person_records = session.scalar(select(func.count()).select_from(Person)) or 0
    per_source = (
        select(SourceRecord.source_type, func.count())
        .join(Person, Person.source_record_id == SourceRecord.id)
        .group_by(SourceRecord.source_type)
    )
    f.person_records_by_source.update(dict(session.execute(per_source).all()))
    entries = (
        select(Watchlist.name, Watchlist.version, func.count(WatchlistEntry.id))
        .outerjoin(WatchlistEntry, WatchlistEntry.watchlist_id == Watchlist.id)
        .group_by(Watchlist.name, Watchlist.version)
        .order_by(Watchlist.name)
    )
    f.watchlists = [(name, version, n) for name, version, n in session.execute(entries)]
    runs = select(IngestRun).order_by(IngestRun.id.desc()).limit(20)
    f.ingest_runs = [
        (r.source_type, r.file_name, r.rows_total, r.rows_new, r.rows_unchanged, r.rows_rejected)
        for r in session.scalars(runs)
    ]
    return f
