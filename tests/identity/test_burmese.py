"""Burmese: common spellings per syllable, MLCTS, medials, tones."""

from __future__ import annotations

import pytest

from tipnet.identity.romanize.burmese import mlcts, romanize_burmese, syllables

KNOWN = [
    ("အောင်ဆန်းစုကြည်", "Aung San Suu Kyi"),
    ("မင်းအောင်လှိုင်", "Min Aung Hlaing"),
    ("သိန်းစိန်", "Thein Sein"),
    ("သန်းရွှေ", "Than Shwe"),
    ("ထင်ကျော်", "Htin Kyaw"),
    ("ထင်ကျော်", "Tin Kyaw"),
    ("ဝင်းမြင့်", "Win Myint"),
    ("ဦးသန့်", "U Thant"),
    ("ဒေါ်ခင်ကြည်", "Daw Khin Kyi"),
    ("ဇော်မင်းထွန်း", "Zaw Min Tun"),
    ("သက်ထားဆွေ", "Thet Htar Swe"),
    ("ဖြိုးဝေယံ", "Phyo Wai Yan"),
    ("ညွန့်လွင်", "Nyunt Lwin"),
    ("မိုးမိုးနိုင်", "Moe Moe Naing"),
]


@pytest.mark.parametrize(("burmese", "latin"), KNOWN)
def test_known(burmese: str, latin: str) -> None:
    assert latin in romanize_burmese(burmese, limit=8)


def test_best_first() -> None:
    assert romanize_burmese("မင်းအောင်လှိုင်")[0] == "Min Aung Hlaing"
    assert romanize_burmese("ဝင်းမြင့်")[0] == "Win Myint"


def test_rules_without_lexicon() -> None:
    # Syllables not in the lexicon: rules on onset, medials and rhyme.
    assert romanize_burmese("ဟိန်း")[0] == "Hein"  # lexicon
    assert romanize_burmese("ပိန်")[0] == "Pein"  # rule: ိန် → ein
    assert romanize_burmese("ကျိန်")[0] == "Kyein"  # medial ya: ky
    assert romanize_burmese("လှ")[0] == "Hla"  # medial ha: hl


def test_mlcts() -> None:
    assert mlcts("အောင်ဆန်းစုကြည်") == "Aung Hcan Cu Krany"
    assert mlcts("သိန်းစိန်") == "Sin Cin"
    assert "Aung Hcan Cu Krany" in romanize_burmese("အောင်ဆန်းစုကြည်", limit=12)


def test_syllable_split_with_dot_below_before_asat() -> None:
    parts = syllables("မြင့်")
    assert len(parts) == 1 and parts[0].final == "င" and parts[0].tone == "."
