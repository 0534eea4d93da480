"""Resolved-identity ids that survive re-runs.

Analysts, cases and exports refer to identities by id, so a new run must not rename a person who did
not change. Each new cluster keeps the previous id most of its members held (ties → the smallest id);
when a previous identity splits, its largest part keeps the id (ties → the part with the smallest
member uid); a cluster left without an id gets a new one derived from its smallest member uid, so the
same input always yields the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

PREFIX = "P-"


def new_id(uid: str, taken: Iterable[str] = ()) -> str:
    """`P-` + the first 10 hex digits of SHA-256(uid); a salted variant if that id is taken."""
    busy = set(taken)
    salt = 0
    while True:
        seed = uid if salt == 0 else f"{uid}#{salt}"
        candidate = PREFIX + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:10]
        if candidate not in busy:
            return candidate
        salt += 1


def assign_ids(
    clusters: Mapping[str, str],
    previous: Mapping[str, str],
    retired: Iterable[str] = (),
) -> dict[str, str]:
    """uid → identity id for the `clusters` (uid → cluster key) of a run, given `previous` (uid →
    identity id of the last run). New ids avoid every previous and `retired` id, so an id never
    comes back naming someone else."""
    members: dict[str, list[str]] = defaultdict(list)
    for uid, key in clusters.items():
        members[key].append(uid)
    smallest = {key: min(uids) for key, uids in members.items()}
    votes: list[tuple[int, str, str, str]] = []  # (-count, previous id, smallest uid, cluster key)
    for key, uids in members.items():
        counts = Counter(previous[u] for u in uids if u in previous)
        votes.extend((-n, pid, smallest[key], key) for pid, n in counts.items())
    votes.sort()
    chosen: dict[str, str] = {}  # cluster key → id
    used: set[str] = set()
    for _neg, pid, _small, key in votes:
        if key not in chosen and pid not in used:
            chosen[key] = pid
            used.add(pid)
    taken = used | set(previous.values()) | set(retired)
    for key in sorted(members, key=lambda member_key: smallest[member_key]):
        if key not in chosen:
            chosen[key] = new_id(smallest[key], taken)
            taken.add(chosen[key])
    return {uid: chosen[key] for uid, key in clusters.items()}
