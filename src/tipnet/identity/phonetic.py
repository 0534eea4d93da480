"""Phonetic keys for South-East Asian names, beside the standard English ones.

Soundex and Metaphone were built for English surnames and split the spellings that matter here:
Khmer, Thai, Lao and Burmese names reach Latin through several systems, so Kh/K, Ch/J, Ph/P/F,
Th/T (aspirated or not), ou/u/o and ey/ei/i/ee are the same sound written differently.
`regional_key` folds those; two spellings with the same key are "the same name said aloud".

Rules, applied in order to the lower-case ASCII letters of a token:

1. multi-letter consonants: tch/chh/ch/j/zh/q → c;  kh/gh/ck/c/q → k (a lone c is k: Cuong, Cao);
   ph/f/bh → p;  th/dh → t;  sh → s;  x/z → s (Lao x, pinyin x);  hs (Wade-Giles) → s;
   gn/ny/nh → n (Lao gn, Burmese ny, Vietnamese nh);  v/w → w;  qu → kw;
2. h after a consonant, before a consonant at the start, or at the end of a word is dropped
   (Burmese Htun/Tun, Hlaing, Khmer Sokha/Sokhah); aew/aeo/ew/eo → eo (Kaew, Kaeo, Keo); w after a
   vowel and before no vowel is u;
3. r before a consonant or at the end is dropped (Thai passport Porn/Phon, Korn/Kon, Prasert/Prasoet);
4. vowels: ou/oo/uu/u/o/aw/au/ao → u;  ey/ei/ee/ii/i/y → i;  ae/ai/ay/aai → ai;  ea/ia/ie → ia;
   ue/eu/oe/er → e;  aa → a;
5. final d → t, final l → n (Thai Kamol/Kamon), final nh → n;
6. repeated letters collapse (Chaiwatt, Sommai, Phommachanh).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish

from tipnet.identity.romanize import fold_latin

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"tch|chh|ch|zh|j", "C"),  # C: the ch/j sound
        (r"qu", "kw"),
        (r"q", "C"),
        (r"kh|gh|ck|c(?![hC])|g(?=h)", "k"),
        (r"ph|bh|f", "p"),
        (r"th|dh", "t"),
        (r"hs|sh|x|z", "s"),
        (r"gn|ny|nh", "n"),
        (r"v", "w"),
        (r"(?<=[bcdfgjklmnpqrstvwxzC])h|h$", ""),
        (r"^h(?=[^aeiouy])", ""),
        (r"ae[ow](?![aeiouy])|e[ow](?![aeiouy])", "E"),  # E: Kaew, Kaeo, Keo
        (r"(?<=[aeiou])w(?![aeiouy])", "u"),
        (r"r(?=[bcdfgjklmnpqstvwxzC]|$)", ""),
        (r"aai|ae|ai|ay(?![aeiou])", "A"),  # A: the ai sound
        (r"ea|ia|ie", "I"),  # I: ia
        (r"ue|eu|oe|er", "e"),
        (r"aw(?![aeiou])|au|ao|ou|oo|uu|o", "u"),
        (r"ee|ei|ey|ii|y(?![aeiouAIU])", "i"),
        (r"aa", "a"),
        (r"d$", "t"),
        (r"l$", "n"),
        (r"(.)\1+", r"\1"),
    )
)
_OUT = str.maketrans({"C": "j", "A": "ai", "I": "ia", "E": "eo"})


@lru_cache(maxsize=131072)
def regional_key(token: str) -> str:
    """The regional phonetic key of one name word ("Chhay" → "jai", "Souk" → "suk", "Porn" → "pun")."""
    s = fold_latin(token).lower()
    for pattern, repl in _RULES:
        s = pattern.sub(repl, s)
    return s.translate(_OUT)


def name_key(name: str) -> str:
    """Regional keys of a name's words, sorted and space-joined: an order-free blocking key."""
    return " ".join(sorted(k for w in re.split(r"[\s\-']+", name) if (k := regional_key(w))))


@lru_cache(maxsize=65536)
def phonetic_keys(token: str) -> dict[str, str]:
    """All keys of one word: `regional` beside jellyfish's `metaphone`, `soundex` and `nysiis`."""
    ascii_token = re.sub(r"[^A-Za-z]", "", fold_latin(token))
    if not ascii_token:
        return {"regional": "", "metaphone": "", "soundex": "", "nysiis": ""}
    return {
        "regional": regional_key(token),
        "metaphone": jellyfish.metaphone(ascii_token),
        "soundex": jellyfish.soundex(ascii_token),
        "nysiis": jellyfish.nysiis(ascii_token),
    }
