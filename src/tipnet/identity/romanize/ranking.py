"""Ranked spellings: the cost-ordered option lists every script's romanizer builds and combines.

A spelling comes with a cost (0 = preferred); a name's candidates are the cheapest combinations of its
parts' options. Shared by the dispatcher and the script modules, so that they need nothing else from
each other.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

Option = tuple[str, float]  # a spelling and its cost (0 = preferred)


def ranked_product(parts: Sequence[Sequence[Option]], limit: int, *, sep: str = "") -> list[Option]:
    """The `limit` cheapest concatenations choosing one option per part, cheapest first.

    Each part's options must be sorted by cost. Lazy best-first search over index vectors, so a
    long name with many choices per syllable costs O(limit · parts · log) and not the full product.
    Equal strings reached by different choices are reported once, at their lowest cost.
    """
    if not parts:
        return [("", 0.0)]
    if any(not p for p in parts):
        return []
    start = (0,) * len(parts)
    heap: list[tuple[float, tuple[int, ...]]] = [(sum(p[0][1] for p in parts), start)]
    seen = {start}
    out: list[Option] = []
    emitted: set[str] = set()
    while heap and len(out) < limit:
        cost, idx = heapq.heappop(heap)
        text = sep.join(parts[k][i][0] for k, i in enumerate(idx))
        if text not in emitted:
            emitted.add(text)
            out.append((text, cost))
        for k, i in enumerate(idx):
            if i + 1 < len(parts[k]):
                nxt = (*idx[:k], i + 1, *idx[k + 1 :])
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (cost - parts[k][i][1] + parts[k][i + 1][1], nxt))
    return out


def ranked(candidates: Sequence[str], step: float = 0.1) -> list[Option]:
    """Options from a best-first list: costs 0, step, 2·step, ..."""
    return [(c, i * step) for i, c in enumerate(candidates)]


def merge_ranked(*lists: Sequence[Option], limit: int) -> list[Option]:
    """Several option lists as one, each spelling at its lowest cost, cheapest first."""
    best: dict[str, float] = {}
    order: dict[str, int] = {}
    for lst in lists:
        for text, cost in lst:
            if text and (text not in best or cost < best[text]):
                best[text] = cost
                order.setdefault(text, len(order))
    return sorted(best.items(), key=lambda kv: (kv[1], order[kv[0]]))[:limit]


def title_token(token: str) -> str:
    """ "thaksin" → "Thaksin", "chan-o-cha" → "Chan-o-cha": capitalise the first letter only."""
    return token[:1].upper() + token[1:] if token else token
