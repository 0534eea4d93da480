"""A party's own groups of records (`pprl encode --link-own`) and the expansion of a match through
them (`pprl expand`).

The groups file (`OUT.groups.csv`: id, group) stays with the party that wrote it: it says which of
its own records its plaintext linkage took for one person, by the ids the encoding carries (keyed
pseudonyms with `--pseudonymize`). Given the pairs a match reported, a party adds for each pair
(a, b) the pairs of a's group-mates with b, at the pair's score (its best over the group): a record
the other party's record did not match directly, but whose own party knows it to be the same person
as one that did. Each party expands its own side; the other party may then expand the result on its
side. Nothing of a record's values is read.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

GROUPS_HEADER = ["id", "group"]


def write_groups(path: Path, groups: dict[str, str]) -> None:
    """id -> group label, one row per record in a group of two or more (private file, spreadsheet-safe)."""
    from tipnet.ingest import csvsafe
    from tipnet.store.files import open_private

    with open_private(path, "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(GROUPS_HEADER)
        for rid, group in sorted(groups.items(), key=lambda kv: (kv[1], kv[0])):
            w.writerow([rid, group])


def read_groups(path: Path) -> dict[str, set[str]]:
    """id -> the ids of its group (itself included). ValueError naming the row when the file is not a
    groups file."""
    members: dict[str, set[str]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        if next(reader, None) != GROUPS_HEADER:
            raise ValueError(f"{path.name}: not a groups file (header id,group)")
        rows = []
        for n, row in enumerate(reader, start=2):
            if len(row) != 2 or not row[0] or not row[1]:
                raise ValueError(f"{path.name} row {n}: an id and a group")
            rows.append(row)
    for rid, group in rows:
        members[group].add(rid)
    return {rid: members[group] for rid, group in rows}


def expand(
    pairs: dict[tuple[str, str], float], groups: dict[str, set[str]], side: int
) -> dict[tuple[str, str], tuple[float, bool]]:
    """(a_id, b_id) -> (score, added): the pairs, and for each the pairs of the `side` record's
    group-mates (side 0: A's ids, 1: B's) with the other record, each at the best score over its
    group (a reported pair scored lower than its group-mate's pair with the same record is raised to
    it: the party knows the two records for one person); `added` for a pair not reported itself."""
    out: dict[tuple[str, str], tuple[float, bool]] = {k: (s, False) for k, s in pairs.items()}
    for key, score in pairs.items():
        for mate in groups.get(key[side], ()):
            new = (mate, key[1]) if side == 0 else (key[0], mate)
            old = out.get(new)
            if old is None:
                out[new] = (score, True)
            elif old[0] < score:
                out[new] = (score, old[1])
    return out
