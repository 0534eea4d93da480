"""Clusters that cannot be one person: two full birth dates that disagree are never merged.

Connected components merge two namesakes as soon as one link joins them: a police record with a name
and an estimated year links to one "Sok Sreymom" born 1995-03-04 and to another born 1995-11-20, and
the two women's every record become one cluster, although nothing in the file says they are one
person and their own records say they are not. Here the links are taken strongest first (Kruskal's
order) and two groups are joined unless every full birth date of one disagrees with every full birth
date of the other at linkage's birth-date level (`comparisons.birth_level_linkage`: an equal date, day
and month swapped, a typo in a digit, a year off with the day and month right, a mistyped month are
all compatible; anything else is two people), or every birth year of one is more than ten years
from every birth year of the other (records with only a year or an estimate). One compatible pair is
enough: one person's clerks write her date swapped in one record and mistyped in another, and the two
variants disagree with each other, not with her. Records without a birth date never conflict. A link whose own two records
disagree joins all the same: the model weighed that disagreement and linked them (FEBRL's corrupted
dates beside an agreeing name, address and identity number); what the step refuses is a join the
link's records agree on and their groups do not. A link an analyst accepted always joins (the analyst
has seen both records).

The pooled evidence is the point: the police record itself disagrees with neither woman; the
conflict is between their clusters, which only a step over the clusters can see. On the independent
sets' calibration splits (BENCHMARKS.md, "The linkage ceiling of the independent sets"), clusters' pair
precision rose from 0.930 to 0.952 (second set) and 0.940 to 0.970 (first) at a cost of 0.001-0.007
recall; FEBRL4's clusters are unchanged. Only clusters of three records or more holding two dates
that cannot be one person's are rebuilt, so a million-record run pays for the few namesake clusters,
not for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tipnet.linkage.comparisons import birth_level_linkage

Date = tuple[int, int, int]
# Birth years further apart than this are two people: linkage's widest birth level (`year_off`, a year
# mistyped while the day and month agree) allows ten.
YEARS_APART = 10


def compatible(a: Date, b: Date) -> bool:
    """Whether two full birth dates can be one person's as written by two clerks."""
    return a == b or birth_level_linkage(a, b) != "disagree"


def _joinable(a: set[Date], b: set[Date]) -> bool:
    """Whether two groups' birth dates (month and day 0 where only the year is known) can be one
    person's: some full date of one compatible with some full date of the other (or a side without
    one), and some year of one within `YEARS_APART` of some year of the other (or a side without)."""
    full_a = [d for d in a if d[1] and d[2]]
    full_b = [d for d in b if d[1] and d[2]]
    if full_a and full_b and not any(compatible(x, y) for x in full_a for y in full_b):
        return False
    return not (a and b) or any(abs(x[0] - y[0]) <= YEARS_APART for x in a for y in b)


def _disputed(group: list[str], births: Mapping[str, Date]) -> bool:
    """Whether two of a group's birth dates cannot be one person's."""
    dates = list({births[u] for u in group if u in births})
    return any(not _joinable({a}, {b}) for i, a in enumerate(dates) for b in dates[i + 1 :])


def suspect_clusters(clusters: Mapping[str, str], births: Mapping[str, Date]) -> set[str]:
    """The clusters `split_conflicts` may change: three records or more (two records' own link always
    joins) holding two dates that cannot be one person's; most clusters are left as they are."""
    members: dict[str, list[str]] = {}
    for uid, key in clusters.items():
        members.setdefault(key, []).append(uid)
    return {key for key, group in members.items() if len(group) >= 3 and _disputed(group, births)}


def split_conflicts(
    clusters: Mapping[str, str],
    links: Iterable[tuple[str, str, float]],
    births: Mapping[str, Date],
    *,
    accepted: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """The clusters (uid → cluster key) rebuilt, where they hold two distinct birth dates, from their
    links strongest first, without joining two groups whose dates cannot be one person's (`_joinable`).
    `links` are the edges the clusters were built from with their probabilities, `births` the birth
    date of each record that has one (month and day 0 when only the year is known); `accepted` links
    always join. Each new cluster is named by its smallest uid."""
    suspect = suspect_clusters(clusters, births)
    if not suspect:
        return dict(clusters)
    forced = {(min(a, b), max(a, b)) for a, b in accepted}
    edges: list[tuple[float, str, str]] = []
    for a, b, p in links:
        home = clusters.get(a)
        if home in suspect and clusters.get(b) == home:
            pair = (min(a, b), max(a, b))
            edges.append((2.0 if pair in forced else p, *pair))
    for a, b in forced:  # an accepted link the engine did not score is an edge too
        if clusters.get(a) in suspect and clusters.get(b) == clusters.get(a):
            edges.append((2.0, a, b))
    parent = {u: u for u, key in clusters.items() if key in suspect}
    dates = {u: ({births[u]} if u in births else set()) for u in parent}
    group = {u: [u] for u in parent}

    def _own(uid: str) -> set[Date]:
        return {births[uid]} if uid in births else set()

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if p <= 1.0 and not _joinable(dates[ra], dates[rb]) and _joinable(_own(a), _own(b)):
            continue  # the link's own records agree; their groups do not
        if len(group[ra]) < len(group[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        group[ra] += group.pop(rb)
        dates[ra] |= dates.pop(rb)
    out = dict(clusters)
    for root, uids in group.items():
        if find(root) != root:
            continue
        name = min(uids)
        for uid in uids:
            out[uid] = name
    return out
