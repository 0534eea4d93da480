"""Khmer names to Latin (see `romanizer`)."""

from __future__ import annotations

from tipnet.identity.romanize.khmer.romanizer import (
    KHMER_BLOCK_HANDLED,
    LEXICON_SIZE,
    fold_ascii,
    is_khmer,
    romanize_khmer,
    romanize_khmer_systematic,
    unmapped_characters,
)

__all__ = [
    "KHMER_BLOCK_HANDLED",
    "LEXICON_SIZE",
    "fold_ascii",
    "is_khmer",
    "romanize_khmer",
    "romanize_khmer_systematic",
    "unmapped_characters",
]
