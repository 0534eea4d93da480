"""Screening: a traveller → candidates from the index → scored pairs → hits at or above the threshold.

Each pair's evidence is summed in bits by the matching core (tipnet.matching.scoring.evidence_bits):
the name word by word, weighed by each word's frequency in the list being screened against, every word
of both names explained; birth date, documents, nationality and gender at their calibrated bits. The
bits become a probability through the screening calibration (tipnet.screening.calibration, fitted on
the independent set's calibration split), whose default threshold was chosen on that split too.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tipnet.matching.features import DETAIL_FEATURES, capped, compare_details, detail_levels, name_only
from tipnet.matching.name_evidence import name_bits_bound
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import PersonRecord, PreparedRecord, RecordError, prepare_record
from tipnet.matching.scoring import Evidence, Weights, default_weights, evidence_bits
from tipnet.screening.calibration import Calibration, default_calibration
from tipnet.screening.index import ListInfo, ScreeningIndex
from tipnet.screening.live import LiveIndex
from tipnet.screening.rescore import Rescorer, default_rescorer, feature_rows

CANDIDATES = 20  # entries scored per query, best blocking weight first
MAX_HITS = 10
CANDIDATE_FLOOR = 0.3  # share of the best candidate's blocking weight a candidate needs
# A hit resting on the name alone (no birth date on one side, no document shared) cannot tell the
# listed person from a namesake: the listed person travels, or someone else of that name does. The
# pairs this cap lowers are the listed person 19 times in 33 on the first independent set's calibration
# split (bench/independent, 0.58) and 67 in 272 on the second's (bench/independent2, 0.25), whatever
# their calibrated score said (up to 0.9), and the name's rarity does not tell them apart: far from
# what an alarm needs (BENCHMARKS.md, session 10). Their score is capped
# at NAME_ONLY_CAP, just below the default threshold, so they land in the review band (REVIEW_FLOOR up
# to the threshold: `Result.review`), to be looked at, not acted on. The capped scores keep their
# order in a band just below the cap (`matching.features.capped`), so the review list still shows the
# stronger pairs (a rarer name, a closer spelling) first: the ceiling bench's oracle takes the rarest at
# about three in four right (BENCHMARKS.md, "The screening ceiling of the independent sets").
NAME_ONLY_CAP = 0.3
REVIEW_FLOOR = 0.2


# One feature's part in a score (feature, level, bits, text); named out here because Hit has a field
# called `list`, which inside the class body hides the builtin from the type checker.
Explanation = list[dict[str, Any]]


@dataclass(frozen=True)
class Hit:
    """A list entry that may be the traveller, how likely, and why."""

    list: str
    entry_id: str
    score: float
    explanation: Explanation
    name: str = ""
    topics: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The shape of `tipnet screen --json`: list, entry_id, score, explanation."""
        return {
            "list": self.list,
            "entry_id": self.entry_id,
            "score": self.score,
            "explanation": self.explanation,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.to_json(), "name": self.name, "topics": list(self.topics)}


@dataclass(frozen=True)
class Result:
    """One screening: the hits, best first, and the list versions they were found in."""

    hits: list[Hit]
    lists: list[ListInfo]
    candidates: int
    error: str | None = None
    threshold: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    # possible matches for a person to look at: scored from the review floor up to the threshold
    review: list[Hit] = field(default_factory=list)


class Screener:
    """Screens persons against an index with one set of weights and a default threshold."""

    def __init__(
        self,
        index: ScreeningIndex | LiveIndex,
        weights: Weights | None = None,
        threshold: float | None = None,
        calibration: Calibration | None = None,
        *,
        name_only_cap: float | None = NAME_ONLY_CAP,
        review_floor: float = REVIEW_FLOOR,
        rescorer: Rescorer | bool | None = True,
    ) -> None:
        """`rescorer`: the learnt re-scoring stage (`tipnet.screening.rescore`): True for the shipped
        one (if shipped and on by default), False or None for none, or a `Rescorer` of one's own. The
        default threshold is then the stage's (chosen with it), unless a calibration is given."""
        self.index = index
        self.weights = weights or default_weights()
        self.calibration = calibration or default_calibration()
        if rescorer is True:
            shipped = default_rescorer()
            rescorer = shipped if shipped is not None and shipped.model.meta.get("on_by_default") else None
        self.rescorer: Rescorer | None = rescorer or None
        default = self.calibration.threshold
        if self.rescorer is not None and self.rescorer.threshold is not None and calibration is None:
            default = self.rescorer.threshold
        self.threshold = default if threshold is None else threshold
        self.name_only_cap = name_only_cap
        self.review_floor = review_floor
        self._hopeless_seen: dict[tuple[tuple[str, str, str, str], float, float], bool] = {}

    def prepare(self, record: PersonRecord) -> PreparedRecord:
        """RecordError when the query has no readable name."""
        return prepare_record(record, spellings=QUERY_SPELLINGS)

    def screen_prepared(
        self, query: PreparedRecord, *, threshold: float | None = None, limit: int = MAX_HITS
    ) -> Result:
        t = self.threshold if threshold is None else threshold
        floor = min(t, self.review_floor)
        ix = self.index
        found: list[tuple[float, Hit]] = []
        scored, n_candidates = self.scored(query, floor)
        for i, bits, p, evidence in self.rescored(query, scored, n_candidates):
            if p >= floor:
                list_name, entry_id, primary, topics = ix.describe(i)
                explanation = [ev.to_dict() for ev in evidence]
                found.append((bits, Hit(list_name, entry_id, p, explanation, primary, topics)))
        # best first; pairs capped alike keep the order of their evidence (a rare name before a common one)
        found.sort(key=lambda bh: (-bh[1].score, -bh[0], bh[1].list, bh[1].entry_id))
        hits = [h for _b, h in found if h.score >= t]
        review = [h for _b, h in found if h.score < t]
        return Result(hits[:limit], list(ix.lists), n_candidates, threshold=t, review=review[:limit])

    def rescored(
        self,
        query: PreparedRecord,
        scored: list[tuple[int, float, tuple[Evidence, ...]]],
        n_candidates: int,
    ) -> list[tuple[int, float, float, tuple[Evidence, ...]]]:
        """Each scored candidate's (entry index, bits, score, evidence): the calibrated probability,
        re-scored by the learnt stage where it reaches the review floor (the stage's probability
        replaces it; see `stage_rows`), then capped as `probability` says."""
        dated = bool(query.birth[0])
        cal = self.calibration
        ps = [round(cal.probability(bits), 4) for _i, bits, _ev in scored]
        stage = self.rescorer
        learnt: dict[int, float] = {}
        if stage is not None:
            up = [k for k, p in enumerate(ps) if p >= self.review_floor]
            if up:
                rows = self.stage_rows(query, scored, ps, n_candidates, up)
                learnt = {k: round(stage.probability(row), 4) for k, row in zip(up, rows, strict=True)}
        out = []
        for k, (i, bits, evidence) in enumerate(scored):
            p = ps[k]
            lift = False
            if k in learnt and stage is not None:
                q = learnt[k]
                lift = q >= stage.name_only_lift
                # A pair resting on the name alone keeps its calibrated score and its cap unless the
                # stage lifts it: below the lift the stage cannot tell the person from a namesake
                # either, and the cap keeps such pairs in review, in the order of their evidence.
                if lift or not (
                    dated
                    and self.name_only_cap is not None
                    and name_only((ev.feature, ev.level) for ev in evidence)
                ):
                    note = f"learnt re-scoring of the evidence together: {p:.2f} -> {q:.2f}"
                    evidence = (*evidence, Evidence("learnt", "rescored", 0.0, note))
                    p = q
            if not lift:
                p, evidence = self.probability(bits, evidence, dated=dated, p=p)
            out.append((i, bits, p, evidence))
        return out

    def _capped_name_only(self, p: float, evidence: tuple[Evidence, ...]) -> bool:
        return (
            self.name_only_cap is not None
            and p > self.name_only_cap
            and name_only((ev.feature, ev.level) for ev in evidence)
        )

    def stage_rows(
        self,
        query: PreparedRecord,
        scored: list[tuple[int, float, tuple[Evidence, ...]]],
        ps: list[float],
        n_candidates: int,
        which: list[int],
    ) -> list[list[float]]:
        """The learnt stage's feature rows (`rescore.COLUMNS`) of the candidates `which` (positions in
        `scored`, whose calibrated probabilities are `ps`)."""
        ix = self.index
        bound = name_bits_bound(query.names, ix.token_frequency)
        name_bits = [next((e.bits for e in evs if e.feature == "name"), 0.0) for _i, _b, evs in scored]
        chosen = [(ix.entry(scored[k][0]), scored[k][1], ps[k], scored[k][2]) for k in which]
        return feature_rows(query, chosen, n_candidates, bound, [b for _i, b, _e in scored], name_bits)

    def probability(
        self, bits: float, evidence: tuple[Evidence, ...], *, dated: bool = True, p: float | None = None
    ) -> tuple[float, tuple[Evidence, ...]]:
        """The calibrated probability of a pair's combined bits, capped at `name_only_cap` when the
        query has a birth date (`dated`: a traveller's passport) and yet nothing but the name agrees
        (`name_only`: the entry has no birth date, or it disagrees, and no document is shared); the
        cap is added to the evidence. A query without a birth date is a search by name: the person
        asking gave only a name and gets the names' ranking. `p`: the probability to cap instead of the
        calibrated one of `bits` (the learnt stage's)."""
        if p is None:
            p = round(self.calibration.probability(bits), 4)
        cap = self.name_only_cap
        if dated and cap is not None and self._capped_name_only(p, evidence):
            note = "no birth date or document to tell the listed person from a namesake: for review"
            score = round(capped(p, cap), 4)
            return score, (*evidence, Evidence("corroboration", "name_only", 0.0, note))
        return p, evidence

    def scored(
        self, query: PreparedRecord, threshold: float = 0.0
    ) -> tuple[list[tuple[int, float, tuple[Evidence, ...]]], int]:
        """The candidates' (entry index, bits, evidence), the bits being the calibration's scaled sum
        of the evidence (`Calibration.combine`, before its curve), leaving out those that could not
        reach `threshold` (0: none left out); and how many candidates there were."""
        ix = self.index
        cands = ix.candidates(query, CANDIDATES)
        if cands:  # entries sharing far less than the best candidate are not worth a comparison
            floor = cands[0][1] * CANDIDATE_FLOOR
            cands = [c for c in cands if c[1] >= floor]
        w = self.weights
        ids = [i for i, _w in cands]
        bound = round(name_bits_bound(query.names, ix.token_frequency), 1) if threshold > 0 else 0.0
        out = []
        for i, details in zip(ids, ix.details(ids), strict=True):
            # Birth date, documents, nationality and gender first: when even a name of rare words all
            # shared could not lift the pair to the threshold (a namesake born in another year), skip
            # the name. (detail_levels reads only the fields EntryDetails shares with PreparedRecord.)
            if threshold > 0 and self._hopeless(detail_levels(query, details), threshold, bound):
                continue
            e = ix.entry(i)
            bits, evidence = evidence_bits(query, e, ix.token_frequency, w, details=compare_details(query, e))
            out.append((i, bits, evidence))
        cal = self.calibration
        shared = share_ambiguity(out)
        return [(i, cal.combine((ev.feature, ev.bits) for ev in evs), evs) for i, _b, evs in shared], len(
            cands
        )

    def _hopeless(self, levels: tuple[str, str, str, str], threshold: float, name_bound: float) -> bool:
        """Whether a pair with these detail levels stays below `threshold` even if the name said all
        it can (`name_bound` bits; remembered per levels, threshold and bound: a few dozen
        combinations recur)."""
        key = (levels, threshold, name_bound)
        hopeless = self._hopeless_seen.get(key)
        if hopeless is None:
            w, cal = self.weights, self.calibration
            bits = cal.scale("name") * name_bound + cal.combine(
                (f, w.bits[f][lv]) for f, lv in zip(DETAIL_FEATURES, levels, strict=True)
            )
            hopeless = self._hopeless_seen[key] = self.calibration.probability(bits) < threshold
        return hopeless

    def screen(
        self, record: PersonRecord, *, threshold: float | None = None, limit: int = MAX_HITS
    ) -> Result:
        return self.screen_prepared(self.prepare(record), threshold=threshold, limit=limit)

    def screen_many(
        self, records: Sequence[PersonRecord | None], *, threshold: float | None = None, workers: int = 1
    ) -> list[Result]:
        """Screen a batch; a None record (bad input row) gives a Result with its error. Parallel in
        forked processes that share the index copy-on-write. The cyclic garbage collector is paused
        meanwhile (see `_collector_paused`)."""
        global _WORKER
        with _collector_paused():
            if workers <= 1 or len(records) < 2000:
                return [_screen_one(self, r, threshold) for r in records]
            _WORKER = (self, threshold)
            try:  # forked inside the pause: the workers start with the collector paused too
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    return pool.map(_screen_worker, records, chunksize=500)
            finally:
                _WORKER = None


AMBIGUITY_WINDOW = 8.0  # bits: entries this far below a candidate still compete with it


def share_ambiguity(
    scored: list[tuple[int, float, tuple[Evidence, ...]]],
) -> list[tuple[int, float, tuple[Evidence, ...]]]:
    """Entries that match a traveller about as well share the belief: a traveller is one person, so
    when two entries called "Nguyen Thi Huyen" both fit a query without a birth date, neither is as
    likely as it would be alone. Each candidate loses log2(1 + sum of the others' odds relative to
    it), counting the others within AMBIGUITY_WINDOW bits (the bits of a unique match are unchanged;
    two equal matches lose one bit each). Both stay in the result, with honest scores."""
    out = []
    for i, bits, evidence in scored:
        rivals = [b for j, b, _ev in scored if j != i and b > bits - AMBIGUITY_WINDOW]
        if rivals:
            cost = math.log2(1 + sum(2 ** (b - bits) for b in rivals))
            note = f"{len(rivals)} other list {'entry matches' if len(rivals) == 1 else 'entries match'} about as well"
            evidence = (*evidence, Evidence("ambiguity", "shared", -cost, note))
            bits -= cost
        out.append((i, bits, evidence))
    return out


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch. Screening makes no reference cycles (a full
    collection after 5,000 travellers finds nothing to free), but it allocates millions of objects,
    and each collection they trigger walks the hundreds of thousands of objects the name caches
    hold: a fifth to a third of a big batch's CPU time went to collections that freed nothing. Reference
    counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_WORKER: tuple[Screener, float | None] | None = None


def _screen_one(screener: Screener, record: PersonRecord | None, threshold: float | None) -> Result:
    if record is None:
        return Result([], screener.index.lists, 0, error="unreadable row")
    try:
        return screener.screen(record, threshold=threshold)
    except RecordError as exc:
        return Result([], screener.index.lists, 0, error=str(exc))


def _screen_worker(record: PersonRecord | None) -> Result:
    assert _WORKER is not None
    return _screen_one(_WORKER[0], record, _WORKER[1])
