"""Labelled query/entry pairs for calibration and benchmarks, generated from the simulator's names.

What makes border screening hard, on purpose: the traveller's name in native script against a list
entry in Latin letters (cross-script), another romanization, given and family name swapped, a dropped
middle or second given name, keyboard typos, birth dates known only to the year or month, OCR-confused
document numbers; and look-alikes: different people of the same nationality with the same family name
and often the same birth year. The names come from `tipnet.sim.names` (native script with the Latin
spellings met in real records), independent of tipnet's own romanizer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tipnet.matching.features import FeatureLevel, compare_records
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import PersonRecord, make_record, prepare_record
from tipnet.sim.distort import respell, typo
from tipnet.sim.names import PersonName, draw_name

# Nationality mix: the region's, with the scripts that matter most; share of the total.
NATIONALITIES: dict[str, float] = {
    "KHM": 0.16,
    "THA": 0.14,
    "LAO": 0.1,
    "MMR": 0.1,
    "CHN": 0.1,
    "VNM": 0.12,
    "IDN": 0.06,
    "PHL": 0.06,
    "BGD": 0.04,
    "NPL": 0.04,
    "IND": 0.04,
    "PAK": 0.02,
}
NATIVE_SCRIPT = frozenset({"KHM", "THA", "LAO", "MMR", "CHN"})
_ALPHA2 = {"KHM": "KH", "THA": "TH", "LAO": "LA", "MMR": "MM", "CHN": "CN", "VNM": "VN"}
_OCR = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}


@dataclass(frozen=True)
class Side:
    """One person description as plain values (what a CSV row or an API body holds)."""

    name: str
    birth_date: str | None
    nationality: str | None
    gender: str | None
    document_number: str | None
    aliases: tuple[str, ...] = ()

    def record(self) -> PersonRecord:
        return make_record(
            [self.name, *self.aliases],
            birth_date=self.birth_date,
            nationality=self.nationality,
            gender=self.gender,
            document_number=self.document_number,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "birth_date": self.birth_date,
            "nationality": self.nationality,
            "gender": self.gender,
            "document_number": self.document_number,
        }


@dataclass(frozen=True)
class Pair:
    query: Side
    entry: Side
    match: bool
    script: str  # cross | latin
    variation: str  # what was done to the query (for error analysis)


@dataclass(frozen=True)
class Truth:
    name: PersonName
    sex: str
    birth: date
    document: str


def _person(rng: random.Random, nat: str | None = None, *, like: Truth | None = None) -> Truth:
    if like is not None:
        nat = like.name.nationality
        sex = like.sex if rng.random() < 0.8 else ("F" if like.sex == "M" else "M")
        name = draw_name(rng, nat, sex, family=like.name.family, keep_family=True)
        if rng.random() < 0.6:
            birth = date(like.birth.year, 1, 1) + timedelta(days=rng.randrange(365))
        else:
            birth = like.birth + timedelta(days=rng.randrange(-800, 800))
    else:
        nat = nat or rng.choices(list(NATIONALITIES), list(NATIONALITIES.values()))[0]
        sex = rng.choice("FM")
        name = draw_name(rng, nat, sex)
        birth = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    doc = rng.choice(letters) + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))
    return Truth(name, sex, birth, doc)


def entry_side(rng: random.Random, t: Truth, *, aliases: bool = False) -> Side:
    """A list entry: the passport spelling, a birth date often partial, details sometimes missing."""
    r = rng.random()
    birth: str | None = (
        t.birth.isoformat() if r < 0.6 else t.birth.isoformat()[:7] if r < 0.75 else str(t.birth.year)
    )
    if rng.random() < 0.08:
        birth = None
    alias: tuple[str, ...] = ()
    if aliases:
        alts = [t.name.display(*t.name.latin_of(respell(rng, t.name, 0.3)))]
        if t.name.nationality in NATIVE_SCRIPT:
            alts.append(t.name.native())
        alias = tuple(a for a in dict.fromkeys(alts) if a != t.name.latin())
    return Side(
        name=t.name.latin(),
        birth_date=birth,
        nationality=t.name.nationality if rng.random() < 0.9 else None,
        gender=t.sex if rng.random() < 0.8 else None,
        document_number=t.document if rng.random() < 0.3 else None,
        aliases=alias,
    )


def _ocr(rng: random.Random, doc: str) -> str:
    positions = [i for i, c in enumerate(doc) if c in _OCR]
    if not positions:
        return doc
    i = rng.choice(positions)
    return doc[:i] + _OCR[doc[i]] + doc[i + 1 :]


def query_side(rng: random.Random, t: Truth, *, cross: bool) -> tuple[Side, str]:
    """A traveller as a manifest or a clerk records them, and what was varied."""
    n = t.name
    done: list[str] = []
    if cross:
        name = n.native()
        done.append("native script")
    else:
        spelling = respell(rng, n, 0.6)
        family, middle, given = n.latin_of(spelling)
        if spelling != n.spelling:
            done.append("respelled")
        if middle and rng.random() < 0.2:
            middle = ""
            done.append("middle dropped")
        if " " in given and rng.random() < 0.2:
            given = given.split(" ")[0]
            done.append("given truncated")
        swap = rng.random() < 0.3
        if swap:
            done.append("order swapped")
        name = n.display(family, middle, given, swap=swap)
        if rng.random() < 0.2:
            name = " ".join(
                typo(rng, w) if i == k else w
                for k in [rng.randrange(len(name.split()))]
                for i, w in enumerate(name.split())
            )
            done.append("typo")
        if rng.random() < 0.3:
            name = name.upper()
    r = rng.random()
    birth: str | None = t.birth.isoformat()
    if r < 0.1:
        birth = None
        done.append("no birth date")
    elif r < 0.2:
        birth = str(t.birth.year)
        done.append("birth year only")
    elif r < 0.25:
        birth = t.birth.isoformat()[:7]
        done.append("birth month only")
    elif r < 0.28:  # clerks' slips: day and month swapped, or the year one off
        b = t.birth
        wrong = (
            date(b.year, b.day, b.month)
            if b.day <= 12 and b.day != b.month
            else b.replace(year=b.year + 1, day=min(b.day, 28))
        )
        birth = wrong.isoformat()
        done.append("birth date slip")
    doc: str | None = None
    if rng.random() < 0.5:
        doc = t.document
        if rng.random() < 0.2:
            doc = _ocr(rng, doc)
            done.append("OCR document")
    nat = t.name.nationality
    if rng.random() < 0.3:
        nat = _ALPHA2.get(nat, nat)
    if rng.random() < 0.02:  # a second nationality, or a wrong one typed
        nat = rng.choice(list(NATIONALITIES))
        done.append("other nationality")
    sex = t.sex
    if rng.random() < 0.01:
        sex = "F" if sex == "M" else "M"
        done.append("gender wrong")
    side = Side(name, birth, nat if rng.random() < 0.95 else None, sex if rng.random() < 0.9 else None, doc)
    return side, ", ".join(done) or "as on passport"


def generate_pairs(n: int, *, seed: int, match_share: float = 0.5, aliases: bool = False) -> list[Pair]:
    """`n` labelled pairs, reproducible from `seed`; about a third cross-script.

    Non-matches are mostly look-alikes (same family name, often the same birth year), the rest other
    people of the same nationality: the pairs a candidate index actually brings to the scorer."""
    rng = random.Random(seed)
    out: list[Pair] = []
    while len(out) < n:
        t = _person(rng)
        cross = t.name.nationality in NATIVE_SCRIPT and rng.random() < 0.6
        entry = entry_side(rng, t, aliases=aliases)
        if rng.random() < match_share:
            q, how = query_side(rng, t, cross=cross)
            out.append(Pair(q, entry, True, "cross" if cross else "latin", how))
        else:
            r = rng.random()
            other = (
                _person(rng, like=t) if r < 0.6 else _person(rng, t.name.nationality if r < 0.85 else None)
            )
            q, how = query_side(rng, other, cross=cross)
            out.append(Pair(q, entry, False, "cross" if cross else "latin", "look-alike; " + how))
    return out


def pair_levels(pairs: list[Pair]) -> list[tuple[list[FeatureLevel], bool]]:
    """Each pair's comparison levels and label, prepared as screening prepares queries and entries."""
    out = []
    for p in pairs:
        q = prepare_record(p.query.record(), spellings=QUERY_SPELLINGS)
        e = prepare_record(p.entry.record())
        out.append((compare_records(q, e), p.match))
    return out
