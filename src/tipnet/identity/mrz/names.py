"""Names in the MRZ: Doc 9303 Part 3 transliteration, the name field's layout, truncation and reading.

The MRZ alphabet is A-Z, 0-9 and the filler '<'. Names are written primary identifier, '<<', secondary
identifier, components separated by one '<'. We transliterate ourselves (unicodedata plus a small table
from Doc 9303 Part 3, section 6) rather than pull in a GPL transliterator.
"""

from __future__ import annotations

import unicodedata

FILLER = "<"

# Doc 9303 Part 3, 6.A: Latin characters whose transliteration is not just "drop the diacritic".
# Umlauts have two sanctioned forms (Ä -> AE or A); `expand_umlauts` picks between them.
_UMLAUTS = {"Ä": "AE", "Ö": "OE", "Ü": "UE"}
_LATIN = {
    "Å": "AA",
    "Æ": "AE",
    "Ø": "OE",
    "Œ": "OE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ĳ": "IJ",
    "Ł": "L",
    "Ŀ": "L",
    "Ŋ": "N",
    "ı": "I",
    "ĸ": "K",
    "Ŧ": "T",
}
# Doc 9303 Part 3, 6.B: Cyrillic (the ICAO table; Ь is dropped).
_CYRILLIC = {
    "А": "A",
    "Б": "B",
    "В": "V",
    "Г": "G",
    "Ґ": "G",
    "Д": "D",
    "Ђ": "D",
    "Ѓ": "G",
    "Е": "E",
    "Ё": "E",
    "Є": "IE",
    "Ж": "ZH",
    "З": "Z",
    "Ѕ": "DZ",
    "И": "I",
    "І": "I",
    "Ї": "I",
    "Й": "I",
    "Ј": "J",
    "К": "K",
    "Л": "L",
    "Љ": "LJ",
    "М": "M",
    "Н": "N",
    "Њ": "NJ",
    "О": "O",
    "П": "P",
    "Р": "R",
    "С": "S",
    "Т": "T",
    "Ћ": "C",
    "Ќ": "K",
    "У": "U",
    "Ў": "U",
    "Ф": "F",
    "Х": "KH",
    "Ц": "TS",
    "Ч": "CH",
    "Џ": "DZ",
    "Ш": "SH",
    "Щ": "SHCH",
    "Ъ": "IE",
    "Ы": "Y",
    "Ь": "",
    "Э": "E",
    "Ю": "IU",
    "Я": "IA",
}
# Separators become the filler; apostrophes and other punctuation are omitted (Doc 9303 Part 3, 4.6:
# O'CONNOR -> OCONNOR, MARIE-THERESE -> MARIE<THERESE).
_SEPARATORS = frozenset(" -\u2010\u2011\u2012\u2013\u2014\t,.<")


def transliterate(text: str, *, expand_umlauts: bool = True) -> str:
    """Upper-case MRZ spelling of a name: A-Z and '<' only; unknown scripts are dropped."""
    out: list[str] = []
    for ch in text.upper():
        if "A" <= ch <= "Z":
            out.append(ch)
        elif ch in _SEPARATORS:
            out.append(FILLER)
        elif ch in _UMLAUTS:
            out.append(_UMLAUTS[ch] if expand_umlauts else ch[0].translate(_STRIP_UMLAUT))
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        else:
            # Strip combining marks: É -> E, Ñ -> N, Vietnamese Ệ -> E, Ș -> S, and so on.
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            for b in base.upper():
                if "A" <= b <= "Z":
                    out.append(b)
                elif b in _LATIN:
                    out.append(_LATIN[b])
                # anything else (digits, other scripts, apostrophes) is omitted
    return "".join(out)


_STRIP_UMLAUT = str.maketrans({"Ä": "A", "Ö": "O", "Ü": "U"})


def _components(text: str, *, expand_umlauts: bool) -> list[str]:
    return [c for c in transliterate(text, expand_umlauts=expand_umlauts).split(FILLER) if c]


def compose_name_field(
    surname: str, given_names: str, width: int, *, expand_umlauts: bool = True
) -> tuple[str, bool]:
    """The name field `width` characters wide and whether it had to be truncated.

    Truncation (Doc 9303 Part 3, 4.6): secondary identifier components are shortened first, from the
    last one back, at most down to initials; then the field is cut. A truncated field is full to its last position
    with a letter, which is how a reader knows the name may be truncated.
    """
    primary = _components(surname, expand_umlauts=expand_umlauts)
    secondary = _components(given_names, expand_umlauts=expand_umlauts)
    if not primary:
        # A single name (no family name) is the primary identifier, never a secondary one alone.
        primary, secondary = secondary, []
    prim = FILLER.join(primary)
    full = prim + (FILLER * 2 + FILLER.join(secondary) if secondary else "")
    if len(full) <= width:
        return full.ljust(width, FILLER), False
    if not secondary or len(prim) + 3 > width:
        # The primary identifier itself does not fit (with room for one secondary letter).
        if secondary:
            cut = prim[: width - 3].rstrip(FILLER)
            field = cut + FILLER * 2 + secondary[0][0]
        else:
            field = prim[:width].rstrip(FILLER)
        return field.ljust(width, FILLER), True
    # Shorten secondary components from the last back, each no further than its initial, only as much as
    # needed: the field then ends exactly at its last position with a letter.
    comps = list(secondary)
    excess = len(full) - width
    for i in range(len(comps) - 1, -1, -1):
        shorten = min(excess, len(comps[i]) - 1)
        comps[i] = comps[i][: len(comps[i]) - shorten]
        excess -= shorten
        if excess == 0:
            break
    candidate = prim + FILLER * 2 + FILLER.join(comps)
    if len(candidate) > width:  # even initials do not fit: cut the field
        candidate = candidate[:width].rstrip(FILLER)
    return candidate.ljust(width, FILLER), True


def read_name_field(field: str) -> tuple[str, str, bool]:
    """(surname, given names, possibly truncated) from a name field, fillers turned into spaces.

    Doc 9303 signals possible truncation by a letter in the field's last position.
    """
    possibly_truncated = bool(field) and field[-1] != FILLER
    body = field.rstrip(FILLER)
    primary, sep, secondary = body.partition(FILLER * 2)
    surname = " ".join(c for c in primary.split(FILLER) if c)
    given = " ".join(c for c in secondary.split(FILLER) if c) if sep else ""
    return surname, given, possibly_truncated
