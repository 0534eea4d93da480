"""Linkage with the readings a name's written form hides (issue 13), through the shared matching core:
an old Indonesian spelling and a Khmer name written without a space are blocked with (share a name
block) and scored as their modern and spaced forms; Burmese syllables in another order are not one
name. `tipnet link csv` end to end links the first two and not the third. Synthetic records."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.linkage.name_similarity import name_similarity
from tipnet.linkage.records import LinkRecord, prepare_row

runner = CliRunner()


def _row(uid: str, name: str, **kw: Any) -> dict[str, Any]:
    return prepare_row(LinkRecord(uid, "t", (name,), **kw))


def _blocks(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    return set(a["name_blocks"] or ()) & set(b["name_blocks"] or ())


def test_old_indonesian_spelling_blocks_and_scores_as_the_new() -> None:
    old, new = _row("o", "DJOKO SOESILO"), _row("n", "Joko Susilo")
    assert _blocks(old, new)
    assert name_similarity(old["name_codes"], new["name_codes"]) >= 0.98
    other = _row("x", "Joko Santoso")
    assert name_similarity(old["name_codes"], other["name_codes"]) < 0.9


def test_unspaced_khmer_blocks_and_scores_as_the_spaced_form() -> None:
    joined, latin = _row("k", "សុខសុជាតា"), _row("l", "Sok Socheata")
    assert _blocks(joined, latin)
    assert name_similarity(joined["name_codes"], latin["name_codes"]) >= 0.98
    swapped = _row("s", "SOCHEATA SOK")
    assert name_similarity(joined["name_codes"], swapped["name_codes"]) >= 0.98


def test_burmese_names_compare_in_order() -> None:
    burmese = _row("m", "ခင်သူမာ")
    same = _row("a", "Khin Thu Ma", nationalities=("MM",))
    rotated = _row("b", "Thu Ma Khin", nationalities=("MM",))
    assert name_similarity(burmese["name_codes"], same["name_codes"]) >= 0.98
    assert name_similarity(burmese["name_codes"], rotated["name_codes"]) < 0.8
    # with an honorific, and without a nationality: the Burmese script says it is a whole name
    assert name_similarity(burmese["name_codes"], _row("c", "Ma Khin Thu Ma")["name_codes"]) >= 0.98
    assert name_similarity(burmese["name_codes"], _row("d", "Thu Ma Khin")["name_codes"]) < 0.8
    # a Latin name without nationality or script hint stays order-free
    assert name_similarity(_row("e", "Min Aye")["name_codes"], _row("f", "Aye Min")["name_codes"]) == 1.0


def test_link_csv_links_the_readings(tmp_path: Path) -> None:
    rows = [
        ("1", "DJOKO SOESILO", "1961-03-02", "ID", "0812 3456 7890"),
        ("2", "Joko Susilo", "1961-03-02", "", "+62 812-3456-7890"),
        ("3", "សុខសុជាតា", "1995-04-12", "", "012 345 678"),
        ("4", "SOK SOCHEATA", "1995-04-12", "KHM", "+855 12 345 678"),
        ("5", "Khin Thu Ma", "1990", "MM", ""),
        ("6", "Thu Ma Khin", "1990", "MM", ""),
        ("7", "Siti Aminah", "1988-01-09", "ID", ""),
        ("8", "Chan Dara", "1979-10-10", "KHM", ""),
        ("9", "Nguyen Thi Lan", "1992-02-02", "VN", ""),
    ]
    src = tmp_path / "people.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(("rid", "name", "dob", "nat", "tel"))
        w.writerows(rows)
    out = tmp_path / "out"
    result = runner.invoke(app, [
        "link", "csv", str(src), "--out", str(out), "-c", "id=rid", "-c", "name=name", "-c", "birth_date=dob",
        "-c", "nationality=nat", "-c", "phone=tel",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    with (out / "clusters.csv").open(newline="", encoding="utf-8") as f:
        cluster = {r["id"]: r["cluster_id"] for r in csv.DictReader(f)}
    assert cluster["1"] == cluster["2"]
    assert cluster["3"] == cluster["4"]
    assert cluster["5"] != cluster["6"]  # same syllables, same birth year: another name
