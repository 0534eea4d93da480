"""How resolved identities compare with a known truth: pairwise and B-cubed precision and recall.

Pure, over any record keys: the demo scores the store's persons, the benchmarks the simulator's records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def cluster_scores(cluster_of: Mapping[Key, str], truth_of: Mapping[Key, str]) -> dict[str, float]:
    """Pairwise precision/recall of the pairs each cluster implies, and B-cubed precision/recall
    (per record: the share of its cluster that is the same person, and of its person in its cluster).
    Records without a truth are left out."""
    by_cluster: dict[str, list[Key]] = defaultdict(list)
    by_truth: dict[str, list[Key]] = defaultdict(list)
    for key, cluster in cluster_of.items():
        if key in truth_of:
            by_cluster[cluster].append(key)
            by_truth[truth_of[key]].append(key)
    tp = sum(_pairs(n) for g in by_cluster.values() for n in Counter(truth_of[k] for k in g).values())
    predicted = sum(_pairs(len(g)) for g in by_cluster.values())
    actual = sum(_pairs(len(g)) for g in by_truth.values())
    bp = br = 0.0
    for g in by_cluster.values():
        counts = Counter(truth_of[k] for k in g)
        for k in g:
            bp += counts[truth_of[k]] / len(g)
            br += counts[truth_of[k]] / len(by_truth[truth_of[k]])
    n = max(1, sum(len(g) for g in by_cluster.values()))
    return {
        "pair_precision": tp / predicted if predicted else 1.0,
        "pair_recall": tp / actual if actual else 1.0,
        "bcubed_precision": bp / n,
        "bcubed_recall": br / n,
    }
