"""Person-level rules: once per person and year, attributes resolved by majority, re-trafficking
only after a dated reintegration, suspects at their furthest stage."""

from __future__ import annotations

from datetime import date

import pytest

from tipnet.stats import tables
from tipnet.stats.export import rows_as_dicts
from tipnet.stats.people import (
    SuspectRecord,
    VictimRecord,
    age_band,
    retrafficked_identities,
    suspects_by_year,
    victims_by_year,
)


def _v(rec: str, ident: str, day: date, **kw: object) -> VictimRecord:
    base: dict[str, object] = {"org": "KH-NGO", "org_type": "NGO", "case_key": f"case:{rec}"}
    base.update(kw)
    return VictimRecord(record=rec, identity=ident, identified_on=day, **base)  # type: ignore[arg-type]


def test_two_agencies_one_person_counts_once_a_year_and_in_each_year() -> None:
    recs = [
        _v("a", "P1", date(2025, 2, 1), gender="Feminine", birth_year=2009, org_type="LawEnforcement"),
        _v("b", "P1", date(2025, 3, 1), gender="Feminine", birth_year=2008),
        _v("c", "P1", date(2026, 1, 5), gender="Feminine", birth_year=2008),
        _v("d", "P2", date(2025, 7, 1), gender="Masculine", birth_year=1990, exploitation=("ForcedLabour",)),
    ]
    people = victims_by_year(recs)
    pvr = rows_as_dicts(tables.people_vs_records(people))
    assert pvr == [
        {
            "year": 2025,
            "victims (persons)": 2,
            "victim records": 3,
            "records of people already counted": 1,
            "re-trafficked": 0,
        },
        {
            "year": 2026,
            "victims (persons)": 1,
            "victim records": 1,
            "records of people already counted": 0,
            "re-trafficked": 0,
        },
    ]
    p1 = next(p for p in people if p.identity == "P1" and p.year == 2025)
    # birth year tie (2009 vs 2008): the earliest record's wins -> 16 in 2025, a child
    assert p1.child == "child" and p1.age_band == "12-17" and p1.org_type == "LawEnforcement"
    assert p1.exploitation == ("not recorded",)


def test_retrafficked_needs_a_dated_reintegration_before_the_new_case() -> None:
    first = _v("a", "P1", date(2024, 1, 1), reintegrated_on=date(2024, 9, 1), case_key="case:1")
    same_episode = _v("b", "P1", date(2024, 3, 1), case_key="case:2")  # before reintegration ended
    again = _v("c", "P1", date(2025, 5, 1), case_key="case:3")
    closed_no_date = _v("d", "P2", date(2024, 1, 1), case_closed=True, case_key="case:4")
    p2_later = _v("e", "P2", date(2025, 1, 1), case_key="case:5")
    out = retrafficked_identities([first, same_episode, again, closed_no_date, p2_later])
    assert out == {2025: {"P1"}}
    people = victims_by_year([first, same_episode, again, closed_no_date, p2_later])
    assert [(p.identity, p.year) for p in people if p.retrafficked] == [("P1", 2025)]


def test_suspect_furthest_stage_per_person() -> None:
    recs = [
        SuspectRecord("s1", "S", date(2025, 1, 1), "KH-POL", "LawEnforcement", stages=("Investigation",)),
        SuspectRecord(
            "s2",
            "S",
            date(2025, 6, 1),
            "KH-COURT",
            "Judiciary",
            stages=("Trial",),
            verdicts=("Convicted",),
            sentence_months=60,
        ),
        SuspectRecord(
            "s3",
            "T",
            date(2025, 6, 1),
            "KH-POL",
            "LawEnforcement",
            stages=("Trial",),
            verdicts=("Acquitted",),
        ),
    ]
    t = rows_as_dicts(tables.suspects(suspects_by_year(recs), ["year"]))
    assert t[0] == {
        "year": "2025",
        "investigated": 2,
        "prosecuted": 2,
        "convicted": 1,
        "acquitted": 1,
        "records": 3,
        "median_sentence_months": 60,
    }


@pytest.mark.parametrize(
    ("age", "band"),
    [(None, "not recorded"), (5, "0-11"), (17, "12-17"), (18, "18-24"), (49, "35-49"), (50, "50+")],
)
def test_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


def test_sdg_rate_uses_population_of_the_group() -> None:
    people = victims_by_year([_v(str(i), f"P{i}", date(2025, 1, 1), gender="Feminine") for i in range(30)])
    pop = {(2025, "Feminine", "all"): 3_000_000, (2025, "all", "all"): 6_000_000}
    rows = rows_as_dicts(tables.sdg_16_2_2(people, pop, "sex"))
    assert {r["sex"]: r["per 100,000"] for r in rows} == {"Feminine": 1.0, "all": 0.5}


def test_unknown_breakdown_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot break down by shoe_size"):
        tables.victims([], ["year", "shoe_size"])


def test_published_table_hides_small_cells_beyond_recovery() -> None:
    from tipnet.release.small_cells import recoverable

    recs = []
    spec = {
        ("2025", "KHM"): 12,
        ("2025", "LAO"): 2,
        ("2025", "MMR"): 7,
        ("2026", "KHM"): 9,
        ("2026", "LAO"): 6,
    }
    for (year, nat), n in spec.items():
        for i in range(n):
            recs.append(_v(f"{year}{nat}{i}", f"{year}{nat}{i}", date(int(year), 3, 1), nationality=nat))
    full = tables.victims(victims_by_year(recs), ["year", "nationality"])
    shown = tables.suppress_small(full, 5)
    hidden = {(r[0], r[1]) for r in shown.rows if r[2] == "<5*"}
    assert ("2025", "LAO") in hidden and len(hidden) >= 2
    grid = {(y, n): spec.get((y, n), 0) for y in ("2025", "2026") for n in ("KHM", "LAO", "MMR")}
    published = {k: (None if k in hidden else n) for k, n in grid.items()}
    assert recoverable(grid, published) == []
    assert shown.rows[-1] == full.rows[-1]  # the total stays


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"gender": "Feminine", "birth_year": 2010, "nationality": "KHM", "industry": "Fishing"},
        {"exploitation": ("SexualExploitation", "ForcedLabour", "ForcedLabour"), "referral": "accepted"},
        {"org_type": "", "province": "Koh Kong", "assisted": True, "referred_on": date(2025, 3, 3)},
        {"referred_on": date(2024, 12, 1), "birth_year": 0},  # referred before: no days; 0 is no year
    ],
)
def test_one_record_person_year_follows_the_general_rule(kw: dict[str, object]) -> None:
    """A person-year of one record takes a short path; two identical records take the resolving
    rule: both must give the same person."""
    one = victims_by_year([_v("a", "P1", date(2025, 2, 1), **kw)])
    two = victims_by_year([_v("a", "P1", date(2025, 2, 1), **kw), _v("b", "P1", date(2025, 2, 1), **kw)])
    assert len(one) == len(two) == 1
    got, want = vars(one[0]), vars(two[0])
    assert got.pop("records") == 1 and want.pop("records") == 2
    assert got.pop("record_keys") == ("a",) and want.pop("record_keys") == ("a", "b")
    assert got == want
