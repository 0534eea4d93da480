"""Differentially private synthetic data from noisy marginals (an MST/Private-PGM-style method).

1. Every 1-way and 2-way marginal is measured with OpenDP's discrete Gaussian mechanism (2% and
   68% of the budget), then made consistent (each column's counts estimated from every table that
   holds it; each pair table shifted to agree).
2. A maximum spanning tree over the noisy 2-way mutual information picks which columns depend on
   which (post-processing: free); each column gets its tree parent and grandparent.
3. The 3-way marginals (column, parent, grandparent) along the tree are measured (30%), and a pool
   of candidate rows (2 per released row) is sampled column by column from the conditionals,
   backing off to the 2-way and 1-way ones where a conditional holds too little mass to trust.
4. The pool's rows are weighted to fit every noisy measurement at once, raw and unclipped, each by
   its noise (least squares, Private-PGM's objective, solved by entropic mirror descent over the
   pool as support), and the released rows drawn by weight: the tree gives plausible rows, the fit
   all 1-, 2- and 3-way counts. The first version raked the pool to the clipped 2-way tables as if
   they were exact; that reproduced the noise in small cells (CTDC, epsilon 1: 0.19 / 0.32 mean
   relative error of 2-/3-way counts; the fit: see BENCHMARKS.md).

Privacy: a row added or removed changes one cell of each marginal by 1 (L2 sensitivity 1); the
budget is zCDP (rho), converted to (epsilon, delta) by OpenDP. Steps 2 and 4 only read the noisy
measurements (post-processing). The columns' value sets are taken as public (a codebook's
categories), as CTDC's are; pass `domain` to state them. Pure: rows in, rows out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np

SHARE_1WAY = 0.02
SHARE_2WAY = 0.68
SHARE_3WAY = 0.3
POOL = 4  # candidate rows sampled from the tree model per released row, before the fit: more support
# for the fit to move weight to (CTDC, epsilon 1: pool 2 -> 4 at 400 steps, 3-way 0.24 -> 0.23)
FIT_ITERATIONS = 500  # mirror descent steps; fewer stop short of the fit, more cost CPU (CTDC,
# epsilon 1, pool 2, 2-/3-way: 100 steps 0.17 / 0.27, 250 steps 0.15 / 0.25, 500 steps 0.13 / 0.24;
# with the sparse products 500 steps over a pool of 4 cost about 40 s of CPU; see BENCHMARKS.md)


def _gaussian(counts: np.ndarray, rho: float) -> np.ndarray:
    """Counts plus discrete Gaussian noise, zCDP rho for L2 sensitivity 1 (OpenDP)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    scale = math.sqrt(1.0 / (2.0 * rho))
    meas = dp.m.make_gaussian(dp.vector_domain(dp.atom_domain(T=int)), dp.l2_distance(T=float), scale=scale)
    assert meas.map(1.0) <= rho * (1 + 1e-9)
    flat = [int(v) for v in counts.ravel()]
    return np.asarray(meas(flat), dtype=float).reshape(counts.shape)


def epsilon_of(rho: float, delta: float) -> float:
    """(epsilon, delta)-DP of a rho-zCDP release, by OpenDP's conversion."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    scale = math.sqrt(1.0 / (2.0 * rho))
    meas = dp.c.make_zCDP_to_approxDP(
        dp.m.make_gaussian(dp.vector_domain(dp.atom_domain(T=int)), dp.l2_distance(T=float), scale=scale)
    )
    return float(meas.map(1.0).epsilon(delta))


@lru_cache(maxsize=64)
def rho_for(epsilon: float, delta: float) -> float:
    """The largest rho whose (epsilon, delta) conversion stays within `epsilon`."""
    if epsilon <= 0 or not 0 < delta < 1:
        raise ValueError("epsilon must be > 0 and delta in (0, 1)")
    lo, hi = 1e-8, epsilon
    for _ in range(60):
        mid = (lo + hi) / 2
        if epsilon_of(mid, delta) <= epsilon:
            lo = mid
        else:
            hi = mid
    return lo


@dataclass
class SyntheticReport:
    epsilon: float
    delta: float
    rho: float
    rows_in: int
    rows_out: int
    tree: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    measurements: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "epsilon": self.epsilon,
            "delta": self.delta,
            "rho": round(self.rho, 6),
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "measurements": self.measurements,
            "tree": [list(t) for t in self.tree],
        }


def _encode(
    rows: Sequence[Mapping[str, str]], columns: Sequence[str], domain: Mapping[str, Sequence[str]]
) -> np.ndarray:
    index = {c: {v: i for i, v in enumerate(domain[c])} for c in columns}
    data = np.empty((len(rows), len(columns)), dtype=np.int64)
    for r, row in enumerate(rows):
        for j, c in enumerate(columns):
            v = row[c]
            if v not in index[c]:
                raise ValueError(f"row {r + 1}, column {c}: value {v!r} is not in the stated domain")
            data[r, j] = index[c][v]
    return data


def _marginal(data: np.ndarray, cols: Sequence[int], sizes: Sequence[int]) -> np.ndarray:
    shape = tuple(sizes[c] for c in cols)
    flat = np.ravel_multi_index(tuple(data[:, c] for c in cols), shape)
    return np.bincount(flat, minlength=int(np.prod(shape))).reshape(shape)


def _mutual_information(table: np.ndarray) -> float:
    t = np.clip(table, 0, None)
    total = t.sum()
    if total <= 0:
        return 0.0
    p = t / total
    pa = p.sum(axis=1, keepdims=True)
    pb = p.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / (pa @ pb)), 0.0)
    return float(np.nansum(terms))


def _spanning_tree(d: int, weight: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Maximum spanning tree (Prim) as (child, parent) edges, root 0 first."""
    in_tree = {0}
    edges: list[tuple[int, int]] = []
    while len(in_tree) < d:
        best = max(
            ((a, b) for a in in_tree for b in range(d) if b not in in_tree),
            key=lambda e: weight[(min(e), max(e))],
        )
        edges.append((best[1], best[0]))
        in_tree.add(best[1])
    return edges


def _normalize(v: np.ndarray) -> np.ndarray | None:
    v = np.clip(v, 0, None)
    s = v.sum()
    return v / s if s > 0 else None


def _consistent(
    one: Mapping[int, np.ndarray],
    two: Mapping[tuple[int, int], np.ndarray],
    sizes: Sequence[int],
    rho1: float,
    rho2: float,
) -> dict[tuple[int, int], np.ndarray]:
    """Post-processing: each column's 1-way counts estimated from every measurement that holds it
    (its own, and the margins of its 15 pairs, weighted by inverse variance), then every pair table
    shifted so its margins agree with those estimates: less noise in the tree's conditionals."""
    var1 = 1.0 / (2.0 * rho1)
    var2 = 1.0 / (2.0 * rho2)
    est: dict[int, np.ndarray] = {}
    for j in one:
        acc = one[j] / var1
        wsum = np.full(sizes[j], 1.0 / var1)
        for (a, b), t in two.items():
            if j == a:
                acc = acc + t.sum(axis=1) / (var2 * sizes[b])
                wsum = wsum + 1.0 / (var2 * sizes[b])
            elif j == b:
                acc = acc + t.sum(axis=0) / (var2 * sizes[a])
                wsum = wsum + 1.0 / (var2 * sizes[a])
        est[j] = acc / wsum
    total = float(np.mean([e.sum() for e in est.values()]))
    for j in est:  # one total for all
        est[j] = est[j] + (total - est[j].sum()) / sizes[j]
    out: dict[tuple[int, int], np.ndarray] = {}
    for (a, b), t in two.items():
        t = t.astype(float)
        for _ in range(3):
            t = t + ((est[a] - t.sum(axis=1)) / sizes[b])[:, None]
            t = t + ((est[b] - t.sum(axis=0)) / sizes[a])[None, :]
        out[(a, b)] = t
    return out


def _fit(
    pool: np.ndarray,
    measurements: Sequence[tuple[tuple[int, ...], np.ndarray, float]],
    sizes: Sequence[int],
    total: float,
    iterations: int = FIT_ITERATIONS,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights on the pool's distinct rows minimizing sum over measurements of
    ||marginal(weights) - noisy||^2 / sigma^2 (post-processing), by entropic mirror descent with a
    backtracking step (as Private-PGM). Starts from the pool's own frequencies (the tree model), so
    a cell no measurement speaks for keeps the model's share. Returns (distinct rows, probabilities)."""
    from scipy.sparse import csr_matrix

    rows, counts = np.unique(pool, axis=0, return_counts=True)
    n = len(rows)
    blocks, targets, offset = [], [], 0
    for cols, noisy, sigma in measurements:
        shape = tuple(sizes[c] for c in cols)
        blocks.append(np.ravel_multi_index(tuple(rows[:, c] for c in cols), shape) + offset)
        offset += int(np.prod(shape))
        targets.append((noisy.ravel() / total, np.full(noisy.size, total / sigma)))
    index = np.concatenate(blocks)  # measurement cell of every (measurement, row)
    scale = np.concatenate([w for _, w in targets])
    y = np.concatenate([t for t, _ in targets]) * scale
    # The marginals as one sparse matrix (cell x distinct row, each entry the cell's weight 1/sigma):
    # a step is two sparse products, 3x faster than bincount over the tiled weights, so more steps
    # fit in a release's minute.
    a = csr_matrix((scale[index], (index, np.tile(np.arange(n), len(blocks)))), shape=(offset, n))
    at = a.T.tocsr()

    def residual(p: np.ndarray) -> np.ndarray:
        return np.asarray(a @ p) - y

    def gradient(r: np.ndarray) -> np.ndarray:
        return np.asarray(2 * (at @ r))

    p = counts / counts.sum()
    r = residual(p)
    loss, g = float(r @ r), gradient(r)
    step = 1.0 / max(1e-12, float(np.abs(g).max()))
    for _ in range(iterations):
        while True:
            q = p * np.exp(-step * (g - g.min()))
            q /= q.sum()
            rq = residual(q)
            lq = float(rq @ rq)
            if lq <= loss - 0.5 * float(g @ (p - q)) or step < 1e-30:
                break
            step /= 2
        p, r, loss = q, rq, lq
        g = gradient(r)
        step *= 2
    return rows, p


def _draw(rows: np.ndarray, prob: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n row indices by weight, by systematic sampling over the rows sorted by their values (tree
    order): every run of rows sharing leading values gets its expected count within one, where
    independent draws would add a sampling error of about its square root (CTDC: the floor a
    non-private bootstrap resample shows, 0.05 / 0.07 on 2-/3-way counts)."""
    order = np.lexsort(rows.T[::-1])
    cum = np.cumsum(prob[order]) * n
    points = rng.random() + np.arange(n)
    picked = order[np.minimum(np.searchsorted(cum, points, side="right"), len(order) - 1)]
    return rng.permutation(picked)  # released in no particular order, not sorted


def synthesize(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    epsilon: float,
    delta: float = 1e-6,
    n_out: int | None = None,
    domain: Mapping[str, Sequence[str]] | None = None,
    seed: int | None = None,
    iterations: int = FIT_ITERATIONS,
) -> tuple[list[dict[str, str]], SyntheticReport]:
    """An (epsilon, delta)-DP synthetic table over `columns` (n_out rows, default: a noisy count)."""
    columns = list(columns)
    if len(columns) < 2:
        raise ValueError("synthetic data needs at least two columns")
    dom = {c: list(domain[c]) if domain and c in domain else sorted({r[c] for r in rows}) for c in columns}
    data = _encode(rows, columns, dom)
    sizes = [len(dom[c]) for c in columns]
    d = len(columns)
    rho = rho_for(epsilon, delta)
    rng = np.random.default_rng(seed)

    one = {j: _gaussian(_marginal(data, [j], sizes), rho * SHARE_1WAY / d) for j in range(d)}
    pairs = list(combinations(range(d), 2))
    two = {p: _gaussian(_marginal(data, list(p), sizes), rho * SHARE_2WAY / len(pairs)) for p in pairs}
    raw_two = dict(two)
    two = _consistent(one, two, sizes, rho * SHARE_1WAY / d, rho * SHARE_2WAY / len(pairs))
    weight = {p: _mutual_information(t) for p, t in two.items()}
    edges = _spanning_tree(d, weight)
    parent = {child: par for child, par in edges}
    order = [0] + [c for c, _ in edges]
    cliques: list[tuple[int, int, int]] = []
    for c in order[2:]:
        p = parent[c]
        gp = parent.get(p)
        if gp is None:  # p is the root: use the root's other first child as the second parent
            gp = next(
                x for x in order if x not in (c, p) and parent.get(x) == p and order.index(x) < order.index(c)
            )
        cliques.append((c, p, gp))
    three = {
        cl: _gaussian(_marginal(data, list(cl), sizes), rho * SHARE_3WAY / max(1, len(cliques)))
        for cl in cliques
    }
    sigma3 = math.sqrt(1.0 / (2.0 * rho * SHARE_3WAY / max(1, len(cliques))))

    sigma1 = math.sqrt(1.0 / (2.0 * rho * SHARE_1WAY / d))
    sigma2 = math.sqrt(1.0 / (2.0 * rho * SHARE_2WAY / len(pairs)))
    n_noisy = float(np.mean([one[j].sum() for j in range(d)]))
    n_final = int(n_out if n_out is not None else max(1, round(n_noisy)))
    n = n_final * POOL
    out = np.zeros((n, d), dtype=np.int64)

    def pair_table(a: int, b: int) -> np.ndarray:
        """Noisy 2-way table indexed [a, b]."""
        return two[(a, b)] if a < b else two[(b, a)].T

    root = order[0]
    p_root = _normalize(one[root])
    out[:, root] = rng.choice(sizes[root], size=n, p=p_root if p_root is not None else None)
    second = order[1]
    t = pair_table(second, parent[second])  # [child, parent]
    for pv in range(sizes[parent[second]]):
        mask = out[:, parent[second]] == pv
        if mask.any():
            cond = _normalize(t[:, pv])
            out[mask, second] = rng.choice(
                sizes[second], size=int(mask.sum()), p=cond if cond is not None else _normalize(one[second])
            )
    for c, p, gp in cliques:
        tbl = three[(c, p, gp)]  # [c, p, gp]
        t2 = pair_table(c, p)
        fallback = _normalize(one[c])
        for pv in range(sizes[p]):
            for gv in range(sizes[gp]):
                mask = (out[:, p] == pv) & (out[:, gp] == gv)
                k = int(mask.sum())
                if not k:
                    continue
                col = tbl[:, pv, gv]
                cond = _normalize(col) if np.clip(col, 0, None).sum() >= 3 * sigma3 else None
                if cond is None:  # the clique summed over gp: sizes[gp] noisy cells, still finer than t2
                    summed = tbl[:, pv, :].sum(axis=1)
                    ok = np.clip(summed, 0, None).sum() >= 3 * sigma3 * math.sqrt(sizes[gp])
                    cond = _normalize(summed) if ok else _normalize(t2[:, pv])
                if cond is None:
                    cond = fallback
                out[mask, c] = rng.choice(sizes[c], size=k, p=cond)
    measured: list[tuple[tuple[int, ...], np.ndarray, float]] = [((j,), one[j], sigma1) for j in range(d)]
    measured += [(p, raw_two[p], sigma2) for p in pairs]
    measured += [(cl, three[cl], sigma3) for cl in cliques]
    distinct, prob = _fit(out, measured, sizes, max(1.0, n_noisy), iterations)
    out = distinct[_draw(distinct[:, order], prob, n_final, rng)]
    n = n_final
    released = [{c: dom[c][out[i, j]] for j, c in enumerate(columns)} for i in range(n)]
    names = {j: c for j, c in enumerate(columns)}
    tree: list[tuple[str, str | None, str | None]] = [
        (names[root], None, None),
        (names[second], names[parent[second]], None),
    ]
    tree += [(names[c], names[p], names[g]) for c, p, g in cliques]
    report = SyntheticReport(
        epsilon=epsilon,
        delta=delta,
        rho=rho,
        rows_in=len(rows),
        rows_out=n,
        tree=tree,
        measurements=len(one) + len(two) + len(three),
    )
    return released, report
