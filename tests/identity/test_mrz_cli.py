"""`tipnet mrz`: JSON lines, table, exit codes, standard input, empty and garbage input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from tipnet.cli import app
from tipnet.identity.mrz.compose import compose_td1, compose_td3

SPECIMENS = Path(__file__).resolve().parents[1] / "fixtures" / "mrz" / "icao9303-specimens.txt"

PASSPORT = compose_td3(
    issuing_state="FRA",
    surname="Dupont",
    given_names="Jean",
    document_number="AB1234567",
    nationality="FRA",
    birth_date=date(1980, 1, 2),
    sex="M",
    expiry_date=date(2030, 1, 1),
)
CARD = compose_td1(
    issuing_state="ITA",
    surname="Rossi",
    given_names="Maria",
    document_number="CA12345AB",
    nationality="ITA",
    birth_date=date(1991, 5, 17),
    sex="F",
    expiry_date=date(2031, 5, 17),
)


def run(args: list[str], stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["mrz", *args], input=stdin)


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_specimen_file_as_json() -> None:
    result = run([str(SPECIMENS), "--json", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    docs = json_lines(result.output)
    assert [d["format"] for d in docs] == ["TD3", "TD1", "TD2", "MRVA", "MRVB", "TD1", "TD2"]
    first = docs[0]
    assert first["valid"] is True
    assert first["document_number"] == "L898902C3"
    assert first["issuing_state"] == "UTO" and first["nationality"] == "UTO"
    assert (first["surname"], first["given_names"]) == ("ERIKSSON", "ANNA MARIA")
    assert (first["birth_date"], first["expiry_date"], first["sex"]) == ("1974-08-12", "2012-04-15", "F")
    assert first["repaired"] is None
    codes = {f["code"] for f in first["findings"]}
    assert "document.expired" in codes
    assert docs[5]["document_number"] == "D23145890734"


def test_stdin_and_exit_status_one_when_any_document_is_invalid() -> None:
    broken = [PASSPORT[0], PASSPORT[1][:9] + "0" + PASSPORT[1][10:]]  # document number check digit
    text = "\n".join(PASSPORT) + "\n\n" + "\n".join(broken) + "\n\n" + "\n".join(CARD) + "\n"
    result = run(["--json", "--today", "2026-11-23"], stdin=text)
    assert result.exit_code == 1
    docs = json_lines(result.output)
    assert [d["valid"] for d in docs] == [True, False, True]
    assert any(f["code"] == "check_digit.document_number" for f in docs[1]["findings"])


def test_dash_reads_stdin(tmp_path: Path) -> None:
    result = run(["-", "--json"], stdin="\n".join(CARD))
    assert result.exit_code == 0
    assert json_lines(result.output)[0]["format"] == "TD1"


def test_repaired_lines_in_json() -> None:
    l2 = PASSPORT[1]
    ocr = l2[:14] + "O" + l2[15:]  # birth date 800102 read as 8O0102
    result = run(["--json", "--today", "2026-11-23"], stdin=PASSPORT[0] + "\n" + ocr)
    assert result.exit_code == 1
    doc = json_lines(result.output)[0]
    assert doc["valid"] is False
    assert doc["repaired"] == list(PASSPORT)


def test_table_output() -> None:
    result = run([str(SPECIMENS), "--today", "2026-11-23"])
    assert result.exit_code == 0
    assert "L898902C3" in result.output
    assert "D23145890734" in result.output
    assert "document.expired" in result.output


def test_empty_input_is_not_an_error() -> None:
    result = run(["--json"], stdin="")
    assert result.exit_code == 0
    assert result.stdout.strip() == ""


def test_garbage_input_gives_findings_not_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff\xfe garbage \x89PNG\r\n\r\n<<<<\n\n" + bytes(range(256)))
    for args in ([str(junk), "--json"], [str(junk)]):
        result = run(args)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
    docs = json_lines(run([str(junk), "--json"]).output)
    assert docs and all(d["valid"] is False for d in docs)


def test_missing_file_and_bad_date_are_usage_errors(tmp_path: Path) -> None:
    missing = run([str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert "cannot read" in missing.output
    assert run(["--today", "yesterday"], stdin="").exit_code == 2


def test_today_option_changes_expiry_signals() -> None:
    before = json_lines(run(["--json", "--today", "2029-12-31"], stdin="\n".join(PASSPORT)).output)[0]
    after = json_lines(run(["--json", "--today", "2030-01-02"], stdin="\n".join(PASSPORT)).output)[0]
    assert "document.expired" not in {f["code"] for f in before["findings"]}
    assert "document.expired" in {f["code"] for f in after["findings"]}
