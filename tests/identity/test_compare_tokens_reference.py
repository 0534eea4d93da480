"""The fast token comparison and spelling-pair choice give exactly what the first, plain versions gave.

`compare_tokens` and `tipnet.matching.names.best_name_match` were rewritten for speed (screening a
batch calls them millions of times); the plain versions are kept here as the reference, and both are
run on the spellings of simulator pairs (cross-script, respelled, typos, look-alikes) and on names
made to exercise joined runs and initials. Every score, word pair, note and unmatched word must agree.
"""

from __future__ import annotations

import heapq
from itertools import islice

import pytest

from tipnet.evaluation.pairs import generate_pairs
from tipnet.identity.name_compare import RANK_PENALTY, TokenMatch, _token_sim, compare_tokens
from tipnet.matching.names import (
    ENTRY_SPELLINGS,
    PAIRS_COMPARED,
    QUERY_SPELLINGS,
    NameMatch,
    PreparedName,
    _key_set,
    best_name_match,
    prepare_name,
)


def _merge_runs_ref(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    notes: list[str] = []
    out = list(b)
    changed = True
    while changed and len(out) > 1:
        changed = False
        for i in range(len(out) - 1):
            for j in (i + 3, i + 2):
                if j > len(out):
                    continue
                joined = "".join(out[i:j])
                for word in a:
                    s, _m = _token_sim(word, joined)
                    if s >= 0.8 and s > max(_token_sim(word, part)[0] for part in out[i:j]):
                        notes.append(f"'{' '.join(out[i:j])}' read as one word '{joined}'")
                        out[i:j] = [joined]
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
    return tuple(out), notes


def compare_tokens_ref(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[float, list[TokenMatch], list[str], list[str], list[str]]:
    if sorted(a) == sorted(b):
        return 1.0, [TokenMatch(t, t, 1.0, "exact") for t in a], [], [], []
    a2, notes_a = _merge_runs_ref(b, a)
    b2, notes_b = _merge_runs_ref(a2, b)
    pairs = sorted(
        ((_token_sim(x, y), i, j) for i, x in enumerate(a2) for j, y in enumerate(b2)),
        key=lambda p: -p[0][0],
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches: list[TokenMatch] = []
    for (s, method), i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matches.append(TokenMatch(a2[i], b2[j], round(s, 4), method))
    weights = [0.5 if m.method == "initial" else 1.0 for m in matches]
    mean = sum(w * m.score for w, m in zip(weights, matches, strict=True)) / (sum(weights) or 1.0)
    longer = max(len(a2), len(b2))
    coverage = len(matches) / longer if longer else 0.0
    exponent = 0.35 if min(len(a2), len(b2)) == 1 and longer > 1 else 0.25
    score = mean * coverage**exponent
    unmatched_a = [t for i, t in enumerate(a2) if i not in used_a]
    unmatched_b = [t for j, t in enumerate(b2) if j not in used_b]
    return score, matches, unmatched_a, unmatched_b, notes_a + notes_b


def best_name_match_ref(
    queries: tuple[PreparedName, ...], entries: tuple[PreparedName, ...]
) -> NameMatch | None:
    pairs = [(q, qs, e, es) for q in queries for qs in q.spellings for e in entries for es in e.spellings]
    if len(pairs) > PAIRS_COMPARED:
        ranked = heapq.nsmallest(
            PAIRS_COMPARED,
            (
                (qs.rank + es.rank - len(_key_set(qs.keys) & _key_set(es.keys)) * 4, n)
                for n, (_q, qs, _e, es) in enumerate(pairs)
            ),
        )
        pairs = [pairs[n] for _o, n in ranked]
    best: NameMatch | None = None
    for q, qs, e, es in pairs:
        if q.whole or e.whole:  # Burmese names are compared in order: no fast version to check
            raw, matches, un_q, un_e, _notes = compare_tokens(qs.tokens, es.tokens, True)
        else:
            raw, matches, un_q, un_e, _notes = compare_tokens_ref(qs.tokens, es.tokens)
        score = max(0.0, min(1.0, raw - RANK_PENALTY * (qs.rank + es.rank)))
        if best is None or score > best.score:
            best = NameMatch(round(score, 4), q, e, qs, es, tuple(matches), tuple(un_q), tuple(un_e))
    return best


MADE_UP = [
    (("prayut", "chan", "o", "cha"), ("prayut", "chanocha")),
    (("chanocha", "prayut"), ("chan", "o", "cha", "prayut")),
    (("san", "da", "kyi", "ni", "la", "ni", "la"), ("sandar", "kyi", "nila")),
    (("ramon", "santos"), ("ramon", "de", "los", "santos", "de", "la", "cruz")),
    (("j", "smith"), ("john", "smith")),
    (("j", "k", "rowling"), ("joanne", "kathleen", "rowling")),
    (("nguyen", "van", "minh"), ("minh", "nguyen", "van")),
    (("aung", "san", "suu", "kyi"), ("aungsan", "suukyi")),
    (("la", "la", "la"), ("lala", "la")),
    (("somchai",), ("som", "chai", "phrom")),
    (("a",), ("b",)),
]


def _names(seed: int, n: int) -> list[tuple[tuple[PreparedName, ...], tuple[PreparedName, ...]]]:
    out = []
    for pair in generate_pairs(n, seed=seed, aliases=True):
        q_nat, e_nat = pair.query.nationality, pair.entry.nationality
        q = tuple(
            p
            for t in (pair.query.name, *pair.query.aliases)
            if (p := prepare_name(t, nationality=q_nat, limit=QUERY_SPELLINGS))
        )
        e = tuple(
            p
            for t in (pair.entry.name, *pair.entry.aliases)
            if (p := prepare_name(t, nationality=e_nat, limit=ENTRY_SPELLINGS))
        )
        if q and e:
            out.append((q, e))
    return out


@pytest.fixture(scope="module")
def prepared() -> list[tuple[tuple[PreparedName, ...], tuple[PreparedName, ...]]]:
    return _names(4242, 600)


def test_compare_tokens_as_the_reference_on_made_up_names() -> None:
    for a, b in MADE_UP:
        assert compare_tokens(a, b) == compare_tokens_ref(a, b), (a, b)
        assert compare_tokens(b, a) == compare_tokens_ref(b, a), (b, a)


def test_compare_tokens_as_the_reference_on_simulated_spellings(prepared: list) -> None:
    pairs = {
        (qs.tokens, es.tokens)
        for q, e in prepared
        for qn in q
        for en in e
        for qs in islice(qn.spellings, 4)
        for es in en.spellings
    }
    assert len(pairs) > 2000
    joined = 0
    for a, b in sorted(pairs):
        new, ref = compare_tokens(a, b), compare_tokens_ref(a, b)
        assert new == ref, (a, b)
        joined += bool(ref[4])
    assert joined  # some pairs exercise joined runs


def test_best_name_match_as_the_reference(prepared: list) -> None:
    for q, e in prepared:
        assert best_name_match(q, e) == best_name_match_ref(q, e)
        assert best_name_match(e, q) == best_name_match_ref(e, q)
