"""Border crossings: which passport a traveller shows, and the records both border posts write.

Each leg of a journey writes an Exit record at the post of departure and an Entry record at the post
of arrival, by the immigration service of each country that is in the data set (a traveller flying
in from India leaves no Exit record). Irregular crossings (over the Moei river into Myawaddy) leave
none. People travelling together share `booking_ref` (a flight's PNR, a van's plate).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from tipnet.sim import documents
from tipnet.sim.context import Ctx, stamp
from tipnet.sim.distort import crossing_name
from tipnet.sim.documents import Passport
from tipnet.sim.geography import Leg
from tipnet.sim.orgs import IMMIGRATION
from tipnet.sim.people import Person

# SCENARIO: ordinary travellers.
TRAVELLER_SHARE = 0.55  # ordinary adults who cross a border in the window
MEAN_EXTRA_TRIPS = 0.8  # trips beyond the first (geometric)
LONG_STAY_SHARE = 0.2  # migrant workers: stays of months to years
HOUSEHOLD_TRIP_SHARE = 0.35  # trips a household makes together (one booking)


def passport_for(
    ctx: Ctx, rng: random.Random, person: Person, when: date, *, expired_rate: float
) -> Passport:
    """The passport `person` shows on `when`: the one valid then (issued on demand), rarely an expired one."""
    if not person.passports:
        earliest = person.birth + timedelta(days=30)
        issued = max(earliest, when - timedelta(days=rng.randint(20, 3000)))
        person.passports.append(
            documents.genuine(
                ctx.issuer,
                person.name,
                person.nationality,
                person.birth,
                person.sex,
                issued,
                national_id=person.national_id,
            )
        )
    while person.passports[-1].expiry < when:
        last = person.passports[-1]
        if rng.random() < expired_rate:
            # Travels once more on the old booklet before renewing it.
            last.status = documents.STATUS_EXPIRED
            return last
        issued = max(last.expiry - timedelta(days=rng.randint(0, 120)), last.issued + timedelta(days=400))
        person.passports.append(
            documents.genuine(
                ctx.issuer,
                person.name,
                person.nationality,
                person.birth,
                person.sex,
                issued,
                national_id=person.national_id,
            )
        )
    for p in reversed(person.passports):
        if p.issued <= when:
            return p
    return person.passports[0]


def cross(
    ctx: Ctx, rng: random.Random, person: Person, leg: Leg, when: datetime, booking: str, passport: Passport
) -> datetime:
    """Write the Exit and Entry records of one leg; returns the arrival time."""
    duration = timedelta(minutes=rng.randint(70, 300)) if leg.air else timedelta(minutes=rng.randint(4, 40))
    arrival = when + duration
    person.show(passport)
    for post, direction, moment in ((leg.exit_post, "Exit", when), (leg.entry_post, "Entry", arrival)):
        if post is None or post.country not in IMMIGRATION:
            continue
        org = IMMIGRATION[post.country].code
        rid = ctx.issuer.record_id(org, "XR")
        surname, given = crossing_name(rng, passport.surname, passport.given_names, land=not post.air)
        ctx.out.write(
            "crossings",
            (
                rid,
                org,
                stamp(moment),
                direction,
                post.name,
                post.country,
                passport.document_type,
                passport.number,
                passport.issuing_state,
                passport.nationality,
                surname,
                given,
                passport.birth.isoformat(),
                passport.sex,
                passport.expiry.isoformat(),
                passport.mrz,
                booking,
            ),
        )
        ctx.record("crossings", org, rid, person.pid)
    return arrival


def group_cross(
    ctx: Ctx,
    rng: random.Random,
    travellers: list[tuple[Person, Passport]],
    leg: Leg,
    when: datetime,
    booking: str | None = None,
) -> datetime:
    """Several people on one booking, queueing at the same post a few seconds to minutes apart."""
    ref = booking or ctx.issuer.booking_ref(leg.air, rng)
    arrival = when
    for i, (person, passport) in enumerate(travellers):
        arrival = max(
            arrival,
            cross(
                ctx, rng, person, leg, when + timedelta(seconds=40 * i + rng.randint(0, 30)), ref, passport
            ),
        )
    return arrival
