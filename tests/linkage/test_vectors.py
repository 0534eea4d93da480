"""The candidate pairs' comparisons computed once (`vectors.Vectors`) and scored under two models give
exactly the rows `linker.inference.predict` gives under each."""

from __future__ import annotations

import random

from tests.linkage.test_u_sampling import _linker, _records

from tipnet.linkage.records import prepare_row, rows_table
from tipnet.linkage.training import floor_m
from tipnet.linkage.vectors import Vectors


def _rows(frame: object) -> list[tuple]:
    table = frame.as_pyarrow_table()  # type: ignore[attr-defined]
    names = sorted(table.column_names)
    return sorted(zip(*(table[n].to_pylist() for n in names), strict=True), key=repr)


def _change_model(linker: object, rng: random.Random) -> None:
    settings = linker._settings_obj  # type: ignore[attr-defined]
    for comparison in settings.comparisons:
        for cl in comparison._comparison_levels_excluding_null:
            cl.m_probability = rng.uniform(0.01, 1.0)
            cl.u_probability = rng.uniform(0.001, 0.5)
    floor_m(settings)
    settings._probability_two_random_records_match = rng.uniform(1e-4, 1e-2)


def test_scores_from_kept_vectors_are_predicts() -> None:
    for datasets in (1, 2):
        rng = random.Random(5 + datasets)
        tables = [
            rows_table([prepare_row(r) for r in _records(rng, 150, f"d{k}", k == 0)]) for k in range(datasets)
        ]
        linker = _linker(tables)
        vectors = Vectors(linker)
        for threshold in (None, 1e-3, 0.5):
            _change_model(linker, rng)
            ours = vectors.predict(threshold)
            theirs = linker.inference.predict(threshold_match_probability=threshold)
            assert ours.as_pyarrow_table().num_rows > 0
            assert _rows(ours) == _rows(theirs)
            if threshold is None:
                # all candidate pairs were scored: a second model finds the same pairs, other scores
                first = _rows(ours)
                _change_model(linker, rng)
                assert len(_rows(vectors.predict(None))) == len(first) != 0
                assert _rows(vectors.predict(None)) != first
        vectors.close()
        assert vectors._table is None
