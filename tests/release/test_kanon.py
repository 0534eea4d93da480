"""k-anonymity: every released class reaches k, on the real CTDC file and on made-up tables."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.release.kanon import Hierarchy, anonymize, classes

CTDC = Path("/work/shared/data/ctdc/CTDC_VPsynthetic_condensed.csv")
if not CTDC.is_file():
    CTDC = Path(__file__).resolve().parents[3] / "shared" / "data" / "ctdc" / CTDC.name
QUASI = ["gender", "majorityStatus", "UN_COO_Region", "UN_COE_Region", "yearRegister"]


def _table(n: int, seed: int = 7) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": str(i),
                "sex": rnd.choices(["F", "M", ""], [5, 4, 1])[0],
                "age": str(rnd.randint(12, 60)),
                "nat": rnd.choices(["KHM", "VNM", "THA", "MMR", "LAO", "CHN"], [30, 20, 10, 8, 3, 1])[0],
                "note": "=HYPERLINK(x)" if i == 0 else "ok",
            }
        )
    return rows


@pytest.mark.parametrize("method", ["recode", "greedy"])
def test_every_class_reaches_k_and_other_columns_pass_through(method: str) -> None:
    rows = _table(3000)
    out, rep = anonymize(rows, ["sex", "age", "nat"], k=11, method=method)
    sizes = classes(out, ["sex", "age", "nat"])
    assert min(sizes.values()) >= 11
    assert rep.rows_out + rep.rows_dropped == len(rows) == rep.rows_in
    kept_ids = {r["id"] for r in out}
    by_id = {r["id"]: r for r in rows}
    for r in out:
        assert r["note"] == by_id[r["id"]]["note"]
    # a released value is the original, a range holding it, or blank: never another person's value
    for r in out:
        orig = by_id[r["id"]]
        if r["age"] not in ("", orig["age"]):
            lo, _, hi = r["age"].partition("-")
            assert int(lo) <= int(orig["age"]) <= int(hi)
        assert r["nat"] in ("", orig["nat"])
    assert len(kept_ids) == rep.rows_out


def test_recoding_keeps_more_rows_whole_than_greedy_suppression() -> None:
    rows = _table(3000)
    _, greedy = anonymize(rows, ["sex", "age", "nat"], k=11, method="greedy")
    _, recode = anonymize(rows, ["sex", "age", "nat"], k=11, method="recode")
    assert recode.rows_whole > greedy.rows_whole
    assert recode.cells_suppressed < greedy.cells_suppressed


def test_adjacent_years_merge_instead_of_blanking() -> None:
    rows = [{"y": "2019", "s": "F"}] * 5 + [{"y": "2020", "s": "F"}] * 7 + [{"y": "2014-2018", "s": "F"}] * 30
    out, rep = anonymize([dict(r) for r in rows], ["y", "s"], k=11)
    assert Counter(r["y"] for r in out) == {"2019-2020": 12, "2014-2018": 30}
    assert rep.cells_suppressed == 0 and rep.rows_whole == 42 and rep.cells_generalized == 12


def test_hierarchy_maps_nationality_to_region_before_suppressing() -> None:
    rows = [{"n": "LAO"}] * 4 + [{"n": "MMR"}] * 8 + [{"n": "KHM"}] * 20
    h = {"n": Hierarchy(parents={"LAO": "South-East Asia", "MMR": "South-East Asia"})}
    out, rep = anonymize([dict(r) for r in rows], ["n"], k=11, hierarchies=h)
    assert Counter(r["n"] for r in out) == {"South-East Asia": 12, "KHM": 20}
    assert rep.cells_suppressed == 0


def test_rows_no_move_can_save_are_dropped_and_counted() -> None:
    rows = [{"n": "LAO"}] * 3 + [{"n": "KHM"}] * 20
    out, rep = anonymize([dict(r) for r in rows], ["n"], k=11)
    assert rep.rows_dropped == 3 and Counter(r["n"] for r in out) == {"KHM": 20}


def test_missing_column_names_the_row() -> None:
    with pytest.raises(ValueError, match="row 2: no column n"):
        anonymize([{"n": "a"}, {"m": "b"}], ["n"], k=2)


@pytest.mark.skipif(not CTDC.is_file(), reason="CTDC file not present")
def test_ctdc_k11_beats_greedy_local_suppression() -> None:
    """The issue's goal: every class >= 11, more rows whole and fewer cells suppressed than greedy
    local suppression (the issue measured 92.6% of rows whole, 2% of cells suppressed)."""
    with CTDC.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out, rep = anonymize(rows, QUASI, k=11)
    _, greedy = anonymize(rows, QUASI, k=11, method="greedy")
    assert min(classes(out, QUASI).values()) >= 11
    assert rep.share_rows_whole > max(0.926, greedy.share_rows_whole)
    assert rep.share_cells_suppressed < min(0.02, greedy.share_cells_suppressed)


def test_cli_writes_same_columns_escapes_formulas(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    rows = _table(600)
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "out.csv"
    res = CliRunner().invoke(
        app, ["release", "kanon", str(src), "--quasi", "sex,age,nat", "--k", "5", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    with out.open(newline="", encoding="utf-8") as fh:
        released = list(csv.DictReader(fh))
    assert list(released[0]) == list(rows[0])
    assert released[0]["note"] == "'=HYPERLINK(x)"
    assert min(classes(released, ["sex", "age", "nat"]).values()) >= 5
    bad = CliRunner().invoke(app, ["release", "kanon", str(src), "--quasi", "sex,nope", "--out", str(out)])
    assert bad.exit_code != 0 and "nope" in bad.output
