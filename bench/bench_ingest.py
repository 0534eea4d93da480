"""Ingestion throughput on SQLite and PostgreSQL, beside each database's own bulk-load rate.

    .venv/bin/python bench/bench_ingest.py --people 20000 --runs 3
    flock /work/notes/heavy.lock .venv/bin/python bench/bench_ingest.py --people 1000000 --runs 1

For each scenario size the simulator writes the agency files once; then, for each store and run, a
fresh database is migrated and `ingest_folder` imports every file (first import), then the same
folder again (re-import: every row unchanged). Each run is its own process, so its peak RSS is its
own (`wait4`). PostgreSQL is a throwaway server (initdb/pg_ctl, as tests/pg.py, but with fsync on).

The anchor, the physical limit: the rows tipnet stored, written again into an empty migrated
database by the database's own bulk path with no validation, no mapping, no sealing: SQLite
`executemany` of plain tuples in transactions of 2,000 rows, PostgreSQL `COPY FROM STDIN` of each
table's rows (read beforehand, untimed). Its rate is given in source rows per second, as tipnet's.

Prints a Markdown table (medians of the runs) and writes everything to --json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


# --- the measured work, each in a child process ------------------------------------------------------


def child_ingest(
    url: str, folder: Path, data_dir: Path, reimport: bool, workers: int | None
) -> dict[str, Any]:
    from tipnet.ingest.folder import ingest_folder
    from tipnet.store import indexes
    from tipnet.store.engine import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine)
    out: dict[str, Any] = {}
    built = {"seconds": 0.0, "indexes": 0}
    restore = indexes.restore

    def timed_restore(engine: Any) -> int:  # the deferred indexes' build, inside the import's time
        start = time.perf_counter()
        count = restore(engine)
        built["seconds"] += time.perf_counter() - start
        built["indexes"] += count
        return count

    indexes.restore = timed_restore  # type: ignore[assignment]
    for label in ("first", "reimport") if reimport else ("first",):
        wall, cpu = time.perf_counter(), time.process_time()
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        reports = ingest_folder(engine, folder, data_dir=data_dir, workers=workers)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, ended with the folder
        workers_cpu = after.ru_utime + after.ru_stime - kids.ru_utime - kids.ru_stime
        main_cpu = time.process_time() - cpu
        out[label] = {
            "seconds": time.perf_counter() - wall,
            "cpu_seconds": main_cpu + workers_cpu,  # the importer and its worker processes
            "importer_cpu_seconds": main_cpu,
            "workers_cpu_seconds": workers_cpu,
            "workers_peak_rss_mb": after.ru_maxrss / 1024,
            "rows": sum(r.total for r in reports),
            "new": sum(r.new for r in reports),
            "unchanged": sum(r.unchanged for r in reports),
            "rejected": sum(r.rejected for r in reports),
            "sources": {r.file.name: r.total for r in reports},
            "index_build_seconds": built["seconds"],
            "indexes_built": built["indexes"],
        }
        built.update(seconds=0.0, indexes=0)
    engine.dispose()
    return out


def _tables() -> list[str]:
    import tipnet.store.tables  # noqa: F401 (every table registered)
    from tipnet.store.base import Base

    return [t.name for t in Base.metadata.sorted_tables]


def _defer_indexes(url: str) -> Any:
    """The secondary indexes tipnet defers, dropped from the empty target (the floor of a load
    that builds them after); returns the engine that builds them again."""
    from tipnet.store import indexes
    from tipnet.store.engine import make_engine

    engine = make_engine(url)
    indexes.defer(engine)
    return engine


def _build_indexes(engine: Any) -> float:
    from tipnet.store import indexes

    start = time.perf_counter()
    indexes.restore(engine)
    engine.dispose()
    return time.perf_counter() - start


def child_limit_sqlite(source: Path, target: Path, deferred: bool = False) -> dict[str, Any]:
    """executemany of plain tuples into the same (migrated, empty) tables, 2,000 rows a transaction
    (`deferred`: without the secondary indexes tipnet defers, built after, timed in)."""
    engine = _defer_indexes(f"sqlite:///{target}") if deferred else None
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=NORMAL")
    dst.execute("PRAGMA foreign_keys=ON")
    seconds, rows = 0.0, 0
    for table in _tables():
        columns = [r[1] for r in src.execute(f'PRAGMA table_info("{table}")')]
        names = ", ".join(f'"{c}"' for c in columns)
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
        cursor = src.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
        while batch := cursor.fetchmany(2000):
            start = time.perf_counter()
            dst.execute("BEGIN IMMEDIATE")
            dst.executemany(insert, batch)
            dst.execute("COMMIT")
            seconds += time.perf_counter() - start
            rows += len(batch)
    dst.close()
    built = _build_indexes(engine) if engine is not None else 0.0
    return {"seconds": seconds + built, "load_seconds": seconds, "index_seconds": built, "table_rows": rows}


def child_limit_postgres(
    source_url: str, target_url: str, spool: Path, deferred: bool = False
) -> dict[str, Any]:
    """COPY FROM STDIN of each table's rows (COPY TO a file first, untimed; `deferred`: as SQLite's)."""
    import psycopg

    engine = _defer_indexes(target_url) if deferred else None

    def dsn(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://")

    seconds, rows = 0.0, 0
    with psycopg.connect(dsn(source_url)) as src, psycopg.connect(dsn(target_url)) as dst:
        for table in _tables():
            path = spool / f"{table}.copy"
            with open(path, "wb") as fh, src.cursor().copy(f'COPY "{table}" TO STDOUT') as out:
                for block in out:
                    fh.write(block)
            start = time.perf_counter()
            with dst.cursor() as cur:
                with open(path, "rb") as fh, cur.copy(f'COPY "{table}" FROM STDIN') as copy:
                    while block := fh.read(1 << 20):
                        copy.write(block)
                rows += cur.rowcount
            dst.commit()
            seconds += time.perf_counter() - start
            path.unlink()
    built = _build_indexes(engine) if engine is not None else 0.0
    return {"seconds": seconds + built, "load_seconds": seconds, "index_seconds": built, "table_rows": rows}


# --- the parent: scenarios, servers, runs -------------------------------------------------------------


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict[str, Any], float]:
    """Run this script as a child; its JSON answer and its peak RSS in MB."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args[:2]} failed with status {status}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


class Postgres:
    """A throwaway server, fsync on (tests/pg.py turns it off for speed; a benchmark must not)."""

    def __init__(self, root: Path, settings: list[str] | None = None) -> None:
        from tests.pg import _free_port, _pg_bin

        self.root, self.port = root, _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.pg_ctl = _pg_bin("pg_ctl") or "pg_ctl"
        initdb = _pg_bin("initdb") or "initdb"
        data = root / "data"
        subprocess.run(
            [*self.as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"], check=True, capture_output=True,
        )  # fmt: skip
        options = f"-p {self.port} -k {root} -c listen_addresses=127.0.0.1"
        for setting in settings or []:  # e.g. max_wal_size=8GB: a server tuned for a large load
            if "=" not in setting or any(c.isspace() for c in setting):
                raise SystemExit(f"--pg-setting {setting!r}: expected NAME=VALUE without spaces")
            if setting.split("=", 1)[0].lower() in ("fsync", "synchronous_commit", "full_page_writes"):
                raise SystemExit(f"--pg-setting {setting!r}: the bench measures a durable server")
            options += f" -c {setting}"
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create(self, database: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{database}"')
            c.execute(f'CREATE DATABASE "{database}"')
        return self.url(database)

    def drop(self, database: str) -> None:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{database}"')

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", str(self.root / "data"), "-m", "fast", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[20000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--workdir", type=Path, default=None, help="where the scenario and stores go")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--sim", type=Path, default=None, help="a scenario `tipnet simulate` wrote (kept)")
    parser.add_argument("--no-reimport", action="store_true", help="time the first import only")
    parser.add_argument(
        "--deferred-limit",
        action="store_true",
        help="also time (first run) the bulk load without the secondary indexes tipnet defers, built after",
    )
    parser.add_argument(
        "--pg-setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a PostgreSQL server setting for the throwaway server (repeatable; fsync stays on)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes preparing rows (default: tipnet's; 0: none)",
    )
    args = parser.parse_args()

    from tipnet.security.keys import init_keyring
    from tipnet.settings import get_settings
    from tipnet.sim import simulate

    work = Path(tempfile.mkdtemp(prefix="tipnet-bench-ingest-", dir=args.workdir))
    data_dir = work / "data"
    env = {**os.environ, "TIPNET_DATA_DIR": str(data_dir), "PYTHONPATH": os.pathsep.join(sys.path)}
    os.environ["TIPNET_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    init_keyring()
    results: list[dict[str, Any]] = []
    server = (
        Postgres(Path(tempfile.mkdtemp(prefix="tipnet-bench-pg-")), args.pg_setting)
        if "postgres" in args.stores
        else None
    )
    try:
        for people in args.people:
            folder = args.sim or work / f"sim-{people}"
            if args.sim is None:
                start = time.perf_counter()
                simulate(folder, people=people, seed=args.seed)
                print(f"simulated {people:,} people in {time.perf_counter() - start:.0f} s", file=sys.stderr)
            for store in args.stores:
                for run in range(args.runs):
                    if store == "sqlite":
                        db = work / f"run-{people}-{run}.db"
                        url = f"sqlite:///{db}"
                    else:
                        assert server is not None
                        url = server.create(f"run_{people}_{run}")
                    again = "no-reimport" if args.no_reimport else "reimport"
                    workers = "default" if args.workers is None else str(args.workers)
                    answer, peak = run_child(
                        ["--child-ingest", url, str(folder), str(data_dir), again, workers], env
                    )
                    limit_url = (
                        f"sqlite:///{work / 'limit.db'}" if store == "sqlite" else server.create("limit")  # type: ignore[union-attr]
                    )
                    from tipnet.store.engine import make_engine, upgrade

                    engine = make_engine(limit_url)
                    upgrade(engine)
                    engine.dispose()
                    limits: dict[str, Any] = {}
                    for kind in ("plain", "deferred") if args.deferred_limit and run == 0 else ("plain",):
                        if kind == "deferred":
                            limit_url = (
                                f"sqlite:///{work / 'limit.db'}"
                                if store == "sqlite"
                                else server.create("limit")  # type: ignore[union-attr]
                            )
                            engine = make_engine(limit_url)
                            upgrade(engine)
                            engine.dispose()
                        if store == "sqlite":
                            limits[kind], _ = run_child(
                                ["--child-limit-sqlite", str(db), str(work / "limit.db"), kind], env
                            )
                            for suffix in ("", "-wal", "-shm"):
                                Path(f"{work / 'limit.db'}{suffix}").unlink(missing_ok=True)
                        else:
                            spool = work / "spool"
                            spool.mkdir(exist_ok=True)
                            limits[kind], _ = run_child(
                                ["--child-limit-postgres", url, limit_url, str(spool), kind], env
                            )
                            server.drop("limit")  # type: ignore[union-attr]
                    if store == "sqlite":
                        db.unlink()
                    else:
                        server.drop(f"run_{people}_{run}")  # type: ignore[union-attr]
                    limit = limits["plain"]
                    row = {"people": people, "store": store, "run": run, "peak_rss_mb": peak, "workers": workers, **answer,
                           "limit": limit, "limit_deferred": limits.get("deferred")}  # fmt: skip
                    results.append(row)
                    first = answer["first"]
                    print(
                        f"{people:,} {store} run {run}: {first['rows']:,} rows in {first['seconds']:.1f} s "
                        f"({first['rows'] / first['seconds']:,.0f}/s, CPU {first['cpu_seconds']:.0f} s, "
                        f"importer {first['importer_cpu_seconds']:.0f} s), "
                        f"limit {limit['seconds']:.1f} s, "
                        + (
                            f"deferred-index limit {limits['deferred']['seconds']:.1f} s "
                            f"(load {limits['deferred']['load_seconds']:.1f} + indexes "
                            f"{limits['deferred']['index_seconds']:.1f}), "
                            if "deferred" in limits
                            else ""
                        )
                        + f"defer indexes {os.environ.get('TIPNET_INGEST_DEFER_INDEXES', '1')}, "
                        f"peak {peak:.0f} MB",
                        file=sys.stderr,
                    )
            if args.sim is None:
                shutil.rmtree(folder)
    finally:
        if server is not None:
            server.stop()
            shutil.rmtree(server.root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    print_table(results)


def print_table(results: list[dict[str, Any]]) -> None:
    print(
        "| people | store | workers | source rows | first import s | rows/s | CPU s (importer) | rows/CPU-s "
        "| re-import s | rows/s | bulk-load limit s | rows/s | tipnet / limit | peak RSS MB (a worker) | runs |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    keys = sorted(
        {(r["people"], r["store"], r.get("workers", "0")) for r in results},
        key=lambda k: (k[0], k[1] != "sqlite", k[2]),
    )
    for people, store, workers in keys:
        runs = [
            r for r in results if (r["people"], r["store"], r.get("workers", "0")) == (people, store, workers)
        ]
        rows = runs[0]["first"]["rows"]
        first = statistics.median(r["first"]["seconds"] for r in runs)
        cpu = statistics.median(r["first"]["cpu_seconds"] for r in runs)
        main = statistics.median(r["first"].get("importer_cpu_seconds", 0.0) for r in runs)
        again = statistics.median(r["reimport"]["seconds"] for r in runs) if "reimport" in runs[0] else None
        limit = statistics.median(r["limit"]["seconds"] for r in runs)
        peak = max(r["peak_rss_mb"] for r in runs)
        worker_peak = max(r["first"].get("workers_peak_rss_mb", 0.0) for r in runs)
        print(
            f"| {people:,} | {store} | {workers} | {rows:,} | {first:.1f} | {rows / first:,.0f} | {cpu:.1f} ({main:.1f}) "
            f"| {rows / cpu:,.0f} "
            f"| {'-' if again is None else f'{again:.1f}'} | {'-' if again is None else f'{rows / again:,.0f}'} "
            f"| {limit:.1f} | {rows / limit:,.0f} | {limit / first:.2f} | {peak:.0f} ({worker_peak:.0f}) "
            f"| {len(runs)} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("--child-"):
        kind, rest = sys.argv[1], sys.argv[2:]
        if kind == "--child-ingest":
            workers = None if rest[4] == "default" else int(rest[4])
            answer = child_ingest(rest[0], Path(rest[1]), Path(rest[2]), rest[3] == "reimport", workers)
        elif kind == "--child-limit-sqlite":
            answer = child_limit_sqlite(Path(rest[0]), Path(rest[1]), rest[2:3] == ["deferred"])
        else:
            answer = child_limit_postgres(rest[0], rest[1], Path(rest[2]), rest[3:4] == ["deferred"])
        answer["child_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(answer))
    else:
        main()
