# SPDX-License-Identifier: Apache-2.0
"""Malformed rows, as bank exports have them (issue 15's list): each corrupts one ordinary row (never a
scheme's) or adds one that names an account nobody has. rejects_truth.csv lists every one."""

from __future__ import annotations

import random

# kind -> the field it breaks
KINDS = {
    "amount_thousands_separator": "amount",  # 1,250.00
    "amount_not_a_number": "amount",  # 12.5.0
    "amount_nan": "amount",  # NaN
    "amount_empty": "amount",
    "amount_zero": "amount",
    "amount_negative": "amount",  # a debit written with its sign
    "amount_too_large": "amount",  # beyond goAML's +-7.9e15
    "currency_lowercase": "currency",  # usd
    "currency_unknown": "currency",  # USDT, RIEL, US$
    "timestamp_impossible": "timestamp",  # 2026-02-30
    "timestamp_not_iso": "timestamp",  # 30/01/2026 14:22
    "account_unknown": "account",
    "transfer_missing_account": "account",
    "channel_unknown": "channel",  # atm, qr_payment
}
TWO_ACCOUNTS = {"transfer", "mobile", "card", "international_wire", "crypto_exchange"}


def corrupt(row: dict[str, str], kind: str, rng: random.Random, known: set[str]) -> dict[str, str]:
    """A copy of `row` broken in the way `kind` says."""
    r = dict(row)
    amount = r["amount"]
    if kind == "amount_thousands_separator":
        whole, _, frac = amount.partition(".")
        grouped = f"{int(whole):,}"
        r["amount"] = grouped + (f".{frac}" if frac else "")
    elif kind == "amount_not_a_number":
        dotted = (f"{amount}.0", amount.replace(".", "..")) if "." in amount else (f"{amount}.5.0",)
        r["amount"] = rng.choice((*dotted, f"{amount}O"))
    elif kind == "amount_nan":
        r["amount"] = rng.choice(("NaN", "nan", "N/A", "#VALUE!"))
    elif kind == "amount_empty":
        r["amount"] = ""
    elif kind == "amount_zero":
        r["amount"] = rng.choice(("0", "0.00", "0.0"))
    elif kind == "amount_negative":
        r["amount"] = f"-{amount}"
    elif kind == "amount_too_large":
        r["amount"] = rng.choice(("8000000000000000", "9.9e16", "12000000000000000.00"))
    elif kind == "currency_lowercase":
        r["currency"] = r["currency"].lower()
    elif kind == "currency_unknown":
        r["currency"] = rng.choice(("USDT", "RIEL", "US$", "KHM", "BAHT", "XYZ"))
    elif kind == "timestamp_impossible":
        _date, sep, rest = r["timestamp"].partition("T")
        r["timestamp"] = (
            rng.choice(("2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10")) + sep + rest
        )
    elif kind == "timestamp_not_iso":
        date_part, _, rest = r["timestamp"].partition("T")
        y, m, d = date_part.split("-")
        hhmm = rest[:5]
        r["timestamp"] = rng.choice(
            (f"{d}/{m}/{y} {hhmm}", f"{m}/{d}/{y} {hhmm}", f"{d}.{m}.{y}", f"{d}-{m}-{y}T{hhmm}")
        )
    elif kind == "account_unknown":
        field = "from_account" if r["from_account"] else "to_account"
        ghost = r[field]
        while ghost in known:
            ghost = str(rng.randrange(10**9, 10**10))
        r[field] = ghost
    elif kind == "transfer_missing_account":
        r[rng.choice(("from_account", "to_account"))] = ""
    elif kind == "channel_unknown":
        r["channel"] = rng.choice(("atm", "qr_payment", "pos", "wire"))
    else:
        raise ValueError(kind)
    return r


def eligible(row: dict[str, str], kind: str) -> bool:
    if kind == "amount_thousands_separator":
        return float(row["amount"]) >= 1000
    if kind == "transfer_missing_account":
        return row["channel"] in TWO_ACCOUNTS
    return True
