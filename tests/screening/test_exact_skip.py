"""The screening's skip of candidates that cannot be reported (`Screener._compared_worth_it`) is exact:
every hit, review item, score and explanation is what comparing every candidate gives."""

from __future__ import annotations

import random

from tipnet.evaluation.pairs import _person, entry_side, query_side
from tipnet.matching.name_evidence import best_name_evidence, has_no_family_name, name_bits_upper
from tipnet.matching.record import RecordError
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.screen import Screener


class _EveryCandidate(Screener):
    """The screener as it was before the skip: every candidate left by the pre-filter is compared."""

    def _compared_worth_it(self, query, kept, floor):  # type: ignore[no-untyped-def]
        return [(*self._compare(query, e, levels), i) for i, e, levels in kept]


class _Counting(Screener):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.kept = self.compared = 0

    def _compared_worth_it(self, query, kept, floor):  # type: ignore[no-untyped-def]
        self.kept += len(kept)
        out = super()._compared_worth_it(query, kept, floor)
        self.compared += len(out)
        return out


def _data(seed: int, entries: int, travellers: int) -> tuple[ScreeningIndex, list]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    truths = [_person(rng) for _ in range(entries)]
    listed = [ListEntry(f"E{i}", entry_side(rng, t, aliases=True).record()) for i, t in enumerate(truths)]
    ix = ScreeningIndex.build([(ListInfo("generated", "1"), listed)])
    queries = []
    for k in range(travellers):
        person = truths[rng.randrange(entries)] if k % 2 == 0 else _person(rng)
        queries.append(query_side(rng, person, cross=rng.random() < 0.3)[0].record())
    return ix, queries


def test_skipping_changes_no_result() -> None:
    ix, queries = _data(1307, 4000, 400)
    skip, every = _Counting(ix), _EveryCandidate(ix)
    for threshold in (None, 0.5, 0.1):
        got = [skip.screen_many(queries, threshold=threshold)]
        want = [every.screen_many(queries, threshold=threshold)]
        for a, b in zip(got[0], want[0], strict=True):
            assert [h.to_dict() for h in a.hits] == [h.to_dict() for h in b.hits]
            assert [h.to_dict() for h in a.review] == [h.to_dict() for h in b.review]
            assert (a.candidates, a.error) == (b.candidates, b.error)
    # the skip was exercised (and the results still had hits, review items and shared ambiguity)
    assert 0 < skip.compared < skip.kept
    results = every.screen_many(queries)
    assert sum(len(r.hits) for r in results) > 50 and sum(len(r.review) for r in results) > 20
    assert any(
        ev["feature"] == "ambiguity" for r in results for h in r.hits + r.review for ev in h.explanation
    )


def test_the_name_bound_is_a_bound() -> None:
    ix, queries = _data(29, 1500, 150)
    screener = Screener(ix)
    freq = ix.token_frequency
    checked = 0
    for record in queries:
        try:
            q = screener.prepare(record)
        except RecordError:
            continue
        for i, _w in ix.candidates(q, 20):
            e = ix.entry(i)
            whole = has_no_family_name(q.names, q.nationalities) or has_no_family_name(
                e.names, e.nationalities
            )
            found = best_name_evidence(q.names, e.names, freq, whole_names=whole)
            assert found is not None
            assert name_bits_upper(q.names, e.names, freq, whole_names=whole) >= found[1].bits
            checked += 1
    assert checked > 1000
