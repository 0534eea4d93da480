"""One simulated bank book shared by the finance tests (and a writer of small hand-made books)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from tipnet.sim.finance import simulate_finance

ACCOUNTS = 12_000
SEED = 5

ACCOUNT_HEADER = ("account_id", "holder_name", "holder_type", "country", "opened")
TX_HEADER = ("tx_id", "timestamp", "from_account", "to_account", "amount", "currency", "channel")


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("finance-book")
    simulate_finance(out, accounts=ACCOUNTS, seed=SEED)
    return out


def write_book(
    folder: Path,
    accounts: Iterable[Sequence[object]],
    transactions: Iterable[Sequence[object]],
    *,
    header: Sequence[str] = TX_HEADER,
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, t = folder / "accounts.csv", folder / "transactions.csv"
    with a.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ACCOUNT_HEADER)
        w.writerows(accounts)
    with t.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(transactions)
    return a, t


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
