"""nomenklatura's `logic-v1` screening the independent watchlist: the anchor of issue 13's screening goal.

    python bench/independent/nomenklatura_screening.py --data /tmp/indep > nk-hits.jsonl
    python bench/independent/score.py screening --data /tmp/indep --hits nk-hits.jsonl \
        --threshold 0.7 --run-threshold 0.05 --split test

Each traveller is compared with the 20 list entries tipnet's index proposes (nomenklatura has no
index of its own; comparing every pair would take an hour on this machine), as FollowTheMoney
Person entities with name, aliases, birth date, nationality, gender and passport number; hits at or
above --threshold (0.05) are written in `tipnet screen --json`'s shape. yente's default threshold is
0.7. Needs nomenklatura (bench/requirements.txt).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from tipnet.screening.entries import build_from_files
from tipnet.screening.manifest import read_manifest
from tipnet.screening.screen import CANDIDATES, Screener


def _person(ident: str, row: dict[str, str], aliases: list[str]) -> Any:
    from followthemoney import model

    e = model.make_entity("Person")
    e.id = ident
    e.add("name", row["name"])
    for a in aliases:
        e.add("alias", a)
    for prop, col in (
        ("birthDate", "birth_date"),
        ("nationality", "nationality"),
        ("passportNumber", "document_number"),
    ):
        if row.get(col):
            e.add(prop, row[col], quiet=True)
    g = (row.get("gender") or "").strip().lower()
    if g:
        e.add("gender", {"f": "female", "m": "male"}.get(g, g), quiet=True)
    return e


def main() -> None:
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--algorithm", default="logic-v1")
    ap.add_argument("--threshold", type=float, default=0.05)
    args = ap.parse_args()
    scr = args.data / "screening"
    entries = {r["id"]: r for r in csv.DictReader((scr / "watchlist.csv").open(encoding="utf-8"))}
    travellers = {r["id"]: r for r in csv.DictReader((scr / "travellers.csv").open(encoding="utf-8"))}
    ix, _ = build_from_files([scr / "watchlist.csv"])
    screener = Screener(ix)
    algo = get_algorithm(args.algorithm)
    assert algo is not None
    cfg = ScoringConfig.defaults()
    ents = {k: _person(k, r, [a for a in r["aliases"].split(";") if a.strip()]) for k, r in entries.items()}
    for t in read_manifest(scr / "travellers.csv"):
        hits = []
        if t.record is not None:
            q = _person(t.ref, travellers[t.ref], [])
            for i, _w in ix.candidates(screener.prepare(t.record), CANDIDATES):
                entry_id = ix.describe(i)[1]
                s = algo.compare(q, ents[entry_id], cfg).score
                if s >= args.threshold:
                    hits.append({"list": "watchlist", "entry_id": entry_id, "score": round(s, 4)})
        hits.sort(key=lambda h: -h["score"])
        print(json.dumps({"id": t.ref, "hits": hits[:10]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
