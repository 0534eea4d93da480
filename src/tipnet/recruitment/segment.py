"""Words of advert text where the script writes none apart: Khmer (khmercut), Thai (PyThaiNLP newmm),
Lao (LaoNLP), Chinese (jieba), Burmese (syllables by the sylbreak rules of Ye Kyaw Thu). Latin-script
languages split on spaces (Vietnamese syllables stand for words here: near-duplicate detection only
needs stable units). Used for the shingles of template clustering; screening itself reads
characters and needs no segmentation. Segmenters load lazily, once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from tipnet.recruitment.text import fold

_PUNCT = " \t\r\n.,!?;:()[]{}<>'\"“”‘’…-–—/|*#•☎✅🔥，。！？：；、（）「」【】၊။"
# sylbreak: a syllable starts at a consonant not stacked (after ္) and not killed (before ် or ္),
# or at a Latin letter, digit, independent vowel or punctuation.
_MY_BREAK = re.compile(r"((?<!္)[က-အ](?![်္])|[a-zA-Z0-9ဣဤဥဦဧဩဪဿ၌၍၏၀-၉၊။!-/:-@\[-`{-~\s])")


def _burmese(text: str) -> list[str]:
    return _MY_BREAK.sub(r"|\1", text).split("|")


@cache
def _segmenter(lang: str) -> Callable[[str], list[str]]:
    if lang == "km":
        import khmercut

        return khmercut.tokenize
    if lang == "th":
        from pythainlp.tokenize import word_tokenize

        return lambda t: word_tokenize(t, engine="newmm")
    if lang == "lo":
        from laonlp.tokenize import word_tokenize as lao

        return lao
    if lang == "zh":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        return jieba.lcut
    if lang == "my":
        return _burmese
    return lambda t: t.split()


def words(text: str, lang: str) -> list[str]:
    """The words (or syllables) of `text`, folded, without spaces and punctuation."""
    out = []
    for piece in _segmenter(lang)(fold(text)):
        piece = piece.strip(_PUNCT)
        if piece and any(c.isalnum() for c in piece):
            out.append(piece)
    return out
