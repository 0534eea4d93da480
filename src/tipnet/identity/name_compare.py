"""How alike two names are, across scripts and spelling systems, with the reasons.

Built for bulk use as the name feature of screening and record linkage: each side is reduced once
(cached) to a few ranked Latin spellings without titles, then every pair of spellings is compared
token by token, order-free, on the folded spelling and on the regional phonetic key; the best pair
wins. Initials match the word they abbreviate, "Chan O Cha" matches "Chanocha", a missing middle
name costs little, a different family name costs a lot.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler, Levenshtein

from tipnet.identity.names import has_whole_name, parse_name
from tipnet.identity.phonetic import regional_key
from tipnet.identity.romanize import fold_latin, romanize
from tipnet.identity.romanize.indonesian import modern_indonesian
from tipnet.identity.scripts import Script, dominant_script, is_latin

CANDIDATES_PER_SIDE = 8  # romanizations tried for a name not in Latin script
RANK_PENALTY = 0.01  # per rank of the romanization candidate used, on each side
INITIAL_SCORE = 0.85
PHONETIC_EQUAL = 0.95


@dataclass(frozen=True)
class TokenMatch:
    """One word of A paired with one of B, how alike (0..1) and by what."""

    a: str
    b: str
    score: float
    method: str  # exact, phonetic, fuzzy, initial, joined


@dataclass(frozen=True)
class NameComparison:
    """A similarity in [0, 1] and what it rests on."""

    score: float
    explanation: list[str]
    a_spelling: str = ""
    b_spelling: str = ""
    matches: tuple[TokenMatch, ...] = ()
    unmatched_a: tuple[str, ...] = ()
    unmatched_b: tuple[str, ...] = ()
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["matches"] = [asdict(m) for m in self.matches]
        return d


@dataclass(frozen=True)
class Spelling:
    text: str
    tokens: tuple[str, ...]
    rank: int
    note: str


def name_tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in text.split():
        t = "".join(c for c in fold_latin(word).lower() if c.isalnum())
        if t:
            out.append(t)
    return tuple(out)


@lru_cache(maxsize=65536)
def name_spellings(text: str, nationality: str | None) -> tuple[tuple[Spelling, ...], tuple[str, ...], str]:
    """(spellings best first, titles removed, script) of one side."""
    parsed = parse_name(text, nationality=nationality)
    titles = list(parsed.titles)
    body = " ".join(parsed.tokens)
    script = dominant_script(text)
    ranked: list[tuple[str, int, str]] = [(body, 0, "")] if is_latin(body) else _native_readings(body, script)
    out: list[Spelling] = []
    seen: set[tuple[str, ...]] = set()
    for cand, rank, how in ranked:
        # Romanized native titles (Nai, U) and Latin ones are removed by parsing again.
        p = parse_name(cand, nationality=nationality) if cand != body else parsed
        titles.extend(t for t in p.titles if t not in titles)
        variants = [(p.tokens, how)]
        if p.possible_titles:
            without = f"without '{' '.join(p.possible_titles)}'"
            variants.append((p.tokens[len(p.possible_titles) :], f"{how}, {without}" if how else without))
        for toks, note in variants:
            key = name_tokens(" ".join(toks))
            if key and key not in seen:
                seen.add(key)
                out.append(Spelling(" ".join(toks), key, rank + (1 if note and note != how else 0), note))
    if is_latin(body):
        # A name in the old Indonesian spelling (Djoko Soesilo) is also read in today's (Joko Susilo).
        for sp in list(out[:2]):
            modern = modern_indonesian(" ".join(sp.tokens), parsed.nationality)
            key = name_tokens(modern) if modern else ()
            if key and key not in seen:
                seen.add(key)
                out.append(
                    Spelling(modern or "", key, sp.rank + 1, "old Indonesian spelling read as today's")
                )
    return tuple(out), tuple(titles), script.value


def _native_readings(body: str, script: Script) -> list[tuple[str, int, str]]:
    """(Latin reading, rank, note) of a name in another script, best first. A Khmer name written as
    one word (`សុខសុជាតា`) is also read cut after its family name (`Sok Socheata`), first: the two
    readings alternate at equal ranks, so each keeps its best spellings among the few kept."""
    whole = [(c, rank, "") for rank, c in enumerate(romanize(body, limit=CANDIDATES_PER_SIDE))]
    if script is not Script.KHMER or " " in body:
        return whole
    from tipnet.identity.romanize.khmer.segment import split_family_name  # loads khmercut: Khmer only

    cut = split_family_name(body)
    if cut is None:
        return whole
    spaced = romanize(" ".join(cut), limit=CANDIDATES_PER_SIDE)
    note = "written without a space, cut after the family name"
    merged: list[tuple[str, int, str]] = []
    for k in range(max(len(spaced), len(whole))):
        if k < len(spaced):
            merged.append((spaced[k], k, note))
        if k < len(whole):
            merged.append(whole[k])
    return merged


@lru_cache(maxsize=262144)
def _token_sim(x: str, y: str) -> tuple[float, str]:
    if x == y:
        return 1.0, "exact"
    if len(x) == 1 or len(y) == 1:
        return (INITIAL_SCORE, "initial") if x[0] == y[0] else (0.0, "initial")
    spelled = 0.5 * JaroWinkler.normalized_similarity(x, y) + 0.5 * Levenshtein.normalized_similarity(x, y)
    kx, ky = regional_key(x), regional_key(y)
    if kx and kx == ky:
        phon = PHONETIC_EQUAL
    elif kx and ky:
        phon = PHONETIC_EQUAL * (
            0.5 * JaroWinkler.normalized_similarity(kx, ky) + 0.5 * Levenshtein.normalized_similarity(kx, ky)
        )
    else:
        phon = 0.0
    raw, method = (phon, "phonetic") if phon > spelled else (spelled, "fuzzy")
    # Unrelated words still share letters: spread the useful range (0.45..0.95) over 0..1.
    return max(0.0, min(1.0, (raw - 0.45) / 0.5)), method


JOIN_SCORE = 0.8  # a run of words is read as one word when the join matches a word this well


class _Run(NamedTuple):
    """A run of adjacent words `_merge_runs` may join, and which words could match the join.

    A word can reach JOIN_SCORE only with a raw similarity of 0.85 or more (see _token_sim). The
    spelled similarity is at most 0.5 + 0.5 * shorter/longer length (Jaro-Winkler is at most 1, the
    normalised Levenshtein similarity at most shorter/longer), so it needs a length ratio of 0.7;
    the phonetic one is PHONETIC_EQUAL when the keys are equal, else at most PHONETIC_EQUAL times
    that bound on the keys, so it needs a key length ratio of 0.79. `lengths` and `key_lengths` hold
    the word lengths within the looser ratios 0.68 and 0.76: a word outside both (and with another
    key) cannot match, and most joins are far longer than any one word."""

    start: int
    end: int
    joined: str
    key: str
    lengths: range
    key_lengths: range

    def may_match(self, word: str) -> bool:
        if len(word) < 2 or len(word) in self.lengths:
            return True
        key = regional_key(word)
        return bool(key) and bool(self.key) and (key == self.key or len(key) in self.key_lengths)


def _ratio_range(n: int, ratio: float) -> range:
    """Lengths m with min(m, n) / max(m, n) >= ratio, and a few more (rounded outwards)."""
    return range(math.floor(n * ratio), math.ceil(n / ratio) + 1)


@lru_cache(maxsize=65536)
def _windows(tokens: tuple[str, ...]) -> tuple[_Run, ...]:
    """The runs `_merge_runs` tries, in its order: runs of 3 then 2 words from each start. Cached:
    a name's runs are tried against every name it meets."""
    n = len(tokens)
    runs = []
    for i in range(n - 1):
        for j in (i + 3, i + 2):
            if j <= n:
                joined = "".join(tokens[i:j])
                key = regional_key(joined)
                lengths = _ratio_range(len(joined), 0.68) if len(joined) > 1 else range(1 << 30)
                runs.append(_Run(i, j, joined, key, lengths, _ratio_range(len(key), 0.76)))
    return tuple(runs)


def _first_join(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, int, str] | None:
    """The first run of `b` (in `_windows` order) whose join matches some word of `a` at JOIN_SCORE
    or more, and better than each of its parts does; None if there is none."""
    for run in _windows(b):
        for word in a:
            if not run.may_match(word):
                continue
            s = _token_sim(word, run.joined)[0]
            if s >= JOIN_SCORE and s > max(_token_sim(word, part)[0] for part in b[run.start : run.end]):
                return run.start, run.end, run.joined
    return None


def _merge_runs(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """`b` with runs of 2-3 adjacent words joined where the join matches one word of `a` better
    than its parts do ("chan o cha" → "chanocha" against "chanocha"). After each join the runs are
    tried again from the start."""
    notes: list[str] = []
    b = tuple(b)
    while len(b) > 1:
        found = _first_join(a, b)
        if found is None:
            break
        i, j, joined = found
        notes.append(f"'{' '.join(b[i:j])}' read as one word '{joined}'")
        b = (*b[:i], joined, *b[j:])
    return b, notes


@lru_cache(maxsize=65536)
def _token_match(x: str, y: str) -> TokenMatch:
    """The TokenMatch of two words (cached: the same word pairs are reported again and again)."""
    s, method = _token_sim(x, y)
    return TokenMatch(x, y, round(s, 4), method)


def _pair_greedily(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[TokenMatch], list[int], list[int]]:
    """Words paired best first (ties in order of `a`, then `b`), each word at most once; with the
    indices of the words of `a` and of `b` left without a partner."""
    nb = len(b)
    neg = [-_token_sim(x, y)[0] for x in a for y in b]
    free_a = [True] * len(a)
    free_b = [True] * nb
    matches: list[TokenMatch] = []
    wanted = min(len(a), nb)  # once the shorter side is paired, no pair is left
    for k in sorted(range(len(neg)), key=neg.__getitem__):
        i, j = divmod(k, nb)
        if free_a[i] and free_b[j]:
            free_a[i] = free_b[j] = False
            matches.append(_token_match(a[i], b[j]))
            if len(matches) == wanted:
                break
    return matches, [i for i, f in enumerate(free_a) if f], [j for j, f in enumerate(free_b) if f]


# (score, word pairs best first, words of one side and of the other without a partner, notes)
TokenComparison = tuple[float, list[TokenMatch], list[str], list[str], list[str]]


def compare_tokens(a: tuple[str, ...], b: tuple[str, ...], ordered: bool = False) -> TokenComparison:
    """Similarity of two token lists: (score, word pairs best first, words of `a` and of `b` without a
    partner, notes on joined words and ignored honorifics). Order-free, unless `ordered`: then the
    names are whole names without a family name (Burmese, see `compare_whole_names`)."""
    if ordered:
        return compare_whole_names(a, b)
    if sorted(a) == sorted(b):
        return 1.0, [TokenMatch(t, t, 1.0, "exact") for t in a], [], [], []
    a2, notes_a = _merge_runs(b, a)
    b2, notes_b = _merge_runs(a2, b)
    matches, free_a, free_b = _pair_greedily(a2, b2)
    weights = [0.5 if m.method == "initial" else 1.0 for m in matches]
    mean = sum(w * m.score for w, m in zip(weights, matches, strict=True)) / (sum(weights) or 1.0)
    longer = max(len(a2), len(b2))
    coverage = len(matches) / longer if longer else 0.0
    # A missing middle name costs little; a one-word name against a long one costs more.
    exponent = 0.35 if min(len(a2), len(b2)) == 1 and longer > 1 else 0.25
    score = mean * coverage**exponent
    return score, matches, [a2[i] for i in free_a], [b2[j] for j in free_b], notes_a + notes_b


# Burmese honorifics written before a name, by age and sex (U, Daw, Maung/Mg, Ko, Ma) and among the
# Karen (Saw, Naw): a clerk adds or drops them, and they are no part of the name.
BURMESE_HONORIFICS = frozenset({"u", "daw", "maung", "mg", "ko", "ma", "saw", "naw"})
# A syllable one whole name has and the other lacks: "Kyaw Soe Win" and "Soe Win" are two people far
# more often than one name shortened, so a missing syllable costs more than a missing middle name.
WHOLE_NAME_EXPONENT = 0.5


def _without_honorific(tokens: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """The name as written, and without its leading honorific when it has one and more words."""
    out = [(tokens, "")]
    if len(tokens) > 1 and tokens[0] in BURMESE_HONORIFICS:
        out.append((tokens[1:], f"honorific '{tokens[0]}' ignored"))
    return out


def _pair_in_order(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[TokenMatch], list[int], list[int]]:
    """Words paired in the order written (a monotone alignment, as of two sequences): the most total
    similarity, then the most pairs; the words of `a` and of `b` left without a partner."""
    n, m = len(a), len(b)
    # best[i][j]: (total similarity, pairs) for a[i:], b[j:]; step[i][j]: 0 pair, 1 skip a, 2 skip b
    best = [[(0.0, 0)] * (m + 1) for _ in range(n + 1)]
    step = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s, k = best[i + 1][j + 1]
            options = (
                ((s + _token_sim(a[i], b[j])[0], k + 1), 0),
                (best[i + 1][j], 1),
                (best[i][j + 1], 2),
            )
            value, how = max(options, key=lambda o: (round(o[0][0], 9), o[0][1], -o[1]))
            best[i][j], step[i][j] = value, how
        step[i][m] = 1
    for j in range(m):
        step[n][j] = 2
    matches: list[TokenMatch] = []
    free_a: list[int] = []
    free_b: list[int] = []
    i = j = 0
    while i < n or j < m:
        how = step[i][j] if i < n and j < m else (1 if i < n else 2)
        if how == 0:
            matches.append(_token_match(a[i], b[j]))
            i, j = i + 1, j + 1
        elif how == 1:
            free_a.append(i)
            i += 1
        else:
            free_b.append(j)
            j += 1
    return matches, free_a, free_b


def _moved_words(free_a: list[str], free_b: list[str]) -> list[str]:
    """Words left without a partner on both sides that are one word (similarity JOIN_SCORE or more):
    "Khin" in "Khin Thu Ma" and in "Thu Ma Khin". Each word of `free_b` is used once."""
    left = list(free_b)
    moved = []
    for w in free_a:
        for k, v in enumerate(left):
            if _token_sim(w, v)[0] >= JOIN_SCORE:
                moved.append(w)
                del left[k]
                break
    return moved


def compare_whole_names(a: tuple[str, ...], b: tuple[str, ...]) -> TokenComparison:
    """Similarity of two names without a family name (Burmese): every syllable is the name, in its
    order. Words are paired in the order written, so "Aye Min" is not "Min Aye" nor "Min Aye Ko" (a
    word both names have in different places counts as a pair that disagrees); a syllable one name lacks costs more than a missing middle name does (`WHOLE_NAME_EXPONENT`: "Kyaw
    Soe Win" against "Soe Win"); a leading honorific (U, Daw, Maung, Mg, Ko, Ma, Saw, Naw) on either
    side is ignored. Same return as `compare_tokens`."""
    best: TokenComparison | None = None
    for a1, note_a in _without_honorific(a):
        for b1, note_b in _without_honorific(b):
            if a1 == b1:
                found: TokenComparison = (1.0, [TokenMatch(t, t, 1.0, "exact") for t in a1], [], [], [])
            else:
                a2, notes_a = _merge_runs(b1, a1)
                b2, notes_b = _merge_runs(a2, b1)
                matches, free_a, free_b = _pair_in_order(a2, b2)
                moved = _moved_words([a2[i] for i in free_a], [b2[j] for j in free_b])
                weights = [0.5 if m.method == "initial" else 1.0 for m in matches]
                # A word both names have, in another place, is a pair that disagrees (score 0).
                mean = sum(w * m.score for w, m in zip(weights, matches, strict=True)) / (
                    sum(weights) + len(moved) or 1.0
                )
                longer = max(len(a2), len(b2))
                # ...and it still explains nothing: "Khin Thu Ma" / "Thu Ma Khin" scores below a name
                # missing a syllable ("Kyaw Soe Win" / "Soe Win").
                score = mean * (len(matches) / longer) ** WHOLE_NAME_EXPONENT if longer else 0.0
                found = (
                    score,
                    matches,
                    [a2[i] for i in free_a],
                    [b2[j] for j in free_b],
                    notes_a + notes_b + [f"'{w}' in another place in each name" for w in moved],
                )
            notes = [n for n in (note_a, note_b) if n]
            if best is None or found[0] > best[0]:
                best = (found[0], found[1], found[2], found[3], notes + found[4])
            if best[0] >= 1.0:
                return best
    assert best is not None
    return best


def compare_names(
    a: str, b: str, *, nationality_a: str | None = None, nationality_b: str | None = None
) -> NameComparison:
    """Similarity of two names in [0, 1] with its explanation; cross-script, titles ignored, order-free
    unless a side is a name without a family name (Burmese script or nationality: `compare_whole_names`).

    Around 0.9 and above: the same name written differently; below 0.6: different names.
    """
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return NameComparison(0.0, ["one of the names is empty"])
    spell_a, titles_a, script_a = name_spellings(a, nationality_a)
    spell_b, titles_b, script_b = name_spellings(b, nationality_b)
    if not spell_a or not spell_b:
        side = "A" if not spell_a else "B"
        return NameComparison(0.0, [f"name {side} has no letters that can be romanized"])
    ordered = has_whole_name(a, nationality_a) or has_whole_name(b, nationality_b)
    best: tuple[float, Spelling, Spelling, TokenComparison] | None = None
    for sa in spell_a:
        for sb in spell_b:
            compared = compare_tokens(sa.tokens, sb.tokens, ordered)
            raw = compared[0]
            score = raw - RANK_PENALTY * (sa.rank + sb.rank)
            if best is None or score > best[0]:
                best = (score, sa, sb, compared)
            if raw >= 1.0 and sa.rank + sb.rank == 0:
                break
    assert best is not None
    score, sa, sb, (raw, matches, un_a, un_b, notes) = best
    score = round(max(0.0, min(1.0, score)), 4)
    explanation: list[str] = []
    for label, text, sp, script in (("A", a, sa, script_a), ("B", b, sb, script_b)):
        if sp.text != text:
            how = (
                f"{script} script, spelling {sp.rank + 1}"
                if script not in ("Latin", "Common")
                else "as parsed"
            )
            explanation.append(f"{label} read as '{sp.text}' ({how}{', ' + sp.note if sp.note else ''})")
    if titles_a or titles_b:
        explanation.append("titles ignored: " + ", ".join(dict.fromkeys((*titles_a, *titles_b))))
    explanation.extend(notes)
    for m in matches:
        sign = "=" if m.method == "exact" else "~"
        explanation.append(f"{m.a} {sign} {m.b}: {m.score:.2f} ({m.method})")
    for t in un_a:
        explanation.append(f"'{t}' in A has no counterpart")
    for t in un_b:
        explanation.append(f"'{t}' in B has no counterpart")
    if sa.rank + sb.rank:
        explanation.append(f"-{RANK_PENALTY * (sa.rank + sb.rank):.2f} for using lower-ranked spellings")
    features = {
        "token_score": round(raw, 4),
        "matched": float(len(matches)),
        "unmatched": float(len(un_a) + len(un_b)),
        "exact_share": sum(m.method == "exact" for m in matches) / max(1, len(matches)),
        "phonetic_share": sum(m.method == "phonetic" for m in matches) / max(1, len(matches)),
        "cross_script": float(script_a != script_b),
        "rank_a": float(sa.rank),
        "rank_b": float(sb.rank),
    }
    return NameComparison(
        score, explanation, sa.text, sb.text, tuple(matches), tuple(un_a), tuple(un_b), features
    )
