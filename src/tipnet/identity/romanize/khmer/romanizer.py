"""Khmer names to Latin: the ranked spellings Cambodian records actually carry, plus UNGEGN and ALA-LC.

ICU has no Khmer-Latin transliterator, and one spelling is never enough: the same person is ហ៊ុន សែន
in a Khmer file and "Hun Sen", "Hun Saen" or "Hŭn Sên" in others. Three sources are ranked:

1. a lexicon of frequent name words with the spellings passports and newspapers use (French-influenced:
   "ou", "ea", "ey", doubled finals as in Chann, final -h as in Sokh); a word not in it is segmented
   into lexicon words where possible (ស្រីមុំ → Sreymom);
2. a rule-based reader: orthographic clusters (consonant, COENG subscripts, vowel, signs) are grouped
   into syllables (onset, vowel, final), the vowel is read by the consonant series (a-series /
   o-series, switched by MUUSIKATOAN ៉ and TRIISAP ៊ and by the subscript), the inherent vowel of a
   final consonant is silent, BANTOC ់ shortens, and each part offers its real-world variants
   (ou/u/o, ey/ei/i, kh/k, chh/ch, ph/p, th/t, Chann/Chan, Sokh/Sok) at a cost;
3. the two formal systems (`romanize_khmer_systematic`): UNGEGN (1972, as reported by the UNGEGN
   Working Group on Romanization Systems), which reads by series with â ô é ĕ ŏ ŭ œ, and ALA-LC
   (Library of Congress tables), an Indic transliteration (ក k, គ g, ដ ṭ, ព b, ā ī ū, ṃ ḥ); both also
   folded to ASCII.

Every assigned code point of Khmer (U+1780–U+17FF) and Khmer Symbols (U+19E0–U+19FF) is handled
explicitly: see `KHMER_BLOCK_HANDLED` and `unmapped_characters`. Pure functions, no I/O.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Literal

__all__ = [
    "KHMER_BLOCK_HANDLED",
    "fold_ascii",
    "is_khmer",
    "romanize_khmer",
    "romanize_khmer_systematic",
    "unmapped_characters",
]

Option = tuple[str, float]  # a spelling and its cost (0 = preferred)
System = Literal["ungegn", "alalc"]

COENG = "\u17d2"
_ZWSP = "\u200b"
_DROP_JOINERS = dict.fromkeys((0x200C, 0x200D), None)  # ZWNJ / ZWJ: rendering hints, no sound

# --- consonants ----------------------------------------------------------------------------------------
# letter: (series, UNGEGN, ALA-LC, popular onsets best first, popular finals best first)
_CONSONANTS: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "ក": ("a", "k", "k", ("k",), ("k",)),
    "ខ": ("a", "kh", "kh", ("kh", "k"), ("k", "kh")),
    "គ": ("o", "k", "g", ("k", "g"), ("k",)),
    "ឃ": ("o", "kh", "gh", ("kh", "k"), ("k", "kh")),
    "ង": ("o", "ng", "ṅ", ("ng",), ("ng",)),
    "ច": ("a", "ch", "c", ("ch", "j", "c"), ("ch", "t")),
    "ឆ": ("a", "chh", "ch", ("chh", "ch"), ("ch",)),
    "ជ": ("o", "ch", "j", ("ch", "j"), ("ch", "t")),
    "ឈ": ("o", "chh", "jh", ("chh", "ch"), ("ch",)),
    "ញ": ("o", "nh", "ñ", ("nh", "ny", "gn"), ("nh", "n")),
    "ដ": ("a", "d", "ṭ", ("d",), ("t", "d")),
    "ឋ": ("a", "th", "ṭh", ("th", "t"), ("th", "t")),
    "ឌ": ("o", "d", "ḍ", ("d",), ("t", "d")),
    "ឍ": ("o", "th", "ḍh", ("th", "t"), ("th", "t")),
    "ណ": ("a", "n", "ṇ", ("n",), ("n", "nn")),
    "ត": ("a", "t", "t", ("t", "d"), ("t", "th")),
    "ថ": ("a", "th", "th", ("th", "t"), ("th", "t")),
    "ទ": ("o", "t", "d", ("t", "th", "d"), ("t", "th")),
    "ធ": ("o", "th", "dh", ("th", "t"), ("th", "t")),
    "ន": ("o", "n", "n", ("n",), ("n", "nn")),
    "ប": ("a", "b", "p", ("b", "p"), ("p", "b")),
    "ផ": ("a", "ph", "ph", ("ph", "p"), ("p", "ph")),
    "ព": ("o", "p", "b", ("p", "ph", "b"), ("p", "b")),
    "ភ": ("o", "ph", "bh", ("ph", "p"), ("p", "ph")),
    "ម": ("o", "m", "m", ("m",), ("m", "mm")),
    "យ": ("o", "y", "y", ("y",), ("y", "i")),
    "រ": ("o", "r", "r", ("r",), ("r", "")),
    "ល": ("o", "l", "l", ("l",), ("l", "ll")),
    "វ": ("o", "v", "v", ("v", "w"), ("v", "w", "o", "u")),
    "ឝ": ("a", "s", "ś", ("s", "sh"), ("s",)),  # obsolete, Sanskrit loans
    "ឞ": ("o", "s", "ṣ", ("s", "sh"), ("s",)),  # obsolete, Sanskrit loans
    "ស": ("a", "s", "s", ("s",), ("s", "h", "ss")),
    "ហ": ("a", "h", "h", ("h",), ("h", "")),
    "ឡ": ("a", "l", "ḷ", ("l",), ("l",)),
    "អ": ("a", "'", "ʼ", ("",), ("",)),  # the vowel carrier: no sound of its own in Latin
}
_SONORANTS = frozenset("ងញណនមយរលវ")  # a subscript sonorant leaves the cluster's series to its base

# Onset clusters read as one sound in loanwords.
_SPECIAL_ONSETS: dict[str, tuple[str, ...]] = {
    "ហ្វ": ("f", "hv"),
    "ហ្គ": ("g", "hg"),
    "ហ្ស": ("z", "hs"),
    "ហ្ប": ("b", "hb"),
}

# --- independent vowels --------------------------------------------------------------------------------
# letter: (popular best first, UNGEGN, ALA-LC)
_INDEPENDENT: dict[str, tuple[tuple[str, ...], str, str]] = {
    "ឣ": (("a",), "â", "a"),  # deprecated (= អ)
    "ឤ": (("a",), "a", "ā"),  # deprecated (= អា)
    "ឥ": (("e", "i"), "ĕ", "i"),
    "ឦ": (("ei", "ey", "i"), "ei", "ī"),
    "ឧ": (("ou", "o", "u"), "ŏ", "u"),
    "ឨ": (("ouk", "ok"), "ŏk", "uk"),  # obsolete ligature of ឧក
    "ឩ": (("ou", "u"), "o", "ū"),
    "ឪ": (("ov", "ou", "euv"), "âu", "ýu"),
    "ឫ": (("rue", "reu", "ri"), "rœ̆", "ṛ"),
    "ឬ": (("reu", "rue"), "rœ", "ṝ"),
    "ឭ": (("lue", "leu"), "lœ̆", "ḷ"),
    "ឮ": (("leu", "lue"), "lœ", "ḹ"),
    "ឯ": (("ae", "e"), "ê", "ae"),
    "ឰ": (("ai", "ay"), "ai", "ai"),
    "ឱ": (("ao", "o"), "aô", "o"),
    "ឲ": (("ao", "o"), "aô", "o"),
    "ឳ": (("au", "ov"), "âu", "au"),
}

# --- dependent vowels and rimes ------------------------------------------------------------------------
# A rime key is the dependent vowel(s) plus ំ / ះ / ់ / ័ / ៈ when present; "_open", "_closed" and
# "_lone" are the inherent vowel in an open syllable, before a final, and as a one-letter word.
# key: (popular a-series, popular o-series, UNGEGN a-series, UNGEGN o-series)
_RIMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {
    "_open": (("a", "o", "or"), ("o", "a", "or"), "â", "ô"),
    "_closed": (("a", "o", "or"), ("o", "u", "a", "ea", "oa"), "â", "ô"),
    "_lone": (("a", "ar", "or", "o"), ("o", "or", "a", "ar"), "â", "ô"),
    "ា": (("a", "ar"), ("ea", "a", "ie"), "a", "éa"),
    "ិ": (("e", "i"), ("i", "e"), "ĕ", "ĭ"),
    "ី": (("ey", "ei", "i"), ("i", "ee", "ey"), "ei", "i"),
    "ឹ": (("oe", "eu", "e", "i"), ("i", "eu", "oe", "ue"), "œ̆", "œ̆"),
    "ឺ": (("eu", "ue", "oeu"), ("eu", "ue", "oeu"), "œ", "œ"),
    "ុ": (("o", "ou", "u"), ("u", "ou", "o"), "ŏ", "ŭ"),
    "ូ": (("ou", "o", "au"), ("ou", "u", "oo"), "o", "u"),
    "ួ": (("uo", "ua", "ou", "uor"), ("uo", "ua", "ou", "uor"), "uŏ", "uŏ"),
    "ើ": (("aeu", "oeu", "eu", "ae"), ("eu", "oeu", "oe"), "aeu", "eu"),
    "ឿ": (("oeu", "eua", "oeur"), ("oeu", "eua", "oeur"), "eua", "eua"),
    "ៀ": (("ie", "ea", "ia"), ("ie", "ea", "ia"), "iĕ", "iĕ"),
    "េ": (("e", "ei", "ay"), ("e", "ei", "ay"), "é", "é"),
    "ែ": (("e", "ae", "ai"), ("e", "ae", "ai"), "ê", "ê"),
    "ៃ": (("ai", "ay", "ei"), ("ey", "ei", "ay", "ai"), "ai", "ey"),
    "ោ": (("ao", "o", "au"), ("o", "ou", "oo"), "aô", "ô"),
    "ៅ": (("ao", "au", "av"), ("ov", "ou", "ao"), "au", "ŏv"),
    "ំ": (("am", "om", "um"), ("um", "om", "oum", "am"), "âm", "ŭm"),
    "ុំ": (("om", "um", "oum"), ("um", "om", "oum"), "ŏm", "um"),
    "ាំ": (("am", "aim"), ("oam", "eam", "am"), "ăm", "ŏâm"),
    "ះ": (("ah", "as"), ("eah", "ah", "eas"), "ăh", "eăh"),
    "ាះ": (("ah",), ("eah", "ah"), "ah", "éah"),
    "ិះ": (("eh", "ih"), ("ih", "eh"), "ĕh", "ĭh"),
    "ុះ": (("oh", "ouh"), ("uh", "oh"), "ŏh", "ŭh"),
    "េះ": (("eh", "es"), ("eh", "es"), "éh", "éh"),
    "ោះ": (("aoh", "oh", "ah"), ("uoh", "oh", "ueh"), "aôh", "uŏh"),
    "់": (("a", "o"), ("o", "u", "oa"), "ă", "ŏă"),
    "ា់": (("a",), ("oa", "ea", "a", "ua"), "ă", "ŏă"),
    "័": (("a",), ("ea", "oa", "a"), "ă", "ŏă"),
    "ៈ": (("a", "ak"), ("ea", "eak"), "ăk", "eăk"),
}
# A vowel and a final read together differently from their parts: (rime key, final) → popular spellings.
_RIME_FINALS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ែ", "វ"): ("eo", "aev", "ev"),
    ("េ", "វ"): ("ev", "eo"),
    ("ៀ", "វ"): ("iev", "ieu", "iew"),
    ("័", "យ"): ("ey", "ai", "ay"),
    ("ឹ", "ម"): ("im", "em", "oem", "eum"),  # គឹម Kim, យឹម Yim, ឈឹម Chhim
}
_UNGEGN_RIME_FINALS: dict[tuple[str, str], str] = {("័", "យ"): "ey"}

# ALA-LC dependent vowels (transliteration, series-blind).
_ALALC_VOWELS: dict[str, str] = {
    "ា": "ā",
    "ិ": "i",
    "ី": "ī",
    "ឹ": "ẏ",
    "ឺ": "ȳ",
    "ុ": "u",
    "ូ": "ū",
    "ួ": "ua",
    "ើ": "oe",
    "ឿ": "ẏa",
    "ៀ": "ia",
    "េ": "e",
    "ែ": "ae",
    "ៃ": "ai",
    "ោ": "o",
    "ៅ": "au",
}
_DEPENDENT = frozenset(_ALALC_VOWELS)
# Vowels typed in two pieces (as old fonts required) and their one-code-point forms.
_SPLIT_VOWELS = {"េា": "ោ", "េី": "ើ", "ីេ": "ើ", "ាេ": "ោ", "េៀ": "ៀ", "េឿ": "ឿ"}

# --- signs ---------------------------------------------------------------------------------------------
NIKAHIT, REAHMUK, YUUKALEAPINTU = "\u17c6", "\u17c7", "\u17c8"
MUUSIKATOAN, TRIISAP, BANTOC, ROBAT = "\u17c9", "\u17ca", "\u17cb", "\u17cc"
TOANDAKHIAT, KAKABAT, AHSDA, SAMYOK_SANNYA = "\u17cd", "\u17ce", "\u17cf", "\u17d0"
VIRIAM, BATHAMASAT, AVAKRAHASANYA, ATTHACAN = "\u17d1", "\u17d3", "\u17dc", "\u17dd"
INHERENT_AQ, INHERENT_AA = "\u17b4", "\u17b5"

# Every sign and what it does; the parser reads them, this table documents and counts them.
_SIGNS: dict[str, str] = {
    NIKAHIT: "final nasal m (ំ)",
    REAHMUK: "final h (ះ)",
    YUUKALEAPINTU: "short a + glottal stop",
    MUUSIKATOAN: "switches an o-series consonant to the a-series (ប៉ = p)",
    TRIISAP: "switches an a-series consonant to the o-series",
    BANTOC: "shortens the vowel before the final",
    ROBAT: "repha r (silent in speech, r in ALA-LC)",
    TOANDAKHIAT: "silences the letter(s) under it",
    KAKABAT: "exclamation tone mark, no sound",
    AHSDA: "makes a one-letter word's inherent vowel long",
    SAMYOK_SANNYA: "short a / ea in Sanskrit loans",
    VIRIAM: "virama: kills the inherent vowel",
    COENG: "subscript consonant follows",
    BATHAMASAT: "deprecated lunar-date sign, no sound",
    AVAKRAHASANYA: "archaic Sanskrit avagraha, no sound",
    ATTHACAN: "keeps the inherent vowel of a final consonant",
    INHERENT_AQ: "invisible inherent-vowel sign (discouraged), no sound",
    INHERENT_AA: "invisible inherent-vowel sign (discouraged), no sound",
}

_SOUNDLESS = frozenset((INHERENT_AQ, INHERENT_AA, BATHAMASAT, AVAKRAHASANYA, KAKABAT))

# Punctuation, digits and symbols: the same in every system.
_OTHER: dict[str, str] = {
    "\u17d4": ".",  # KHAN
    "\u17d5": ".",  # BARIYOOSAN
    "\u17d6": ":",  # CAMNUC PII KUUH
    "\u17d7": "",  # LEK TOO: repetition sign, handled by the tokenizer
    "\u17d8": "etc.",  # BEYYAL (deprecated)
    "\u17d9": "",  # PHNAEK MUAN: ornament opening a text
    "\u17da": "",  # KOOMUUT: ornament closing a text
    "\u17db": "riel",  # CURRENCY SYMBOL RIEL
    **{chr(0x17E0 + d): str(d) for d in range(10)},  # digits
    **{chr(0x17F0 + d): str(d) for d in range(10)},  # LEK ATTAK divination numerals
    "\u19e0": "pathamasat",  # lunar date: first Asadha month
    **{chr(0x19E0 + d): f"{d} koet" for d in range(1, 16)},  # waxing days 1-15
    "\u19f0": "tuteyasat",  # lunar date: second Asadha month
    **{chr(0x19F0 + d): f"{d} roc" for d in range(1, 16)},  # waning days 1-15
}
LEK_TOO = "\u17d7"

KHMER_BLOCK_HANDLED: frozenset[str] = frozenset(
    set(_CONSONANTS) | set(_INDEPENDENT) | _DEPENDENT | set(_SIGNS) | set(_OTHER)
)
"""Every Khmer and Khmer Symbols code point the romanizer reads on purpose."""

_BLOCKS = ((0x1780, 0x17FF), (0x19E0, 0x19FF))


def is_khmer(ch: str) -> bool:
    """Is this character in the Khmer or Khmer Symbols block?"""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _BLOCKS)


def unmapped_characters(text: str) -> set[str]:
    """Assigned Khmer-block characters of `text` the romanizer does not handle (should always be empty)."""
    return {
        ch
        for ch in text
        if is_khmer(ch) and unicodedata.name(ch, None) is not None and ch not in KHMER_BLOCK_HANDLED
    }


# --- parsing: clusters ---------------------------------------------------------------------------------


@dataclass
class _Cluster:
    """One orthographic cluster: a base letter, its subscripts, vowel and signs, in any typing order."""

    base: str  # consonant, independent vowel, or "" for marks with nothing to sit on
    subs: list[str] = field(default_factory=list)
    vowel: str = ""
    signs: set[str] = field(default_factory=set)

    @property
    def is_consonant(self) -> bool:
        return self.base in _CONSONANTS

    @property
    def has_rime(self) -> bool:
        """Does the cluster carry its own vowel (so it starts a syllable and is not a final)?"""
        return bool(
            self.vowel
            or self.base in _INDEPENDENT
            or self.signs & {NIKAHIT, REAHMUK, YUUKALEAPINTU, SAMYOK_SANNYA, ATTHACAN, AHSDA}
        )

    def key(self) -> str:
        """A canonical spelling, so that lexicon lookups ignore the order marks were typed in."""
        shift = "".join(s for s in (MUUSIKATOAN, TRIISAP) if s in self.signs)
        rob = ROBAT if ROBAT in self.signs else ""
        tail = "".join(
            s
            for s in (NIKAHIT, REAHMUK, YUUKALEAPINTU, SAMYOK_SANNYA, BANTOC, TOANDAKHIAT)
            if s in self.signs
        )
        return self.base + rob + shift + "".join(COENG + s for s in self.subs) + self.vowel + tail


def _letter_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_khmer_letters, run): Khmer letters and marks vs everything else."""
    runs: list[tuple[bool, str]] = []
    for ch in text:
        letter = is_khmer(ch) and ch not in _OTHER
        if runs and runs[-1][0] == letter:
            runs[-1] = (letter, runs[-1][1] + ch)
        else:
            runs.append((letter, ch))
    return runs


def _parse(word: str) -> tuple[_Cluster, ...]:
    """Clusters of a run of Khmer letters and marks; lenient about mark order and stray marks."""
    clusters: list[_Cluster] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in _CONSONANTS or ch in _INDEPENDENT:
            clusters.append(_Cluster(ch))
        elif ch == COENG:
            if i + 1 < n and (word[i + 1] in _CONSONANTS or word[i + 1] in _INDEPENDENT):
                if not clusters:
                    clusters.append(_Cluster(""))
                clusters[-1].subs.append(word[i + 1])
                i += 1
        elif ch in _DEPENDENT:
            if not clusters:
                clusters.append(_Cluster(""))
            clusters[-1].vowel += ch
        elif ch in _SIGNS and ch not in _SOUNDLESS:
            if not clusters:
                clusters.append(_Cluster(""))
            clusters[-1].signs.add(ch)
        # anything else (joiners) carries no sound
        i += 1
    for cl in clusters:
        cl.vowel = _SPLIT_VOWELS.get(cl.vowel, cl.vowel)
    return tuple(clusters)


def _canonical(word: str) -> str:
    return "".join(cl.key() for cl in _parse(word))


# --- parsing: syllables --------------------------------------------------------------------------------


@dataclass
class _Syl:
    """A spoken syllable: onset consonants (or an independent vowel), rime, optional final."""

    cons: tuple[str, ...] = ()
    indep: str = ""
    vowel: str = ""
    signs: frozenset[str] = frozenset()
    coda: tuple[str, ...] = ()  # the final consonant, then any silent subscripts under it
    coda_signs: frozenset[str] = frozenset()
    start: int = -1  # index of the cluster the syllable starts on (-1: inside a split cluster)
    coda_at: int = -1  # index of the cluster that is this syllable's final, when it is a whole cluster
    first: bool = False  # first syllable of the word
    last: bool = False
    lone: bool = False  # the whole word is this one bare consonant

    @property
    def series(self) -> str:
        if MUUSIKATOAN in self.signs:
            return "a"
        if TRIISAP in self.signs:
            return "o"
        if not self.cons or self.cons[0] not in _CONSONANTS:
            return "a"
        s = _CONSONANTS[self.cons[0]][0]
        for sub in self.cons[1:]:
            if sub in _CONSONANTS and sub not in _SONORANTS:
                s = _CONSONANTS[sub][0]
        return s

    @property
    def bantoc(self) -> bool:
        return BANTOC in self.signs or BANTOC in self.coda_signs

    @property
    def rime_key(self) -> str:
        """The key of `_RIMES` for this syllable's vowel and signs."""
        v = self.vowel
        if SAMYOK_SANNYA in self.signs and not v:
            return "័"
        if NIKAHIT in self.signs:
            return v + "ំ"
        if REAHMUK in self.signs:
            return v + "ះ"
        if YUUKALEAPINTU in self.signs and not v:
            return "ៈ"
        if not v:
            if self.bantoc and self.coda:
                return "់"
            return "_lone" if self.lone else "_closed" if self.coda else "_open"
        if self.bantoc and v == "ា":
            return "ា់"
        return v

    @property
    def silent(self) -> bool:
        """Under TOANDAKHIAT: written but not spoken (ពោធិ៍ is "pou")."""
        return TOANDAKHIAT in self.signs


def _cluster_syl(cl: _Cluster, start: int, cons: tuple[str, ...] | None = None) -> _Syl:
    if cons is None and cl.base in _INDEPENDENT:  # ឲ្យ: the subscript closes the vowel
        return _Syl(
            indep=cl.base, coda=tuple(cl.subs), vowel=cl.vowel, signs=frozenset(cl.signs), start=start
        )
    if cons is None:
        cons = (cl.base, *cl.subs)
    return _Syl(cons=tuple(c for c in cons if c), vowel=cl.vowel, signs=frozenset(cl.signs), start=start)


_ASPIRATED = {
    "ក": "ខ",
    "គ": "ឃ",
    "ច": "ឆ",
    "ជ": "ឈ",
    "ដ": "ឋ",
    "ឌ": "ឍ",
    "ត": "ថ",
    "ទ": "ធ",
    "ប": "ផ",
    "ព": "ភ",
}
_NASALS = frozenset("ងញណនម")
_STOPS = frozenset("កខគឃចឆជឈដឋឌឍតថទធបផពភ")
_ONSET_SECONDS = frozenset("រលវយ")  # ត្រ, ក្ល, ស្វ, ក្យ: second members of native onset clusters


def _splits(cl: _Cluster, prev: _Cluster, before: tuple[str, _Cluster, _Syl | None, int] | None) -> bool:
    """Is a medial subscripted cluster read across a syllable boundary (វណ្-ណា) or as an onset (ស្ទឹង-ត្រែង)?

    Pali/Sanskrit doubles (ណ្ណ, ត្ថ, ប្ផ), nasal + stop (ម្ព, ន្ទ) and stop + stop (ក្ត) always split.
    Other clusters split unless the bare consonant before them is itself a final (after a written vowel).
    """
    c1, c2 = cl.base, cl.subs[0]
    if c1 == c2 or _ASPIRATED.get(c1) == c2:
        return True
    if (c1 in _NASALS or c1 in _STOPS) and c2 in _STOPS:
        return True
    prev_is_final = (
        prev.is_consonant
        and not prev.subs
        and not prev.has_rime
        and before is not None
        and before[2] is not None
        and _has_vowel(before[2])
    )
    if prev_is_final:
        return False
    return not (prev.has_rime and c2 in _ONSET_SECONDS)


def _takes_final(syl: _Syl) -> bool:
    return not syl.coda and not (syl.signs & {NIKAHIT, REAHMUK, YUUKALEAPINTU})


def _has_vowel(syl: _Syl) -> bool:
    return bool(syl.vowel or syl.indep or syl.signs & {NIKAHIT, REAHMUK, SAMYOK_SANNYA, ATTHACAN, AHSDA})


@lru_cache(maxsize=4096)
def _syllables(clusters: tuple[_ClusterKey, ...]) -> tuple[_Syl, ...]:
    """Group clusters into syllables.

    A subscripted consonant inside a word is split: its base closes the syllable before and its
    subscript opens the next (កម្ពុជា = kam-pu-chea, វណ្ណា = van-na). A bare consonant is a final at
    the end of a word, or before a consonant carrying a vowel when the syllable before has a written
    vowel (វាសនា = veas-na); otherwise it opens a syllable with the inherent vowel (រតនា = ro-ta-na).
    """
    cls = [_unkey(k) for k in clusters]
    units: list[tuple[str, _Cluster, _Syl | None, int]] = []  # (kind, cluster, syllable, index)
    # First pass: split medial subscripted clusters.
    for k, cl in enumerate(cls):
        prev = units[-1] if units else None
        if (
            k > 0
            and cl.subs
            and cl.is_consonant
            and prev is not None
            and prev[0] == "onset"
            and prev[2] is not None
            and _takes_final(prev[2])
            and _splits(cl, prev[1], units[-2] if len(units) > 1 else None)
        ):
            if not cl.has_rime and k == len(cls) - 1:
                units.append(("coda", cl, None, k))  # a final cluster: the subscripts are silent
            else:
                units.append(("split", cl, None, k))
                units.append(("onset", cl, _cluster_syl(cl, -1, tuple(cl.subs)), k))
        else:
            units.append(("onset", cl, _cluster_syl(cl, k), k))
    # Second pass: bare consonants that close the syllable before them.
    syls: list[_Syl] = []
    for j, (kind, cl, syl, k) in enumerate(units):
        prev = syls[-1] if syls else None
        if kind in ("coda", "split"):
            coda = (cl.base, *cl.subs) if kind == "coda" else (cl.base,)
            signs = frozenset(cl.signs) if kind == "coda" else frozenset(cl.signs & {ROBAT})
            if prev is not None and _takes_final(prev):
                prev.coda, prev.coda_signs = coda, signs
                prev.coda_at = k if kind == "coda" else -1
            else:
                syls.append(_Syl(cons=coda, signs=signs, start=-1))
            continue
        assert syl is not None
        bare = cl.is_consonant and not cl.subs and not cl.has_rime
        if bare and prev is not None and _takes_final(prev) and not prev.silent:
            nxt = units[j + 1] if j + 1 < len(units) else None
            closes = nxt is None or (
                nxt[0] == "onset" and nxt[2] is not None and _has_vowel(nxt[2]) and _has_vowel(prev)
            )
            if closes:
                prev.coda, prev.coda_signs, prev.coda_at = (cl.base,), frozenset(cl.signs), k
                continue
        syls.append(syl)
    if syls:
        syls[0].first = True
        syls[-1].last = True
        only = syls[0]
        if len(syls) == 1 and len(only.cons) == 1 and not only.coda and not _has_vowel(only):
            only.lone = True
    return tuple(syls)


# Clusters are mutable; the cache needs a hashable form.
_ClusterKey = tuple[str, tuple[str, ...], str, frozenset[str]]


def _cluster_key(cl: _Cluster) -> _ClusterKey:
    return (cl.base, tuple(cl.subs), cl.vowel, frozenset(cl.signs))


def _unkey(k: _ClusterKey) -> _Cluster:
    return _Cluster(k[0], list(k[1]), k[2], set(k[3]))


# --- the popular (passport / newspaper) reading ----------------------------------------------------------

_STEP = 0.6  # cost of each step down a best-first list


def _ranked(items: Sequence[str], step: float = _STEP, start: float = 0.0) -> list[Option]:
    return [(s, start + i * step) for i, s in enumerate(items)]


def _best(options: Sequence[Option], limit: int) -> list[Option]:
    """Deduplicate (keeping the lowest cost) and keep the `limit` cheapest, stable on ties."""
    best: dict[str, float] = {}
    for s, c in options:
        if s not in best or c < best[s]:
            best[s] = c
    return sorted(best.items(), key=_cost)[:limit]


def _cost(option: Option) -> float:
    return option[1]


def _onset_options(syl: _Syl) -> list[Option]:
    if syl.indep:
        return _ranked(_INDEPENDENT[syl.indep][0])
    if not syl.cons:
        return [("", 0.0)]
    joined = "".join(syl.cons)
    if joined in _SPECIAL_ONSETS:
        return _ranked(_SPECIAL_ONSETS[joined])
    parts: list[list[Option]] = []
    for idx, c in enumerate(syl.cons):
        if c in _INDEPENDENT:  # a subscript independent vowel (rare)
            parts.append(_ranked(_INDEPENDENT[c][0]))
            continue
        alts = _CONSONANTS[c][3]
        if c == "ប" and idx == 0 and (MUUSIKATOAN in syl.signs or len(syl.cons) > 1):
            alts = ("p", "b")  # ប៉ and ប្រ are p
        parts.append(_ranked(alts, step=0.7))
    return _combine(parts, 6)


def _combine(parts: Sequence[Sequence[Option]], limit: int) -> list[Option]:
    """The `limit` cheapest concatenations taking one option from each part (each part sorted by cost).

    With both sides sorted, the pair (i, j) has at least (i+1)(j+1)-1 pairs no dearer than itself, so
    only pairs with (i+1)(j+1) <= limit can make the cut.
    """
    out: list[Option] = [("", 0.0)]
    for part in parts:
        out = _best(
            [
                (a + b, ca + cb)
                for i, (a, ca) in enumerate(out)
                for j, (b, cb) in enumerate(part[: limit // (i + 1)])
            ],
            limit,
        )
    return out


def _vowel_options(syl: _Syl) -> list[Option]:
    """The rime without its final consonant; `_final_options` may override the pair."""
    key = syl.rime_key
    if syl.indep and not syl.vowel and key in ("_open", "_closed", "_lone"):
        return [("", 0.0)]  # an independent vowel is its own rime
    series = syl.series
    if key in _RIMES:
        pop = _RIMES[key][0 if series == "a" else 1]
        opts = _ranked(pop)
    else:
        opts = _compose_vowel(key, series)
    if not syl.cons and not syl.indep:  # vowel-initial (អ): ou for u is the customary spelling
        opts = opts + [("o" + s, c + 0.2) for s, c in opts if s.startswith("u")]
    if syl.last and not syl.coda:
        # Word-final i is written y: Ly, Rithy, Chhay, Pisey.
        opts = opts + [(s[:-1] + "y", c - 0.05) for s, c in opts if s.endswith("i")]
    return _best(opts, 8)


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
            if rest[:size] in _RIMES:
                pieces.append(_ranked(_RIMES[rest[:size]][col]))
                rest = rest[size:]
                break
        else:
            rest = rest[1:]
    return [(s + tail, c) for s, c in _combine(pieces, 6)] if pieces else [(tail, 0.0)]


def _final_options(syl: _Syl) -> list[Option]:
    if not syl.coda or TOANDAKHIAT in syl.coda_signs:
        return [("", 0.0)]
    c = syl.coda[0]
    if c in _INDEPENDENT:
        return _ranked(_INDEPENDENT[c][0])
    opts = _ranked(_CONSONANTS[c][4])
    if not syl.last:  # doubled finals (Chann, Vann) are a word-final habit
        opts = [(s, cost) for s, cost in opts if len(s) < 2 or s[0] != s[1]]
    elif syl.bantoc and c in "នណ":
        opts = [(s, 0.3 if s == "nn" else cost) for s, cost in opts]
    return opts


_SylState = tuple[tuple[str, ...], str, str, frozenset[str], tuple[str, ...], frozenset[str], bool, bool]


def _syllable_options(syl: _Syl, drop_vowel: bool) -> tuple[tuple[str, str, str, float], ...]:
    """(onset, vowel, final, cost) options for one syllable, cheapest first; cached across words."""
    state = (syl.cons, syl.indep, syl.vowel, syl.signs, syl.coda, syl.coda_signs, syl.last, syl.lone)
    return _syllable_options_cached(state, drop_vowel)


@lru_cache(maxsize=32768)
def _syllable_options_cached(state: _SylState, drop_vowel: bool) -> tuple[tuple[str, str, str, float], ...]:
    cons, indep, vowel, signs, coda, coda_signs, last, lone = state
    syl = _Syl(cons, indep, vowel, signs, coda, coda_signs, last=last, lone=lone)
    if syl.silent:
        return (("", "", "", 0.0),)
    onsets = _onset_options(syl)
    finals = _final_options(syl)
    pair = _RIME_FINALS.get((syl.rime_key, syl.coda[0])) if syl.coda else None
    if pair is not None:
        rimes = [(s, c, "") for s, c in _ranked(pair)]
    else:
        vowels = _vowel_options(syl)
        if syl.coda:  # "ar"/"or" spell a long open vowel; before a final they only double the r
            vowels = [(v, c) for v, c in vowels if not v.endswith("r")] or vowels
        if drop_vowel:  # ជាតិ is "cheat": a final short i/u after an open syllable is not spoken
            vowels = [("", 0.0)] + [(s, c + 0.5) for s, c in vowels]
        rimes = [(v, cv + cf, f) for (v, cv), (f, cf) in product(vowels, finals)]
    out = [(o, v, f, co + cr) for (o, co), (v, cr, f) in product(onsets, rimes)]
    out.sort(key=lambda t: t[3])
    return tuple(out[:8])


def _drops_final_vowel(syls: Sequence[_Syl], i: int) -> bool:
    s = syls[i]
    if not s.last or i == 0 or s.coda or s.signs - {BANTOC} or s.vowel not in ("ិ", "ុ") or s.indep:
        return False
    prev = syls[i - 1]
    return bool(prev.coda) or _has_vowel(prev)


@lru_cache(maxsize=8192)
def _rule_options(clusters: tuple[_ClusterKey, ...], limit: int = 12) -> tuple[Option, ...]:
    """Popular spellings of a word by rule, cheapest first (lowercase ASCII).

    A beam over syllables; where a final meets the next onset, doubles are kept for plain letters
    (Vanna, Phalla) and collapsed for digraphs and aspirates (Bopha, not Boppha; Rithy; Kanha).
    """
    syls = _syllables(clusters)
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
        beam = sorted(((t, c, f) for t, (c, f) in best.items()), key=_cost)[:10]
    return tuple((t, c) for t, c, _ in beam[:limit] if t)


# --- the formal systems --------------------------------------------------------------------------------


def _ungegn_word(clusters: tuple[_ClusterKey, ...]) -> str:
    """UNGEGN: series-dependent vowels with diacritics; consonants, finals and silent letters written."""
    out: list[str] = []
    for syl in _syllables(clusters):
        if syl.indep:
            onset = _INDEPENDENT[syl.indep][1]
        else:
            onset = "".join(_ungegn_consonant(c, syl) for c in syl.cons)
            if syl.cons[:1] == ("អ",) and syl.first:
                onset = onset[1:]
        key = syl.rime_key
        pair = _UNGEGN_RIME_FINALS.get((key, syl.coda[0])) if syl.coda else None
        if pair is not None:
            out.append(onset + pair)
            continue
        if syl.indep and not syl.vowel and key in ("_open", "_closed", "_lone"):
            vowel = ""
        elif key in _RIMES:
            vowel = _RIMES[key][2 if syl.series == "a" else 3]
        else:
            vowel = _ungegn_compose(key, syl.series)
        coda = "".join(_ungegn_consonant(c, None) for c in syl.coda)
        out.append(onset + vowel + coda)
    return "".join(out)


def _ungegn_consonant(c: str, syl: _Syl | None) -> str:
    if c in _INDEPENDENT:
        return _INDEPENDENT[c][1]
    if c == "ប" and syl is not None and (MUUSIKATOAN in syl.signs or len(syl.cons) > 1):
        return "p"  # ប៉, and ប before a subscript (ប្រាសាទ Prasat)
    return _CONSONANTS[c][1]


def _ungegn_compose(key: str, series: str) -> str:
    col = 2 if series == "a" else 3
    out = ""
    for ch in key:
        if ch in _RIMES:
            out += _RIMES[ch][col]
        elif ch == NIKAHIT:
            out += "m"
        elif ch == REAHMUK:
            out += "h"
    return out


def _alalc_word(clusters: tuple[_ClusterKey, ...]) -> str:
    """ALA-LC: letter-by-letter Indic values; the inherent a is written except on a syllable's final."""
    cls = [_unkey(k) for k in clusters]
    finals = {syl.coda_at for syl in _syllables(clusters)}
    out: list[str] = []
    for k, cl in enumerate(cls):
        nxt = cls[k + 1] if k + 1 < len(cls) else None
        shortened = nxt is not None and BANTOC in nxt.signs and not nxt.has_rime
        s = "r" if ROBAT in cl.signs else ""
        if cl.base in _CONSONANTS:
            s += _CONSONANTS[cl.base][2]
        elif cl.base in _INDEPENDENT:
            s += _INDEPENDENT[cl.base][2]
        s += "ʺ" if MUUSIKATOAN in cl.signs else "ʹ" if TRIISAP in cl.signs else ""
        for sub in cl.subs:
            s += _CONSONANTS[sub][2] if sub in _CONSONANTS else _INDEPENDENT[sub][2]
        if cl.vowel:
            v = "".join(_ALALC_VOWELS.get(ch, "") for ch in cl.vowel)
            s += "â" if shortened and v == "ā" else v
        elif cl.base in _CONSONANTS or not cl.base:
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


# --- lexicon -------------------------------------------------------------------------------------------
# Frequent name words → the spellings Cambodian passports, police and NGO files and newspapers use,
# most frequent first. Public figures' names are spelled as they are known in the press.
_LEXICON_SOURCE: dict[str, tuple[str, ...]] = {
    # surnames
    "ហ៊ុន": ("Hun", "Hunn", "Houn"),
    "សែន": ("Sen", "Saen", "Senn"),
    "ស": ("Sar", "Sa", "Sor"),
    "ខេង": ("Kheng",),
    "សុខ": ("Sok", "Sokh"),
    "ចាន់": ("Chan", "Chann", "Chane"),
    "គឹម": ("Kim", "Kem", "Koem"),
    "កឹម": ("Kem", "Kim", "Koem"),
    "លី": ("Ly", "Lee", "Li"),
    "ជា": ("Chea", "Chia", "Cha"),
    "កែវ": ("Keo", "Kaev", "Kev", "Kaew"),
    "ទូច": ("Touch", "Tuch", "Toch"),
    "មាស": ("Meas", "Mas", "Mias"),
    "មាន": ("Mean", "Mien", "Man"),
    "ផាន់": ("Phan", "Phann"),
    "ផុន": ("Phon", "Phonn", "Phun"),
    "ស៊ីម": ("Sim", "Seam", "Sym"),
    "សេង": ("Seng", "Sieng"),
    "ញឹម": ("Nhem", "Nhim", "Nhoem"),
    "នួន": ("Nuon", "Nuan", "Noun"),
    "ប្រាក់": ("Prak", "Brak", "Prakk"),
    "ប៉ែន": ("Pen", "Paen", "Penn"),
    "ឡុង": ("Long", "Lung"),
    "រ័ត្ន": ("Roth", "Rath", "Rott"),
    "រដ្ឋ": ("Rath", "Roth", "Rat"),
    "រដ្ឋា": ("Ratha", "Rotha", "Rattha"),
    "សំ": ("Sam", "Som", "Sum"),
    "សម": ("Sam", "Som"),
    "ហេង": ("Heng", "Hen"),
    "ហុក": ("Hok", "Hock"),
    "ឡង់ឌី": ("Lundy", "Langdy", "Landy"),
    "លឹម": ("Lim", "Lem", "Loem"),
    "សៅ": ("Sao", "Sau"),
    "ម៉ៅ": ("Mao", "Mau"),
    "ម៉ម": ("Mam", "Mom"),
    "ទេព": ("Tep", "Teb", "Thep"),
    "ថាច់": ("Thach", "Thac"),
    "ថុង": ("Thong", "Thung"),
    "យូ": ("You", "Yu", "Yoo"),
    "យុន": ("Yun", "Yon", "Youn"),
    "យស": ("Yos", "Yus", "Yous"),
    "សាយ": ("Say", "Sai"),
    "អ៊ុក": ("Ouk", "Uk", "Ok"),
    "អុក": ("Ouk", "Ok", "Uk"),
    "អ៊ុំ": ("Oum", "Um", "Om"),
    "អ៊ុច": ("Uch", "Ouch", "Och"),
    "យឹម": ("Yim", "Yem", "Yoem"),
    "ង៉ែត": ("Nget", "Ngaet"),
    "ងួន": ("Ngoun", "Nguon", "Nguan"),
    "ហួន": ("Houn", "Huon", "Hoeun"),
    "ហែម": ("Hem", "Haem"),
    "ឆៃ": ("Chhay", "Chhai", "Chay"),
    "ឈុន": ("Chhun", "Chhunn", "Chun"),
    "ឈឹម": ("Chhim", "Chhem", "Chhoem"),
    "ខៀវ": ("Khiev", "Khieu", "Khiew"),
    "ខឹម": ("Khim", "Khem", "Khoem"),
    "គង់": ("Kong", "Kung"),
    "តាំង": ("Taing", "Tang", "Teang"),
    "ម៉េង": ("Meng",),
    "ជិន": ("Chin", "Chen"),
    "ឯក": ("Ek", "Aek", "Eak"),
    "ស៊ុន": ("Sun", "Soun", "Sunn"),
    "អៀង": ("Ieng", "Eang", "Ieang"),
    "ប៉ុល": ("Pol", "Paul"),
    "ពត": ("Pot", "Poth"),
    "ឈួន": ("Chhuon", "Chhoun", "Chuon"),
    "តេង": ("Teng",),
    "ហុង": ("Hong", "Hung"),
    "ម៉ែន": ("Men", "Maen"),
    "ភី": ("Phy", "Phi"),
    "យ៉ាង": ("Yang", "Yeang"),
    "ជុំ": ("Chum", "Choum", "Chom"),
    "អ៊ិន": ("In", "Inn", "En"),
    "វង្ស": ("Vong", "Vorng", "Vung"),
    "ពុទ្ធ": ("Puth", "Put", "Pouth"),
    "ឃុន": ("Khun", "Khon", "Khunn"),
    "សៀង": ("Sieng", "Seang", "Sien"),
    "ធី": ("Thy", "Thi"),
    "ឈាន": ("Chhean", "Chhien", "Chhan"),
    "ប៊ុន": ("Bun", "Boun", "Bunn"),
    "ធឿន": ("Thoeun", "Thoeurn", "Thuen"),
    "ប៉ាន": ("Pan", "Pann"),
    "សាន": ("San", "Sann"),
    "នរោត្តម": ("Norodom",),
    "សីហនុ": ("Sihanouk", "Sihanuk"),
    "សីហមុនី": ("Sihamoni",),
    "រណឫទ្ធិ": ("Ranariddh", "Ranarith"),
    "រង្ស៊ី": ("Rainsy", "Rangsy"),
    "សំផន": ("Samphan", "Samphon"),
    "សំរិន": ("Samrin",),
    "សារី": ("Sary", "Sari"),
    # given names
    "ស្រី": ("Srey", "Srei", "Sray"),
    "ដារ៉ា": ("Dara", "Darra"),
    "សុភា": ("Sophea", "Sopha", "Sophia"),
    "សុភាព": ("Sopheap", "Sophiep", "Sophap"),
    "វណ្ណា": ("Vanna", "Vana"),
    "សំណាង": ("Samnang", "Somnang"),
    "សុខា": ("Sokha", "Sokhar"),
    "សុខុម": ("Sokhom", "Sokhum"),
    "ចន្ថា": ("Chantha", "Chanta", "Chanthea"),
    "បុប្ផា": ("Bopha", "Boppha", "Bupha"),
    "គន្ធា": ("Kunthea", "Kanthea", "Kunthia"),
    "សុធា": ("Sothea", "Sotha", "Sothia"),
    "ផល្លា": ("Phalla", "Phala"),
    "លក្ខិណា": ("Leakhena", "Leakkhena", "Lakhena"),
    "ស្រីនាង": ("Sreyneang", "Sreynieng", "Srey Neang"),
    "នាង": ("Neang", "Nang", "Nieng"),
    "វិចិត្រ": ("Vichet", "Vicheth", "Vichit"),
    "វិសាល": ("Visal", "Vishal", "Visall"),
    "ពិសី": ("Pisey", "Pisei", "Pisy"),
    "រិទ្ធី": ("Rithy", "Rithi", "Ritthy"),
    "រិទ្ធិ": ("Rithy", "Rith", "Rithi"),
    "ធីតា": ("Thida", "Thyda", "Thita"),
    "សីហា": ("Seyha", "Seiha", "Sey Ha"),
    "សុធី": ("Sothy", "Sothi"),
    "សុវណ្ណ": ("Sovann", "Sovan", "Sovanna"),
    "សុវណ្ណារ៉ា": ("Sovannara", "Sovanara"),
    "វុទ្ធី": ("Vuthy", "Vutthy", "Vuthi"),
    "វាសនា": ("Veasna", "Veasana", "Viesna"),
    "កុសល": ("Kosal", "Kusal", "Kosol"),
    "កញ្ញា": ("Kanha", "Kagna", "Kanhnha"),
    "ម៉ាលីស": ("Malis", "Maly", "Malisse"),
    "នារី": ("Nary", "Neary", "Nari"),
    "តុលា": ("Tola", "Tolea"),
    "ឌីណា": ("Dyna", "Dina"),
    "ណារិទ្ធ": ("Narith", "Nareth", "Narit"),
    "ពេជ្រ": ("Pich", "Pech", "Petch"),
    "ស្រីមុំ": ("Sreymom", "Srey Mom", "Sreymum"),
    "មុំ": ("Mom", "Mum", "Mam"),
    "ពៅ": ("Pov", "Pou", "Peou"),
    "មុនី": ("Mony", "Moni", "Muny"),
    "ចន្ទ": ("Chan", "Chanh"),
    "ច័ន្ទ": ("Chan", "Chann"),
    "សុផល": ("Sophal", "Sophol"),
    "ពិសិដ្ឋ": ("Piseth", "Piset", "Pisith"),
    "រតនា": ("Rotana", "Ratana", "Rathana"),
    "រតនៈ": ("Rathanak", "Ratanak", "Rotanak"),
    "សុជាតិ": ("Socheat", "Sochet", "Sochiet"),
    "ដាវី": ("Davy", "Davi"),
    "ណារី": ("Nary", "Nari"),
    "លីនា": ("Lina", "Leena"),
    "ល័ក្ខ": ("Leak", "Leakh", "Lak"),
    "ស្រីល័ក្ខ": ("Sreyleak", "Srey Leak"),
    "ចំរើន": ("Chamroeun", "Chamreun", "Chomroeun"),
    "ទិត្យ": ("Tith", "Tit", "Thith"),
    "ធារី": ("Theary", "Thary", "Thiary"),
    "សុគន្ធា": ("Sokunthea", "Sokanthea"),
    "សុវត្ថិ": ("Sovath", "Sovatth", "Sovat"),
    "ឧត្តម": ("Oudom", "Udom", "Uttam"),
    "មករា": ("Makara", "Meakkara", "Makra"),
    "ចរិយា": ("Chariya", "Chareya"),
    "សុភី": ("Sophy", "Sophi"),
    "មេត្តា": ("Metta", "Meta"),
    "និមល": ("Nimol", "Nimul"),
    "បូរ៉ា": ("Bora", "Borra"),
    "រស្មី": ("Reaksmey", "Raksmey", "Rasmey"),
    "ចិន្តា": ("Chenda", "Chinda"),
    "ភក្តី": ("Pheakdey", "Pheakdei", "Phakdey"),
    "ពន្លក": ("Ponlok", "Punlok"),
    "សុខលី": ("Sokly", "Sokhly"),
    "សុខុន": ("Sokhon", "Sokhun"),
    "សុខេង": ("Sokheng",),
    "ស្រីពៅ": ("Sreypov", "Srey Pov", "Sreypeou"),
    "ស្រីលីន": ("Sreylin", "Srey Lin"),
    "ប៊ុនធឿន": ("Bunthoeun", "Bunthoeurn", "Bun Thoeun"),
    "ចាន់ថា": ("Chantha", "Chanthaa"),
    "សុភ័ក្ត្រ": ("Sopheak", "Sophak", "Sopheakt"),
    "ម៉ាណែត": ("Manet", "Maneth"),
    "ហ៊ុនម៉ាណែត": ("Hun Manet",),
    "ជាតិ": ("Cheat", "Chiet"),
    "ភ្នំ": ("Phnom", "Phnum"),
    "ពេញ": ("Penh", "Pen"),
    "ខ្មែរ": ("Khmer", "Khmae"),
}
# Entries typed in ways the parser reads identically are merged under one canonical key.
_LEXICON: dict[str, tuple[str, ...]] = {}
for _word, _spellings in _LEXICON_SOURCE.items():
    _k = _canonical(_word)
    _merged = [*_LEXICON.get(_k, ()), *(s.lower() for s in _spellings)]
    _LEXICON[_k] = tuple(dict.fromkeys(_merged))
del _word, _spellings, _k, _merged
LEXICON_SIZE = len(_LEXICON)
_MAX_ENTRY_CLUSTERS = max(len(_parse(w)) for w in _LEXICON_SOURCE)

# Costs: lexicon spellings before rule spellings before the formal systems' folds.
_RULE_OFFSET = 1.5
_UNGEGN_OFFSET = 2.4
_ALALC_OFFSET = 3.2
_SEGMENT_COST = 0.2  # per lexicon piece in a segmented compound
_RULE_PIECE_COST = 1.0  # per rule-read piece in a segmented compound
_SPACED_COST = 0.8  # Srey Mom for ស្រីមុំ


def _lexicon_options(key: str) -> list[Option]:
    return _ranked(_LEXICON[key], step=0.3)


@lru_cache(maxsize=65536)
def _word_options(word: str, limit: int = 12) -> tuple[Option, ...]:
    """Ranked lowercase ASCII spellings of one Khmer word (letters and marks only)."""
    clusters = _parse(word)
    if not clusters:
        return ()
    keys = tuple(_cluster_key(cl) for cl in clusters)
    canons = tuple(cl.key() for cl in clusters)
    canon = "".join(canons)
    options: list[Option] = []
    if canon in _LEXICON:
        options += _lexicon_options(canon)
    else:
        options += _segmented_options(canons, keys)
    options += [(s, c + _RULE_OFFSET) for s, c in _rule_options(keys)]
    ungegn = fold_ascii(_ungegn_word(keys)).replace("'", "").lower()
    alalc = fold_ascii(_alalc_word(keys)).lower()
    options += [(ungegn, _UNGEGN_OFFSET), (alalc, _ALALC_OFFSET)]
    return tuple(_best([(s, c) for s, c in options if s], limit))


def _segmented_options(canons: tuple[str, ...], keys: tuple[_ClusterKey, ...]) -> list[Option]:
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
            piece = "".join(canons[i:j]) if j - i <= _MAX_ENTRY_CLUSTERS else ""
            lex = len(piece) >= 2 and piece in _LEXICON
            cost = cost_i + (_SEGMENT_COST if lex else _RULE_PIECE_COST)
            if j not in best or cost < best[j][0]:
                best[j] = (cost, [*pieces_i, (i, j, lex)])
    cost, pieces = best[n]
    if len(pieces) < 2 or not any(lex for _, _, lex in pieces):
        return []
    parts: list[list[Option]] = [
        _lexicon_options("".join(canons[i:j])) if lex else list(_rule_options(keys[i:j], 6))
        for i, j, lex in pieces
    ]
    joined = _combine(parts, 8)
    spaced = _combine([[(" " + s if k else s, c) for s, c in p] for k, p in enumerate(parts)], 4)
    return [(s, c + cost) for s, c in joined] + [(s, c + cost + _SPACED_COST) for s, c in spaced]


def _syllable_cuts(keys: tuple[_ClusterKey, ...]) -> set[int]:
    """Cluster indices where a syllable starts on a whole cluster (never inside a split cluster)."""
    return {syl.start for syl in _syllables(keys) if syl.start > 0}


# --- public API ----------------------------------------------------------------------------------------


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
    for tok in text.replace(_ZWSP, " ").translate(_DROP_JOINERS).split():
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
    for letters, run in _letter_runs(token):
        if letters:
            opts = _word_options(run)
            if opts:
                parts.append([(_capitalise(s), c) for s, c in opts])
        else:
            fixed = "".join(_OTHER.get(ch, ch) for ch in run)
            if fixed:
                parts.append([(fixed, 0.0)])
    return tuple((s, c) for s, c in _combine(parts, limit) if s)


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
    combos = _combine([[((" " if k else "") + s, c) for s, c in p] for k, p in enumerate(per_token)], limit)
    return [s for s, _ in combos]


def romanize_khmer_systematic(text: str, system: System = "ungegn", *, fold: bool = False) -> str:
    """One formal romanization: "ungegn" (UNGEGN 1972) or "alalc" (ALA-LC), with their diacritics.

    `fold=True` gives the diacritic-free ASCII form (`fold_ascii`). Words are capitalised; non-Khmer
    text is kept as written.
    """
    if system not in ("ungegn", "alalc"):
        raise ValueError(f"unknown system {system!r}: expected 'ungegn' or 'alalc'")
    render = _ungegn_word if system == "ungegn" else _alalc_word
    words: list[str] = []
    for tok in _tokens(text or ""):
        out = ""
        for letters, run in _letter_runs(tok):
            if letters:
                keys = tuple(_cluster_key(cl) for cl in _parse(run))
                out += _capitalise(render(keys)) if keys else ""
            else:
                out += "".join(_OTHER.get(ch, ch) for ch in run)
        if out:
            words.append(out)
    result = " ".join(words)
    return fold_ascii(result) if fold else result
