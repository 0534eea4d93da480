"""The candidate index: varied queries find their entry; common names do not flood the candidates."""

from __future__ import annotations

import random
from pathlib import Path

from tipnet.evaluation.pairs import Truth, _person, entry_side, query_side
from tipnet.matching.names import QUERY_SPELLINGS
from tipnet.matching.record import make_record, prepare_record
from tipnet.screening.entries import build_from_files
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex

from .lists import write_lists

KEY = b"k" * 32  # the index integrity key (a keyring's screening_index_key)


def _big_index(n: int, seed: int) -> tuple[ScreeningIndex, list[Truth]]:
    rng = random.Random(seed)
    truths = [_person(rng) for _ in range(n)]
    entries = [ListEntry(f"E{i}", entry_side(rng, t, aliases=True).record()) for i, t in enumerate(truths)]
    return ScreeningIndex.build([(ListInfo("big", "1"), entries)]), truths


def test_varied_queries_find_their_entry_among_candidates() -> None:
    ix, truths = _big_index(3000, seed=11)
    rng = random.Random(12)
    found = total = 0
    for _ in range(300):
        i = rng.randrange(len(truths))
        q, _how = query_side(rng, truths[i], cross=rng.random() < 0.4)
        cands = ix.candidates(prepare_record(q.record(), spellings=QUERY_SPELLINGS), 20)
        total += 1
        found += f"E{i}" in {ix.entry_ids[c] for c, _w in cands}
    assert found / total >= 0.95


def test_candidates_are_capped_and_documents_rank_first() -> None:
    ix, truths = _big_index(2000, seed=3)
    t = truths[5]
    q = make_record(t.name.latin(), document_number=t.document)
    cands = ix.candidates(prepare_record(q), 20)
    assert len(cands) <= 20 and ix.entry_ids[cands[0][0]] == "E5"


def test_build_from_files_and_save_load(tmp_path: Path) -> None:
    csv_path, ftm_path = write_lists(tmp_path)
    ix, problems = build_from_files([csv_path, ftm_path])
    assert problems == [] and len(ix) == 6
    assert [li.name for li in ix.lists] == ["traffickers", "sanctions"] and len(ix.lists[0].version) == 12
    ix.save(tmp_path / "ix.idx", KEY)
    again = ScreeningIndex.load(tmp_path / "ix.idx", KEY)
    assert again.entry_ids == ix.entry_ids and again.entry(0) == ix.entry(0)
    assert again.entry(0).documents == (("E12345678", "E12345678"),)
