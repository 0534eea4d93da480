"""A reporting framework's indicator list as data: the ASEAN ACTIP reporting (the ASEAN-ACT TIP
Data Toolkit's 22 indicators), a donor's framework, a ministry's annual return. The list itself is
not shipped: tipnet holds no copy of the toolkit, and an indicator's wording is the framework's to
give, not ours to guess. The committee writes the file from the toolkit it holds; each indicator
says how it is answered:

    framework: ASEAN ACTIP TIP data indicators
    source: ASEAN-ACT TIP Data Toolkit (the edition the committee reports against)
    indicators:
      - id: "1"
        name: (the toolkit's wording)
        compute: victims_identified          # one of tipnet.stats.plan.COMPUTED
      - id: "2"
        name: (the toolkit's wording)
        not_recorded: the store holds no ... # said as such in every year
      - id: "3"
        name: (the toolkit's wording)
        manual:
          2025: {value: 12, source: "Ministry of Justice annual report 2025"}

Every indicator appears in every year's report: computed, entered by hand with its source, or
"not recorded" with the reason, never silently left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tipnet.stats.people import NOT_RECORDED
from tipnet.stats.plan import COMPUTED, PlanError, Suspects, Victims, _number, _year

COLUMNS = ["indicator", "name", "year", "value", "unit", "how"]


class FrameworkError(PlanError):
    """The indicator file is not valid; the message names the indicator and the field."""


@dataclass
class FrameworkIndicator:
    id: str
    name: str
    compute: str | None = None
    not_recorded: str | None = None
    manual: dict[int, tuple[float, str]] = field(default_factory=dict)


@dataclass
class Framework:
    title: str
    source: str
    indicators: list[FrameworkIndicator]


def parse(data: Any) -> Framework:
    try:
        return _parse(data)
    except FrameworkError:
        raise
    except PlanError as exc:  # the plan's number and year checks, same messages
        raise FrameworkError(str(exc)) from None


def _parse(data: Any) -> Framework:
    if (
        not isinstance(data, Mapping)
        or not data.get("framework")
        or not isinstance(data.get("indicators"), list)
    ):
        raise FrameworkError("the file needs `framework:` (its title), `source:` and a list `indicators:`")
    if not str(data.get("source") or "").strip():
        raise FrameworkError("`source`: name the document the indicators come from")
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(data["indicators"], start=1):
        if not isinstance(raw, Mapping):
            raise FrameworkError(f"indicator {i}: expected a mapping")
        ident = str(raw.get("id") or "").strip()
        where = f"indicator {ident or i}"
        if not ident:
            raise FrameworkError(f"{where}: `id` is required")
        if ident in seen:
            raise FrameworkError(f"{where}: `id` used twice")
        seen.add(ident)
        unknown = set(raw) - {"id", "name", "compute", "not_recorded", "manual"}
        if unknown:
            raise FrameworkError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        name = str(raw.get("name") or "").strip()
        if not name:
            raise FrameworkError(f"{where}: `name` is required")
        ways = [k for k in ("compute", "not_recorded", "manual") if raw.get(k)]
        if len(ways) != 1:
            raise FrameworkError(f"{where}: exactly one of `compute`, `not_recorded` or `manual`")
        compute = raw.get("compute")
        if compute is not None and compute not in COMPUTED:
            raise FrameworkError(f"{where}: `compute` {compute!r} unknown; one of {', '.join(COMPUTED)}")
        manual: dict[int, tuple[float, str]] = {}
        if raw.get("manual") is not None:
            if not isinstance(raw["manual"], Mapping):
                raise FrameworkError(f"{where}: `manual` maps years to {{value, source}}")
            for y, entry in raw["manual"].items():
                yy = _year(y, f"{where}, manual")
                if not isinstance(entry, Mapping) or not str(entry.get("source") or "").strip():
                    raise FrameworkError(f"{where}, manual {yy}: every hand-entered value needs its `source`")
                manual[yy] = (_number(entry.get("value"), f"{where}, manual {yy}"), str(entry["source"]))
        reason = raw.get("not_recorded")
        out.append(FrameworkIndicator(ident, name, compute, str(reason) if reason else None, manual))
    return Framework(str(data["framework"]), str(data["source"]), out)


def load(path: Path) -> Framework:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML ({exc})") from None
    return parse(data)


def report(fw: Framework, victims: Victims, suspects: Suspects, years: Sequence[int]) -> list[list[Any]]:
    """One row per indicator and year: the value, its unit and how it was obtained."""
    rows: list[list[Any]] = []
    for ind in fw.indicators:
        for y in years:
            if ind.compute:
                unit, fn = COMPUTED[ind.compute]
                value = fn(victims, suspects, y)
                rows.append(
                    [
                        ind.id,
                        ind.name,
                        y,
                        NOT_RECORDED if value is None else value,
                        unit,
                        f"computed: {ind.compute}",
                    ]
                )
            elif ind.manual:
                if y in ind.manual:
                    value, source = ind.manual[y]
                    rows.append([ind.id, ind.name, y, value, "", f"entered: {source}"])
                else:
                    rows.append([ind.id, ind.name, y, NOT_RECORDED, "", "no value entered for this year"])
            else:
                rows.append([ind.id, ind.name, y, NOT_RECORDED, "", f"not recorded: {ind.not_recorded}"])
    return rows
