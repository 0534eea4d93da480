"""The Delphi dimension rule and the act + means + purpose suggestion."""

from __future__ import annotations

import itertools

import pytest

from tipnet.cases import indicators as ind


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "holds"),
    [
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (0, 3, 0, True),
        (0, 2, 1, True),
        (1, 0, 0, False),
        (0, 2, 0, False),
        (0, 1, 2, False),
        (0, 0, 5, False),
        (0, 0, 0, False),
    ],
)
def test_dimension_rule(strong: int, medium: int, weak: int, holds: bool) -> None:
    assert ind.dimension_holds(strong, medium, weak) is holds


def test_rule_is_monotone() -> None:
    # Adding an indicator never makes a holding dimension stop holding.
    for s, m, w in itertools.product(range(4), repeat=3):
        if ind.dimension_holds(s, m, w):
            assert ind.dimension_holds(s + 1, m, w) and ind.dimension_holds(s, m + 1, w)
            assert ind.dimension_holds(s, m, w + 1)


def test_catalogue_shape() -> None:
    assert [d.code for d in ind.DIMENSIONS] == [
        "deceptive_recruitment",
        "coercive_recruitment",
        "abuse_of_vulnerability_recruitment",
        "exploitative_conditions",
        "coercion_at_destination",
        "abuse_of_vulnerability_destination",
    ]
    assert len(ind.FORCED_LABOUR) == 11
    codes = [i.code for d in ind.DIMENSIONS for i in d.indicators]
    assert len(codes) == len(set(codes))


ADULT_FULL = [
    "dr_nature_of_job",
    "dr_wages",
    "ec_excessive_hours",
    "ec_low_salary",
    "cd_documents",
    "cd_violence",
]


def test_adult_act_means_purpose_is_likely() -> None:
    result = ind.assess(ADULT_FULL, acts=["recruitment"])
    assert result["elements"] == {"act": True, "means": True, "purpose": True}
    assert result["suggestion"] == ind.LIKELY
    assert result["dimensions"]["deceptive_recruitment"]["holds"]
    assert result["dimensions"]["exploitative_conditions"] == {
        "holds": True,
        "strong": 1,
        "medium": 1,
        "weak": 0,
        "indicators": ["ec_excessive_hours", "ec_low_salary"],
    }


def test_adult_purpose_without_means_is_only_possible() -> None:
    result = ind.assess(["ec_excessive_hours", "ec_low_salary"], acts=["recruitment"])
    assert result["elements"] == {"act": True, "means": False, "purpose": True}
    assert result["suggestion"] == ind.POSSIBLE


def test_adult_weak_signals_are_not_indicated() -> None:
    assert ind.assess(["ec_education", "avd_personal"])["suggestion"] == ind.NOT_INDICATED
    assert ind.assess([])["suggestion"] == ind.NOT_INDICATED


def test_child_needs_purpose_only() -> None:
    child = ind.assess(["ec_excessive_hours", "ec_hazardous"], is_child=True)
    assert child["elements"]["means"] is False
    assert child["suggestion"] == ind.LIKELY
    assert ind.assess(["ec_hazardous"], is_child=True)["suggestion"] == ind.POSSIBLE
    assert ind.assess([], is_child=True)["suggestion"] == ind.NOT_INDICATED


def test_forced_labour_reported_beside() -> None:
    result = ind.assess([], forced_labour=["fl_overtime", "fl_wages"])
    assert result["forced_labour"] == {"present": ["fl_wages", "fl_overtime"], "count": 2, "of": 11}
    assert result["suggestion"] == ind.NOT_INDICATED  # reported, not scored


def test_unknown_codes_refused() -> None:
    with pytest.raises(ind.IndicatorError):
        ind.assess(["no_such_indicator"])
    with pytest.raises(ind.IndicatorError):
        ind.assess([], acts=["teleportation"])
