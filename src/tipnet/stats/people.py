"""Counting people, not records: agency records of victims and suspects grouped by the identity
linkage resolved them into, one person-level fact per person and year.

The police and an NGO recording the same woman are two records and one victim. A person's
attributes are resolved from her records by a stated rule (the value most of her records give; on a
tie, the earliest record's), so the tables never count a person twice under two spellings of her
age. Pure logic: the store adapter (tipnet.stats.store_facts) builds the records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

NOT_RECORDED = "not recorded"
# Referral outcomes from best to worst: a person's outcome is the best of her cases'.
REFERRAL_ORDER = ("done", "accepted", "pending", "rejected", "not referred")
# Case statuses that say the victim went through reintegration (closed, or in follow-up after it);
# "ClosedReferred" says she was handed to another organisation: no reintegration yet.
REINTEGRATED_STATUSES = frozenset({"Closed", "FollowUp"})
PROSECUTED_STAGES = {"Prosecution", "Trial"}
# Finer age bands inside child (0-17) and adult, as GLOTIP asks.
AGE_BANDS = ((0, 11), (12, 17), (18, 24), (25, 34), (35, 49))


@dataclass(frozen=True)
class VictimRecord:
    """One victim as one organisation's case recorded them (a case_person row)."""

    record: str  # stable record key, e.g. "case_person:12"
    identity: str  # resolved identity id, or the record key when linkage has not run
    identified_on: date | None
    org: str
    org_type: str
    org_country: str = ""
    province: str = ""
    gender: str = ""
    birth_year: int | None = None
    nationality: str = ""
    exploitation: tuple[str, ...] = ()
    industry: str = ""
    referral: str = "not referred"
    assisted: bool = False
    case_key: str = ""
    case_closed: bool = False  # the case's status is one of REINTEGRATED_STATUSES
    reintegrated_on: date | None = None  # end of the last support plan of this case, if any
    referred_on: date | None = None  # the case's first dated referral


@dataclass(frozen=True)
class SuspectRecord:
    record: str
    identity: str
    identified_on: date | None
    org: str
    org_type: str
    stages: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    sentence_months: int | None = None
    exploitation: tuple[str, ...] = ()
    province: str = ""
    gender: str = ""


def _resolve(values: Iterable[str]) -> str:
    """The value most records give (blanks ignored); ties go to the earliest record's."""
    seen = [v for v in values if v]
    if not seen:
        return NOT_RECORDED
    if len(seen) == 1 or all(v == seen[0] for v in seen):  # most people: one record, one value
        return seen[0]
    counts = Counter(seen)
    top = max(counts.values())
    return next(v for v in seen if counts[v] == top)


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return NOT_RECORDED
    for lo, hi in AGE_BANDS:
        if lo <= age <= hi:
            return f"{lo}-{hi}"
    return f"{AGE_BANDS[-1][1] + 1}+"


def child_or_adult(age: int | None) -> str:
    if age is None or age < 0:
        return NOT_RECORDED
    return "child" if age < 18 else "adult"


def quarter(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


@dataclass
class VictimPerson:
    """A victim in one year: counted once in that year's "identified" however many records."""

    identity: str
    year: int
    quarter: str
    records: int
    orgs: tuple[str, ...]
    org_type: str
    province: str
    sex: str
    age_band: str
    child: str
    nationality: str
    exploitation: tuple[str, ...]
    industry: str
    referral: str
    assisted: str
    retrafficked: bool = False
    days_to_referral: int | None = None  # from first identification that year to first referral
    record_keys: tuple[str, ...] = field(default_factory=tuple)


def _ordered(records: Sequence[VictimRecord]) -> list[VictimRecord]:
    return sorted(records, key=lambda r: (r.identified_on or date.max, r.record))


def victims_by_year(records: Iterable[VictimRecord]) -> list[VictimPerson]:
    """One VictimPerson per (identity, year of identification); records without a date are left out
    of year tables (and counted by `undated`)."""
    groups: dict[tuple[str, int], list[VictimRecord]] = {}
    for r in records:
        if r.identified_on is None:
            continue
        groups.setdefault((r.identity, r.identified_on.year), []).append(r)
    retrafficked = retrafficked_identities(r for g in groups.values() for r in g)
    out: list[VictimPerson] = []
    for (identity, year), recs in sorted(groups.items()):
        if len(recs) == 1:  # most person-years: one record, nothing to resolve
            out.append(_one_record(recs[0], identity, year, identity in retrafficked.get(year, ())))
            continue
        recs = _ordered(recs)
        first = recs[0]
        assert first.identified_on is not None
        birth = _resolve(str(r.birth_year) if r.birth_year else "" for r in recs)
        age = year - int(birth) if birth != NOT_RECORDED else None
        forms = sorted({f for r in recs for f in r.exploitation}) or [NOT_RECORDED]
        outcome = min((r.referral for r in recs), key=REFERRAL_ORDER.index)
        out.append(
            VictimPerson(
                identity=identity,
                year=year,
                quarter=quarter(first.identified_on),
                records=len(recs),
                orgs=tuple(sorted({r.org for r in recs})),
                org_type=first.org_type or NOT_RECORDED,
                province=_resolve(r.province for r in recs),
                sex=_resolve(r.gender for r in recs),
                age_band=age_band(age),
                child=child_or_adult(age),
                nationality=_resolve(r.nationality for r in recs),
                exploitation=tuple(forms),
                industry=_resolve(r.industry for r in recs),
                referral=outcome,
                assisted="assisted" if any(r.assisted for r in recs) else "not assisted",
                retrafficked=identity in retrafficked.get(year, set()),
                days_to_referral=_days_to_referral(recs),
                record_keys=tuple(r.record for r in recs),
            )
        )
    return out


def _one_record(r: VictimRecord, identity: str, year: int, retrafficked: bool) -> VictimPerson:
    """victims_by_year's rule applied to a person-year of one record, without the resolving."""
    assert r.identified_on is not None
    age = year - r.birth_year if r.birth_year else None
    forms = r.exploitation
    if len(forms) > 1:
        forms = tuple(sorted(set(forms)))
    referral = r.referral
    REFERRAL_ORDER.index(referral)  # an unknown outcome fails as the general rule's min() does
    days = None
    if r.referred_on is not None:
        d = (r.referred_on - r.identified_on).days
        days = d if d >= 0 else None
    return VictimPerson(
        identity=identity,
        year=year,
        quarter=quarter(r.identified_on),
        records=1,
        orgs=(r.org,),
        org_type=r.org_type or NOT_RECORDED,
        province=r.province or NOT_RECORDED,
        sex=r.gender or NOT_RECORDED,
        age_band=age_band(age),
        child=child_or_adult(age),
        nationality=r.nationality or NOT_RECORDED,
        exploitation=forms or (NOT_RECORDED,),
        industry=r.industry or NOT_RECORDED,
        referral=referral,
        assisted="assisted" if r.assisted else "not assisted",
        retrafficked=retrafficked,
        days_to_referral=days,
        record_keys=(r.record,),
    )


def _days_to_referral(recs: Sequence[VictimRecord]) -> int | None:
    start = recs[0].identified_on
    days = [(r.referred_on - start).days for r in recs if r.referred_on is not None and start is not None]
    days = [d for d in days if d >= 0]
    return min(days) if days else None


def retrafficked_identities(records: Iterable[VictimRecord]) -> dict[int, set[str]]:
    """Identities identified again after reintegration, by the year of the new identification.

    "After reintegration": a later case of the same person, opened after the day an earlier case of
    hers ended reintegration (its support plans' actual end, or a follow-up done). A status alone
    (Closed) carries no date, and a police report of a victim an NGO already closed is most often
    the same exploitation told twice, so it does not count: the rule needs the date."""
    by_identity: dict[str, list[VictimRecord]] = {}
    for r in records:
        if r.identified_on is not None:
            by_identity.setdefault(r.identity, []).append(r)
    out: dict[int, set[str]] = {}
    for identity, recs in by_identity.items():
        if len(recs) < 2:  # one record: nothing to be identified again after
            continue
        recs = _ordered(recs)
        for i, later in enumerate(recs):
            assert later.identified_on is not None
            for earlier in recs[:i]:
                if earlier.case_key == later.case_key:
                    continue
                ended = earlier.reintegrated_on
                if ended is not None and ended < later.identified_on:
                    out.setdefault(later.identified_on.year, set()).add(identity)
                    break
    return out


@dataclass
class SuspectPerson:
    identity: str
    year: int
    records: int
    org_type: str
    province: str
    investigated: bool
    prosecuted: bool
    convicted: bool
    acquitted: bool
    sentence_months: int | None
    exploitation: tuple[str, ...]
    sex: str = NOT_RECORDED


def suspects_by_year(records: Iterable[SuspectRecord]) -> list[SuspectPerson]:
    """Suspects once per person and year; a person's furthest stage across her records counts."""
    groups: dict[tuple[str, int], list[SuspectRecord]] = {}
    for r in records:
        if r.identified_on is not None:
            groups.setdefault((r.identity, r.identified_on.year), []).append(r)
    out = []
    for (identity, year), recs in sorted(groups.items()):
        stages = {s for r in recs for s in r.stages}
        verdicts = {v for r in recs for v in r.verdicts}
        sentences = [r.sentence_months for r in recs if r.sentence_months]
        out.append(
            SuspectPerson(
                identity=identity,
                year=year,
                records=len(recs),
                org_type=_resolve(r.org_type for r in recs),
                province=_resolve(r.province for r in recs),
                investigated=True,
                prosecuted=bool(stages & PROSECUTED_STAGES) or bool(verdicts),
                convicted="Convicted" in verdicts,
                acquitted="Acquitted" in verdicts and "Convicted" not in verdicts,
                sentence_months=max(sentences) if sentences else None,
                exploitation=tuple(sorted({f for r in recs for f in r.exploitation})) or (NOT_RECORDED,),
                sex=_resolve(r.gender for r in recs),
            )
        )
    return out
