# SPDX-License-Identifier: Apache-2.0
"""Character-level changes records pick up on their way through people, keyboards and systems:
Burmese Zawgyi encoding, invisible characters, normalization forms, full-width Latin, typing and
OCR slips. Every function takes the random generator it may use, so the output depends on the seed only.
"""

from __future__ import annotations

import unicodedata

ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"

# ------------------------------------------------------------------ Zawgyi
# Zawgyi, the de-facto Burmese font encoding before Unicode 5.1 support spread (Myanmar's official
# switch to Unicode came in October 2019), reuses the Myanmar block with other meanings and stores text
# in visual order: the vowel sign E (ေ) and medial ra (ြ) are stored before the consonant they follow in
# Unicode; medials and asat sit one code point lower (ျ U+103B -> U+103A, ြ U+103C -> U+103B,
# ွ U+103D -> U+103C, ှ U+103E -> U+103D, ် U+103A -> U+1039); stacked consonants have their own
# code points (U+1060-U+1085) and na takes its short form (U+108F) above a stacked letter.
_ZG_STACKED = {
    "က": "\u1060", "ခ": "\u1061", "ဂ": "\u1062", "ဃ": "\u1063", "စ": "\u1065", "ဆ": "\u1066",
    "ဇ": "\u1068", "ဈ": "\u1069", "ဋ": "\u106c", "ဌ": "\u106d", "ဏ": "\u1070", "တ": "\u1071",
    "ထ": "\u1073", "ဒ": "\u1075", "ဓ": "\u1076", "န": "\u1077", "ပ": "\u1078", "ဖ": "\u1079",
    "ဗ": "\u107a", "ဘ": "\u107b", "မ": "\u107c", "လ": "\u1085",
}  # fmt: skip
_ZG_MARK = {"\u103a": "\u1039"}  # asat; other vowel signs and tone marks keep their code points


def _is_base(ch: str) -> bool:
    return "\u1000" <= ch <= "\u102a" or ch == "\u103f"


def to_zawgyi(text: str) -> str:
    """Re-encode Unicode Burmese as Zawgyi (the common cases of names; kinzi is left as it is)."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if not _is_base(ch):
            out.append(ch)
            i += 1
            continue
        base = ch
        i += 1
        stacked = ""
        if i + 1 < n and text[i] == "\u1039" and _is_base(text[i + 1]):
            stacked = _ZG_STACKED.get(text[i + 1], "\u1039" + text[i + 1])
            i += 2
        medial_y = medial_r = medial_w = medial_h = vowel_e = False
        marks: list[str] = []
        while i < n and "\u102b" <= text[i] <= "\u103e" and text[i] != "\u1039":
            c = text[i]
            if c == "\u103b":
                medial_y = True
            elif c == "\u103c":
                medial_r = True
            elif c == "\u103d":
                medial_w = True
            elif c == "\u103e":
                medial_h = True
            elif c == "\u1031":
                vowel_e = True
            else:
                marks.append(_ZG_MARK.get(c, c))
            i += 1
        if base == "\u1026":  # ဦ is written ဥ + ီ in Zawgyi
            base, marks = "\u1025", ["\u102e", *marks]
        if base == "န" and (stacked or medial_w or medial_h or "\u102f" in marks or "\u1030" in marks):
            base = "\u108f"
        cluster = ("\u1031" if vowel_e else "") + ("\u103b" if medial_r else "") + base + stacked
        cluster += (
            ("\u103a" if medial_y else "") + ("\u103c" if medial_w else "") + ("\u103d" if medial_h else "")
        )
        out.append(cluster + "".join(marks))
    return "".join(out)


# ------------------------------------------------------------------ invisible and variant characters
def _burmese_boundaries(text: str) -> list[int]:
    """Positions before a Burmese syllable (Unicode order): a base letter that is not a final (asat
    or virama after it, a dot below in between) nor a stacked letter."""
    out = []
    for i in range(1, len(text)):
        ch, prev = text[i], text[i - 1]
        if ch == " " or prev == " " or not ("\u1000" <= ch <= "\u1021"):
            continue
        j = i + 1
        while j < len(text) and text[j] == "\u1037":
            j += 1
        if (j < len(text) and text[j] in ("\u103a", "\u1039")) or prev == "\u1039":
            continue
        out.append(i)
    return out


def insert_invisible(text: str, rng, kind: str = "zwsp") -> str:
    """A zero-width space (word-break software, copy-paste) or joiner (keyboard) inside a name: at the
    space, between Burmese syllables, after a Khmer "Srey" or a Thai title, or at the end."""
    char = {"zwsp": ZWSP, "zwnj": ZWNJ, "zwj": ZWJ}[kind]
    if " " in text and rng.random() < 0.5:
        return text.replace(" ", char if rng.random() < 0.6 else " " + char, 1)
    positions = _burmese_boundaries(text)
    for prefix in ("ស្រី", "นางสาว", "นาย", "นาง"):
        at = text.find(prefix)
        if at >= 0 and at + len(prefix) < len(text):
            positions.append(at + len(prefix))
            break
    if not positions:
        return text + char
    pos = rng.choice(positions)
    return text[:pos] + char + text[pos:]


def to_fullwidth(text: str) -> str:
    """Full-width forms of ASCII (an East Asian input method left in full-width mode)."""
    out = []
    for ch in text:
        if ch == " ":
            out.append("\u3000")
        elif "!" <= ch <= "~":
            out.append(chr(ord(ch) + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ------------------------------------------------------------------ typing slips
_QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_QWERTY):
    for _c, _ch in enumerate(_row):
        near = []
        for dr in (-1, 0, 1):
            rr = _r + dr
            if 0 <= rr < len(_QWERTY):
                for dc in (-1, 0, 1):
                    cc = _c + dc
                    if (dr or dc) and 0 <= cc < len(_QWERTY[rr]):
                        near.append(_QWERTY[rr][cc])
        _NEIGHBOURS[_ch] = "".join(near)


def typo_latin(text: str, rng) -> str:
    """One slip: a neighbouring key, a dropped, doubled or swapped letter (not the first letter)."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    if not letters:
        return text
    i = rng.choice(letters)
    ch = text[i]
    kind = rng.choice(("sub", "del", "dup", "swap"))
    if kind == "sub" and ch.lower() in _NEIGHBOURS:
        rep = rng.choice(_NEIGHBOURS[ch.lower()])
        rep = rep.upper() if ch.isupper() else rep
        return text[:i] + rep + text[i + 1 :]
    if kind == "dup":
        return text[:i] + ch + text[i:]
    if kind == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + ch + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def typo_native(text: str, rng) -> str:
    """A slip in a Brahmic script: a dropped vowel sign, tone mark or subscript, else a dropped letter."""
    marks = [i for i, ch in enumerate(text) if unicodedata.category(ch) in ("Mn", "Mc")]
    if marks:
        i = rng.choice(marks)
        return text[:i] + text[i + 1 :]
    inner = [i for i, ch in enumerate(text) if i > 0 and ch != " "]
    if not inner:
        return text
    i = rng.choice(inner)
    return text[:i] + text[i + 1 :]


# ------------------------------------------------------------------ OCR on document numbers
OCR_CONFUSIONS = {
    "0": "OD", "O": "0Q", "D": "0", "Q": "O", "1": "IL7", "I": "1L", "L": "1", "5": "S", "S": "5",
    "8": "B", "B": "8", "2": "Z", "Z": "2", "6": "G", "G": "6", "7": "1",
}  # fmt: skip


def ocr_error(text: str, rng) -> str:
    spots = [i for i, ch in enumerate(text) if ch in OCR_CONFUSIONS]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + rng.choice(OCR_CONFUSIONS[text[i]]) + text[i + 1 :]


def digit_typo(text: str, rng) -> str:
    """A keyed document number: one transposition or one dropped character."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :]


# Burmese digits (NRC numbers written in Burmese script)
def burmese_digits(text: str) -> str:
    return "".join(chr(0x1040 + int(c)) if c.isdigit() else c for c in text)
