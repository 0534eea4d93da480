"""How many compared candidates an exact pre-filter could skip, if it knew each pair's bits (issue 13).

    python bench/screening_skip_oracle.py [--entries 200000] [--travellers 2000]

Reads the index and travellers `bench/screening_batch_cpu.py` saved (run it first with the same
--entries), and screens the travellers at the default threshold as `Screener.scored` does, keeping
each compared candidate's bits. A candidate the screener compares can be left out without changing
any result only if (a) it cannot reach the review floor (its combined bits, before the ambiguity
sharing, which only lowers them, map below the floor) and (b) it is no rival in `share_ambiguity` of
any candidate that could be reported: its raw bits are at most AMBIGUITY_WINDOW below each such
candidate's. With the bits known (an oracle) that share is the most a bound on the name's bits could
skip; the "slack" (how far below both limits a candidate's bits are) says how tight the bound must be:
a bound B skips a candidate exactly when B minus its true name bits is at most its slack.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from pathlib import Path

from screening_batch_cpu import KEY
from tipnet.matching.features import compare_details, detail_levels
from tipnet.matching.name_evidence import name_bits_bound
from tipnet.matching.record import RecordError
from tipnet.matching.scoring import evidence_bits
from tipnet.screening.index import ScreeningIndex
from tipnet.screening.index_file import MAGIC
from tipnet.screening.screen import AMBIGUITY_WINDOW, CANDIDATE_FLOOR, CANDIDATES, Screener


def _floor_bits(screener: Screener, floor: float) -> float:
    """The least combined bits whose calibrated probability reaches `floor` (bisection)."""
    lo, hi = -200.0, 200.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if screener.calibration.probability(mid) >= floor:
            hi = mid
        else:
            lo = mid
    return hi


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=200_000)
    ap.add_argument("--travellers", type=int, default=2000, help="how many of the saved travellers")
    ap.add_argument("--saved-travellers", type=int, default=5000, help="the batch bench's --travellers")
    ap.add_argument("--seed", type=int, default=303)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/screening_batch_cpu"))
    args = ap.parse_args()
    tag = hashlib.sha256(MAGIC).hexdigest()[:8]
    folder = args.dir / f"e{args.entries}-t{args.saved_travellers}-s{args.seed}-{tag}"
    ix = ScreeningIndex.load(folder / "index.idx", KEY)
    with open(folder / "travellers.pkl", "rb") as fh:
        travellers = pickle.load(fh)[: args.travellers]
    s = Screener(ix)
    cal = s.calibration
    floor = min(s.threshold, s.review_floor)
    floor_bits = _floor_bits(s, floor)
    candidates = compared = reportable = skippable = none_reportable = 0
    slacks: list[float] = []
    for record in travellers:
        try:
            q = s.prepare(record)
        except RecordError:
            continue
        cands = ix.candidates(q, CANDIDATES)
        if cands:
            least = cands[0][1] * CANDIDATE_FLOOR
            cands = [c for c in cands if c[1] >= least]
        ids = [i for i, _w in cands]
        candidates += len(ids)
        bound = round(name_bits_bound(q.names, ix.token_frequency), 1)
        rows: list[tuple[float, float]] = []  # (raw bits, combined bits) before the sharing
        for i, details in zip(ids, ix.details(ids), strict=True):
            if s._hopeless(detail_levels(q, details), floor, bound):
                continue
            e = ix.entry(i)
            raw, evidence = evidence_bits(q, e, ix.token_frequency, s.weights, details=compare_details(q, e))
            rows.append((raw, cal.combine((ev.feature, ev.bits) for ev in evidence)))
        compared += len(rows)
        reported = [raw for raw, comb in rows if comb >= floor_bits]
        reportable += len(reported)
        none_reportable += not reported
        least_reported = min(reported, default=float("inf"))
        for raw, comb in rows:
            slack = min(floor_bits - comb, least_reported - AMBIGUITY_WINDOW - raw)
            slacks.append(slack)
            skippable += slack >= 0
    slacks.sort()
    n = len(slacks) or 1
    print(
        f"{args.entries:,} entries, {len(travellers):,} travellers: {candidates:,} candidates, {compared:,} "
        f"compared, {reportable:,} could reach the review floor (travellers with none: {none_reportable:,}); "
        f"skippable by an oracle: {skippable:,} ({skippable / n:.1%})"
    )
    print(
        "slack (bits) at the 10th..90th percentile:",
        [round(slacks[int(n * p / 10)], 1) for p in range(1, 10)],
    )
    for t in (2, 4, 8, 12):
        print(f"share with slack above {t} bits: {sum(x > t for x in slacks) / n:.1%}")


if __name__ == "__main__":
    main()
