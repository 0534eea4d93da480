"""Bank traffic at scale for financial intelligence: ordinary payments and six trafficking typologies.

The person-level simulator (tipnet.sim.money) writes a few thousand transactions for the scenario's
people; this module writes a bank's whole book, up to 1,000,000 accounts and 10,000,000 transactions,
columnar (numpy arrays, written in chunks), in the `accounts.csv` / `transactions.csv` format that
`tipnet finance detect` reads, with the truth per account and role.

Ordinary traffic is built to look like each typology (the detector's false positives live here):
payroll (monthly, fortnightly or weekly) fans out from employers like a front company's wages; shops
and schools receive round or small payments from many payers like a broker; rent and loan instalments
are fixed amounts paid again and again like debt bondage; remittances from abroad taken out in cash the
same day look like a mule's pass-through; payment agents receive from many and pay on at once; shops
deposit their takings in cash, now and then just under the reporting threshold; trading companies pay
each other round a loop.

Typologies (truth/accounts.csv `typology`, `role`, `scheme`):
- wage_skim: front_company pays victims' wages, each victim passes most of it within hours to the
  recruiter, who sends the pooled money on to the operator (abroad or an exchange);
- recruitment_fees: victims' new accounts each pay one or two round fees to a broker within weeks,
  then go quiet;
- debt_bondage: victims with ordinary weekly wages pay a fixed large share of each wage to a controller;
- mule_chain: scam_victims abroad wire large sums to a mule that passes them within hours along a chain
  of recently opened mule accounts, each keeping a small cut, to a crypto exchange or cash;
- structuring: smurfs (or the collector itself) deposit cash just under the threshold and pass it on to
  the collector;
- cycle: members send about the same sum round 3-6 accounts within days, back to the first.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tipnet.sources import TRANSACTION_CHANNELS as CHANNELS

TRANSFER, MOBILE, CARD, CASH_IN, CASH_OUT, WIRE, CRYPTO = range(7)
CURRENCIES = ("USD", "KHR")
THRESHOLD_USD = 10_000.0
THRESHOLD_KHR = 40_000_000.0  # Cambodia's cash transaction report threshold in riel
FOREIGN = ("TH", "VN", "CN", "MY", "SG", "US", "AU", "KR", "JP", "CA", "GB", "HK")
SCAM_COUNTRIES = ("US", "AU", "CA", "GB", "SG", "HK", "JP", "KR")
KH_BANKS = ("ABA", "ACL", "CAN", "WNG", "FTB", "PPC", "SAT")

DAY = 86_400
HOUR = 3_600

# SCENARIO: kinds of account (shares of the ordinary population).
PERSON, EMPLOYER, SHOP, LANDLORD, LENDER, SCHOOL, AGENT, TRADER, EXCHANGE, ABROAD = range(10)
KIND_SHARE = {
    EMPLOYER: 0.012,
    SHOP: 0.015,
    LANDLORD: 0.012,
    LENDER: 0.0002,
    SCHOOL: 0.0006,
    AGENT: 0.002,
    TRADER: 0.004,
    EXCHANGE: 0.00002,
    ABROAD: 0.06,
}
COMPANY_KINDS = (EMPLOYER, SHOP, LENDER, SCHOOL, TRADER, EXCHANGE)

# SCENARIO: schemes per 1,000,000 accounts.
SCHEMES_PER_MILLION = {
    "wage_skim": 120,
    "recruitment_fees": 160,
    "debt_bondage": 160,
    "mule_chain": 220,
    "structuring": 180,
    "cycle": 120,
}


@dataclass
class Book:
    """Accounts and transactions being built, as growable column lists then numpy arrays."""

    kind: list[np.ndarray] = field(default_factory=list)
    country: list[np.ndarray] = field(default_factory=list)
    opened: list[np.ndarray] = field(default_factory=list)  # day offset from the window's start
    khr: list[np.ndarray] = field(default_factory=list)
    n: int = 0
    # transactions: seconds from the window's start, source, target (-1: cash), amount USD, channel
    ts: list[np.ndarray] = field(default_factory=list)
    src: list[np.ndarray] = field(default_factory=list)
    dst: list[np.ndarray] = field(default_factory=list)
    usd: list[np.ndarray] = field(default_factory=list)
    native: list[np.ndarray] = field(default_factory=list)  # NaN: convert from USD; else the amount
    channel: list[np.ndarray] = field(default_factory=list)
    scheme: list[np.ndarray] = field(default_factory=list)  # -1: ordinary
    scheme_khr: dict[int, bool] = field(default_factory=dict)  # the schemes' own accounts: riel or not

    def add_accounts(
        self,
        kind: int | np.ndarray,
        count: int,
        opened: np.ndarray,
        *,
        khr: np.ndarray,
        country: np.ndarray | None = None,
    ) -> np.ndarray:
        idx = np.arange(self.n, self.n + count)
        self.kind.append(np.broadcast_to(np.asarray(kind, dtype=np.int8), (count,)).copy())
        self.country.append(np.zeros(count, np.int16) if country is None else country.astype(np.int16))
        self.opened.append(opened.astype(np.int32))
        self.khr.append(khr.astype(bool))
        self.n += count
        return idx

    def add_tx(
        self,
        ts: np.ndarray,
        src: np.ndarray,
        dst: np.ndarray,
        usd: np.ndarray,
        channel: int | np.ndarray,
        *,
        native: np.ndarray | None = None,
        scheme: int = -1,
    ) -> None:
        m = len(ts)
        if m == 0:
            return
        self.ts.append(np.asarray(ts, np.int64))
        self.src.append(np.asarray(src, np.int64))
        self.dst.append(np.asarray(dst, np.int64))
        self.usd.append(np.asarray(usd, np.float64))
        self.native.append(np.full(m, np.nan) if native is None else np.asarray(native, np.float64))
        self.channel.append(np.broadcast_to(np.asarray(channel, np.int8), (m,)).copy())
        self.scheme.append(np.full(m, scheme, np.int32))


@dataclass
class Truth:
    rows: list[tuple[int, str, str, int]] = field(default_factory=list)  # account, typology, role, scheme
    typology_of_scheme: list[str] = field(default_factory=list)

    def scheme(self, typology: str) -> int:
        self.typology_of_scheme.append(typology)
        return len(self.typology_of_scheme) - 1

    def mark(self, accounts: np.ndarray | list[int] | int, typology: str, role: str, scheme: int) -> None:
        for a in np.atleast_1d(np.asarray(accounts)):
            self.rows.append((int(a), typology, role, scheme))


def _lognormal(rng: np.random.Generator, median: float, sigma: float, size: int) -> np.ndarray:
    return median * np.exp(rng.normal(0.0, sigma, size))


def _cents(x: np.ndarray) -> np.ndarray:
    return np.round(x, 2)


def _daytime(rng: np.random.Generator, size: int, start: float = 7.0, end: float = 21.0) -> np.ndarray:
    return (rng.uniform(start, end, size) * HOUR).astype(np.int64)


@dataclass
class Window:
    start: date
    days: int

    @property
    def seconds(self) -> int:
        return self.days * DAY


def khr_rates(start: date, days: int, seed: int) -> np.ndarray:
    """Riel per US dollar, one per day: around 4,100 with a slow drift (SCENARIO)."""
    rng = np.random.default_rng([seed, 7])
    walk = np.cumsum(rng.normal(0, 3.0, days + 60))
    return np.round(4100 + 25 * np.sin(np.arange(days + 60) / 45) + walk - walk.mean(), 0)


def _ordinary(book: Book, rng: np.random.Generator, n: int, w: Window) -> dict[int, np.ndarray]:
    """The ordinary population and its traffic; returns account indices by kind."""
    counts = {k: max(2, round(share * n)) for k, share in KIND_SHARE.items()}
    counts[PERSON] = n - sum(counts.values())
    by_kind: dict[int, np.ndarray] = {}
    for k in (PERSON, EMPLOYER, SHOP, LANDLORD, LENDER, SCHOOL, AGENT, TRADER, EXCHANGE, ABROAD):
        c = counts[k]
        # most accounts are years old; 5% of people opened theirs during the window
        opened = -rng.integers(30, 3650, c)
        if k == PERSON:
            recent = rng.random(c) < 0.05
            opened[recent] = rng.integers(0, w.days - 10, recent.sum())
        khr = rng.random(c) < (0.3 if k in (PERSON, LANDLORD, SHOP, AGENT) else 0.1)
        country = np.zeros(c, np.int16)
        if k == ABROAD:
            khr[:] = False
            country = rng.integers(1, len(FOREIGN) + 1, c).astype(np.int16)
        if k == EXCHANGE:
            khr[:] = False
        by_kind[k] = book.add_accounts(k, c, opened, khr=khr, country=country)

    people = by_kind[PERSON]
    secs = w.seconds

    # payroll: employees of employers of very different sizes, paid monthly, fortnightly or weekly
    employed = people[rng.random(len(people)) < 0.45]
    employers = by_kind[EMPLOYER]
    weights = 1.0 / np.arange(1, len(employers) + 1) ** 0.9
    boss = rng.choice(employers, len(employed), p=weights / weights.sum())
    cadence = rng.choice([30, 14, 7], len(employers), p=[0.7, 0.15, 0.15])
    cad_of = dict(zip(employers.tolist(), cadence.tolist(), strict=True))
    base = _lognormal(rng, 320, 0.45, len(employed))
    first_pay = rng.integers(0, 7, len(employers))
    pay_hour = rng.uniform(8, 16, len(employers))
    order = np.argsort(boss, kind="stable")
    boss_s, emp_s, base_s = boss[order], employed[order], base[order]
    for step in (30, 14, 7):
        sel = np.array([cad_of[b] == step for b in np.unique(boss_s)])
        bosses = np.unique(boss_s)[sel]
        mask = np.isin(boss_s, bosses)
        e_idx, e_boss, e_base = emp_s[mask], boss_s[mask], base_s[mask] * step / 30.0
        boss_pos = np.searchsorted(employers, e_boss)
        for k in range(w.days // step + 1):
            day = first_pay[boss_pos] + 20 + k * step if step == 30 else first_pay[boss_pos] + k * step
            ok = day < w.days
            t = day * DAY + (pay_hour[boss_pos] * HOUR).astype(np.int64) + rng.integers(0, 600, len(e_idx))
            amount = _cents(e_base * rng.uniform(0.97, 1.06, len(e_idx)))
            book.add_tx(t[ok], e_boss[ok], e_idx[ok], amount[ok], TRANSFER)

    # shops: card payments by everyone
    shops = by_kind[SHOP]
    m = int(len(people) * 3.0)
    sw = 1.0 / np.arange(1, len(shops) + 1) ** 0.8
    book.add_tx(
        rng.integers(0, secs, m),
        rng.choice(people, m),
        rng.choice(shops, m, p=sw / sw.sum()),
        _cents(_lognormal(rng, 18, 0.9, m)),
        CARD,
    )

    # rent: fixed monthly amounts to a landlord (a person)
    tenants = people[rng.random(len(people)) < 0.15]
    landlord = rng.choice(by_kind[LANDLORD], len(tenants))
    rent = np.round(_lognormal(rng, 150, 0.4, len(tenants)), -1)
    rent_day = rng.integers(0, 6, len(tenants))
    for month in range(w.days // 30 + 1):
        day = rent_day + month * 30
        ok = day < w.days
        book.add_tx(
            day[ok] * DAY + _daytime(rng, ok.sum()),
            tenants[ok],
            landlord[ok],
            rent[ok],
            rng.choice([TRANSFER, MOBILE], ok.sum()),
        )

    # loan instalments: fixed amounts to a lender, monthly or weekly (microfinance)
    borrowers = people[rng.random(len(people)) < 0.08]
    lender = rng.choice(by_kind[LENDER], len(borrowers))
    weekly = rng.random(len(borrowers)) < 0.4
    inst = np.round(_lognormal(rng, 60, 0.5, len(borrowers)), 0)
    inst[weekly] = np.round(inst[weekly] / 4, 0) + 1
    d0 = rng.integers(0, 7, len(borrowers))
    for k in range(w.days // 7 + 1):
        day = np.where(weekly, d0 + 7 * k, d0 + 30 * k)
        ok = (day < w.days) & (weekly | (k <= w.days // 30))
        book.add_tx(day[ok] * DAY + _daytime(rng, ok.sum()), borrowers[ok], lender[ok], inst[ok], MOBILE)

    # school fees: round fees at the start of term, many payers within two weeks
    parents = people[rng.random(len(people)) < 0.05]
    school = rng.choice(by_kind[SCHOOL], len(parents))
    fee = rng.choice([100.0, 150.0, 200.0, 250.0, 300.0, 400.0], len(parents))
    book.add_tx(
        rng.integers(3, 18, len(parents)) * DAY + _daytime(rng, len(parents)), parents, school, fee, TRANSFER
    )
    again = rng.random(len(parents)) < 0.5
    book.add_tx(
        rng.integers(90, min(104, w.days), again.sum()) * DAY + _daytime(rng, again.sum()),
        parents[again],
        school[again],
        fee[again],
        TRANSFER,
    )

    # remittances out: migrants' families abroad, monthly
    abroad = by_kind[ABROAD]
    senders = people[rng.random(len(people)) < 0.08]
    family = rng.choice(abroad, len(senders))
    amount = np.round(_lognormal(rng, 120, 0.5, len(senders)), 0)
    for month in range(w.days // 30):
        t = (month * 30 + rng.integers(0, 30, len(senders))) * DAY + _daytime(rng, len(senders))
        book.add_tx(
            t,
            senders,
            family,
            amount * rng.uniform(0.8, 1.2, len(senders)).round(2),
            rng.choice([WIRE, MOBILE], len(senders), p=[0.6, 0.4]),
        )

    # remittances in, taken out in cash within a day (a mule's look-alike), some of them large
    receivers = people[rng.random(len(people)) < 0.06]
    sender = rng.choice(abroad, len(receivers))
    amount = np.round(_lognormal(rng, 450, 0.8, len(receivers)), 0)
    for month in range(w.days // 30):
        t = (month * 30 + rng.integers(0, 28, len(receivers))) * DAY + _daytime(rng, len(receivers))
        a = amount * rng.uniform(0.9, 1.1, len(receivers))
        book.add_tx(t, sender, receivers, _cents(a), WIRE)
        out = rng.random(len(receivers)) < 0.7
        book.add_tx(
            t[out] + rng.integers(HOUR, 30 * HOUR, out.sum()),
            receivers[out],
            np.full(out.sum(), -1),
            np.round(a[out] * rng.uniform(0.6, 1.0, out.sum()), -1),
            CASH_OUT,
        )

    # cash at the ATM and small deposits
    m = int(len(people) * 1.4)
    book.add_tx(
        rng.integers(0, secs, m),
        rng.choice(people, m),
        np.full(m, -1),
        np.round(_lognormal(rng, 60, 0.7, m), -1) + 10,
        CASH_OUT,
    )
    m = int(len(people) * 0.3)
    book.add_tx(
        rng.integers(0, secs, m),
        np.full(m, -1),
        rng.choice(people, m),
        np.round(_lognormal(rng, 150, 1.0, m), 0) + 5,
        CASH_IN,
    )

    # shops deposit their takings in cash every week: now and then just under (or over) the threshold
    takings = _lognormal(rng, 1800, 0.9, len(shops))
    for k in range(w.days // 7):
        t = (k * 7 + rng.integers(0, 7, len(shops))) * DAY + _daytime(rng, len(shops), 9, 16)
        book.add_tx(
            t,
            np.full(len(shops), -1),
            shops,
            _cents(takings * _lognormal(rng, 1.0, 0.35, len(shops))),
            CASH_IN,
        )

    # transfers between people
    m = int(len(people) * 0.9)
    book.add_tx(
        rng.integers(0, secs, m),
        rng.choice(people, m),
        rng.choice(people, m),
        np.round(_lognormal(rng, 40, 1.0, m), 0) + 1,
        rng.choice([TRANSFER, MOBILE], m, p=[0.3, 0.7]),
    )

    # payment agents: customers pay in, the agent pays each sum on within hours, mostly abroad
    agents = by_kind[AGENT]
    m = len(agents) * 60
    who = rng.choice(agents, m)
    t = rng.integers(0, secs - 2 * DAY, m)
    a = np.round(_lognormal(rng, 150, 0.8, m), 0) + 10
    book.add_tx(t, rng.choice(people, m), who, a, MOBILE)
    to = np.where(rng.random(m) < 0.6, rng.choice(abroad, m), rng.choice(people, m))
    book.add_tx(
        t + rng.integers(600, 6 * HOUR, m),
        who,
        to,
        _cents(a * rng.uniform(0.97, 0.995, m)),
        rng.choice([MOBILE, WIRE], m),
    )

    # people buying a little crypto
    m = max(1, int(len(people) * 0.02))
    book.add_tx(
        rng.integers(0, secs, m),
        rng.choice(people, m),
        rng.choice(by_kind[EXCHANGE], m),
        np.round(_lognormal(rng, 200, 1.0, m), 0) + 10,
        CRYPTO,
    )

    # trade between companies: invoices, some round loops of suppliers
    traders = by_kind[TRADER]
    m = len(traders) * 12
    book.add_tx(
        rng.integers(0, secs, m),
        rng.choice(traders, m),
        rng.choice(traders, m),
        np.round(_lognormal(rng, 6000, 1.0, m), 0),
        TRANSFER,
    )
    loops = max(1, len(traders) // 10)
    for _ in range(loops):
        ring = rng.choice(traders, int(rng.integers(3, 6)), replace=False)
        t0 = int(rng.integers(0, secs // 2))
        base_amount = float(_lognormal(rng, 20000, 0.6, 1)[0])
        times = t0 + np.cumsum(rng.integers(5 * DAY, 25 * DAY, len(ring)))
        amounts = np.round(base_amount * rng.uniform(0.4, 1.8, len(ring)), 0)
        ok = times < secs
        book.add_tx(times[ok], ring[ok], np.roll(ring, -1)[ok], amounts[ok], TRANSFER)
    return by_kind


def _new(
    book: Book,
    rng: np.random.Generator,
    kind: int,
    count: int,
    opened: np.ndarray | int,
    *,
    khr_share: float = 0.25,
    country: int = 0,
) -> np.ndarray:
    op = np.broadcast_to(np.asarray(opened, np.int32), (count,)).copy()
    khr = rng.random(count) < (khr_share if country == 0 else 0.0)
    idx = book.add_accounts(kind, count, op, khr=khr, country=np.full(count, country))
    book.scheme_khr.update(zip(idx.tolist(), khr.tolist(), strict=True))
    return idx


def _background(
    book: Book,
    rng: np.random.Generator,
    accounts: np.ndarray,
    opened: np.ndarray | int,
    secs: int,
    people: np.ndarray,
    shops: np.ndarray,
    rate: float = 1.0,
) -> None:
    """Everyday traffic of a scheme's account (shopping, cash, small transfers), so that suspects' and
    victims' accounts are not marked out by having nothing else in them."""
    accounts = np.asarray(accounts)
    if len(accounts) == 0:
        return
    first = np.maximum(np.broadcast_to(np.asarray(opened), accounts.shape), 0).astype(np.int64) * DAY
    for channel, per, median in ((CARD, 4.0, 15), (CASH_OUT, 1.5, 60), (MOBILE, 1.0, 30), (-1, 1.0, 40)):
        n_each = rng.poisson(per * rate, len(accounts))
        who = np.repeat(accounts, n_each)
        start = np.repeat(first, n_each)
        t = start + (rng.random(len(who)) * (secs - start)).astype(np.int64)
        amount = np.round(_lognormal(rng, median, 0.7, len(who)), 0) + 1
        if channel == CARD:
            book.add_tx(t, who, rng.choice(shops, len(who)), amount, CARD)
        elif channel == CASH_OUT:
            book.add_tx(t, who, np.full(len(who), -1), np.round(amount, -1) + 10, CASH_OUT)
        elif channel == MOBILE:
            book.add_tx(t, who, rng.choice(people, len(who)), amount, MOBILE)
        else:
            book.add_tx(t, rng.choice(people, len(who)), who, amount, MOBILE)


def _schemes(
    book: Book,
    truth: Truth,
    rng: np.random.Generator,
    n: int,
    w: Window,
    by_kind: dict[int, np.ndarray],
    khr_of: Callable[[int], bool],
) -> None:
    secs = w.seconds
    abroad = by_kind[ABROAD]
    exchanges = by_kind[EXCHANGE]
    people = by_kind[PERSON]
    shops = by_kind[SHOP]
    count = {t: max(2, round(r * n / 1_000_000)) for t, r in SCHEMES_PER_MILLION.items()}

    def native_round(acct: int, usd: float, step_usd: float) -> tuple[float, float]:
        """A round sum in the account's own currency, and its value in USD."""
        if khr_of(acct):
            step = step_usd * 4000
            v = max(step, round(usd * 4100 / step) * step)
            return v / 4100, v
        v = max(step_usd, round(usd / step_usd) * step_usd)
        return v, v

    for _ in range(count["wage_skim"]):
        s = truth.scheme("wage_skim")
        start = int(rng.integers(0, 30))
        company = _new(book, rng, EMPLOYER, 1, start - int(rng.integers(20, 200)), khr_share=0.0)
        k = int(rng.integers(6, 26))
        victims = _new(book, rng, PERSON, k, start - rng.integers(0, 40, k), khr_share=0.0)
        recruiter = _new(book, rng, PERSON, 1, start - int(rng.integers(60, 900)))
        operator = (
            rng.choice(exchanges)
            if rng.random() < 0.4
            else _new(book, rng, ABROAD, 1, -900, country=int(rng.integers(1, 4)))[0]
        )
        truth.mark(company, "wage_skim", "front_company", s)
        truth.mark(victims, "wage_skim", "victim", s)
        truth.mark(recruiter, "wage_skim", "recruiter", s)
        truth.mark(operator, "wage_skim", "operator", s)
        _background(book, rng, recruiter, 0, secs, people, shops)
        _background(book, rng, victims, start, secs, people, shops, rate=0.3)
        step = int(rng.choice([30, 14]))
        wage = _lognormal(rng, 330, 0.2, k) * step / 30
        share = rng.uniform(0.7, 0.95, k)
        for day in range(start + 5, w.days - 4, step):
            t = day * DAY + int(rng.integers(8, 15)) * HOUR
            book.add_tx(
                np.array([t - 2 * DAY]),
                np.array([-1]),
                company,
                np.array([round(wage.sum() * 1.05, -2)]),
                CASH_IN,
                scheme=s,
            )
            ts = t + rng.integers(0, 900, k)
            amt = _cents(wage * rng.uniform(0.98, 1.03, k))
            book.add_tx(ts, np.full(k, company[0]), victims, amt, TRANSFER, scheme=s)
            pass_t = ts + rng.integers(HOUR, 30 * HOUR, k)
            passed = np.round(amt * share, 0)
            book.add_tx(
                pass_t, victims, np.full(k, recruiter[0]), passed, rng.choice([TRANSFER, MOBILE], k), scheme=s
            )
            spend = rng.random(k) < 0.6
            book.add_tx(
                pass_t[spend] + rng.integers(HOUR, 3 * DAY, spend.sum()),
                victims[spend],
                rng.choice(shops, spend.sum()),
                _cents(amt[spend] * (1 - share[spend]) * 0.5),
                CARD,
            )
            out_t = int(pass_t.max()) + int(rng.integers(2 * HOUR, 3 * DAY))
            if out_t < secs:
                ch = CRYPTO if operator in exchanges else WIRE
                book.add_tx(
                    np.array([out_t]),
                    recruiter,
                    np.array([operator]),
                    np.array([round(passed.sum() * rng.uniform(0.85, 0.97), 0)]),
                    ch,
                    scheme=s,
                )

    for _ in range(count["recruitment_fees"]):
        s = truth.scheme("recruitment_fees")
        start = int(rng.integers(0, w.days - 45))
        broker = _new(book, rng, PERSON, 1, start - int(rng.integers(100, 2000)))
        k = int(rng.integers(8, 40))
        pay_day = start + rng.integers(0, 21, k)
        victims = _new(book, rng, PERSON, k, pay_day - rng.integers(0, 15, k))
        truth.mark(broker, "recruitment_fees", "broker", s)
        truth.mark(victims, "recruitment_fees", "victim", s)
        _background(book, rng, broker, 0, secs, people, shops)
        fee_usd = float(rng.choice([300, 500, 800, 1000, 1500, 2000]))
        collected = 0.0
        for v, d in zip(victims.tolist(), pay_day.tolist(), strict=True):
            t = d * DAY + int(rng.integers(8 * HOUR, 18 * HOUR))
            usd, nat = native_round(v, fee_usd * rng.uniform(0.9, 1.1), 100 if fee_usd >= 500 else 50)
            fund = rng.random()
            if fund < 0.5:
                book.add_tx(
                    np.array([t - int(rng.integers(HOUR, 3 * DAY))]),
                    np.array([-1]),
                    np.array([v]),
                    np.array([usd * 1.02]),
                    CASH_IN,
                )
            else:
                book.add_tx(
                    np.array([t - int(rng.integers(HOUR, 3 * DAY))]),
                    np.array([rng.choice(people)]),
                    np.array([v]),
                    np.array([round(usd * 1.02, 0)]),
                    MOBILE,
                )
            parts = 2 if rng.random() < 0.35 else 1
            for p in range(parts):
                book.add_tx(
                    np.array([t + p * int(rng.integers(3, 12)) * DAY]),
                    np.array([v]),
                    broker,
                    np.array([usd / parts]),
                    rng.choice([TRANSFER, MOBILE]),
                    native=np.array([nat / parts]),
                    scheme=s,
                )
                collected += usd / parts
        end = (start + 25) * DAY
        if rng.random() < 0.5:
            book.add_tx(
                np.array([end]), broker, np.array([-1]), np.array([round(collected * 0.6, -1)]), CASH_OUT
            )
        else:
            book.add_tx(
                np.array([end]),
                broker,
                np.array([rng.choice(abroad)]),
                np.array([round(collected * 0.6, 0)]),
                WIRE,
            )

    for _ in range(count["debt_bondage"]):
        s = truth.scheme("debt_bondage")
        employer = _new(book, rng, EMPLOYER, 1, -int(rng.integers(200, 3000)), khr_share=0.0)
        k = int(rng.integers(2, 10))
        others = int(rng.integers(3, 15))
        staff = _new(book, rng, PERSON, k + others, -rng.integers(30, 1500, k + others), khr_share=0.0)
        victims = staff[:k]
        controller = _new(book, rng, PERSON, 1, -int(rng.integers(100, 2000)))
        truth.mark(victims, "debt_bondage", "victim", s)
        truth.mark(controller, "debt_bondage", "controller", s)
        _background(book, rng, controller, 0, secs, people, shops)
        _background(book, rng, staff, 0, secs, people, shops, rate=0.4)
        weekly = _lognormal(rng, 85, 0.25, k + others)
        cut = float(rng.uniform(0.4, 0.7))
        step = 7 if rng.random() < 0.8 else 14
        first = int(rng.integers(0, 7))
        for day in range(first, w.days, step):
            paid = day * DAY + 10 * HOUR + rng.integers(0, 900, k + others)
            amt = _cents(weekly * step / 7 * rng.uniform(0.97, 1.04, k + others))
            book.add_tx(paid, np.full(k + others, employer[0]), staff, amt, TRANSFER)
            pay_t = paid[:k] + rng.integers(HOUR, 26 * HOUR, k)
            ok = pay_t < secs
            book.add_tx(
                pay_t[ok],
                victims[ok],
                np.full(ok.sum(), controller[0]),
                np.round(amt[:k] * cut, 0)[ok],
                MOBILE,
                scheme=s,
            )
            co = rng.random(others) < 0.5
            book.add_tx(
                paid[k:][co] + rng.integers(HOUR, 3 * DAY, co.sum()),
                staff[k:][co],
                rng.choice(shops, co.sum()),
                _cents(amt[k:][co] * 0.3),
                CARD,
            )
        book.add_tx(
            np.array([secs - 3 * DAY]),
            controller,
            np.array([rng.choice(abroad)]),
            np.array([round(weekly[:k].sum() * cut * 10, 0)]),
            WIRE,
        )

    for _ in range(count["mule_chain"]):
        s = truth.scheme("mule_chain")
        start = int(rng.integers(0, w.days - 20))
        length = int(rng.integers(2, 5))
        mules = _new(book, rng, PERSON, length, start - rng.integers(5, 120, length), khr_share=0.0)
        k = int(rng.integers(1, 6))
        victims = _new(book, rng, ABROAD, k, -rng.integers(300, 4000, k), country=int(rng.integers(6, 13)))
        truth.mark(mules, "mule_chain", "mule", s)
        truth.mark(victims, "mule_chain", "scam_victim", s)
        _background(book, rng, mules, np.maximum(start - 5, 0), secs, people, shops, rate=0.3)
        end_crypto = rng.random() < 0.7
        exch = rng.choice(exchanges)
        for v in victims.tolist():
            t = (start + int(rng.integers(0, 14))) * DAY + int(rng.integers(0, DAY))
            amount = float(np.round(_lognormal(rng, 12000, 0.8, 1)[0], 0)) + 3000
            book.add_tx(np.array([t]), np.array([v]), mules[:1], np.array([amount]), WIRE, scheme=s)
            for i in range(length):
                t += int(rng.integers(15 * 60, 10 * HOUR))
                amount = round(amount * rng.uniform(0.95, 0.99), 2)
                if i + 1 < length:
                    book.add_tx(
                        np.array([t]),
                        mules[i : i + 1],
                        mules[i + 1 : i + 2],
                        np.array([amount]),
                        rng.choice([TRANSFER, MOBILE]),
                        scheme=s,
                    )
                elif end_crypto:
                    book.add_tx(
                        np.array([t]),
                        mules[i : i + 1],
                        np.array([exch]),
                        np.array([amount]),
                        CRYPTO,
                        scheme=s,
                    )
                else:
                    book.add_tx(
                        np.array([t]),
                        mules[i : i + 1],
                        np.array([-1]),
                        np.array([round(amount, -1)]),
                        CASH_OUT,
                        scheme=s,
                    )

    for _ in range(count["structuring"]):
        s = truth.scheme("structuring")
        start = int(rng.integers(0, w.days - 35))
        collector = _new(book, rng, PERSON, 1, start - int(rng.integers(30, 2000)))
        k = int(rng.integers(0, 6))
        smurfs = (
            _new(book, rng, PERSON, k, start - rng.integers(10, 2000, k)) if k else np.array([], np.int64)
        )
        truth.mark(collector, "structuring", "collector", s)
        truth.mark(smurfs, "structuring", "smurf", s)
        _background(book, rng, np.concatenate([collector, smurfs]), 0, secs, people, shops)
        depositors = smurfs.tolist() if k else collector.tolist()
        total = 0.0
        for d in depositors:
            times = (start + np.sort(rng.integers(0, 30, int(rng.integers(2, 7))))) * DAY + _daytime(
                rng, 1, 9, 16
            )[0]
            for t in times.tolist():
                if khr_of(d):
                    nat = float(np.round(THRESHOLD_KHR * rng.uniform(0.82, 0.995), -5))
                    usd = nat / 4100
                else:
                    nat = float(np.round(THRESHOLD_USD * rng.uniform(0.82, 0.995), -1))
                    usd = nat
                book.add_tx(
                    np.array([t]),
                    np.array([-1]),
                    np.array([d]),
                    np.array([usd]),
                    CASH_IN,
                    native=np.array([nat]),
                    scheme=s,
                )
                total += usd
                if k:
                    book.add_tx(
                        np.array([t + int(rng.integers(HOUR, 2 * DAY))]),
                        np.array([d]),
                        collector,
                        np.array([round(usd * rng.uniform(0.97, 1.0), 0)]),
                        TRANSFER,
                        scheme=s,
                    )
        book.add_tx(
            np.array([(start + 33) * DAY]),
            collector,
            np.array([rng.choice(abroad)]),
            np.array([round(total * 0.9, 0)]),
            WIRE,
        )

    for _ in range(count["cycle"]):
        s = truth.scheme("cycle")
        size = int(rng.integers(3, 7))
        kinds = rng.choice([TRADER, PERSON], size)
        members = np.array([_new(book, rng, int(kd), 1, -int(rng.integers(10, 1500)))[0] for kd in kinds])
        truth.mark(members, "cycle", "member", s)
        _background(book, rng, members[kinds == PERSON], 0, secs, people, shops)
        for _round in range(int(rng.integers(1, 4))):
            t = int(rng.integers(0, secs - 20 * DAY))
            amount = float(np.round(_lognormal(rng, 25000, 0.8, 1)[0], 0)) + 2000
            for i in range(size):
                t += int(rng.integers(2 * HOUR, 3 * DAY))
                amount = round(amount * rng.uniform(0.98, 1.0), 0)
                book.add_tx(
                    np.array([t]),
                    members[i : i + 1],
                    members[(i + 1) % size : (i + 1) % size + 1],
                    np.array([amount]),
                    rng.choice([TRANSFER, WIRE]),
                    scheme=s,
                )


@dataclass
class FinanceManifest:
    accounts: int
    transactions: int
    schemes: dict[str, int]
    files: list[str]


def simulate_finance(
    out: Path,
    *,
    accounts: int = 20_000,
    seed: int = 2026,
    start: date = date(2026, 1, 1),
    days: int = 120,
    chunk_rows: int = 1_000_000,
    parquet: bool = False,
) -> FinanceManifest:
    """Write OUT/accounts.csv, OUT/transactions.csv (or OUT/transactions/part-*.parquet), OUT/rates.csv
    and OUT/truth/accounts.csv (account_id, typology, role, scheme), OUT/truth/transactions.csv."""
    rng = np.random.default_rng(seed)
    w = Window(start, days)
    book = Book()
    truth = Truth()
    n_ordinary = max(2000, int(accounts * 0.985))
    by_kind = _ordinary(book, rng, n_ordinary, w)
    khr_now = np.concatenate(book.khr)

    def khr_of(a: int) -> bool:
        return bool(khr_now[a]) if a < len(khr_now) else book.scheme_khr.get(a, False)

    _schemes(book, truth, rng, accounts, w, by_kind, khr_of)

    kind = np.concatenate(book.kind)
    country = np.concatenate(book.country)
    opened = np.concatenate(book.opened)
    khr = np.concatenate(book.khr)
    n = len(kind)

    ts = np.concatenate(book.ts)
    src = np.concatenate(book.src)
    dst = np.concatenate(book.dst)
    usd = np.concatenate(book.usd)
    native = np.concatenate(book.native)
    channel = np.concatenate(book.channel)
    scheme = np.concatenate(book.scheme)
    # no self-payments, nothing before an account was opened, nothing after the window
    start_s = np.where(src >= 0, opened[np.maximum(src, 0)], -(10**6)).astype(np.int64) * DAY
    start_d = np.where(dst >= 0, opened[np.maximum(dst, 0)], -(10**6)).astype(np.int64) * DAY
    keep = (src != dst) & (ts >= np.maximum(start_s, start_d)) & (ts < w.seconds) & (ts >= 0) & (usd > 0)
    keep |= scheme >= 0  # the schemes' own transactions were placed after their accounts opened
    keep &= (ts >= 0) & (ts < w.seconds)
    order = np.argsort(ts[keep], kind="stable")
    ts, src, dst, usd, native, channel, scheme = (
        a[keep][order] for a in (ts, src, dst, usd, native, channel, scheme)
    )

    rates = khr_rates(start, days, seed)
    acct_id_side = np.where(src >= 0, src, dst)
    in_khr = khr[acct_id_side] & (channel != WIRE) | (khr[acct_id_side] & (src < 0))
    day = ts // DAY
    amount = np.where(np.isnan(native), np.where(in_khr, np.round(usd * rates[day], -2), usd), native)
    amount = np.where(in_khr & np.isnan(native), np.maximum(amount, 100.0), amount)
    currency = np.where(in_khr, 1, 0).astype(np.int8)
    # a native round sum keeps the currency of the account that paid it
    currency = np.where(~np.isnan(native) & khr[acct_id_side], 1, currency).astype(np.int8)

    out.mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(exist_ok=True)
    ids = _account_ids(rng, kind, country)
    _write_accounts(out / "accounts.csv", ids, kind, country, opened, start)
    files = ["accounts.csv"]
    with (out / "rates.csv").open("w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["date", "currency", "per_usd"])
        for d in range(-60, days):
            wr.writerow([(start + timedelta(days=d)).isoformat(), "KHR", f"{rates[max(d, 0)]:.0f}"])
    files.append("rates.csv")

    epoch = int(datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp())
    m = len(ts)
    tx_ids = None
    tx_path = out / "transactions.csv"
    pq_dir = out / "transactions"
    if parquet:
        pq_dir.mkdir(exist_ok=True)
    schema_written = False
    sink = None
    for lo in range(0, m, chunk_rows):
        hi = min(m, lo + chunk_rows)
        tx_ids = pc.binary_join_element_wise(
            "T", pa.array(np.char.zfill(np.arange(lo + 1, hi + 1).astype(str), 9)), ""
        )
        t = pa.array((ts[lo:hi] + epoch).astype("datetime64[s]"))
        s_ = src[lo:hi]
        d_ = dst[lo:hi]
        from_col = pa.array(np.where(s_ >= 0, ids[np.maximum(s_, 0)], ""))
        to_col = pa.array(np.where(d_ >= 0, ids[np.maximum(d_, 0)], ""))
        from_col = pc.if_else(pc.equal(from_col, ""), pa.scalar(None, pa.string()), from_col)
        to_col = pc.if_else(pc.equal(to_col, ""), pa.scalar(None, pa.string()), to_col)
        cur = currency[lo:hi]
        amt = amount[lo:hi]
        amount_txt = pc.if_else(
            pa.array(cur == 1),
            pa.array(np.round(amt, 0).astype(np.int64)).cast(pa.string()),
            pa.array(np.round(amt, 2)).cast(pa.decimal128(18, 2)).cast(pa.string()),
        )
        table = pa.table(
            {
                "tx_id": tx_ids,
                "timestamp": pc.strftime(t, format="%Y-%m-%dT%H:%M:%S"),
                "from_account": from_col,
                "to_account": to_col,
                "amount": amount_txt,
                "currency": pa.array(np.array(CURRENCIES)[cur]),
                "channel": pa.array(np.array(CHANNELS)[channel[lo:hi]]),
            }
        )
        if parquet:
            pq.write_table(table, pq_dir / f"part-{lo // chunk_rows:05d}.parquet")
        else:
            if sink is None:
                sink = tx_path.open("wb")
            pacsv.write_csv(
                table, sink, pacsv.WriteOptions(include_header=not schema_written, quoting_style="needed")
            )
            schema_written = True
    if sink is not None:
        sink.close()
    files.append("transactions/" if parquet else "transactions.csv")

    with (out / "truth" / "accounts.csv").open("w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["account_id", "typology", "role", "scheme"])
        for a, typ, role, sch in truth.rows:
            wr.writerow([ids[a], typ, role, f"S{sch:05d}"])
    sel = np.nonzero(scheme >= 0)[0]
    with (out / "truth" / "transactions.csv").open("w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["tx_id", "typology", "scheme"])
        for i in sel.tolist():
            wr.writerow([f"T{i + 1:09d}", truth.typology_of_scheme[scheme[i]], f"S{scheme[i]:05d}"])
    files += ["truth/accounts.csv", "truth/transactions.csv"]
    counts: dict[str, int] = {}
    for typ in truth.typology_of_scheme:
        counts[typ] = counts.get(typ, 0) + 1
    return FinanceManifest(n, m, counts, files)


def _account_ids(rng: np.random.Generator, kind: np.ndarray, country: np.ndarray) -> np.ndarray:
    """Bank-style account numbers in an order that says nothing about the account's kind or role."""
    n = len(kind)
    numbers = rng.permutation(np.arange(n) * 7 + rng.integers(0, 7, n)) + 10**9
    bank = np.array(KH_BANKS)[rng.integers(0, len(KH_BANKS), n)]
    prefix = np.where(country > 0, np.array(("KH", *FOREIGN))[country], bank)
    return np.char.add(prefix.astype(str), numbers.astype(str))


def _write_accounts(
    path: Path, ids: np.ndarray, kind: np.ndarray, country: np.ndarray, opened: np.ndarray, start: date
) -> None:
    is_company = np.isin(kind, COMPANY_KINDS)
    opened_dates = (np.datetime64(start.isoformat()) + opened.astype("timedelta64[D]")).astype(str)
    countries = np.array(("KH", *FOREIGN))[country]
    table = pa.table(
        {
            "account_id": pa.array(ids),
            "holder_name": pa.array(np.char.add(np.where(is_company, "COMPANY ", "PERSON "), ids)),
            "holder_type": pa.array(np.where(is_company, "company", "person")),
            "country": pa.array(countries),
            "opened": pa.array(opened_dates),
        }
    )
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
