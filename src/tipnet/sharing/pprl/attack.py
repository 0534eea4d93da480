"""Frequency attacks on Bloom-filter encodings, to test the hardening (tests and benchmarks use them).

The attacker is the linkage unit: it holds the encodings and the public schema (so it knows each
field's segment) but not the secret, and it knows how often names occur in the population (a census
or voter list). Two published kinds of attack are modelled:

- pattern frequency alignment (Kuzu et al. 2011; Niedermeyer et al. 2014): count equal bit patterns
  (whole filters, or one field's segment) and give the i-th most frequent pattern the i-th most
  frequent name;
- frequent bit-set mining (Christen, Ranbaduge, Vatsalan and Schnell 2017-2018): the positions a
  frequent value sets are set together in all its records; grow, from the most frequent bit, the set
  of positions with the largest joint support, and give the records that hold all of it the most
  frequent name.

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


def frequent_bits(segment: np.ndarray, name: str, width: int) -> dict[str, np.ndarray]:
    """Rows labelled `name` (the most frequent name) by a greedily grown set of `width` positions of
    largest joint support, started at the most frequent position."""
    bits = np.unpackbits(segment, axis=1).astype(bool)
    present = bits.any(axis=1)
    bits = bits[present]
    rows = np.nonzero(present)[0]
    chosen = [int(np.argmax(bits.sum(axis=0)))]
    holders = bits[:, chosen[0]]
    for _ in range(width - 1):
        support = bits[holders].sum(axis=0)
        support[chosen] = -1
        nxt = int(np.argmax(support))
        chosen.append(nxt)
        holders = holders & bits[:, nxt]
    return {name: rows[holders]}


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
