"""Readings of a name that its written form hides (issue 13): the old Indonesian spelling, a Khmer name
written without a space, and Burmese names compared as the sequences they are. Synthetic names."""

from __future__ import annotations

import pytest

from tipnet.identity.name_compare import compare_names, compare_tokens, compare_whole_names
from tipnet.identity.names import has_whole_name
from tipnet.identity.romanize.indonesian import has_old_spelling, modern_indonesian
from tipnet.identity.romanize.khmer.segment import split_family_name

# --- old Indonesian spelling ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Djoko Soesilo", "joko susilo"),
        ("SOEPARMAN", "suparman"),
        ("Tjahjono", "cahyono"),
        ("Sjarifah Njoman", "syarifah nyoman"),
        ("Wahjoe Noegroho", "wahyu nugroho"),
        ("Chairoel Anwar", "khairul anwar"),
    ],
)
def test_the_old_spelling_is_read_in_todays(old: str, new: str) -> None:
    assert modern_indonesian(old) == new
    assert modern_indonesian(old, "IDN") == new


def test_only_old_letter_groups_or_an_indonesian_nationality_are_read_so() -> None:
    # Chinese Jing, Khmer Chan and Thoeun, Thai names: no old Indonesian letter group, nothing read.
    for name in ("Wang Jing", "Chan Thoeun", "Koem Sokha", "Somchai Jaidee", "Joko Susilo"):
        assert not has_old_spelling(name)
        assert modern_indonesian(name) is None
    assert modern_indonesian("Djoko Soesilo", "KHM") is None  # another nationality says otherwise
    # With the nationality, a lone j is the old y (Cahjo is Cahyo).
    assert modern_indonesian("Jusuf", "IDN") == "yusuf"
    assert modern_indonesian("Budi Santoso", "IDN") is None  # nothing to change


@pytest.mark.parametrize(
    ("a", "b", "nat_a"),
    [
        ("DJOKO SOESILO", "Joko Susilo", None),
        ("Soeparman", "SUPARMAN", None),
        ("Jusuf Hidajat", "YUSUF HIDAYAT", "IDN"),
        ("Tjahjo", "Cahyo", None),
    ],
)
def test_old_and_new_spellings_score_as_one_name(a: str, b: str, nat_a: str | None) -> None:
    c = compare_names(a, b, nationality_a=nat_a)
    assert c.score >= 0.98, c.explanation
    assert any("old Indonesian spelling" in line for line in c.explanation)
    # either way round
    assert compare_names(b, a, nationality_b=nat_a).score == c.score


def test_the_old_spelling_reading_does_not_join_different_names() -> None:
    assert compare_names("Wang Jing", "Wang Ying").score < 0.9
    assert compare_names("Djoko Soesilo", "Joko Santoso").score < 0.9


# --- Khmer written without a space --------------------------------------------------------------------


def test_a_khmer_name_without_a_space_is_cut_after_its_family_name() -> None:
    assert split_family_name("សុខសុជាតា") == ("សុខ", "សុជាតា")
    assert split_family_name("ចាន់ស្រីមុំ") == ("ចាន់", "ស្រីមុំ")  # the given name stays whole
    assert split_family_name("រស់សុខា") == ("រស់", "សុខា")  # one syllable before two
    assert split_family_name("ជាដារ៉ា") == ("ជា", "ដារ៉ា")  # kept whole by the segmenter: the lexicon cuts
    # A given name alone, a spaced name, Latin text: not cut.
    for word in ("ស្រីមុំ", "សុខា", "សុខ សុជាតា", "Sok", ""):
        assert split_family_name(word) is None


@pytest.mark.parametrize("written", ["សុខសុជាតា", "សុខ\u200bសុជាតា", "សុខ សុជាតា"])
def test_unspaced_spaced_and_zero_width_spaced_khmer_read_alike(written: str) -> None:
    for latin in ("SOK SOCHEATA", "Socheata Sok"):
        c = compare_names(written, latin)
        assert c.score >= 0.98, (written, latin, c.explanation)
        assert c.matches and all(m.method == "exact" for m in c.matches)


# --- Burmese names as sequences ---------------------------------------------------------------------


def test_burmese_names_are_whole_names() -> None:
    assert has_whole_name("ကျော်စိုးဝင်း")
    assert has_whole_name("Kyaw Soe Win", "MM")
    assert not has_whole_name("Kyaw Soe Win")
    assert not has_whole_name("Sok Dara", "KHM")


def test_burmese_syllables_in_another_order_are_another_name() -> None:
    same_set = compare_names("Aye Min", "Min Aye", nationality_a="MMR")
    assert same_set.score < 0.65, same_set.explanation
    assert compare_names("Aye Min", "Min Aye Ko", nationality_a="MMR").score < 0.65
    # Without a nationality or a Burmese script the order of a name's words says nothing.
    assert compare_names("Aye Min", "Min Aye").score == 1.0
    # Written in Burmese against the same syllables rotated in Latin.
    assert compare_names("ခင်သူမာ", "Thu Ma Khin").score < compare_names("ခင်သူမာ", "Khin Thu Ma").score
    assert compare_names("ခင်သူမာ", "Khin Thu Ma").score >= 0.98


def test_a_burmese_name_inside_another_costs_more_than_a_missing_middle_name() -> None:
    burmese = compare_names("Kyaw Soe Win", "Soe Win", nationality_a="MMR").score
    other = compare_names("Maria Santos Cruz", "Maria Cruz").score
    assert burmese < 0.9 <= other


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mg Kyaw Soe", "Kyaw Soe"), ("Daw Khin Khin Aye", "Khin Khin Aye"), ("Ma Thida", "Thida"),
     ("U Tin Oo", "Ko Tin Oo")],
)  # fmt: skip
def test_burmese_honorifics_are_ignored(a: str, b: str) -> None:
    assert compare_names(a, b, nationality_a="MMR", nationality_b="MMR").score >= 0.98
    # also at the token level, where a name's nationality is unknown but its whole-name form is
    score, _m, un_a, un_b, notes = compare_whole_names(tuple(a.lower().split()), tuple(b.lower().split()))
    assert score >= 0.98 and not un_a and not un_b
    assert any("honorific" in n for n in notes) or a.lower().split()[0] in ("mg", "daw", "ma")


def test_whole_names_pair_words_in_order() -> None:
    score, matches, un_a, un_b, _ = compare_tokens(("thu", "ma", "khin"), ("khin", "thu", "ma"), True)
    assert [(m.a, m.b) for m in matches] == [("thu", "thu"), ("ma", "ma")]
    assert un_a == ["khin"] and un_b == ["khin"]
    assert score < 0.9
    # order-free, the same words are one name
    assert compare_tokens(("thu", "ma", "khin"), ("khin", "thu", "ma"))[0] == 1.0
    # a typo in a syllable still pairs in place; joined syllables still read as one word
    assert compare_tokens(("kyaw", "soe", "win"), ("kyaw", "soe", "winn"), True)[0] > 0.9
    assert compare_tokens(("kyawsoe", "win"), ("kyaw", "soe", "win"), True)[0] > 0.9
