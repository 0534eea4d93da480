"""The identity-hiding queries (issue 14, finding 6) on a large store, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_identity_hiding.py --sim SIM_FOLDER --store sqlite
    .venv/bin/python bench/bench_identity_hiding.py --sim SIM_FOLDER --store postgres

Imports a simulated scenario (`tipnet simulate`) into a fresh store, then gives every person an
identity member (one identity per two persons) and every second person a pending pair in the
review band (synthetic linkage: only the number of rows matters here), and times, for an analyst
(case reader) and an FIU analyst (no case reading) of the organisation with the most records:
one identity's visible members and the review queue's total and first page, each with the set of
every hidden uid (`uid NOT IN (...)`) and with the per-member question (`hidden`, correlated EXISTS).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def fill(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    statements = [
        "INSERT INTO link_run (id, started_at, actor, engine, threshold, review_low, records, rejected, pairs, "
        "identities, model, training_report, training_uids) VALUES (1, CURRENT_TIMESTAMP, 'bench', 'tipnet', "
        "0.9, 0.5, 0, 0, 0, 0, '{}', '{}', '[]')",
        "INSERT INTO resolved_identity (id, members) SELECT DISTINCT 'I' || CAST(id / 2 AS TEXT), 2 FROM person",
        "INSERT INTO identity_member (uid, person_id, identity_id, dataset) "
        "SELECT 'P' || CAST(id AS TEXT), id, 'I' || CAST(id / 2 AS TEXT), 'people' FROM person",
        "INSERT INTO link_pair (run_id, uid_l, uid_r, match_probability, match_weight, evidence, status) "
        "SELECT 1, 'P' || CAST(id AS TEXT), 'P' || CAST(id + 1 AS TEXT), 0.7, 1.5, '[]', 'review' "
        "FROM person WHERE id % 2 = 0",
    ]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
        tables = ("person", "person_secret", "case_person", "identity_member", "link_pair")
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    seconds, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), value


def measure(engine: Any, runs: int) -> list[tuple[str, str, str, float, Any]]:
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from tipnet.linkage import store_review as sr
    from tipnet.security.users import Principal

    out = []
    with Session(engine) as session:
        org = session.execute(
            text("SELECT org_id FROM source_record GROUP BY org_id ORDER BY count(*) DESC LIMIT 1")
        ).scalar_one()
        ident = session.execute(
            text(
                "SELECT identity_id FROM identity_member m JOIN person_secret s ON s.person_id = m.person_id "
                "ORDER BY identity_id LIMIT 1"
            )
        ).scalar_one()
        for role in ("analyst", "fiu_analyst"):
            who = Principal(1, "bench", role, org)
            every = sr.hidden_uids(who)
            forms: dict[str, Callable[[Any], Any]] = {
                "NOT IN (every hidden uid)": lambda col, every=every: col.not_in(every),
                "NOT EXISTS (per member)": lambda col, who=who: ~sr.hidden(who, col),
            }
            for form, visible in forms.items():
                members = select(sr.IdentityMember.uid).where(
                    sr.IdentityMember.identity_id == ident, visible(sr.IdentityMember.uid)
                )
                queue = sr._pending().where(visible(sr.LinkPair.uid_l), visible(sr.LinkPair.uid_r))
                page = queue.order_by(
                    func.abs(sr.LinkPair.match_weight), sr.LinkPair.uid_l, sr.LinkPair.uid_r
                )
                questions: dict[str, Callable[[], Any]] = {
                    "one identity's members": lambda q=members: len(list(session.scalars(q))),
                    "review queue total": lambda q=queue: session.scalar(
                        select(func.count()).select_from(q.subquery())
                    ),
                    "review queue first page (20)": lambda q=page: len(list(session.scalars(q.limit(20)))),
                }
                for question, fn in questions.items():
                    seconds, value = timed(fn, runs)
                    out.append((role, form, question, seconds, value))
                    print(
                        f"{role:12} {form:28} {question:30} {seconds * 1000:8.0f} ms  ({value})", flush=True
                    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sim", type=Path, required=True, help="a scenario `tipnet simulate` wrote")
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from tipnet.ingest.folder import ingest_folder
    from tipnet.security.keys import init_keyring
    from tipnet.settings import get_settings
    from tipnet.store.engine import make_engine, upgrade

    work = Path(tempfile.mkdtemp(prefix="tipnet-bench-hiding-"))
    os.environ["TIPNET_DATA_DIR"] = str(work / "data")
    get_settings.cache_clear()
    init_keyring()
    server = None
    if args.store == "postgres":
        from bench.bench_ingest import Postgres

        server = Postgres(Path(tempfile.mkdtemp(prefix="tipnet-bench-pg-")))
        url = server.create("hiding")
    else:
        url = f"sqlite:///{work / 'hiding.db'}"
    try:
        engine = make_engine(url)
        upgrade(engine)
        ingest_folder(engine, args.sim, data_dir=work / "data")
        print(fill(engine), flush=True)
        measure(engine, args.runs)
        engine.dispose()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
