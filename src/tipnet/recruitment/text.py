"""Advert text made comparable: Unicode NFC, Burmese Zawgyi to Unicode, the region's digits to ASCII,
and the language it is written in.

Adverts in Burmese are still often typed in the legacy Zawgyi encoding, which shares code points with
Unicode but means other letters: rules and models written for Unicode miss them unless converted
(myanmartools detects it, ICU's `Zawgyi-my` transform converts). Language identification goes by
script first (Khmer, Thai, Lao, Myanmar and Han each belong to one of our languages; py3langid has no
Burmese model), then py3langid among the Latin-script languages of the region.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The languages tipnet screens adverts in (ISO 639-1), as the simulator and the web page know them.
LANGUAGES: tuple[str, ...] = ("km", "th", "vi", "zh", "lo", "my", "id", "tl", "en")
LATIN_LANGUAGES: tuple[str, ...] = ("en", "vi", "id", "tl", "ms")

# Khmer ០-៩, Thai ๐-๙, Lao ໐-໙, Myanmar ၀-၉ (and Shan ႐-႙), full-width 0-9 to ASCII.
DIGITS = str.maketrans(
    {
        **{chr(0x17E0 + i): str(i) for i in range(10)},
        **{chr(0x0E50 + i): str(i) for i in range(10)},
        **{chr(0x0ED0 + i): str(i) for i in range(10)},
        **{chr(0x1040 + i): str(i) for i in range(10)},
        **{chr(0x1090 + i): str(i) for i in range(10)},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)

_SCRIPT_LANG = (
    (0x1780, 0x17FF, "km"),
    (0x19E0, 0x19FF, "km"),
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x1000, 0x109F, "my"),
    (0xAA60, 0xAA7F, "my"),
    (0x4E00, 0x9FFF, "zh"),
    (0x3400, 0x4DBF, "zh"),
)


@lru_cache(maxsize=1)
def _zawgyi() -> tuple[object, object]:
    import icu
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector(), icu.Transliterator.createInstance("Zawgyi-my")


def is_zawgyi(text: str, threshold: float = 0.95) -> bool:
    """True if Burmese `text` is (almost certainly) in the Zawgyi encoding."""
    if not _MYANMAR.search(text):
        return False
    detector, _ = _zawgyi()
    return float(detector.get_zawgyi_probability(text)) >= threshold  # type: ignore[attr-defined]


def zawgyi_to_unicode(text: str) -> str:
    _, trans = _zawgyi()
    return str(trans.transliterate(text))  # type: ignore[attr-defined]


def normalize(text: str) -> str:
    """NFC text with Zawgyi converted; digits are kept as written (evidence quotes the advert)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\u200b", ""))
    if is_zawgyi(text):
        text = unicodedata.normalize("NFC", zawgyi_to_unicode(text))
    return text


def fold(text: str) -> str:
    """Text for matching: lower case, the region's digits as ASCII, compatibility forms folded
    (full-width Latin, ligatures) but the length kept so that spans point back into `text`."""
    out = text.translate(DIGITS).lower()
    return out if len(out) == len(text) else text.translate(DIGITS)


@lru_cache(maxsize=1)
def _langid() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(LATIN_LANGUAGES))
    return ident


# Each script of a one-language range to a private-use sentinel, so that str.translate and str.count
# (C speed) do the counting.
_SENTINEL = {lang: chr(0xE000 + i) for i, lang in enumerate(("km", "th", "lo", "my", "zh"))}
_SCRIPT_TABLE = {cp: _SENTINEL[lang] for lo, hi, lang in _SCRIPT_LANG for cp in range(lo, hi + 1)}
_NON_LATIN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi, _ in _SCRIPT_LANG) + "]")
_MYANMAR = re.compile("[\u1000-\u109f]")


def script_language(text: str) -> str | None:
    """The language a non-Latin script tells (the most frequent one), or None for Latin text."""
    if not _NON_LATIN.search(text):
        return None
    mapped = text.translate(_SCRIPT_TABLE)
    lang, n = max(((lg, mapped.count(s)) for lg, s in _SENTINEL.items()), key=lambda kv: kv[1])
    letters = len(text) - text.count(" ")
    return lang if n >= max(3, 0.15 * letters) else None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the advert's language among LANGUAGES (Malay is reported as `id`)."""
    by_script = script_language(text)
    if by_script:
        return by_script
    lang, _ = _langid().classify(text)  # type: ignore[attr-defined]
    return "id" if lang == "ms" else str(lang)
