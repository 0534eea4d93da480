"""A trafficking network, from the job advert to the rescue, and every record it leaves behind.

A network has recruiters (one per nationality it recruits from), perhaps a broker, transporters who
escort victims across borders (sharing their booking), exploiters who run the compound, boat or
brothel, and money mules. Victims answer an advert or are recruited by someone they know (CTDC's
shares of relationships), travel in small groups, are exploited for months, and are rescued in police
raids, escape, or are still held when the scenario ends. Rescues produce police cases (victims,
suspects, witnesses), NGO case files and referrals home, repatriation crossings on emergency travel
documents, hotline calls from families, missing-person notices and watchlist entries. Rates marked
SCENARIO are assumptions; the others come from tipnet.sim.figures.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tipnet.sim import adverts, documents, figures, flows, rescues
from tipnet.sim.context import Ctx, add_years, at_time
from tipnet.sim.documents import Passport
from tipnet.sim.geography import NATIONALITIES, Leg, has_land, land_leg, leg, site, text_language
from tipnet.sim.kinds import KINDS, NETWORK_KIND
from tipnet.sim.names import draw_name
from tipnet.sim.network_model import Journey, Network
from tipnet.sim.people import Person, adult_age, make_person
from tipnet.sim.phonebook import PLANS
from tipnet.sim.rng import Weighted, substream
from tipnet.sim.travel import group_cross, passport_for

# SCENARIO rates.
EXTRA_RECRUITER = 0.4
BROKER = 0.6
FORGED_PASSPORT = 0.12  # transporters, brokers and exploiters with a forged passport in an alias
FORGED_USE = 0.5  # crossings they make on it
FAMILY = 0.65  # victims whose family appears (pays, calls the hotline, reports them missing)
SECOND_ORIGIN = 0.35  # networks recruiting from a second nationality
NEW_SIM_IN_DESTINATION = 0.7
ADVERT_RECRUITMENT = 0.75  # of victims recruited by strangers: through an advert (else social networks)
DECOY_LOCATION = {"MMR": ("Bangkok", "Mae Sot"), "LAO": ("Chiang Rai", "Vientiane")}
MULE_COUNTRY = {"MMR": "THA", "LAO": "THA"}


def build(ctx: Ctx, unit: int, victims: int, budget: int, ordinary: list[Person]) -> list[Person]:
    """Simulate one network with about `victims` victims, creating at most `budget` people."""
    rng = {
        c: substream(ctx.seed, "network", unit, c)
        for c in ("plan", "people", "travel", "rescue", "records", "money", "adverts")
    }
    r = rng["plan"]
    kind = KINDS[NETWORK_KIND.pick(r)]
    destination = kind.destinations.pick(r)
    origins = [kind.origins[destination].pick(r)]
    if r.random() < SECOND_ORIGIN:
        other = kind.origins[destination].pick(r)
        if other not in origins:
            origins.append(other)
    start = ctx.day_between(r, ctx.start, ctx.as_of - timedelta(days=150))
    end = min(ctx.as_of - timedelta(days=45), start + timedelta(days=r.randint(150, 900)))
    net = Network(ctx.new_network_id(), kind, destination, origins, start, end)

    _members(ctx, rng["people"], net, budget)
    room = budget - len(net.members)
    n = min(victims, int(room / (1 + FAMILY * 0.9)))
    if n < 1:
        n = max(0, room)
    _adverts(ctx, rng["adverts"], net, n)
    _victims(ctx, rng["people"], net, n, budget - len(net.members))
    _journeys(ctx, rng["travel"], net)
    _member_trips(ctx, rng["travel"], net)
    rescues.rescues(ctx, rng["rescue"], rng["records"], net, ordinary)
    rescues.hotline_and_lists(ctx, rng["records"], net, ordinary)
    flows.network_money(ctx, rng["money"], net)
    countries = sorted(net.countries | {*net.origins, net.destination})
    ctx.out.write("truth:networks", (net.nid, kind.name, str(len(net.members)), ";".join(countries)))
    return [*net.members, *(j.victim for j in net.journeys), *net.families]


def _member(ctx: Ctx, rng: random.Random, net: Network, role: str, nationality: str) -> Person:
    sex = "F" if rng.random() < figures.trafficker_female_share() else "M"
    person = make_person(ctx, rng, nationality, sex, adult_age(rng, 24, 60), kind="trafficker")
    person.network_id = net.nid
    person.network_role = role
    if role in ("transporter", "broker", "exploiter") and rng.random() < FORGED_PASSPORT:
        alias_nat = (
            nationality if rng.random() < 0.5 or net.destination not in NATIONALITIES else net.destination
        )
        person.alias = draw_name(rng, alias_nat, sex)
        issued = net.start - timedelta(days=rng.randint(30, 700))
        person.forged = documents.forged(
            rng,
            ctx.issuer,
            person.alias,
            alias_nat,
            person.birth + timedelta(days=rng.randint(-400, 400)),
            sex,
            issued,
            booklet_holder=draw_name(rng, alias_nat, sex),
        )
    net.members.append(person)
    return person


def _members(ctx: Ctx, rng: random.Random, net: Network, budget: int) -> None:
    dest = net.destination
    local = dest if dest in NATIONALITIES else net.origins[0]
    plan: list[tuple[str, str]] = [("recruiter", o) for o in net.origins]
    if rng.random() < EXTRA_RECRUITER:
        plan.append(("recruiter", net.origins[0]))
    if rng.random() < BROKER:
        plan.append(
            ("broker", net.origins[0] if net.kind.name in ("domestic_work", "construction") else local)
        )
    transit = "THA" if dest == "MMR" and rng.random() < 0.6 else local
    plan += [("transporter", transit)] * rng.randint(1, 2)
    exploiters = net.kind.exploiter_nationality.get(dest)
    if exploiters is not None:
        plan += [("exploiter", exploiters.pick(rng)) for _ in range(rng.randint(1, 2))]
    mule = MULE_COUNTRY.get(dest, local)
    plan += [("money_mule", mule)] * rng.randint(1, 3)
    for role, nationality in plan[: max(0, budget - 2)]:
        _member(ctx, rng, net, role, nationality)


def _adverts(ctx: Ctx, rng: random.Random, net: Network, n_victims: int) -> None:
    for origin in net.origins:
        recruiter = net.recruiter_for(origin)
        lang = text_language(origin)
        for _ in range(1 + n_victims // (8 * len(net.origins))):
            place = site(rng, net.kind.name, net.destination)
            decoys = DECOY_LOCATION.get(net.destination) if net.kind.name == "scam_compound" else None
            decoy = rng.choice(decoys) if decoys and rng.random() < 0.5 else None
            posted = ctx.day_between(rng, net.start - timedelta(days=30), net.end)
            phone = recruiter.phone if recruiter else ""
            ref = adverts.deceptive(
                ctx,
                rng,
                kind=net.kind.name,
                lang=lang,
                site=place,
                decoy=decoy,
                contact_phone=phone,
                posted=posted,
            )
            net.adverts.setdefault(origin, []).append(ref)


def _victims(ctx: Ctx, rng: random.Random, net: Network, n: int, budget: int) -> None:
    kind = net.kind
    origin_pick = Weighted(net.origins, [0.7] + [0.3 / max(1, len(net.origins) - 1)] * (len(net.origins) - 1))
    relation = Weighted.of(figures.relationship_shares())
    used = 0
    days = sorted(ctx.day_between(rng, net.start, net.end) for _ in range(n))
    for recruited in days:
        if used >= budget:
            break
        origin = origin_pick.pick(rng)
        sex = "F" if rng.random() < kind.female else "M"
        minor = rng.random() < figures.minor_share()
        age_then = rng.randint(14, 17) if minor else min(45, 18 + int(rng.expovariate(1 / 7)))
        # The age is the age when recruited (CTDC's minors are minors when trafficked).
        birth = add_years(recruited, -age_then) - timedelta(days=rng.randrange(1, 360))
        victim = make_person(ctx, rng, origin, sex, age_then, kind="victim", birth=birth)
        used += 1
        if kind.exploitation == "SexualExploitation" and sex == "M" and rng.random() < 0.3:
            victim.gender = "TransgenderFeminine"
        victim.network_id = net.nid
        victim.network_role = "victim"
        victim.exploitation_type = kind.exploitation
        victim.industry = kind.industries.pick(rng) if kind.industries else ""
        rel = relation.pick(rng)
        app = ""
        if rel == "Familial":
            method = "ThroughFamilyOrFamilyEvents"
        elif rel == "Acquainted":
            method = "ThroughFriendsOrSocialEvents" if rng.random() < 0.6 else "ThroughOnlineSocialNetworks"
        else:
            method = (
                "ThroughAnOnlineAdvertisement"
                if rng.random() < ADVERT_RECRUITMENT
                else "ThroughOnlineSocialNetworks"
            )
        if method == "ThroughAnOnlineAdvertisement" and net.adverts.get(origin):
            ref = rng.choice(net.adverts[origin])
            victim.advert_id = ref.record_id
            app = ref.platform
        elif method == "ThroughOnlineSocialNetworks":
            app = rng.choice(("Facebook", "Telegram", "TikTok", "WeChat" if origin == "CHN" else "Facebook"))
        elif method == "ThroughAnOnlineAdvertisement":
            method = "ThroughOnlineSocialNetworks"
            app = "Facebook"
        journey = Journey(victim, origin, recruited, rel, method, app)
        journey.sex_type = kind.sex_types.pick(rng) if kind.sex_types else ""
        if used < budget and rng.random() < FAMILY:
            parent = rng.random() < 0.6
            age = victim.age_on(ctx.as_of) + (rng.randint(18, 32) if parent else rng.randint(-6, 8))
            family = make_person(
                ctx,
                rng,
                origin,
                rng.choice("FM"),
                max(16, min(age, 85)),
                household=victim,
                share_family_name=origin not in ("MMR", "IDN"),
            )
            journey.family = family
            net.families.append(family)
            used += 1
        net.journeys.append(journey)


def _route(rng: random.Random, origin: str, dest: str) -> list[Leg]:
    """The recorded legs of a journey; the last stretch into Myawaddy is an irregular river crossing."""
    if dest == "MMR":
        return [] if origin == "THA" else [leg(rng, origin, "THA", prefer_land=0.6)]
    if dest == "LAO" and not has_land(origin, "LAO"):
        return [leg(rng, origin, "THA", prefer_land=0.3), land_leg("THA", "LAO", rng)]
    return [leg(rng, origin, dest, prefer_land=0.7)]


def _shown_passport(ctx: Ctx, rng: random.Random, person: Person, day: date) -> Passport:
    if person.forged is not None and rng.random() < FORGED_USE:
        person.show(person.forged)
        return person.forged
    return passport_for(ctx, rng, person, day, expired_rate=0.0)


def _journeys(ctx: Ctx, rng: random.Random, net: Network) -> None:
    transporters = net.role("transporter") or net.role("recruiter")
    by_origin: dict[str, list[Journey]] = {}
    for j in net.journeys:
        by_origin.setdefault(j.origin, []).append(j)
    for origin, group in by_origin.items():
        i = 0
        while i < len(group):
            size = rng.randint(1, 6)
            batch = [j for j in group[i : i + size] if (j.recruited - group[i].recruited).days <= 20] or [
                group[i]
            ]
            i += len(batch)
            depart = max(j.recruited for j in batch) + timedelta(days=rng.randint(2, 14))
            if depart >= ctx.as_of:
                continue
            escort = rng.choice(transporters) if transporters else None
            when = at_time(rng, depart, night=True)
            for j in batch:
                p = passport_for(
                    ctx, rng, j.victim, when.date(), expired_rate=documents.VICTIM_EXPIRED_USE_RATE
                )
                if j.victim.age_on(when.date()) < 18 and rng.random() < documents.MINOR_ALTERED_RATE:
                    # The booklet itself is altered: from now on it shows an adult's birth date.
                    altered = documents.altered_birth(rng, p, add_years(j.victim.birth, -rng.randint(2, 5)))
                    j.victim.passports[j.victim.passports.index(p)] = altered
                    p = altered
                j.passport = p
            for hop in _route(rng, origin, net.destination):
                net.countries.update((hop.origin, hop.destination))
                party: list[tuple[Person, Passport]] = [(j.victim, j.passport) for j in batch if j.passport]
                if escort is not None:
                    party.append((escort, _shown_passport(ctx, rng, escort, when.date())))
                when = group_cross(ctx, rng, party, hop, when) + timedelta(hours=rng.randint(3, 30))
            arrived = when.date()
            for j in batch:
                j.arrived = arrived
                j.site = site(rng, net.kind.name, net.destination)
                if rng.random() < NEW_SIM_IN_DESTINATION:
                    country = net.destination if net.destination in PLANS else origin
                    j.victim.phone2 = ctx.phones.issue(country)
                    j.victim.phone2_country = country
            if escort is not None and escort.nationality != net.destination:
                back = arrived + timedelta(days=rng.randint(1, 5))
                if back < ctx.as_of:
                    for hop in reversed(_route(rng, origin, net.destination)):
                        rev = Leg(hop.destination, hop.origin, hop.entry_post, hop.exit_post, hop.air)
                        group_cross(
                            ctx,
                            rng,
                            [(escort, _shown_passport(ctx, rng, escort, back))],
                            rev,
                            at_time(rng, back),
                        )


def _member_trips(ctx: Ctx, rng: random.Random, net: Network) -> None:
    """Recruiters visiting the destination, exploiters going home now and then."""
    for m in net.members:
        home, away = m.nationality, net.destination
        if home == away or m.network_role in ("money_mule", "transporter"):
            continue
        if m.network_role == "exploiter":  # lives at the compound, goes home now and then
            home, away = away, home
        for _ in range(rng.randint(0, 2)):
            day = ctx.day_between(rng, net.start, net.end)
            hops = _route(rng, home, away) or [leg(rng, home, away)]
            when = at_time(rng, day, night=True)
            for hop in hops:
                when = group_cross(ctx, rng, [(m, _shown_passport(ctx, rng, m, day))], hop, when)
            back = when.date() + timedelta(days=rng.randint(3, 40))
            if back < ctx.as_of:
                for hop in reversed(hops):
                    rev = Leg(hop.destination, hop.origin, hop.entry_post, hop.exit_post, hop.air)
                    group_cross(ctx, rng, [(m, _shown_passport(ctx, rng, m, back))], rev, at_time(rng, back))
