"""The scenario driver: the population is generated unit by unit and written as it goes.

A unit is a few hundred people: ordinary households, then one trafficking network with its victims
and victims' families, sized so that victims make up `figures.VICTIM_SHARE` of everyone. A unit's
people are dropped once its rows are written, so memory stays flat up to a million people and more.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tipnet import __version__
from tipnet.sim import figures, networks, ordinary
from tipnet.sim.context import Ctx
from tipnet.sim.identifiers import Issuer
from tipnet.sim.kinds import MEAN_VICTIMS_PER_NETWORK
from tipnet.sim.orgs import directory_rows
from tipnet.sim.output import Manifest, Output
from tipnet.sim.people import Person
from tipnet.sim.phonebook import Phonebook
from tipnet.sim.rng import substream

CITATIONS = [
    f"{figures.CTDC_CITATION}: victim-perpetrator synthetic data set (shares derived by tools/ctdc_distributions.py)",
    figures.TIP_CITATION,
    figures.OHCHR_CITATION,
    "HTCDS by IOM (Human Trafficking Case Data Standard v2.0, CC BY 4.0): field and value names",
]
VICTIMS_SPREAD = 0.6  # lognormal sigma of victims per network


def run(
    out_dir: Path,
    *,
    people: int,
    seed: int,
    fmt: str,
    as_of: date,
    progress: Callable[[int, int], None] | None = None,
) -> Manifest:
    if people < 1:
        raise ValueError("people must be at least 1")
    out = Output(out_dir, fmt)
    try:
        ctx = Ctx(seed, as_of, out, Issuer(seed), Phonebook(seed))
        for row in directory_rows():
            out.write("organisations", row)
        unit = 0
        while ctx.people < people:
            _unit(ctx, unit, people)
            unit += 1
            if progress is not None:
                progress(ctx.people, people)
    except BaseException:
        out.abort()
        raise
    manifest = Manifest(seed, people, as_of.isoformat(), fmt, __version__, citations=list(CITATIONS))
    return out.close(manifest)


def _unit(ctx: Ctx, unit: int, people: int) -> None:
    rng = substream(ctx.seed, "unit", unit)
    remaining = people - ctx.people
    mu = math.log(MEAN_VICTIMS_PER_NETWORK) - VICTIMS_SPREAD**2 / 2
    victims = max(2, min(80, round(rng.lognormvariate(mu, VICTIMS_SPREAD))))
    network_people = round(victims * (1 + networks.FAMILY)) + 8
    total = round(victims / figures.VICTIM_SHARE)
    if remaining < total:
        victims = int(remaining * figures.VICTIM_SHARE)
        network_people = round(victims * (1 + networks.FAMILY)) + 8
        if victims < 2 or remaining < 3 * network_people:
            victims = 0
        total = remaining
    count = max(0, min(remaining, total - network_people)) if victims else remaining
    households = ordinary.make_households(ctx, substream(ctx.seed, "unit", unit, "households"), count)
    ordinary.bank_and_pay(ctx, substream(ctx.seed, "unit", unit, "bank"), households)
    ordinary.rare_records(ctx, substream(ctx.seed, "unit", unit, "rare"), households)
    ordinary.genuine_adverts(ctx, substream(ctx.seed, "unit", unit, "adverts"), count)
    created: list[Person] = list(households)
    if victims and ctx.people < people:
        created += networks.build(ctx, unit, victims, people - ctx.people, households)
    created.sort(key=lambda person: person.pid)
    write = ctx.out.write
    for person in created:
        write("truth:persons", person.truth_row())
        for doc in person.used.values():
            write("truth:documents", (doc.number, doc.issuing_state, person.pid, doc.status))
