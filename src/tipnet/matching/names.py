"""Prepared names: a name's ranked Latin spellings and blocking keys, computed once per record.

`tipnet.identity.name_compare.compare_names` re-derives both sides' spellings on every call (with a
cache). Screening a million list entries cannot afford that, so the spellings are computed once at index
time by the identity module's own function and compared later with its own token comparison: nothing
here romanizes, keys or scores names by itself, it only stores and re-uses the identity outputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from tipnet.identity.name_compare import RANK_PENALTY, TokenMatch, compare_tokens, name_spellings, name_tokens
from tipnet.identity.names import has_whole_name
from tipnet.identity.phonetic import regional_key

ENTRY_SPELLINGS = 4  # spellings kept per list name (memory and per-pair time)
QUERY_SPELLINGS = 8  # spellings tried for a query name (computed once per query)
PAIRS_COMPARED = 3  # spelling pairs given the full token comparison, chosen by shared phonetic keys


@dataclass(frozen=True, slots=True)
class Spelling:
    """One Latin reading of a name: folded lower-case tokens and its rank (0 = best)."""

    tokens: tuple[str, ...]
    rank: int
    keys: tuple[str, ...]  # regional phonetic key per token


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A name as written, its script and its spellings best first; `whole` for a name without a
    family name (Burmese), whose words are compared in order."""

    text: str
    script: str
    spellings: tuple[Spelling, ...]
    whole: bool = False

    def encode(self) -> str:
        """A compact string form (for an index of a million entries): 'script\\trank:tok tok\\t...',
        the script followed by '+' for a whole name."""
        head = self.script + ("+" if self.whole else "")
        return "\t".join([head] + [f"{s.rank}:{' '.join(s.tokens)}" for s in self.spellings])

    @staticmethod
    def decode(text: str, code: str) -> PreparedName:
        return _decode(text, code)


@lru_cache(maxsize=1 << 16)
def _decode(text: str, code: str) -> PreparedName:
    """Cached: list entries repeat names, and screening decodes the same candidates again and again."""
    script, *parts = code.split("\t")
    whole = script.endswith("+")
    return PreparedName(text, script.rstrip("+"), tuple(_decode_spelling(part) for part in parts), whole)


@lru_cache(maxsize=1 << 17)
def _decode_spelling(part: str) -> Spelling:
    """One 'rank:tok tok' part; spellings recur across names even more than names do."""
    rank, _, toks = part.partition(":")
    tokens = tuple(toks.split(" "))
    return Spelling(tokens, int(rank), tuple(regional_key(t) for t in tokens))


def prepare_name(
    text: str, *, nationality: str | None = None, limit: int = ENTRY_SPELLINGS
) -> PreparedName | None:
    """The identity module's spellings of `text` (titles removed), at most `limit`; None if no letters."""
    text = (text or "").strip()
    if not text:
        return None
    spellings, _titles, script = name_spellings(text, nationality)
    kept = tuple(
        Spelling(s.tokens, s.rank, tuple(regional_key(t) for t in s.tokens))
        for s in spellings[:limit]
        if any(c.isalpha() for t in s.tokens for c in t)  # "1234" is not a name
    )
    tokens = tuple(t for t in name_tokens(text) if any(c.isalpha() for c in t)) if not kept else ()
    if tokens:
        # The whole name parsed as titles ("Ek Oudom" is also the Khmer "His Excellency"): a person
        # is still called that, so the words themselves are the spelling.
        kept = (Spelling(tokens, 0, tuple(regional_key(t) for t in tokens)),)
    if not kept:
        return None
    return PreparedName(text, script, kept, has_whole_name(text, nationality))


def blocking_keys(name: PreparedName) -> set[str]:
    """Index keys of a name: each token's phonetic key, each unordered pair of keys, and each unordered
    pair of two-letter key prefixes (which survives a typo after the second letter)."""
    out: set[str] = set()
    for sp in name.spellings:
        keys = sorted({k for k in sp.keys if len(k) > 1})
        for k in keys:
            out.add("t:" + k)
        for a, b in combinations(keys, 2):
            out.add(f"p:{a}|{b}")
        for a, b in sorted(set(combinations(sorted(k[:2] for k in keys), 2))):
            out.add(f"q:{a}|{b}")
    return out


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The best reading of a query name against one entry name, with the identity module's reasons."""

    score: float
    query: PreparedName
    entry: PreparedName
    query_spelling: Spelling
    entry_spelling: Spelling
    matches: tuple[TokenMatch, ...]
    unmatched_query: tuple[str, ...]
    unmatched_entry: tuple[str, ...]

    def sentence(self) -> str:
        parts = []
        if self.query.script not in ("Latin", "Common") or self.entry.script not in ("Latin", "Common"):
            parts.append(
                f"'{self.query.text}' read as '{' '.join(self.query_spelling.tokens)}', "
                f"'{self.entry.text}' as '{' '.join(self.entry_spelling.tokens)}'"
            )
        for m in self.matches:
            parts.append(f"{m.a}{'=' if m.method == 'exact' else '~'}{m.b} {m.score:.2f} {m.method}")
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_entry:
            parts.append("list only: " + " ".join(self.unmatched_entry))
        return "; ".join(parts)


def _overlap(a: Spelling, b: Spelling) -> int:
    return len(_key_set(a.keys) & _key_set(b.keys)) * 4 - a.rank - b.rank


@lru_cache(maxsize=1 << 16)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


# Lists repeat names, and so do travellers: the identity token comparison is pure, so its results are
# kept for the most recent pairs of spellings.
_compare = lru_cache(maxsize=1 << 18)(compare_tokens)

_Side = tuple[PreparedName, Spelling, frozenset[str]]  # a name, one of its spellings, that spelling's keys


def _sides(names: Iterable[PreparedName]) -> list[_Side]:
    return [(n, sp, _key_set(sp.keys)) for n in names for sp in n.spellings]


def _chosen(queries: list[_Side], entries: list[_Side]) -> list[tuple[_Side, _Side]]:
    """The spelling pairs worth the full comparison: all of them if there are at most PAIRS_COMPARED,
    else the PAIRS_COMPARED sharing the most phonetic keys (rank sum as penalty), ties in query-major
    order; in that order."""
    if len(queries) * len(entries) <= PAIRS_COMPARED:
        return [(q, e) for q in queries for e in entries]
    cost = [q[1].rank + e[1].rank - len(q[2] & e[2]) * 4 for q in queries for e in entries]
    chosen = sorted(range(len(cost)), key=cost.__getitem__)[:PAIRS_COMPARED]  # stable: ties by order
    return [(queries[k // len(entries)], entries[k % len(entries)]) for k in chosen]


def _match(queries: list[_Side], entries: list[_Side]) -> NameMatch | None:
    best: NameMatch | None = None
    for (q, qs, _qk), (e, es, _ek) in _chosen(queries, entries):
        penalty = RANK_PENALTY * (qs.rank + es.rank)
        if best is not None and best.score >= max(0.0, min(1.0, 1.0 - penalty)):
            continue  # the token score is at most 1: this pair cannot beat the best (ties keep the first)
        # A name without a family name on either side (Burmese) is compared in order.
        raw, matches, un_q, un_e, _notes = _compare(qs.tokens, es.tokens, q.whole or e.whole)
        score = max(0.0, min(1.0, raw - penalty))
        if best is None or score > best.score:
            best = NameMatch(round(score, 4), q, e, qs, es, tuple(matches), tuple(un_q), tuple(un_e))
    return best


def match_names(query: PreparedName, entry: PreparedName) -> NameMatch:
    """Best spelling pair by the identity token comparison (order-free unless a side is a whole name,
    `PreparedName.whole`), minus its rank penalty.

    Only the few spelling pairs sharing the most phonetic keys get the full comparison."""
    m = _match(_sides((query,)), _sides((entry,)))
    assert m is not None
    return m


def best_name_match(queries: tuple[PreparedName, ...], entries: tuple[PreparedName, ...]) -> NameMatch | None:
    """The best match over every query name (aliases) and every entry name (primary and aliases);
    the spelling pairs compared in full are chosen over all names at once."""
    return _match(_sides(queries), _sides(entries))
