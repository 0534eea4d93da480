"""Khmer names to Latin: the ranked spellings Cambodian records actually carry, plus UNGEGN and ALA-LC.

ICU has no Khmer-Latin transliterator, and one spelling is never enough: the same person is ហ៊ុន សែន
in a Khmer file and "Hun Sen", "Hun Saen" or "Hŭn Sên" in others. Three sources are ranked:

1. a lexicon of frequent name words with the spellings passports and newspapers use (French-influenced:
   "ou", "ea", "ey", doubled finals as in Chann, final -h as in Sokh); a word not in it is segmented
   into lexicon words where possible (ស្រីមុំ → Sreymom);
2. a rule-based reader: orthographic clusters (consonant, COENG subscripts, vowel, signs) are grouped
   into syllables (onset, vowel, final), the vowel is read by the consonant series (a-series /
   o-series, switched by MUUSIKATOAN ៉ and TRIISAP ៊ and by the subscript), the inherent vowel of a
   final consonant is silent, BANTOC ់ shortens, and each part offers its real-world variants
   (ou/u/o, ey/ei/i, kh/k, chh/ch, ph/p, th/t, Chann/Chan, Sokh/Sok) at a cost;
3. the two formal systems (`romanize_khmer_systematic`): UNGEGN (1972, as reported by the UNGEGN
   Working Group on Romanization Systems), which reads by series with â ô é ĕ ŏ ŭ œ, and ALA-LC
   (Library of Congress tables), an Indic transliteration (ក k, គ g, ដ ṭ, ព b, ā ī ū, ṃ ḥ); both also
   folded to ASCII.

Every assigned code point of Khmer (U+1780–U+17FF) and Khmer Symbols (U+19E0–U+19FF) is handled
explicitly: see `KHMER_BLOCK_HANDLED` and `unmapped_characters`. Pure functions, no I/O.

The modules: `letters` (the blocks' tables), `syllables` (clusters and syllables), `popular` (the
rule-based reading), `formal` (UNGEGN, ALA-LC, the ASCII fold), `lexicon` (data/lexicon.json, read
once at import) and `romanizer` (all of them ranked together: `romanize_khmer`).
"""

from __future__ import annotations

from tipnet.identity.romanize.khmer.formal import fold_ascii
from tipnet.identity.romanize.khmer.letters import KHMER_BLOCK_HANDLED, is_khmer, unmapped_characters
from tipnet.identity.romanize.khmer.lexicon import LEXICON_SIZE
from tipnet.identity.romanize.khmer.romanizer import romanize_khmer, romanize_khmer_systematic

__all__ = [
    "KHMER_BLOCK_HANDLED",
    "LEXICON_SIZE",
    "fold_ascii",
    "is_khmer",
    "romanize_khmer",
    "romanize_khmer_systematic",
    "unmapped_characters",
]
