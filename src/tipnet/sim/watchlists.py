"""Watchlist entries: known traffickers, wanted suspects, and missing persons reported by families.

Lists are written as FollowTheMoney-style CSVs (tipnet.sources.WATCHLIST): the primary name in the
passport spelling, aliases in native script and other spellings, topics crime.traffick, wanted, crime
and poi (a missing person, who in this scenario is a victim).
"""

from __future__ import annotations

import random

from tipnet.sim.context import Ctx
from tipnet.sim.distort import watchlist_names
from tipnet.sim.people import Person

PREFIX = {"traffickers": "TRF", "wanted": "WNT", "missing": "MSG"}


def write(
    ctx: Ctx, rng: random.Random, list_name: str, person: Person, topics: str, *, document: str = ""
) -> str:
    name, aliases = watchlist_names(rng, person.name)
    if person.alias is not None and list_name != "missing":
        aliases.append(person.alias.latin())
    entry = ctx.new_watchlist_id(PREFIX[list_name])
    birth = person.birth.isoformat() if rng.random() < 0.7 else str(person.birth.year)
    ctx.out.write(
        f"watchlist:{list_name}",
        (
            entry,
            name,
            ";".join(aliases),
            birth,
            person.nationality,
            "female" if person.sex == "F" else "male",
            document,
            topics,
        ),
    )
    ctx.record("watchlist", list_name, entry, person.pid)
    return entry
