"""The action plan file: validated with errors naming the indicator and field; indicators computed
from person-level facts or taken by hand with their source; progress against target."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tipnet.stats.people import VictimRecord, victims_by_year
from tipnet.stats.plan import PlanError, load, parse, progress

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "action_plan.yaml"


def _base(**kw: object) -> dict[str, object]:
    ind: dict[str, object] = {
        "id": "PR-1",
        "pillar": "protection",
        "name": "Referred within 30 days",
        "responsible": ["MoSVY"],
        "compute": "referred_within_30_days",
        "baseline": {"year": 2024, "value": 40},
        "targets": {2025: 60},
    }
    ind.update(kw)
    return {"plan": "test", "indicators": [ind]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pillar": "publicity"}, "indicator PR-1: `pillar` must be one of"),
        ({"compute": "happiness"}, "`compute` 'happiness' unknown"),
        ({"manual": {2025: {"value": 3, "source": "x"}}}, "exactly one of `compute` or `manual`"),
        (
            {"compute": None, "manual": {2025: {"value": 3}}},
            "manual 2025: every hand-entered value needs its `source`",
        ),
        ({"targets": {2025: "lots"}}, "targets 2025: expected a number"),
        ({"targets": {"soon": 3}}, "targets: expected a year"),
        ({"responsible": []}, "`responsible` names at least one"),
        ({"colour": "red"}, "unknown field(s) colour"),
    ],
)
def test_invalid_plans_are_refused_naming_the_field(change: dict[str, object], message: str) -> None:
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(_base(**change))


def test_duplicate_ids_refused() -> None:
    data = _base()
    data["indicators"] = [*data["indicators"], *data["indicators"]]  # type: ignore[misc]
    with pytest.raises(PlanError, match="used twice"):
        parse(data)


def test_example_plan_loads() -> None:
    plan = load(EXAMPLE)
    assert {i.pillar for i in plan.indicators} >= {"protection", "prosecution", "prevention"}


def test_referred_within_30_days_and_progress() -> None:
    def rec(i: int, opened: date, referred: date | None) -> VictimRecord:
        return VictimRecord(f"r{i}", f"P{i}", opened, "KH-NGO", "NGO", referred_on=referred, case_key=f"c{i}")

    people = victims_by_year(
        [
            rec(1, date(2025, 1, 1), date(2025, 1, 20)),  # 19 days
            rec(2, date(2025, 3, 1), date(2025, 3, 31)),  # 30 days: counts
            rec(3, date(2025, 5, 1), date(2025, 7, 1)),  # 61 days
            rec(4, date(2025, 6, 1), None),  # never referred
        ]
    )
    plan = parse(_base())
    (p,) = progress(plan, people, [], [2025])
    assert p.value == 50.0 and p.target == 60 and p.share_of_way == pytest.approx(0.5)
    manual = parse(_base(compute=None, manual={2025: {"value": 7, "source": "ministry report"}}))
    (m,) = progress(manual, [], [], [2025])
    assert (m.value, m.source) == (7.0, "ministry report")
