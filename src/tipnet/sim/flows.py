"""The money of one network: accounts of its members, victims and victims' families, and their flows.

Recruiters are paid recruitment fees by victims' families (CTDC: the share of victims who paid);
families pay "debts" and ransoms into money-mule accounts (fan-in); scam compounds' proceeds from
defrauded ordinary people land in mule accounts, including accounts opened in victims' names, and are
forwarded within hours (pass-through), withdrawn and redeposited in cash just under the reporting
threshold (structuring), paid out to members (fan-out) and converted to USDT for the operators.
Typologies are described in tipnet.sim.money; rates are SCENARIO assumptions unless cited there.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from tipnet.sim import bank, figures, money
from tipnet.sim.context import Ctx, at_time
from tipnet.sim.geography import text_language
from tipnet.sim.network_model import Network
from tipnet.sim.orgs import BANKS
from tipnet.sim.people import Account, Person

VICTIM_BANKED = 0.35
FAMILY_BANKED = 0.8
CONTROLLED_ACCOUNT = 0.1  # scam victims in whose name the compound opens an account
MEMBER_BANKED = 0.7  # brokers and transporters
SCAM_PROCEEDS_PER_VICTIM = 3
PASS_THROUGH = 0.7
WAGED_KINDS = {"fishing": 1.0, "construction": 1.0, "domestic_work": 1.0, "sexual_exploitation": 0.3}


def _bank_in(rng: random.Random, country: str) -> list:
    return BANKS.get(country) or BANKS["KHM"]


def _open(ctx: Ctx, rng: random.Random, person: Person, country: str, opened: date) -> Account:
    return bank.open_account(
        ctx, rng, person, rng.choice(_bank_in(rng, country)), min(opened, ctx.as_of - timedelta(days=1))
    )


def _moment(ctx: Ctx, rng: random.Random, a: date, b: date) -> datetime | None:
    b = min(b, ctx.as_of - timedelta(days=1))
    if b < a:
        return None
    return at_time(rng, ctx.day_between(rng, a, b))


def network_money(ctx: Ctx, rng: random.Random, net: Network) -> None:
    nid = net.nid
    before = net.start - timedelta(days=rng.randint(30, 900))
    mule_country = {"MMR": "THA", "LAO": "THA"}.get(net.destination, net.destination)
    accounts: dict[str, list[Account]] = {}
    wallets: dict[str, Account] = {}
    for m in net.members:
        role = m.network_role
        if role == "recruiter":
            accounts[m.pid] = [_open(ctx, rng, m, m.nationality, before)]
        elif role == "money_mule":
            accounts[m.pid] = [
                _open(ctx, rng, m, mule_country, before + timedelta(days=rng.randint(0, 60)))
                for _ in range(rng.randint(2, 3))
            ]
            if mule_country == "KHM" and rng.random() < 0.5:
                accounts[m.pid].append(bank.wallet(ctx, rng, m, before))
            wallets[m.pid] = bank.crypto_wallet(ctx, rng, m, before)
        elif role == "exploiter":
            accounts[m.pid] = [_open(ctx, rng, m, mule_country, before)]
            wallets[m.pid] = bank.crypto_wallet(ctx, rng, m, before)
        elif rng.random() < MEMBER_BANKED:
            accounts[m.pid] = [
                _open(ctx, rng, m, m.nationality if m.nationality in BANKS else mule_country, before)
            ]
    mules = [a for m in net.role("money_mule") for a in accounts.get(m.pid, []) if a.currency != "USDT"]
    victim_accounts: dict[str, Account] = {}
    family_accounts: dict[str, Account] = {}
    controlled: list[Account] = []
    for j in net.journeys:
        v = j.victim
        if v.nationality in BANKS and v.age_on(j.recruited) >= 18 and rng.random() < VICTIM_BANKED:
            victim_accounts[v.pid] = _open(
                ctx, rng, v, v.nationality, j.recruited - timedelta(days=rng.randint(60, 1500))
            )
        if j.family is not None and j.family.nationality in BANKS and rng.random() < FAMILY_BANKED:
            family_accounts[v.pid] = _open(
                ctx, rng, j.family, j.family.nationality, j.recruited - timedelta(days=rng.randint(30, 2000))
            )
        if net.kind.name == "scam_compound" and j.arrived and rng.random() < CONTROLLED_ACCOUNT:
            opened = j.arrived + timedelta(days=rng.randint(5, 40))
            if opened < ctx.as_of:
                controlled.append(_open(ctx, rng, v, mule_country, opened))

    paid = figures.victim_paid_share()
    for j in net.journeys:
        v = j.victim
        lang = text_language(j.origin)
        payer = family_accounts.get(v.pid) or victim_accounts.get(v.pid)
        recruiter = net.recruiter_for(j.origin)
        fee_to = accounts.get(recruiter.pid, [None])[0] if recruiter else None
        if payer is not None and fee_to is not None and rng.random() < paid:
            when = _moment(ctx, rng, j.recruited - timedelta(days=7), j.recruited)
            if when:
                money.transfer(
                    ctx,
                    rng,
                    payer,
                    fee_to,
                    rng.uniform(300, 2500),
                    when,
                    typology="recruitment_fee",
                    network_id=nid,
                    reference=money.reference(rng, "recruitment_fee", lang),
                )
        family = family_accounts.get(v.pid)
        if j.arrived and family is not None and mules and rng.random() < net.kind.ransom_rate:
            target = (
                mules[0] if rng.random() < 0.6 else rng.choice(mules)
            )  # most families pay one account: fan-in
            for _ in range(rng.randint(1, 3)):
                when = _moment(ctx, rng, j.arrived + timedelta(days=20), j.freed or ctx.as_of)
                if when:
                    money.transfer(
                        ctx,
                        rng,
                        family,
                        target,
                        rng.uniform(1500, 8000),
                        when,
                        typology="debt_repayment",
                        network_id=nid,
                        reference=money.reference(rng, "debt_repayment", lang),
                    )
        own = victim_accounts.get(v.pid)
        boss = _payer_of_wages(net, accounts)
        if (
            j.arrived
            and own is not None
            and boss is not None
            and rng.random() < WAGED_KINDS.get(net.kind.name, 0.0)
        ):
            for _ in range(rng.randint(1, 4)):
                when = _moment(ctx, rng, j.arrived + timedelta(days=25), j.freed or ctx.as_of)
                if when is None:
                    continue
                money.transfer(
                    ctx,
                    rng,
                    boss,
                    own,
                    rng.uniform(50, 250),
                    when,
                    typology="victim_wage",
                    network_id=nid,
                    reference=money.reference(rng, "victim_wage", lang),
                )
                if family is not None and rng.random() < 0.6:
                    money.transfer(
                        ctx,
                        rng,
                        own,
                        family,
                        rng.uniform(30, 150),
                        when + timedelta(hours=rng.randint(2, 72)),
                        typology="victim_remittance",
                        network_id=nid,
                        reference=money.reference(rng, "victim_remittance", lang),
                    )

    sinks = mules + controlled
    if net.kind.name == "scam_compound" and sinks and ctx.pool:
        _scam_proceeds(ctx, rng, net, sinks, mules, accounts)
    for m in net.role("money_mule"):
        cash_accounts = [
            a for a in accounts.get(m.pid, []) if a.currency != "USDT" and a.bank != "KH-PAY-MEAS"
        ]
        for _ in range(rng.randint(1, 3)):
            start = _moment(ctx, rng, net.start, net.end)
            if start is None or not cash_accounts:
                continue
            account = rng.choice(cash_accounts)
            for _ in range(rng.randint(2, 6)):
                when = start + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8))
                if when.date() < ctx.as_of:
                    money.transfer(
                        ctx,
                        rng,
                        money.CASH,
                        account,
                        money.just_under_threshold(rng, account.currency),
                        when,
                        typology="structuring",
                        network_id=nid,
                        channel="Cash",
                        reference="",
                    )
    if mules:
        paymaster = mules[0]
        for m in net.members:
            if m.network_role in ("money_mule", "exploiter"):
                continue
            for target in accounts.get(m.pid, [])[:1]:
                for _ in range(rng.randint(1, 3)):
                    when = _moment(ctx, rng, net.start, net.end)
                    if when:
                        money.transfer(
                            ctx,
                            rng,
                            paymaster,
                            target,
                            rng.uniform(300, 3000),
                            when,
                            typology="fan_out",
                            network_id=nid,
                            reference=rng.choice(("commission", "service", "")),
                        )
    bosses = [wallets[m.pid] for m in net.role("exploiter") if m.pid in wallets]
    for m in net.role("money_mule"):
        if m.pid in wallets and bosses:
            for _ in range(rng.randint(2, 6)):
                when = _moment(ctx, rng, net.start, net.end + timedelta(days=180))
                if when:
                    money.transfer(
                        ctx,
                        rng,
                        wallets[m.pid],
                        rng.choice(bosses),
                        rng.uniform(5000, 50000),
                        when,
                        typology="crypto_conversion",
                        network_id=nid,
                        reference="",
                    )


def _payer_of_wages(net: Network, accounts: dict[str, list[Account]]) -> Account | None:
    for role in ("exploiter", "broker", "money_mule"):
        for m in net.role(role):
            for a in accounts.get(m.pid, []):
                if a.currency != "USDT":
                    return a
    return None


def _scam_proceeds(
    ctx: Ctx,
    rng: random.Random,
    net: Network,
    sinks: list[Account],
    mules: list[Account],
    accounts: dict[str, list[Account]],
) -> None:
    """Defrauded people's payments into mule accounts, each forwarded within hours to another account."""
    nid = net.nid
    forward = [
        a for m in net.role("exploiter") for a in accounts.get(m.pid, []) if a.currency != "USDT"
    ] + mules
    for _ in range(SCAM_PROCEEDS_PER_VICTIM * len(net.journeys)):
        when = _moment(ctx, rng, net.start + timedelta(days=30), net.end + timedelta(days=365))
        if when is None:
            continue
        victim_of_fraud = rng.choice(ctx.pool)
        sink = rng.choice(sinks)
        usd = min(30000.0, rng.lognormvariate(7.3, 1.0))
        money.transfer(
            ctx,
            rng,
            victim_of_fraud,
            sink,
            usd,
            when,
            typology="scam_proceeds",
            network_id=nid,
            reference=rng.choice(money.SCAM_REFERENCES),
        )
        if rng.random() < PASS_THROUGH:
            targets = [a for a in forward if a.number != sink.number]
            later = when + timedelta(minutes=rng.randint(20, 360))
            if targets and later.date() < ctx.as_of:
                money.transfer(
                    ctx,
                    rng,
                    sink,
                    rng.choice(targets),
                    usd * rng.uniform(0.9, 0.99),
                    later,
                    typology="pass_through",
                    network_id=nid,
                    reference="",
                )
