"""The national action plan as data: indicators with baselines, targets and responsible
organisations, in a YAML file the committee edits. Each indicator is computed from the store
(`compute:` one of COMPUTED) or entered by hand with its source (`manual:`); progress per year is
the value against the target, and the share of the way from baseline to target.

    plan: National Action Plan 2024-2028
    indicators:
      - id: PR-1
        pillar: protection            # prevention | protection | prosecution | partnership
        name: Identified victims referred to services within 30 days
        responsible: [MoSVY, NCCT]
        unit: percent
        compute: referred_within_30_days
        baseline: {year: 2024, value: 40}
        targets: {2025: 50, 2026: 60}
      - id: PV-2
        pillar: prevention
        name: Awareness sessions held
        responsible: [MoInformation]
        unit: sessions
        manual:
          2025: {value: 120, source: "Ministry of Information annual report 2025, p. 14"}
        targets: {2025: 100}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tipnet.stats.people import SuspectPerson, VictimPerson

PILLARS = ("prevention", "protection", "prosecution", "partnership")

Victims = Sequence[VictimPerson]
Suspects = Sequence[SuspectPerson]


def _share(n: int, d: int) -> float | None:
    return round(100.0 * n / d, 1) if d else None


def _referred_30(v: Victims, s: Suspects, year: int) -> float | None:
    people = [p for p in v if p.year == year]
    return _share(
        sum(1 for p in people if p.days_to_referral is not None and p.days_to_referral <= 30), len(people)
    )


def _assisted(v: Victims, s: Suspects, year: int) -> float | None:
    people = [p for p in v if p.year == year]
    return _share(sum(1 for p in people if p.assisted == "assisted"), len(people))


def _victims(v: Victims, s: Suspects, year: int) -> float | None:
    return float(sum(1 for p in v if p.year == year))


def _child_victims(v: Victims, s: Suspects, year: int) -> float | None:
    return float(sum(1 for p in v if p.year == year and p.child == "child"))


def _convicted(v: Victims, s: Suspects, year: int) -> float | None:
    return float(sum(1 for p in s if p.year == year and p.convicted))


def _prosecuted(v: Victims, s: Suspects, year: int) -> float | None:
    return float(sum(1 for p in s if p.year == year and p.prosecuted))


def _retrafficked(v: Victims, s: Suspects, year: int) -> float | None:
    return float(sum(1 for p in v if p.year == year and p.retrafficked))


COMPUTED: dict[str, tuple[str, Callable[[Victims, Suspects, int], float | None]]] = {
    "victims_identified": ("persons", _victims),
    "child_victims_identified": ("persons", _child_victims),
    "referred_within_30_days": ("percent", _referred_30),
    "victims_assisted": ("percent", _assisted),
    "suspects_prosecuted": ("persons", _prosecuted),
    "suspects_convicted": ("persons", _convicted),
    "victims_retrafficked": ("persons", _retrafficked),
}


class PlanError(ValueError):
    """The plan file is not valid; the message names the indicator and the field."""


@dataclass
class Indicator:
    id: str
    pillar: str
    name: str
    responsible: list[str]
    unit: str
    targets: dict[int, float]
    baseline: tuple[int, float] | None = None
    compute: str | None = None
    manual: dict[int, tuple[float, str]] = field(default_factory=dict)


@dataclass
class Plan:
    title: str
    indicators: list[Indicator]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PlanError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _year(value: Any, where: str) -> int:
    try:
        y = int(value)
    except (TypeError, ValueError):
        raise PlanError(f"{where}: expected a year, got {value!r}") from None
    if not 1990 <= y <= 2100:
        raise PlanError(f"{where}: year {y} out of range")
    return y


def parse(data: Any) -> Plan:
    if not isinstance(data, Mapping) or not isinstance(data.get("indicators"), list):
        raise PlanError("the plan needs `plan:` (its title) and a list `indicators:`")
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(data["indicators"], start=1):
        if not isinstance(raw, Mapping):
            raise PlanError(f"indicator {i}: expected a mapping")
        iid = str(raw.get("id") or "")
        where = f"indicator {iid or i}"
        if not iid:
            raise PlanError(f"{where}: `id` is required")
        if iid in seen:
            raise PlanError(f"{where}: `id` used twice")
        seen.add(iid)
        unknown = set(raw) - {
            "id",
            "pillar",
            "name",
            "responsible",
            "unit",
            "targets",
            "baseline",
            "compute",
            "manual",
        }
        if unknown:
            raise PlanError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        pillar = raw.get("pillar")
        if pillar not in PILLARS:
            raise PlanError(f"{where}: `pillar` must be one of {', '.join(PILLARS)}")
        if not raw.get("name"):
            raise PlanError(f"{where}: `name` is required")
        responsible = raw.get("responsible") or []
        if isinstance(responsible, str):
            responsible = [responsible]
        if not responsible:
            raise PlanError(f"{where}: `responsible` names at least one organisation")
        compute, manual = raw.get("compute"), raw.get("manual")
        if (compute is None) == (manual is None):
            raise PlanError(f"{where}: exactly one of `compute` or `manual`")
        if compute is not None and compute not in COMPUTED:
            raise PlanError(f"{where}: `compute` {compute!r} unknown; one of {', '.join(COMPUTED)}")
        entries: dict[int, tuple[float, str]] = {}
        if manual is not None:
            if not isinstance(manual, Mapping):
                raise PlanError(f"{where}: `manual` maps years to {{value, source}}")
            for y, e in manual.items():
                yy = _year(y, f"{where}, manual")
                if not isinstance(e, Mapping) or not e.get("source"):
                    raise PlanError(f"{where}, manual {yy}: every hand-entered value needs its `source`")
                entries[yy] = (_number(e.get("value"), f"{where}, manual {yy}, value"), str(e["source"]))
        targets_raw = raw.get("targets") or {}
        if not isinstance(targets_raw, Mapping) or not targets_raw:
            raise PlanError(f"{where}: `targets` maps years to values")
        targets = {
            _year(y, f"{where}, targets"): _number(v, f"{where}, targets {y}") for y, v in targets_raw.items()
        }
        baseline = None
        if raw.get("baseline") is not None:
            b = raw["baseline"]
            if not isinstance(b, Mapping):
                raise PlanError(f"{where}: `baseline` is {{year, value}}")
            baseline = (
                _year(b.get("year"), f"{where}, baseline"),
                _number(b.get("value"), f"{where}, baseline value"),
            )
        unit = str(raw.get("unit") or (COMPUTED[compute][0] if compute else ""))
        out.append(
            Indicator(
                iid,
                str(pillar),
                str(raw["name"]),
                [str(r) for r in responsible],
                unit,
                targets,
                baseline,
                compute,
                entries,
            )
        )
    return Plan(str(data.get("plan") or "action plan"), out)


def load(path: Path) -> Plan:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlanError(f"{path}: not valid YAML ({exc})") from None
    return parse(data)


@dataclass
class Progress:
    indicator: Indicator
    year: int
    value: float | None
    source: str
    target: float | None
    share_of_way: float | None  # 0 at baseline, 1 at target

    def row(self) -> list[Any]:
        i = self.indicator
        return [
            i.id, i.pillar, i.name, ", ".join(i.responsible), self.year, i.unit,
            i.baseline[1] if i.baseline else "", self.target if self.target is not None else "",
            self.value if self.value is not None else "not recorded",
            round(self.share_of_way, 2) if self.share_of_way is not None else "", self.source,
        ]  # fmt: skip


PROGRESS_COLUMNS = [
    "id",
    "pillar",
    "indicator",
    "responsible",
    "year",
    "unit",
    "baseline",
    "target",
    "value",
    "progress",
    "source",
]


def progress(plan: Plan, victims: Victims, suspects: Suspects, years: Sequence[int]) -> list[Progress]:
    out = []
    for ind in plan.indicators:
        for y in years:
            if ind.compute:
                value = COMPUTED[ind.compute][1](victims, suspects, y)
                source = f"computed from the store: {ind.compute}"
            elif y in ind.manual:
                value, source = ind.manual[y]
            else:
                value, source = None, "not entered"
            target = ind.targets.get(y)
            share = None
            if (
                value is not None
                and target is not None
                and ind.baseline is not None
                and target != ind.baseline[1]
            ):
                share = (value - ind.baseline[1]) / (target - ind.baseline[1])
            out.append(Progress(ind, y, value, source, target, share))
    return out
