"""Khmer words into orthographic clusters (a base with its subscripts, vowel and signs, in any typing
order), and clusters into spoken syllables (onset, rime, final).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tipnet.identity.romanize.khmer.letters import (
    AHSDA,
    ATTHACAN,
    BANTOC,
    COENG,
    CONSONANTS,
    DEPENDENT,
    INDEPENDENT,
    MUUSIKATOAN,
    NIKAHIT,
    OTHER,
    REAHMUK,
    ROBAT,
    SAMYOK_SANNYA,
    SIGNS,
    SONORANTS,
    SOUNDLESS,
    SPLIT_VOWELS,
    TOANDAKHIAT,
    TRIISAP,
    YUUKALEAPINTU,
    is_khmer,
)


@dataclass
class Cluster:
    """One orthographic cluster: a base letter, its subscripts, vowel and signs, in any typing order."""

    base: str  # consonant, independent vowel, or "" for marks with nothing to sit on
    subs: list[str] = field(default_factory=list)
    vowel: str = ""
    signs: set[str] = field(default_factory=set)

    @property
    def is_consonant(self) -> bool:
        return self.base in CONSONANTS

    @property
    def has_rime(self) -> bool:
        """Does the cluster carry its own vowel (so it starts a syllable and is not a final)?"""
        return bool(
            self.vowel
            or self.base in INDEPENDENT
            or self.signs & {NIKAHIT, REAHMUK, YUUKALEAPINTU, SAMYOK_SANNYA, ATTHACAN, AHSDA}
        )

    def key(self) -> str:
        """A canonical spelling, so that lexicon lookups ignore the order marks were typed in."""
        shift = "".join(s for s in (MUUSIKATOAN, TRIISAP) if s in self.signs)
        rob = ROBAT if ROBAT in self.signs else ""
        tail = "".join(
            s
            for s in (NIKAHIT, REAHMUK, YUUKALEAPINTU, SAMYOK_SANNYA, BANTOC, TOANDAKHIAT)
            if s in self.signs
        )
        return self.base + rob + shift + "".join(COENG + s for s in self.subs) + self.vowel + tail


def letter_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_khmer_letters, run): Khmer letters and marks vs everything else."""
    runs: list[tuple[bool, str]] = []
    for ch in text:
        letter = is_khmer(ch) and ch not in OTHER
        if runs and runs[-1][0] == letter:
            runs[-1] = (letter, runs[-1][1] + ch)
        else:
            runs.append((letter, ch))
    return runs


def parse_clusters(word: str) -> tuple[Cluster, ...]:
    """Clusters of a run of Khmer letters and marks; lenient about mark order and stray marks."""
    clusters: list[Cluster] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch in CONSONANTS or ch in INDEPENDENT:
            clusters.append(Cluster(ch))
        elif ch == COENG:
            if i + 1 < n and (word[i + 1] in CONSONANTS or word[i + 1] in INDEPENDENT):
                if not clusters:
                    clusters.append(Cluster(""))
                clusters[-1].subs.append(word[i + 1])
                i += 1
        elif ch in DEPENDENT:
            if not clusters:
                clusters.append(Cluster(""))
            clusters[-1].vowel += ch
        elif ch in SIGNS and ch not in SOUNDLESS:
            if not clusters:
                clusters.append(Cluster(""))
            clusters[-1].signs.add(ch)
        # anything else (joiners) carries no sound
        i += 1
    for cl in clusters:
        cl.vowel = SPLIT_VOWELS.get(cl.vowel, cl.vowel)
    return tuple(clusters)


def canonical(word: str) -> str:
    return "".join(cl.key() for cl in parse_clusters(word))


# --- parsing: syllables --------------------------------------------------------------------------------


@dataclass
class Syllable:
    """A spoken syllable: onset consonants (or an independent vowel), rime, optional final."""

    cons: tuple[str, ...] = ()
    indep: str = ""
    vowel: str = ""
    signs: frozenset[str] = frozenset()
    coda: tuple[str, ...] = ()  # the final consonant, then any silent subscripts under it
    coda_signs: frozenset[str] = frozenset()
    start: int = -1  # index of the cluster the syllable starts on (-1: inside a split cluster)
    coda_at: int = -1  # index of the cluster that is this syllable's final, when it is a whole cluster
    first: bool = False  # first syllable of the word
    last: bool = False
    lone: bool = False  # the whole word is this one bare consonant

    @property
    def series(self) -> str:
        if MUUSIKATOAN in self.signs:
            return "a"
        if TRIISAP in self.signs:
            return "o"
        if not self.cons or self.cons[0] not in CONSONANTS:
            return "a"
        s = CONSONANTS[self.cons[0]][0]
        for sub in self.cons[1:]:
            if sub in CONSONANTS and sub not in SONORANTS:
                s = CONSONANTS[sub][0]
        return s

    @property
    def bantoc(self) -> bool:
        return BANTOC in self.signs or BANTOC in self.coda_signs

    @property
    def rime_key(self) -> str:
        """The key of `RIMES` for this syllable's vowel and signs."""
        v = self.vowel
        if SAMYOK_SANNYA in self.signs and not v:
            return "័"
        if NIKAHIT in self.signs:
            return v + "ំ"
        if REAHMUK in self.signs:
            return v + "ះ"
        if YUUKALEAPINTU in self.signs and not v:
            return "ៈ"
        if not v:
            if self.bantoc and self.coda:
                return "់"
            return "_lone" if self.lone else "_closed" if self.coda else "_open"
        if self.bantoc and v == "ា":
            return "ា់"
        return v

    @property
    def silent(self) -> bool:
        """Under TOANDAKHIAT: written but not spoken (ពោធិ៍ is "pou")."""
        return TOANDAKHIAT in self.signs


def _cluster_syl(cl: Cluster, start: int, cons: tuple[str, ...] | None = None) -> Syllable:
    if cons is None and cl.base in INDEPENDENT:  # ឲ្យ: the subscript closes the vowel
        return Syllable(
            indep=cl.base, coda=tuple(cl.subs), vowel=cl.vowel, signs=frozenset(cl.signs), start=start
        )
    if cons is None:
        cons = (cl.base, *cl.subs)
    return Syllable(cons=tuple(c for c in cons if c), vowel=cl.vowel, signs=frozenset(cl.signs), start=start)


_ASPIRATED = {
    "ក": "ខ",
    "គ": "ឃ",
    "ច": "ឆ",
    "ជ": "ឈ",
    "ដ": "ឋ",
    "ឌ": "ឍ",
    "ត": "ថ",
    "ទ": "ធ",
    "ប": "ផ",
    "ព": "ភ",
}
_NASALS = frozenset("ងញណនម")
_STOPS = frozenset("កខគឃចឆជឈដឋឌឍតថទធបផពភ")
_ONSET_SECONDS = frozenset("រលវយ")  # ត្រ, ក្ល, ស្វ, ក្យ: second members of native onset clusters


def _splits(cl: Cluster, prev: Cluster, before: tuple[str, Cluster, Syllable | None, int] | None) -> bool:
    """Is a medial subscripted cluster read across a syllable boundary (វណ្-ណា) or as an onset (ស្ទឹង-ត្រែង)?

    Pali/Sanskrit doubles (ណ្ណ, ត្ថ, ប្ផ), nasal + stop (ម្ព, ន្ទ) and stop + stop (ក្ត) always split.
    Other clusters split unless the bare consonant before them is itself a final (after a written vowel).
    """
    c1, c2 = cl.base, cl.subs[0]
    if c1 == c2 or _ASPIRATED.get(c1) == c2:
        return True
    if (c1 in _NASALS or c1 in _STOPS) and c2 in _STOPS:
        return True
    prev_is_final = (
        prev.is_consonant
        and not prev.subs
        and not prev.has_rime
        and before is not None
        and before[2] is not None
        and has_vowel(before[2])
    )
    if prev_is_final:
        return False
    return not (prev.has_rime and c2 in _ONSET_SECONDS)


def _takes_final(syl: Syllable) -> bool:
    return not syl.coda and not (syl.signs & {NIKAHIT, REAHMUK, YUUKALEAPINTU})


def has_vowel(syl: Syllable) -> bool:
    return bool(syl.vowel or syl.indep or syl.signs & {NIKAHIT, REAHMUK, SAMYOK_SANNYA, ATTHACAN, AHSDA})


@lru_cache(maxsize=4096)
def syllables(clusters: tuple[ClusterKey, ...]) -> tuple[Syllable, ...]:
    """Group clusters into syllables.

    A subscripted consonant inside a word is split: its base closes the syllable before and its
    subscript opens the next (កម្ពុជា = kam-pu-chea, វណ្ណា = van-na). A bare consonant is a final at
    the end of a word, or before a consonant carrying a vowel when the syllable before has a written
    vowel (វាសនា = veas-na); otherwise it opens a syllable with the inherent vowel (រតនា = ro-ta-na).
    """
    cls = [unkey(k) for k in clusters]
    units: list[tuple[str, Cluster, Syllable | None, int]] = []  # (kind, cluster, syllable, index)
    # First pass: split medial subscripted clusters.
    for k, cl in enumerate(cls):
        prev_unit = units[-1] if units else None
        if (
            k > 0
            and cl.subs
            and cl.is_consonant
            and prev_unit is not None
            and prev_unit[0] == "onset"
            and prev_unit[2] is not None
            and _takes_final(prev_unit[2])
            and _splits(cl, prev_unit[1], units[-2] if len(units) > 1 else None)
        ):
            if not cl.has_rime and k == len(cls) - 1:
                units.append(("coda", cl, None, k))  # a final cluster: the subscripts are silent
            else:
                units.append(("split", cl, None, k))
                units.append(("onset", cl, _cluster_syl(cl, -1, tuple(cl.subs)), k))
        else:
            units.append(("onset", cl, _cluster_syl(cl, k), k))
    # Second pass: bare consonants that close the syllable before them.
    syls: list[Syllable] = []
    for j, (kind, cl, syl, k) in enumerate(units):
        prev = syls[-1] if syls else None
        if kind in ("coda", "split"):
            coda = (cl.base, *cl.subs) if kind == "coda" else (cl.base,)
            signs = frozenset(cl.signs) if kind == "coda" else frozenset(cl.signs & {ROBAT})
            if prev is not None and _takes_final(prev):
                prev.coda, prev.coda_signs = coda, signs
                prev.coda_at = k if kind == "coda" else -1
            else:
                syls.append(Syllable(cons=coda, signs=signs, start=-1))
            continue
        assert syl is not None
        bare = cl.is_consonant and not cl.subs and not cl.has_rime
        if bare and prev is not None and _takes_final(prev) and not prev.silent:
            nxt = units[j + 1] if j + 1 < len(units) else None
            closes = nxt is None or (
                nxt[0] == "onset" and nxt[2] is not None and has_vowel(nxt[2]) and has_vowel(prev)
            )
            if closes:
                prev.coda, prev.coda_signs, prev.coda_at = (cl.base,), frozenset(cl.signs), k
                continue
        syls.append(syl)
    if syls:
        syls[0].first = True
        syls[-1].last = True
        only = syls[0]
        if len(syls) == 1 and len(only.cons) == 1 and not only.coda and not has_vowel(only):
            only.lone = True
    return tuple(syls)


# Clusters are mutable; the cache needs a hashable form.
ClusterKey = tuple[str, tuple[str, ...], str, frozenset[str]]


def cluster_key(cl: Cluster) -> ClusterKey:
    return (cl.base, tuple(cl.subs), cl.vowel, frozenset(cl.signs))


def unkey(k: ClusterKey) -> Cluster:
    return Cluster(k[0], list(k[1]), k[2], set(k[3]))
