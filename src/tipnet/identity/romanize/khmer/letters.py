"""The Khmer and Khmer Symbols blocks letter by letter: consonants with their series and readings,
vowels and rimes, signs, digits and punctuation, and the list of what the romanizer reads on purpose.
"""

from __future__ import annotations

import unicodedata

COENG = "\u17d2"
ZWSP = "\u200b"
DROP_JOINERS = dict.fromkeys((0x200C, 0x200D), None)  # ZWNJ / ZWJ: rendering hints, no sound

# letter: (series, UNGEGN, ALA-LC, popular onsets best first, popular finals best first)
CONSONANTS: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
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
SONORANTS = frozenset("ងញណនមយរលវ")  # a subscript sonorant leaves the cluster's series to its base

# Onset clusters read as one sound in loanwords.
SPECIAL_ONSETS: dict[str, tuple[str, ...]] = {
    "ហ្វ": ("f", "hv"),
    "ហ្គ": ("g", "hg"),
    "ហ្ស": ("z", "hs"),
    "ហ្ប": ("b", "hb"),
}

# --- independent vowels --------------------------------------------------------------------------------
# letter: (popular best first, UNGEGN, ALA-LC)
INDEPENDENT: dict[str, tuple[tuple[str, ...], str, str]] = {
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
RIMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {
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
RIME_FINALS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ែ", "វ"): ("eo", "aev", "ev"),
    ("េ", "វ"): ("ev", "eo"),
    ("ៀ", "វ"): ("iev", "ieu", "iew"),
    ("័", "យ"): ("ey", "ai", "ay"),
    ("ឹ", "ម"): ("im", "em", "oem", "eum"),  # គឹម Kim, យឹម Yim, ឈឹម Chhim
}
UNGEGN_RIME_FINALS: dict[tuple[str, str], str] = {("័", "យ"): "ey"}

# ALA-LC dependent vowels (transliteration, series-blind).
ALALC_VOWELS: dict[str, str] = {
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
DEPENDENT = frozenset(ALALC_VOWELS)
# Vowels typed in two pieces (as old fonts required) and their one-code-point forms.
SPLIT_VOWELS = {"េា": "ោ", "េី": "ើ", "ីេ": "ើ", "ាេ": "ោ", "េៀ": "ៀ", "េឿ": "ឿ"}

# --- signs ---------------------------------------------------------------------------------------------
NIKAHIT, REAHMUK, YUUKALEAPINTU = "\u17c6", "\u17c7", "\u17c8"
MUUSIKATOAN, TRIISAP, BANTOC, ROBAT = "\u17c9", "\u17ca", "\u17cb", "\u17cc"
TOANDAKHIAT, KAKABAT, AHSDA, SAMYOK_SANNYA = "\u17cd", "\u17ce", "\u17cf", "\u17d0"
VIRIAM, BATHAMASAT, AVAKRAHASANYA, ATTHACAN = "\u17d1", "\u17d3", "\u17dc", "\u17dd"
INHERENT_AQ, INHERENT_AA = "\u17b4", "\u17b5"

# Every sign and what it does; the parser reads them, this table documents and counts them.
SIGNS: dict[str, str] = {
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

SOUNDLESS = frozenset((INHERENT_AQ, INHERENT_AA, BATHAMASAT, AVAKRAHASANYA, KAKABAT))

# Punctuation, digits and symbols: the same in every system.
OTHER: dict[str, str] = {
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
    set(CONSONANTS) | set(INDEPENDENT) | DEPENDENT | set(SIGNS) | set(OTHER)
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
