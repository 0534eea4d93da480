"""The statistics the committee publishes, computed from the store: one call, a list of tables."""

from __future__ import annotations

import csv
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from tipnet.stats import tables
from tipnet.stats.people import NOT_RECORDED, SuspectPerson, VictimPerson, suspects_by_year, victims_by_year
from tipnet.stats.store_facts import identities, prevention_counts, suspect_records, victim_records

Population = Mapping[tuple[int, str, str], int]


def load_population(path: Path | None = None) -> dict[tuple[int, str, str], int]:
    """year,sex,age_group,population rows (lines starting with # are the source note)."""
    if path is None:
        text = resources.files("tipnet.stats").joinpath("data/population.csv").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: dict[tuple[int, str, str], int] = {}
    for i, row in enumerate(csv.DictReader(lines), start=2):
        try:
            out[(int(row["year"]), row["sex"], row["age_group"])] = int(row["population"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"population table row {i}: year, sex, age_group, population ({exc})") from None
    return out


@dataclass
class Facts:
    victims: list[VictimPerson]
    suspects: list[SuspectPerson]
    prevention: dict[int, dict[str, int]]
    undated_victim_records: int


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Reading a million records allocates millions of small objects and no cycles; Python's cyclic
    collector would walk them all again and again (half the reading time at 100,000 people).
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def facts(session: Session, year: int | None = None) -> Facts:
    with _no_cyclic_gc():
        return _facts(session, year)


def _facts(session: Session, year: int | None) -> Facts:
    ids = identities(session)  # read once for victims and suspects
    vrec = victim_records(session, ids)
    srec = suspect_records(session, ids)
    del ids
    victims = victims_by_year(vrec)
    suspects = suspects_by_year(srec)
    prevention = prevention_counts(session)
    if year is not None:
        victims = [p for p in victims if p.year == year]
        suspects = [p for p in suspects if p.year == year]
        prevention = {y: v for y, v in prevention.items() if y == year}
    return Facts(victims, suspects, prevention, sum(1 for r in vrec if r.identified_on is None))


DEFAULT_VICTIM_TABLES: tuple[tuple[str, ...], ...] = (
    ("year", "sex"),
    ("year", "child", "age_band"),
    ("year", "nationality"),
    ("year", "exploitation"),
    ("year", "industry"),
    ("year", "referral"),
    ("year", "org_type"),
    ("year", "quarter"),
    ("year", "province"),
)


def compute(
    f: Facts, by: Sequence[str] | None = None, population: Population | None = None
) -> list[tables.Table]:
    """`by` given: that one victims table. Otherwise every table of the 3P report."""
    if by:
        return [tables.victims(f.victims, list(by))]
    out = [tables.people_vs_records(f.victims)]
    out += [
        tables.victims(f.victims, list(b), f"victims identified by {', '.join(b[1:])}")
        for b in DEFAULT_VICTIM_TABLES
    ]
    out.append(tables.suspects(f.suspects, ["year"]))
    out.append(tables.suspects(f.suspects, ["year", "exploitation"]))
    out.append(tables.glotip_victims(f.victims))
    out.append(tables.glotip_suspects(f.suspects))
    pop = population if population is not None else load_population()
    for b in ("sex", "child", "exploitation"):
        out.append(tables.sdg_16_2_2(f.victims, pop, b))
    prev_rows = [
        [y, v["hotline reports"], v["adverts collected"], NOT_RECORDED, NOT_RECORDED]
        for y, v in sorted(f.prevention.items())
    ]
    out.append(
        tables.Table(
            "prevention",
            ["year", "hotline reports", "adverts collected", "adverts flagged deceptive", "awareness events"],
            prev_rows,
            ["adverts flagged and awareness events are not recorded in the store"],
        )
    )
    if f.undated_victim_records:
        out[0].notes.append(f"{f.undated_victim_records} victim records have no date and are in no year")
    return out
