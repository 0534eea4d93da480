"""Statistics over many people, the person-level part only (issue 17's speed goal is a 1,000,000-
person store in under 60 s; reading the store is not measured here): victim records made in memory
(1.3 records per person, 20% of people recorded by two agencies), then victims_by_year, every 3P
table of `tipnet stats`, GLOTIP and SDG. Prints seconds per stage.

    python bench/bench_stats.py --people 1000000
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from tipnet.stats.people import SuspectRecord, VictimRecord, suspects_by_year, victims_by_year
from tipnet.stats.service import Facts, compute, load_population


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=1_000_000)
    args = ap.parse_args()
    rnd = random.Random(17)
    t0 = time.perf_counter()
    recs = []
    forms = ["ForcedLabour", "SexualExploitation", "ForcedMarriage", "ForcedCriminality"]
    for i in range(args.people):
        n = 2 if rnd.random() < 0.2 else 1
        base = date(2021, 1, 1) + timedelta(days=rnd.randrange(365 * 5))
        for k in range(n):
            recs.append(
                VictimRecord(
                    record=f"cp:{i}:{k}",
                    identity=f"P{i}",
                    identified_on=base + timedelta(days=rnd.randrange(60)),
                    org=rnd.choice(["KH-POL", "KH-NGO1", "KH-NGO2", "TH-POL"]),
                    org_type=rnd.choice(["LawEnforcement", "NGO"]),
                    gender=rnd.choice(["Feminine", "Masculine", ""]),
                    birth_year=rnd.randint(1960, 2015),
                    nationality=rnd.choice(["KHM", "VNM", "THA", "MMR", "LAO"]),
                    exploitation=(rnd.choice(forms),),
                    referral=rnd.choice(["done", "accepted", "pending", "not referred"]),
                    assisted=rnd.random() < 0.6,
                    case_key=f"c{i}:{k}",
                )
            )
    sus = [
        SuspectRecord(f"s{i}", f"S{i}", date(2021, 1, 1) + timedelta(days=rnd.randrange(365 * 5)), "KH-POL", "LawEnforcement", stages=("Prosecution",))
        for i in range(args.people // 20)
    ]  # fmt: skip
    t1 = time.perf_counter()
    victims = victims_by_year(recs)
    suspects = suspects_by_year(sus)
    t2 = time.perf_counter()
    ts = compute(Facts(victims, suspects, {}, 0), population=load_population())
    t3 = time.perf_counter()
    print(
        f"people {args.people:,}; victim records {len(recs):,}; person-years {len(victims):,}; tables {len(ts)}"
    )
    print(
        f"make records {t1 - t0:.1f} s | people by identity and year {t2 - t1:.1f} s | every table {t3 - t2:.1f} s"
    )
    print(f"statistics (people + tables) {t3 - t1:.1f} s")


if __name__ == "__main__":
    main()
