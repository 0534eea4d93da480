"""A Khmer name written without a space, cut between family name and given name.

Khmer writes no space between words, and many records carry a full name as one word (`សុខសុជាតា`
for `សុខ សុជាតា`, Sok Socheata), or with a zero-width space that a later copy lost. Read as one word,
it romanizes to `Soksocheata` and shares no word with `SOK SOCHEATA`: a matcher that looks names up
by their words never meets the two. The name is cut where a family name ends: the first word of a
dictionary segmentation (khmercut, a CRF word segmenter, Apache-2.0) when that word is a family name
of the lexicon, or a single syllable before two or more (family names are one syllable, given names
one or two: `រស់សុខា` Ros Sokha); the given name is the rest, kept whole (`ស្រីមុំ` stays one word,
as Sreymom does). A given name alone is seldom cut (`សុខា` Sokha is one dictionary word); when it is
(`ចាន់ថា` Chantha read as Chan Tha), the matcher still reads the two words joined.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from tipnet.identity.romanize.khmer.lexicon import LEXICON, SURNAMES
from tipnet.identity.romanize.khmer.syllables import canonical, cluster_key, parse_clusters, syllables


@lru_cache(maxsize=1)
def _tokenizer() -> Callable[[str], list[str]]:
    import khmercut

    return khmercut.tokenize  # type: ignore[no-any-return]


@lru_cache(maxsize=1 << 15)
def split_family_name(word: str) -> tuple[str, str] | None:
    """(family name, given name) of a Khmer name written as one word, or None when it cannot be cut
    at a known family name (or is not Khmer, or holds a space)."""
    if not word or " " in word or not any("\u1780" <= ch <= "\u17ff" for ch in word):
        return None
    pieces = [p for p in _tokenizer()(word) if p.strip()]
    if len(pieces) >= 2 and "".join(pieces) == word:
        family, given = pieces[0], "".join(pieces[1:])
        if parse_clusters(given) and (
            canonical(family) in SURNAMES or (_syllable_count(family) == 1 and _syllable_count(given) >= 2)
        ):
            return family, given
    return _lexicon_split(word)


def _lexicon_split(word: str) -> tuple[str, str] | None:
    """The cut the segmenter missed (it keeps `ជាដារ៉ា` Chea Dara whole): a lexicon family name followed
    by a lexicon word, the longest family name first, at a cluster boundary."""
    whole = canonical(word)
    for i in range(len(word) - 1, 0, -1):
        head, rest = word[:i], word[i:]
        if (
            canonical(head) in SURNAMES
            and canonical(rest) in LEXICON
            and canonical(head) + canonical(rest) == whole
        ):
            return head, rest
    return None


def _syllable_count(word: str) -> int:
    return len(syllables(tuple(cluster_key(cl) for cl in parse_clusters(word))))
