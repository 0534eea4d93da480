"""Rescues and what they leave behind: raids and escapes, police cases, NGO case files and referrals
home, repatriation on emergency travel documents, hotline calls from families, missing-person notices
and watchlist entries. Split from `networks`, which builds the network and its journeys and calls
`rescues` and `hotline_and_lists` last. Rates marked SCENARIO are assumptions; the others come from
tipnet.sim.figures.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tipnet.sim import documents, figures, hotline, ngo, police, watchlists
from tipnet.sim.context import Ctx, at_time
from tipnet.sim.geography import Leg, land_leg, leg, site, text_language
from tipnet.sim.network_model import Journey, Network
from tipnet.sim.ngo import VictimStory
from tipnet.sim.orgs import HOTLINES, NGOS, POLICE, SHELTERS, Org
from tipnet.sim.people import Person
from tipnet.sim.travel import group_cross, passport_for

# SCENARIO rates.
ESCAPE_RATE = 0.1
NGO_AFTER_RESCUE = 0.85
REFERRAL_HOME = 0.6
ORIGIN_POLICE_CASE = 0.3
MISSING_REPORTED = 0.12
EMERGENCY_DOCUMENT = {"scam_compound": 0.6, "fishing": 0.5, "domestic_work": 0.5}
EMERGENCY_DOCUMENT_OTHER = 0.3
WITNESSES = 0.4
AT_LARGE = 0.5  # suspects still under investigation who are on the wanted list
KNOWN_TO_POLICE = 0.15  # members on the traffickers list without a case in the data
RECRUITER_REPORTED = 0.2  # recruiters reported to a hotline by a villager


def home_route(rng: random.Random, origin: str, dest: str) -> list[Leg]:
    if dest == "MMR":
        # Handed over at the Friendship Bridge, then home from Thailand.
        legs = [land_leg("MMR", "THA", rng)]
        return legs if origin == "THA" else [*legs, leg(rng, "THA", origin, prefer_land=0.5)]
    return [leg(rng, dest, origin, prefer_land=0.6)]


def rescues(ctx: Ctx, rng: random.Random, rec: random.Random, net: Network, ordinary: list[Person]) -> None:
    horizon = min(ctx.as_of, net.end + timedelta(days=540))
    raids = sorted(
        ctx.day_between(rng, net.start + timedelta(days=60), horizon)
        for _ in range(1 + len(net.journeys) // 12)
    )
    cases: dict[date, list[Journey]] = {}
    for j in net.journeys:
        if j.arrived is None:
            continue
        r = rng.random()
        if r < figures.RESCUE_RATE:
            raid = next((d for d in raids if d >= j.arrived + timedelta(days=30)), None)
            if raid is not None:
                j.outcome, j.freed = "rescued", raid
                cases.setdefault(raid, []).append(j)
        elif r < figures.RESCUE_RATE + ESCAPE_RATE:
            day = j.arrived + timedelta(days=rng.randint(20, 400))
            if day < ctx.as_of:
                j.outcome, j.freed = "escaped", day
    listed: set[str] = set()
    origin_cases: dict[str, str] = {}
    police_org = POLICE.get(net.destination)
    for raid, rescued in sorted(cases.items()):
        if police_org is not None:
            _raid_case(ctx, rec, net, police_org, raid, rescued, ordinary, listed)
        for j in rescued:
            _after_rescue(ctx, rng, rec, net, j, origin_cases)
    for j in net.journeys:
        if j.outcome == "escaped" and j.freed is not None:
            home = _repatriate(ctx, rng, net, j, j.freed, emergency=False)
            orgs = NGOS.get(j.origin)
            if home is not None and orgs and rec.random() < 0.4:
                ngo.write(ctx, rec, rec.choice(orgs), j.victim, home, _story(net, j), passport_number=_doc(j))
    for m in net.members:
        if m.pid not in listed and rec.random() < KNOWN_TO_POLICE:
            watchlists.write(ctx, rec, "traffickers", m, "crime.traffick", document=_member_doc(ctx, rec, m))


def _doc(j: Journey) -> str:
    return j.passport.number if j.passport is not None else ""


def _member_doc(ctx: Ctx, rng: random.Random, m: Person) -> str:
    if m.forged is not None and rng.random() < 0.5:
        m.show(m.forged)
        return m.forged.number
    if m.passports:
        p = m.passports[-1]
        m.show(p)
        return p.number
    return ""


def _story(net: Network, j: Journey) -> VictimStory:
    return VictimStory(
        net.kind.name,
        net.kind.exploitation,
        j.victim.industry,
        j.sex_type,
        j.relationship,
        j.method,
        j.app,
        j.origin,
        net.destination,
        j.recruited,
        j.victim.age_on(j.recruited),
    )


def _raid_case(
    ctx: Ctx,
    rng: random.Random,
    net: Network,
    org: Org,
    raid: date,
    rescued: list[Journey],
    ordinary: list[Person],
    listed: set[str],
) -> None:
    case_ref = ctx.issuer.case_ref(org.code, raid.year)
    for j in rescued:
        police.write(
            ctx,
            rng,
            org,
            case_ref,
            "Victim",
            j.victim,
            raid,
            passport=j.passport,
            exploitation=net.kind.exploitation,
            location=net.destination,
            phone=j.victim.phone2,
            phone_country=j.victim.phone2_country,
        )
    on_site = [
        m for m in net.members if m.network_role in ("exploiter", "transporter", "broker", "money_mule")
    ]
    n = max(1, round(len(rescued) * figures.SUSPECTS_PER_IDENTIFIED_VICTIM + rng.random() * 0.6))
    for m in rng.sample(on_site, k=min(n, len(on_site))):
        stage = police.proceedings(rng, raid, ctx.as_of)
        passport = passport_for(ctx, rng, m, raid, expired_rate=0.0)
        police.write(ctx, rng, org, case_ref, "Suspect", m, raid, passport=passport, stage=stage)
        if m.pid not in listed and stage[1] == "Convicted":
            listed.add(m.pid)
            watchlists.write(ctx, rng, "traffickers", m, "crime.traffick", document=_member_doc(ctx, rng, m))
        elif m.pid not in listed and stage[0] == "Investigation" and rng.random() < AT_LARGE:
            listed.add(m.pid)
            watchlists.write(
                ctx, rng, "wanted", m, "wanted;crime.traffick", document=_member_doc(ctx, rng, m)
            )
    adults = [p for p in ordinary if p.age_on(raid) >= 18]
    if adults and rng.random() < WITNESSES:
        for w in rng.sample(adults, k=min(len(adults), rng.randint(1, 2))):
            police.write(ctx, rng, org, case_ref, "Witness", w, raid)


def _repatriate(
    ctx: Ctx, rng: random.Random, net: Network, j: Journey, freed: date, *, emergency: bool
) -> date | None:
    """The journey home; returns the day of arrival (None if after the scenario's end)."""
    day = freed + timedelta(days=rng.randint(7, 60))
    if day >= ctx.as_of:
        return None
    victim = j.victim
    if emergency:
        doc = documents.emergency(
            ctx.issuer, victim.name, victim.nationality, victim.birth, victim.sex, day - timedelta(days=3)
        )
    else:
        doc = passport_for(ctx, rng, victim, day, expired_rate=0.0)
    when = at_time(rng, day)
    for hop in home_route(rng, j.origin, net.destination):
        when = group_cross(ctx, rng, [(victim, doc)], hop, when) + timedelta(hours=rng.randint(2, 20))
    return when.date()


def _after_rescue(
    ctx: Ctx, rng: random.Random, rec: random.Random, net: Network, j: Journey, origin_cases: dict[str, str]
) -> None:
    assert j.freed is not None
    dest_orgs = list(NGOS.get(net.destination, [])) + (
        [SHELTERS[net.destination]] if net.destination in SHELTERS else []
    )
    home_orgs = NGOS.get(j.origin, [])
    story = _story(net, j)
    emergency = rng.random() < EMERGENCY_DOCUMENT.get(net.kind.name, EMERGENCY_DOCUMENT_OTHER)
    home_day = _repatriate(ctx, rng, net, j, j.freed, emergency=emergency)
    referred_to: Org | None = None
    refer_day: date | None = None
    if dest_orgs and rec.random() < NGO_AFTER_RESCUE:
        org = rec.choice(dest_orgs)
        opened = j.freed + timedelta(days=rec.randint(0, 5))
        if home_orgs and home_day is not None and rec.random() < REFERRAL_HOME:
            referred_to = rec.choice(home_orgs)
            refer_day = home_day - timedelta(days=rec.randint(1, 5))
        ngo.write(
            ctx,
            rec,
            org,
            j.victim,
            opened,
            story,
            referred_to=referred_to,
            referred_out_on=refer_day,
            passport_number=_doc(j),
        )
        if referred_to is not None and home_day is not None:
            ngo.write(
                ctx,
                rec,
                referred_to,
                j.victim,
                home_day,
                story,
                referred_from=org,
                referred_on=home_day,
                passport_number=_doc(j),
            )
    elif home_orgs and home_day is not None and rec.random() < NGO_AFTER_RESCUE:
        ngo.write(ctx, rec, rec.choice(home_orgs), j.victim, home_day, story, passport_number=_doc(j))
    origin_police = POLICE.get(j.origin)
    if (
        origin_police is not None
        and home_day is not None
        and j.origin != net.destination
        and rec.random() < ORIGIN_POLICE_CASE
    ):
        case_ref = origin_cases.get(j.origin)
        report = home_day + timedelta(days=rec.randint(1, 30))
        if report >= ctx.as_of:
            return
        if case_ref is None:
            case_ref = origin_cases[j.origin] = ctx.issuer.case_ref(origin_police.code, report.year)
            recruiter = net.recruiter_for(j.origin)
            if recruiter is not None:
                stage = police.proceedings(rec, report, ctx.as_of)
                passport = recruiter.passports[-1] if recruiter.passports else None
                police.write(
                    ctx,
                    rec,
                    origin_police,
                    case_ref,
                    "Suspect",
                    recruiter,
                    report,
                    passport=passport,
                    stage=stage,
                )
        police.write(
            ctx,
            rec,
            origin_police,
            case_ref,
            "Victim",
            j.victim,
            report,
            passport=j.passport,
            exploitation=net.kind.exploitation,
            location=net.destination,
        )


def hotline_and_lists(ctx: Ctx, rng: random.Random, net: Network, ordinary: list[Person]) -> None:
    for j in net.journeys:
        family = j.family
        if family is None or j.arrived is None:
            continue
        end = j.freed or ctx.as_of
        if rng.random() < net.kind.hotline_rate and (end - j.arrived).days > 25:
            org = HOTLINES.get(family.nationality) or HOTLINES.get(net.destination)
            if org is not None:
                day = ctx.day_between(rng, j.arrived + timedelta(days=20), end - timedelta(days=1))
                if net.kind.exploitation == "SexualExploitation":
                    template = "sexual"
                elif net.kind.name == "forced_marriage":
                    template = "missing"
                else:
                    template = "forced_labour" if rng.random() < 0.7 else "missing"
                lang = text_language(family.nationality)  # hotlines take calls through interpreters
                use_new = j.victim.phone2 and rng.random() < 0.6
                hotline.write(
                    ctx,
                    rng,
                    org,
                    day,
                    subject=j.victim,
                    template=template,
                    language=lang,
                    caller_phone=family.phone,
                    caller_country=family.nationality,
                    subject_phone=j.victim.phone2
                    if use_new
                    else (j.victim.phone if rng.random() < 0.4 else ""),
                    subject_phone_country=j.victim.phone2_country if use_new else j.victim.nationality,
                    place=j.site if rng.random() < 0.7 else None,
                    country=net.destination,
                    months=max(1, (day - j.arrived).days // 30),
                    amount=f"${rng.choice((2000, 3000, 5000, 8000, 10000)):,}",
                )
        if rng.random() < MISSING_REPORTED:
            document = _doc(j) if rng.random() < 0.5 else ""
            watchlists.write(ctx, rng, "missing", j.victim, "poi", document=document)
    for recruiter in net.role("recruiter"):
        org = HOTLINES.get(recruiter.nationality)
        if org is None or rng.random() >= RECRUITER_REPORTED:
            continue
        callers = [
            p for p in ordinary if p.nationality == recruiter.nationality and p.age_on(ctx.as_of) >= 18
        ]
        caller = rng.choice(callers) if callers else None
        hotline.write(
            ctx,
            rng,
            org,
            ctx.day_between(rng, net.start, min(net.end, ctx.as_of - timedelta(days=1))),
            subject=recruiter,
            template="recruiter",
            language=text_language(recruiter.nationality),
            caller_phone=caller.phone if caller else ctx.phones.issue(recruiter.nationality),
            caller_country=recruiter.nationality,
            subject_phone=recruiter.phone,
            subject_phone_country=recruiter.nationality,
            place=site(rng, net.kind.name, net.destination),
        )
