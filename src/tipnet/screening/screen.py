"""Screening: a traveller → candidates from the index → scored pairs → hits at or above the threshold.

The score is the matching core's calibrated probability (tipnet.matching.scoring); the default
threshold is the one chosen when the weights were calibrated on simulator pairs (see BENCHMARKS.md).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tipnet.matching.features import DETAIL_FEATURES, compare_details, compare_name, detail_levels
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import PersonRecord, PreparedRecord, RecordError, prepare_record
from tipnet.matching.scoring import Weights, _logit2, default_weights, probability, score_levels
from tipnet.screening.index import ListInfo, ScreeningIndex
from tipnet.screening.live import LiveIndex

CANDIDATES = 20  # entries scored per query, best blocking weight first
MAX_HITS = 10
CANDIDATE_FLOOR = 0.3  # share of the best candidate's blocking weight a candidate needs


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


class Screener:
    """Screens persons against an index with one set of weights and a default threshold."""

    def __init__(
        self,
        index: ScreeningIndex | LiveIndex,
        weights: Weights | None = None,
        threshold: float | None = None,
    ) -> None:
        self.index = index
        self.weights = weights or default_weights()
        self.threshold = self.weights.threshold if threshold is None else threshold
        self._hopeless_seen: dict[tuple[tuple[str, str, str, str], float], bool] = {}

    def prepare(self, record: PersonRecord) -> PreparedRecord:
        """RecordError when the query has no readable name."""
        return prepare_record(record, spellings=QUERY_SPELLINGS)

    def screen_prepared(
        self, query: PreparedRecord, *, threshold: float | None = None, limit: int = MAX_HITS
    ) -> Result:
        t = self.threshold if threshold is None else threshold
        ix = self.index
        cands = ix.candidates(query, CANDIDATES)
        if cands:  # entries sharing far less than the best candidate are not worth a comparison
            floor = cands[0][1] * CANDIDATE_FLOOR
            cands = [c for c in cands if c[1] >= floor]
        hits: list[Hit] = []
        w = self.weights
        ids = [i for i, _w in cands]
        for i, details in zip(ids, ix.details(ids), strict=True):
            # Birth date, documents, nationality and gender first: when even an exact name could not
            # lift the pair to the threshold (a namesake born in another year), skip the name.
            # (detail_levels reads only the fields EntryDetails shares with PreparedRecord.)
            if self._hopeless(detail_levels(query, details), t):
                continue
            e = ix.entry(i)
            details_levels = compare_details(query, e)
            name, _m = compare_name(query, e)
            s = score_levels([name, *details_levels], w)
            if s.probability >= t:
                list_name, entry_id, primary, topics = ix.describe(i)
                hits.append(Hit(list_name, entry_id, s.probability, s.explanation(), primary, topics))
        hits.sort(key=lambda hit: (-hit.score, hit.list, hit.entry_id))
        return Result(hits[:limit], list(ix.lists), len(cands), threshold=t)

    def _hopeless(self, levels: tuple[str, str, str, str], threshold: float) -> bool:
        """Whether a pair with these detail levels stays below `threshold` even with an exact name
        (remembered per levels and threshold: a few dozen combinations recur for every traveller)."""
        key = (levels, threshold)
        hopeless = self._hopeless_seen.get(key)
        if hopeless is None:
            w = self.weights
            bits = _logit2(w.prior) + max(w.bits["name"].values())
            bits += sum(w.bits[f][lv] for f, lv in zip(DETAIL_FEATURES, levels, strict=True))
            hopeless = self._hopeless_seen[key] = probability(bits) < threshold
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
