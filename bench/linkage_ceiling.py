# SPDX-License-Identifier: Apache-2.0
"""What any matcher could reach on an independent linkage set, from the written records alone (issue 13).

    python bench/linkage_ceiling.py ind2 --data /tmp/ind2 --split calibration [--run LINK_OUT] [--order-from calibration]
    python bench/linkage_ceiling.py ind1 --data /tmp/indep --split test [--run LINK_OUT]

`ind2` is `bench/independent2` (records_{split}.csv, truth/records_truth.csv); `ind1` is
`bench/independent` (linkage/records.csv linked whole, scored per split as its score.py does).

(a) Per true pair (two records of one person), the strongest evidence the two written records share:
    the same document; the same full birth date (day and month may be swapped); the person's own phone
    (the last 8 digits of any written form); a phone several people's records hold (a family's, a
    broker's); the same address, held by at most `RARE_ADDRESS` records (a household's, not a
    district's); the birth year only; the name only (both records have a name, nothing
    else agrees); nothing (a record without a name, nothing else agrees).
(b) The transitive ceiling: the true pairs connected through the person's records by corroborated
    edges (two records of the person sharing a document, full date, phone or address, their names
    compatible: name similarity >= `low` or a side without a name). A perfect collective matcher
    could link every such pair. The false pairs with the same evidence and compatible names are
    counted too (what the edges cost a matcher that cannot tell a family phone from an own phone).
(c) The other true pairs rest on weaker evidence (the birth year, the name). An oracle groups every
    pair (true and false) that is not corroborated by the features the records hold: name similarity
    level (tipnet's matching core reads the names across scripts), how many records of the file hold
    the name, birth-year relation, gender and nationality agreement. It takes the cells best-first by
    their own precision and reports the best recall and F1 at precision >= 0.95, counting (b)'s pairs as
    linked for free. False pairs are generated where two records share one of tipnet's name blocking
    keys or reading forms: false pairs outside (unlike names) are not counted, so the precision of a
    cell is if anything too high and the ceiling an upper bound. `--order-from SPLIT` also ranks the
    cells by the other split's precision (what a matcher could learn, not an oracle).

Names are read with tipnet's matching core (`linkage.records.prepare_row`, `name_similarity`), as the
linker reads them; everything else is counted from the files. With `--run`, tipnet's links and
clusters are scored against (b) and (c).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tipnet.linkage.block_keys import RARE_ADDRESS
from tipnet.linkage.name_similarity import name_similarity, name_word_differs
from tipnet.linkage.records import RecordError, prepare_row
from tipnet.linkage.tabular import parse_column_options, read_input

P_GOAL = 0.95
LOW = 0.65  # tipnet's `low` name level: the least similarity called compatible
BLOCK_CAP = 400  # a name key held by more records is too common to block on (its pairs are not counted)
COLUMNS = [
    "id=record_id",
    "name=name",
    "birth_date=birth_date",
    "gender=gender",
    "nationality=nationality",
    "document_number=document_number",
    "phone=phone",
    "address=address",
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


@dataclass
class Rec:
    rid: str
    person: str
    codes: tuple[str, ...]  # encoded prepared names (empty: no name)
    forms: tuple[str, ...]  # reading forms and phonetic forms (name frequency, candidate keys)
    blocks: tuple[str, ...]
    year: int | None
    month: int | None
    day: int | None
    gender: str | None
    nats: frozenset[str]
    docs: frozenset[str]
    phones: frozenset[str]
    address: str | None


# ------------------------------------------------------------------------------------- loading
def load(kind: str, data: Path, split: str) -> tuple[dict[str, Rec], Path]:
    """The split's records (prepared as `tipnet link csv` prepares them) and the file tipnet links."""
    if kind == "ind2":
        path = data / f"records_{split}.csv"
        truth = {r["record_id"]: r["person_id"] for r in read_csv(data / "truth" / "records_truth.csv")}
        cols = COLUMNS
    else:
        path = data / "linkage" / "records.csv"
        truth = {r["record_id"]: r["person_id"] for r in read_csv(data / "linkage" / "truth.csv")}
        psplit = {r["person_id"]: r["split"] for r in read_csv(data / "linkage" / "split.csv")}
        truth = {rid: p for rid, p in truth.items() if split in ("all", psplit[p])}
        cols = ["id=record_id"]
    fi = read_input(path, parse_column_options(cols), label="a")
    out: dict[str, Rec] = {}
    for rec in fi.records:
        rid = fi.ids[rec.uid]
        if rid not in truth:
            continue
        try:
            row = prepare_row(rec)
        except RecordError:
            continue  # tipnet rejects it: no matcher sees it either (counted in the true pairs)
        forms = {*(row["name_forms_rank1"] or ()), *(f"~{f}" for f in row["name_forms_multi"] or ())}
        out[rid] = Rec(
            rid,
            truth[rid],
            tuple(row["name_codes"] or ()),
            tuple(sorted(forms)),
            tuple(row["name_blocks"] or ()),
            row["birth_year"],
            row["birth_month"],
            row["birth_day"],
            row["gender"],
            frozenset(row["nationalities"] or ()),
            frozenset(row["document_keys"] or ()),
            frozenset(row["phone_suffixes"] or ()),
            row["address"],
        )
    return out, path


# ------------------------------------------------------------------------------------ evidence
class Pairs:
    def __init__(self, recs: dict[str, Rec]) -> None:
        self.recs = recs
        self._sim: dict[tuple[str, str], tuple[float | None, bool]] = {}
        # phone suffix → people whose records hold it (a phone of several people: family, broker)
        holders: dict[str, set[str]] = defaultdict(set)
        for r in recs.values():
            for p in r.phones:
                holders[p].add(r.person)
        self.phone_people = {p: len(s) for p, s in holders.items()}
        form_n: Counter[str] = Counter()
        for r in recs.values():
            form_n.update(r.forms)
        # how common a record's name is: the fewest records holding one of its forms
        addr_n = Counter(r.address for r in recs.values() if r.address)
        # an address few records hold (a household's), as linkage's `exact` address level counts it
        self.rare_address = {a for a, n in addr_n.items() if n <= RARE_ADDRESS}
        self.name_n = {rid: min((form_n[f] for f in r.forms), default=0) for rid, r in recs.items()}

    def sim(self, a: str, b: str) -> tuple[float | None, bool]:
        k = key(a, b)
        hit = self._sim.get(k)
        if hit is None:
            ra, rb = self.recs[a], self.recs[b]
            s = name_similarity(ra.codes, rb.codes) if ra.codes and rb.codes else None
            d = bool(name_word_differs(ra.codes, rb.codes)) if s is not None else False
            hit = self._sim[k] = (s, d)
        return hit

    def compatible(self, a: str, b: str) -> bool:
        s, _ = self.sim(a, b)
        return s is None or s >= LOW

    def shared(self, a: str, b: str) -> list[str]:
        """The corroborating evidence two records share (strongest first)."""
        ra, rb = self.recs[a], self.recs[b]
        out = []
        if ra.docs & rb.docs:
            out.append("document")
        full = ra.year and rb.year and ra.month and rb.month and ra.day and rb.day and ra.year == rb.year
        if full and (ra.month, ra.day) in ((rb.month, rb.day), (rb.day, rb.month)):
            out.append("full date")
        common = ra.phones & rb.phones
        if common:
            own = any(self.phone_people[p] == 1 for p in common)
            out.append("own phone" if own else "shared phone")
        if ra.address and ra.address == rb.address and ra.address in self.rare_address:
            out.append("address")
        return out

    def category(self, a: str, b: str) -> str:
        ev = self.shared(a, b)
        for c in ("document", "full date", "own phone", "shared phone", "address"):
            if c in ev:
                return c
        ra, rb = self.recs[a], self.recs[b]
        if ra.year and rb.year and ra.year == rb.year:
            return "birth year only"
        return "name only" if ra.codes and rb.codes else "nothing"

    def corroborated(self, a: str, b: str) -> bool:
        return bool(self.shared(a, b)) and self.compatible(a, b)

    def cell(self, a: str, b: str) -> tuple[str, ...]:
        """The features of a pair that nothing corroborates (the oracle's cell)."""
        ra, rb = self.recs[a], self.recs[b]
        s, differs = self.sim(a, b)
        if s is None:
            level = "no name"
        elif s >= 0.99:
            level = "exact"
        elif s >= 0.9:
            level = "high"
        elif s >= 0.8:
            level = "medium"
        elif s >= LOW:
            level = "low"
        else:
            level = "disagree"
        if differs and level != "no name":
            level += "+word differs"
        n = max(self.name_n[a], self.name_n[b])
        freq = "1-2" if n <= 2 else "3-4" if n <= 4 else "5-9" if n <= 9 else "10-19" if n <= 19 else "20+"
        if ra.year and rb.year:
            d = abs(ra.year - rb.year)
            year = "same" if d == 0 else "1-2" if d <= 2 else "3-10" if d <= 10 else ">10"
        else:
            year = "missing"

        def rel(x: Iterable[str] | str | None, y: Iterable[str] | str | None) -> str:
            if not x or not y:
                return "missing"
            if isinstance(x, str) or isinstance(y, str):
                return "agree" if x == y else "differ"
            return "agree" if set(x) & set(y) else "differ"

        return (level, freq, year, rel(ra.gender, rb.gender), rel(ra.nats, rb.nats))


def near_document(x: str, y: str) -> bool:
    """One character apart: a substitution, a dropped or added character, two neighbours swapped."""
    if x == y or abs(len(x) - len(y)) > 1:
        return x == y
    if len(x) == len(y):
        d = [i for i in range(len(x)) if x[i] != y[i]]
        return len(d) == 1 or (len(d) == 2 and d[1] == d[0] + 1 and x[d[0]] == y[d[1]] and x[d[1]] == y[d[0]])
    s, t = (x, y) if len(x) < len(y) else (y, x)
    return any(t[:i] + t[i + 1 :] == s for i in range(len(t)))


def record_evidence(ra: Rec, rb: Rec) -> tuple[str, ...]:
    """What the basic cell leaves out of two records (`--cells extended`): an address both hold, phones
    and documents both hold (a namesake's differ), a document one slip apart, and how two dates to the
    month relate (the same day and month with another year, the same month with another day, or a
    contradiction: what tells a namesake with a date from the person with a year)."""
    if ra.address and rb.address:
        addr = "address same" if ra.address == rb.address else "address differs"
    else:
        addr = "address -"
    phone = (
        ("phone same" if ra.phones & rb.phones else "phone differs") if ra.phones and rb.phones else "phone -"
    )
    if ra.docs and rb.docs:
        near = any(near_document(x, y) for x in ra.docs for y in rb.docs)
        doc = "document same" if ra.docs & rb.docs else "document near" if near else "document differs"
    else:
        doc = "document -"
    date = "date -"
    if ra.year and rb.year and ra.month and rb.month:
        if ra.day and rb.day and (ra.month, ra.day) in ((rb.month, rb.day), (rb.day, rb.month)):
            date = "day and month same" if ra.year != rb.year else "date same"
        elif ra.year == rb.year and ra.month == rb.month:
            date = "month same, day differs"
        else:
            date = "dates contradict"
    return (addr, phone, doc, date)


def pooled_evidence(recs: dict[str, Rec], members: list[str], others: list[str]) -> tuple[str, ...]:
    """Two groups of records (each a component of corroborated pairs, as a matcher builds them, true
    and false pairs alike): their closest birth years, whether a full date of one agrees with one of the
    other, and their genders (what a cluster knows of a sparse record through its other records)."""
    A = [recs[x] for x in members]
    B = [recs[x] for x in others]
    ya = {r.year for r in A if r.year}
    yb = {r.year for r in B if r.year}
    if ya and yb:
        d = min(abs(x - y) for x in ya for y in yb)
        year = "group years same" if d == 0 else "group years 1-2" if d <= 2 else "group years 3+"
    else:
        year = "group years -"
    fa = {(r.year, r.month, r.day) for r in A if r.year and r.month and r.day}
    fb = {(r.year, r.month, r.day) for r in B if r.year and r.month and r.day}
    if fa and fb:
        agree = any(x[0] == y[0] and (x[1], x[2]) in ((y[1], y[2]), (y[2], y[1])) for x in fa for y in fb)
        full = "group dates agree" if agree else "group dates differ"
    else:
        full = "group dates -"
    ga = {r.gender for r in A if r.gender}
    gb = {r.gender for r in B if r.gender}
    gender = (
        "group gender -" if not ga or not gb else "group gender agrees" if ga & gb else "group gender differs"
    )
    return (year, full, gender)


def evidence_index(recs: dict[str, Rec], P: Pairs) -> dict[str, list[str]]:
    """Records by each piece of corroborating evidence they hold: a document, a phone, a full birth
    date (day and month in either order) or a rare address."""
    ev_index: dict[str, list[str]] = defaultdict(list)
    for r in recs.values():
        for d in r.docs:
            ev_index[f"d:{d}"].append(r.rid)
        for p in r.phones:
            ev_index[f"p:{p}"].append(r.rid)
        if r.year and r.month and r.day:
            md = sorted((r.month, r.day))
            ev_index[f"b:{r.year}-{md[0]}-{md[1]}"].append(r.rid)
        if r.address and r.address in P.rare_address:
            ev_index[f"a:{r.address}"].append(r.rid)
    return ev_index


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in parent}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def oracle(
    cells: dict[tuple[str, ...], list[int]],
    base_tp: int,
    total_true: int,
    order: list[tuple[str, ...]] | None = None,
) -> dict:
    """Take the cells best-first (by their own precision, or in `order`); the best recall and F1 at
    precision >= P_GOAL, the free pairs (`base_tp`) counted linked. `cells`: cell → [true, false]."""
    if order is None:
        order = sorted(cells, key=lambda c: (-cells[c][0] / (cells[c][0] + cells[c][1]), -cells[c][0]))
    tp, fp = base_tp, 0
    best_r = {"precision": 1.0, "recall": tp / total_true, "f1": prf(tp, 0, total_true - tp)[2], "cells": 0}
    best_f = dict(best_r)
    for i, c in enumerate(order, 1):
        t, f = cells.get(c, [0, 0])
        tp, fp = tp + t, fp + f
        p, r, f1 = prf(tp, fp, total_true - tp)
        if p >= P_GOAL:
            row = {"precision": p, "recall": r, "f1": f1, "cells": i, "tp": tp, "fp": fp}
            if r > best_r["recall"]:
                best_r = row
            if f1 > best_f["f1"]:
                best_f = row
    return {"best_recall": best_r, "best_f1": best_f}


def ceiling(
    kind: str,
    data: Path,
    split: str,
    run: Path | None,
    order_from: str | None,
    across: frozenset[str] = frozenset(),
    cell_kind: str = "basic",
    symmetric: bool = False,
) -> dict:
    t0 = time.perf_counter()
    recs, _path = load(kind, data, split)
    # --across: only pairs between two parties count (party A = these agencies, B = the rest), as in
    # PPRL; the corroborated edges still run through every record of the person (an upper bound)
    party: dict[str, bool] = {}
    if across:
        src = data / "linkage" / "records.csv" if kind == "ind1" else _path
        party = {r["record_id"]: r["agency"] in across for r in read_csv(src)}

    def crossing(k: tuple[str, str]) -> bool:
        return not across or party[k[0]] != party[k[1]]

    # the true pairs, over every record of the split's people (rejected ones too: nobody links them)
    if kind == "ind2":
        truth_rows = [r for r in read_csv(data / "truth" / "records_truth.csv") if r["split"] == split]
        people: dict[str, list[str]] = defaultdict(list)
        for r in truth_rows:
            people[r["person_id"]].append(r["record_id"])
    else:
        psplit = {r["person_id"]: r["split"] for r in read_csv(data / "linkage" / "split.csv")}
        people = defaultdict(list)
        for r in read_csv(data / "linkage" / "truth.csv"):
            if split in ("all", psplit[r["person_id"]]):
                people[r["person_id"]].append(r["record_id"])
    person_pairs = {key(a, b) for ids in people.values() for a, b in itertools.combinations(ids, 2)}
    true_pairs = {k for k in person_pairs if crossing(k)}
    n_true = len(true_pairs)
    P = Pairs(recs)

    # (a) evidence of each true pair
    cat: dict[tuple[str, str], str] = {}
    for a, b in true_pairs:
        cat[(a, b)] = P.category(a, b) if a in recs and b in recs else "a record rejected"
    by_cat = Counter(cat.values())

    # (b) corroborated edges inside each person, their components
    edges = [(a, b) for a, b in person_pairs if a in recs and b in recs and P.corroborated(a, b)]
    comp = components(recs, edges)
    reach = {k for k in true_pairs if k[0] in comp and k[1] in comp and comp[k[0]] == comp[k[1]]}
    direct = set(edges)

    # false pairs sharing corroborating evidence (and compatible names)
    ev_index = evidence_index(recs, P)
    false_corr: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for ids in ev_index.values():
        for a, b in itertools.combinations(ids, 2):
            k = key(a, b)
            if recs[a].person == recs[b].person or k in seen or not crossing(k):
                continue
            seen.add(k)
            if P.corroborated(*k):
                false_corr.add(k)
    false_corr_by: Counter[str] = Counter(P.category(*k) for k in false_corr)
    # --cells extended: the groups a matcher builds from every corroborated pair it sees (within a party
    # too, false pairs too: no truth), and the features of both records and both groups
    group: dict[str, str] = {}
    group_members: dict[str, list[str]] = defaultdict(list)
    if cell_kind == "extended":
        seen_all: set[tuple[str, str]] = set()
        corr_all = []
        for ids in ev_index.values():
            for a, b in itertools.combinations(ids, 2):
                k = key(a, b)
                if k not in seen_all:
                    seen_all.add(k)
                    if P.corroborated(*k):
                        corr_all.append(k)
        group = components(recs, corr_all)
        for rid, g in group.items():
            group_members[g].append(rid)

    def cell_of(k: tuple[str, str]) -> tuple[str, ...]:
        c = P.cell(*k)
        if cell_kind != "extended":
            return c
        ra, rb = recs[k[0]], recs[k[1]]
        pooled = pooled_evidence(recs, group_members[group[k[0]]], group_members[group[k[1]]])
        return c + record_evidence(ra, rb) + pooled

    true_edge_by: Counter[str] = Counter(P.category(*k) for k in direct if crossing(k))

    # (c) the oracle over pairs nothing corroborates
    rest = [k for k in true_pairs - reach if k[0] in recs and k[1] in recs]
    if symmetric:
        # --symmetric: the true pairs as the false ones are generated (sharing a name key of at most
        # BLOCK_CAP records); the others count as missed, where the default puts them in cells whose
        # false pairs were never generated
        key_n: Counter[str] = Counter()
        for r in recs.values():
            key_n.update({*r.blocks, *r.forms})
        rest = [
            k
            for k in rest
            if any(
                key_n[f] <= BLOCK_CAP
                for f in {*recs[k[0]].blocks, *recs[k[0]].forms} & {*recs[k[1]].blocks, *recs[k[1]].forms}
            )
        ]
    cells: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    for k in rest:
        cells[cell_of(k)][0] += 1
    name_index: dict[str, list[str]] = defaultdict(list)
    for r in recs.values():
        for f in {*r.blocks, *r.forms}:
            name_index[f].append(r.rid)
    false_seen: set[tuple[str, str]] = set()
    skipped_blocks = 0
    for ids in name_index.values():
        if len(ids) > BLOCK_CAP:
            skipped_blocks += 1
            continue
        for a, b in itertools.combinations(ids, 2):
            if recs[a].person == recs[b].person:
                continue
            k = key(a, b)
            if k in false_seen or k in false_corr or not crossing(k):
                continue
            false_seen.add(k)
    for k in false_seen:
        c = cell_of(k)
        if c[0].startswith(("disagree", "no name")):
            continue  # unlike names: every random pair is in these cells; their false count is unbounded
        cells[c][1] += 1
    for c, (t, f) in list(cells.items()):
        if c[0].startswith(("disagree", "no name")) and t:
            cells[c][1] = max(f, 10**6)  # a stand-in for "all the unlike pairs": never taken
    base = len(reach)
    # (b)'s edges are counted free; a matcher that took the corroborated false pairs would pay them:
    res: dict = {
        "set": kind,
        "split": split,
        "cells": cell_kind,
        "symmetric": symmetric,
        "records": len(recs),
        "people": len(people),
        "true_pairs": n_true,
        "evidence": {c: by_cat[c] for c in sorted(by_cat, key=lambda c: -by_cat[c])},
        "corroborated_true_edges": dict(true_edge_by),
        "corroborated_false_pairs": dict(false_corr_by),
        "transitive": {
            "direct": sum(map(crossing, direct)),
            "reachable": base,
            "recall": base / n_true,
            "f1_free": prf(base, 0, n_true - base)[2],
            "f1_paying_false_edges": prf(base, len(false_corr), n_true - base)[2],
            "reachable_by_evidence": dict(Counter(cat[k] for k in reach)),
        },
        "rest_true": len(rest),
        "rest_by_evidence": dict(Counter(cat[k] for k in rest)),
        "false_candidates": len(false_seen),
        "skipped_common_keys": skipped_blocks,
        "oracle": oracle(cells, base, n_true),
    }
    res["oracle_cells"] = sorted(
        ([list(c), t, f] for c, (t, f) in cells.items() if t and f < 10**6),
        key=lambda x: (-x[1] / (x[1] + x[2]), -x[1]),
    )[:40]
    res["_cells"] = {"|".join(c): v for c, v in cells.items()}
    if order_from:
        other = json.loads(Path(order_from).read_text())["_cells"]
        ranked = sorted(
            (tuple(c.split("|")) for c, v in other.items() if v[0] and v[1] < 10**6),
            key=lambda c: (-other["|".join(c)][0] / sum(other["|".join(c)]), -other["|".join(c)][0]),
        )
        res["learnt_order"] = oracle(cells, base, n_true, ranked)
    if run is not None:
        res["tipnet"] = score_run(run, true_pairs, reach, cat, set(recs), crossing)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    return res


def score_run(
    run: Path, true_pairs: set, reach: set, cat: dict, keep: set[str], crossing=lambda k: True
) -> dict:
    links = {key(r["id_l"], r["id_r"]) for r in read_csv(run / "pairs.csv")}
    links = {k for k in links if k[0] in keep and k[1] in keep and crossing(k)}
    members: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(run / "clusters.csv"):
        if r["id"] in keep:
            members[r["cluster_id"]].append(r["id"])
    cpairs = {key(a, b) for ids in members.values() for a, b in itertools.combinations(ids, 2)}
    cpairs = {k for k in cpairs if crossing(k)}
    out = {}
    for name, pred in (("links", links), ("clusters", cpairs)):
        tp = len(pred & true_pairs)
        p, r, f = prf(tp, len(pred) - tp, len(true_pairs) - tp)
        out[name] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "recall_of_reachable": len(pred & reach) / len(reach) if reach else 0.0,
            "reachable_missed": len(reach - pred),
            "recall_of_rest": len((pred & true_pairs) - reach) / max(1, len(true_pairs - reach)),
            "reachable_missed_by_evidence": dict(Counter(cat[k] for k in reach - pred)),
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=("ind1", "ind2"))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--split", default="calibration", help="calibration, test, or all (ind1 only)")
    ap.add_argument("--run", type=Path, help="a `tipnet link csv` output folder to score against the ceiling")
    ap.add_argument("--order-from", help="the JSON of this script on another split: rank cells by it")
    ap.add_argument("--json", type=Path, help="write the result here")
    ap.add_argument(
        "--across",
        default="",
        help="comma-separated agencies of party A (the rest are B): count only pairs across the two, as PPRL "
        "links them (bench_pprl.py: immigration,police)",
    )
    ap.add_argument(
        "--cells",
        choices=("basic", "extended"),
        default="basic",
        help="basic: name level, name frequency, birth year, gender, nationality; extended: also address, "
        "phone and document agreement or conflict, how two dates to the month relate, and the birth years, "
        "full dates and genders of the two records' groups of corroborated records (record_evidence, "
        "pooled_evidence)",
    )
    ap.add_argument(
        "--symmetric",
        action="store_true",
        help="count only the true pairs that share a name key (as the false pairs are generated); the "
        "others are missed",
    )
    a = ap.parse_args()
    across = frozenset(x for x in a.across.split(",") if x)
    res = ceiling(a.kind, a.data, a.split, a.run, a.order_from, across, a.cells, a.symmetric)
    if a.json:
        a.json.write_text(json.dumps(res, indent=1, default=list))
    show = {k: v for k, v in res.items() if k not in ("_cells", "oracle_cells")}
    print(json.dumps(show, indent=1, default=list))
    print("best cells:", file=sys.stderr)
    for c, t, f in res["oracle_cells"][:15]:
        print(f"  {c}: true {t}, false {f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
