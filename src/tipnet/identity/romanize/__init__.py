"""Names in any script to the ranked Latin spellings a person might have been recorded under."""

from __future__ import annotations

from tipnet.identity.romanize.dispatch import (
    Option,
    fold_latin,
    icu_romanize,
    merge_ranked,
    ranked,
    ranked_product,
    romanize,
    title_token,
)

__all__ = [
    "Option",
    "fold_latin",
    "icu_romanize",
    "merge_ranked",
    "ranked",
    "ranked_product",
    "romanize",
    "title_token",
]
