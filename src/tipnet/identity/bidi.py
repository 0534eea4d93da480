"""Bidirectional-text control characters in names and references.

A right-to-left override (U+202E) and its kin reorder how text is displayed without changing what
it is: "Chan" can be shown as something else, or a reference made to look like another. They carry
no part of a name, so tipnet strips them (and says so): a name is screened and stored as what it
spells, not as it is displayed. Refusing instead would let a manifest keep a listed person out of
screening by adding one invisible character.
"""

from __future__ import annotations

import re

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def has_bidi_controls(text: str) -> bool:
    return _BIDI.search(text) is not None


def strip_bidi_controls(text: str) -> tuple[str, bool]:
    """`text` without bidirectional control characters, and whether there were any."""
    cleaned, n = _BIDI.subn("", text)
    return cleaned, n > 0
