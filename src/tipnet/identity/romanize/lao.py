"""Lao names to Latin: a syllable parser giving the Lao romanization and the French-style spellings
of Lao passports (Souphanouvong, Phomvihane, Sisavath, Xaysomboun, Bounmy).

Lao spelling is close to pronunciation, so one parser does most of the work; the French colonial
habits are variants with costs: u → ou, final i → y, ຊ → x, ວ → v, final ນ → nh, -on → -one,
final ດ → th, ແ → e. A small lexicon holds spellings too irregular for rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked, ranked_product, title_token

_C = "ກ-ຮໜ-ໟ"
_MARKS = "ັິີຶືຸູົ"
_TONES = re.compile("[\u0ec8-\u0ecb\u0ec6\u0eba]")
_CANCEL = re.compile("[ກ-ຮໜ-ໟ][ິຸ]?\u0ecc")

_ONSET = f"(?:ຫ[ງຍນມຣລວ]|[{_C}]ຼ|[ກຂຄ]ວ(?=[ັາະຽ])|[{_C}])"
_O = f"(?P<o>{_ONSET})"
_F = f"(?P<f>[{_C}](?![{_MARKS}ະາຳຽໍ])(?!ອ[{_C}]|ອ$)(?![{_C}]$))"

_PATTERNS: tuple[tuple[str, str], ...] = (
    (f"ເ{_O}ົາ", "ao"),
    (f"ເ{_O}ັ{_F}", "e"),
    (f"ເ{_O}ຍ", "ia"),
    (f"ເ{_O}ືອ{_F}?", "uea"),
    (f"ເ{_O}[ິີ]{_F}?", "oe"),
    (f"ເ{_O}ະ", "e"),
    (f"ເ{_O}{_F}?", "e"),
    (f"ແ{_O}ະ", "ae"),
    (f"ແ{_O}ັ?{_F}?", "ae"),
    (f"ໂ{_O}ະ", "o"),
    (f"ໂ{_O}{_F}?", "o"),
    (f"[ໃໄ]{_O}", "ai"),
    (f"{_O}ຽ{_F}?", "ia"),
    (f"{_O}ົວ{_F}?", "ua"),
    (f"{_O}ົ{_F}", "o"),
    (f"{_O}ັຍ", "ai"),
    (f"{_O}ັ{_F}", "a"),
    (f"{_O}ະ", "a"),
    (f"{_O}າ{_F}?", "aa"),
    (f"{_O}ຳ", "am"),
    (f"{_O}ິ{_F}?", "i"),
    (f"{_O}ີ{_F}?", "ii"),
    (f"{_O}[ຶື]ອ?{_F}?", "ue"),
    (f"{_O}ຸ{_F}?", "u"),
    (f"{_O}ູ{_F}?", "uu"),
    (f"{_O}ໍ", "aw"),
    (f"{_O}ອ{_F}?", "aw"),
    (f"{_O}ວ{_F}", "ua"),
    (f"{_O}{_F}", "o"),
    (f"{_O}", "a"),
)
_COMPILED = tuple((re.compile(p), v) for p, v in _PATTERNS)
_UNNAMED = re.compile(r"\(\?P<[of]>")
_ANY = re.compile("|".join(f"(?P<p{i}>{_UNNAMED.sub('(?:', p)})" for i, (p, _v) in enumerate(_PATTERNS)))

_KH = (("kh", 0.0), ("k", 0.5))
_TH = (("th", 0.0), ("t", 0.5))
_PH = (("ph", 0.0), ("p", 0.5))
_INITIAL: dict[str, tuple[Option, ...]] = {
    "ກ": (("k", 0.0),),
    "ຂ": _KH,
    "ຄ": _KH,
    "ຆ": _KH,
    "ງ": (("ng", 0.0),),
    "ຈ": (("ch", 0.0), ("j", 0.4)),
    "ຉ": (("ch", 0.0),),
    "ສ": (("s", 0.0), ("x", 0.5)),
    "ຊ": (("x", 0.0), ("s", 0.2)),
    "ຌ": (("ch", 0.0),),
    "ຍ": (("ny", 0.0), ("y", 0.25), ("gn", 0.35)),
    "ຎ": (("n", 0.0),),
    "ດ": (("d", 0.0),),
    "ຕ": (("t", 0.0),),
    "ຖ": _TH,
    "ທ": _TH,
    "ຘ": _TH,
    "ນ": (("n", 0.0),),
    "ບ": (("b", 0.0),),
    "ປ": (("p", 0.0),),
    "ຜ": _PH,
    "ຝ": (("f", 0.0),),
    "ພ": _PH,
    "ຟ": (("f", 0.0),),
    "ຠ": _PH,
    "ມ": (("m", 0.0),),
    "ຢ": (("y", 0.0),),
    "ຣ": (("r", 0.0), ("l", 0.4)),
    "ລ": (("l", 0.0),),
    "ວ": (("v", 0.0), ("w", 0.3)),
    "ຨ": (("s", 0.0),),
    "ຩ": (("s", 0.0),),
    "ຫ": (("h", 0.0),),
    "ຬ": (("l", 0.0),),
    "ອ": (("", 0.0),),
    "ຮ": (("h", 0.0),),
    "ໜ": (("n", 0.0),),
    "ໝ": (("m", 0.0),),
}
_FINAL: dict[str, tuple[Option, ...]] = {}
for _chars, _opts in (
    ("ກຂຄ", (("k", 0.0), ("ck", 0.5))),
    ("ງ", (("ng", 0.0),)),
    ("ດຕຈຊສທຖ", (("t", 0.0), ("th", 0.35), ("d", 0.5))),
    ("ນຍຣລ", (("n", 0.0), ("nh", 0.35))),
    ("ບປພຟ", (("p", 0.0), ("b", 0.6))),
    ("ມ", (("m", 0.0),)),
    ("ວ", (("o", 0.0), ("v", 0.5), ("w", 0.5))),
):
    for _ch in _chars:
        _FINAL[_ch] = _opts
_FINAL["ຍ"] = (("i", 0.0), ("y", 0.2))

_VOWEL: dict[str, tuple[Option, ...]] = {
    "a": (("a", 0.0),),
    "aa": (("a", 0.0), ("aa", 0.8)),
    "am": (("am", 0.0),),
    "i": (("i", 0.0), ("y", 0.4)),
    "ii": (("i", 0.0), ("y", 0.3), ("ee", 0.6)),
    "ue": (("ue", 0.0), ("eu", 0.2), ("u", 0.5)),
    "u": (("ou", 0.0), ("u", 0.2), ("oo", 0.7)),
    "uu": (("ou", 0.0), ("u", 0.2), ("oo", 0.6)),
    "e": (("e", 0.0),),
    "ae": (("ae", 0.0), ("e", 0.2)),
    "o": (("o", 0.0),),
    "aw": (("o", 0.0), ("or", 0.5)),
    "oe": (("oe", 0.0), ("eu", 0.3), ("er", 0.5)),
    "ia": (("ia", 0.0), ("ie", 0.15)),
    "uea": (("uea", 0.0), ("ua", 0.2), ("eua", 0.3)),
    "ua": (("ua", 0.0), ("oua", 0.2)),
    "ai": (("ai", 0.0), ("ay", 0.15)),
    "ao": (("ao", 0.0), ("av", 0.7)),
}


@dataclass(frozen=True)
class Syllable:
    """One parsed Lao syllable: onset letters, vowel code, final letter."""

    onset: str
    vowel: str
    final: str


def parse_word(word: str) -> list[Syllable]:
    """Syllables of one Lao word, tone marks ignored, letters under the cancellation mark ໌ dropped."""
    w = _CANCEL.sub("", _TONES.sub("", word))
    out: list[Syllable] = []
    i, n = 0, len(w)
    while i < n:
        m = _ANY.match(w, i)
        if m is None:
            i += 1
            continue
        pattern, vowel = _COMPILED[int(m.lastgroup[1:]) if m.lastgroup else 0]
        mm = pattern.match(w, i)
        assert mm is not None
        out.append(Syllable(mm.group("o") or "", vowel, mm.groupdict().get("f") or ""))
        i = mm.end()
    return out


def _onset_options(onset: str) -> tuple[Option, ...]:
    if len(onset) == 2:
        first, second = onset[0], onset[1]
        if second == "ຼ":
            return (("l", 0.0),) if first == "ຫ" else tuple((a + "l", c) for a, c in _INITIAL.get(first, ()))
        if first == "ຫ":
            return _INITIAL.get(second, (("", 0.0),))
        return tuple((a + "w", c) for a, c in _INITIAL.get(first, ()))
    return _INITIAL.get(onset, (("", 0.0),))


def _syllable_options(s: Syllable) -> list[tuple[Option, ...]]:
    onset = _onset_options(s.onset)
    if s.final == "ນ" and s.vowel in ("o", "aw"):  # French -one: Phone, Somphone, Khamphone
        return [onset, (("on", 0.0), ("one", 0.3), ("orn", 0.6))]
    if s.final == "ຍ" and s.vowel in ("aa", "a", "o", "aw", "u", "uu", "ua"):
        base = {"aa": "a", "a": "a", "o": "o", "aw": "o", "u": "ou", "uu": "ou", "ua": "ua"}[s.vowel]
        return [onset, ((base + "i", 0.0), (base + "y", 0.15))]
    if s.final == "ວ" and s.vowel in ("aa", "a", "i", "ii", "e", "ae", "ia"):
        base = {"aa": "a", "a": "a", "i": "i", "ii": "i", "e": "e", "ae": "ae", "ia": "ia"}[s.vowel]
        alts: tuple[Option, ...] = ((base + "o", 0.0), (base + "v", 0.4), (base + "w", 0.5))
        if base == "ae":
            alts = (("aeo", 0.0), ("eo", 0.15), ("aew", 0.5), ("eo", 0.2))
        return [onset, alts]
    final = _FINAL.get(s.final, (("", 0.0),)) if s.final else (("", 0.0),)
    return [onset, _VOWEL[s.vowel], final]


# Spellings too irregular for the rules, best first.
LEXICON: dict[str, tuple[str, ...]] = {
    "ສຸພານຸວົງ": ("Souphanouvong",),
    "ພົມວິຫານ": ("Phomvihane", "Phomvihan"),
    "ສີສະຫວາດ": ("Sisavath", "Sisavat"),
    "ສີສຸລິດ": ("Sisoulith", "Sisoulit"),
    "ທອງລຸນ": ("Thongloun", "Thonglun"),
    "ບຸນມີ": ("Bounmy", "Bounmi", "Bunmi"),
    "ແກ້ວ": ("Keo", "Kaeo", "Kaew"),
    "ສົມສັກ": ("Somsack", "Somsak"),
    "ພູມີ": ("Phoumy", "Phoumi"),
    "ວົງສາ": ("Vongsa", "Wongsa"),
    "ຈັນທະວົງ": ("Chanthavong", "Chanthawong"),
    "ຄຳ": ("Kham",),
    "ແສງ": ("Seng", "Saeng"),
    "ໄຊຍະສອນ": ("Xayasone", "Saiyasone", "Xaiyasone"),
    "ວຽງຈັນ": ("Vientiane", "Viangchan"),
    "ສີ": ("Sy", "Si"),
    "ອາລຸນ": ("Aloun", "Alun"),
    "ສຸກ": ("Souk", "Suk"),
    "ບົວ": ("Boua", "Bua"),
    "ພອນ": ("Phone", "Phon"),
    "ມະນີ": ("Manee", "Many", "Mani"),
    "ຈັນ": ("Chanh", "Chan"),
    "ວັນ": ("Vanh", "Van"),
    "ໄຊ": ("Xay", "Sai", "Xai"),
    "ທ້າວ": ("Thao",),
    "ນາງ": ("Nang",),
}


@lru_cache(maxsize=65536)
def word_options(word: str, limit: int = 8) -> tuple[Option, ...]:
    """Ranked spellings of one Lao word: lexicon first, then the parser's spellings and variants."""
    lexical = LEXICON.get(_TONES.sub("", word)) or LEXICON.get(word)
    parts: list[tuple[Option, ...]] = []
    for syl in parse_word(word):
        parts.extend(_syllable_options(syl))
    generated = [
        (title_token(t), c + (0.3 if lexical else 0.0))
        for t, c in ranked_product(parts, limit + 4)
        if not _INNER_NH.search(t)  # -nh is French for a final n at the end of a word only
    ]
    return tuple(merge_ranked(ranked(lexical or ()), generated, limit=limit))


_INNER_NH = re.compile("nh(?=.)")


def lao_word(word: str) -> str:
    """The parser's first spelling of one Lao word (lower case, no lexicon)."""
    parts: list[tuple[Option, ...]] = []
    for syl in parse_word(word):
        parts.extend(_syllable_options(syl))
    return "".join(p[0][0] for p in parts)


def romanize_lao(text: str, *, limit: int = 8) -> list[str]:
    """Ranked Latin spellings of a Lao name (words separated by spaces), best first."""
    words = [opts for raw in text.split() if (opts := word_options(raw, limit))]
    return [t for t, _c in ranked_product(words, limit, sep=" ") if t]
