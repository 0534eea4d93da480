"""Burmese text in the Zawgyi font encoding, recognised and converted to Unicode.

Zawgyi reused the Myanmar block's code points for its own glyphs (medials and asat one code point
lower, vowel E stored before the consonant, its own stacked letters), so a Zawgyi name and the same
name in Unicode share almost no code points: `ျဖူေဆြခင္` is `ဖြူဆွေခင်`. Most Burmese text was Zawgyi
until Myanmar's switch to Unicode in October 2019, and old records and phones still write it.
Detection is Google's Zawgyi detector (`myanmartools`, Apache-2.0: a Markov model giving the
probability that a text is Zawgyi); conversion is `python-myanmar`'s rule table (MIT).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

ZAWGYI_PROBABILITY = 0.95  # above this the text is converted; Unicode text scores near 0


@lru_cache(maxsize=1)
def _detector() -> Any:
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # it loads its model with importlib.resources.open_binary
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """The detector's probability that `text` is Zawgyi (0 for text without Burmese letters)."""
    p = float(_detector().get_zawgyi_probability(text))
    return p if p == p and p > 0 else 0.0  # -inf (no Burmese) and NaN count as 0


def to_unicode_if_zawgyi(text: str) -> str:
    """`text` converted from Zawgyi to Unicode when the detector is confident it is Zawgyi; as it
    was otherwise (a Unicode name is never converted twice)."""
    if zawgyi_probability(text) < ZAWGYI_PROBABILITY:
        return text
    from myanmar.converter import convert

    return str(convert(text, "zawgyi", "unicode"))
