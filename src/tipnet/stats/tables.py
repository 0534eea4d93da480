"""The 3P tables (protection, prosecution, prevention) and SDG 16.2.2 over person-level facts.

Every table has persons (people, by resolved identity) and, beside it, records (what adding up the
agencies' records would have said). A person with two forms of exploitation counts once in each
form's row, so a by-exploitation table's rows add up to more than its total: the total row says so.
Pure logic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tipnet.stats.people import NOT_RECORDED, SuspectPerson, VictimPerson

VICTIM_FIELDS = (
    "year",
    "quarter",
    "province",
    "org_type",
    "sex",
    "age_band",
    "child",
    "nationality",
    "exploitation",
    "industry",
    "referral",
    "assisted",
    "retrafficked",
)
SUSPECT_FIELDS = ("year", "province", "org_type", "exploitation")
MULTI = {"exploitation"}


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "columns": self.columns,
            "rows": self.rows,
            "notes": self.notes,
        }


def _values(person: Any, name: str) -> list[str]:
    return _value_strs(name, getattr(person, name))


def _value_strs(name: str, value: Any) -> list[str]:
    if name in MULTI:
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return [str(value) if value not in (None, "") else NOT_RECORDED]


def _keys(person: Any, by: Sequence[str]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for name in by:
        keys = [(*k, v) for k in keys for v in _values(person, name)]
    return keys


def check_fields(by: Sequence[str], allowed: Sequence[str]) -> None:
    bad = [b for b in by if b not in allowed]
    if bad:
        raise ValueError(f"cannot break down by {', '.join(bad)}; fields: {', '.join(allowed)}")


def victims(persons: Iterable[VictimPerson], by: Sequence[str], name: str = "victims identified") -> Table:
    """Victims identified (and assisted) by the `by` fields: persons and records per cell."""
    check_fields(by, VICTIM_FIELDS)
    # persons are first counted by their raw values (a million persons hold a few hundred distinct
    # combinations), then each combination is spelt out into its cells once
    raw: dict[tuple[Any, ...], list[int]] = {}
    fields = tuple(by)
    for p in persons:
        values = tuple([getattr(p, field_) for field_ in fields])
        acc = raw.get(values)
        if acc is None:
            acc = raw[values] = [0, 0, 0]
        acc[0] += 1
        acc[1] += p.records
        acc[2] += p.assisted == "assisted"
    cells: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    total = [0, 0, 0]
    for values, (n, recs, assisted) in raw.items():
        keys: list[tuple[str, ...]] = [()]
        for field_, value in zip(fields, values, strict=True):
            keys = [(*k, v) for k in keys for v in _value_strs(field_, value)]
        for key in keys:
            cell = cells[key]
            cell[0] += n
            cell[1] += recs
            cell[2] += assisted
        total[0] += n
        total[1] += recs
        total[2] += assisted
    rows = [[*k, *v] for k, v in sorted(cells.items())]
    notes = ["persons: distinct people by resolved identity; records: agency records of them"]
    if MULTI & set(by):
        notes.append("a person with several forms of exploitation counts in each; rows add up to more")
    rows.append([*(["total"] * len(by)), *total])
    return Table(name, [*by, "persons", "records", "assisted"], rows, notes)


def suspects(persons: Iterable[SuspectPerson], by: Sequence[str]) -> Table:
    """Suspects investigated, prosecuted, convicted (and acquitted), per person; sentences."""
    check_fields(by, SUSPECT_FIELDS)
    cells: dict[tuple[str, ...], list[Any]] = defaultdict(lambda: [0, 0, 0, 0, 0, []])
    for p in persons:
        for key in _keys(p, by) + ([tuple(["total"] * len(by))] if by else []):
            c = cells[key]
            c[0] += p.investigated
            c[1] += p.prosecuted
            c[2] += p.convicted
            c[3] += p.acquitted
            c[4] += p.records
            if p.sentence_months:
                c[5].append(p.sentence_months)
    rows = []
    for k, c in sorted(cells.items(), key=lambda kv: (kv[0] == tuple(["total"] * len(by)), kv[0])):
        sentences = sorted(c[5])
        median = sentences[len(sentences) // 2] if sentences else None
        rows.append([*k, c[0], c[1], c[2], c[3], c[4], median])
    return Table(
        "suspects (prosecution)",
        [*by, "investigated", "prosecuted", "convicted", "acquitted", "records", "median_sentence_months"],
        rows,
        ["persons by resolved identity; a person's furthest stage across her records counts"],
    )


GLOTIP_GROUPS = ("girls", "boys", "women", "men", "sex or age not recorded")


def _glotip_group(sex: str, child: str) -> str:
    female, male = sex in ("Feminine", "Female", "F"), sex in ("Masculine", "Male", "M")
    if child == "child" and (female or male):
        return "girls" if female else "boys"
    if child == "adult" and (female or male):
        return "women" if female else "men"
    return "sex or age not recorded"


def glotip_victims(persons: Iterable[VictimPerson]) -> Table:
    """Detected victims per year and form of exploitation, by girls, boys, women and men: the layout
    of UNODC's GLOTIP questionnaire (its victims section), not the questionnaire itself."""
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for p in persons:
        for form in p.exploitation:
            cells[(str(p.year), form)][_glotip_group(p.sex, p.child)] += 1
    rows = [[y, f, *(c[g] for g in GLOTIP_GROUPS), sum(c.values())] for (y, f), c in sorted(cells.items())]
    return Table(
        "GLOTIP layout: victims detected by form of exploitation",
        ["year", "form of exploitation", *GLOTIP_GROUPS, "total"],
        rows,
        ["children: under 18 at the year of identification; persons by resolved identity",
         "a person with several forms counts under each"],
    )  # fmt: skip


def glotip_suspects(persons: Iterable[SuspectPerson]) -> Table:
    """Persons investigated, prosecuted and convicted per year, by sex (GLOTIP's justice section)."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in persons:
        sex = p.sex if p.sex != NOT_RECORDED else "sex not recorded"
        c = cells[(str(p.year), sex)]
        c[0] += p.investigated
        c[1] += p.prosecuted
        c[2] += p.convicted
    rows = [[y, s, *c] for (y, s), c in sorted(cells.items())]
    return Table(
        "GLOTIP layout: persons in the justice system by sex",
        ["year", "sex", "investigated", "prosecuted", "convicted"],
        rows,
        ["persons by resolved identity, at their furthest stage that year"],
    )


def people_vs_records(persons: Sequence[VictimPerson]) -> Table:
    """Per year: people identified, the records of them, the difference and re-trafficked persons."""
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in persons:
        by_year[p.year][0] += 1
        by_year[p.year][1] += p.records
        by_year[p.year][2] += p.retrafficked
    rows = [[y, c[0], c[1], c[1] - c[0], c[2]] for y, c in sorted(by_year.items())]
    return Table(
        "people, not records",
        ["year", "victims (persons)", "victim records", "records of people already counted", "re-trafficked"],
        rows,
        [
            "a person identified by two agencies, or twice in a year, counts once that year",
            "a person identified in two years counts in each year",
            "re-trafficked: identified again after a case closed with reintegration",
        ],
    )


def sdg_16_2_2(
    persons: Sequence[VictimPerson],
    population: Mapping[tuple[int, str, str], int],
    by: str = "sex",
) -> Table:
    """SDG 16.2.2: detected victims per 100,000 population, by sex, age (child/adult) or form of
    exploitation. `population` maps (year, sex, child) -> people; sex and child may be "all"."""
    if by not in ("sex", "child", "exploitation"):
        raise ValueError("SDG 16.2.2 breaks down by sex, child or exploitation")
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for p in persons:
        for v in _values(p, by):
            counts[(p.year, v)] += 1
        counts[(p.year, "all")] += 1
    rows = []
    notes = ["rate = detected victims (persons) per 100,000 population of the same year and group"]
    for (year, v), n in sorted(counts.items()):
        if by == "sex":
            pop = population.get((year, v, "all"))
        elif by == "child":
            pop = population.get((year, "all", v))
        else:
            pop = population.get((year, "all", "all"))
        rate = round(n / pop * 100_000, 3) if pop else None
        rows.append([year, v, n, pop if pop else NOT_RECORDED, rate if rate is not None else NOT_RECORDED])
    return Table(f"SDG 16.2.2 by {by}", ["year", by, "victims", "population", "per 100,000"], rows, notes)


def suppress_small(table: Table, threshold: int = 5, count: str = "persons") -> Table:
    """The table as it may be published: small person counts hidden, with secondary suppression
    within each year (its first column) and each category across years, so no hidden cell can be
    recovered from a total. Records and assisted counts of a hidden cell are hidden with it; totals
    stay (they are what secondary suppression protects against)."""
    from tipnet.release.small_cells import suppress

    if count not in table.columns or table.columns.index(count) < 2:
        return table
    ip = table.columns.index(count)

    def is_total(r: list[Any]) -> bool:
        return r[0] == "total" or "all" in r[1:ip]

    body = [r for r in table.rows if not is_total(r)]
    cells = {(str(r[0]), "|".join(str(v) for v in r[1:ip])): int(r[ip]) for r in body}
    years = sorted({k[0] for k in cells})
    cats = sorted({k[1] for k in cells})
    grid = {(y, c): cells.get((y, c), 0) for y in years for c in cats}  # absent = a known zero
    published = suppress(grid, threshold)
    hidden_mark = f"<{threshold}*"
    rows = []
    for r in body:
        if published[(str(r[0]), "|".join(str(v) for v in r[1:ip]))] is None:
            r = [*r[:ip], *([hidden_mark] * (len(r) - ip))]
        rows.append(r)
    for (y, c), n in grid.items():  # zeros hidden to protect a neighbour are listed, hidden
        if n == 0 and published[(y, c)] is None:
            rows.append([y, *c.split("|"), *([hidden_mark] * (len(table.columns) - ip))])
    rows.sort(key=lambda r: [str(v) for v in r[:ip]])
    rows += [r for r in table.rows if is_total(r)]
    notes = [
        *table.notes,
        f"cells under {threshold} persons hidden; * also cells hidden so that none can be recovered from totals",
    ]
    return Table(table.name, table.columns, rows, notes)


MICRODATA_COLUMNS = (
    "year",
    "sex",
    "age_band",
    "nationality",
    "exploitation",
    "industry",
    "org_type",
    "referral",
)
MICRODATA_QUASI = ("year", "sex", "age_band", "nationality", "exploitation")


def victim_microdata(persons: Iterable[VictimPerson]) -> list[dict[str, str]]:
    """One row per victim and year, no identifier: what `tipnet stats --microdata` releases after
    k-anonymity (the quasi-identifiers are MICRODATA_QUASI)."""
    return [
        {
            "year": str(p.year),
            "sex": p.sex,
            "age_band": p.age_band,
            "nationality": p.nationality,
            "exploitation": ";".join(p.exploitation),
            "industry": p.industry,
            "org_type": p.org_type,
            "referral": p.referral,
        }
        for p in persons
    ]
