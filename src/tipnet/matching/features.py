"""Comparison levels per feature: the single definition screening (Python) and linkage (SQL) read.

Each feature maps a pair of prepared records to one level, best first; `missing` (one side unknown)
always carries no evidence. The level thresholds live in `LEVELS` so that the SQL comparison levels of
linkage are generated from, not copied beside, these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rapidfuzz.distance import Levenshtein

from tipnet.matching.names import NameMatch, best_name_match
from tipnet.matching.record import PreparedRecord

MISSING = "missing"

# feature → its levels best first (missing last); name thresholds are on the identity name similarity.
LEVELS: dict[str, tuple[str, ...]] = {
    "name": ("exact", "high", "medium", "low", "disagree", MISSING),
    "birth_date": ("same_day", "same_month", "same_year", "near", "disagree", MISSING),
    "document": ("exact", "near", "disagree", MISSING),
    "nationality": ("agree", "disagree", MISSING),
    "gender": ("agree", "disagree", MISSING),
}
# The levels that tell a person from a namesake: a birth date that agrees (to the year, or a slip
# apart) or a shared document. A pair agreeing on none of them rests on the name alone (`name_only`):
# the same person or someone else of that name, which only a person can weigh, so screening and
# linkage give such pairs to review, not to an alarm or a link. Not nationality or gender: they follow
# the name, and a namesake agrees on them as often as the person does. Linkage adds its own levels
# (`linkage.comparisons.CORROBORATING`: phones, a household's address, its finer birth-date levels).
CORROBORATING: dict[str, frozenset[str]] = {
    "birth_date": frozenset(LEVELS["birth_date"][:4]),  # same_day, same_month, same_year, near
    "document": frozenset(LEVELS["document"][:2]),  # exact, near
}


def name_only(
    levels: Iterable[tuple[str, str]], corroborating: dict[str, frozenset[str]] = CORROBORATING
) -> bool:
    """Whether a pair's (feature, level)s rest on the name alone: none is a `corroborating` level (one
    side lacks birth date and document, or they disagree)."""
    return not any(level in corroborating.get(feature, ()) for feature, level in levels)


# A capped pair's probability is lowered into a band just under the cap, not onto it: the review list
# (screening) and queue (linkage) then still show the stronger name-only pairs (a rarer name, a closer
# spelling) first. Works on a float or a numpy array of probabilities above `cap`.
CAP_BAND = 0.05
T = TypeVar("T")  # a float, or a numpy array of them


def capped(p: T, cap: float, band: float = CAP_BAND) -> T:
    """`p` (above `cap` < 1) lowered into (cap - band, cap], in the same order."""
    return cap - band * (1.0 - p) / (1.0 - cap)  # type: ignore[return-value,operator]


NAME_THRESHOLDS: tuple[tuple[str, float], ...] = (
    ("exact", 0.99),
    ("high", 0.9),
    ("medium", 0.8),
    ("low", 0.65),
)


@dataclass(frozen=True, slots=True)
class FeatureLevel:
    """One feature's level for a pair, with a short human sentence of why."""

    feature: str
    level: str
    text: str
    value: float | None = None  # the raw similarity where there is one (name)


def name_level(score: float) -> str:
    for level, threshold in NAME_THRESHOLDS:
        if score >= threshold:
            return level
    return "disagree"


def compare_name(q: PreparedRecord, e: PreparedRecord) -> tuple[FeatureLevel, NameMatch | None]:
    m = best_name_match(q.names, e.names)
    if m is None:
        return FeatureLevel("name", MISSING, "no name to compare"), None
    return FeatureLevel("name", name_level(m.score), f"similarity {m.score:.2f}: {m.sentence()}", m.score), m


def _fmt(b: tuple[int, int, int]) -> str:
    y, mo, d = b
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")


def birth_level(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """Partial dates compare at the precision both sides have: 1990 vs 1990-05-01 is `same_year`.

    `near`: a year apart, or day and month transposed (05/04 read as 04/05), or same year and month
    with a different day (a clerk's slip)."""
    (ya, ma, da), (yb, mb, db) = a, b
    if not ya or not yb:
        return MISSING
    if ya == yb:
        if ma and mb:
            if ma == mb:
                if da and db:
                    return "same_day" if da == db else "near"
                return "same_month"
            if da and db and ma == db and da == mb:
                return "near"
            return "disagree"
        return "same_year"
    if abs(ya - yb) == 1:
        return "near"
    return "disagree"


def compare_birth(q: PreparedRecord, e: PreparedRecord) -> FeatureLevel:
    level = birth_level(q.birth, e.birth)
    if level == MISSING:
        return FeatureLevel("birth_date", level, "birth date unknown on one side")
    return FeatureLevel("birth_date", level, f"{_fmt(q.birth)} vs {_fmt(e.birth)}")


def document_level(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str:
    """exact; near = equal once O/0, I/1, S/5... are folded, or one edit apart; else disagree."""
    if not a or not b:
        return MISSING
    best = "disagree"
    for va, ka in a:
        for vb, kb in b:
            if va == vb:
                return "exact"
            if ka == kb or (len(va) >= 6 and Levenshtein.distance(ka, kb, score_cutoff=1) <= 1):
                best = "near"
    return best


def compare_document(q: PreparedRecord, e: PreparedRecord) -> FeatureLevel:
    level = document_level(q.documents, e.documents)
    text = {
        "exact": "same document number",
        "near": "document numbers one OCR confusion or one edit apart",
        "disagree": "different document numbers",
        MISSING: "document number unknown on one side",
    }[level]
    return FeatureLevel("document", level, text)


def nationality_level(a: frozenset[str], b: frozenset[str]) -> str:
    if not a or not b:
        return MISSING
    return "agree" if not a.isdisjoint(b) else "disagree"


def gender_level(a: str | None, b: str | None) -> str:
    if not a or not b:
        return MISSING
    return "agree" if a == b else "disagree"


class Details(Protocol):
    """What the detail levels read: a PreparedRecord, or screening's cheaper view of an entry."""

    @property
    def birth(self) -> tuple[int, int, int]: ...
    @property
    def nationalities(self) -> frozenset[str]: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def documents(self) -> tuple[tuple[str, str], ...]: ...


def detail_levels(q: Details, e: Details) -> tuple[str, str, str, str]:
    """The levels of compare_details without their sentences (birth date, document, nationality,
    gender): screening sums their bits to skip pairs that no name could lift to the threshold."""
    return (
        birth_level(q.birth, e.birth),
        document_level(q.documents, e.documents),
        nationality_level(q.nationalities, e.nationalities),
        gender_level(q.gender, e.gender),
    )


DETAIL_FEATURES = ("birth_date", "document", "nationality", "gender")  # the order of detail_levels


def compare_nationality(q: PreparedRecord, e: PreparedRecord) -> FeatureLevel:
    if not q.nationalities or not e.nationalities:
        return FeatureLevel("nationality", MISSING, "nationality unknown on one side")
    common = q.nationalities & e.nationalities
    if common:
        return FeatureLevel("nationality", "agree", "both " + ", ".join(sorted(common)))
    return FeatureLevel(
        "nationality",
        "disagree",
        f"{', '.join(sorted(q.nationalities))} vs {', '.join(sorted(e.nationalities))}",
    )


def compare_gender(q: PreparedRecord, e: PreparedRecord) -> FeatureLevel:
    if not q.gender or not e.gender:
        return FeatureLevel("gender", MISSING, "gender unknown on one side")
    if q.gender == e.gender:
        return FeatureLevel("gender", "agree", f"both {q.gender}")
    return FeatureLevel("gender", "disagree", f"{q.gender} vs {e.gender}")


def compare_records(q: PreparedRecord, e: PreparedRecord) -> list[FeatureLevel]:
    """Every feature's level for one pair, in the order of LEVELS."""
    name, _m = compare_name(q, e)
    return [name, *compare_details(q, e)]


def compare_details(q: PreparedRecord, e: PreparedRecord) -> list[FeatureLevel]:
    """The levels of every feature but the name (cheap: screening checks them first)."""
    return [compare_birth(q, e), compare_document(q, e), compare_nationality(q, e), compare_gender(q, e)]
