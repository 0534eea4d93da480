"""The screening ceiling's oracle (bench/screening_ceiling.py) on hand-made cells: whole prefixes of
cells jump over the recall goal, and a share of the crossing cell is a point any scorer reaches (in
expectation, by taking a random share of that cell's pairs), so the ceiling reports it too."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "screening_ceiling.py"
spec = importlib.util.spec_from_file_location("screening_ceiling", BENCH)
assert spec and spec.loader
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)


def test_precision_at_the_recall_goal_takes_a_share_of_the_crossing_cell() -> None:
    # 10 true pairs: a clean cell of 8, then a cell of 2 true and 2 false
    cells = {("a",): [8, 0], ("b",): [2, 2]}
    res = sc.oracle(cells, 10)
    # whole cells: recall 0.8, then 1.0 at precision 10 / 12
    assert res["best_precision_at_r90"]["precision"] == pytest.approx(0.833, abs=1e-3)
    # half of cell b gives recall 0.9 at precision 9 / 10
    assert res["interpolated"]["precision_at_r90"] == pytest.approx(0.9)
    # precision 0.95 holds until a share x of cell b: (8 + 2x) / (8 + 4x) = 0.95, x = 2 / 9
    assert res["interpolated"]["recall_at_p95"] == pytest.approx((8 + 4 / 9) / 10, abs=1e-3)
    assert res["best_recall_at_p95"]["recall"] == pytest.approx(0.8)


def test_interpolation_never_below_the_whole_prefixes_and_skips_unlike_cells() -> None:
    cells = {
        ("a",): [50, 1],
        ("b",): [30, 3],
        ("c",): [15, 20],
        ("d",): [5, 40],
        ("unlike",): [3, sc.NEVER],
    }
    res = sc.oracle(cells, 103)
    whole = res["best_precision_at_r90"]
    assert whole["recall"] >= 0.9
    assert res["interpolated"]["precision_at_r90"] >= whole["precision"]
    assert res["interpolated"]["recall_at_p95"] >= res["best_recall_at_p95"]["recall"]
    # the unlike cell is never taken: recall 1.0 is out of reach, 100 / 103 at most
    assert sc.interpolated(cells, 103, list(cells))["precision_at_r90"] is not None
    assert sc.oracle({("a",): [1, 0], ("u",): [9, sc.NEVER]}, 10)["interpolated"]["precision_at_r90"] is None


LINK = Path(__file__).resolve().parents[2] / "bench" / "linkage_ceiling.py"
lspec = importlib.util.spec_from_file_location("linkage_ceiling", LINK)
assert lspec and lspec.loader
lc = importlib.util.module_from_spec(lspec)
sys.modules["linkage_ceiling"] = lc  # its dataclass looks its module up
lspec.loader.exec_module(lc)

# Two people named Sok Dara, born the same year. The first: r1 (year, phone 1) and r4 (full date,
# phone 1, female) are one group by their phone; r6 is a sparse record (year, female). The second: r3
# (year, phone 2) and r5 (another full date, phone 2, male). Synthetic.
ROWS = [
    ("r1", "p1", "1990", "", "012 345 678"),
    ("r4", "p1", "1990-05-06", "F", "012 345 678"),
    ("r6", "p1", "1990", "F", ""),
    ("r3", "p2", "1990", "", "097 765 4321"),
    ("r5", "p2", "1990-07-08", "M", "097 765 4321"),
]


def write_set(tmp_path: Path) -> Path:
    cols = "record_id,agency,name,birth_date,gender,nationality,document_number,phone,address"
    lines = [cols] + [f"{r},police,Sok Dara,{d},{g},,,{ph}," for r, _p, d, g, ph in ROWS]
    (tmp_path / "records_test.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "truth").mkdir()
    truth = ["record_id,person_id,split"] + [f"{r},{p},test" for r, p, *_ in ROWS]
    (tmp_path / "truth" / "records_truth.csv").write_text("\n".join(truth) + "\n", encoding="utf-8")
    return tmp_path


def test_extended_cells_see_conflicts_the_basic_cells_pool_with_true_pairs(tmp_path: Path) -> None:
    data = write_set(tmp_path)
    basic = lc.ceiling("ind2", data, "test", None, None)
    ext = lc.ceiling("ind2", data, "test", None, None, cell_kind="extended")
    # 4 true pairs; r1-r4 and r3-r5 share a phone (reachable), r1-r6 and r4-r6 rest on the name and year
    assert basic["true_pairs"] == ext["true_pairs"] == 4
    assert basic["transitive"]["reachable"] == 2
    # basic cells: r1-r6 (no gender on r1) shares its cell with four namesake pairs; r4-r6 is alone
    assert basic["oracle"]["best_f1"]["recall"] == pytest.approx(0.75)
    # extended: the namesakes' phones differ and r6's group gender (female) is not the other group's
    # (male), so r1-r6 is alone in its cell too
    assert ext["oracle"]["best_f1"]["recall"] == pytest.approx(1.0)
    assert ext["oracle"]["best_f1"]["precision"] == pytest.approx(1.0)


def test_record_evidence_tells_a_contradicting_date_from_a_missing_one() -> None:
    def rec(
        rid: str, y: int | None, m: int | None, d: int | None, phones: set[str], docs: set[str]
    ) -> object:
        return lc.Rec(
            rid, "p", (), (), (), y, m, d, None, frozenset(), frozenset(docs), frozenset(phones), None
        )

    full = rec("a", 1990, 5, 6, {"12345678"}, {"A1234567"})
    assert lc.record_evidence(full, rec("b", 1990, None, None, set(), set()))[3] == "date -"
    assert lc.record_evidence(full, rec("c", 1990, 7, 8, {"99999999"}, {"B7654321"})) == (
        "address -",
        "phone differs",
        "document differs",
        "dates contradict",
    )
    assert lc.record_evidence(full, rec("d", 1992, 6, 5, set(), {"A1234576"}))[2:] == (
        "document near",
        "day and month same",
    )
    assert lc.record_evidence(full, rec("e", 1990, 5, 16, set(), set()))[3] == "month same, day differs"


def test_symmetric_drops_true_pairs_whose_false_counterparts_are_never_generated(tmp_path: Path) -> None:
    data = write_set(tmp_path)
    # a third person's record whose name shares no key with the others: its pairs are never generated
    with (data / "records_test.csv").open("a", encoding="utf-8") as fh:
        fh.write("r7,hotline,Chan Sophea,1990,F,,,,\n")
    with (data / "truth" / "records_truth.csv").open("a", encoding="utf-8") as fh:
        fh.write("r7,p1,test\n")
    default = lc.ceiling("ind2", data, "test", None, None)
    sym = lc.ceiling("ind2", data, "test", None, None, symmetric=True)
    assert default["true_pairs"] == sym["true_pairs"] == 7
    # r7's three true pairs rest on unlike names: never taken either way, counted missed in both
    assert sym["rest_true"] == default["rest_true"] - 3
    assert sym["oracle"]["best_f1"]["recall"] <= default["oracle"]["best_f1"]["recall"]
