"""`tipnet name romanize` and `tipnet name compare`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tipnet.cli import app

runner = CliRunner()


def test_romanize_prints_candidates_best_first() -> None:
    result = runner.invoke(app, ["name", "romanize", "ทักษิณ ชินวัตร"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Thaksin Shinawatra" and "Thaksin Chinnawat" in lines
    assert len(lines) <= 8


def test_romanize_json_and_limit() -> None:
    result = runner.invoke(app, ["name", "romanize", "习近平", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["candidates"][0] == "Xi Jinping" and len(data["candidates"]) <= 3
    assert data["scripts"] == [{"script": "Han", "text": "习近平"}]


def test_compare_text_and_json() -> None:
    result = runner.invoke(app, ["name", "compare", "ประยุทธ์ จันทร์โอชา", "Prayuth Chan O Cha"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1.000")
    result = runner.invoke(app, ["name", "compare", "Sok Dara", "Keo Sophea", "--json"])
    data = json.loads(result.output)
    assert 0.0 <= data["score"] <= 0.6 and data["explanation"]


def test_compare_with_nationality() -> None:
    result = runner.invoke(app, ["name", "compare", "U Thant", "Thant", "--nationality-a", "MM", "--json"])
    assert json.loads(result.output)["score"] == 1.0


def test_empty_input_exits_2_without_traceback() -> None:
    for args in (["name", "romanize", ""], ["name", "romanize", "  "], ["name", "compare", "", "Sok"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "empty name" in result.output
        assert "Traceback" not in result.output


def test_letterless_input_is_an_error_not_a_traceback() -> None:
    result = runner.invoke(app, ["name", "romanize", "!!!"])
    assert result.exit_code == 2 and "no letters" in result.output
