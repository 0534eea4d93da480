# SPDX-License-Identifier: Apache-2.0
"""Build the independent transaction set: accounts, transactions (with malformed rows), the truth per
account and role, the malformed rows' truth, the look-alikes and the dated rates. Deterministic.

    python bench/independent/finance/generate.py --accounts 5000 --seed 15 --out /tmp/indep-fin
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from . import GENERATOR_VERSION
from . import ordinary as O
from . import schemes as S
from .messy import KINDS, corrupt, eligible
from .world import (
    ACCOUNT_COLUMNS,
    CHANNELS,
    END,
    START,
    TX_COLUMNS,
    USD_RATES,
    Rates,
    World,
    days,
    format_amount,
    rng_for,
    timestamp_text,
)

DEFAULT_SEED = 15
DEFAULT_ACCOUNTS = 5000
MIN_ACCOUNTS = 600
TYPOLOGIES = ("wage_skim", "recruitment_fees", "debt_bondage", "mule_chain", "structuring", "cycle")
ROLES = {
    "wage_skim": ("front_company", "victim", "recruiter", "operator"),
    "recruitment_fees": ("broker", "victim"),
    "debt_bondage": ("controller", "victim"),
    "mule_chain": ("mule", "scam_victim"),
    "structuring": ("collector", "smurf"),
    "cycle": ("member",),
}
VICTIM_ROLES = ("victim", "scam_victim")
REJECT_RATE = 0.003  # of rows; at least MIN_PER_KIND of every kind
MIN_PER_KIND = 3
# The banks that report: Cambodia and its neighbours (as in a regional FIU exercise); accounts elsewhere
# appear only as counterparties of these.
REGION = {"KH", "TH", "VN", "LA", "MM", "MY", "PH", "ID"}


def build(seed: int, n_accounts: int) -> dict[str, list[dict[str, str]]]:
    if n_accounts < MIN_ACCOUNTS:
        raise ValueError(
            f"--accounts must be at least {MIN_ACCOUNTS} (the schemes and look-alikes need room)"
        )
    world = World(seed=seed, rates=Rates(seed))
    pop = O.build_population(world, int(n_accounts * 0.62))
    planted = [S.debt_bondage_plant(world, pop, k) for k in range(S.count("debt_bondage", n_accounts))]
    O.run_payroll(world, pop)
    O.remittances(world, pop)
    O.community(world, pop)
    O.shops_and_trade(world, pop)
    for name, fn in (("wage_skim", S.wage_skim), ("recruitment_fees", S.recruitment_fees),
                     ("mule_chain", S.mule_chain), ("structuring", S.structuring), ("cycle", S.cycle)):  # fmt: skip
        for k in range(S.count(name, n_accounts)):
            fn(world, pop, k)
    for p in planted:
        S.debt_bondage_act(world, pop, p)
    O.everyday_life(world, pop)
    _keep_region(world)
    # top up with ordinary residents to exactly n_accounts
    extra = n_accounts - len(world.accounts)
    if extra < 0:
        raise ValueError(f"{len(world.accounts)} accounts were needed for {n_accounts}: ask for more")
    residents = []
    for i in range(extra):
        r = rng_for(seed, "top-up", i)
        country = r.choices(("KH", "TH", "VN", "LA", "MM"), (55, 20, 15, 5, 5))[0]
        kind = r.choice(("vendor", "family", "student", "retired"))
        residents.append(
            world.account(r, kind, "person", country, O.opened_before(r, 30, 5000), young=kind == "student")
        )
    pop.persons.extend(residents)
    O.everyday_life(world, pop, residents)
    return _finish(world, seed)


def _keep_region(world: World) -> None:
    """The set is what banks of the region report: a transaction between two accounts abroad is not seen,
    and an account abroad with nothing seen is not listed."""
    world.txs = [
        t for t in world.txs
        if (t.from_id and world.accounts[t.from_id].country in REGION) or (t.to_id and world.accounts[t.to_id].country in REGION)
    ]  # fmt: skip
    seen = {a for t in world.txs for a in (t.from_id, t.to_id) if a}
    for acc_id in [a for a, acc in world.accounts.items() if acc.country not in REGION and a not in seen]:
        del world.accounts[acc_id]
    labelled = {r["account_id"] for r in world.truth}
    assert labelled <= set(world.accounts), "a scheme account abroad left no trace"
    world.lookalikes = [r for r in world.lookalikes if r["account_id"] in world.accounts]


def _finish(world: World, seed: int) -> dict[str, list[dict[str, str]]]:
    accounts = sorted(world.accounts.values(), key=lambda a: a.account_id)
    order = rng_for(seed, "account-order")
    order.shuffle(accounts)  # not grouped by scheme or by kind
    lo = datetime.combine(START, time(0, 0), UTC) - timedelta(hours=7)
    hi = datetime.combine(END, time(23, 59, 59), UTC) - timedelta(hours=7)
    txs = sorted(
        (t for t in world.txs if lo <= t.utc.replace(tzinfo=UTC) <= hi), key=lambda t: (t.utc, t.key)
    )
    # No account moves money before it was opened: an ordinary account picked by someone else's habit
    # (a friend's transfer) before its opening date was opened that day; a scheme's never is.
    labelled = {r["account_id"] for r in world.truth}
    for t in txs:
        for acc_id in (t.from_id, t.to_id):
            if acc_id:
                acc = world.accounts[acc_id]
                day = (t.utc + timedelta(minutes=acc.tz)).date()
                if day < acc.opened:
                    assert acc_id not in labelled, (acc.kind, acc_id)
                    acc.opened = day
    rows = []
    for i, t in enumerate(txs):
        assert t.amount > 0 and t.channel in CHANNELS
        assert (t.channel == "cash_deposit") == (not t.from_id) and (t.channel == "cash_withdrawal") == (
            not t.to_id
        )
        rows.append({
            "tx_id": f"TX{i + 1:08d}",
            "timestamp": timestamp_text(t),
            "from_account": t.from_id,
            "to_account": t.to_id,
            "amount": format_amount(t.amount, t.currency),
            "currency": t.currency,
            "channel": t.channel,
        })  # fmt: skip
    # malformed rows: corrupt ordinary rows (a scheme's evidence stays whole)
    in_scheme = {r["account_id"] for r in world.truth}
    known = set(world.accounts)
    rng = rng_for(seed, "rejects")
    per_kind = max(MIN_PER_KIND, round(len(rows) * REJECT_RATE / len(KINDS)))
    candidates = [
        i
        for i, r in enumerate(rows)
        if r["from_account"] not in in_scheme and r["to_account"] not in in_scheme
    ]
    rng.shuffle(candidates)
    rejects = []
    taken: set[int] = set()
    pos = 0
    for kind in KINDS:
        made = 0
        while made < per_kind:
            i = candidates[pos % len(candidates)]
            pos += 1
            if i in taken or not eligible(rows[i], kind):
                continue
            taken.add(i)
            rows[i] = corrupt(rows[i], kind, rng, known)
            rejects.append({"row": str(i + 1), "tx_id": rows[i]["tx_id"], "kind": kind, "field": KINDS[kind]})
            made += 1
    rejects.sort(key=lambda r: int(r["row"]))
    truth = sorted(world.truth, key=lambda r: (r["scheme_id"], r["role"], r["account_id"]))
    lookalikes = sorted(
        {
            (r["account_id"], r["lookalike"], r["resembles"])
            for r in world.lookalikes
            if r["account_id"] not in in_scheme
        }
    )  # a scheme's account that also does an ordinary thing is the scheme's
    rates = [
        {"date": d.isoformat(), "currency": cur, "per_usd": f"{world.rates.per_usd(d, cur):.6g}"}
        for d in days()
        for cur in sorted(USD_RATES)
    ]
    return {
        "accounts.csv": [a.row() for a in accounts],
        "transactions.csv": rows,
        "truth.csv": truth,
        "rejects_truth.csv": rejects,
        "lookalikes.csv": [{"account_id": a, "lookalike": k, "resembles": t} for a, k, t in lookalikes],
        "rates.csv": rates,
    }


COLUMNS = {
    "accounts.csv": ACCOUNT_COLUMNS,
    "transactions.csv": TX_COLUMNS,
    "truth.csv": ("account_id", "typology", "role", "scheme_id"),
    "rejects_truth.csv": ("row", "tx_id", "kind", "field"),
    "lookalikes.csv": ("account_id", "lookalike", "resembles"),
    "rates.csv": ("date", "currency", "per_usd"),
}


# A bank's own export names the columns its own way; `--headers bank` writes these instead, and
# columns.json says which is which (for `--column ROLE=COLUMN`, issue 15).
BANK_HEADERS = {
    "accounts.csv": {"account_id": "Account No", "holder_name": "Customer Name", "holder_type": "Customer Type",
                     "country": "Country of Residence", "opened": "Open Date", "birth_date": "Date of Birth",
                     "id_number": "ID/Passport No", "phone": "Mobile No", "address": "Address"},
    "transactions.csv": {"tx_id": "Txn Ref", "timestamp": "Txn Date Time", "from_account": "Debit A/C",
                         "to_account": "Credit A/C", "amount": "Txn Amount", "currency": "Ccy", "channel": "Channel"},
}  # fmt: skip


def generate(
    out: Path, n_accounts: int = DEFAULT_ACCOUNTS, seed: int = DEFAULT_SEED, headers: str = "standard"
) -> dict:
    tables = build(seed, n_accounts)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        rename = BANK_HEADERS.get(name, {}) if headers == "bank" else {}
        with (out / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([rename.get(c, c) for c in COLUMNS[name]])
            writer.writerows([row[c] for c in COLUMNS[name]] for row in rows)
    if headers == "bank":
        (out / "columns.json").write_text(json.dumps(BANK_HEADERS, indent=2) + "\n", encoding="utf-8")
    truth = tables["truth.csv"]
    manifest = {
        "generator": "tipnet bench/independent/finance",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "accounts": n_accounts,
        "headers": headers,
        "counts": {
            "accounts": len(tables["accounts.csv"]),
            "transactions": len(tables["transactions.csv"]),
            "rejected_rows": len(tables["rejects_truth.csv"]),
            "schemes": {t: len({r["scheme_id"] for r in truth if r["typology"] == t}) for t in TYPOLOGIES},
            "accounts_by_typology_role": {
                f"{t}/{role}": n
                for (t, role), n in sorted(Counter((r["typology"], r["role"]) for r in truth).items())
            },
            "lookalikes": dict(sorted(Counter(r["lookalike"] for r in tables["lookalikes.csv"]).items())),
            "channels": dict(sorted(Counter(r["channel"] for r in tables["transactions.csv"]).items())),
            "currencies": dict(sorted(Counter(r["currency"] for r in tables["transactions.csv"]).items())),
        },
        "sha256": {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in sorted(tables)},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--accounts", type=int, default=DEFAULT_ACCOUNTS, help=f"accounts (default {DEFAULT_ACCOUNTS})"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--headers", choices=("standard", "bank"), default="standard",
        help="column names: issue 15's (default) or a bank's own export's, listed in columns.json",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        manifest = generate(args.out, args.accounts, args.seed, args.headers)
    except ValueError as exc:
        parser.error(str(exc))
    c = manifest["counts"]
    print(
        f"{c['accounts']} accounts, {c['transactions']} transactions ({c['rejected_rows']} malformed), "
        f"schemes {c['schemes']} -> {args.out}"
    )
    return 0
