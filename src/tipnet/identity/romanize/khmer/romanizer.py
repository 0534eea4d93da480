"""Khmer names to ranked Latin spellings: the lexicon (whole words, else compounds of lexicon words),
the rules, then the formal systems' folds; and one formal romanization on request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from tipnet.identity.romanize.khmer.formal import alalc_word, fold_ascii, ungegn_word
from tipnet.identity.romanize.khmer.letters import DROP_JOINERS, LEK_TOO, OTHER, ZWSP
from tipnet.identity.romanize.khmer.lexicon import LEXICON, MAX_ENTRY_CLUSTERS, lexicon_options
from tipnet.identity.romanize.khmer.popular import cheapest, combine, rule_options
from tipnet.identity.romanize.khmer.syllables import (
    ClusterKey,
    cluster_key,
    letter_runs,
    parse_clusters,
    syllables,
)
from tipnet.identity.romanize.ranking import Option

System = Literal["ungegn", "alalc"]


# Costs: lexicon spellings before rule spellings before the formal systems' folds.
_RULE_OFFSET = 1.5
_UNGEGN_OFFSET = 2.4
_ALALC_OFFSET = 3.2
_SEGMENT_COST = 0.2  # per lexicon piece in a segmented compound
_RULE_PIECE_COST = 1.0  # per rule-read piece in a segmented compound
_SPACED_COST = 0.8  # Srey Mom for ស្រីមុំ


@lru_cache(maxsize=65536)
def _word_options(word: str, limit: int = 12) -> tuple[Option, ...]:
    """Ranked lowercase ASCII spellings of one Khmer word (letters and marks only)."""
    clusters = parse_clusters(word)
    if not clusters:
        return ()
    keys = tuple(cluster_key(cl) for cl in clusters)
    canons = tuple(cl.key() for cl in clusters)
    canon = "".join(canons)
    options: list[Option] = []
    if canon in LEXICON:
        options += lexicon_options(canon)
    else:
        options += _segmented_options(canons, keys)
    options += [(s, c + _RULE_OFFSET) for s, c in rule_options(keys)]
    ungegn = fold_ascii(ungegn_word(keys)).replace("'", "").lower()
    alalc = fold_ascii(alalc_word(keys)).lower()
    options += [(ungegn, _UNGEGN_OFFSET), (alalc, _ALALC_OFFSET)]
    return tuple(cheapest([(s, c) for s, c in options if s], limit))


def _segmented_options(canons: tuple[str, ...], keys: tuple[ClusterKey, ...]) -> list[Option]:
    """A compound of lexicon words (and rule-read rests) cut at syllable boundaries: ស្រី|មុំ."""
    n = len(canons)
    if n < 2:
        return []
    bounds = sorted(_syllable_cuts(keys) | {0, n})
    # best[i] = (cost, pieces) covering clusters[:i]; a piece is (start, end, from the lexicon?)
    best: dict[int, tuple[float, list[tuple[int, int, bool]]]] = {0: (0.0, [])}
    for a, i in enumerate(bounds[:-1]):
        if i not in best:
            continue
        cost_i, pieces_i = best[i]
        for j in bounds[a + 1 :]:
            piece = "".join(canons[i:j]) if j - i <= MAX_ENTRY_CLUSTERS else ""
            lex = len(piece) >= 2 and piece in LEXICON
            cost = cost_i + (_SEGMENT_COST if lex else _RULE_PIECE_COST)
            if j not in best or cost < best[j][0]:
                best[j] = (cost, [*pieces_i, (i, j, lex)])
    cost, pieces = best[n]
    if len(pieces) < 2 or not any(lex for _, _, lex in pieces):
        return []
    parts: list[list[Option]] = [
        lexicon_options("".join(canons[i:j])) if lex else list(rule_options(keys[i:j], 6))
        for i, j, lex in pieces
    ]
    joined = combine(parts, 8)
    spaced = combine([[(" " + s if k else s, c) for s, c in p] for k, p in enumerate(parts)], 4)
    return [(s, c + cost) for s, c in joined] + [(s, c + cost + _SPACED_COST) for s, c in spaced]


def _syllable_cuts(keys: tuple[ClusterKey, ...]) -> set[int]:
    """Cluster indices where a syllable starts on a whole cluster (never inside a split cluster)."""
    return {syl.start for syl in syllables(keys) if syl.start > 0}


def _capitalise(s: str) -> str:
    """Upper-case the first letter of each space-separated word ("srey mom" → "Srey Mom")."""
    if s[:1].islower() and " " not in s:
        return s[0].upper() + s[1:]
    words = s.split(" ")
    for w, word in enumerate(words):
        for i, ch in enumerate(word):
            if ch.upper() != ch.lower():  # the first cased letter (ALA-LC's ʼ is a letter, uncased)
                words[w] = word[:i] + ch.upper() + word[i + 1 :]
                break
    return " ".join(words)


def _tokens(text: str) -> list[str]:
    """Words: split on whitespace and ZWSP, joiners dropped; LEK TOO ៗ repeats the word it follows."""
    out: list[str] = []
    for tok in text.replace(ZWSP, " ").translate(DROP_JOINERS).split():
        while LEK_TOO in tok:
            head, _, tail = tok.partition(LEK_TOO)
            if head:
                out += [head, head]
            elif out:
                out.append(out[-1])
            tok = tail
        if tok:
            out.append(tok)
    return out


@lru_cache(maxsize=65536)
def _token_options(token: str, limit: int) -> tuple[Option, ...]:
    parts: list[list[Option]] = []
    for letters, run in letter_runs(token):
        if letters:
            opts = _word_options(run)
            if opts:
                parts.append([(_capitalise(s), c) for s, c in opts])
        else:
            fixed = "".join(OTHER.get(ch, ch) for ch in run)
            if fixed:
                parts.append([(fixed, 0.0)])
    return tuple((s, c) for s, c in combine(parts, limit) if s)


def romanize_khmer(text: str, *, limit: int = 8) -> list[str]:
    """The plausible Latin spellings of a Khmer name, best first, each word capitalised, no duplicates.

    Words (split on spaces and ZWSP) are romanized independently and combined cheapest-first. Latin,
    digits and other non-Khmer text are kept as written; text with no Khmer at all comes back as its
    single candidate (whitespace collapsed). Empty input gives []. All candidates are ASCII.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    per_token = [opts for tok in _tokens(text or "") if (opts := _token_options(tok, max(limit, 8)))]
    if not per_token:
        return []
    if len(per_token) == 1:
        return [s for s, _ in per_token[0][:limit]]
    combos = combine([[((" " if k else "") + s, c) for s, c in p] for k, p in enumerate(per_token)], limit)
    return [s for s, _ in combos]


def romanize_khmer_systematic(text: str, system: System = "ungegn", *, fold: bool = False) -> str:
    """One formal romanization: "ungegn" (UNGEGN 1972) or "alalc" (ALA-LC), with their diacritics.

    `fold=True` gives the diacritic-free ASCII form (`fold_ascii`). Words are capitalised; non-Khmer
    text is kept as written.
    """
    if system not in ("ungegn", "alalc"):
        raise ValueError(f"unknown system {system!r}: expected 'ungegn' or 'alalc'")
    render = ungegn_word if system == "ungegn" else alalc_word
    words: list[str] = []
    for tok in _tokens(text or ""):
        out = ""
        for letters, run in letter_runs(tok):
            if letters:
                keys = tuple(cluster_key(cl) for cl in parse_clusters(run))
                out += _capitalise(render(keys)) if keys else ""
            else:
                out += "".join(OTHER.get(ch, ch) for ch in run)
        if out:
            words.append(out)
    result = " ".join(words)
    return fold_ascii(result) if fold else result
