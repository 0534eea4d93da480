"""Which writing system each character of a name is in, and the runs of one script in a mixed name.

Names at the border arrive in Khmer, Thai, Burmese, Chinese and Latin, often mixed in one field
("Sok ស៊ុខ", "Lee 李明"): each run must go to its own romanizer. Spaces, digits and punctuation
are `COMMON` and combining marks are `INHERITED`; both join the run around them.
"""

from __future__ import annotations

import bisect
import unicodedata
from enum import StrEnum
from functools import lru_cache


class Script(StrEnum):
    LATIN = "Latin"
    KHMER = "Khmer"
    THAI = "Thai"
    LAO = "Lao"
    MYANMAR = "Myanmar"
    HAN = "Han"
    HIRAGANA = "Hiragana"
    KATAKANA = "Katakana"
    BOPOMOFO = "Bopomofo"
    HANGUL = "Hangul"
    CYRILLIC = "Cyrillic"
    GREEK = "Greek"
    ARABIC = "Arabic"
    HEBREW = "Hebrew"
    DEVANAGARI = "Devanagari"
    BENGALI = "Bengali"
    TAMIL = "Tamil"
    SINHALA = "Sinhala"
    TIBETAN = "Tibetan"
    GEORGIAN = "Georgian"
    ARMENIAN = "Armenian"
    ETHIOPIC = "Ethiopic"
    COMMON = "Common"
    INHERITED = "Inherited"
    OTHER = "Other"


# (first code point, last code point, script), sorted; anything not listed is looked up more slowly.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0000, 0x0040, Script.COMMON),
    (0x0041, 0x005A, Script.LATIN),
    (0x005B, 0x0060, Script.COMMON),
    (0x0061, 0x007A, Script.LATIN),
    (0x007B, 0x00BF, Script.COMMON),
    (0x00C0, 0x00D6, Script.LATIN),
    (0x00D7, 0x00D7, Script.COMMON),
    (0x00D8, 0x00F6, Script.LATIN),
    (0x00F7, 0x00F7, Script.COMMON),
    (0x00F8, 0x024F, Script.LATIN),
    (0x0250, 0x02AF, Script.LATIN),
    (0x02B0, 0x02FF, Script.COMMON),
    (0x0300, 0x036F, Script.INHERITED),
    (0x0370, 0x03FF, Script.GREEK),
    (0x0400, 0x052F, Script.CYRILLIC),
    (0x0530, 0x058F, Script.ARMENIAN),
    (0x0590, 0x05FF, Script.HEBREW),
    (0x0600, 0x06FF, Script.ARABIC),
    (0x0750, 0x077F, Script.ARABIC),
    (0x0900, 0x097F, Script.DEVANAGARI),
    (0x0980, 0x09FF, Script.BENGALI),
    (0x0B80, 0x0BFF, Script.TAMIL),
    (0x0D80, 0x0DFF, Script.SINHALA),
    (0x0E00, 0x0E7F, Script.THAI),
    (0x0E80, 0x0EFF, Script.LAO),
    (0x0F00, 0x0FFF, Script.TIBETAN),
    (0x1000, 0x109F, Script.MYANMAR),
    (0x10A0, 0x10FF, Script.GEORGIAN),
    (0x1100, 0x11FF, Script.HANGUL),
    (0x1200, 0x139F, Script.ETHIOPIC),
    (0x1780, 0x17FF, Script.KHMER),
    (0x19E0, 0x19FF, Script.KHMER),
    (0x1AB0, 0x1AFF, Script.INHERITED),
    (0x1C90, 0x1CBF, Script.GEORGIAN),
    (0x1DC0, 0x1DFF, Script.INHERITED),
    (0x1E00, 0x1EFF, Script.LATIN),
    (0x1F00, 0x1FFF, Script.GREEK),
    (0x2000, 0x206F, Script.COMMON),
    (0x20D0, 0x20FF, Script.INHERITED),
    (0x2E80, 0x2FDF, Script.HAN),
    (0x3000, 0x3004, Script.COMMON),
    (0x3005, 0x3005, Script.HAN),
    (0x3006, 0x3006, Script.COMMON),
    (0x3007, 0x3007, Script.HAN),
    (0x3008, 0x303F, Script.COMMON),
    (0x3040, 0x309F, Script.HIRAGANA),
    (0x30A0, 0x30FB, Script.KATAKANA),
    (0x30FC, 0x30FC, Script.COMMON),
    (0x30FD, 0x30FF, Script.KATAKANA),
    (0x3100, 0x312F, Script.BOPOMOFO),
    (0x3130, 0x318F, Script.HANGUL),
    (0x31A0, 0x31BF, Script.BOPOMOFO),
    (0x31F0, 0x31FF, Script.KATAKANA),
    (0x3400, 0x4DBF, Script.HAN),
    (0x4E00, 0x9FFF, Script.HAN),
    (0xA960, 0xA97F, Script.HANGUL),
    (0xA9E0, 0xA9FF, Script.MYANMAR),
    (0xAA60, 0xAA7F, Script.MYANMAR),
    (0xAC00, 0xD7FF, Script.HANGUL),
    (0xF900, 0xFAFF, Script.HAN),
    (0xFB50, 0xFDFF, Script.ARABIC),
    (0xFE00, 0xFE0F, Script.INHERITED),
    (0xFE20, 0xFE2F, Script.INHERITED),
    (0xFE70, 0xFEFF, Script.ARABIC),
    (0xFF01, 0xFF20, Script.COMMON),
    (0xFF21, 0xFF3A, Script.LATIN),
    (0xFF3B, 0xFF40, Script.COMMON),
    (0xFF41, 0xFF5A, Script.LATIN),
    (0xFF5B, 0xFF65, Script.COMMON),
    (0xFF66, 0xFF9F, Script.KATAKANA),
    (0x20000, 0x323AF, Script.HAN),
)
_STARTS = [r[0] for r in _RANGES]

# Scripts whose names are romanized by a module of ours rather than by ICU alone.
NATIVE_ROMANIZED = frozenset(
    {Script.KHMER, Script.THAI, Script.LAO, Script.MYANMAR, Script.HAN, Script.LATIN}
)


@lru_cache(maxsize=4096)
def script_of(ch: str) -> Script:
    """The script of one character (its first, if given more)."""
    cp = ord(ch[0])
    i = bisect.bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _RANGES[i][1]:
        return _RANGES[i][2]
    cat = unicodedata.category(ch[0])
    if cat.startswith("M"):
        return Script.INHERITED
    if cat[0] in "ZPNSC":
        return Script.COMMON
    return Script.OTHER


def scripts_in(text: str) -> set[Script]:
    """The real scripts of `text` (not COMMON or INHERITED)."""
    if text.isascii():  # ASCII letters are Latin, the rest common (a test checks every character)
        return {Script.LATIN} if any(c.isalpha() for c in text) else set()
    return {s for s in map(script_of, text) if s not in (Script.COMMON, Script.INHERITED)}


def script_runs(text: str) -> list[tuple[Script, str]]:
    """Split `text` into maximal runs of one script, in order.

    Common characters (spaces, punctuation, digits) and combining marks belong to the run they
    sit in; separators between two runs of different scripts are dropped at the boundary, so
    "Lee 李明" gives [(LATIN, "Lee"), (HAN, "李明")]. A text of only common characters is one COMMON run.
    """
    runs: list[tuple[Script, str]] = []
    current: Script | None = None
    buf: list[str] = []
    pending: list[str] = []  # common characters seen since the last real one
    for ch in text:
        s = script_of(ch)
        if s in (Script.COMMON, Script.INHERITED):
            if current is None:
                pending.append(ch)
            elif s is Script.INHERITED and not pending:
                buf.append(ch)
            else:
                pending.append(ch)
            continue
        if current is None or s == current:
            buf.extend(pending)
            pending.clear()
            buf.append(ch)
            current = s
            continue
        runs.append((current, "".join(buf).strip()))
        buf = [ch]
        pending.clear()
        current = s
    if current is None:
        stripped = "".join(pending).strip()
        return [(Script.COMMON, stripped)] if stripped else []
    tail = "".join(pending).rstrip()
    runs.append((current, ("".join(buf) + tail).strip()))
    return [(s, t) for s, t in runs if t]


def dominant_script(text: str) -> Script:
    """The script with the most letters in `text` (COMMON for none): a cue for the name's origin."""
    if text.isascii():  # ASCII letters are Latin, the rest common (a test checks every character)
        return Script.LATIN if any(c.isalpha() for c in text) else Script.COMMON
    counts: dict[Script, int] = {}
    for ch in text:
        s = script_of(ch)
        if s not in (Script.COMMON, Script.INHERITED):
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return Script.COMMON
    return max(counts.items(), key=lambda kv: kv[1])[0]


def is_latin(text: str) -> bool:
    """True when every letter of `text` is Latin (an empty or letterless text counts as Latin)."""
    return scripts_in(text) <= {Script.LATIN}
