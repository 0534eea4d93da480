"""Frequency attacks on Bloom-filter encodings, to test the hardening (tests and benchmarks use them).

The attacker is the linkage unit: it holds the encodings and the public schema (so it knows each
field's segment and how names are salted) but not the secret, and it knows how often names occur in
the population (a census or voter list). Three published kinds of attack are modelled:

- pattern frequency alignment (Kuzu et al. 2011; Niedermeyer et al. 2014): count equal bit patterns
  (whole filters, or one field's segment) and give the i-th most frequent pattern the i-th most
  frequent name;
- frequent bit-set mining (Christen, Ranbaduge, Vatsalan and Schnell 2017-2018): the positions a
  frequent value sets are set together in all its records. From the most frequent bit not used yet,
  grow greedily the set of positions of largest joint support, give the records holding all of it the
  next most frequent name, drop them and the positions, and repeat for the next name;
- similarity-graph clustering (after Vidanage, Ranbaduge, Christen and Schnell 2020): the linkage
  unit matches the file against itself, as it would match two files; records whose segments are
  similar (Dice ≥ a threshold) are joined, and the i-th largest group gets the i-th most frequent
  name. It needs no bit-level structure at all, so BLIP noise and XOR-folding that keep records
  linkable do not stop it; only a salt that makes equal names rare in one file does.

- shared-word pairs (session 13, after the same-day namesakes the clustering attack found): two
  records that share many positions (a whole word's, salted alike) without being near-identical share
  one word of the name and not the others: namesakes of one surname born the same day, when names are
  salted with the date word by word. Such pairs are far more often the most frequent surname than its
  share of the records (birthday paradox: a pair needs two holders), so all their records get that
  name. BLIP noise does not hide a word's dozen positions.

Each returns, per name, the records the attacker labels with it; `success` compares the share labelled
right with what labelling the same records at random (by the names' frequencies) would achieve.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np


def pattern_alignment(
    segment: np.ndarray, names_by_frequency: Sequence[str], top: int
) -> dict[str, np.ndarray]:
    """Rows of `segment` (records x bytes) labelled by aligning the `top` most frequent patterns
    with the `top` most frequent names. Empty patterns (the field unknown) are skipped."""
    keys = [bytes(r) for r in segment]
    counts = Counter(k for k in keys if any(k))
    out: dict[str, np.ndarray] = {}
    for (pattern, _n), name in zip(counts.most_common(top), names_by_frequency[:top], strict=False):
        out[name] = np.array([i for i, k in enumerate(keys) if k == pattern], dtype=np.int64)
    return out


def frequent_bits(
    segment: np.ndarray, names_by_frequency: Sequence[str], top: int = 1, width: int = 8, starts: int = 16
) -> dict[str, np.ndarray]:
    """Rows labelled with each of the `top` most frequent names by iterated frequent bit-set mining:
    per name, a set of `width` positions grown greedily (largest joint support) from each of the
    `starts` most frequent positions not used by an earlier name, among the records not labelled yet;
    the set held by most records wins (a position shared by several values, a common letter pair,
    is frequent alone but not together with one value's other positions)."""
    bits = np.unpackbits(segment, axis=1).astype(bool)
    present = bits.any(axis=1)
    rows = np.nonzero(present)[0]
    bits = bits[present]
    left = np.ones(len(rows), dtype=bool)
    used = np.zeros(bits.shape[1], dtype=bool)
    out: dict[str, np.ndarray] = {}
    for name in names_by_frequency[:top]:
        support = bits[left].sum(axis=0).astype(np.int64)
        support[used] = -1
        best: tuple[int, list[int], np.ndarray] | None = None
        for first in np.argsort(-support, kind="stable")[:starts].tolist():
            if support[first] <= 0:
                break
            chosen = [int(first)]
            holders = left & bits[:, chosen[0]]
            for _ in range(width - 1):
                grow = bits[holders].sum(axis=0).astype(np.int64)
                grow[chosen] = -1
                nxt = int(np.argmax(grow))
                chosen.append(nxt)
                holders = holders & bits[:, nxt]
            held = int(holders.sum())
            if best is None or held > best[0]:
                best = (held, chosen, holders)
        if best is None:
            break
        _held, chosen, holders = best
        out[name] = rows[holders]
        used[chosen] = True
        left &= ~holders
    return out


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of n nodes joined by the edges (i, j) (union-find)."""
    parent = np.arange(n)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)])


def similarity_clusters(
    segment: np.ndarray, names_by_frequency: Sequence[str], top: int, threshold: float = 0.8
) -> dict[str, np.ndarray]:
    """Rows labelled by aligning the `top` largest groups of similar segments (Dice ≥ threshold,
    joined transitively) with the `top` most frequent names. Empty segments are skipped."""
    bits = np.unpackbits(segment, axis=1).astype(np.float32)
    count = bits.sum(axis=1)
    rows = np.nonzero(count > 0)[0]
    bits, count = bits[rows], count[rows]
    ei: list[np.ndarray] = []
    ej: list[np.ndarray] = []
    step = 1000
    for s in range(0, len(rows), step):
        inter = bits[s : s + step] @ bits.T
        dice = 2 * inter / (count[s : s + step, None] + count[None, :])
        i, j = np.nonzero(dice >= threshold)
        keep = i + s < j
        ei.append(i[keep] + s)
        ej.append(j[keep])
    label = _components(len(rows), np.concatenate(ei), np.concatenate(ej))
    sizes = Counter(label.tolist())
    out: dict[str, np.ndarray] = {}
    for (group, _n), name in zip(sizes.most_common(top), names_by_frequency[:top], strict=False):
        out[name] = rows[label == group]
    return out


def shared_words(
    segment: np.ndarray, names_by_frequency: Sequence[str], least: int = 13, below: float = 0.7
) -> dict[str, np.ndarray]:
    """Rows of every pair of records sharing at least `least` set positions with Dice < `below` (one
    word of the name in common, not the whole name), all labelled with the most frequent name."""
    bits = np.unpackbits(segment, axis=1).astype(np.float32)
    count = bits.sum(axis=1)
    rows = np.nonzero(count > 0)[0]
    bits, count = bits[rows], count[rows]
    hit = np.zeros(len(rows), dtype=bool)
    step = 1000
    for s in range(0, len(rows), step):
        inter = bits[s : s + step] @ bits.T
        dice = 2 * inter / (count[s : s + step, None] + count[None, :])
        i, j = np.nonzero((inter >= least) & (dice < below))
        hit[i + s] = True
        hit[j] = True
    return {names_by_frequency[0]: rows[hit]} if names_by_frequency and hit.any() else {}


def success(labels: dict[str, np.ndarray], truth: Sequence[str]) -> tuple[float, float, int]:
    """(share labelled right, share a random labelling by name frequency gets right, records labelled)."""
    freq = Counter(truth)
    total = len(truth)
    right = chance = 0.0
    n = 0
    for name, rows in labels.items():
        n += len(rows)
        right += sum(1 for r in rows if truth[r] == name)
        chance += len(rows) * freq[name] / total
    return (right / n if n else 0.0, chance / n if n else 0.0, n)
