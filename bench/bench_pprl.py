"""PPRL accuracy on independent data, side by side with the anchor and with plaintext linkage (issue 18).

    .venv/bin/python bench/bench_pprl.py [--anchor-python /work/anchor-venv/bin/python] [--json OUT]
        [--profile salted|unsalted] [--only-tipnet] [--link-own] [--no-learnt-too]

Data: `bench/independent/generate.py` (written without reading tipnet's simulator), seed 13 (2,000 people)
and the unseen seed 31. Two parties: A = immigration and police records, B = NGO, hotline and bank
records (each keeps every column it has). Truth: the record pairs across A and B of one person (a person
may have several records per party: one-to-many). Each method runs once at a low threshold; its
threshold is chosen on the seed-13 **calibration** split (the best F1 at precision ≥ 0.95, and the best
F1) and applied unchanged to the test split and to seed 31.

Methods: (1) `tipnet pprl encode` + `tipnet pprl match` (one shared secret); (2) the anchor, clkhash 0.18
+ anonlink 0.15 with a standard schema (bench/pprl_anchor.py, in its own venv); (3) tipnet's plaintext
linkage, `tipnet link csv A.csv B.csv` with its defaults. Recall is also given on the true pairs where
exactly one record writes the name in a native script (Khmer, Thai, Lao, Burmese, Han).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
A_AGENCIES = {"immigration", "police"}
COLUMNS = ["record_id", "name", "given_name", "family_name", "birth_date", "gender", "nationality",
           "document_number", "phone"]  # fmt: skip
NATIVE = ((0x1780, 0x17FF), (0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x4E00, 0x9FFF))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def native(row: dict[str, str]) -> bool:
    text = row["name"] + row["given_name"] + row["family_name"]
    return any(lo <= ord(c) <= hi for c in text for lo, hi in NATIVE)


def make_parties(data: Path, out: Path) -> dict[str, object]:
    """A.csv and B.csv from the generated records; the truth pairs across them."""
    rows = _read(data / "linkage/records.csv")
    truth = {r["record_id"]: r["person_id"] for r in _read(data / "linkage/truth.csv")}
    split = {r["person_id"]: r["split"] for r in _read(data / "linkage/split.csv")}
    out.mkdir(parents=True, exist_ok=True)
    sides: dict[str, list[dict[str, str]]] = {"A": [], "B": []}
    for r in rows:
        sides["A" if r["agency"] in A_AGENCIES else "B"].append(r)
    for side, recs in sides.items():
        with (out / f"{side}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows([r[c] for c in COLUMNS] for r in recs)
    by_person: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for r in sides["A"]:
        by_person[truth[r["record_id"]]][0].append(r["record_id"])
    for r in sides["B"]:
        by_person[truth[r["record_id"]]][1].append(r["record_id"])
    is_native = {r["record_id"]: native(r) for r in rows}
    pairs = {(a, b) for la, lb in by_person.values() for a in la for b in lb}
    return {
        "truth": truth,
        "split": split,
        "pairs": pairs,
        "native_pairs": {(a, b) for a, b in pairs if is_native[a] != is_native[b]},
        "records": {k: len(v) for k, v in sides.items()},
    }


def _run(cmd: list[str], **kw: object) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - t


def run_tipnet(
    work: Path, secret: Path, profile: str = "salted", extra: tuple[str, ...] = ()
) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    t = {}
    for side in ("A", "B"):
        t[f"encode_{side}"] = _run(
            ["tipnet", "pprl", "encode", str(work / f"{side}.csv"), "-c", "id=record_id",
             "--secret-file", str(secret), "--out", str(work / f"{side}.clk"), "--workers", "1",
             "--profile", profile, *extra]
        )  # fmt: skip
    t["match"] = _run(
        ["tipnet", "pprl", "match", str(work / "A.clk"), str(work / "B.clk"), "--out", str(work / "pprl"),
         "--threshold", "0.05"]
    )  # fmt: skip
    return {(r["a_id"], r["b_id"]): float(r["score"]) for r in _read(work / "pprl/matches.csv")}, t


def run_tipnet_schema(work: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The same encodings matched with the schema's score alone (`--no-learnt`)."""
    t = {"match": _run(
        ["tipnet", "pprl", "match", str(work / "A.clk"), str(work / "B.clk"), "--out",
         str(work / "pprl_schema"), "--threshold", "0.05", "--no-learnt"]
    )}  # fmt: skip
    return {(r["a_id"], r["b_id"]): float(r["score"]) for r in _read(work / "pprl_schema/matches.csv")}, t


def expand_own(work: Path, scores: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """`pprl expand` on A's side then B's, with the groups files `encode --link-own` wrote."""
    from tipnet.sharing.pprl.groups import expand, read_groups

    for side, name in ((0, "A"), (1, "B")):
        got = expand(scores, read_groups(work / f"{name}.clk.groups.csv"), side)
        scores = {k: s for k, (s, _added) in got.items()}
    return scores


def run_tipnet_lsh(work: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """The same encodings matched with LSH blocking (`--blocking lsh`) instead of in full."""
    t = {"match": _run(
        ["tipnet", "pprl", "match", str(work / "A.clk"), str(work / "B.clk"), "--out", str(work / "pprl_lsh"),
         "--threshold", "0.05", "--blocking", "lsh"]
    )}  # fmt: skip
    return {(r["a_id"], r["b_id"]): float(r["score"]) for r in _read(work / "pprl_lsh/matches.csv")}, t


def run_anchor(
    work: Path, secret: Path, python: str
) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    t = {"encode_and_match": _run(
        [python, str(HERE / "pprl_anchor.py"), str(work / "A.csv"), str(work / "B.csv"), str(secret),
         str(work / "anchor.csv"), "0.4"]
    )}  # fmt: skip
    return {(r["a_id"], r["b_id"]): float(r["score"]) for r in _read(work / "anchor.csv")}, t


def run_plain(work: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    t = {"link": _run(
        ["tipnet", "link", "csv", str(work / "A.csv"), str(work / "B.csv"), "--out", str(work / "plain"),
         "-c", "id=record_id", "--review-low", "0.01", "--workers", "1"]
    )}  # fmt: skip
    scores = {}
    for name in ("pairs.csv", "review.csv"):
        for r in _read(work / "plain" / name):
            scores[(r["id_l"], r["id_r"])] = float(r["match_probability"])
    return scores, t


def prf(scores: dict[tuple[str, str], float], truth_pairs: set[tuple[str, str]], th: float,
        keep: set[str] | None) -> tuple[float, float, float]:  # fmt: skip
    pred = {k for k, s in scores.items() if s >= th and (keep is None or k[0] in keep)}
    true = truth_pairs if keep is None else {k for k in truth_pairs if k[0] in keep}
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def choose(
    scores: dict[tuple[str, str], float], pairs: set[tuple[str, str]], keep: set[str]
) -> dict[str, float]:
    """Thresholds on the calibration records: best F1 with precision ≥ 0.95, and best F1."""
    cands = sorted({round(s, 4) for s in scores.values()})
    step = max(1, len(cands) // 400)
    best, best95 = (0.0, 1.0), (0.0, 1.0)
    for th in cands[::step]:
        p, _r, f = prf(scores, pairs, th, keep)
        if f > best[0]:
            best = (f, th)
        if p >= 0.95 and f > best95[0]:
            best95 = (f, th)
    return {"p95": best95[1], "best": best[1]}


def evaluate(name: str, scores: dict, data13: dict, data31: dict, scores31: dict) -> dict[str, object]:
    cal = {a for a in data13["truth"] if data13["split"][data13["truth"][a]] == "calibration"}
    test = {a for a in data13["truth"] if data13["split"][data13["truth"][a]] == "test"}
    ths = choose(scores, data13["pairs"], cal)
    out: dict[str, object] = {"thresholds": ths}
    for label, th in ths.items():
        row = {}
        for where, sc, d, keep in (("calibration", scores, data13, cal), ("test", scores, data13, test),
                                   ("seed31", scores31, data31, None)):  # fmt: skip
            p, r, f = prf(sc, d["pairs"], th, keep)
            _p, rn, _f = prf(sc, d["native_pairs"], th, keep)
            row[where] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                          "native_recall": round(rn, 3)}  # fmt: skip
        out[label] = row
    print(f"{name}: {json.dumps(out)}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--anchor-python", default="/work/anchor-venv/bin/python")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--profile", default="salted", help="tipnet pprl encode --profile (salted, unsalted)")
    ap.add_argument("--only-tipnet", action="store_true", help="skip the anchor and plaintext linkage")
    ap.add_argument(
        "--link-own",
        action="store_true",
        help="tipnet pprl encode --link-own (each party links its own records first)",
    )
    ap.add_argument("--lsh", action="store_true", help="also match tipnet's encodings with LSH blocking")
    ap.add_argument(
        "--no-learnt-too",
        action="store_true",
        help="also match the same encodings with `pprl match --no-learnt` (the schema's score alone)",
    )
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pprl-bench-"))
    secret = work / "secret.key"
    work.mkdir(parents=True, exist_ok=True)
    secret.write_text(os.urandom(32).hex(), encoding="utf-8")
    results: dict[str, object] = {
        "machine": os.uname().machine,
        "cpus": os.cpu_count(),
        "people": args.people,
    }
    data: dict[int, dict] = {}
    runs: dict[str, dict[int, dict]] = {
        "tipnet_pprl": {},
        "tipnet_pprl_lsh": {},
        "tipnet_pprl_expanded": {},  # --link-own: the matches expanded through each party's own groups
        "tipnet_pprl_no_learnt": {},  # --no-learnt-too: the same encodings, the schema's score alone
        "tipnet_pprl_no_learnt_expanded": {},
        "anchor": {},
        "plaintext": {},
    }
    timings: dict[str, dict[str, object]] = defaultdict(dict)
    for seed in (13, 31):
        gen = work / f"indep{seed}"
        if not (gen / "linkage/records.csv").exists():
            subprocess.run([sys.executable, str(HERE / "independent/generate.py"), "--people", str(args.people),
                            "--seed", str(seed), "--out", str(gen)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        w = work / f"parties{seed}"
        data[seed] = make_parties(gen, w)
        runs["tipnet_pprl"][seed], timings["tipnet_pprl"][seed] = run_tipnet(
            w, secret, args.profile, ("--link-own",) if args.link_own else ()
        )
        if args.link_own:
            runs["tipnet_pprl_expanded"][seed] = expand_own(w, runs["tipnet_pprl"][seed])
        if args.no_learnt_too:
            runs["tipnet_pprl_no_learnt"][seed], timings["tipnet_pprl_no_learnt"][seed] = run_tipnet_schema(w)
            if args.link_own:
                runs["tipnet_pprl_no_learnt_expanded"][seed] = expand_own(
                    w, runs["tipnet_pprl_no_learnt"][seed]
                )
        if args.lsh:
            runs["tipnet_pprl_lsh"][seed], timings["tipnet_pprl_lsh"][seed] = run_tipnet_lsh(w)
        if args.only_tipnet:
            continue
        runs["anchor"][seed], timings["anchor"][seed] = run_anchor(w, secret, args.anchor_python)
        runs["plaintext"][seed], timings["plaintext"][seed] = run_plain(w)
    results["records"] = {s: d["records"] for s, d in data.items()}
    results["true_pairs"] = {s: len(d["pairs"]) for s, d in data.items()}
    results["native_pairs"] = {s: len(d["native_pairs"]) for s, d in data.items()}
    results["profile"] = args.profile
    results["link_own"] = args.link_own
    for name, r in runs.items():
        if not r:
            continue
        results[name] = evaluate(name, r[13], data[13], data[31], r[31])
    results["seconds"] = timings
    text = json.dumps(results, indent=1, default=str)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
