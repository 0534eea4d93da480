"""The two formal systems, UNGEGN (1972, series-dependent vowels with diacritics) and ALA-LC (an Indic
transliteration), and the fold of their diacritics to ASCII.
"""

from __future__ import annotations

import unicodedata

from tipnet.identity.romanize.khmer.letters import (
    ALALC_VOWELS,
    BANTOC,
    CONSONANTS,
    INDEPENDENT,
    MUUSIKATOAN,
    NIKAHIT,
    REAHMUK,
    RIMES,
    ROBAT,
    SAMYOK_SANNYA,
    TRIISAP,
    UNGEGN_RIME_FINALS,
)
from tipnet.identity.romanize.khmer.syllables import ClusterKey, Syllable, syllables, unkey


def ungegn_word(clusters: tuple[ClusterKey, ...]) -> str:
    """UNGEGN: series-dependent vowels with diacritics; consonants, finals and silent letters written."""
    out: list[str] = []
    for syl in syllables(clusters):
        if syl.indep:
            onset = INDEPENDENT[syl.indep][1]
        else:
            onset = "".join(_ungegn_consonant(c, syl) for c in syl.cons)
            if syl.cons[:1] == ("អ",) and syl.first:
                onset = onset[1:]
        key = syl.rime_key
        pair = UNGEGN_RIME_FINALS.get((key, syl.coda[0])) if syl.coda else None
        if pair is not None:
            out.append(onset + pair)
            continue
        if syl.indep and not syl.vowel and key in ("_open", "_closed", "_lone"):
            vowel = ""
        elif key in RIMES:
            vowel = _ungegn_rime(key, syl.series)
        else:
            vowel = _ungegn_compose(key, syl.series)
        coda = "".join(_ungegn_consonant(c, None) for c in syl.coda)
        out.append(onset + vowel + coda)
    return "".join(out)


def _ungegn_consonant(c: str, syl: Syllable | None) -> str:
    if c in INDEPENDENT:
        return INDEPENDENT[c][1]
    if c == "ប" and syl is not None and (MUUSIKATOAN in syl.signs or len(syl.cons) > 1):
        return "p"  # ប៉, and ប before a subscript (ប្រាសាទ Prasat)
    return CONSONANTS[c][1]


def _ungegn_rime(key: str, series: str) -> str:
    _pop_a, _pop_o, ungegn_a, ungegn_o = RIMES[key]
    return ungegn_a if series == "a" else ungegn_o


def _ungegn_compose(key: str, series: str) -> str:
    out = ""
    for ch in key:
        if ch in RIMES:
            out += _ungegn_rime(ch, series)
        elif ch == NIKAHIT:
            out += "m"
        elif ch == REAHMUK:
            out += "h"
    return out


def alalc_word(clusters: tuple[ClusterKey, ...]) -> str:
    """ALA-LC: letter-by-letter Indic values; the inherent a is written except on a syllable's final."""
    cls = [unkey(k) for k in clusters]
    finals = {syl.coda_at for syl in syllables(clusters)}
    out: list[str] = []
    for k, cl in enumerate(cls):
        nxt = cls[k + 1] if k + 1 < len(cls) else None
        shortened = nxt is not None and BANTOC in nxt.signs and not nxt.has_rime
        s = "r" if ROBAT in cl.signs else ""
        if cl.base in CONSONANTS:
            s += CONSONANTS[cl.base][2]
        elif cl.base in INDEPENDENT:
            s += INDEPENDENT[cl.base][2]
        s += "ʺ" if MUUSIKATOAN in cl.signs else "ʹ" if TRIISAP in cl.signs else ""
        for sub in cl.subs:
            s += CONSONANTS[sub][2] if sub in CONSONANTS else INDEPENDENT[sub][2]
        if cl.vowel:
            v = "".join(ALALC_VOWELS.get(ch, "") for ch in cl.vowel)
            s += "â" if shortened and v == "ā" else v
        elif cl.base in CONSONANTS or not cl.base:
            final = k in finals and not cl.has_rime
            if SAMYOK_SANNYA in cl.signs:
                s += "á"
            elif not final or cl.signs & {NIKAHIT, REAHMUK}:
                s += "ă" if shortened else "a"
        if NIKAHIT in cl.signs:
            s += "ṃ"
        if REAHMUK in cl.signs:
            s += "ḥ"
        out.append(s)
    return "".join(out)


# --- folding -------------------------------------------------------------------------------------------

_FOLD_FIRST = str.maketrans({"ṅ": "ng", "Ṅ": "Ng", "ñ": "nh", "Ñ": "Nh", "œ": "oe", "Œ": "Oe", "æ": "ae"})
_FOLD_DROP = dict.fromkeys(map(ord, "ʼʻʹʺ′″‛"), None)


def fold_ascii(text: str) -> str:
    """Diacritics off: â→a, ŭ→u, ṃ→m, œ→oe; ṅ→ng and ñ→nh so the nasals stay apart; modifier marks dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_FIRST))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD_DROP)
    return stripped.encode("ascii", "ignore").decode("ascii")
