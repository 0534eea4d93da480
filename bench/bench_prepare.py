"""CPU per record of an import's two halves, for A/B runs of two versions of tipnet (PYTHONPATH).

    python bench/bench_prepare.py chunk SIM/sources/crossings.csv   # a worker's prepare_chunk alone
    python bench/bench_prepare.py folder SIM [--reimport]            # ingest_folder into a new SQLite store

`chunk`: the file's rows in 2,000-row chunks through `prepare_chunk` (as a worker does, with the
garbage collector tuned as in a worker), one process, CPU microseconds per row. `folder`: a whole
scenario (`tipnet simulate`) imported with the default workers; the importer's CPU and its workers'
(the children's), then, with --reimport, the same folder again (every row unchanged). Synthetic data.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "PYTHONPATH" not in os.environ:
    sys.path[:0] = [str(ROOT / "src")]


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def chunk(path: Path) -> None:
    from tipnet.ingest.prepare import prepare_chunk

    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (path.parent / "organisations.csv").open(newline="", encoding="utf-8") as f:
        orgs = {row["record_id"]: i + 1 for i, row in enumerate(csv.DictReader(f))}
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)  # as tipnet.ingest.pipeline.collector_tuned, which workers inherit
    chunks = [rows[i : i + 2000] for i in range(0, len(rows), 2000)]
    start = time.process_time()
    for part in chunks:
        prepare_chunk(path.stem, 1, orgs, part, "sqlite+pysqlite", None)
    spent = time.process_time() - start
    print(f"{path.stem}: {len(rows)} rows, {spent / len(rows) * 1e6:.1f} us CPU a row")


def folder(sim: Path, reimport: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="tipnet-bench-prepare-") as tmp:
        work = Path(tmp)
        os.environ["TIPNET_DATA_DIR"] = str(work)  # before tipnet reads its settings
        from tipnet.ingest.folder import ingest_folder
        from tipnet.security.keys import init_keyring
        from tipnet.store.engine import make_engine, upgrade

        init_keyring()
        engine = make_engine(f"sqlite:///{work / 'store.db'}")
        upgrade(engine)
        for label in ("first import", "re-import")[: 2 if reimport else 1]:
            cpu, kids, wall = time.process_time(), children_cpu(), time.perf_counter()
            reports = ingest_folder(engine, sim, data_dir=work)
            cpu, kids = time.process_time() - cpu, children_cpu() - kids
            rows = sum(r.total for r in reports)
            print(
                f"{label}: {rows} rows in {time.perf_counter() - wall:.1f} s, importer CPU {cpu:.2f} s, "
                f"workers {kids:.2f} s, {(cpu + kids) / rows * 1e6:.0f} us a record"
            )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("chunk").add_argument("file", type=Path)
    p = sub.add_parser("folder")
    p.add_argument("sim", type=Path)
    p.add_argument("--reimport", action="store_true")
    args = parser.parse_args()
    if args.what == "chunk":
        chunk(args.file)
    else:
        folder(args.sim, args.reimport)


if __name__ == "__main__":
    main()
