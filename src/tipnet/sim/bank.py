"""Bank accounts and the know-your-customer records banks keep on their holders.

A bank identifies a citizen by the national ID and a foreigner by the passport; it prints names in
upper case, often with initials or run together (see tipnet.sim.distort). Ownership of every account
goes to truth/accounts.csv, including accounts opened in a victim's name and used by the network.
Companies' accounts (employers, merchants) appear in transactions only: they hold no person's KYC.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tipnet.sim.context import Ctx
from tipnet.sim.distort import bank_name
from tipnet.sim.orgs import ACCOUNT_DIGITS, BANKS, CURRENCIES, EXCHANGE, ORGS, WALLET, Org
from tipnet.sim.people import Account, Person
from tipnet.sim.phonebook import write_phone
from tipnet.sim.travel import passport_for

# SCENARIO: who banks.
ORDINARY_BANKED = 0.45  # ordinary adults of the region with an account
FAR_BANKED = 0.08  # nationals from further away with an account in the region
SECOND_ACCOUNT = 0.15
KYC_NATIVE_ADDRESS = 0.4  # address written in the local script by a bank at home
KYC_NO_BIRTH_DATE = 0.05

_PREFIX = {o.code: f"{i + 11:02d}" for i, o in enumerate(o for o in ORGS if o.role in ("bank", "wallet"))}


def home_bank(rng: random.Random, person: Person) -> Org | None:
    banks = BANKS.get(person.nationality)
    return rng.choice(banks) if banks else None


def open_account(
    ctx: Ctx,
    rng: random.Random,
    person: Person,
    bank: Org,
    opened: date,
    *,
    currency: str | None = None,
) -> Account:
    """Open an account for `person` at `bank` and write the bank's KYC record of it."""
    opened = min(opened, ctx.as_of - timedelta(days=1))
    if bank.code == EXCHANGE.code:
        number = ctx.issuer.wallet_address()
        currency = "USDT"
    else:
        digits = ACCOUNT_DIGITS.get(bank.country, 12)
        number = _PREFIX[bank.code] + ctx.issuer.account_number(bank.code, digits - 2)
        if currency is None:
            options = CURRENCIES.get(bank.country, (("USD", 1.0),))
            currency = rng.choices([c for c, _ in options], [w for _, w in options])[0]
    account = Account(number, bank.code, currency, person.pid, opened)
    person.accounts.append(account)
    if bank.country == person.nationality and person.national_id:
        id_doc = person.national_id
    else:
        passport = passport_for(ctx, rng, person, opened, expired_rate=0.0)
        person.show(passport)
        id_doc = passport.number
    at_home = bank.country == person.nationality
    address = person.home.native() if at_home and rng.random() < KYC_NATIVE_ADDRESS else person.home.latin()
    rid = ctx.issuer.record_id(bank.code, "KYC")
    ctx.out.write(
        "bank",
        (
            rid,
            bank.code,
            number,
            bank_name(rng, person.name),
            "" if rng.random() < KYC_NO_BIRTH_DATE else person.birth.isoformat(),
            person.nationality,
            id_doc,
            write_phone(rng, person.phone, person.nationality, recorder_country=bank.country),
            address,
            opened.isoformat(),
        ),
    )
    ctx.record("bank", bank.code, rid, person.pid)
    ctx.out.write("truth:accounts", (number, person.pid))
    return account


def wallet(ctx: Ctx, rng: random.Random, person: Person, opened: date) -> Account:
    """A mobile-wallet account (MeasPay, Cambodia)."""
    return open_account(ctx, rng, person, WALLET, opened, currency="USD")


def crypto_wallet(ctx: Ctx, rng: random.Random, person: Person, opened: date) -> Account:
    """A USDT (TRC-20) wallet at the exchange, with the exchange's KYC record."""
    return open_account(ctx, rng, person, EXCHANGE, opened)
