"""`tipnet finance ingest --store`: how fast a bank's book goes into the store, and a re-import.

Run (heavy at 1M transactions: take the lock):
    flock /work/notes/heavy.lock .venv/bin/python bench/bench_finance_store.py \
        --accounts 10000 [--seed 2026] [--out /tmp/fin-store] [--database-url URL]

Simulates a book (`tipnet.sim.finance`, about 10 transactions per account), checks it (`finance.load`),
then writes it into a fresh SQLite store (or the given empty, migrated PostgreSQL database) with
`tipnet.finance.store_write.write_store`, and writes it again (nothing new: the re-import's cost).
Prints the seconds of each step and the rows per second; nothing is appended to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path("/tmp/fin-store-bench"))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--chunk", type=int, default=20_000)
    args = parser.parse_args()

    from tipnet.finance.load import load
    from tipnet.finance.store_write import write_store
    from tipnet.sim.finance import simulate_finance
    from tipnet.store.engine import make_engine, session_scope, upgrade
    from tipnet.store.tables.sources import Organisation

    book = args.out / "book"
    if not (book / "transactions.csv").is_file():
        start = time.perf_counter()
        simulate_finance(book, accounts=args.accounts, seed=args.seed)
        print(f"simulate: {time.perf_counter() - start:.1f} s")
    url = args.database_url
    if url is None:
        db = args.out / "store.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        session.add(Organisation(code="BENCHBANK", org_Name="Bench bank", org_Type="bank"))

    start = time.perf_counter()
    loaded = load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")
    checked = time.perf_counter() - start
    print(
        f"read and check: {checked:.1f} s ({loaded.accounts:,} accounts, {loaded.transactions:,} transactions)"
    )
    for label in ("store", "re-import"):
        start, cpu = time.perf_counter(), os.times()
        counts = write_store(
            engine, loaded, bank="BENCHBANK", accounts_file="accounts.csv", transactions_file="transactions.csv",
            chunk=args.chunk,
        )  # fmt: skip
        wall = time.perf_counter() - start
        used = os.times()
        cpu_s = (used.user - cpu.user) + (used.system - cpu.system)
        rows = loaded.accounts + loaded.transactions
        print(
            f"{label}: {wall:.1f} s wall, {cpu_s:.1f} s CPU, {rows / wall:,.0f} rows/s; new accounts "
            f"{counts.accounts_new:,}, new transactions {counts.transactions_new:,}, refused {counts.rejected:,}, "
            f"chunks {counts.chunks}"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
