"""Statistics of a 1,000,000-person store read from the store itself (issue 17's speed goal: under
60 s). Builds an embedded (SQLite) store once with the same made-up population as bench_stats.py
(1.2 agency records per person, each record its own person row, case and case_person, linked to its
person by identity_member as the linkage leaves them; referrals, support plans, suspects with their
proceedings), then times `tipnet.stats.service.facts` (reading the store and counting people by
identity) and `compute` (every table of `tipnet stats`), as `tipnet stats` runs them.

    flock /work/notes/heavy.lock python bench/bench_stats_store.py --people 1000000 --db /tmp/stats1m.sqlite

The store is kept (--db) so later runs only time the statistics; --rebuild makes it anew.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tipnet.stats.service import compute, facts, load_population
from tipnet.store.engine import make_engine, upgrade
from tipnet.store.tables.cases import Case, CasePerson, LegalProceeding, Referral, SupportPlan
from tipnet.store.tables.linkage import IdentityMember, ResolvedIdentity
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation

ORGS = [("KH-POL", "LawEnforcement"), ("KH-NGO1", "NGO"), ("KH-NGO2", "NGO"), ("TH-POL", "LawEnforcement")]
FORMS = ["ForcedLabour", "SexualExploitation", "ForcedMarriage", "ForcedCriminality"]
CHUNK = 50_000


def build(url: str, people: int) -> int:
    engine = make_engine(url)
    upgrade(engine)
    rnd = random.Random(17)
    rows: dict[str, list[dict[str, object]]] = {}
    pid = cid = cpid = 0
    records = 0

    def flush(conn: object, force: bool = False) -> None:
        for table in (
            ResolvedIdentity,
            Person,
            Case,
            CasePerson,
            IdentityMember,
            Referral,
            SupportPlan,
            LegalProceeding,
        ):
            batch = rows.get(table.__tablename__, [])
            if batch and (force or len(batch) >= CHUNK):
                conn.execute(insert(table), batch)  # type: ignore[attr-defined]
                rows[table.__tablename__] = []

    def add(table: type, **values: object) -> None:
        rows.setdefault(table.__tablename__, []).append(values)  # type: ignore[attr-defined]

    with engine.begin() as conn:
        conn.execute(insert(Organisation), [{"id": i + 1, "code": c, "org_Name": c, "org_Type": t, "org_ShippingCountry": c[:2] + "M"} for i, (c, t) in enumerate(ORGS)])  # fmt: skip
        for i in range(people):
            n = 2 if rnd.random() < 0.2 else 1
            base = date(2021, 1, 1) + timedelta(days=rnd.randrange(365 * 5))
            ident = f"V{i:09d}"
            add(ResolvedIdentity, id=ident, members=n)
            gender = rnd.choice(["Feminine", "Masculine", ""])
            by = rnd.randint(1960, 2015)
            nat = rnd.choice(["KHM", "VNM", "THA", "MMR", "LAO"])
            for _ in range(n):
                pid += 1
                cid += 1
                cpid += 1
                records += 1
                opened = base + timedelta(days=rnd.randrange(60))
                add(Person, id=pid, prs_Gender=gender or None, birth_year=by, prs_Citizenship=[nat])
                add(
                    Case,
                    id=cid,
                    org_id=rnd.randrange(4) + 1,
                    case_ref=f"c{cid}",
                    cas_Status="Active",
                    opened_on=opened,
                )
                add(CasePerson, id=cpid, case_id=cid, person_id=pid, role="Victim", vic_TypeOfExploitation=[rnd.choice(FORMS)])  # fmt: skip
                add(IdentityMember, uid=f"person:{pid}", person_id=pid, identity_id=ident, dataset="store")
                status = rnd.choice(["done", "accepted", "pending", None])
                if status:
                    add(Referral, case_id=cid, direction="out", status=status, referral_date=opened + timedelta(days=rnd.randrange(60)))  # fmt: skip
                if rnd.random() < 0.6:
                    add(SupportPlan, case_person_id=cpid, spl_Type="Shelter")
                if i % 20 == 0:  # one suspect for every 20 victims, in the victim's case
                    pid += 1
                    cpid += 1
                    add(
                        Person,
                        id=pid,
                        prs_Gender="Masculine",
                        birth_year=rnd.randint(1950, 2000),
                        prs_Citizenship=[],
                    )
                    add(
                        CasePerson,
                        id=cpid,
                        case_id=cid,
                        person_id=pid,
                        role="Suspect",
                        vic_TypeOfExploitation=[],
                    )
                    add(LegalProceeding, case_person_id=cpid, stage=rnd.choice(["Investigation", "Prosecution", "Trial"]), verdict=rnd.choice([None, "Convicted"]), sentence_months=rnd.choice([None, 24, 60]))  # fmt: skip
            if i % 10_000 == 9_999:
                flush(conn, force=True)  # parents before children, every table at once
                if i % 100_000 == 99_999:
                    print(f"  {i + 1:,} people", flush=True)
        flush(conn, force=True)
    engine.dispose()
    return records


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/stats1m.sqlite"))
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    url = f"sqlite:///{args.db}"
    if args.rebuild or not args.db.exists():
        for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
            p.unlink(missing_ok=True)
        t, c = time.perf_counter(), time.process_time()
        n = build(url, args.people)
        print(
            f"built {args.db} ({args.people:,} people, {n:,} victim records) in "
            f"{time.perf_counter() - t:.0f} s wall, {time.process_time() - c:.0f} s CPU"
        )
    engine = make_engine(url)
    population = load_population()
    t0, c0 = time.perf_counter(), time.process_time()
    with Session(engine) as s:
        f = facts(s)
    t1, c1 = time.perf_counter(), time.process_time()
    tables = compute(f, population=population)
    t2, c2 = time.perf_counter(), time.process_time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"person-years {len(f.victims):,}; suspect-years {len(f.suspects):,}; tables {len(tables)}")
    print(
        f"read the store and count people by identity {t1 - t0:.1f} s wall ({c1 - c0:.1f} s CPU) | "
        f"every table {t2 - t1:.1f} s wall ({c2 - c1:.1f} s CPU)"
    )
    print(f"statistics from the store {t2 - t0:.1f} s wall, {c2 - c0:.1f} s CPU; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
