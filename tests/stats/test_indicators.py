"""A reporting framework's indicator list (ASEAN ACTIP, ...) as data: refused with the indicator and
field named when wrong; every indicator in every year, computed, entered with its source, or "not
recorded" with the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tipnet.stats.indicators import FrameworkError, load, parse, report
from tipnet.stats.people import NOT_RECORDED, VictimRecord, victims_by_year

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "indicators_example.yaml"


def _fw(**kw: object) -> dict[str, object]:
    ind: dict[str, object] = {"id": "7", "name": "Victims identified", "compute": "victims_identified"}
    ind.update(kw)
    return {"framework": "ACTIP", "source": "toolkit", "indicators": [ind]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"compute": "happiness"}, "indicator 7: `compute` 'happiness' unknown"),
        ({"not_recorded": "no field"}, "indicator 7: exactly one of"),
        ({"compute": None}, "indicator 7: exactly one of"),
        (
            {"compute": None, "manual": {2025: {"value": 3}}},
            "manual 2025: every hand-entered value needs its `source`",
        ),
        (
            {"compute": None, "manual": {2025: {"value": "many", "source": "x"}}},
            "manual 2025: expected a number",
        ),
        ({"name": ""}, "indicator 7: `name` is required"),
        ({"target": 3}, "unknown field(s) target"),
    ],
)
def test_invalid_lists_are_refused_naming_the_field(change: dict[str, object], message: str) -> None:
    with pytest.raises(FrameworkError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(_fw(**change))


def test_source_and_unique_ids_required() -> None:
    with pytest.raises(FrameworkError, match="`source`"):
        parse({"framework": "x", "indicators": []})
    data = _fw()
    data["indicators"] = [*data["indicators"], *data["indicators"]]  # type: ignore[misc]
    with pytest.raises(FrameworkError, match="used twice"):
        parse(data)


def test_every_indicator_in_every_year_computed_entered_or_not_recorded() -> None:
    recs = [
        VictimRecord("r1", "P1", date(2025, 2, 1), "KH-NGO", "NGO", birth_year=2012, case_key="c1"),
        VictimRecord(
            "r2", "P1", date(2025, 3, 1), "KH-POL", "LawEnforcement", birth_year=2012, case_key="c2"
        ),
        VictimRecord(
            "r3", "P2", date(2025, 4, 1), "KH-POL", "LawEnforcement", birth_year=1990, case_key="c3"
        ),
    ]
    people = victims_by_year(recs)
    fw = load(EXAMPLE)
    rows = report(fw, people, [], [2024, 2025])
    assert len(rows) == len(fw.indicators) * 2
    by = {(r[0], r[2]): r for r in rows}
    assert by[("E1", 2025)][3] == 2.0 and by[("E1", 2024)][3] == 0.0  # two people, three records
    assert by[("E2", 2025)][3] == 1.0
    assert by[("E3", 2025)][3] == NOT_RECORDED and "awareness events" in by[("E3", 2025)][5]
    assert by[("E4", 2025)][3] == 12.0 and "Ministry of Labour" in by[("E4", 2025)][5]
    assert by[("E4", 2024)][3] == NOT_RECORDED
