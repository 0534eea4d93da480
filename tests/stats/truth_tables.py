"""The statistics recomputed from a scenario's folder alone (source files and truth files), without
the store, the ingest or the linkage: what tipnet's tables must equal."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _day(text: str) -> date | None:
    text = text.strip()[:10]
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def victim_rows(root: Path) -> list[dict[str, object]]:
    """One row per victim record: the truth person, the case, its opening day, recorded attributes."""
    truth = {
        (r["source_type"], r["org"], r["record_id"]): r["person_id"]
        for r in _rows(root / "truth" / "records.csv")
    }
    out: list[dict[str, object]] = []
    for r in _rows(root / "sources" / "police.csv"):
        if r["role"] != "Victim":
            continue
        out.append(
            {
                "person": truth[("police", r["org"], r["record_id"])],
                "case": ("police", r["org"], r["case_ref"]),
                "day": _day(r["report_date"]),
                "gender": r["gender"],
                "birth": r["birth_date"][:4],
                "nationality": r["nationality"],
                "forms": {r["exploitation_type"]} - {""},
            }
        )
    for r in _rows(root / "sources" / "ngo.csv"):
        out.append(
            {
                "person": truth[("ngo", r["org"], r["record_id"])],
                "case": ("ngo", r["org"], r["cas_CaseID"]),
                "day": _day(r["cas_IncomingReferralDate"]) or _day(r["hte_RecruitmentDate"]),
                "gender": r["prs_Gender"],
                "birth": r["prs_Birthdate"][:4],
                "nationality": r["prs_Citizenship"].split(";")[0],
                "forms": set(r["vic_TypeOfExploitation"].split(";")) - {""},
            }
        )
    opened: dict[tuple[str, str, str], date] = {}
    for v in out:
        day = v["day"]
        case = v["case"]
        assert isinstance(case, tuple)
        if isinstance(day, date) and (case not in opened or day < opened[case]):
            opened[case] = day
    for v in out:
        v["opened"] = opened.get(v["case"])  # type: ignore[arg-type]
    return out


def _resolve(values: list[str]) -> str:
    seen = [v for v in values if v]
    if not seen:
        return "not recorded"
    c = Counter(seen)
    return next(v for v in seen if c[v] == max(c.values()))


def persons_by_year(root: Path) -> dict[tuple[str, int], dict[str, object]]:
    """(truth person, year) -> records, sex, nationality, child/adult, forms: resolved like tipnet
    (most common recorded value; ties to the earliest record)."""
    groups: dict[tuple[str, int], list[dict[str, object]]] = defaultdict(list)
    for v in victim_rows(root):
        if v["opened"] is not None:
            groups[(str(v["person"]), v["opened"].year)].append(v)  # type: ignore[union-attr]
    out = {}
    for key, recs in groups.items():
        recs.sort(key=lambda v: (v["opened"], 0))  # type: ignore[arg-type, return-value]
        birth = _resolve([str(v["birth"]) for v in recs])
        age = key[1] - int(birth) if birth != "not recorded" else None
        out[key] = {
            "records": len(recs),
            "sex": _resolve([str(v["gender"]) for v in recs]),
            "nationality": _resolve([str(v["nationality"]) for v in recs]),
            "child": "not recorded" if age is None else ("child" if age < 18 else "adult"),
            "forms": sorted(set().union(*[v["forms"] for v in recs])) or ["not recorded"],  # type: ignore[arg-type]
        }
    return out


def true_victims(root: Path) -> set[str]:
    return {r["person_id"] for r in _rows(root / "truth" / "persons.csv") if r["is_victim"] == "true"}
