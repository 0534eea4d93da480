"""Burmese names to Latin: the common spellings (Aung San Suu Kyi, Min Aung Hlaing) and MLCTS.

Burmese names have no family name: each syllable is a name element and is written as its own
Latin word. The customary spellings are phonetic and far from the script (သိန်း is "Thein",
MLCTS "sin"), so a syllable's spelling comes from a lexicon of common name syllables, else from
rules on its onset (with the medials ျ ြ ွ ှ) and its rhyme (vowel signs plus the final under the
asat ်). MLCTS (Myanmar Language Commission Transcription System, tones dropped) is offered too.
Text must be Unicode, not the legacy Zawgyi encoding. Titles (U, Daw, Ko, Ma, Maung) are kept as
words here; `tipnet.identity.names` separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked, ranked_product, title_token

_CONS = "\u1000-\u1021\u103f"
_INDEP = "\u1023-\u102a"
_ASAT = "\u103a"
_VIRAMA = "\u1039"
_DOT = "\u1037"  # creaky tone: Myint, Thant
_VISARGA = "\u1038"  # high tone: Soe
_MEDIALS = "\u103b\u103c\u103d\u103e"
_VOWELS = "\u102b\u102c\u102d\u102e\u102f\u1030\u1031\u1032\u1036"

# A syllable: onset (consonant or independent vowel), medials, vowel signs and tones, then an
# optional final: a consonant killed by the asat, or the upper consonant of a stack (C + virama).
_SYLLABLE = re.compile(
    f"(?P<onset>[{_CONS}{_INDEP}])(?P<medials>[{_MEDIALS}]*)(?P<vowels>[{_VOWELS}{_DOT}{_VISARGA}{_ASAT}]*)"
    f"(?:(?P<final>[{_CONS}])(?P<fdot>{_DOT}?)(?:{_ASAT}|{_VIRAMA}))?(?P<tail>[{_DOT}{_VISARGA}{_ASAT}]*)"
)


@dataclass(frozen=True)
class Syllable:
    """One Burmese syllable as written, split into its parts."""

    text: str
    onset: str
    medials: str
    vowels: str  # vowel signs without tone marks or asat
    final: str
    tone: str  # "." (creaky, ့), ":" (high, း) or ""


def syllables(text: str) -> list[Syllable]:
    """The syllables of a Burmese text, in order; spaces and other characters are skipped."""
    out: list[Syllable] = []
    i, n = 0, len(text)
    while i < n:
        m = _SYLLABLE.match(text, i)
        if m is None:
            i += 1
            continue
        marks = (m.group("vowels") or "") + (m.group("fdot") or "") + (m.group("tail") or "")
        tone = "." if _DOT in marks else ":" if _VISARGA in marks else ""
        vowels = "".join(c for c in marks if c in _VOWELS)
        out.append(
            Syllable(m.group(0), m.group("onset"), m.group("medials"), vowels, m.group("final") or "", tone)
        )
        i = m.end()
    return out


# --- MLCTS ---------------------------------------------------------------------------------

_MLCTS_ONSET = dict(
    zip(
        "ကခဂဃငစဆဇဈဉညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအ",
        "k hk g gh ng c hc j jh ny ny t ht d dh n t ht d dh n p hp b bh m y r l w s h l -".split(),  # noqa: SIM905
        strict=True,
    )
)
_MLCTS_INDEP = {"ဣ": "i.", "ဤ": "i", "ဥ": "u.", "ဦ": "u", "ဧ": "e", "ဩ": "au:", "ဪ": "au", "ဿ": "ss"}
_MLCTS_FINAL = {
    "က": "k",
    "စ": "c",
    "ည": "ny",
    "ဉ": "ny",
    "င": "ng",
    "တ": "t",
    "န": "n",
    "ပ": "p",
    "မ": "m",
    "ယ": "y",
}


def _mlcts_vowel(v: str) -> str:
    if "\u1031" in v and ("\u102c" in v or "\u102b" in v):
        return "au"
    if "\u102d" in v and "\u102f" in v:
        return "ui"
    for sign, roman in (("\u102d", "i"), ("\u102e", "i"), ("\u102f", "u"), ("\u1030", "u"), ("\u1031", "e")):
        if sign in v:
            return roman
    return "ai" if "\u1032" in v else "a"


def mlcts_syllable(s: Syllable) -> str:
    """MLCTS for one syllable, tones dropped (passports never carry them)."""
    if s.onset in _MLCTS_INDEP:
        onset, vowel = "", _MLCTS_INDEP[s.onset].rstrip(".:")
    else:
        onset = _MLCTS_ONSET.get(s.onset, "").replace("-", "")
        vowel = _mlcts_vowel(s.vowels)
    med = ""
    if "\u103e" in s.medials:
        onset = "h" + onset
    if "\u103b" in s.medials:
        med += "y"
    if "\u103c" in s.medials:
        med += "r"
    if "\u103d" in s.medials:
        med += "w"
    final = _MLCTS_FINAL.get(s.final, "")
    if "\u1036" in s.vowels:
        final = "m"
    if final and vowel == "a" and "\u1031" not in s.vowels:
        vowel = "a"
    return onset + med + vowel + final


def mlcts(text: str) -> str:
    """MLCTS of a Burmese name, one Latin word per syllable."""
    return " ".join(title_token(mlcts_syllable(s)) for s in syllables(text))


# --- common spellings ------------------------------------------------------------------------

_ONSET: dict[str, tuple[Option, ...]] = {
    "က": (("k", 0.0),),
    "ခ": (("kh", 0.0), ("k", 0.5)),
    "ဂ": (("g", 0.0),),
    "ဃ": (("g", 0.0),),
    "င": (("ng", 0.0),),
    "စ": (("s", 0.0), ("z", 0.6)),
    "ဆ": (("s", 0.0), ("hs", 0.3)),
    "ဇ": (("z", 0.0),),
    "ဈ": (("z", 0.0),),
    "ဉ": (("ny", 0.0),),
    "ည": (("ny", 0.0),),
    "ဋ": (("t", 0.0),),
    "ဌ": (("ht", 0.0),),
    "ဍ": (("d", 0.0),),
    "ဎ": (("d", 0.0),),
    "ဏ": (("n", 0.0),),
    "တ": (("t", 0.0),),
    "ထ": (("ht", 0.0), ("t", 0.2)),
    "ဒ": (("d", 0.0),),
    "ဓ": (("d", 0.0),),
    "န": (("n", 0.0),),
    "ပ": (("p", 0.0),),
    "ဖ": (("ph", 0.0), ("hp", 0.2), ("p", 0.4)),
    "ဗ": (("b", 0.0),),
    "ဘ": (("b", 0.0),),
    "မ": (("m", 0.0),),
    "ယ": (("y", 0.0),),
    "ရ": (("y", 0.0), ("r", 0.3)),
    "လ": (("l", 0.0),),
    "ဝ": (("w", 0.0),),
    "သ": (("th", 0.0), ("t", 0.5)),
    "ဟ": (("h", 0.0),),
    "ဠ": (("l", 0.0),),
    "အ": (("", 0.0),),
}
# Onset + ya/ra medial (ျ ြ): the palatal spellings.
_PALATAL = {
    "က": "ky",
    "ခ": "ch",
    "ဂ": "gy",
    "ပ": "py",
    "ဖ": "phy",
    "ဗ": "by",
    "ဘ": "by",
    "မ": "my",
    "လ": "ly",
}
_HA = {"လ": "hl", "မ": "hm", "န": "hn", "ည": "hny", "င": "hng", "ဝ": "hw", "ရ": "sh", "ယ": "sh"}

_RHYME_FINAL_CLASS = {
    "က": "k",
    "စ": "c",
    "ည": "ny",
    "ဉ": "ny",
    "င": "ng",
    "တ": "t",
    "ဋ": "t",
    "န": "n",
    "ဏ": "n",
}
_RHYME_FINAL_CLASS |= {"ပ": "t", "မ": "n", "ယ": "y", "ဿ": "t"}


def _vowel_class(v: str) -> str:
    if "\u1031" in v and ("\u102c" in v or "\u102b" in v):
        return "aw"
    if "\u102d" in v and "\u102f" in v:
        return "o"
    if "\u102d" in v or "\u102e" in v:
        return "i"
    if "\u102f" in v or "\u1030" in v:
        return "u"
    if "\u1031" in v:
        return "e"
    if "\u1032" in v:
        return "ai"
    return "a"


# (vowel class, final class) -> spellings best first. Final classes: k c ny ng t n y, m for ံ.
_RHYMES: dict[tuple[str, str], tuple[Option, ...]] = {
    ("a", ""): (("a", 0.0), ("ar", 0.5), ("ah", 0.6)),
    ("i", ""): (("i", 0.0), ("ee", 0.2)),
    ("u", ""): (("u", 0.0), ("oo", 0.3), ("uu", 0.5)),
    ("e", ""): (("e", 0.0), ("ay", 0.2), ("ai", 0.3), ("ei", 0.35)),
    ("ai", ""): (("e", 0.0), ("ai", 0.2), ("eh", 0.4)),
    ("aw", ""): (("aw", 0.0), ("aung", 9.0)),
    ("o", ""): (("o", 0.0), ("oe", 0.1)),
    ("a", "k"): (("et", 0.0),),
    ("aw", "k"): (("auk", 0.0),),
    ("o", "k"): (("aik", 0.0), ("ike", 0.4)),
    ("a", "ng"): (("in", 0.0), ("inn", 0.5)),
    ("aw", "ng"): (("aung", 0.0),),
    ("o", "ng"): (("aing", 0.0), ("ine", 0.4)),
    ("a", "c"): (("it", 0.0),),
    ("a", "ny"): (("i", 0.0), ("ee", 0.3), ("e", 0.4)),
    ("a", "t"): (("at", 0.0), ("ut", 0.6)),
    ("i", "t"): (("eik", 0.0), ("ate", 0.4)),
    ("u", "t"): (("oke", 0.0), ("ok", 0.2)),
    ("a", "n"): (("an", 0.0),),
    ("i", "n"): (("ein", 0.0), ("ain", 0.5)),
    ("u", "n"): (("on", 0.0), ("ohn", 0.2), ("one", 0.3)),
    ("a", "y"): (("e", 0.0), ("ay", 0.3), ("eh", 0.5)),
    ("a", "m"): (("an", 0.0),),
    ("i", "m"): (("ein", 0.0),),
    ("u", "m"): (("on", 0.0), ("ohn", 0.2)),
}
_INDEP_COMMON = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}


def _common_options(s: Syllable) -> list[tuple[Option, ...]]:
    if s.onset in _INDEP_COMMON:
        base = _INDEP_COMMON[s.onset]
        return [((base, 0.0), ("oo", 0.3)) if base == "u" else ((base, 0.0),)]
    medial_w = "\u103d" in s.medials
    if "\u103e" in s.medials and s.onset in _HA:
        onset: tuple[Option, ...] = ((_HA[s.onset] + ("w" if medial_w and s.onset != "ဝ" else ""), 0.0),)
        if s.onset in "ရယ" or "\u103b" in s.medials:
            onset = (("sh" + ("w" if medial_w else ""), 0.0),)
        medial_w = False
    elif ("\u103b" in s.medials or "\u103c" in s.medials) and s.onset in _PALATAL:
        onset = ((_PALATAL[s.onset], 0.0),)
        if s.onset == "က":
            onset = (("ky", 0.0), ("ch", 0.5))
    else:
        onset = _ONSET.get(s.onset, (("", 0.0),))
    vclass = _vowel_class(s.vowels)
    fclass = "m" if "\u1036" in s.vowels else _RHYME_FINAL_CLASS.get(s.final, "")
    if medial_w and vclass == "a" and fclass in ("n", "t", "m"):
        rhyme: tuple[Option, ...] = (("un", 0.0),) if fclass != "t" else (("ut", 0.0),)
        medial_w = False
    else:
        rhyme = _RHYMES.get((vclass, fclass)) or _RHYMES.get((vclass, "")) or (("a", 0.0),)
    if s.tone == "." and fclass in ("n", "ng", "m") and rhyme[0][0].endswith("n"):
        rhyme = ((rhyme[0][0] + "t", 0.0), *((r, c + 0.2) for r, c in rhyme))  # Myint, Thant, Nyunt
    if s.tone == ":" and (vclass, fclass) == ("o", ""):
        rhyme = (("oe", 0.0), ("o", 0.1))  # Soe, Moe
    if medial_w:
        onset = tuple((o + "w", c) for o, c in onset)
    return [onset, rhyme]


# Common name syllables and their customary spellings, best first.
LEXICON: dict[str, tuple[str, ...]] = {
    "အောင်": ("Aung",),
    "ကျော်": ("Kyaw",),
    "မြင့်": ("Myint",),
    "သိန်း": ("Thein",),
    "ထွန်း": ("Htun", "Tun", "Htoon"),
    "ဝင်း": ("Win",),
    "မောင်": ("Maung", "Mg"),
    "ငြိမ်း": ("Nyein",),
    "လှိုင်": ("Hlaing",),
    "ဇော်": ("Zaw",),
    "နိုင်": ("Naing",),
    "စိုး": ("Soe",),
    "သန့်": ("Thant",),
    "စု": ("Su", "Suu"),
    "ခင်": ("Khin",),
    "အိ": ("Ei",),
    "ဖြိုး": ("Phyo",),
    "ဝေ": ("Wai", "Way", "We"),
    "ရီ": ("Yee", "Yi"),
    "ဦး": ("U", "Oo"),
    "ဒေါ်": ("Daw",),
    "ကို": ("Ko",),
    "မ": ("Ma",),
    "ဆန်း": ("San",),
    "ကြည်": ("Kyi",),
    "စိန်": ("Sein",),
    "ရွှေ": ("Shwe",),
    "သန်း": ("Than",),
    "ထင်": ("Htin", "Tin"),
    "မင်း": ("Min",),
    "မြ": ("Mya",),
    "နု": ("Nu",),
    "သူ": ("Thu",),
    "ထက်": ("Htet",),
    "လွင်": ("Lwin",),
    "နွယ်": ("Nwe",),
    "ချစ်": ("Chit",),
    "ညွန့်": ("Nyunt",),
    "ဟန်": ("Han",),
    "ဘ": ("Ba",),
    "မိုး": ("Moe",),
    "ဇင်": ("Zin",),
    "သက်": ("Thet",),
    "ဖုန်း": ("Phone", "Hpone"),
    "ခိုင်": ("Khaing",),
    "ဥ": ("Oo", "U"),
    "မြတ်": ("Myat",),
    "ကောင်း": ("Kaung",),
    "ညို": ("Nyo",),
    "သီ": ("Thi", "Thee"),
    "လှ": ("Hla",),
    "ဆွေ": ("Swe",),
    "သော်": ("Thaw",),
    "တင်": ("Tin",),
    "ပိုင်": ("Paing",),
    "ဟိန်း": ("Hein",),
    "လင်း": ("Lin",),
    "ထား": ("Htar", "Hta"),
    "နီ": ("Ni", "Nee"),
    "ဖြူ": ("Phyu",),
    "ပြည့်": ("Pyae", "Pyi"),
    "ဝါ": ("Wah", "Wa"),
    "ရဲ": ("Ye", "Yae"),
    "ဇာ": ("Zar", "Za"),
}


@lru_cache(maxsize=16384)
def syllable_options(text: str) -> tuple[Option, ...]:
    """Ranked spellings of one syllable: lexicon, then the rules' spellings, then MLCTS."""
    parsed = syllables(text)
    if not parsed:
        return ()
    s = parsed[0]
    lexical = LEXICON.get(s.text)
    generated = [
        (title_token(t), c + (0.3 if lexical else 0.0)) for t, c in ranked_product(_common_options(s), 4)
    ]
    return tuple(
        merge_ranked(ranked(lexical or ()), generated, [(title_token(mlcts_syllable(s)), 0.9)], limit=6)
    )


def romanize_burmese(text: str, *, limit: int = 8) -> list[str]:
    """Ranked Latin spellings of a Burmese name, one word per syllable, best first; MLCTS among them."""
    parts = [opts for s in syllables(text) if (opts := syllable_options(s.text))]
    common = ranked_product(parts, limit, sep=" ")
    m = mlcts(text)
    out = [
        t for t, _c in merge_ranked(common, [(m, 0.95 + 0.05 * len(parts))] if m else [], limit=limit) if t
    ]
    if m and m not in out and limit >= 3 and len(out) >= limit:
        out[-1] = m  # MLCTS is always among the candidates, last
    return out
