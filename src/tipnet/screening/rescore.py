"""A learnt re-scoring stage for screening candidates (issue 13).

The calibrated score (tipnet.screening.calibration) is one curve over a sum of bits: it cannot weigh
how the evidence combines, e.g. that a rare name with a birth year missing on the list is worth more
than a common one with the year agreeing, or that an entry whose name three other candidates share
is a weaker hit. The stage reads, for each candidate that reaches the review floor (few per traveller,
so a batch's cost barely moves), what the screener already computed (`COLUMNS`):

  - the calibrated probability and the combined bits, the name's bits and its parts (words shared
    exactly, by a slip, left unexplained, the bits of the unexplained words, the reading's spelling
    rank), the name similarity and level;
  - the levels of birth date, document, nationality and gender (an ordinal of `features.LEVELS`, NaN
    when one side lacks the value), whether the traveller and the entry have a date and a document;
  - the ambiguity: the bits the entry lost to rivals and how many, how many candidates there were, how
    many have a name at least as strong, the candidate's rank and its gap to the best one;
  - the share of the traveller's own name bound (`name_bits_bound`) the pair explains, the scripts
    (Latin or not) of the two names, the number of names (aliases) of the entry;

and a tree ensemble (`tipnet.matching.learnt`, shipped as JSON in `tipnet/screening/data/`, trained on
the calibration splits of both independent sets by bench/screening_second_stage.py, its probability
mapped by an isotonic curve fitted out of fold) gives the probability that replaces the calibrated
one. The name-only cap still applies after it, unless the stage scores the pair at or above the model's
`name_only_lift`.

The ensemble is evaluated row by row (`matching.learnt.RowScorer`): a traveller has one to three such
candidates, and numpy's per-call overhead over a hundred trees would cost more than the whole screening
of that traveller; the result equals `TreeEnsemble.probability` (tests/screening).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tipnet.matching.features import LEVELS, MISSING, name_only
from tipnet.matching.learnt import ModelFileError, TreeEnsemble, load
from tipnet.matching.record import PreparedRecord
from tipnet.matching.scoring import Evidence

MODEL_FILE = "second_stage.json"
NAN = float("nan")

COLUMNS: tuple[str, ...] = (
    "probability",
    "bits",
    "name_bits",
    "name_similarity",
    "name_level",
    "words_exact",
    "words_slip",
    "words_unexplained",
    "unexplained_bits",
    "spelling_rank",
    "birth_date",
    "document",
    "nationality",
    "gender",
    "query_dated",
    "entry_dated",
    "query_document",
    "entry_document",
    "ambiguity_bits",
    "rivals",
    "candidates",
    "stronger_names",
    "rank",
    "gap_to_best",
    "name_share",
    "query_latin",
    "entry_latin",
    "entry_names",
    "name_only",
)

_LEVEL_INDEX = {
    f: {lv: float(k) for k, lv in enumerate(levels) if lv != MISSING} for f, levels in LEVELS.items()
}
_PART = re.compile(r"(?:^|; )(\S+?)([=~])(\S+) [+-]")
_UNEXPLAINED = re.compile(r"unexplained ([+-][\d.]+)")
_RANK = re.compile(r"spelling rank (\d+)")
_SIMILARITY = re.compile(r"^similarity ([\d.]+)")
_COUNT = re.compile(r"\d+")


def _level(feature: str, level: str) -> float:
    return _LEVEL_INDEX[feature].get(level, NAN)


def name_parts(text: str) -> tuple[float, float, float, float, float, float]:
    """(similarity, words shared exactly, by a slip, unexplained words, their bits, spelling rank) from
    the name evidence's sentence (`matching.scoring.evidence_bits`: "similarity 0.97: a=b +5.0; ...")."""
    sim = _SIMILARITY.match(text)
    _, _, parts = text.partition(": ")
    exact = slip = 0
    for m in _PART.finditer(parts):
        if m.group(2) == "=":
            exact += 1
        else:
            slip += 1
    unexplained = [float(x) for x in _UNEXPLAINED.findall(parts)]
    rank = _RANK.search(parts)
    return (
        float(sim.group(1)) if sim else NAN,
        float(exact),
        float(slip),
        float(len(unexplained)),
        float(sum(unexplained)),
        float(rank.group(1)) if rank else 0.0,
    )


def _latin(script: str) -> float:
    return 1.0 if script.lower() == "latin" else 0.0


def feature_rows(
    query: PreparedRecord,
    candidates: Sequence[tuple[PreparedRecord, float, float, tuple[Evidence, ...]]],
    n_candidates: int,
    name_bound: float,
    all_bits: Sequence[float],
    all_name_bits: Sequence[float],
) -> list[list[float]]:
    """One row of `COLUMNS` per candidate (entry, combined bits, calibrated probability, evidence);
    `all_bits`, `all_name_bits`: those of every candidate of the traveller (the ambiguity columns)."""
    best = max(all_bits, default=0.0)
    q_latin = _latin(query.names[0].script) if query.names else NAN
    rows = []
    for entry, bits, p, evidence in candidates:
        ev = {e.feature: e for e in evidence}
        name = ev.get("name")
        name_bits = name.bits if name is not None else 0.0
        sim, exact, slip, unexpl, unexpl_bits, rank = (
            name_parts(name.text) if name is not None and name.level != MISSING else (NAN,) * 6
        )
        amb = ev.get("ambiguity")
        counted = _COUNT.match(amb.text) if amb is not None else None
        rivals = float(counted.group(0)) if counted else 0.0
        levels = [(e.feature, e.level) for e in evidence]
        rows.append(
            [
                p,
                bits,
                name_bits,
                sim,
                _level("name", name.level) if name is not None else NAN,
                exact,
                slip,
                unexpl,
                unexpl_bits,
                rank,
                *(
                    _level(f, ev[f].level) if f in ev else NAN
                    for f in ("birth_date", "document", "nationality", "gender")
                ),
                float(query.birth[0] > 0),
                float(entry.birth[0] > 0),
                float(bool(query.documents)),
                float(bool(entry.documents)),
                amb.bits if amb is not None else 0.0,
                rivals,
                float(n_candidates),
                float(sum(1 for b in all_name_bits if b >= name_bits - 0.5) - 1),
                float(sum(1 for b in all_bits if b > bits)),
                best - bits,
                name_bits / name_bound if name_bound > 0 else NAN,
                q_latin,
                _latin(entry.names[0].script) if entry.names else NAN,
                float(len(entry.names)),
                float(name_only(levels)),
            ]
        )
    return rows


class Rescorer:
    """A tree ensemble over `COLUMNS`, evaluated row by row, and its name-only lift."""

    def __init__(self, model: TreeEnsemble) -> None:
        model.require_columns(COLUMNS, "the screening stage")
        lift = model.meta.get("name_only_lift")
        if not isinstance(lift, (int, float)) or isinstance(lift, bool) or not 0.0 <= lift <= 1.0:
            raise ModelFileError("'name_only_lift' must be a number in [0, 1]")
        threshold = model.meta.get("threshold")
        if threshold is not None and (
            not isinstance(threshold, (int, float))
            or isinstance(threshold, bool)
            or not 0.0 <= threshold <= 1.0
        ):
            raise ModelFileError("'threshold' must be a number in [0, 1]")
        self.model = model
        self.name_only_lift = float(lift)
        self.threshold = None if threshold is None else float(threshold)
        self._rows = model.rows

    def probability(self, row: Sequence[float]) -> float:
        """The calibrated probability of one row (`TreeEnsemble.probability` of it, walked row by row:
        `matching.learnt.RowScorer`)."""
        return self._rows.probability(row)


def load_rescorer(source: Mapping[str, Any] | str | Path) -> Rescorer:
    """A `Rescorer` from a model JSON; `ModelFileError` naming the key at fault when malformed."""
    return Rescorer(load(source))


@cache
def default_rescorer() -> Rescorer | None:
    """The stage shipped with tipnet, or None when the package carries no model."""
    ref = resources.files("tipnet.screening") / "data" / MODEL_FILE
    if not ref.is_file():
        return None
    return load_rescorer(str(ref))  # as linkage.second_stage.default_model reads its model
