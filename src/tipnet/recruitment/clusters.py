"""Recruiters behind many posts: adverts grouped when their text is a near-duplicate of the same
template (MinHash LSH over word shingles, datasketch) or when they share a contact (phone, messaging
handle, e-mail). Text links one source's posts within a language; shared contacts link them across
languages and platforms. Digits are folded before shingling, so changing the pay or the phone number
does not hide a template.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tipnet.recruitment.contacts import Contact, node_key
from tipnet.recruitment.segment import words

NUM_PERM = 64
THRESHOLD = 0.7
SHINGLE = 3
# Contacts that identify a recruiter (a company name alone does not: it can be borrowed).
LINKING_KINDS = frozenset(
    {"phone", "telegram", "whatsapp", "line", "wechat", "viber", "zalo", "qq", "handle", "email"}
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    language: str
    contacts: Sequence[Contact] = ()
    deceptive: bool = False
    platform: str = ""


@dataclass(slots=True)
class Cluster:
    id: int
    members: list[str]
    languages: Counter[str] = field(default_factory=Counter)
    platforms: Counter[str] = field(default_factory=Counter)
    deceptive: int = 0
    contacts: list[tuple[str, str]] = field(default_factory=list)  # shared by two or more adverts
    by_text: int = 0  # links from near-duplicate text
    by_contact: int = 0  # links from shared contacts

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "adverts": len(self.members),
            "deceptive": self.deceptive,
            "languages": dict(self.languages),
            "platforms": dict(self.platforms),
            "shared_contacts": [{"kind": k, "value": v} for k, v in self.contacts],
            "members": self.members,
        }


def shingles(text: str, language: str, k: int = SHINGLE) -> set[str]:
    toks = [_DIGITS.sub("0", w) for w in words(text, language)]
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def cluster(items: Sequence[Item], *, threshold: float = THRESHOLD, min_size: int = 2) -> list[Cluster]:
    """Clusters of at least `min_size` adverts, largest (then most deceptive) first."""
    from datasketch import MinHash, MinHashLSH

    uf = _Union(len(items))
    text_links = contact_links = 0
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = []
    for i, it in enumerate(items):
        mh = MinHash(num_perm=NUM_PERM, seed=16)
        sh = shingles(it.text, it.language)
        mh.update_batch([s.encode("utf-8") for s in sh])
        hashes.append(mh)
        if not sh:
            continue
        for j in lsh.query(mh):
            if mh.jaccard(hashes[j]) >= threshold and uf.union(i, j):
                text_links += 1
        lsh.insert(i, mh)
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        keys = {key for k in it.contacts if k.kind in LINKING_KINDS and (key := node_key(k)) is not None}
        for key in keys:
            holders[key].append(i)
    for idx in holders.values():
        for j in idx[1:]:
            if uf.union(idx[0], j):
                contact_links += 1
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    out = []
    for members in groups.values():
        if len(members) < min_size:
            continue
        mset = set(members)
        c = Cluster(0, [items[i].id for i in members])
        c.languages.update(items[i].language for i in members)
        c.platforms.update(items[i].platform for i in members if items[i].platform)
        c.deceptive = sum(items[i].deceptive for i in members)
        c.contacts = sorted(k for k, idx in holders.items() if len(set(idx) & mset) >= 2)
        out.append(c)
    out.sort(key=lambda c: (-len(c.members), -c.deceptive, c.members[0]))
    for n, c in enumerate(out, start=1):
        c.id = n
    return out
