"""Personal names of the region: hand-built tables in native script with their common Latin spellings.

Each nationality has a table, data/names_<code>.csv, with columns kind (family, given, middle,
syllable, nickname, prefix), gender (F, M, U), weight (relative frequency), native (the name in its
own script; the Latin form for nationalities written in Latin) and latin (the spellings met in
passports, police reports, NGO files and bank records, separated by "|", most common first).

The tables are independent of tipnet's own romanizer on purpose: the simulator's ground truth must not
be produced by the code it is used to test.

How a full name is built depends on the naming custom: family name first (Khmer, Vietnamese, Chinese),
given name first (Thai, Lao, Indonesian, Filipino and the others), no family name at all (Burmese:
two to four syllables), a Vietnamese middle name, a Filipino middle name (the mother's surname), and
Indonesian single names.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tipnet.sim.rng import Weighted

FAMILY_FIRST = frozenset({"KHM", "VNM", "CHN"})
NO_SPACE_NATIVE = frozenset({"CHN", "MMR"})  # native full names written without spaces
INDONESIAN_MONONYM_RATE = 0.25  # Indonesians with a single name (common in Java)
OFFICIAL_SPELLING_RATE = 0.65  # a person's passport uses the commonest spelling of each name part
# Scripts without one official romanization: the passport's spelling is itself one of the variants.
# Elsewhere the passport spelling is the name itself (Latin script), the Vietnamese name without
# diacritics, or Hanyu Pinyin (PRC passports).
SPELLING_VARIES = frozenset({"KHM", "THA", "LAO", "MMR"})


@dataclass(frozen=True, slots=True)
class Part:
    """One name component: its native form, its Latin spellings (commonest first) and gender."""

    native: str
    latin: tuple[str, ...]
    gender: str


@dataclass(frozen=True, slots=True)
class NameTable:
    nationality: str
    family: dict[str, Weighted[Part]] | None
    given: dict[str, Weighted[Part]]
    middle: dict[str, Weighted[Part]] | None
    syllables: dict[str, Weighted[Part]] | None
    nicknames: dict[str, Weighted[Part]] | None
    prefixes: dict[str, Weighted[Part]] | None


def _by_gender(rows: list[tuple[Part, float]]) -> dict[str, Weighted[Part]] | None:
    if not rows:
        return None
    out = {}
    for g in ("F", "M"):
        sel = [(p, w) for p, w in rows if p.gender in (g, "U")]
        out[g] = Weighted([p for p, _ in sel], [w for _, w in sel])
    return out


@cache
def table(nationality: str) -> NameTable:
    """The name table of a nationality (ISO 3166-1 alpha-3), loaded once."""
    text = (resources.files("tipnet.sim") / "data" / f"names_{nationality.lower()}.csv").read_text(
        encoding="utf-8"
    )
    kinds: dict[str, list[tuple[Part, float]]] = {}
    for row in csv.DictReader(text.splitlines()):
        latin = tuple(dict.fromkeys(v.strip() for v in row["latin"].split("|") if v.strip()))
        part = Part(row["native"].strip(), latin, row["gender"].strip())
        kinds.setdefault(row["kind"].strip(), []).append((part, float(row["weight"])))
    return NameTable(
        nationality,
        _by_gender(kinds.get("family", [])),
        _by_gender(kinds.get("given", [])) or {},
        _by_gender(kinds.get("middle", [])),
        _by_gender(kinds.get("syllable", [])),
        _by_gender(kinds.get("nickname", [])),
        _by_gender(kinds.get("prefix", [])),
    )


def ascii_upper(text: str) -> str:
    """Upper case without diacritics (Vietnamese Đ becomes D), as passports and banks print names."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's true name: its parts and the spelling of each part on their own passport."""

    nationality: str
    family: Part | None
    middle: Part | None
    given: tuple[Part, ...]
    spelling: tuple[int, ...]  # Latin variant per part, in the order of `parts()`
    nickname: Part | None

    def parts(self) -> tuple[Part, ...]:
        return tuple(p for p in (self.family, self.middle) if p is not None) + self.given

    def latin_of(self, spelling: tuple[int, ...]) -> tuple[str, str, str]:
        """(family, middle, given) in Latin letters with the given variant per part."""
        words = [p.latin[i % len(p.latin)] for p, i in zip(self.parts(), spelling, strict=True)]
        k = 0
        family = middle = ""
        if self.family is not None:
            family, k = words[0], 1
        if self.middle is not None:
            middle, k = words[k], k + 1
        return family, middle, " ".join(words[k:])

    def official(self) -> tuple[str, str, str]:
        return self.latin_of(self.spelling)

    def display(self, family: str, middle: str, given: str, *, swap: bool = False) -> str:
        """The full name in the custom's order (or swapped), from parts already spelled."""
        family_first = (self.nationality in FAMILY_FIRST) != swap
        if self.nationality == "VNM" and not swap:
            words = [family, middle, given]
        elif family_first:
            words = [family, given, middle] if self.nationality != "VNM" else [family, middle, given]
        else:
            words = [given, middle, family]
        return " ".join(w for w in words if w)

    def latin(self) -> str:
        """The name as on the person's passport, in the custom's order (the truth file's name_latin)."""
        return self.display(*self.official())

    def native(self) -> str:
        """The name in the person's own script (Latin for nationalities written in Latin)."""
        if self.nationality in NO_SPACE_NATIVE:
            if self.nationality == "CHN":
                return "".join(p.native for p in self.parts())
            return "".join(p.native for p in self.given)
        fam = self.family.native if self.family else ""
        mid = self.middle.native if self.middle else ""
        giv = " ".join(p.native for p in self.given)
        return self.display(fam, mid, giv)

    def passport(self) -> tuple[str, str]:
        """(surname, given names) as printed in the passport's visual zone: upper case, no diacritics."""
        family, middle, given = self.official()
        if self.nationality == "MMR" or not family:
            # No family name: the whole name is the primary identifier (Doc 9303 Part 3, 4.6.1).
            return ascii_upper(given), ""
        if self.nationality == "VNM":
            return ascii_upper(family), ascii_upper(f"{middle} {given}")
        if self.nationality == "CHN":
            # PRC passports print the given name in pinyin as one word.
            return ascii_upper(family), ascii_upper(given.replace(" ", "").replace("-", ""))
        return ascii_upper(family), ascii_upper(given)


def _spell(rng: random.Random, nationality: str, part: Part) -> int:
    if nationality not in SPELLING_VARIES or len(part.latin) == 1 or rng.random() < OFFICIAL_SPELLING_RATE:
        return 0
    return rng.randrange(1, len(part.latin))


def draw_name(
    rng: random.Random, nationality: str, sex: str, *, family: Part | None = None, keep_family: bool = False
) -> PersonName:
    """A random name for a person of this nationality and sex ("F" or "M").

    `family` (with `keep_family`) gives relatives the same family name, as households share one.
    """
    t = table(nationality)
    fam: Part | None = None
    mid: Part | None = None
    given: tuple[Part, ...]
    if t.syllables is not None:  # Burmese
        n = rng.choices((2, 3, 4), (0.45, 0.45, 0.10))[0]
        syl = t.syllables[sex]
        first = syl.pick(rng)
        # Repeated syllables are common in women's names (Mya Mya, Thin Thin).
        second = first if sex == "F" and rng.random() < 0.2 else syl.pick(rng)
        given = (first, second, *(syl.pick(rng) for _ in range(n - 2)))
    else:
        assert t.family is not None
        fam = family if keep_family and family is not None else t.family[sex].pick(rng)
        if nationality == "VNM" and t.middle is not None:
            mid = t.middle[sex].pick(rng)
        elif nationality == "PHL" and rng.random() < 0.8:
            mid = t.family["F"].pick(rng)
        g = t.given[sex]
        given = (g.pick(rng),)
        if nationality == "IDN":
            if rng.random() < INDONESIAN_MONONYM_RATE and not keep_family:
                fam = None
            elif rng.random() < 0.3:
                given = _two(rng, g, given[0])
        elif nationality in ("BGD", "PAK") and rng.random() < 0.4:
            given = _two(rng, g, given[0])
    nick = None
    if t.nicknames is not None and rng.random() < (0.9 if nationality == "THA" else 0.4):
        nick = t.nicknames[sex].pick(rng)
    parts = tuple(p for p in (fam, mid) if p is not None) + given
    spelled: dict[int, int] = {}
    for p in parts:  # a repeated Burmese syllable is spelled the same twice
        if id(p) not in spelled:
            spelled[id(p)] = _spell(rng, nationality, p)
    return PersonName(nationality, fam, mid, given, tuple(spelled[id(p)] for p in parts), nick)


def _two(rng: random.Random, table: Weighted[Part], first: Part) -> tuple[Part, ...]:
    for _ in range(5):
        second = table.pick(rng)
        if second != first:
            return first, second
    return (first,)
