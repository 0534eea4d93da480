"""Score tipnet's output against the truth of the second independent set (issue 13).

    python bench/independent2/score.py linkage --data /tmp/ind2 --split test --run OUT_DIR
    python bench/independent2/score.py screening --data /tmp/ind2 --split test --hits hits.jsonl

Linkage: pairwise precision / recall / F1 of the links (pairs.csv) and of the pairs inside clusters
(clusters.csv), broken down by the scripts of the two records, by how sparse they are and by the
variations applied; a threshold sweep and a reliability table over pairs.csv + review.csv.
Screening: hit-level precision / recall at thresholds (hits of `tipnet screen --json`), the lowest
threshold with precision >= 0.95, a reliability table and the namesake share of false hits.
Pure Python; reads only CSV/JSON files (no tipnet import).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

BINS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp and (p + r) else 0.0
    return p, r, f


def fmt(x: float) -> str:
    return "—" if x != x else f"{x:.3f}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def reliability(scored: list[tuple[float, bool]], lo: float = 0.0) -> list[tuple[str, int, float]]:
    out = []
    for a, b in itertools.pairwise(BINS):
        if b <= lo:
            continue
        xs = [ok for s, ok in scored if a <= s < b]
        if xs:
            out.append((f"{a:.2f}–{min(b, 1.0):.2f}", len(xs), sum(xs) / len(xs)))
    return out


# ------------------------------------------------------------------------------------ linkage
def linkage(a: argparse.Namespace) -> dict:
    truth = [t for t in read_csv(a.data / "truth" / "records_truth.csv") if t["split"] == a.split]
    info = {t["record_id"]: t for t in truth}
    recs = {r["record_id"]: r for r in read_csv(a.data / f"records_{a.split}.csv")}
    by_person: dict[str, list[str]] = defaultdict(list)
    for t in truth:
        by_person[t["person_id"]].append(t["record_id"])
    true_pairs = {key(x, y) for ids in by_person.values() for x, y in itertools.combinations(ids, 2)}

    scored: dict[tuple[str, str], float] = {}
    for fname in ("pairs.csv", "review.csv"):
        p = a.run / fname
        if p.exists():
            for row in read_csv(p):
                scored[key(row["id_l"], row["id_r"])] = float(row["match_probability"])
    links = {k for k, s in scored.items() if s >= a.threshold}
    # pairs.csv is what the tool links; take it as is (analyst decisions, cut bridges...)
    link_rows = read_csv(a.run / "pairs.csv")
    links = {key(r["id_l"], r["id_r"]) for r in link_rows}
    clusters: dict[str, list[str]] = defaultdict(list)
    for row in read_csv(a.run / "clusters.csv"):
        clusters[row["cluster_id"]].append(row["id"])
    cluster_pairs = {key(x, y) for ids in clusters.values() for x, y in itertools.combinations(ids, 2)}
    rejected = (
        {r["id"] for r in read_csv(a.run / "rejects.csv")} if (a.run / "rejects.csv").exists() else set()
    )

    def summary(pred: set[tuple[str, str]]) -> dict:
        tp = len(pred & true_pairs)
        fp = len(pred - true_pairs)
        fn = len(true_pairs - pred)
        p, r, f = prf(tp, fp, fn)
        return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}

    res: dict = {
        "records": len(truth),
        "people": len(by_person),
        "true_pairs": len(true_pairs),
        "rejected_records": len(rejected),
        "links": summary(links),
        "cluster_pairs": summary(cluster_pairs),
    }

    def group_table(label_of) -> list[dict]:  # type: ignore[no-untyped-def]
        g: dict[str, Counter] = defaultdict(Counter)
        for k in true_pairs:
            g[label_of(*k)]["fn" if k not in links else "tp"] += 1
        for k in links - true_pairs:
            g[label_of(*k)]["fp"] += 1
        rows = []
        for lab, c in sorted(g.items(), key=lambda kv: -(kv[1]["tp"] + kv[1]["fn"])):
            p, r, f = prf(c["tp"], c["fp"], c["fn"])
            rows.append(
                {
                    "group": lab,
                    "true": c["tp"] + c["fn"],
                    "tp": c["tp"],
                    "fp": c["fp"],
                    "fn": c["fn"],
                    "precision": p,
                    "recall": r,
                    "f1": f,
                }
            )
        return rows

    def script_pair(x: str, y: str) -> str:
        return "/".join(sorted((info[x]["script"], info[y]["script"])))

    def sparsity_pair(x: str, y: str) -> str:
        return "/".join(sorted((info[x]["sparsity"], info[y]["sparsity"])))

    def evidence(x: str, y: str) -> str:
        """The strongest identifier the two written records share (what a matcher could use)."""
        rx, ry = recs[x], recs[y]
        dx = re.sub(r"[^0-9A-Z]", "", rx["document_number"].upper())
        dy = re.sub(r"[^0-9A-Z]", "", ry["document_number"].upper())
        if dx and dx == dy:
            return "same document"
        px, py = re.sub(r"\D", "", rx["phone"])[-8:], re.sub(r"\D", "", ry["phone"])[-8:]
        if px and px == py:
            shared = "shared_phone" in info[x]["tags"] or "shared_phone" in info[y]["tags"]
            return "same phone (a shared one)" if shared else "same phone (own)"
        bx, by = rx["birth_date"], ry["birth_date"]
        if len(bx) > 4 and bx == by:
            return "same full birth date (as written)"
        if bx and by and (bx[-4:] == by[-4:] or bx[:4] == by[:4]):
            return "same birth year only"
        return "name only (nothing else shared)"

    res["by_shared_evidence"] = group_table(evidence)

    def evidence_and_rarity(x: str, y: str) -> str:
        ev = evidence(x, y)
        if info[x]["person_id"] != info[y]["person_id"] or "name_people" not in info[x]:
            return ev
        n = int(info[x]["name_people"])
        return f"{ev}, name held by {'1 person' if n == 1 else '2-4 people' if n <= 4 else '5+ people'}"

    res["by_evidence_and_name_rarity"] = group_table(evidence_and_rarity)
    res["by_script_pair"] = group_table(script_pair)
    res["by_sparsity_pair"] = group_table(sparsity_pair)
    res["by_nationality"] = group_table(
        lambda x, y: (
            info[x]["nationality_true"]
            if info[x]["person_id"] == info[y]["person_id"]
            else "different people"
        )
    )
    # recall by variation (either record carries the tag)
    tag_c: dict[str, Counter] = defaultdict(Counter)
    for k in true_pairs:
        tags = set(info[k[0]]["tags"].split("|")) | set(info[k[1]]["tags"].split("|"))
        for t in tags - {""}:
            tag_c[t]["tp" if k in links else "fn"] += 1
    res["recall_by_tag"] = sorted(
        (
            {"tag": t, "true": c["tp"] + c["fn"], "recall": c["tp"] / (c["tp"] + c["fn"])}
            for t, c in tag_c.items()
        ),
        key=lambda d: d["recall"],
    )

    # false links by how the two people's true names relate (truth's name_key: passport spelling)
    def name_relation(x: str, y: str) -> str:
        kx, ky = info[x].get("name_key", ""), info[y].get("name_key", "")
        tx, ty = kx.split(), ky.split()
        if not tx or not ty:
            return "unknown"
        if kx == ky:
            return "namesakes (same full name)"
        if sorted(tx) == sorted(ty):
            return "same words, other order"
        if set(tx) < set(ty) or set(ty) < set(tx):
            return "one name inside the other"
        if set(tx) & set(ty):
            return "share a word"
        return "names differ"

    relation: Counter = Counter()
    for x, y in links - true_pairs:
        same_nat = info[x]["nationality_true"]
        shared = bool(re.sub(r"\D", "", recs[x]["phone"])[-8:]) and (
            re.sub(r"\D", "", recs[x]["phone"])[-8:] == re.sub(r"\D", "", recs[y]["phone"])[-8:]
        )
        relation[f"{name_relation(x, y)}{' + same phone' if shared else ''} [{same_nat}]"] += 1
    res["false_links_by_name_relation"] = relation.most_common()
    # false links: same name? shared phone?
    fp_kinds: Counter = Counter()
    for x, y in links - true_pairs:
        rx, ry = recs[x], recs[y]
        same_phone = bool(rx["phone"] and ry["phone"] and rx["phone"][-6:] == ry["phone"][-6:])
        same_name = rx["name"].casefold().strip() == ry["name"].casefold().strip()
        same_nat = info[x]["nationality_true"] == info[y]["nationality_true"]
        kind = ("same phone" if same_phone else "") + (" same written name" if same_name else "")
        fp_kinds[(kind.strip() or "other") + ("" if same_nat else " (different nationality)")] += 1
    res["false_link_kinds"] = fp_kinds.most_common()
    # sweep and reliability over everything scored
    sweep = []
    for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99):
        pred = {k for k, s in scored.items() if s >= t}
        s = summary(pred)
        sweep.append({"threshold": t, **s})
    res["sweep_scored_pairs"] = sweep
    res["reliability"] = reliability([(s, k in true_pairs) for k, s in scored.items()], lo=0.5)
    # examples
    rnd = random.Random(a.seed)
    misses = sorted(true_pairs - links)
    fps = sorted(links - true_pairs)
    show = ["name", "birth_date", "gender", "nationality", "document_number", "phone", "address"]

    def ex(k: tuple[str, str]) -> dict:
        return {
            "pair": k,
            "score": scored.get(k),
            "same_person": k in true_pairs,
            "a": {"agency": recs[k[0]]["agency"], **{f: recs[k[0]][f] for f in show if recs[k[0]][f]}},
            "b": {"agency": recs[k[1]]["agency"], **{f: recs[k[1]][f] for f in show if recs[k[1]][f]}},
            "tags": [info[k[0]]["tags"], info[k[1]]["tags"]],
        }

    res["examples_missed"] = [ex(k) for k in rnd.sample(misses, min(a.examples, len(misses)))]
    res["examples_false"] = [ex(k) for k in rnd.sample(fps, min(a.examples, len(fps)))]
    # misses with a score under the threshold vs never scored (not a candidate / under review-low)
    res["misses_scored_below_threshold"] = sum(1 for k in misses if k in scored)
    res["misses_unscored"] = sum(1 for k in misses if k not in scored)
    return res


def print_linkage(res: dict) -> None:
    print(
        f"records {res['records']}, people {res['people']}, true pairs {res['true_pairs']}, rejected {res['rejected_records']}"
    )
    for k in ("links", "cluster_pairs"):
        s = res[k]
        print(
            f"{k:14s} P {fmt(s['precision'])} R {fmt(s['recall'])} F1 {fmt(s['f1'])}  (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
        )
    print(
        f"misses: {res['misses_scored_below_threshold']} scored below the threshold (>= review floor), {res['misses_unscored']} never scored >= review floor"
    )
    for title in (
        "by_script_pair",
        "by_sparsity_pair",
        "by_shared_evidence",
        "by_evidence_and_name_rarity",
        "by_nationality",
    ):
        print(f"\n| {title} | true pairs | P | R | F1 | FP |\n|---|---:|---:|---:|---:|---:|")
        for r in res[title]:
            print(
                f"| {r['group']} | {r['true']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['f1'])} | {r['fp']} |"
            )
    print("\n| variation (either record) | true pairs | recall |\n|---|---:|---:|")
    for r in res["recall_by_tag"]:
        print(f"| {r['tag']} | {r['true']} | {fmt(r['recall'])} |")
    print("\nfalse links:", res["false_link_kinds"])
    print("\n| false links: how the true names relate [nationality of the first] | links |\n|---|---:|")
    for lab, n in res["false_links_by_name_relation"]:
        print(f"| {lab} | {n} |")
    print("\n| threshold | P | R | F1 |\n|---:|---:|---:|---:|")
    for r in res["sweep_scored_pairs"]:
        print(f"| {r['threshold']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {fmt(r['f1'])} |")
    print("\n| match probability | pairs | observed precision |\n|---|---:|---:|")
    for b, n, p in res["reliability"]:
        print(f"| {b} | {n} | {fmt(p)} |")


# ---------------------------------------------------------------------------------- screening
def screening(a: argparse.Namespace) -> dict:
    et = {t["entry_id"]: t for t in read_csv(a.data / "truth" / "watchlist_truth.csv")}
    tt = {
        t["traveller_id"]: t
        for t in read_csv(a.data / "truth" / "travellers_truth.csv")
        if t["split"] == a.split
    }
    entries = {e["id"]: e for e in read_csv(a.data / f"watchlist_{a.split}.csv")}
    travellers = {t["id"]: t for t in read_csv(a.data / f"travellers_{a.split}.csv")}
    truth = {
        (tid, eid) for tid, t in tt.items() for eid in t["true_entries"].split(";") if eid and eid in entries
    }
    hits: dict[tuple[str, str], float] = {}
    screened = set()
    with a.hits.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            screened.add(obj["id"])
            for h in obj["hits"]:
                k = (obj["id"], h["entry_id"])
                hits[k] = max(hits.get(k, 0.0), float(h["score"]))

    def at(t: float) -> dict:
        pred = {k for k, s in hits.items() if s >= t}
        tp, fp, fn = len(pred & truth), len(pred - truth), len(truth - pred)
        p, r, f = prf(tp, fp, fn)
        fp_namesake = sum(1 for k in pred - truth if tt.get(k[0], {}).get("kind") == "namesake")
        return {
            "threshold": t,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": p,
            "recall": r,
            "f1": f,
            "fp_on_namesakes": fp_namesake,
            "hits": len(pred),
        }

    res: dict = {
        "travellers": len(tt),
        "screened": len(screened),
        "entries": len(entries),
        "true_hits": len(truth),
        "kinds": Counter(t["kind"] for t in tt.values()),
    }
    res["default"] = at(a.default_threshold) if a.default_threshold is not None else None
    grid = sorted({round(x / 100, 2) for x in range(5, 100, 5)} | {0.96, 0.97, 0.98, 0.99})
    res["sweep"] = [at(t) for t in grid]
    ok = [
        s
        for s in (at(round(x / 1000, 3)) for x in range(0, 1000, 5))
        if s["precision"] == s["precision"] and s["precision"] >= 0.95
    ]
    res["lowest_threshold_p95"] = ok[0] if ok else None
    res["reliability"] = reliability([(s, k in truth) for k, s in hits.items()])
    # recall by script pair and entry birth date; precision on namesakes
    thr = a.default_threshold if a.default_threshold is not None else 0.5
    pred = {k for k, s in hits.items() if s >= thr}
    grp: dict[str, Counter] = defaultdict(Counter)
    for tid, eid in truth:
        lab = f"{et[eid]['script']} entry / {tt[tid]['script']} traveller"
        grp[lab]["tp" if (tid, eid) in pred else "fn"] += 1
    for tid, eid in pred - truth:
        lab = f"{et[eid]['script']} entry / {tt[tid]['script']} traveller"
        grp[lab]["fp"] += 1
    res["by_script_pair"] = []
    for lab, c in sorted(grp.items(), key=lambda kv: -(kv[1]["tp"] + kv[1]["fn"])):
        p, r, _f = prf(c["tp"], c["fp"], c["fn"])
        res["by_script_pair"].append(
            {"group": lab, "true": c["tp"] + c["fn"], "precision": p, "recall": r, "fp": c["fp"]}
        )
    dob: dict[str, Counter] = defaultdict(Counter)
    for tid, eid in truth:
        dob[et[eid]["dob_given"]]["tp" if (tid, eid) in pred else "fn"] += 1
    for _tid, eid in pred - truth:
        dob[et[eid]["dob_given"]]["fp"] += 1
    res["by_entry_birth_date"] = {k: dict(v) for k, v in dob.items()}
    fp_kind = Counter(tt[k[0]]["kind"] for k in pred - truth if k[0] in tt)
    res["false_hits_by_traveller_kind"] = dict(fp_kind)
    nat = Counter()
    for tid, _eid in pred - truth:
        nat[travellers[tid]["nationality"]] += 1
    res["false_hits_by_nationality"] = dict(nat.most_common())
    rnd = random.Random(a.seed)

    def ex(k: tuple[str, str]) -> dict:
        e, t = entries[k[1]], travellers[k[0]]
        return {
            "traveller": {f: t[f] for f in ("name", "birth_date", "nationality", "gender") if t[f]},
            "entry": {
                f: e[f]
                for f in ("name", "aliases", "birth_date", "nationality", "gender", "document_number")
                if e[f]
            },
            "score": hits.get(k),
            "kind": tt[k[0]]["kind"],
        }

    res["examples_missed"] = [
        ex(k) for k in rnd.sample(sorted(truth - pred), min(a.examples, len(truth - pred)))
    ]
    res["examples_false"] = [
        ex(k) for k in rnd.sample(sorted(pred - truth), min(a.examples, len(pred - truth)))
    ]
    return res


def print_screening(res: dict) -> None:
    print(
        f"travellers {res['travellers']} (screened {res['screened']}), entries {res['entries']}, true hits {res['true_hits']}, kinds {dict(res['kinds'])}"
    )
    if res["default"]:
        d = res["default"]
        print(
            f"default threshold {d['threshold']}: P {fmt(d['precision'])} R {fmt(d['recall'])} F1 {fmt(d['f1'])} (fp {d['fp']}, of them on namesakes {d['fp_on_namesakes']})"
        )
    q = res["lowest_threshold_p95"]
    if q:
        print(
            f"lowest threshold with P>=0.95: {q['threshold']}: P {fmt(q['precision'])} R {fmt(q['recall'])}"
        )
    print("\n| threshold | hits | P | R | F1 | FP on namesakes |\n|---:|---:|---:|---:|---:|---:|")
    for s in res["sweep"]:
        print(
            f"| {s['threshold']} | {s['hits']} | {fmt(s['precision'])} | {fmt(s['recall'])} | {fmt(s['f1'])} | {s['fp_on_namesakes']} |"
        )
    print("\n| score | hits | observed precision |\n|---|---:|---:|")
    for b, n, p in res["reliability"]:
        print(f"| {b} | {n} | {fmt(p)} |")
    print("\n| scripts | true hits | P | R | FP |\n|---|---:|---:|---:|---:|")
    for r in res["by_script_pair"]:
        print(f"| {r['group']} | {r['true']} | {fmt(r['precision'])} | {fmt(r['recall'])} | {r['fp']} |")
    print("\nby entry birth date:", res["by_entry_birth_date"])
    print("false hits by traveller kind:", res["false_hits_by_traveller_kind"])
    print("false hits by nationality:", res["false_hits_by_nationality"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    lk = sub.add_parser("linkage")
    lk.add_argument("--run", type=Path, required=True, help="the --out folder of tipnet link csv")
    lk.add_argument("--threshold", type=float, default=0.8)
    sc = sub.add_parser("screening")
    sc.add_argument(
        "--hits", type=Path, required=True, help="tipnet screen --json output (run at a low threshold)"
    )
    sc.add_argument("--default-threshold", type=float, default=None)
    for p in (lk, sc):
        p.add_argument("--data", type=Path, required=True)
        p.add_argument("--split", default="test", choices=("test", "calibration"))
        p.add_argument("--examples", type=int, default=20)
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--json", type=Path, default=None, help="write the full result (with examples) here")
    a = ap.parse_args()
    res = linkage(a) if a.what == "linkage" else screening(a)
    (print_linkage if a.what == "linkage" else print_screening)(res)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
