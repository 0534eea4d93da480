"""Import a scenario folder, with bad rows added, and write a canonical dump of what was stored and
rejected: run it with two versions of tipnet (PYTHONPATH) and compare the dumps (`cmp`).

    python bench/ingest_equivalence.py --sim SIM --out dump.txt [--workers 2] [--url URL]

The bad rows are copies of real rows of the scenario with one field spoiled (a broken or foreign
MRZ, a bad date, an unknown code, a control character, a missing key, a negative amount, ...),
appended to the bulk sources. The dump lists every table's rows by id (columns that hold the import's
time or a random seal left out), then every rejects file's lines, sorted. Synthetic data only.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

# Columns that differ from one import to the next whatever the code: times of the import, random
# nonces of sealed values, audit chain hashes over them.
VOLATILE = (
    "_at",
    "sealed",
    "nonce",
    "ciphertext",
    "hash_chain",
    "prev_hash",
    "entry_hash",
    "started",
    "finished",
)
VOLATILE_NAMES = {
    "at",
    "digest",
    "check_value",
    "row_hash",
}  # audit times, keyed digests (a new key each run)

SPOIL: dict[str, list[tuple[str, str]]] = {
    "crossings": [
        ("mrz", "P<KHMSOK<<DARA<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\\nN12345678KHM9001011M3001011<<<<<<<<<<<<<<02"),
        ("mrz", "NOT AN MRZ"),
        (
            "mrz",
            "I<UTOD231458907<<<<<<<<<<<<<<<\\n7408122F1204159UTO<<<<<<<<<<<6\\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ),
        ("crossing_time", "2024-13-45T99:00"),
        ("nationality", "ZZZ"),
        ("surname", "SO\x07K"),
        ("document_number", ""),
        ("expiry_date", "2030-02-30"),
        ("direction", "sideways"),
        ("birth_date", "1990-00"),
        ("sex", "Q"),
        ("org", "NO-SUCH-ORG"),
    ],
    "bank": [("birth_date", "31/31/1990"), ("phone", "12"), ("holder_type", "trust"), ("account_number", "")],
    "transactions": [
        ("amount", "-5"),
        ("amount", "ten"),
        ("currency", "XXX"),
        ("booked_at", "yesterday"),
        ("channel", "pigeon"),
    ],
    "hotline": [("record_id", ""), ("org", "")],
    "adverts": [("record_id", "")],
}


def spoiled_copy(sim: Path, dest: Path) -> None:
    shutil.copytree(sim, dest)
    for name, spoils in SPOIL.items():
        path = dest / "sources" / f"{name}.csv"
        if not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            rows = [row for _, row in zip(range(len(spoils) * 3), reader, strict=False)]
        with path.open("a", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, header)
            for i, (field, value) in enumerate(spoils):
                if field not in header:
                    continue
                for j in range(3):  # three of each: one lands in another chunk's worker too
                    row = dict(rows[(i * 3 + j) % len(rows)])
                    row["record_id"] = f"{row['record_id']}-BAD{i}-{j}" if field != "record_id" else value
                    row[field] = value
                    writer.writerow(row)


def dump(url: str, data_dir: Path, out: Path) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    lines: list[str] = []
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table.startswith("alembic") or table in ("audit_log", "ingest_run"):
                continue
            cols = [c["name"] for c in inspect(conn).get_columns(table)]
            keep = [c for c in cols if c not in VOLATILE_NAMES and not any(v in c for v in VOLATILE)]
            # by id, or (a table without one) by each row's text: PostgreSQL cannot order JSON
            order = " ORDER BY id" if "id" in cols else ""
            columns = ", ".join(f'"{c}"' for c in keep)  # quoted: PostgreSQL folds unquoted names
            rows = conn.execute(text(f'SELECT {columns} FROM "{table}"{order}')).all()
            lines.append(f"## {table} ({len(rows)} rows) {keep}")
            shown = [
                repr(tuple(v.isoformat() if isinstance(v, date | datetime) else v for v in r)) for r in rows
            ]
            lines.extend(shown if order else sorted(shown))
    engine.dispose()
    for path in sorted((data_dir / "rejects").glob("*.csv")):
        stem = path.name.split(".")[0] + "." + path.name.split(".")[1]
        with path.open(encoding="utf-8") as f:
            body = sorted(f.read().splitlines())
        lines.append(f"## rejects {stem} ({len(body)} lines)")
        lines.extend(body)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tipnet-equiv-") as tmp:
        work = Path(tmp)
        os.environ["TIPNET_DATA_DIR"] = str(work)  # before tipnet reads its settings
        from tipnet.ingest.folder import ingest_folder
        from tipnet.security.keys import init_keyring
        from tipnet.store.engine import make_engine, upgrade

        init_keyring()
        spoiled_copy(args.sim, work / "sim")
        url = args.url or f"sqlite:///{work / 'store.db'}"
        engine = make_engine(url)
        upgrade(engine)
        reports = ingest_folder(engine, work / "sim", data_dir=work, workers=args.workers)
        engine.dispose()
        for report in reports:
            print(
                f"{report.source_type}: {report.total} rows, {report.new} new, {report.rejected} rejected",
                file=sys.stderr,
            )
        dump(url, work, args.out)


if __name__ == "__main__":
    main()
