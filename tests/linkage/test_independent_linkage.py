"""Linkage on records tipnet's simulator never wrote (issue 13): a small independent set, another seed
than the evaluation's (bench/independent), linked with the defaults."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from pathlib import Path

from tipnet.linkage.records import prepare_table
from tipnet.linkage.resolve import Options, resolve
from tipnet.linkage.tabular import read_input


def test_sparse_multi_script_records_link_with_precision(independent: Path) -> None:
    inp = read_input(independent / "linkage/records.csv", {"id": ["record_id"]}, label="a")
    prepared = prepare_table(inp.records)
    # nameless records with a phone, a document or a full birth date are kept
    assert len(prepared.rejected) < len(inp.records) * 0.01
    res = resolve([prepared], Options(workers=1))
    with (independent / "linkage/truth.csv").open(newline="", encoding="utf-8") as f:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(f)}
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, pid in truth.items():
        groups[pid].append(rid)
    true_pairs = {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}
    links = {tuple(sorted((p.uid_l, p.uid_r))) for p in res.links()}
    tp = len(links & true_pairs)
    precision, recall = tp / len(links), tp / len(true_pairs)
    # main before issue 13: precision 0.976, recall 0.418 on this set; after: 0.943, 0.611; with the
    # counted u, names without spaces, nationality beside the name and the threshold 0.8: 0.949, 0.636;
    # session 8: 0.944, 0.663. Since session 10 a pair resting on the name alone goes to review, not to a
    # link: 0.968, 0.585 (the links and the review queue together hold 0.756 of the true pairs, as before)
    assert precision >= 0.95 and recall >= 0.56, (precision, recall)
    shown = links | {tuple(sorted((p.uid_l, p.uid_r))) for p in res.review_queue()}
    assert len(shown & true_pairs) / len(true_pairs) >= 0.72
    assert res.training is not None
    refit = [s for s in res.training.sessions if "prior_from_scores" in s]
    assert refit and refit[0]["prior_from_scores"] > refit[0]["anchor_prior"]  # anchors miss most people
