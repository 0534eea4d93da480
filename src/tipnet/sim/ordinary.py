"""Ordinary people: households that travel, bank and pay each other, and never meet a trafficker.

They are most of the population and the hard negatives of every task: relatives sharing a family
name, an address and a booking; namesakes (common names are common); a few innocent cash deposits just
under a reporting threshold; migrants screened by an NGO and found not to be victims; a relative
reported to the hotline who was only out of touch; people wanted for crimes other than trafficking.
All shares are SCENARIO assumptions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tipnet.sim import adverts, bank, documents, hotline, money, ngo, watchlists
from tipnet.sim.context import Ctx, at_time
from tipnet.sim.geography import ORDINARY_NATIONALITIES, REGIONAL, leg, text_language, travel_destination
from tipnet.sim.orgs import BANKS, HOTLINES, NGOS, Org
from tipnet.sim.people import Account, Person, adult_age, make_person
from tipnet.sim.rng import chance
from tipnet.sim.travel import (
    HOUSEHOLD_TRIP_SHARE,
    LONG_STAY_SHARE,
    MEAN_EXTRA_TRIPS,
    TRAVELLER_SHARE,
    group_cross,
    passport_for,
)

HOUSEHOLD_SIZES = ((1, 0.35), (2, 0.3), (3, 0.2), (4, 0.15))
SHARED_FAMILY_NAME = 0.7  # relatives in a household with the same family name
CHILD_SHARE = 0.3  # of household members after the first
TRANSACTIONS_PER_ACCOUNT = 4.0  # mean
INNOCENT_NEAR_THRESHOLD = 0.1  # of ordinary cash deposits: just under the reporting threshold
NGO_SCREENED = 0.003  # migrants screened by an NGO, not victims
HOTLINE_FALSE_ALARM = 0.002
WANTED_OTHER_CRIME = 0.0005
GENUINE_ADVERTS_PER_PERSON = 1 / 70


def _business_accounts(ctx: Ctx, bank_org: Org, kind: str) -> list[str]:
    """A few employer or merchant accounts per bank (companies: no KYC record of a person)."""
    key = f"{kind}:{bank_org.code}"
    found = ctx.businesses.get(key)
    if found is None:
        found = ctx.businesses[key] = [
            f"{kind[:3].upper()}{bank_org.code.split('-')[0]}{ctx.issuer.account_number(key, 9)}"
            for _ in range(25)
        ]
    return found


def make_households(ctx: Ctx, rng: random.Random, count: int) -> list[Person]:
    people: list[Person] = []
    while len(people) < count:
        size = min(
            count - len(people),
            rng.choices([s for s, _ in HOUSEHOLD_SIZES], [w for _, w in HOUSEHOLD_SIZES])[0],
        )
        nationality = ORDINARY_NATIONALITIES.pick(rng)
        head = make_person(ctx, rng, nationality, rng.choice("FM"), adult_age(rng, 20, 75))
        members = [head]
        for _ in range(size - 1):
            child = rng.random() < CHILD_SHARE
            age = rng.randint(1, 17) if child else adult_age(rng, 18, 75)
            members.append(
                make_person(
                    ctx,
                    rng,
                    nationality,
                    rng.choice("FM"),
                    age,
                    household=head,
                    share_family_name=rng.random() < SHARED_FAMILY_NAME,
                )
            )
        _travel(ctx, rng, members)
        people.extend(members)
    return people


def _travel(ctx: Ctx, rng: random.Random, household: list[Person]) -> None:
    """Trips of a household: some together (one booking), most alone; children only with an adult."""
    adults = [p for p in household if p.age_on(ctx.as_of) >= 18]
    for person in adults:
        if not chance(rng, TRAVELLER_SHARE):
            continue
        trips = 1
        while rng.random() < MEAN_EXTRA_TRIPS / (1 + MEAN_EXTRA_TRIPS):
            trips += 1
        days = sorted(ctx.day_in_window(rng, margin_days=2) for _ in range(trips))
        for day in days:
            together = len(household) > 1 and rng.random() < HOUSEHOLD_TRIP_SHARE
            group = household if together else [person]
            group = [p for p in group if p.birth < day]
            if not group:
                continue
            destination = travel_destination(rng, person.nationality)
            out = leg(rng, person.nationality, destination)
            when = at_time(rng, day, night=True)
            party = [
                (p, passport_for(ctx, rng, p, day, expired_rate=documents.EXPIRED_USE_RATE)) for p in group
            ]
            arrival = group_cross(ctx, rng, party, out, when)
            stay = rng.randint(60, 900) if rng.random() < LONG_STAY_SHARE else rng.randint(2, 30)
            back_day = arrival.date() + timedelta(days=stay)
            if back_day >= ctx.as_of:
                continue
            back = leg(rng, destination, person.nationality, prefer_land=0.6 if not out.air else 0.2)
            party = [(p, passport_for(ctx, rng, p, back_day, expired_rate=0.0)) for p in group]
            group_cross(ctx, rng, party, back, at_time(rng, back_day, night=True))


def bank_and_pay(ctx: Ctx, rng: random.Random, people: list[Person]) -> None:
    """Accounts of ordinary adults and their everyday payments."""
    for person in people:
        if person.age_on(ctx.as_of) < 18:
            continue
        regional = person.nationality in REGIONAL
        if not chance(rng, bank.ORDINARY_BANKED if regional else bank.FAR_BANKED):
            continue
        bank_org = bank.home_bank(rng, person) or rng.choice(BANKS[rng.choice(("THA", "MYS", "KHM"))])
        opened = ctx.day_between(
            rng,
            max(ctx.start - timedelta(days=2000), person.birth + timedelta(days=6600)),
            ctx.as_of - timedelta(days=30),
        )
        accounts = [bank.open_account(ctx, rng, person, bank_org, opened)]
        if rng.random() < bank.SECOND_ACCOUNT:
            second = rng.choice(BANKS.get(person.nationality, BANKS["KHM"]))
            if person.nationality == "KHM" and rng.random() < 0.5:
                accounts.append(bank.wallet(ctx, rng, person, opened + timedelta(days=rng.randint(30, 600))))
            else:
                accounts.append(
                    bank.open_account(ctx, rng, person, second, opened + timedelta(days=rng.randint(30, 600)))
                )
        for account in accounts:
            _everyday(ctx, rng, account, max(account.opened, ctx.start))
            ctx.pool.append(account)


def _everyday(ctx: Ctx, rng: random.Random, account: Account, since: date) -> None:
    n = min(12, int(rng.expovariate(1 / TRANSACTIONS_PER_ACCOUNT)))
    bank_org_code = account.bank
    from tipnet.sim.orgs import BY_CODE

    bank_org = BY_CODE[bank_org_code]
    for _ in range(n):
        when = at_time(rng, ctx.day_between(rng, since, ctx.as_of - timedelta(days=1)))
        r = rng.random()
        if r < 0.35:
            employer = rng.choice(_business_accounts(ctx, bank_org, "employer"))
            money.transfer(
                ctx,
                rng,
                employer,
                account,
                rng.uniform(150, 900),
                when,
                reference="salary",
                currency=account.currency,
            )
        elif r < 0.6 and ctx.pool:
            other = rng.choice(ctx.pool)
            if other.number != account.number:
                money.transfer(
                    ctx,
                    rng,
                    account,
                    other,
                    rng.uniform(20, 400),
                    when,
                    reference=rng.choice(money.ORDINARY_REFERENCES),
                    channel=rng.choice(("Transfer", "Mobile")),
                )
        elif r < 0.9:
            merchant = rng.choice(_business_accounts(ctx, bank_org, "merchant"))
            money.transfer(
                ctx,
                rng,
                account,
                merchant,
                rng.uniform(5, 300),
                when,
                channel=rng.choice(("Card", "Mobile")),
                reference="",
            )
        elif account.currency != "USDT":
            usd = (
                money.just_under_threshold(rng, account.currency)
                if rng.random() < INNOCENT_NEAR_THRESHOLD
                else rng.uniform(100, 3000)
            )
            money.transfer(ctx, rng, money.CASH, account, usd, when, channel="Cash", reference="cash deposit")


def rare_records(ctx: Ctx, rng: random.Random, people: list[Person]) -> None:
    """NGO screenings, false-alarm hotline reports and other-crime wanted notices about ordinary people."""
    for person in people:
        if person.age_on(ctx.as_of) < 16:
            continue
        if rng.random() < NGO_SCREENED:
            country = rng.choice(("KHM", "THA", "MYS", person.nationality))
            orgs = NGOS.get(country) or NGOS["KHM"]
            ngo.write(ctx, rng, rng.choice(orgs), person, ctx.day_in_window(rng), None)
        if rng.random() < HOTLINE_FALSE_ALARM:
            org = HOTLINES.get(person.nationality) or HOTLINES["KHM"]
            lang = text_language(person.nationality) if org.country == person.nationality else "en"
            caller = ctx.phones.issue(person.nationality)
            hotline.write(
                ctx,
                rng,
                org,
                ctx.day_in_window(rng),
                subject=person,
                template="missing",
                language=lang,
                caller_phone=caller,
                caller_country=person.nationality,
                subject_phone=person.phone,
                subject_phone_country=person.nationality,
                months=rng.randint(1, 6),
                country=travel_destination(rng, person.nationality),
            )
        if rng.random() < WANTED_OTHER_CRIME:
            watchlists.write(ctx, rng, "wanted", person, "wanted;crime")


def genuine_adverts(ctx: Ctx, rng: random.Random, count: int) -> None:
    n = int(count * GENUINE_ADVERTS_PER_PERSON + rng.random())
    for _ in range(n):
        lang = rng.choice(("km", "km", "th", "vi", "zh", "lo", "my", "id", "tl", "en"))
        country = {
            "km": "KHM",
            "th": "THA",
            "vi": "VNM",
            "zh": "CHN",
            "lo": "LAO",
            "my": "MMR",
            "id": "IDN",
            "tl": "PHL",
            "en": "MYS",
        }[lang]
        adverts.genuine(
            ctx,
            rng,
            lang=lang,
            posted=ctx.day_in_window(rng),
            phone=ctx.phones.issue(country) if rng.random() < 0.7 else "",
        )
