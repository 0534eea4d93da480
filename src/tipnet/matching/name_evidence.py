"""How much a name match says, in bits: each word weighed by how rare it is, every word explained.

The name similarity (tipnet.identity.name_compare) says how alike two names look; it cannot say how
telling the likeness is. Two people called "Nguyen Thi Thao" share three words that a tenth, a third
and a fiftieth of Vietnamese women carry; two called "Phonesavanh Xayyavong" share two words almost
nobody else has. And a best-overlap similarity forgives a word one side lacks, although a Burmese
name has no family name: "Kyaw Soe Win" is not "Soe Win", "Aye Min" is not "Min Aye Ko".

So the evidence of a name pair is summed word by word, Fellegi-Sunter style with a term-frequency
adjustment (as Splink's): a word both sides share carries log2(1 / its frequency) bits (u = the
chance that another person has it), a near spelling part of that, a word paired with an unlike word
counts against, and a word of either name that nothing explains costs bits too: little for a common
middle word ("Thi", "Van"), more for a rare one. An initial ("M." for "Minh", an MRZ truncation)
is weighed as the letter it is.

The constants below were set by reading the errors of the independent evaluation set's calibration
split (bench/independent), never its test split; the screening calibration then balances the name
against the other features and maps the sum to a probability (tipnet.screening.calibration).
Frequencies come from data, never from a hand list: the caller passes a `TokenFrequency` (screening
reads its list's own index, `tipnet.screening.index.ScreeningIndex.token_frequency`).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA

from tipnet.identity.name_compare import TokenMatch
from tipnet.identity.names import NO_FAMILY_NAME
from tipnet.identity.scripts import Script
from tipnet.matching.names import NameMatch, PreparedName, match_names

TokenFrequency = Callable[[str], float]  # a folded Latin word -> the share of people who carry it

MAX_WORD_BITS = 12.0  # no single word, however rare, says more than 1 in 4,096
MIN_WORD_BITS = 1.0
INITIAL_BITS = 3.5  # an initial agrees with about one name in eleven
FULL_AGREEMENT = 0.95  # token similarity from which a word counts as the same word
NO_AGREEMENT = 0.7  # token similarity at which a pair of words says nothing either way
MISPAIRED_BITS = -8.0  # two words paired but unlike ("Pham Hong Vy" / "Pham Minh Vy")
# Words of one name are not independent ("Mary Grace", "Sae Tang", "Nguyen Thi"): the third
# agreeing word and those after it count for less, best words first.
LATER_WORD_SHARES = (1.0, 1.0, 0.5, 0.25)
# When some word agrees, the rest of the name cannot count against the pair more than a name that
# disagrees outright does (the `disagree` level's weight of the shipped Fellegi-Sunter model): a
# document or a birth date can still tell.
NAME_FLOOR_WHEN_A_WORD_AGREES = -6.0
UNEXPLAINED_BASE = -1.0  # a word of one name the other lacks...
UNEXPLAINED_PER_BIT = -0.35  # ...and more the rarer it is (a dropped "Thi" costs less than "Nasrin")
# Where names have no family name (Myanmar), every syllable is the name: one the other side lacks is
# another person far more often than a dropped middle name ("Kyaw Soe Win" is not "Soe Win").
UNEXPLAINED_PER_BIT_WHOLE_NAMES = -0.75
TYPO_SHARE = 0.5  # of a word's bits, for one slip of the pen inside it (kjaw/kyaw, htuh/htun)
TRANSPOSED_SHARE = 0.7  # two letters swapped (sna/san, brmo/brom): names seldom differ so


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """The bits of a name pair and the words they rest on."""

    bits: float
    explained: float  # share of both names' words paired with a like word (0..1)
    text: str


def word_bits(frequency: float) -> float:
    """The information of sharing a word carried by `frequency` of people, within bounds."""
    if frequency <= 0:
        return MAX_WORD_BITS
    return max(MIN_WORD_BITS, min(MAX_WORD_BITS, -math.log2(frequency)))


def _pair_bits(m: TokenMatch, freq: TokenFrequency) -> tuple[float, bool]:
    """(bits, whether the pair explains its words) for one paired word."""
    if m.method == "initial":
        return (INITIAL_BITS, True) if m.score > 0 else (MISPAIRED_BITS, False)
    info = word_bits(max(freq(m.a), freq(m.b)))
    s = m.score
    if s >= FULL_AGREEMENT:
        return info, True
    slip = _slip_share(m.a, m.b)
    if slip:
        return max(info * slip, info * (s - NO_AGREEMENT) / (FULL_AGREEMENT - NO_AGREEMENT)), True
    if s >= NO_AGREEMENT:
        return info * (s - NO_AGREEMENT) / (FULL_AGREEMENT - NO_AGREEMENT), True
    # Below NO_AGREEMENT the words are different words: down to MISPAIRED_BITS at similarity 0.4.
    return MISPAIRED_BITS * min(1.0, (NO_AGREEMENT - s) / 0.3), False


def _slip_share(a: str, b: str) -> float:
    """The share of a word's bits two spellings one keyboard slip apart keep: 0 when they are not.

    A slip at the first letter is not forgiven: "Van"/"Lan", "Heng"/"Seng", "Long"/"Vong" are
    different names far more often than typing errors."""
    if min(len(a), len(b)) < 2 or OSA.distance(a, b, score_cutoff=1) > 1:
        return 0.0
    if len(a) == len(b) and sorted(a) == sorted(b):
        return TRANSPOSED_SHARE
    return TYPO_SHARE if min(len(a), len(b)) >= 3 and a[0] == b[0] else 0.0


def unexplained_bits(word: str, freq: TokenFrequency, *, whole_names: bool = False) -> float:
    """What a word of one name that the other name does not explain costs (more where names have
    no family name, `whole_names`)."""
    if len(word) == 1:
        return UNEXPLAINED_BASE / 2  # a stray initial
    per_bit = UNEXPLAINED_PER_BIT_WHOLE_NAMES if whole_names else UNEXPLAINED_PER_BIT
    return UNEXPLAINED_BASE + per_bit * word_bits(freq(word))


def name_evidence(m: NameMatch, freq: TokenFrequency, *, whole_names: bool = False) -> NameEvidence:
    """The bits of the best reading `m` of a name pair under word frequencies `freq`; `whole_names`
    where the names have no family name (see `has_no_family_name`)."""
    bits = 0.0
    parts: list[str] = []
    explained = 0
    paired = [(tm, *_pair_bits(tm, freq)) for tm in m.matches]
    order = sorted((k for k, (_tm, b, _ok) in enumerate(paired) if b > 0), key=lambda k: -paired[k][1])
    share = {k: LATER_WORD_SHARES[min(n, len(LATER_WORD_SHARES) - 1)] for n, k in enumerate(order)}
    for k, (tm, b, ok) in enumerate(paired):
        b *= share.get(k, 1.0)
        explained += 2 * ok
        bits += b
        sign = "=" if tm.method == "exact" else "~"
        parts.append(f"{tm.a}{sign}{tm.b} {b:+.1f}")
    for word in (*m.unmatched_query, *m.unmatched_entry):
        b = unexplained_bits(word, freq, whole_names=whole_names)
        bits += b
        parts.append(f"{word} unexplained {b:+.1f}")
    if explained and bits < NAME_FLOOR_WHEN_A_WORD_AGREES:
        parts.append(f"name floored at {NAME_FLOOR_WHEN_A_WORD_AGREES:g} bits")
        bits = NAME_FLOOR_WHEN_A_WORD_AGREES
    total_words = 2 * len(m.matches) + len(m.unmatched_query) + len(m.unmatched_entry)
    explained_share = explained / total_words if total_words else 0.0
    # The reading of another script costs what its rank costs the similarity (a guess among several).
    rank = m.query_spelling.rank + m.entry_spelling.rank
    if rank:
        bits -= 0.5 * rank
        parts.append(f"spelling rank {rank} {-0.5 * rank:+.1f}")
    return NameEvidence(round(bits, 3), round(explained_share, 3), "; ".join(parts))


def has_no_family_name(names: tuple[PreparedName, ...], nationalities: frozenset[str]) -> bool:
    """Whether a person's names are of a culture without family names (tipnet.identity.names:
    NO_FAMILY_NAME nationalities, or a name written in Myanmar script)."""
    return not nationalities.isdisjoint(NO_FAMILY_NAME) or any(
        n.script == Script.MYANMAR.value for n in names
    )


def best_name_evidence(
    queries: tuple[PreparedName, ...],
    entries: tuple[PreparedName, ...],
    freq: TokenFrequency,
    *,
    whole_names: bool = False,
) -> tuple[NameMatch, NameEvidence] | None:
    """The name pair (each query name against each entry name: primary and aliases) whose evidence is
    strongest. Per pair, not the pair the similarity likes best: "LE YHI TRANG" is closer to the alias
    "Le Trang" by similarity, but "Le Thi Trang" explains every word."""
    best: tuple[NameMatch, NameEvidence] | None = None
    cache = _EVIDENCE_CACHE
    source = getattr(freq, "__self__", freq)  # one cache entry per list (a bound token_frequency)
    for q in queries:
        for e in entries:
            m = match_names(q, e)
            key = (id(source), m.matches, m.unmatched_query, m.unmatched_entry,
                   m.query_spelling.rank + m.entry_spelling.rank, whole_names)  # fmt: skip
            hit = cache.get(key)
            if hit is None or hit[0]() is not source:
                ev = name_evidence(m, freq, whole_names=whole_names)
                if len(cache) >= _EVIDENCE_CACHE_SIZE:
                    cache.clear()
                cache[key] = (weakref.ref(source), ev)
            else:
                ev = hit[1]
            if best is None or ev.bits > best[1].bits:
                best = (m, ev)
    return best


# Lists and travellers repeat names: the evidence of a word pairing under one list's frequencies is
# kept, with a weak reference to the frequency source (an index replaced by a rebuild is not kept
# alive, and an id reused by another list is not mistaken for it).
_EVIDENCE_CACHE: dict[tuple[object, ...], tuple[weakref.ref[Any], NameEvidence]] = {}
_EVIDENCE_CACHE_SIZE = 1 << 17


def name_bits_bound(names: tuple[PreparedName, ...], freq: TokenFrequency) -> float:
    """At most what these names can say against any entry (the screening pre-filter's bound): every
    word shared exactly, each at most its own bits (a pair is weighed by the commoner of its two
    words), later words discounted as in `name_evidence`; one word's bits more for a run of words read
    as one."""
    best = 0.0
    for n in names:
        for sp in n.spellings:
            words = sorted((word_bits(freq(t)) for t in sp.tokens), reverse=True)
            shares = [LATER_WORD_SHARES[min(k, len(LATER_WORD_SHARES) - 1)] for k in range(len(words))]
            total = sum(b * sh for b, sh in zip(words, shares, strict=True))
            best = max(best, total + (MAX_WORD_BITS if len(words) > 1 else 0.0))
    return best
