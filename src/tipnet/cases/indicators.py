"""Victim-identification indicators as data, and the pure logic that scores them.

The six dimensions and their graded indicators follow the ILO/European Commission Delphi survey
("Operational indicators of trafficking in human beings", 2009), adults, labour exploitation.
A dimension holds with 2 strong indicators, or 1 strong + 1 medium or weak, or 3 medium, or
2 medium + 1 weak. Act + means + purpose (purpose alone for a child) gives a *suggestion*:
the case worker decides the status, the suggestion never overrides it. The ILO's 11 indicators
of forced labour are reported beside it.

The labels here are the English source texts; the web catalogues translate each indicator under the
key `ind_<code>` (Khmer: web/i18n/km.json, to be reviewed by a native speaker, see docs/cases.md).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Grade(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


@dataclass(frozen=True)
class Indicator:
    code: str
    grade: Grade
    label: str


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    element: str  # act | means | purpose (see suggest)
    indicators: tuple[Indicator, ...]


def _i(code: str, grade: str, label: str) -> Indicator:
    return Indicator(code, Grade(grade), label)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "deceptive_recruitment",
        "Deceptive recruitment",
        "means",
        (
            _i("dr_nature_of_job", "strong", "Deceived about the nature of the job, location or employer"),
            _i("dr_conditions", "medium", "Deceived about conditions of work"),
            _i("dr_contract", "medium", "Deceived about content or legality of work contract"),
            _i("dr_family_reunification", "medium", "Deceived about family reunification"),
            _i("dr_housing", "medium", "Deceived about housing and living conditions"),
            _i("dr_legal_status", "medium", "Deceived about legal documentation or migrant status"),
            _i("dr_travel", "medium", "Deceived about travel and recruitment conditions"),
            _i("dr_wages", "medium", "Deceived about wages or earnings"),
            _i("dr_marriage_adoption", "medium", "Deceived through promises of marriage or adoption"),
            _i("dr_education", "weak", "Deceived about access to education opportunities"),
        ),
    ),
    Dimension(
        "coercive_recruitment",
        "Coercive recruitment",
        "means",
        (
            _i("cr_violence", "strong", "Violence on victims"),
            _i("cr_abduction", "medium", "Abduction, forced marriage, forced adoption or selling of victim"),
            _i("cr_documents", "medium", "Confiscation of documents"),
            _i("cr_debt_bondage", "medium", "Debt bondage"),
            _i("cr_isolation", "medium", "Isolation, confinement or surveillance"),
            _i("cr_denunciation", "medium", "Threat of denunciation to authorities"),
            _i("cr_threat_violence", "medium", "Threat of violence against victim"),
            _i("cr_threat_inform", "medium", "Threat to inform family, community or public"),
            _i("cr_violence_family", "medium", "Violence on family (threats or effective)"),
            _i("cr_withholding_money", "medium", "Withholding of money"),
        ),
    ),
    Dimension(
        "abuse_of_vulnerability_recruitment",
        "Recruitment by abuse of vulnerability",
        "means",
        (
            _i("avr_family_situation", "medium", "Abuse of difficult family situation"),
            _i("avr_illegal_status", "medium", "Abuse of illegal status"),
            _i("avr_education", "medium", "Abuse of lack of education (language)"),
            _i("avr_information", "medium", "Abuse of lack of information"),
            _i("avr_control", "medium", "Control of exploiters"),
            _i("avr_economic", "medium", "Economic reasons"),
            _i("avr_false_law", "medium", "False information about law, attitude of authorities"),
            _i("avr_false_migration", "medium", "False information about successful migration"),
            _i("avr_personal", "medium", "Personal situation"),
            _i("avr_dependency", "medium", "Psychological and emotional dependency"),
            _i("avr_authorities", "medium", "Relationship with authorities or legal status"),
            _i("avr_general", "weak", "General context"),
        ),
    ),
    Dimension(
        "exploitative_conditions",
        "Exploitative conditions of work",
        "purpose",
        (
            _i("ec_excessive_hours", "strong", "Excessive working days or hours"),
            _i("ec_living", "medium", "Bad living conditions"),
            _i("ec_hazardous", "medium", "Hazardous work"),
            _i("ec_low_salary", "medium", "Low or no salary"),
            _i("ec_labour_laws", "medium", "No respect of labour laws or contract signed"),
            _i("ec_social_protection", "medium", "No social protection (contract, social insurance)"),
            _i("ec_working_conditions", "medium", "Very bad working conditions"),
            _i("ec_wage_manipulation", "medium", "Wage manipulation"),
            _i("ec_education", "weak", "No access to education"),
        ),
    ),
    Dimension(
        "coercion_at_destination",
        "Coercion at destination",
        "means",
        (
            _i("cd_documents", "strong", "Confiscation of documents"),
            _i("cd_debt_bondage", "strong", "Debt bondage"),
            _i("cd_isolation", "strong", "Isolation, confinement or surveillance"),
            _i("cd_violence", "strong", "Violence on victims"),
            _i("cd_illicit", "medium", "Forced into illicit or criminal activities"),
            _i("cd_forced_tasks", "medium", "Forced tasks or clients"),
            _i("cd_against_peers", "medium", "Forced to act against peers"),
            _i("cd_lie", "medium", "Forced to lie to authorities, family"),
            _i("cd_denunciation", "medium", "Threat of denunciation to authorities"),
            _i("cd_worse_conditions", "medium", "Threat to impose even worse working conditions"),
            _i("cd_threat_violence", "medium", "Threats of violence against victim"),
            _i("cd_influence", "medium", "Under strong influence"),
            _i("cd_violence_family", "medium", "Violence on family (threats or effective)"),
            _i("cd_withholding_wages", "medium", "Withholding of wages"),
            _i("cd_threat_inform", "weak", "Threats to inform family, community or public"),
        ),
    ),
    Dimension(
        "abuse_of_vulnerability_destination",
        "Abuse of vulnerability at destination",
        "means",
        (
            _i("avd_dependency", "medium", "Dependency on exploiters"),
            _i("avd_unknown_area", "medium", "Difficulty to live in an unknown area"),
            _i("avd_economic", "medium", "Economic reasons"),
            _i("avd_family", "medium", "Family situation"),
            _i("avd_authorities", "medium", "Relationship with authorities or legal status"),
            _i("avd_personal", "weak", "Personal characteristics"),
        ),
    ),
)

# The act of trafficking (Palermo Protocol, art. 3): recorded by the interviewer.
ACTS: tuple[tuple[str, str], ...] = (
    ("recruitment", "Recruitment"),
    ("transportation", "Transportation"),
    ("transfer", "Transfer"),
    ("harbouring", "Harbouring"),
    ("receipt", "Receipt"),
)

# ILO indicators of forced labour (2012).
FORCED_LABOUR: tuple[tuple[str, str], ...] = (
    ("fl_abuse_of_vulnerability", "Abuse of vulnerability"),
    ("fl_deception", "Deception"),
    ("fl_restriction_of_movement", "Restriction of movement"),
    ("fl_isolation", "Isolation"),
    ("fl_violence", "Physical and sexual violence"),
    ("fl_intimidation", "Intimidation and threats"),
    ("fl_documents", "Retention of identity documents"),
    ("fl_wages", "Withholding of wages"),
    ("fl_debt_bondage", "Debt bondage"),
    ("fl_conditions", "Abusive working and living conditions"),
    ("fl_overtime", "Excessive overtime"),
)

INDICATORS: dict[str, tuple[Dimension, Indicator]] = {
    i.code: (d, i) for d in DIMENSIONS for i in d.indicators
}
ACT_CODES = frozenset(code for code, _ in ACTS)
FL_CODES = frozenset(code for code, _ in FORCED_LABOUR)

# Suggestions, weakest to strongest; the HTCDS status a case worker may choose stays theirs.
NOT_INDICATED, POSSIBLE, LIKELY = "not_indicated", "possible", "likely"


class IndicatorError(ValueError):
    """An unknown indicator, act or forced-labour code."""


def dimension_holds(strong: int, medium: int, weak: int) -> bool:
    """The Delphi rule: 2 strong, 1 strong + 1 medium or weak, 3 medium, or 2 medium + 1 weak."""
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


def assess(
    indicators: Collection[str],
    *,
    is_child: bool = False,
    acts: Collection[str] = (),
    forced_labour: Collection[str] = (),
) -> dict[str, Any]:
    """Score one interview: each dimension, the act/means/purpose elements, a suggestion.

    For a child, the means are not needed (Palermo Protocol, art. 3(c)): purpose suggests "likely".
    For an adult, act + means + purpose suggests "likely"; purpose with means or act, or means
    with a strong indicator, suggests "possible".
    """
    chosen = set(indicators)
    unknown = sorted((chosen - set(INDICATORS)) | (set(acts) - ACT_CODES) | (set(forced_labour) - FL_CODES))
    if unknown:
        raise IndicatorError(f"unknown indicator codes: {', '.join(unknown)}")
    dims: dict[str, dict[str, Any]] = {}
    for dim in DIMENSIONS:
        present = [i for i in dim.indicators if i.code in chosen]
        counts = {g.value: sum(1 for i in present if i.grade is g) for g in Grade}
        dims[dim.code] = {
            "holds": dimension_holds(counts["strong"], counts["medium"], counts["weak"]),
            "strong": counts["strong"],
            "medium": counts["medium"],
            "weak": counts["weak"],
            "indicators": [i.code for i in present],
        }
    recruitment_dims = ("deceptive_recruitment", "coercive_recruitment", "abuse_of_vulnerability_recruitment")
    act = bool(set(acts)) or any(dims[d]["holds"] for d in recruitment_dims)
    means = any(dims[d.code]["holds"] for d in DIMENSIONS if d.element == "means")
    purpose = dims["exploitative_conditions"]["holds"]
    any_strong = any(INDICATORS[c][1].grade is Grade.STRONG for c in chosen)
    if is_child:
        suggestion = LIKELY if purpose else (POSSIBLE if chosen else NOT_INDICATED)
    elif act and means and purpose:
        suggestion = LIKELY
    elif (purpose and (means or act)) or (means and any_strong) or (purpose and any_strong):
        suggestion = POSSIBLE
    else:
        suggestion = NOT_INDICATED
    fl = [code for code, _ in FORCED_LABOUR if code in set(forced_labour)]
    return {
        "dimensions": dims,
        "elements": {"act": act, "means": means, "purpose": purpose},
        "is_child": is_child,
        "suggestion": suggestion,
        "forced_labour": {"present": fl, "count": len(fl), "of": len(FORCED_LABOUR)},
    }
