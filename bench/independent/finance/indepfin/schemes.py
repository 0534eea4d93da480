# SPDX-License-Identifier: Apache-2.0
"""The six typologies of issue 15, each written from the published red flags (README.md cites them):
wage skimming by a front company, recruitment fees, debt bondage, money-mule chains for scam proceeds,
structured cash deposits, and round-tripping cycles. Each scheme labels its accounts in truth.csv."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .ordinary import WAGES, Employer, Ordinary, nice_round, opened_before, spend_amount
from .world import (
    DAYS,
    END,
    START,
    Account,
    World,
    address,
    at,
    days,
    hour_of,
    phone,
    previous_business_day,
    rng_for,
)

# schemes per 1,000 accounts, and the least of each in any set
RATES = {"wage_skim": 0.6, "recruitment_fees": 0.7, "debt_bondage": 1.2, "mule_chain": 1.0, "structuring": 1.0,
         "cycle": 1.0}  # fmt: skip
MINIMUM = 2


def count(typology: str, n_accounts: int) -> int:
    return max(MINIMUM, round(RATES[typology] * n_accounts / 1000))


# ------------------------------------------------------------------ wage skimming by a front company
def wage_skim(world: World, o: Ordinary, k: int) -> None:
    """A company pays wages to workers whose accounts were opened together; each passes most of every wage,
    within hours, to the same person, who pools it and sends it on to an operator abroad."""
    rng = rng_for(world.seed, "wage_skim", k)
    sid = f"WS{k + 1:03d}"
    front = world.account(rng, "tech", "company", "KH", opened_before(rng, 60, 500), currency="USD")
    recruiter = world.account(rng, "recruiter", "person", rng.choice(("KH", "KH", "CN", "MM")),
                              opened_before(rng, 200, 2500), currency="USD")  # fmt: skip
    if recruiter.country != "KH":
        recruiter.country = "KH"  # a foreigner's account at a Cambodian bank
    operators = [
        world.account(
            rng,
            "operator",
            rng.choice(("person", "company")),
            rng.choice(("CN", "HK", "MY", "TW")),
            opened_before(rng, 100, 2000),
            currency="USD",
        )
        for _ in range(rng.choice((1, 1, 2)))
    ]
    world.label(front, "wage_skim", "front_company", sid)
    world.label(recruiter, "wage_skim", "recruiter", sid)
    for op in operators:
        world.label(op, "wage_skim", "operator", sid)
    dorm = address("KH", rng)
    batch = START + timedelta(days=rng.randrange(-60, 15))
    victims: list[Account] = []
    for _ in range(rng.randrange(8, 30)):
        origin = rng.choices(
            ("KH", "MM", "VN", "ID", "TH", "CN", "LA", "PH"), (25, 15, 15, 12, 10, 10, 8, 5)
        )[0]
        tel = recruiter.phone if rng.random() < 0.4 else phone(origin, rng)
        v = world.account(rng, "victim", "person", "KH", batch + timedelta(days=rng.randrange(0, 4)), currency="USD",
                          young=True, addr=dorm if rng.random() < 0.7 else None, tel=tel,
                          name=_foreign_name(origin, rng))  # fmt: skip
        world.label(v, "wage_skim", "victim", sid)
        victims.append(v)
    emp = Employer(front, "tech", "USD", rng.choice(("monthly_end", "twice")), rng.choice((9.0, 10.0, 15.0)))
    promised = {v.account_id: rng.uniform(350, 800) for v in victims}
    shop = rng.choice(o.shops["KH"])
    for d, share in emp.paydays():
        if d < batch + timedelta(days=10):
            continue
        total = sum(promised.values()) * share
        # the payroll money arrives in cash the days before
        for j in range(rng.randrange(2, 5)):
            world.add(at(d - timedelta(days=rng.randrange(1, 4)), hour_of(rng, "branch")), front.tz, None, front,
                      total / 3 * rng.uniform(0.8, 1.3), "USD", "cash_deposit")  # fmt: skip
            del j
        t0 = at(d, emp.batch_hour)
        collected = 0.0
        last = t0
        for i, v in enumerate(victims):
            wage = promised[v.account_id] * share * rng.uniform(0.96, 1.04)
            world.add(t0 + timedelta(seconds=i * 2), front.tz, front, v, wage, "USD", "transfer")
            cut = nice_round(wage * rng.uniform(0.75, 0.95), "USD")
            when = t0 + timedelta(hours=rng.uniform(0.3, 30))
            if rng.random() < 0.08:  # handed over in cash this time: the link disappears from the ledger
                world.add(when, v.tz, v, None, cut, "USD", "cash_withdrawal")
                world.add(when + timedelta(hours=rng.uniform(1, 20)), recruiter.tz, None, recruiter, cut, "USD",
                          "cash_deposit")  # fmt: skip
            elif rng.random() < 0.2:  # in two parts
                world.add(when, v.tz, v, recruiter, nice_round(cut * 0.6, "USD"), "USD", "mobile")
                world.add(when + timedelta(hours=rng.uniform(1, 12)), v.tz, v, recruiter, nice_round(cut * 0.4, "USD"),
                          "USD", "mobile")  # fmt: skip
            else:
                world.add(when, v.tz, v, recruiter, cut, "USD", rng.choice(("mobile", "mobile", "transfer")))
            collected += cut
            last = max(last, when)
            for _ in range(rng.randrange(0, 3)):
                world.add(at(d + timedelta(days=rng.randrange(1, 10)), hour_of(rng, "card")), v.tz, v, shop,
                          spend_amount(rng, "USD"), "USD", "card")  # fmt: skip
        # pooled and sent on, in one or two wires
        send_at = last + timedelta(hours=rng.uniform(2, 60))
        pooled = collected * rng.uniform(0.85, 0.95)
        for part in (0.5, 0.5) if rng.random() < 0.4 else (1.0,):
            op = rng.choice(operators)
            world.add(send_at, recruiter.tz, recruiter, op, pooled * part, "USD", "international_wire")
            ex = rng.choice(o.exchanges)
            world.add(send_at + timedelta(hours=rng.uniform(3, 48)), recruiter.tz, op, ex, pooled * part * rng.uniform(0.9, 0.99),
                      "USD", "crypto_exchange")  # fmt: skip
            send_at += timedelta(hours=rng.uniform(1, 6))
    # the recruiter's own life
    for _ in range(rng.randrange(5, 20)):
        world.add(at(START + timedelta(days=rng.randrange(DAYS)), hour_of(rng, "card")), recruiter.tz, recruiter,
                  rng.choice(o.shops["KH"]), spend_amount(rng, "USD") * 3, "USD", "card")  # fmt: skip


def _foreign_name(origin: str, rng: random.Random) -> str:
    from .world import person_name

    return person_name(origin, rng)


# ------------------------------------------------------------------ recruitment fees
FEES = {"USD": (300, 500, 800, 1000, 1200, 1500, 2000), "THB": (10_000, 15_000, 20_000, 30_000, 40_000),
        "VND": (20_000_000, 30_000_000, 45_000_000, 60_000_000), "LAK": (5_000_000, 8_000_000, 10_000_000),
        "MMK": (1_000_000, 1_500_000, 2_000_000, 3_000_000), "IDR": (5_000_000, 10_000_000, 15_000_000, 25_000_000),
        "PHP": (20_000, 35_000, 50_000, 80_000), "KHR": (1_000_000, 2_000_000, 4_000_000, 6_000_000)}  # fmt: skip


def recruitment_fees(world: World, o: Ordinary, k: int) -> None:
    """Many new accounts each pay one or two round 'placement fees' to one person within a few weeks, then
    go quiet (the job seekers have left, or been taken across a border)."""
    rng = rng_for(world.seed, "recruitment_fees", k)
    sid = f"RF{k + 1:03d}"
    country = rng.choices(("KH", "VN", "MM", "LA", "ID", "TH", "PH"), (30, 20, 15, 10, 10, 10, 5))[0]
    broker = world.account(rng, "broker", "company" if rng.random() < 0.2 else "person", country,
                           opened_before(rng, 200, 3000), name=None)  # fmt: skip
    if broker.holder_type == "company":
        broker.holder_name = (
            f"{broker.holder_name.split()[0]} {rng.choice(('Job Center', 'Overseas Jobs', 'Service'))}"
        )
    world.label(broker, "recruitment_fees", "broker", sid)
    cur = broker.currency
    d0 = START + timedelta(days=rng.randrange(10, DAYS - 45))
    relatives = o.persons_in(country)
    received = []
    for _ in range(rng.randrange(12, 45)):
        v = world.account(rng, "victim", "person", country, d0 + timedelta(days=rng.randrange(-20, 20)), young=True,
                          currency=cur)  # fmt: skip
        world.label(v, "recruitment_fees", "victim", sid)
        first = max(v.opened, START) + timedelta(days=rng.randrange(0, 12))
        if first > END - timedelta(days=3):
            first = END - timedelta(days=3)
        fee = rng.choice(FEES[cur])
        fees = [fee] if rng.random() < 0.7 else [fee, rng.choice(FEES[cur])]
        funding = sum(fees) + nice_round(spend_amount(rng, cur) * 3, cur) * rng.choice((0, 1))
        t = at(max(v.opened, first - timedelta(days=rng.randrange(0, 3))), hour_of(rng, "branch"))
        if relatives and rng.random() < 0.4:
            rel = rng.choice(relatives)
            world.add(t, rel.tz, rel, v, funding, cur, rng.choice(("mobile", "transfer")))
        else:
            world.add(t, v.tz, None, v, funding, cur, "cash_deposit")
        when = at(first, hour_of(rng, "mobile"))
        for fee_amount in fees:
            world.add(when, v.tz, v, broker, fee_amount, cur, rng.choice(("mobile", "transfer")))
            received.append((when, fee_amount))
            when += timedelta(days=rng.randrange(5, 21), hours=rng.uniform(-3, 3))
            if when.date() > END:
                break
        if funding > sum(fees) and rng.random() < 0.5:
            world.add(when + timedelta(hours=rng.uniform(1, 30)), v.tz, v, None, funding - sum(fees), cur,
                      "cash_withdrawal")  # fmt: skip
    # the broker takes the money out in lumps, and lives
    received.sort()
    for when, amount in received[::4]:
        world.add(when + timedelta(days=rng.randrange(1, 4)), broker.tz, broker, None, amount * rng.uniform(2.5, 3.8),
                  cur, "cash_withdrawal")  # fmt: skip
    shops = o.shops.get(country) or o.shops["KH"]
    for _ in range(rng.randrange(5, 25)):
        world.add(at(START + timedelta(days=rng.randrange(DAYS)), hour_of(rng, "card")), broker.tz, broker,
                  rng.choice(shops), spend_amount(rng, cur) * 2, cur, "card")  # fmt: skip


# ------------------------------------------------------------------ debt bondage
def debt_bondage_plant(world: World, o: Ordinary, k: int) -> tuple[str, Account, list[Account], Employer]:
    """Before payroll: the victims are hired by an ordinary employer (the employer is not in the scheme)."""
    rng = rng_for(world.seed, "debt_bondage", k)
    sid = f"DB{k + 1:03d}"
    candidates = [e for e in o.employers if e.acc.country in ("TH", "KH", "MY") and e.sector != "tech"]
    weekly = [e for e in candidates if e.schedule == "weekly"]
    emp = rng.choice(weekly if weekly and rng.random() < 0.5 else candidates)
    controller = world.account(rng, "controller", "person", emp.acc.country, opened_before(rng, 200, 4000))
    world.label(controller, "debt_bondage", "controller", sid)
    o.persons.append(controller)  # a local figure with an ordinary life besides
    victims = []
    for _ in range(rng.randrange(3, 10)):
        origin = {"TH": rng.choice(("MM", "KH", "LA")), "MY": rng.choice(("ID", "MM", "KH"))}.get(
            emp.acc.country, "KH"
        )
        v = world.account(rng, "worker", "person", emp.acc.country, opened_before(rng, 30, 900),
                          currency=emp.currency, name=_foreign_name(origin, rng))  # fmt: skip
        lo, hi = WAGES[(emp.acc.country, emp.sector)][1:]
        emp.roster.append((v, lo + (hi - lo) * rng.random() * 0.5))
        o.persons.append(v)
        world.label(v, "debt_bondage", "victim", sid)
        victims.append(v)
    return sid, controller, victims, emp


def debt_bondage_act(
    world: World, o: Ordinary, planted: tuple[str, Account, list[Account], Employer]
) -> None:
    """After payroll: a large fixed share (or a fixed sum) of every wage goes to the controller, week after
    week; the debt never ends within the window."""
    sid, controller, victims, emp = planted
    rng = rng_for(world.seed, "debt_bondage_act", sid)
    for v in victims:
        fixed = rng.random() < 0.55
        share = rng.uniform(0.4, 0.7)
        first_pay = o.pay.get(v.account_id, [])
        base = nice_round(first_pay[0][1] * share, emp.currency) if first_pay else 0
        for d, amt, cur in first_pay:
            amount = base if fixed else nice_round(amt * share, cur)
            when = at(d, emp.batch_hour) + timedelta(hours=rng.uniform(0.5, 40))
            world.add(when, v.tz, v, controller, amount, cur, rng.choice(("mobile", "mobile", "transfer")))
    for d in days():
        if d.weekday() in (0, 3) and rng.random() < 0.7:
            world.add(at(d, hour_of(rng, "atm")), controller.tz, controller, None,
                      world.rates.from_usd(rng.uniform(80, 400), controller.currency, d), controller.currency,
                      "cash_withdrawal")  # fmt: skip


# ------------------------------------------------------------------ money-mule chains
VICTIM_COUNTRIES = ("US", "AU", "SG", "KR", "JP", "TW", "HK", "GB", "CA", "MY")


def mule_chain(world: World, o: Ordinary, k: int) -> None:
    """Scam victims abroad wire growing sums (the 'pig-butchering' pattern) to a recently opened account;
    within hours the money moves along a chain of new accounts, each keeping a small cut and ending near
    zero, to a crypto exchange or out in cash."""
    rng = rng_for(world.seed, "mule_chain", k)
    sid = f"MC{k + 1:03d}"
    domestic = rng.random() < 0.2  # Thai call-centre variant: victims and mules at home, baht transfers
    mule_country = "TH" if domestic else rng.choice(("KH", "KH", "KH", "TH", "MY", "PH"))
    cur = "THB" if domestic else "USD"
    first_use = START + timedelta(days=rng.randrange(5, DAYS - 40))
    layers = []
    for depth in range(rng.randrange(2, 5)):
        width = 1 if depth == 0 else rng.choice((1, 1, 2, 3))
        layer = []
        for _ in range(width):
            kind_type = "company" if rng.random() < 0.2 else "person"
            m = world.account(rng, "tech" if kind_type == "company" else "mule", kind_type, mule_country,
                              first_use - timedelta(days=rng.randrange(3, 60)), currency=cur, young=True)  # fmt: skip
            world.label(m, "mule_chain", "mule", sid)
            layer.append(m)
            if rng.random() < 0.6:  # a small deposit when the account was opened
                world.add(at(max(m.opened, START), hour_of(rng, "branch")), m.tz, None, m,
                          world.rates.from_usd(rng.uniform(5, 30), cur, START), cur, "cash_deposit")  # fmt: skip
        layers.append(layer)
    victims = []
    for _ in range(rng.randrange(3, 10)):
        vc = "TH" if domestic else rng.choice(VICTIM_COUNTRIES)
        v = world.account(rng, "scam_victim", "person", vc, opened_before(rng, 500, 8000))
        world.label(v, "mule_chain", "scam_victim", sid)
        if domestic:
            o.persons.append(v)  # victims at home have the rest of their lives in the same data
        victims.append(v)
    exits = o.exchanges
    for v in victims:
        start = first_use + timedelta(days=rng.randrange(0, 30))
        usd = rng.uniform(800, 4000)
        for _payment in range(rng.randrange(1, 5)):
            if start > END - timedelta(days=1):
                break
            sent = at(start, rng.uniform(9, 20))  # the victim's daytime, at home
            wire_cur = cur if domestic or rng.random() < 0.6 else v.currency
            amount = world.rates.from_usd(usd, wire_cur, start)
            world.add(
                sent,
                v.tz,
                v,
                layers[0][0],
                amount,
                wire_cur,
                "transfer" if domestic else "international_wire",
            )
            arrived = sent + timedelta(minutes=layers[0][0].tz - v.tz)  # the mules' wall clock
            _push(
                world,
                rng,
                layers,
                0,
                layers[0][0],
                world.rates.from_usd(usd, cur, start),
                cur,
                arrived,
                exits,
            )
            usd *= rng.uniform(1.5, 4.0)
            usd = min(usd, 150_000)
            start += timedelta(days=rng.randrange(3, 20))


def _push(world: World, rng: random.Random, layers: list[list[Account]], depth: int, holder: Account, amount: float,
          cur: str, when: datetime, exits: list[Account]) -> None:  # fmt: skip
    """Move `amount` held by `holder` on to the next layer (split among one to three), or out."""
    keep = rng.uniform(0.005, 0.04)
    out = amount * (1 - keep)
    t = when + timedelta(minutes=rng.uniform(4, 6 * 60))
    if depth + 1 >= len(layers):
        if rng.random() < 0.7:
            ex = rng.choice(exits)
            world.add(t, holder.tz, holder, ex, out, cur, "crypto_exchange")
        else:
            left = out
            cap = world.rates.from_usd(2500, cur, t.date())
            while left > 1:
                part = min(left, cap * rng.uniform(0.6, 1.0))
                world.add(t, holder.tz, holder, None, part, cur, "cash_withdrawal")
                left -= part
                t += timedelta(minutes=rng.uniform(2, 40))
        return
    nxt = layers[depth + 1]
    targets = rng.sample(nxt, rng.randrange(1, len(nxt) + 1))
    weights = [rng.uniform(0.5, 1.5) for _ in targets]
    total = sum(weights)
    for m, w in zip(targets, weights, strict=True):
        part = out * w / total
        world.add(t, holder.tz, holder, m, part, cur, rng.choice(("transfer", "mobile")))
        _push(world, rng, layers, depth + 1, m, part, cur, t, exits)
        t += timedelta(minutes=rng.uniform(1, 30))


# ------------------------------------------------------------------ structuring
def structuring(world: World, o: Ordinary, k: int) -> None:
    """Cash deposits just under the reporting threshold (USD 10,000 or KHR 40 million), by one person
    repeatedly, or by several who each deposit into their own account and pass it to one collector."""
    rng = rng_for(world.seed, "structuring", k)
    sid = f"ST{k + 1:03d}"
    riel = rng.random() < 0.3
    cur = "KHR" if riel else "USD"
    collector = world.account(rng, "collector" if rng.random() < 0.75 else "shop",
                              "person" if rng.random() < 0.75 else "company", "KH", opened_before(rng, 100, 3000),
                              currency=cur)  # fmt: skip
    world.label(collector, "structuring", "collector", sid)
    if collector.holder_type == "person":
        o.persons.append(collector)

    def under(d: date) -> float:
        if riel:
            return float(rng.randrange(355, 399)) * 100_000 + rng.choice((0, 0, 50_000, 90_000))
        band = rng.choices(((9000, 9990), (8000, 8990), (7000, 7990)), (70, 20, 10))[0]
        return float(rng.randrange(band[0], band[1] + 1, rng.choice((10, 50, 100))))

    start = START + timedelta(days=rng.randrange(0, DAYS - 50))
    if k == 0 or (k > 1 and rng.random() < 0.4):  # alone (the first scheme always; the second never)
        d = start
        for _ in range(rng.randrange(4, 10)):
            day = previous_business_day(d, "KH") if d.weekday() == 6 else d
            world.add(
                at(day, hour_of(rng, "branch")),
                collector.tz,
                None,
                collector,
                under(day),
                cur,
                "cash_deposit",
            )
            if rng.random() < 0.25:  # a second branch the same afternoon
                world.add(
                    at(day, rng.uniform(13, 15.9)),
                    collector.tz,
                    None,
                    collector,
                    under(day),
                    cur,
                    "cash_deposit",
                )
            d += timedelta(days=rng.randrange(1, 9))
            if d > END:
                break
    else:
        smurfs = [
            world.account(rng, "smurf", "person", "KH", opened_before(rng, 10, 2000), currency=cur)
            for _ in range(rng.randrange(2, 7))
        ]
        for s in smurfs:
            world.label(s, "structuring", "smurf", sid)
            o.persons.append(s)  # relatives and employees with lives of their own
            d = start + timedelta(days=rng.randrange(0, 5))
            for _ in range(rng.randrange(3, 7)):
                if d > END - timedelta(days=2):
                    break
                day = d if d.weekday() != 6 else d + timedelta(days=1)
                amt = (
                    under(day) if rng.random() < 0.7 else nice_round(under(day) * rng.uniform(0.45, 0.9), cur)
                )
                world.add(at(day, hour_of(rng, "branch")), s.tz, None, s, amt, cur, "cash_deposit")
                world.add(at(day + timedelta(days=rng.choice((0, 0, 1, 2))), hour_of(rng, "mobile")), s.tz, s,
                          collector, amt * rng.uniform(0.97, 1.0), cur, "transfer")  # fmt: skip
                d += timedelta(days=rng.randrange(3, 10))
    # the collector spends it on property, crypto or a wire abroad
    for _ in range(rng.randrange(1, 4)):
        d = min(END, start + timedelta(days=rng.randrange(20, 60)))
        target = rng.choice(o.services["developer:KH"] + o.exchanges)
        world.add(at(d, hour_of(rng, "office")), collector.tz, collector, target,
                  world.rates.from_usd(rng.uniform(15000, 40000), cur, d), cur,
                  "crypto_exchange" if target.kind == "exchange" else "transfer")  # fmt: skip


# ------------------------------------------------------------------ cycles
def cycle(world: World, o: Ordinary, k: int) -> None:
    """Money sent round three to six accounts within days and back to where it started (round-tripping to
    fake turnover or layer funds), several times with different sums."""
    rng = rng_for(world.seed, "cycle", k)
    sid = f"CY{k + 1:03d}"
    size = rng.randrange(3, 7)
    members = []
    for i in range(size):
        # members abroad never follow each other: the data set holds only what touches the region
        c = (
            rng.choice(("KH", "KH", "TH", "VN", "MY"))
            if i % 2 == 0
            else rng.choice(("KH", "HK", "SG", "MY", "CN", "AE", "VN", "TH"))
        )
        ht = "person" if rng.random() < 0.15 else "company"
        m = world.account(rng, "trading" if ht == "company" else "vendor", ht, c, opened_before(rng, 30, 1500),
                          currency="USD")  # fmt: skip
        world.label(m, "cycle", "member", sid)
        members.append(m)
    for _round in range(rng.randrange(2, 6)):
        d = START + timedelta(days=rng.randrange(0, DAYS - 10))
        amount = rng.uniform(20_000, 600_000)
        if rng.random() < 0.3:
            amount = round(amount, -4)
        t = at(d, hour_of(rng, "office"))
        offset = rng.randrange(size)
        order = members[offset:] + members[:offset]
        for i in range(size):
            a, b = order[i], order[(i + 1) % size]
            ch = "international_wire" if a.country != b.country else "transfer"
            world.add(t, members[0].tz, a, b, amount, "USD", ch)  # t is on the first member's clock
            amount *= 1 - rng.choice((0.0, 0.0, rng.uniform(0.001, 0.015)))
            t += timedelta(hours=rng.uniform(1, 60))
    # a little trade with ordinary firms, so the members are not only the loop
    firms = [e.acc for e in o.employers] or [m for m in members]
    for m in members:
        for _ in range(rng.randrange(0, 4)):
            f = rng.choice(firms)
            world.add(at(START + timedelta(days=rng.randrange(DAYS)), hour_of(rng, "office")), m.tz, m, f,
                      rng.uniform(2000, 30000), "USD", "international_wire" if m.country != f.country else "transfer")  # fmt: skip
