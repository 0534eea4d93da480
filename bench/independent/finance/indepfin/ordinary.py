# SPDX-License-Identifier: Apache-2.0
"""Ordinary traffic: employers and their payroll, shops, bills, rent, loans, school fees, remittances,
payment agents, trade between companies, savings groups, weddings, property purchases and crypto
investors. Several of them are built to look like a typology (`lookalikes.csv` names them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .world import (
    DAYS,
    KHMER_NEW_YEAR,
    LUNAR_NEW_YEAR,
    START,
    Account,
    World,
    at,
    days,
    hour_of,
    is_business_day,
    previous_business_day,
    rng_for,
)

# Monthly wage ranges by employer country and sector, in the wage currency (the author's reading of
# 2024-25 minimum wages and job-board levels: Cambodia's garment minimum USD 208; Thailand's daily
# minimum THB 337-400; Viet Nam region I VND 4.96 million; Laos LAK 2.5 million; Malaysia MYR 1,700).
WAGES: dict[tuple[str, str], tuple[str, float, float]] = {
    ("KH", "garment"): ("USD", 210, 330), ("KH", "construction"): ("USD", 240, 420),
    ("KH", "hotel"): ("USD", 230, 520), ("KH", "office"): ("USD", 380, 1500), ("KH", "tech"): ("USD", 600, 2400),
    ("KH", "plantation"): ("KHR", 800_000, 1_200_000),
    ("TH", "construction"): ("THB", 10_500, 13_000), ("TH", "fishing"): ("THB", 9_500, 12_500),
    ("TH", "garment"): ("THB", 11_000, 16_000), ("TH", "office"): ("THB", 15_000, 45_000),
    ("TH", "hotel"): ("THB", 12_000, 22_000),
    ("VN", "garment"): ("VND", 7_000_000, 10_500_000), ("VN", "office"): ("VND", 12_000_000, 32_000_000),
    ("VN", "construction"): ("VND", 8_000_000, 13_000_000),
    ("LA", "garment"): ("LAK", 2_600_000, 4_000_000), ("LA", "office"): ("LAK", 4_000_000, 9_000_000),
    ("MY", "plantation"): ("MYR", 1_700, 2_400), ("MY", "office"): ("MYR", 3_000, 7_000),
    ("KR", "plantation"): ("KRW", 2_100_000, 2_600_000), ("KR", "garment"): ("KRW", 2_200_000, 2_900_000),
    ("JP", "garment"): ("JPY", 170_000, 230_000),
    ("PH", "office"): ("PHP", 16_000, 38_000), ("ID", "garment"): ("IDR", 3_500_000, 5_500_000),
}  # fmt: skip
SECTOR_SIZE = {"garment": (60, 300), "construction": (10, 50), "hotel": (15, 70), "office": (5, 40),
               "tech": (5, 30), "plantation": (20, 90), "fishing": (8, 30)}  # fmt: skip

# Typical card-payment sizes by currency (low, high), and a unit of "small money" for P2P transfers.
SPEND = {"USD": (1.5, 45), "KHR": (6_000, 160_000), "THB": (40, 1_500), "VND": (25_000, 900_000),
         "LAK": (20_000, 600_000), "MYR": (5, 180), "KRW": (4_000, 90_000), "JPY": (400, 9_000),
         "PHP": (80, 2_500), "IDR": (15_000, 500_000), "CNY": (10, 400), "MMK": (3_000, 80_000),
         "SGD": (4, 120), "AUD": (5, 150), "HKD": (30, 900), "TWD": (100, 3000), "GBP": (3, 90),
         "CAD": (5, 120), "AED": (10, 400)}  # fmt: skip


@dataclass
class Employer:
    acc: Account
    sector: str
    currency: str
    schedule: str  # monthly_end | monthly_25 | monthly_next5 | twice | weekly
    batch_hour: float
    roster: list[tuple[Account, float]] = field(default_factory=list)  # (worker, monthly wage)

    def paydays(self) -> list[tuple[date, float]]:
        """(day, share of the monthly wage) for the whole window."""
        c = self.acc.country
        out: list[tuple[date, float]] = []
        months = [(2025, 12), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]
        for y, m in months:
            first = date(y, m, 1)
            last = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
            if self.schedule == "monthly_end":
                out.append((previous_business_day(last, c), 1.0))
            elif self.schedule == "monthly_25":
                out.append((previous_business_day(date(y, m, 25), c), 1.0))
            elif self.schedule == "monthly_next5":
                out.append((previous_business_day(last + timedelta(days=5), c), 1.0))
            elif self.schedule == "twice":  # Cambodian garment: half mid-month, the rest at month end
                out.append((previous_business_day(date(y, m, 15), c), 0.5))
                out.append((previous_business_day(last, c), 0.5))
            del first
        if self.schedule == "weekly":
            out = [(d, 12 / 52) for d in days() if d.weekday() == 5]
        return [(d, s) for d, s in out if START <= d < START + timedelta(days=DAYS)]


@dataclass
class Ordinary:
    """The ordinary population, kept for the schemes that hide among it."""

    employers: list[Employer] = field(default_factory=list)
    persons: list[Account] = field(default_factory=list)  # ordinary individuals by country
    shops: dict[str, list[Account]] = field(default_factory=dict)
    exchanges: list[Account] = field(default_factory=list)
    services: dict[str, list[Account]] = field(default_factory=dict)  # utility, mfi, school, developer...
    pay: dict[str, list[tuple[date, float, str]]] = field(
        default_factory=dict
    )  # account -> (day, amount, cur)

    def persons_in(self, country: str) -> list[Account]:
        return [p for p in self.persons if p.country == country]


def opened_before(rng: random.Random, lo_days: int = 200, hi_days: int = 4000) -> date:
    return START - timedelta(days=rng.randrange(lo_days, hi_days))


def spend_amount(rng: random.Random, cur: str) -> float:
    lo, hi = SPEND[cur]
    return lo * (hi / lo) ** (rng.random() ** 1.6)  # log-uniform, skewed to small


def round_to(x: float, step: float) -> float:
    return max(step, round(x / step) * step)


def nice_round(x: float, cur: str) -> float:
    """How people choose a transfer amount: round hundreds of riel, tens of dollars, thousands of baht."""
    step = {"USD": 10, "KHR": 10_000, "THB": 100, "VND": 100_000, "LAK": 50_000, "MYR": 10, "KRW": 10_000,
            "JPY": 1_000, "PHP": 100, "IDR": 50_000, "CNY": 10, "MMK": 5_000}.get(cur, 10)  # fmt: skip
    return round_to(x, step)


# ------------------------------------------------------------------ the population
def build_population(world: World, n: int) -> Ordinary:
    """About n ordinary accounts (the caller sizes n; the schemes come on top)."""
    seed = world.seed
    rng = rng_for(seed, "population")
    o = Ordinary()
    # services first
    for country, count in (("KH", max(6, n // 90)), ("TH", max(4, n // 180)), ("VN", max(3, n // 250)),
                           ("LA", 2), ("MY", 1), ("PH", 1), ("MM", 2), ("ID", 1)):  # fmt: skip
        o.shops[country] = [
            world.account(rng, "shop", "company", country, opened_before(rng, 100, 3000))
            for _ in range(count)
        ]
    for country in ("KH", "TH", "VN"):
        for kind, count in (("utility", 2), ("mfi", max(2, n // 1500)), ("school", max(2, n // 1200)),
                            ("developer", 1), ("distributor", 1), ("dealer", 1)):  # fmt: skip
            o.services.setdefault(f"{kind}:{country}", []).extend(
                world.account(rng, kind, "company", country, opened_before(rng, 400, 5000))
                for _ in range(count)
            )
    o.exchanges = [
        world.account(rng, "exchange", "company", c, opened_before(rng, 300, 1500), currency="USD")
        for c in ("SG", "HK", "AE", "KH")
    ]
    # employers: sized until the workers' share is used up
    workers_target = int(n * 0.55)
    sectors = [("KH", "garment", 20), ("KH", "construction", 6), ("KH", "hotel", 5), ("KH", "office", 8),
               ("KH", "tech", 3), ("KH", "plantation", 3), ("TH", "construction", 6), ("TH", "fishing", 3),
               ("TH", "garment", 5), ("TH", "office", 6), ("TH", "hotel", 3), ("VN", "garment", 6),
               ("VN", "office", 4), ("VN", "construction", 2), ("LA", "garment", 2), ("LA", "office", 1),
               ("MY", "plantation", 2), ("MY", "office", 1), ("KR", "plantation", 2), ("KR", "garment", 1),
               ("JP", "garment", 1), ("PH", "office", 1), ("ID", "garment", 1)]  # fmt: skip
    assigned = 0
    e_index = 0
    while assigned < workers_target:
        country, sector, _w = rng.choices(sectors, [s[2] for s in sectors])[0]
        e_rng = rng_for(seed, "employer", e_index)
        e_index += 1
        cur = WAGES[(country, sector)][0]
        acc = world.account(e_rng, sector, "company", country, opened_before(e_rng, 300, 5000), currency=cur)
        if sector == "garment" and country == "KH":
            schedule = "twice"
        elif sector in ("construction", "fishing") and country == "TH":
            schedule = e_rng.choice(("weekly", "weekly", "twice"))
        elif country == "VN":
            schedule = "monthly_next5"
        else:
            schedule = e_rng.choice(("monthly_end", "monthly_25", "monthly_end"))
        emp = Employer(acc, sector, cur, schedule, e_rng.choice((7.5, 8.0, 9.0, 10.0, 14.0, 22.5)))
        lo, hi = SECTOR_SIZE[sector]
        size = min(int(lo * (hi / lo) ** e_rng.random()), max(3, workers_target - assigned))
        for _ in range(size):
            w_rng = rng_for(seed, "worker", acc.account_id, len(emp.roster))
            wc = _worker_country(country, sector, w_rng)
            home_cur = {"KH": None, "MM": "THB", "LA": "LAK"}.get(wc)
            acc_country = country  # the account is held where the work is
            w = world.account(w_rng, "worker", "person", acc_country, opened_before(w_rng, 60, 3000),
                              currency=home_cur if acc_country == wc and home_cur else None,
                              name=_name_for(wc, w_rng))  # fmt: skip
            wage_lo, wage_hi = WAGES[(country, sector)][1:]
            emp.roster.append((w, wage_lo + (wage_hi - wage_lo) * w_rng.random() ** 1.5))
            o.persons.append(w)
        assigned += size
        o.employers.append(emp)
    # people who are not on a payroll here: vendors, family at home, retired, students
    rest = max(0, n - len(world.accounts))
    for i in range(rest):
        p_rng = rng_for(seed, "resident", i)
        country = p_rng.choices(("KH", "TH", "VN", "LA", "MM", "PH", "ID"), (50, 20, 14, 5, 5, 3, 3))[0]
        kind = p_rng.choices(("vendor", "family", "student", "retired"), (30, 40, 15, 15))[0]
        p = world.account(
            p_rng, kind, "person", country, opened_before(p_rng, 30, 5000), young=kind == "student"
        )
        o.persons.append(p)
    return o


def _worker_country(country: str, sector: str, rng: random.Random) -> str:
    """Where a worker comes from: Thai fishing and construction employ many from Myanmar and Cambodia."""
    if country == "TH" and sector in ("fishing", "construction", "garment"):
        return rng.choices(("TH", "MM", "KH", "LA"), (30, 40, 22, 8))[0]
    if country == "MY":
        return rng.choices(("MY", "ID", "MM", "KH"), (30, 40, 15, 15))[0]
    if country in ("KR", "JP"):
        return rng.choices(("KH", "VN", "MM", "ID", "LA"), (35, 25, 15, 15, 10))[0]
    return country


def _name_for(origin: str, rng: random.Random) -> str:
    from .world import person_name

    return person_name(origin, rng)


# ------------------------------------------------------------------ ordinary traffic
def run_payroll(world: World, o: Ordinary) -> None:
    for emp in o.employers:
        rng = rng_for(world.seed, "payroll", emp.acc.account_id)
        advance_takers = {w.account_id for w, _ in emp.roster if rng.random() < 0.06}
        for d, share in emp.paydays():
            t0 = at(d, emp.batch_hour)
            for i, (w, wage) in enumerate(emp.roster):
                amount = wage * share * rng.uniform(0.93, 1.12)  # overtime, allowances, absences
                if w.account_id in advance_takers and share == 1.0 and rng.random() < 0.5:
                    adv = nice_round(wage * 0.25, emp.currency)
                    world.add(at(d - timedelta(days=12), hour_of(rng, "office")), emp.acc.tz, emp.acc, w, adv,
                              emp.currency, "transfer")  # fmt: skip
                    amount -= adv  # a salary advance, taken back from the next wage
                if d.month == 2 and emp.acc.country == "VN" and d < LUNAR_NEW_YEAR:
                    amount += wage  # the 13th-month (Tet) bonus
                world.add(t0 + timedelta(seconds=i * rng.randrange(1, 4)), emp.acc.tz, emp.acc, w, amount,
                          emp.currency, "transfer")  # fmt: skip
                o.pay.setdefault(w.account_id, []).append((d, amount, emp.currency))
        # the employer's own income: buyers abroad, contractors, card takings; and its suppliers
        buyers = _foreign_counterparts(world, rng, emp, 2)
        monthly_bill = sum(wg for _, wg in emp.roster) * 1.6
        for d in days():
            if d.day in (3, 18) and is_business_day(d, emp.acc.country):
                src = rng.choice(buyers)
                world.add(at(d, hour_of(rng, "office")), src.tz, src, emp.acc,
                          monthly_bill / 2 * rng.uniform(0.7, 1.3), emp.currency if emp.currency != "KHR" else "USD",
                          "international_wire" if src.country != emp.acc.country else "transfer")  # fmt: skip


def _foreign_counterparts(world: World, rng: random.Random, emp: Employer, k: int) -> list[Account]:
    out = []
    for _ in range(k):
        c = (
            rng.choice(("CN", "HK", "SG", "US", "GB", "TH", "VN", "KR", "JP"))
            if emp.sector in ("garment",)
            else emp.acc.country
        )
        out.append(world.account(rng, "trading", "company", c, opened_before(rng, 500, 6000),
                                 currency="USD" if c != emp.acc.country else emp.currency))  # fmt: skip
    return out


def everyday_life(world: World, o: Ordinary, people: list[Account] | None = None) -> None:
    """Card spending, P2P, cash, bills, rent, loans, school fees for every ordinary person (or `people`)."""
    seed = world.seed
    utilities = {c: o.services[f"utility:{c}"] for c in ("KH", "TH", "VN")}
    by_country: dict[str, list[Account]] = {}
    for p in o.persons:
        by_country.setdefault(p.country, []).append(p)
    for p in o.persons if people is None else people:
        c = p.country
        if c not in o.shops:
            continue  # a life abroad is not in the region's data (only its transfers home are)
        rng = rng_for(seed, "life", p.account_id)
        cur = p.currency
        shops = o.shops[c]
        favourites = rng.sample(shops, min(len(shops), 4))
        pay = o.pay.get(p.account_id, [])
        # income for people without a payroll: vendors deposit cash, families receive transfers
        if not pay:
            per_month = {"vendor": 4, "family": 1, "student": 1, "retired": 1}.get(p.kind, 1)
            for d in days():
                if rng.random() < per_month / 30 and d.weekday() < 6 and d >= p.opened:
                    amt = spend_amount(rng, cur) * rng.uniform(5, 25)
                    world.add(at(d, hour_of(rng, "branch")), p.tz, None, p, amt, cur, "cash_deposit")
                    pay.append((d, amt, cur))
        income = sum(a for _, a, _ in pay) or spend_amount(rng, cur) * 40
        card_rate = rng.uniform(0.05, 0.3)  # card payments a day
        for d in days():
            if d < p.opened:
                continue
            k = 0
            while rng.random() < card_rate / (1 + k) and k < 4:
                k += 1
                shop = rng.choice(favourites) if rng.random() < 0.8 else rng.choice(shops)
                amt = spend_amount(rng, cur) * (1.8 if abs((d - KHMER_NEW_YEAR).days) < 4 else 1.0)
                world.add(at(d, hour_of(rng, "card")), p.tz, p, shop, amt, cur, "card")
            if rng.random() < 0.05 and by_country.get(c):
                friend = rng.choice(by_country[c])
                if friend is not p:
                    world.add(at(d, hour_of(rng, "mobile")), p.tz, p, friend,
                              nice_round(spend_amount(rng, cur) * rng.uniform(1, 8), cur), cur, "mobile")  # fmt: skip
        # after each wage: cash out some of it
        for d, amt, wcur in pay:
            for _ in range(rng.choice((0, 1, 1, 2))):
                dd = d + timedelta(days=rng.randrange(0, 6))
                world.add(at(dd, hour_of(rng, "atm")), p.tz, p, None, nice_round(amt * rng.uniform(0.1, 0.4), wcur),
                          wcur, "cash_withdrawal")  # fmt: skip
        monthly = income / 4
        # bills
        if c in utilities and rng.random() < 0.5:
            util = rng.choice(utilities[c])
            for m in (1, 2, 3, 4):
                d = date(2026, m, rng.randrange(5, 20))
                world.add(
                    at(d, hour_of(rng, "mobile")),
                    p.tz,
                    p,
                    util,
                    monthly * rng.uniform(0.02, 0.08),
                    cur,
                    "mobile",
                )
        # microfinance: a loan disbursed before the window, a fixed instalment each month
        if c in ("KH", "TH", "VN") and rng.random() < 0.22:
            mfi = rng.choice(o.services[f"mfi:{c}"])
            inst = nice_round(monthly * rng.uniform(0.15, 0.35), cur)
            due = rng.randrange(1, 28)
            for m in (1, 2, 3, 4):
                d = date(2026, m, due) + timedelta(days=rng.choice((-1, 0, 0, 0, 1, 2)))
                world.add(
                    at(d, hour_of(rng, "mobile")), p.tz, p, mfi, inst, cur, rng.choice(("mobile", "transfer"))
                )
            world.lookalike(mfi, "microfinance_instalments", "debt_bondage")
        # school fees at the start of the term: round amounts, to a school
        if c in ("KH", "TH", "VN") and p.kind in ("worker", "vendor", "family") and rng.random() < 0.12:
            school = rng.choice(o.services[f"school:{c}"])
            fee = rng.choice({"USD": (150, 300, 450, 600, 900, 1200), "KHR": (600_000, 1_200_000, 2_000_000),
                              "THB": (4_500, 9_000, 15_000, 25_000), "VND": (3_000_000, 6_500_000, 12_000_000)}
                             .get(cur, (300,)))  # fmt: skip
            for term_start in (date(2026, 1, 5), date(2026, 4, 20)):
                d = term_start + timedelta(days=rng.randrange(0, 12))
                world.add(at(d, hour_of(rng, "office")), p.tz, p, school, fee, cur, "transfer")
            world.lookalike(school, "school_fees", "recruitment_fees")
        # crypto investors: a share of income to an exchange, now and then back
        if rng.random() < 0.03:
            ex = rng.choice(o.exchanges)
            for d, amt, wcur in pay[::2]:
                world.add(at(d + timedelta(days=1), hour_of(rng, "mobile")), p.tz, p, ex, amt * rng.uniform(0.1, 0.5),
                          wcur, "crypto_exchange")  # fmt: skip
            if rng.random() < 0.5:
                d = START + timedelta(days=rng.randrange(30, DAYS))
                world.add(
                    at(d, hour_of(rng, "any")),
                    ex.tz,
                    ex,
                    p,
                    income * rng.uniform(0.05, 0.3),
                    cur,
                    "crypto_exchange",
                )
            world.lookalike(p, "crypto_investor", "mule_chain")


# ------------------------------------------------------------------ look-alikes built on purpose
def shops_and_trade(world: World, o: Ordinary) -> None:
    """Shops deposit their cash takings (some large shops land near the cash threshold by chance) and pay
    suppliers; companies trade with each other at home and abroad, including trade that goes round."""
    seed = world.seed
    for country, shops in o.shops.items():
        distributors = o.services.get(f"distributor:{country}") or o.services["distributor:KH"]
        for s in shops:
            rng = rng_for(seed, "shop", s.account_id)
            big = rng.random() < 0.18
            cur = s.currency
            for d in days():
                if d.weekday() == 6 or rng.random() < 0.35:
                    continue
                usd = rng.uniform(2500, 16000) if big else rng.uniform(60, 1800)
                amt = world.rates.from_usd(usd, cur, d)
                world.add(at(d, hour_of(rng, "branch")), s.tz, None, s, nice_round(amt, cur) if rng.random() < 0.5 else amt,
                          cur, "cash_deposit")  # fmt: skip
                if d.weekday() == 4:
                    world.add(at(d, hour_of(rng, "office")), s.tz, s, rng.choice(distributors),
                              amt * rng.uniform(1.5, 3.5), cur, "transfer")  # fmt: skip
            world.lookalike(
                s,
                "large_shop_cash_takings" if big else "shop_card_takings",
                "structuring" if big else "recruitment_fees",
            )
    # distributors' own cash collections: many deposits a day from sales staff
    for key, accs in o.services.items():
        if key.startswith("distributor:"):
            for dist in accs:
                rng = rng_for(seed, "distributor", dist.account_id)
                for d in days():
                    if d.weekday() == 6:
                        continue
                    for _ in range(rng.randrange(1, 5)):
                        amt = world.rates.from_usd(rng.uniform(1500, 12000), dist.currency, d)
                        world.add(
                            at(d, hour_of(rng, "branch")),
                            dist.tz,
                            None,
                            dist,
                            amt,
                            dist.currency,
                            "cash_deposit",
                        )
                world.lookalike(dist, "distributor_cash_collections", "structuring")
    _trade(world, o)


def _trade(world: World, o: Ordinary) -> None:
    seed = world.seed
    rng = rng_for(seed, "trade")
    n_groups = max(3, len(o.employers) // 3)
    for g in range(n_groups):
        g_rng = rng_for(seed, "trade-group", g)
        home = g_rng.choice(("KH", "KH", "TH", "VN"))
        size = g_rng.randrange(3, 6)
        firms = [
            world.account(
                g_rng,
                "trading",
                "company",
                home
                if i % 2 == 0 or g_rng.random() < 0.4
                else g_rng.choice(("CN", "TH", "VN", "SG", "HK", "MY")),
                opened_before(g_rng, 300, 6000),
                currency="USD",
            )
            for i in range(size)
        ]
        # invoices along the supply chain, paid 15-60 days apart, amounts unrelated to each other;
        # when the chain closes (the last sells back to the first) it is a slow, uneven cycle
        closes = g_rng.random() < 0.6
        fast = closes and g_rng.random() < 0.5  # a group's own companies settle each other's invoices in days
        for _k in range(g_rng.randrange(4, 10)):
            d = START + timedelta(days=g_rng.randrange(0, DAYS))
            for i in range(size - (0 if closes else 1)):
                a, b = firms[(i + 1) % size], firms[i]  # b buys from a: pays a
                dd = d + timedelta(days=i * (g_rng.randrange(1, 6) if fast else g_rng.randrange(12, 40)))
                if dd > START + timedelta(days=DAYS - 1):
                    break
                amt = g_rng.uniform(4000, 180000)
                ch = "international_wire" if a.country != b.country else "transfer"
                world.add(at(dd, hour_of(g_rng, "office")), b.tz, b, a, amt, "USD", ch)
        if closes:
            for f in firms:
                world.lookalike(f, "group_trade_loop" if fast else "slow_trade_loop", "cycle")
        # back-to-back trade: a customer's payment passed on to the supplier within two days
        trader, customer, supplier = firms[0], firms[1], firms[-1]
        for _k in range(g_rng.randrange(2, 6)):
            d = START + timedelta(days=g_rng.randrange(0, DAYS - 3))
            amt = g_rng.uniform(8000, 120000)
            world.add(at(d, hour_of(g_rng, "office")), customer.tz, customer, trader, amt, "USD",
                      "international_wire" if customer.country != trader.country else "transfer")  # fmt: skip
            world.add(at(d + timedelta(days=g_rng.choice((0, 1, 2))), hour_of(g_rng, "office")), trader.tz, trader,
                      supplier, amt * g_rng.uniform(0.82, 0.95), "USD",
                      "international_wire" if supplier.country != trader.country else "transfer")  # fmt: skip
        world.lookalike(trader, "back_to_back_trade", "mule_chain")
    # friends who settle a shared bill round the group: quick cycles of small amounts
    kh = o.persons_in("KH")
    for i in range(max(2, len(kh) // 400)):
        f_rng = rng_for(seed, "bill-split", i)
        group = f_rng.sample(kh, 3)
        d = START + timedelta(days=f_rng.randrange(0, DAYS - 2))
        amt = f_rng.uniform(15, 90)
        for j in range(3):
            a, b = group[j], group[(j + 1) % 3]
            world.add(at(d, hour_of(f_rng, "mobile")), a.tz, a, b, amt, "USD", "mobile")
        for p in group:
            world.lookalike(p, "friends_bill_split", "cycle")
    del rng


def remittances(world: World, o: Ordinary) -> None:
    """Migrant workers abroad send money home after payday; the family takes it out in cash within a day.
    Domestic migrants send a fixed share of each wage to their parents, brothers and sisters to the same
    mother. Payment agents take workers' money on payday and pay it out in cash and transfers."""
    seed = world.seed
    home_of = {"MM": "MM", "LA": "LA"}
    abroad = [
        (w, emp) for emp in o.employers if emp.acc.country in ("TH", "MY", "KR", "JP") for w, _ in emp.roster
    ]
    for w, emp in abroad:
        rng = rng_for(seed, "remit", w.account_id)
        if rng.random() > 0.6:
            continue
        origin = _origin_from_name(w, rng)
        home = home_of.get(origin, origin)
        if home == emp.acc.country:
            continue
        fam = world.account(rng, "family", "person", home, opened_before(rng, 100, 4000),
                            name=_family_name_like(w.holder_name, home, rng))  # fmt: skip
        o.persons.append(fam)
        for d, amt, cur in o.pay.get(w.account_id, []):
            if emp.schedule == "weekly" and rng.random() < 0.6:
                continue
            dd = d + timedelta(days=rng.randrange(0, 3))
            sent = nice_round(
                amt
                * rng.uniform(0.35, 0.7)
                * (1.4 if KHMER_NEW_YEAR - dd < timedelta(days=12) and dd < KHMER_NEW_YEAR else 1),
                cur,
            )
            t = at(dd, hour_of(rng, "mobile"))
            world.add(t, w.tz, w, fam, sent, cur, "international_wire")
            usd = world.rates.to_usd(sent, cur, dd)
            fcur = fam.currency
            got = world.rates.from_usd(usd, fcur, dd)
            for part in (0.6, 0.4) if rng.random() < 0.3 else (1.0,):
                world.add(t + timedelta(hours=rng.uniform(0.5, 20)), w.tz, fam, None,
                          nice_round(got * part * rng.uniform(0.9, 1.0), fcur), fcur, "cash_withdrawal")  # fmt: skip
        world.lookalike(fam, "remittance_cashed_out", "mule_chain")
    # relatives abroad who send gifts before the New Year; taken out in cash the same day
    kh_people = [p for p in o.persons if p.country == "KH"]
    for g in range(max(2, len(kh_people) // 60)):
        rng = rng_for(seed, "diaspora", g)
        fam = rng.choice(kh_people)
        rel = world.account(rng, "family", "person", rng.choice(("US", "AU", "CA", "GB", "KR", "JP")),
                            opened_before(rng, 500, 6000))  # fmt: skip
        for _k in range(rng.randrange(1, 5)):
            d = START + timedelta(days=rng.randrange(0, DAYS - 2))
            if rng.random() < 0.5:
                d = KHMER_NEW_YEAR - timedelta(days=rng.randrange(1, 20))
            usd = rng.choice((200, 300, 500, 1000, 1500, 2000, 3000, 5000))
            t = at(d, rng.uniform(8, 18))
            world.add(
                t,
                rel.tz,
                rel,
                fam,
                world.rates.from_usd(usd, rel.currency, d),
                rel.currency,
                "international_wire",
            )
            arrived = t + timedelta(minutes=fam.tz - rel.tz, hours=rng.uniform(0.5, 6))
            world.add(arrived + timedelta(hours=rng.uniform(0.5, 20)), fam.tz, fam, None,
                      nice_round(world.rates.from_usd(usd, fam.currency, d) * rng.uniform(0.9, 1.0), fam.currency),
                      fam.currency, "cash_withdrawal")  # fmt: skip
        world.lookalike(fam, "diaspora_gift_cashed_out", "mule_chain")
    # brothers and sisters who each send part of every wage to their mother at home
    kh_workers = [(w, emp) for emp in o.employers if emp.acc.country == "KH" for w, _ in emp.roster]
    rng = rng_for(seed, "siblings")
    for g in range(max(1, len(kh_workers) // 120)):
        group = rng.sample(kh_workers, rng.randrange(3, 5))
        family = group[0][0].holder_name.split()[0]
        mother = world.account(rng, "family", "person", "KH", opened_before(rng, 500, 5000),
                               name=f"{family} {rng.choice(('Srey Mom', 'Sophea', 'Chenda', 'Malis'))}")  # fmt: skip
        o.persons.append(mother)
        for w, _emp in group:
            share = rng.uniform(0.3, 0.5)
            for d, amt, cur in o.pay.get(w.account_id, []):
                world.add(at(d + timedelta(days=rng.choice((0, 0, 1))), hour_of(rng, "mobile")), w.tz, w, mother,
                          nice_round(amt * share, cur), cur, "mobile")  # fmt: skip
        for d in days():
            if d.day in (2, 17) and rng.random() < 0.8:
                world.add(at(d, hour_of(rng, "atm")), mother.tz, mother, None, 150, "USD", "cash_withdrawal")
        world.lookalike(mother, "siblings_support_mother", "debt_bondage")
        del g
    # payment agents near the factories
    for i, emp in enumerate(
        [e for e in o.employers if e.acc.country in ("KH", "TH") and len(e.roster) >= 30]
    ):
        rng = rng_for(seed, "agent", i)
        if rng.random() > 0.5:
            continue
        agent = world.account(rng, "agent", rng.choice(("company", "person")), emp.acc.country,
                              opened_before(rng, 300, 3000), currency=emp.currency)  # fmt: skip
        recipients = [
            p for p in o.persons if p.country == emp.acc.country and p.kind in ("family", "retired")
        ]
        clients = [w for w, _ in emp.roster if rng.random() < 0.5]
        for w in clients:
            for d, amt, cur in o.pay.get(w.account_id, []):
                if rng.random() < 0.55:
                    world.add(at(d + timedelta(days=rng.choice((0, 0, 1, 2))), hour_of(rng, "mobile")), w.tz, w, agent,
                              nice_round(amt * rng.uniform(0.15, 0.5), cur), cur, "mobile")  # fmt: skip
        for d in days():
            if d.weekday() == 6:
                continue
            for _ in range(rng.randrange(1, 4)):
                world.add(at(d, hour_of(rng, "branch")), agent.tz, agent, None,
                          world.rates.from_usd(rng.uniform(200, 2500), agent.currency, d), agent.currency, "cash_withdrawal")  # fmt: skip
            if recipients and rng.random() < 0.7:
                for _ in range(rng.randrange(1, 5)):
                    r = rng.choice(recipients)
                    world.add(at(d, hour_of(rng, "office")), agent.tz, agent, r,
                              nice_round(world.rates.from_usd(rng.uniform(20, 300), agent.currency, d), agent.currency),
                              agent.currency, "transfer")  # fmt: skip
            if rng.random() < 0.3:
                world.add(at(d, hour_of(rng, "branch")), agent.tz, None, agent,
                          world.rates.from_usd(rng.uniform(500, 5000), agent.currency, d), agent.currency, "cash_deposit")  # fmt: skip
        world.lookalike(agent, "payment_agent", "wage_skim")


def _origin_from_name(w: Account, rng: random.Random) -> str:
    from .world import KH_FAMILY, LA_FAMILY, MM_SYLL

    first = w.holder_name.split()[0].title() if w.holder_name else ""
    if first in KH_FAMILY:
        return "KH"
    if first in MM_SYLL:
        return "MM"
    if w.holder_name.split()[-1].title() in LA_FAMILY:
        return "LA"
    return w.country


def _family_name_like(name: str, country: str, rng: random.Random) -> str:
    from .world import KH_GIVEN, person_name

    if country == "KH" and name:
        return f"{name.split()[0]} {rng.choice(KH_GIVEN)}"  # a parent shares the family name
    return person_name(country, rng)


def community(world: World, o: Ordinary) -> None:
    """Savings groups, landlords, dormitory canteens, weddings, property purchases, licensed recruitment
    agencies: each one a crowd of people paying one account."""
    seed = world.seed
    kh = [p for p in o.persons if p.country == "KH" and p.kind == "worker"]
    vn = [p for p in o.persons if p.country == "VN"]
    # rotating savings groups (tontine / hui): a fixed contribution every month, the pot to one member
    for g in range(max(1, len(o.persons) // 350)):
        rng = rng_for(seed, "rosca", g)
        pool = vn if (rng.random() < 0.35 and len(vn) > 15) else kh
        members = rng.sample(pool, min(len(pool), rng.randrange(8, 15)))
        organiser = world.account(rng, "vendor", "person", members[0].country, opened_before(rng, 500, 5000))
        o.persons.append(organiser)
        cur = organiser.currency
        contrib = {
            "USD": rng.choice((50, 100, 150, 200)),
            "KHR": 400_000,
            "VND": rng.choice((2_000_000, 3_000_000, 5_000_000)),
        }[cur]
        step = rng.choice((10, 15, 30))
        order = members[:]
        rng.shuffle(order)
        for k, d in enumerate(days()[rng.randrange(0, 8) :: step]):
            for m in members:
                world.add(at(d + timedelta(days=rng.choice((0, 0, 1))), hour_of(rng, "mobile")), m.tz, m, organiser,
                          contrib, cur, "mobile")  # fmt: skip
            winner = order[k % len(order)]
            world.add(at(d + timedelta(days=2), hour_of(rng, "mobile")), organiser.tz, organiser, winner,
                      contrib * len(members) * rng.uniform(0.9, 0.97), cur, "mobile")  # fmt: skip
        world.lookalike(organiser, "savings_group_organiser", "debt_bondage")
    # landlords of workers' rooms: fixed rent at the start of each month
    for g in range(max(1, len(kh) // 150)):
        rng = rng_for(seed, "landlord", g)
        tenants = rng.sample(kh, min(len(kh), rng.randrange(4, 12)))
        landlord = world.account(rng, "vendor", "person", "KH", opened_before(rng, 500, 5000))
        o.persons.append(landlord)
        for t in tenants:
            rent = rng.choice((40, 50, 60, 70, 80, 100))
            for m in (1, 2, 3, 4):
                world.add(
                    at(date(2026, m, rng.randrange(1, 6)), hour_of(rng, "mobile")),
                    t.tz,
                    t,
                    landlord,
                    rent,
                    "USD",
                    "mobile",
                )
        world.lookalike(landlord, "landlord_rent", "debt_bondage")
    # dormitory canteens next to a factory: a meal-and-room charge after every wage
    garment = [
        e for e in o.employers if e.sector == "garment" and e.acc.country == "KH" and len(e.roster) >= 20
    ]
    for g, emp in enumerate(garment[: max(1, len(garment) // 3)]):
        rng = rng_for(seed, "canteen", g)
        canteen = world.account(rng, "vendor", "person", "KH", opened_before(rng, 300, 3000))
        o.persons.append(canteen)
        for w, _wage in rng.sample(emp.roster, min(len(emp.roster), rng.randrange(10, 30))):
            charge = rng.choice((20, 25, 30))
            for d, _amt, cur in o.pay.get(w.account_id, []):
                world.add(at(d + timedelta(days=rng.choice((0, 1))), hour_of(rng, "mobile")), w.tz, w, canteen,
                          charge if cur == "USD" else charge * 4000, cur, "mobile")  # fmt: skip
        for d in days():
            if d.weekday() < 6:
                world.add(at(d, hour_of(rng, "branch")), canteen.tz, canteen, None,
                          rng.uniform(40, 300), "USD", "cash_withdrawal")  # fmt: skip
        world.lookalike(canteen, "dormitory_canteen", "wage_skim")
    # weddings: dozens of guests send round gifts within two days
    everyone = [p for p in o.persons if p.country == "KH"]
    for g in range(max(1, len(everyone) // 500)):
        rng = rng_for(seed, "wedding", g)
        couple = rng.choice(everyone)
        d = START + timedelta(days=rng.randrange(5, DAYS - 3))
        for guest in rng.sample(everyone, min(len(everyone) - 1, rng.randrange(25, 70))):
            if guest is couple:
                continue
            world.add(at(d + timedelta(days=rng.choice((0, 0, 1))), hour_of(rng, "mobile")), guest.tz, guest, couple,
                      rng.choice((20, 30, 50, 50, 100)), "USD", "mobile")  # fmt: skip
        world.lookalike(couple, "wedding_gifts", "recruitment_fees")
    # property purchase: a relative abroad sends a large sum; it goes to the developer a day later
    developers = o.services["developer:KH"]
    for g in range(max(1, len(everyone) // 700)):
        rng = rng_for(seed, "property", g)
        buyer = rng.choice(everyone)
        rel = world.account(rng, "family", "person", rng.choice(("US", "AU", "CA", "GB")), opened_before(rng, 800, 6000),
                            name=f"{buyer.holder_name.split()[0].title()} {rng.choice(('Sophal', 'Ratha', 'Bunthoeun', 'Sovann'))}")  # fmt: skip
        d = START + timedelta(days=rng.randrange(5, DAYS - 5))
        amt = rng.uniform(25000, 90000)
        world.add(at(d, hour_of(rng, "office")), rel.tz, rel, buyer, amt, "USD", "international_wire")
        world.add(at(d + timedelta(days=1), hour_of(rng, "office")), buyer.tz, buyer, rng.choice(developers),
                  round(amt * rng.uniform(0.95, 1.0), -2), "USD", "transfer")  # fmt: skip
        world.lookalike(buyer, "property_purchase_passthrough", "mule_chain")
    # licensed recruitment agencies: a regulated fee from new accounts of workers about to leave, who
    # then get wages from abroad and stay active
    kr_employers = [e for e in o.employers if e.acc.country in ("KR", "JP", "MY")]
    for g in range(max(1, len(kh) // 600)):
        rng = rng_for(seed, "agency", g)
        agency = world.account(rng, "agency", "company", "KH", opened_before(rng, 800, 5000))
        d0 = START + timedelta(days=rng.randrange(0, 30))
        for _ in range(rng.randrange(10, 30)):
            w = world.account(
                rng, "worker", "person", "KH", d0 - timedelta(days=rng.randrange(0, 20)), young=True
            )
            o.persons.append(w)
            d = d0 + timedelta(days=rng.randrange(0, 25))
            world.add(
                at(d, hour_of(rng, "branch")),
                w.tz,
                None,
                w,
                rng.choice((400, 500, 600)),
                "USD",
                "cash_deposit",
            )
            world.add(
                at(d + timedelta(days=1), hour_of(rng, "office")), w.tz, w, agency, 350, "USD", "transfer"
            )
            if kr_employers:
                emp = rng.choice(kr_employers)
                wage = WAGES[(emp.acc.country, emp.sector)][1]
                for k in range(rng.randrange(1, 3)):
                    dd = d + timedelta(days=45 + 30 * k + rng.randrange(0, 5))
                    if dd < START + timedelta(days=DAYS):
                        world.add(
                            at(dd, emp.batch_hour),
                            emp.acc.tz,
                            emp.acc,
                            w,
                            wage,
                            emp.currency,
                            "international_wire",
                        )
                        world.add(
                            at(dd + timedelta(days=1), hour_of(rng, "atm")),
                            w.tz,
                            w,
                            None,
                            200,
                            "USD",
                            "cash_withdrawal",
                        )
            for _k in range(rng.randrange(2, 6)):
                world.add(at(d + timedelta(days=rng.randrange(2, 30)), hour_of(rng, "card")), w.tz, w,
                          rng.choice(o.shops["KH"]), spend_amount(rng, "USD"), "USD", "card")  # fmt: skip
        world.lookalike(agency, "licensed_recruitment_agency", "recruitment_fees")
