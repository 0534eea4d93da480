"""Generic job fraud (issue 16's "EMSCAD-style generic job fraud F1 >= 0.70 without training on EMSCAD")
on the independent generic-posting set (bench/independent_jobs/, written without EMSCAD).

Run:
  python bench/independent_jobs/generate.py
  python bench/bench_jobfraud.py --split dev --calibrate     # fit a, c, threshold on dev; writes the JSON
  python bench/bench_jobfraud.py --split test --contributions   # once, for the report

The screener reads only the EMSCAD-style fields (never `fraudulent` or the generator's `kind`). Reports
precision, recall, F1 at the shipped threshold, PR-AUC of the score, recall by scheme and the false-positive
rate by genuine hard pattern, the share of flagged postings with an explained flag, and speed. With
--contributions, a Markdown table of each rule's contribution: the postings it flags (fraudulent and
genuine), and precision, recall and F1 with that rule's flags taken away (an ablation at the shipped
calibration; nothing is refitted).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import average_precision_score

from tipnet.recruitment import postings, rules

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "independent_jobs" / "data"
CALIB = ROOT / "src" / "tipnet" / "recruitment" / postings.CALIBRATION
HIDDEN = ("fraudulent", "kind")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--calibrate", action="store_true", help="Fit a, c and the threshold (dev only).")
    ap.add_argument("--show", type=int, default=0, help="Print N misses and N false alarms (dev only).")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--contributions", action="store_true", help="Print the per-rule contribution table.")
    args = ap.parse_args()
    if args.split == "test" and (args.calibrate or args.show):
        sys.exit("calibration and reading errors are for the dev split only")
    rows = read(args.data / f"{args.split}.csv")
    visible = [{k: v for k, v in r.items() if k not in HIDDEN} for r in rows]
    labels = [r["fraudulent"] == "1" for r in rows]
    ps = postings.PostingScreener()
    if args.calibrate:
        scores = [ps.judge(p)[1] for p in visible]
        cal = postings.calibrate(scores, labels)
        manifest = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
        cal["fitted_on"] = (
            f"bench/independent_jobs dev.csv (generator {manifest['version']}, seed {manifest['seed']}, "
            f"sha256 {manifest['files']['dev']['sha256'][:12]}), {len(rows)} postings, {sum(labels)} fraudulent"
        )
        CALIB.write_text(json.dumps(cal, indent=1) + "\n", encoding="utf-8")
        postings.calibration.cache_clear()
        ps = postings.PostingScreener()
        print("calibration:", cal)
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load:.2f} at start; calibration a {ps.a}, c {ps.c}, "
        f"threshold {ps.threshold}"
    )
    rates = []
    verdicts = []
    for _ in range(max(1, args.runs)):
        t0 = time.perf_counter()
        verdicts = ps.screen_all(visible)
        rates.append(len(visible) / (time.perf_counter() - t0))
    called = [v.fraudulent for v in verdicts]
    tp = sum(c and y for c, y in zip(called, labels, strict=True))
    fp = sum(c and not y for c, y in zip(called, labels, strict=True))
    fn = sum(y and not c for c, y in zip(called, labels, strict=True))
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    ap_ = average_precision_score(labels, [v.score for v in verdicts])
    explained = sum(bool(v.flags) for v in verdicts if v.fraudulent) / max(1, sum(called))
    print(
        f"{args.split}: {len(rows)} postings, {sum(labels)} fraudulent | precision {prec:.3f} recall {rec:.3f} "
        f"F1 {f1:.3f} (TP {tp}, FP {fp}, FN {fn}) | PR-AUC {ap_:.3f} | flagged with an explained flag "
        f"{explained:.0%} | {statistics.median(rates):,.0f} postings/s (median of {len(rates)})"
    )
    print(
        f"F1 95% bootstrap interval (2,000 resamples of the postings, seed 0): {bootstrap_f1(called, labels)}"
    )
    forms = defaultdict(list)
    for r, c in zip(rows, called, strict=True):
        if r["fraudulent"] == "1":
            forms[r["kind"].split(":")[2]].append(c)
    print(
        "recall by form: "
        + "; ".join(f"{k} {sum(x)}/{len(x)} = {sum(x) / len(x):.3f}" for k, x in sorted(forms.items()))
    )
    by_scheme: dict[str, list[bool]] = defaultdict(list)
    by_hard: dict[str, list[bool]] = defaultdict(list)
    codes_f: Counter[str] = Counter()
    codes_g: Counter[str] = Counter()
    for r, v in zip(rows, verdicts, strict=True):
        parts = r["kind"].split(":")
        if r["fraudulent"] == "1":
            by_scheme[f"{parts[1]} ({parts[2]})"].append(v.fraudulent)
            codes_f.update({f.code for f in v.flags})
        else:
            for h in (parts[-1].split(",") if len(parts) > 2 else ["none"]) + (
                ["agency"] if "agency" in parts else []
            ):
                if h != "agency" or "agency" in parts:
                    by_hard[h].append(v.fraudulent)
            codes_g.update({f.code for f in v.flags})
    print("recall by scheme: " + "; ".join(f"{k} {sum(x)}/{len(x)}" for k, x in sorted(by_scheme.items())))
    print(
        "false alarms by genuine pattern: "
        + "; ".join(f"{k} {sum(x)}/{len(x)}" for k, x in sorted(by_hard.items()))
    )
    print("flags on fraudulent postings:", dict(codes_f.most_common()))
    print("flags on genuine postings:", dict(codes_g.most_common()))
    if args.contributions:
        print(contributions(ps, verdicts, labels))
    if args.show:
        misses = [
            (r, v) for r, v in zip(rows, verdicts, strict=True) if r["fraudulent"] == "1" and not v.fraudulent
        ]
        alarms = [
            (r, v) for r, v in zip(rows, verdicts, strict=True) if r["fraudulent"] == "0" and v.fraudulent
        ]
        for title, group in (("MISSED", misses), ("FALSE ALARM", alarms)):
            for r, v in group[: args.show]:
                print(f"--- {title} {r['job_id']} {r['kind']} score {v.score:.3f} rs {v.rule_score:.2f}")
                print("   ", [(f.code, f.evidence) for f in v.flags])


def bootstrap_f1(called: list[bool], labels: list[bool], n: int = 2000) -> str:
    rng = random.Random(0)
    idx = range(len(labels))
    f1s = []
    for _ in range(n):
        pick = [rng.choice(idx) for _ in idx]
        f1s.append(_prf([called[i] for i in pick], [labels[i] for i in pick])[2])
    f1s.sort()
    return f"{f1s[int(0.025 * n)]:.3f}-{f1s[int(0.975 * n) - 1]:.3f}"


def _prf(called: list[bool], labels: list[bool]) -> tuple[float, float, float]:
    tp = sum(c and y for c, y in zip(called, labels, strict=True))
    fp = sum(c and not y for c, y in zip(called, labels, strict=True))
    fn = sum(y and not c for c, y in zip(called, labels, strict=True))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def contributions(
    ps: postings.PostingScreener, verdicts: list[postings.PostingVerdict], labels: list[bool]
) -> str:
    """Markdown: per rule, the postings it flags and the figures with its flags taken away."""
    base = _prf([v.fraudulent for v in verdicts], labels)
    codes = sorted({f.code for v in verdicts for f in v.flags})
    sources = {r.code: r.source for r in rules.RULES}
    computed = (
        rules.PAY_FAR_ABOVE_MARKET,
        rules.NO_COMPANY_IDENTITY,
        rules.EASY_MONEY_LITTLE_WORK,
        rules.NO_EMPLOYER_DETAILS,
    )
    sources.update({c: src for c, _, src in computed})
    lines = [
        "| rule | source | weight | fraudulent flagged | genuine flagged | caught only with it "
        "| precision / recall / F1 without it | F1 change |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    n_f, n_g = sum(labels), len(labels) - sum(labels)
    rows = []
    for code in codes:
        called = []
        for v in verdicts:
            kept = [f for f in v.flags if f.code != code]
            rs = v.rule_score - sum(f.weight for f in v.flags if f.code == code)
            score = 1.0 / (1.0 + math.exp(-(ps.a * rs + ps.c)))
            called.append(bool(kept) and score >= ps.threshold)
        p, r, f1 = _prf(called, labels)
        flagged_f = sum(
            any(f.code == code for f in v.flags) for v, y in zip(verdicts, labels, strict=True) if y
        )
        flagged_g = sum(
            any(f.code == code for f in v.flags) for v, y in zip(verdicts, labels, strict=True) if not y
        )
        only = sum(v.fraudulent and not c and y for v, c, y in zip(verdicts, called, labels, strict=True))
        weight = next((f.weight for v in verdicts for f in v.flags if f.code == code), 0.0)
        src = sources.get(code, "")
        rows.append((f1 - base[2], code, src, weight, flagged_f, flagged_g, only, p, r, f1))
    for d, code, src, weight, ff, fg, only, p, r, f1 in sorted(rows):
        lines.append(
            f"| `{code}` | {src} | {weight:.2f} | {ff}/{n_f} | {fg}/{n_g} | {only} | {p:.3f} / {r:.3f} / {f1:.3f} "
            f"| {d:+.3f} |"
        )
    lines.append(f"| (all rules) | | | | | | {base[0]:.3f} / {base[1]:.3f} / {base[2]:.3f} | |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
