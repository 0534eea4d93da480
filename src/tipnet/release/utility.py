"""Utility and risk of a release against the original: mean relative error of 1-, 2- and 3-way
counts, the share of rare original combinations the release reproduces (against chance), and a
linkage attack (re-identifying original people from a released row's quasi-identifiers)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np


def _encode(
    a: Sequence[Mapping[str, str]], b: Sequence[Mapping[str, str]], columns: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    sizes = []
    ea = np.empty((len(a), len(columns)), dtype=np.int64)
    eb = np.empty((len(b), len(columns)), dtype=np.int64)
    for j, c in enumerate(columns):
        values = sorted({r[c] for r in a} | {r[c] for r in b})
        idx = {v: i for i, v in enumerate(values)}
        ea[:, j] = [idx[r[c]] for r in a]
        eb[:, j] = [idx[r[c]] for r in b]
        sizes.append(len(values))
    return ea, eb, sizes


def mean_relative_errors(
    original: Sequence[Mapping[str, str]],
    released: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    ways: Sequence[int] = (1, 2, 3),
    min_count: int = 10,
) -> dict[int, float]:
    """For each way w: mean over every w-column combination and every cell with at least
    `min_count` original people of |released - original| / original (released scaled to the
    original's size)."""
    ea, eb, sizes = _encode(original, released, columns)
    scale = len(original) / max(1, len(released))
    out: dict[int, float] = {}
    for w in ways:
        errs: list[np.ndarray] = []
        for combo in combinations(range(len(columns)), w):
            shape = tuple(sizes[c] for c in combo)
            fa = np.ravel_multi_index(tuple(ea[:, c] for c in combo), shape)
            fb = np.ravel_multi_index(tuple(eb[:, c] for c in combo), shape)
            size = int(np.prod(shape))
            ca = np.bincount(fa, minlength=size)
            cb = np.bincount(fb, minlength=size) * scale
            keep = ca >= min_count
            if keep.any():
                errs.append(np.abs(cb[keep] - ca[keep]) / ca[keep])
        out[w] = float(np.concatenate(errs).mean()) if errs else 0.0
    return out


def rare_reproduced(
    original: Sequence[Mapping[str, str]],
    released: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    k: int = 11,
) -> tuple[float, int]:
    """Share of the original's rare combinations (fewer than k people, over `columns`) that appear
    in the release, and how many rare combinations there are."""
    orig = Counter(tuple(r[c] for c in columns) for r in original)
    rel = {tuple(r[c] for c in columns) for r in released}
    rare = [t for t, n in orig.items() if n < k]
    if not rare:
        return 0.0, 0
    return sum(1 for t in rare if t in rel) / len(rare), len(rare)


def linkage_attack(
    original: Sequence[Mapping[str, str]], released: Sequence[Mapping[str, str]], quasi: Sequence[str]
) -> float:
    """The attacker holds the original's quasi-identifiers of a person and looks her up in the
    release: the share of released rows whose quasi-identifier tuple points at exactly one original
    person (a claimed re-identification). Compared against chance, it must not be higher."""
    orig = Counter(tuple(r[c] for c in quasi) for r in original)
    if not released:
        return 0.0
    return sum(1 for r in released if orig.get(tuple(r[c] for c in quasi)) == 1) / len(released)


def independent_columns(
    rows: Sequence[Mapping[str, str]], columns: Sequence[str], n: int, seed: int = 0
) -> list[dict[str, str]]:
    """Chance: each column drawn on its own from its (exact, non-private) 1-way distribution."""
    rng = np.random.default_rng(seed)
    out: list[dict[str, str]] = [{} for _ in range(n)]
    for c in columns:
        counts = Counter(r[c] for r in rows)
        values = sorted(counts)
        p = np.array([counts[v] for v in values], dtype=float)
        draws = rng.choice(len(values), size=n, p=p / p.sum())
        for i, v in enumerate(draws):
            out[i][c] = values[v]
    return out


def bootstrap(rows: Sequence[Mapping[str, str]], n: int, seed: int = 0) -> list[dict[str, str]]:
    """A non-private resample with replacement: the floor of sampling error alone."""
    rng = np.random.default_rng(seed)
    return [dict(rows[i]) for i in rng.integers(0, len(rows), size=n)]


@dataclass
class RiskReport:
    mre: dict[int, float]
    rare_share: float
    rare_combinations: int
    rare_share_chance: float
    linkage: float
    linkage_chance: float

    def as_dict(self) -> dict[str, object]:
        """The *_independent_columns figures are a reference (rows drawn column by column), not the
        attack's verdict: a useful release keeps correlations and so meets more real combinations.
        The verdict is the membership check (train vs holdout)."""
        return {
            "mean_relative_error": {f"{w}-way": round(v, 4) for w, v in self.mre.items()},
            "rare_combinations": self.rare_combinations,
            "rare_reproduced_share": round(self.rare_share, 4),
            "rare_reproduced_share_independent_columns": round(self.rare_share_chance, 4),
            "linkage_unique_matches": round(self.linkage, 4),
            "linkage_unique_matches_independent_columns": round(self.linkage_chance, 4),
        }


def assess(
    original: Sequence[Mapping[str, str]],
    released: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    quasi: Sequence[str] | None = None,
    k: int = 11,
) -> RiskReport:
    quasi = list(quasi or columns)
    chance = independent_columns(original, columns, len(released) or len(original), seed=1)
    rare, nrare = rare_reproduced(original, released, columns, k)
    rare_c, _ = rare_reproduced(original, chance, columns, k)
    return RiskReport(
        mre=mean_relative_errors(original, released, columns),
        rare_share=rare,
        rare_combinations=nrare,
        rare_share_chance=rare_c,
        linkage=linkage_attack(original, released, quasi),
        linkage_chance=linkage_attack(original, chance, quasi),
    )


Z_ONE_SIDED = 2.326  # the membership check's significance: one-sided, alpha = 0.01


def exceeds(a: float, na: int, b: float, nb: int, factor: float = 1.0, delta: float = 0.0) -> bool:
    """Is the rate `a` (over na trials) significantly above factor x the rate `b` (over nb) plus
    delta? A one-sided test at Z_ONE_SIDED standard errors (normal approximation of two binomial
    proportions; with no trials on a side, that side is taken as exact)."""
    var = (a * (1 - a) / na if na else 0.0) + (factor**2 * b * (1 - b) / nb if nb else 0.0)
    return a - factor * b - delta > Z_ONE_SIDED * math.sqrt(var)


@dataclass
class MembershipReport:
    """A release made from `train` only, checked against people it never saw (`holdout`, drawn
    from the same population): a release that memorizes reproduces the rare combinations and
    re-identifies the people of train more often than those of holdout.

    Two verdicts, each a one-sided test at alpha = 0.01 over the counts below:
    - `above_chance`: train's rate is above holdout's (chance: what the release does for people it
      never saw). A differentially private release may be, by at most its guarantee.
    - `attack_fails`: train's rate stays within what the release's guarantee allows, for either
      measure: at most e^epsilon x holdout's + delta (the definition of (epsilon, delta)-DP applied to
      the event "this person's combination appears / is matched uniquely"). With epsilon = 0 (a
      release with no DP guarantee: a copy, a k-anonymous file) it is "not above chance"."""

    rare_train: float
    rare_holdout: float
    linkage_train: float
    linkage_holdout: float
    rare_train_n: int = 0  # rare combinations only train holds (the trials of rare_train)
    rare_holdout_n: int = 0
    released_n: int = 0  # released rows (the trials of the linkage rates)
    epsilon: float = 0.0
    delta: float = 0.0

    @property
    def above_chance(self) -> bool:
        return exceeds(self.rare_train, self.rare_train_n, self.rare_holdout, self.rare_holdout_n) or exceeds(
            self.linkage_train, self.released_n, self.linkage_holdout, self.released_n
        )

    @property
    def attack_fails(self) -> bool:
        f = math.exp(self.epsilon)
        return not (
            exceeds(self.rare_train, self.rare_train_n, self.rare_holdout, self.rare_holdout_n, f, self.delta)
            or exceeds(
                self.linkage_train, self.released_n, self.linkage_holdout, self.released_n, f, self.delta
            )
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "rare_reproduced_train": round(self.rare_train, 4),
            "rare_reproduced_holdout": round(self.rare_holdout, 4),
            "rare_combinations_train_holdout": [self.rare_train_n, self.rare_holdout_n],
            "linkage_unique_matches_train": round(self.linkage_train, 4),
            "linkage_unique_matches_holdout": round(self.linkage_holdout, 4),
            "released_rows": self.released_n,
            "above_chance": self.above_chance,
            "guarantee_epsilon_delta": [self.epsilon, self.delta],
            "attack_fails": self.attack_fails,
        }


def pooled(reports: Sequence[MembershipReport]) -> MembershipReport:
    """Several releases' checks as one: rates weighted by their trials, trials added up."""

    def rate(value: str, n: str) -> float:
        total = sum(getattr(r, n) for r in reports)
        return sum(getattr(r, value) * getattr(r, n) for r in reports) / total if total else 0.0

    return MembershipReport(
        rare_train=rate("rare_train", "rare_train_n"),
        rare_holdout=rate("rare_holdout", "rare_holdout_n"),
        linkage_train=rate("linkage_train", "released_n"),
        linkage_holdout=rate("linkage_holdout", "released_n"),
        rare_train_n=sum(r.rare_train_n for r in reports),
        rare_holdout_n=sum(r.rare_holdout_n for r in reports),
        released_n=sum(r.released_n for r in reports),
        epsilon=reports[0].epsilon,
        delta=reports[0].delta,
    )


def membership(
    train: Sequence[Mapping[str, str]],
    holdout: Sequence[Mapping[str, str]],
    released: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    quasi: Sequence[str] | None = None,
    k: int = 11,
    epsilon: float = 0.0,
    delta: float = 0.0,
) -> MembershipReport:
    """Rare combinations of train absent from holdout vs the reverse; unique quasi-identifier
    matches against each. `epsilon`, `delta`: the release's guarantee (0: none)."""
    quasi = list(quasi or columns)
    ct = Counter(tuple(r[c] for c in columns) for r in train)
    ch = Counter(tuple(r[c] for c in columns) for r in holdout)
    rel = {tuple(r[c] for c in columns) for r in released}
    only_t = [t for t, n in ct.items() if n < k and t not in ch]
    only_h = [t for t, n in ch.items() if n < k and t not in ct]

    def share(ts: list[tuple[str, ...]]) -> float:
        return sum(1 for t in ts if t in rel) / len(ts) if ts else 0.0

    return MembershipReport(
        rare_train=share(only_t),
        rare_holdout=share(only_h),
        linkage_train=linkage_attack(train, released, quasi),
        linkage_holdout=linkage_attack(holdout, released, quasi),
        rare_train_n=len(only_t),
        rare_holdout_n=len(only_h),
        released_n=len(released),
        epsilon=epsilon,
        delta=delta,
    )
