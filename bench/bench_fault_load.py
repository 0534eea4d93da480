"""Fault and load bench (issue 14): `tipnet serve` under concurrent users, key rotation and restarts.

Run: .venv/bin/python bench/bench_fault_load.py [--store postgres|sqlite|both] [--users 50]
     [--seconds 60] [--workers 2] [--think 0.5] [--no-faults] [--keep DIR]

For each store: a throwaway PostgreSQL (tests/pg.py) or a SQLite file, migrated by `tipnet db upgrade`
(which makes the key file), three organisations (two NGOs, immigration) and `--users` accounts (case
workers, border officers, analysts, admins); then `tipnet serve` as a subprocess (uvicorn; SQLite: 1
worker, the concurrency documented for it) and the users for `--seconds`, each signed in and working
through the API with httpx (async): open cases with a victim, read them, list and search, record consent
and refer a case to another organisation, accept referrals and read the referred case, screen travellers
(one and four at a time) against a watchlist, read the audit log. Faults on a schedule (fractions of the
window): `tipnet keys rotate` at 0.2, SIGKILL of a worker at 0.4 (SQLite: of the server, then started
again), a restart at 0.6 (SIGTERM, `tipnet serve` again), `tipnet keys reseal --retire` at 0.8.

Checks (tests/hostile/fault_run.py says how): zero 5xx; every 2xx read of victim data has its audit
event; every acknowledged write reads back after the run; nothing half-written; every screening logged;
`tipnet audit verify` passes; no record under a key version other than the current after the re-seal; no
victim name or traceback in the server's log. Requests that meet a restart are counted apart (refused,
interrupted). Exit status 1 when a check fails. Loopback only; users <= 200, seconds <= 600.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
# The server subprocesses import tipnet from this tree too.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
)

from tests.hostile.fault_checks import Verdict  # noqa: E402
from tests.hostile.fault_run import Fault, fault_run  # noqa: E402
from tests.pg import start_server  # noqa: E402

FAULTS: list[Fault] = [(0.2, "rotate"), (0.4, "kill"), (0.6, "restart"), (0.8, "reseal")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("postgres", "sqlite", "both"), default="both")
    parser.add_argument("--users", type=int, default=None, help="default: 50 on PostgreSQL, 20 on SQLite")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="PostgreSQL's; SQLite serves with 1")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between a user's actions (s)")
    parser.add_argument("--no-faults", action="store_true", help="load only: no rotation, kill or restart")
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores and server logs here")
    args = parser.parse_args()
    seconds = max(5.0, min(args.seconds, 600.0))
    faults = [] if args.no_faults else FAULTS
    kinds = ["postgres", "sqlite"] if args.store == "both" else [args.store]
    verdicts: list[Verdict] = []
    for kind in kinds:
        users = max(1, min(args.users or (50 if kind == "postgres" else 20), 200))
        workers = args.workers if kind == "postgres" else 1
        root = Path(tempfile.mkdtemp(prefix=f"tipnet-fault-{kind}-", dir=args.keep))
        pg = start_server() if kind == "postgres" else None
        try:
            verdict = fault_run(
                kind,
                root,
                users=users,
                seconds=seconds,
                workers=workers,
                think=args.think,
                faults=faults,
                pg=pg,
                progress=lambda m: print(m, file=sys.stderr, flush=True),
            )
        finally:
            if pg is not None:
                pg.stop()
            if args.keep is None:
                shutil.rmtree(root, ignore_errors=True)
        verdicts.append(verdict)
        print(verdict.summary())
        print(verdict.table())
        print(flush=True)
    print(f"think {args.think} s; python {platform.python_version()}; {os.cpu_count()} cores; loopback")
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
