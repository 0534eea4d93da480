"""The popular (passport / newspaper) reading by rule: each syllable's onsets, vowels and finals with
their real-world variants at a cost, combined over the word by a beam.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import product

from tipnet.identity.romanize.khmer.letters import (
    BANTOC,
    CONSONANTS,
    INDEPENDENT,
    MUUSIKATOAN,
    NIKAHIT,
    REAHMUK,
    RIME_FINALS,
    RIMES,
    SPECIAL_ONSETS,
    TOANDAKHIAT,
    YUUKALEAPINTU,
)
from tipnet.identity.romanize.khmer.syllables import ClusterKey, Syllable, has_vowel, syllables
from tipnet.identity.romanize.ranking import Option

_STEP = 0.6  # cost of each step down a best-first list


def best_first(items: Sequence[str], step: float = _STEP, start: float = 0.0) -> list[Option]:
    return [(s, start + i * step) for i, s in enumerate(items)]


def cheapest(options: Sequence[Option], limit: int) -> list[Option]:
    """Deduplicate (keeping the lowest cost) and keep the `limit` cheapest, stable on ties."""
    best: dict[str, float] = {}
    for s, c in options:
        if s not in best or c < best[s]:
            best[s] = c
    return sorted(best.items(), key=_cost)[:limit]


def _cost(option: Option) -> float:
    return option[1]


def _onset_options(syl: Syllable) -> list[Option]:
    if syl.indep:
        return best_first(INDEPENDENT[syl.indep][0])
    if not syl.cons:
        return [("", 0.0)]
    joined = "".join(syl.cons)
    if joined in SPECIAL_ONSETS:
        return best_first(SPECIAL_ONSETS[joined])
    parts: list[list[Option]] = []
    for idx, c in enumerate(syl.cons):
        if c in INDEPENDENT:  # a subscript independent vowel (rare)
            parts.append(best_first(INDEPENDENT[c][0]))
            continue
        alts = CONSONANTS[c][3]
        if c == "ប" and idx == 0 and (MUUSIKATOAN in syl.signs or len(syl.cons) > 1):
            alts = ("p", "b")  # ប៉ and ប្រ are p
        parts.append(best_first(alts, step=0.7))
    return combine(parts, 6)


def combine(parts: Sequence[Sequence[Option]], limit: int) -> list[Option]:
    """The `limit` cheapest concatenations taking one option from each part (each part sorted by cost).

    With both sides sorted, the pair (i, j) has at least (i+1)(j+1)-1 pairs no dearer than itself, so
    only pairs with (i+1)(j+1) <= limit can make the cut.
    """
    out: list[Option] = [("", 0.0)]
    for part in parts:
        out = cheapest(
            [
                (a + b, ca + cb)
                for i, (a, ca) in enumerate(out)
                for j, (b, cb) in enumerate(part[: limit // (i + 1)])
            ],
            limit,
        )
    return out


def _vowel_options(syl: Syllable) -> list[Option]:
    """The rime without its final consonant; `_final_options` may override the pair."""
    key = syl.rime_key
    if syl.indep and not syl.vowel and key in ("_open", "_closed", "_lone"):
        return [("", 0.0)]  # an independent vowel is its own rime
    series = syl.series
    if key in RIMES:
        pop = RIMES[key][0 if series == "a" else 1]
        opts = best_first(pop)
    else:
        opts = _compose_vowel(key, series)
    if not syl.cons and not syl.indep:  # vowel-initial (អ): ou for u is the customary spelling
        opts = opts + [("o" + s, c + 0.2) for s, c in opts if s.startswith("u")]
    if syl.last and not syl.coda:
        # Word-final i is written y: Ly, Rithy, Chhay, Pisey.
        opts = opts + [(s[:-1] + "y", c - 0.05) for s, c in opts if s.endswith("i")]
    return cheapest(opts, 8)


def _compose_vowel(key: str, series: str) -> list[Option]:
    """Rimes not in the table: read the vowel, then the final sign."""
    tail = ""
    for sign, sound in ((NIKAHIT, "m"), (REAHMUK, "h"), (YUUKALEAPINTU, ""), (BANTOC, "")):
        if key.endswith(sign):
            key, tail = key[: -len(sign)], sound
            break
    col = 0 if series == "a" else 1
    pieces: list[list[Option]] = []
    rest = key
    while rest:
        for size in (2, 1):
            if rest[:size] in RIMES:
                pieces.append(best_first(RIMES[rest[:size]][col]))
                rest = rest[size:]
                break
        else:
            rest = rest[1:]
    return [(s + tail, c) for s, c in combine(pieces, 6)] if pieces else [(tail, 0.0)]


def _final_options(syl: Syllable) -> list[Option]:
    if not syl.coda or TOANDAKHIAT in syl.coda_signs:
        return [("", 0.0)]
    c = syl.coda[0]
    if c in INDEPENDENT:
        return best_first(INDEPENDENT[c][0])
    opts = best_first(CONSONANTS[c][4])
    if not syl.last:  # doubled finals (Chann, Vann) are a word-final habit
        opts = [(s, cost) for s, cost in opts if len(s) < 2 or s[0] != s[1]]
    elif syl.bantoc and c in "នណ":
        opts = [(s, 0.3 if s == "nn" else cost) for s, cost in opts]
    return opts


_SylState = tuple[tuple[str, ...], str, str, frozenset[str], tuple[str, ...], frozenset[str], bool, bool]


def _syllable_options(syl: Syllable, drop_vowel: bool) -> tuple[tuple[str, str, str, float], ...]:
    """(onset, vowel, final, cost) options for one syllable, cheapest first; cached across words."""
    state = (syl.cons, syl.indep, syl.vowel, syl.signs, syl.coda, syl.coda_signs, syl.last, syl.lone)
    return _syllable_options_cached(state, drop_vowel)


@lru_cache(maxsize=32768)
def _syllable_options_cached(state: _SylState, drop_vowel: bool) -> tuple[tuple[str, str, str, float], ...]:
    cons, indep, vowel, signs, coda, coda_signs, last, lone = state
    syl = Syllable(cons, indep, vowel, signs, coda, coda_signs, last=last, lone=lone)
    if syl.silent:
        return (("", "", "", 0.0),)
    onsets = _onset_options(syl)
    finals = _final_options(syl)
    pair = RIME_FINALS.get((syl.rime_key, syl.coda[0])) if syl.coda else None
    if pair is not None:
        rimes = [(s, c, "") for s, c in best_first(pair)]
    else:
        vowels = _vowel_options(syl)
        if syl.coda:  # "ar"/"or" spell a long open vowel; before a final they only double the r
            vowels = [(v, c) for v, c in vowels if not v.endswith("r")] or vowels
        if drop_vowel:  # ជាតិ is "cheat": a final short i/u after an open syllable is not spoken
            vowels = [("", 0.0)] + [(s, c + 0.5) for s, c in vowels]
        rimes = [(v, cv + cf, f) for (v, cv), (f, cf) in product(vowels, finals)]
    out = [(o, v, f, co + cr) for (o, co), (v, cr, f) in product(onsets, rimes)]
    out.sort(key=lambda option: option[3])
    return tuple(out[:8])


def _drops_final_vowel(syls: Sequence[Syllable], i: int) -> bool:
    s = syls[i]
    if not s.last or i == 0 or s.coda or s.signs - {BANTOC} or s.vowel not in ("ិ", "ុ") or s.indep:
        return False
    prev = syls[i - 1]
    return bool(prev.coda) or has_vowel(prev)


@lru_cache(maxsize=8192)
def rule_options(clusters: tuple[ClusterKey, ...], limit: int = 12) -> tuple[Option, ...]:
    """Popular spellings of a word by rule, cheapest first (lowercase ASCII).

    A beam over syllables; where a final meets the next onset, doubles are kept for plain letters
    (Vanna, Phalla) and collapsed for digraphs and aspirates (Bopha, not Boppha; Rithy; Kanha).
    """
    syls = syllables(clusters)
    beam: list[tuple[str, float, str]] = [("", 0.0, "")]  # text, cost, last final
    for i, syl in enumerate(syls):
        best: dict[str, tuple[float, str]] = {}

        def add(text: str, cost: float, fin: str, best: dict[str, tuple[float, str]] = best) -> None:
            old = best.get(text)
            if old is None or cost < old[0]:
                best[text] = (cost, fin)

        for o, v, f, cost in _syllable_options(syl, _drops_final_vowel(syls, i)):
            tail = o + v + f
            for text, bcost, prev_final in beam:
                if prev_final and o and o.startswith(prev_final):
                    base = text[: -len(prev_final)] + tail
                    if o == prev_final and len(o) == 1:
                        add(text + tail, bcost + cost, f)
                        add(base, bcost + cost + 0.5, f)
                    else:
                        add(base, bcost + cost, f)
                        add(text + tail, bcost + cost + 0.8, f)
                else:
                    add(text + tail, bcost + cost, f or (prev_final if not (o or v) else ""))
        beam = sorted(((t, c, f) for t, (c, f) in best.items()), key=lambda entry: entry[1])[:10]
    return tuple((t, c) for t, c, _ in beam[:limit] if t)
