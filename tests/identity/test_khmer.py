"""Khmer romanizer: known name spellings, the whole Khmer block, the formal systems, robustness."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipnet.identity.romanize.khmer import (
    KHMER_BLOCK_HANDLED,
    LEXICON_SIZE,
    fold_ascii,
    romanize_khmer,
    romanize_khmer_systematic,
    unmapped_characters,
)

# (Khmer, expected best spelling, spellings expected somewhere among the candidates)
KNOWN_NAMES = [
    ("ហ៊ុន សែន", "Hun Sen", {"Hun Saen"}),
    ("ស ខេង", "Sar Kheng", {"Sa Kheng"}),
    ("សុខ", "Sok", {"Sokh"}),
    ("ចាន់", "Chan", {"Chann"}),
    ("ស្រី", "Srey", {"Srei"}),
    ("ដារ៉ា", "Dara", set()),
    ("សុភា", "Sophea", {"Sopha"}),
    ("វណ្ណា", "Vanna", {"Vana"}),
    ("គឹម", "Kim", {"Kem"}),
    ("លី", "Ly", {"Lee", "Li"}),
    ("ជា", "Chea", set()),
    ("កែវ", "Keo", {"Kaev"}),
    ("ទូច", "Touch", {"Tuch"}),
    ("មាស", "Meas", set()),
    ("មាន", "Mean", set()),
    ("ផាន់", "Phan", {"Phann"}),
    ("ផុន", "Phon", set()),
    ("ស៊ីម", "Sim", set()),
    ("សេង", "Seng", set()),
    ("ញឹម", "Nhem", {"Nhim"}),
    ("នួន ជា", "Nuon Chea", set()),
    ("ប្រាក់", "Prak", set()),
    ("ប៉ែន", "Pen", set()),
    ("ឡុង", "Long", set()),
    ("រ័ត្ន", "Roth", {"Rath"}),
    ("សំណាង", "Samnang", set()),
    ("សុខា", "Sokha", set()),
    ("សុខុម", "Sokhom", set()),
    ("ចន្ថា", "Chantha", set()),
    ("បុប្ផា", "Bopha", set()),
    ("គន្ធា", "Kunthea", set()),
    ("សុធា", "Sothea", set()),
    ("ផល្លា", "Phalla", set()),
    ("លក្ខិណា", "Leakhena", set()),
    ("ស្រីនាង", "Sreyneang", set()),
    ("វិចិត្រ", "Vichet", set()),
    ("វិសាល", "Visal", set()),
    ("ពិសី", "Pisey", {"Pisei"}),
    ("រិទ្ធី", "Rithy", set()),
    ("ធីតា", "Thida", set()),
    ("អ៊ុក", "Ouk", set()),
    ("អ៊ុំ", "Oum", set()),
    ("អ៊ុច", "Uch", set()),
    ("យឹម", "Yim", set()),
    ("ង៉ែត", "Nget", set()),
    ("ងួន", "Ngoun", set()),
    ("ហួន", "Houn", set()),
    ("ហែម", "Hem", set()),
    ("ឆៃ", "Chhay", set()),
    ("ឈុន", "Chhun", set()),
    ("ឈឹម", "Chhim", set()),
    ("ខៀវ សំផន", "Khiev Samphan", {"Khieu Samphan"}),
    ("ខឹម", "Khim", set()),
    ("គង់", "Kong", set()),
    ("ម៉ៅ", "Mao", set()),
    ("ទេព", "Tep", set()),
    ("ថាច់", "Thach", set()),
    ("យូ", "You", set()),
    ("យស", "Yos", set()),
    ("សាយ", "Say", set()),
    ("សីហា", "Seyha", set()),
    ("សុធី", "Sothy", set()),
    ("សុវណ្ណ", "Sovann", {"Sovan"}),
    ("សុវណ្ណារ៉ា", "Sovannara", set()),
    ("វុទ្ធី", "Vuthy", set()),
    ("វាសនា", "Veasna", set()),
    ("កុសល", "Kosal", set()),
    ("កញ្ញា", "Kanha", set()),
    ("ម៉ាលីស", "Malis", set()),
    ("នារី", "Nary", set()),
    ("ប៊ុនធឿន", "Bunthoeun", set()),
    ("តុលា", "Tola", set()),
    ("ឌីណា", "Dyna", set()),
    ("ណារិទ្ធ", "Narith", set()),
    ("ពេជ្រ", "Pich", set()),
    ("ហេង សំរិន", "Heng Samrin", set()),
    ("ហុក ឡង់ឌី", "Hok Lundy", set()),
    ("ស្រីមុំ", "Sreymom", {"Srey Mom"}),
    ("ប៉ុល ពត", "Pol Pot", set()),
    ("នរោត្តម សីហនុ", "Norodom Sihanouk", set()),
    ("កឹម សុខា", "Kem Sokha", set()),
    ("សម រង្ស៊ី", "Sam Rainsy", set()),
    ("អៀង សារី", "Ieng Sary", set()),
    ("ជា ស៊ីម", "Chea Sim", set()),
    ("ហ៊ុន ម៉ាណែត", "Hun Manet", set()),
]

# Words outside the lexicon: read by rule, or as compounds of lexicon words.
BY_RULE = [
    ("កម្ពុជា", "Kampuchea", set()),
    ("សៀមរាប", "Siemreap", {"Siemreab"}),
    ("បាត់ដំបង", "Batdambang", set()),
    ("តាកែវ", "Takeo", {"Takaev"}),
    ("សុខចាន់", "Sokchan", {"Sok Chan", "Sokhchan"}),
    ("ចាន់ណា", "Channa", set()),
    ("ណាវី", "Navy", {"Navi"}),
    ("ហុន", "Hon", set()),
    ("ស្រីលក្ខិណា", "Sreyleakhena", {"Srey Leakhena"}),
    ("សុខហេង", "Sokheng", set()),
    ("ម៉ាប់", "Map", set()),
    ("ចាន់សុភា", "Chansophea", {"Chan Sophea"}),
    ("សុខឿន", "Sokhoeun", set()),
]


def _assigned(lo: int, hi: int) -> list[str]:
    return [chr(c) for c in range(lo, hi + 1) if unicodedata.name(chr(c), None) is not None]


KHMER_CHARS = _assigned(0x1780, 0x17FF) + _assigned(0x19E0, 0x19FF)


@pytest.mark.parametrize(("khmer", "best", "variants"), KNOWN_NAMES + BY_RULE)
def test_known_spellings(khmer: str, best: str, variants: set[str]) -> None:
    candidates = romanize_khmer(khmer)
    assert candidates[0] == best
    assert variants <= set(candidates), candidates


def test_the_issue_examples() -> None:
    assert romanize_khmer("ហ៊ុន សែន")[0] == "Hun Sen"
    assert romanize_khmer("ស ខេង", limit=2) == ["Sar Kheng", "Sa Kheng"]
    assert romanize_khmer("ខ្មែរ")[0] == "Khmer"
    assert {"Srey", "Srei"} <= set(romanize_khmer("ស្រី"))


def test_lexicon_is_substantial() -> None:
    assert LEXICON_SIZE >= 100


def test_known_names_are_spread_over_lexicon_and_rules() -> None:
    assert len(KNOWN_NAMES) + len(BY_RULE) >= 40


# --- the Unicode blocks ----------------------------------------------------------------------------


def test_every_assigned_code_point_is_handled() -> None:
    assert len(KHMER_CHARS) == 146  # Unicode 14: 114 in Khmer, 32 in Khmer Symbols
    unhandled = [f"U+{ord(c):04X} {unicodedata.name(c)}" for c in KHMER_CHARS if c not in KHMER_BLOCK_HANDLED]
    assert not unhandled
    assert unmapped_characters("".join(KHMER_CHARS)) == set()


@pytest.mark.parametrize("ch", KHMER_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_each_code_point_alone_and_after_a_consonant(ch: str) -> None:
    for text in (ch, "ក" + ch, "ក" + ch + "ន"):
        out = romanize_khmer(text)
        assert all(c.isascii() and c for c in out), (text, out)
        for system in ("ungegn", "alalc"):
            assert romanize_khmer_systematic(text, system, fold=True).isascii()


def test_unmapped_characters_ignores_other_scripts_and_unassigned() -> None:
    assert unmapped_characters("abc ไทย \u17de\u17ff") == set()


def test_khmer_digits() -> None:
    assert romanize_khmer("០១២៣៤៥៦៧៨៩") == ["0123456789"]
    assert romanize_khmer("ផ្ទះលេខ ១២")[0].endswith(" 12")
    assert romanize_khmer_systematic("១៩៧៥", "alalc") == "1975"


def test_punctuation_symbols_and_repetition() -> None:
    assert romanize_khmer("។") == ["."]
    assert romanize_khmer("៛") == ["riel"]
    assert romanize_khmer("᧡") == ["1 koet"]
    assert romanize_khmer("᧱") == ["1 roc"]
    first = romanize_khmer("សុខៗ")[0]  # LEK TOO repeats the word
    assert first == "Sok Sok"


# --- consonant series, signs, typing order ---------------------------------------------------------


def test_series_shift_signs() -> None:
    assert romanize_khmer("ហុន")[0] == "Hon"  # a-series: u is read o
    assert romanize_khmer("ហ៊ុន")[0] == "Hun"  # TRIISAP: o-series
    assert romanize_khmer("ហុ៊ន")[0] == "Hun"  # the same, sign typed after the vowel
    assert romanize_khmer_systematic("ម៉ា", "ungegn") == "Ma"  # MUUSIKATOAN: a-series
    assert romanize_khmer_systematic("មា", "ungegn") == "Méa"


def test_bantoc_and_final_consonants() -> None:
    assert {"Chan", "Chann"} <= set(romanize_khmer("ចាន់"))
    assert {"Sok", "Sokh"} <= set(romanize_khmer("សុខ"))
    assert romanize_khmer("បាត់ដំបង")[0] == "Batdambang"


def test_split_vowel_typing_is_normalised() -> None:
    assert romanize_khmer("មេាន")[0] == romanize_khmer("មោន")[0]


# --- the formal systems ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("khmer", "ungegn"),
    [
        ("ភ្នំ ពេញ", "Phnŭm Pénh"),
        ("កំពត", "Kâmpôt"),
        ("សៀម រាប", "Siĕm Réab"),
        ("ក្រចេះ", "Krâchéh"),
        ("តាកែវ", "Takêv"),
        ("ព្រៃ វែង", "Prey Vêng"),
        ("ស្វាយ រៀង", "Svay Riĕng"),
        ("កម្ពុជា", "Kâmpŭchéa"),
        ("បាត់ដំបង", "Bătdâmbâng"),
        ("ខ្មែរ", "Khmêr"),
        ("អង្គរ", "Ângkôr"),
    ],
)
def test_ungegn(khmer: str, ungegn: str) -> None:
    assert romanize_khmer_systematic(khmer, "ungegn") == ungegn
    assert romanize_khmer_systematic(khmer, "ungegn", fold=True) == fold_ascii(ungegn)


@pytest.mark.parametrize(
    ("khmer", "alalc"),
    [
        ("កម្ពុជា", "Kambujā"),
        ("ភ្នំពេញ", "Bhnaṃbeñ"),
        ("អង្គរ", "ʼAṅgar"),
        ("ហ៊ុន សែន", "Hʹun Saen"),
        ("រតនា", "Ratanā"),
        ("ក្រចេះ", "Kraceḥ"),
    ],
)
def test_alalc(khmer: str, alalc: str) -> None:
    assert romanize_khmer_systematic(khmer, "alalc") == alalc


def test_alalc_fold() -> None:
    assert romanize_khmer_systematic("កម្ពុជា", "alalc", fold=True) == "Kambuja"
    assert romanize_khmer_systematic("អង្គរ", "alalc", fold=True) == "Anggar"  # ṅ folds to ng


def test_unknown_system() -> None:
    with pytest.raises(ValueError, match="unknown system"):
        romanize_khmer_systematic("ស", "iso")  # type: ignore[arg-type]  # a system outside the Literal, on purpose


# --- input shapes ----------------------------------------------------------------------------------


def test_empty_input() -> None:
    assert romanize_khmer("") == []
    assert romanize_khmer("   \u200b ") == []
    assert romanize_khmer_systematic("", "ungegn") == ""


def test_non_khmer_input_comes_back_as_the_only_candidate() -> None:
    assert romanize_khmer("Jean  Dupont") == ["Jean Dupont"]  # whitespace collapsed
    assert romanize_khmer("ทักษิณ") == ["ทักษิณ"]


def test_mixed_text_keeps_the_latin_part() -> None:
    out = romanize_khmer("Dr. ហ៊ុន សែន (PM)")
    assert out[0] == "Dr. Hun Sen (PM)"
    assert all(c.startswith("Dr. ") and c.endswith(" (PM)") for c in out)
    assert romanize_khmer("McDonald ស")[0] == "McDonald Sar"


def test_zwsp_separates_words() -> None:
    assert romanize_khmer("ហ៊ុន\u200bសែន")[0] == "Hun Sen"


def test_limit() -> None:
    assert len(romanize_khmer("ហ៊ុន សែន", limit=3)) == 3
    assert romanize_khmer("ហ៊ុន សែន", limit=1) == ["Hun Sen"]
    with pytest.raises(ValueError):
        romanize_khmer("ស", limit=0)


def test_fold_ascii() -> None:
    assert fold_ascii("Stœ̆ng Trêng") == "Stoeng Treng"
    assert fold_ascii("ʼAṅgar Bhnaṃbeñ") == "Anggar Bhnambenh"


# --- robustness ------------------------------------------------------------------------------------

khmer_text = st.text(alphabet=st.sampled_from([*KHMER_CHARS, " ", "\u200b", "\u200c"]), max_size=16)


@settings(max_examples=400, deadline=None)
@given(khmer_text, st.integers(min_value=1, max_value=12))
def test_any_khmer_text_gives_ascii_candidates(text: str, limit: int) -> None:
    out = romanize_khmer(text, limit=limit)
    assert len(out) <= limit
    assert len(set(out)) == len(out)
    assert all(c and c.isascii() for c in out)
    for system in ("ungegn", "alalc"):
        assert romanize_khmer_systematic(text, system, fold=True).isascii()
