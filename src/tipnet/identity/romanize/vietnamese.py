"""Vietnamese names: diacritics folded (Nguyễn → Nguyen, Đặng → Dang) and the variant spellings
met in records: typing slips (Ngyuen), the southern/northern pairs (Huỳnh/Hoàng, Võ/Vũ), and the
đ that some systems write as "dd" (Telex) or drop to "d".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tipnet.identity.romanize.ranking import Option, merge_ranked, ranked_product, title_token

# Variants of common surnames and name words, keyed by the folded lower-case form; best first after
# the folded spelling itself.
VARIANTS: dict[str, tuple[str, ...]] = {
    "nguyen": ("ngyuen", "nguyn", "nguen", "nugyen"),
    "tran": ("chan",),
    "le": ("lee", "lei"),
    "pham": ("fam", "phamm"),
    "hoang": ("huynh", "hwang"),
    "huynh": ("hoang", "hyunh"),
    "phan": ("fan",),
    "vu": ("vo", "voo"),
    "vo": ("vu",),
    "dang": ("ddang",),
    "do": ("ddo", "doh"),
    "bui": ("buoi",),
    "ho": ("hoh",),
    "ngo": ("ngoh",),
    "duong": ("zuong", "dzuong", "yuong"),
    "ly": ("lee", "li"),
    "trinh": ("chinh",),
    "dinh": ("ddinh",),
    "thi": ("thy",),
    "van": ("vann",),
    "thanh": ("tanh",),
    "minh": ("min",),
    "tuan": ("toan",),
    "dung": ("zung", "yung"),
    "phuong": ("phung",),
    "huong": ("hung",),
    "quang": ("kuang",),
    "giang": ("zang",),
}

_MARKED = re.compile("[đĐ]")


def fold(text: str) -> str:
    """Vietnamese without tone or vowel marks: đ → d, ư → u, ơ → o, ă/â → a, ê → e, ô → o."""
    text = _MARKED.sub(lambda match: "d" if match.group(0) == "đ" else "D", text)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=65536)
def word_options(word: str) -> tuple[Option, ...]:
    """Spellings of one Vietnamese word: folded first, then the diacritic form, Telex đ, variants."""
    folded = fold(word)
    opts: list[Option] = [(folded, 0.0)]
    if "đ" in word.lower():
        opts.append((fold(re.sub("đ", "dd", re.sub("Đ", "Dd", word))), 0.6))
    for i, alt in enumerate(VARIANTS.get(folded.lower(), ())):
        cased = (
            alt.upper()
            if word.isupper() and len(word) > 1
            else title_token(alt)
            if word[:1].isupper()
            else alt
        )
        opts.append((cased, 0.4 + 0.1 * i))
    return tuple(merge_ranked(opts, limit=6))


def romanize_vietnamese(text: str, *, limit: int = 8) -> list[str]:
    """Ranked ASCII spellings of a Vietnamese name, folded spelling first ("Nguyễn Văn Đức" → "Nguyen Van Duc")."""
    words = [word_options(w) for w in text.split()]
    return [t for t, _c in ranked_product(words, limit, sep=" ") if t]
