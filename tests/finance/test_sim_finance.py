"""The bank-book simulator: reproducible, its truth consistent with the book, its files readable."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from tests.finance.conftest import read_csv

from tipnet.finance.load import load
from tipnet.finance.typologies import ROLES
from tipnet.sim.finance import simulate_finance


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.csv"))
    }


def test_same_seed_same_bytes_other_seed_other_book(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    simulate_finance(a, accounts=3000, seed=1)
    simulate_finance(b, accounts=3000, seed=1)
    simulate_finance(c, accounts=3000, seed=2)
    assert _digest(a) == _digest(b)
    assert _digest(a)["transactions.csv"] != _digest(c)["transactions.csv"]


def test_truth_roles_and_schemes_fit_the_book(book: Path) -> None:
    truth = read_csv(book / "truth" / "accounts.csv")
    ids = {r["account_id"] for r in read_csv(book / "accounts.csv")}
    for r in truth:
        assert r["account_id"] in ids
        assert r["role"] in ROLES[r["typology"]], r
    roles = Counter((r["typology"], r["role"]) for r in truth)
    for typ, names in ROLES.items():
        for role in names:
            assert roles[(typ, role)] > 0, (typ, role)
    tx = {r["tx_id"] for r in read_csv(book / "truth" / "transactions.csv")}
    assert tx  # the schemes' own transactions are listed


def test_the_book_reads_clean_with_ordinary_traffic_around_the_schemes(book: Path) -> None:
    loaded = load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")
    assert loaded.rejected == 0
    channels = dict(loaded.con.sql("SELECT channel, count(*) FROM tx GROUP BY 1").fetchall())
    assert set(channels) == {
        "transfer",
        "mobile",
        "card",
        "cash_deposit",
        "cash_withdrawal",
        "international_wire",
        "crypto_exchange",
    }
    truth_tx = len(read_csv(book / "truth" / "transactions.csv"))
    assert truth_tx < 0.1 * loaded.transactions  # schemes hide among ordinary traffic
    currencies = dict(loaded.con.sql("SELECT currency, count(*) FROM tx GROUP BY 1").fetchall())
    assert set(currencies) == {"USD", "KHR"}
    assert loaded.transactions / loaded.accounts > 8
