"""Indonesian names in the old (Dutch-era) spelling, read in today's spelling.

A name keeps the spelling of the birth certificate: a man born in 1950 is DJOKO SOESILO on his
passport and Joko Susilo in a police file, Soeparman is Suparman, Tjahjono is Cahyono. Two reforms
changed the letters, not the sounds: the Republican spelling of 1947 (`oe` → `u`) and the Ejaan Yang
Disempurnakan of 1972 (`dj` → `j`, `tj` → `c`, `j` → `y`, `nj` → `ny`, `sj` → `sy`, `ch` → `kh`).
Reading the old form in the new one is mechanical; the reverse is not (a `j` is the old `y` or the new
`j`), and is never needed: each side is read in today's spelling and the readings meet.

A Latin name is read so when its nationality is Indonesian, or, with no nationality given, when it
carries a letter group only the old spelling writes (`dj`, `tj`, `sj`, `hj`, or `oe` outside the
Khmer `oeu`/`oem`), so that Chinese `Jing`, Khmer `Chan` or `Thoeun` are never "modernised".
"""

from __future__ import annotations

import re
from functools import lru_cache

# Nationalities whose names may carry the Dutch-era spelling (Indonesia; Suriname and the Netherlands
# keep it to this day, so it is read there too).
OLD_SPELLING_NATIONALITIES = frozenset({"IDN", "SUR", "NLD"})

# Letter groups only the old spelling writes: dj, tj, sj at any place, hj (Wahjoe, Tjahjono), and oe
# not followed by u, or by m at the end of the word (Khmer Thoeun, Koem, Chhoem).
_OLD_MARKER = re.compile(r"dj|tj|sj|hj|oe(?!u|m\b)")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"dj", "J"),  # Djoko → Joko (J: a j that stays j)
        (r"tj", "c"),  # Tjahjono → Cahjono
        (r"sj", "sy"),  # Sjahrir → Syahrir
        (r"nj", "ny"),  # Njoman → Nyoman
        (r"j", "y"),  # Cahjono → Cahyono, Jusuf → Yusuf
        (r"oe", "u"),  # Soesilo → Susilo
        (r"ch", "kh"),  # Chairul → Khairul
    )
)


def has_old_spelling(text: str) -> bool:
    """Whether a (lower-case) Latin name writes a letter group only the old Indonesian spelling has."""
    return _OLD_MARKER.search(text.lower()) is not None


@lru_cache(maxsize=1 << 14)
def modern_indonesian(text: str, nationality: str | None = None) -> str | None:
    """`text` (a Latin name) in today's Indonesian spelling, lower case; None when it is not read so
    (another nationality, no old letter group without a nationality, or nothing changes)."""
    lowered = text.lower()
    if nationality is not None and nationality not in OLD_SPELLING_NATIONALITIES:
        return None
    if nationality is None and not has_old_spelling(lowered):
        return None
    out = lowered
    for pattern, repl in _RULES:
        out = pattern.sub(repl, out)
    out = out.replace("J", "j")
    return out if out != lowered else None
