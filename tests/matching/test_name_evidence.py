"""Name evidence: words weighed by their frequency in a list, every word of both names explained.

Frequencies here come from a small synthetic list built the way screening builds its own (the index's
postings), not from a hand table.
"""

from __future__ import annotations

import pytest

from tipnet.matching.name_evidence import (
    MAX_WORD_BITS,
    MIN_WORD_BITS,
    has_no_family_name,
    name_evidence,
    unexplained_bits,
    word_bits,
)
from tipnet.matching.names import best_name_match, prepare_name
from tipnet.matching.record import make_record
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex

# A list where Nguyen, Thi, Van, Sok and Kim are common and every other word is rare: a fifth of the
# entries are Nguyen, as a fifth of the list's Vietnamese would be.
_COMMON = [
    "Nguyen Thi Lan",
    "Nguyen Van Hung",
    "Nguyen Thi Mai",
    "Nguyen Van Nam",
    "Nguyen Thi Hoa",
    "Nguyen Van Duc",
    "Sok Dara",
    "Sok Sophea",
    "Sok Vanna",
    "Kim Sreypov",
    "Kim Sokha",
    "Kim Bopha",
]
_RARE = [
    "Phonesavanh Xayyavong",
    "Kyaw Soe Win",
    "Aye Min",
    "Thandar Hlaing",
    "Somchai Phrompan",
    "Siriporn Saetang",
    "Wirat Kongkaew",
    "Indah Aminah",
    "Maria Dela Cruz",
    "Zhao Wei",
    "Htet Naing Htet",
    "Chanthou Mao",
    "Pisey Heng",
    "Rotha Chea",
    "Dina Ouk",
    "Bunthoeun Prak",
    "Mey Lin",
    "Vuthy Chhay",
    "Sreyleak Tep",
    "Makara Kong",
    "Nilar Win",
    "Zaw Lin Htet",
    "Thiri Aung",
    "Yadanar Myo",
    "Pyae Sone",
    "Lwin Moe",
    "Ei Phyu",
    "Nay Chi",
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    entries = [ListEntry(f"E{k}", make_record(n)) for k, n in enumerate(_COMMON + _RARE)]
    return ScreeningIndex.build([(ListInfo("test", "1"), entries)])


def _bits(index: ScreeningIndex, a: str, b: str, *, whole: bool = False) -> float:
    qa, qb = prepare_name(a, limit=8), prepare_name(b)
    assert qa is not None and qb is not None
    m = best_name_match((qa,), (qb,))
    assert m is not None
    return name_evidence(m, index.token_frequency, whole_names=whole).bits


def test_word_frequencies_come_from_the_list(index: ScreeningIndex) -> None:
    assert index.token_frequency("nguyen") > 5 * index.token_frequency("phonesavanh")
    assert index.token_frequency("sok") > index.token_frequency("vanna")
    # An unseen word is rare, but a list of forty does not make it one in forty thousand.
    assert MIN_WORD_BITS < word_bits(index.token_frequency("zzyzx")) < MAX_WORD_BITS


def test_a_shared_common_family_name_is_weak_evidence_a_rare_one_strong(index: ScreeningIndex) -> None:
    common = _bits(index, "NGUYEN MINH LONG", "Nguyen Minh Duc")  # shared family and middle names
    rare = _bits(index, "XAYYAVONG PHONESAVANH", "Phonesavanh Xayyavong")
    assert rare > 12 and common < rare - 10
    # "Sok" shared, given names unlike: the old best-overlap score called this 0.48 (a `low` name).
    assert _bits(index, "SREYNEANG SOK", "Sok Sreyoun") < 2  # next to no evidence either way


def test_burmese_names_must_be_explained_whole(index: ScreeningIndex) -> None:
    """No family name: a syllable one side lacks is a different person, not a dropped middle name."""
    same = _bits(index, "KYAW SOE WIN", "Kyaw Soe Win", whole=True)
    assert _bits(index, "Soe Win", "Kyaw Soe Win", whole=True) < same - 9
    assert _bits(index, "Min Aye Ko", "Aye Min", whole=True) < same - 9
    assert _bits(index, "Min Aye Ko", "Aye Min", whole=True) < _bits(index, "Aye Min", "Aye Min") - 8
    # Where a dropped middle name is the custom (a Filipino's mother's maiden name), it costs less.
    lenient = _bits(index, "MARIA CRUZ", "Maria Dela Cruz")
    assert lenient > _bits(index, "MARIA CRUZ", "Maria Dela Cruz", whole=True)


def test_culture_without_family_names_is_read_from_nationality_or_script() -> None:
    latin = prepare_name("Soe Win")
    burmese = prepare_name("စိုးဝင်း")
    assert latin is not None and burmese is not None
    assert has_no_family_name((latin,), frozenset({"MMR"}))
    assert has_no_family_name((burmese,), frozenset())
    assert not has_no_family_name((latin,), frozenset({"PHL"}))


def test_a_dropped_common_middle_name_costs_less_than_a_rare_word(index: ScreeningIndex) -> None:
    full = _bits(index, "Nguyen Thi Lan", "Nguyen Thi Lan")
    dropped_thi = _bits(index, "NGUYEN LAN", "Nguyen Thi Lan")
    assert full - dropped_thi > 0
    assert unexplained_bits("thi", index.token_frequency) > unexplained_bits("thandar", index.token_frequency)


def test_typing_slips_keep_part_of_a_word_first_letters_do_not(index: ScreeningIndex) -> None:
    exact = _bits(index, "HTET NAING HTET", "Htet Naing Htet")
    slip = _bits(index, "HTET NAING HHET", "Htet Naing Htet")
    swapped = _bits(index, "AIMNAH INDAH", "Indah Aminah")  # two letters swapped
    assert exact > slip > exact - 8
    assert swapped > 10
    # One letter apart at the start: different Vietnamese given names, not a slip.
    assert (
        _bits(index, "NGUYEN THI LAN", "Nguyen Thi Lan") - _bits(index, "NGUYEN THI VAN", "Nguyen Thi Lan")
        > 8
    )


def test_initials_of_a_truncated_given_name_count_as_the_letter(index: ScreeningIndex) -> None:
    full = _bits(index, "DELA CRUZ MARIA", "Maria Dela Cruz")
    initial = _bits(index, "DELA CRUZ M", "Maria Dela Cruz")
    assert 0 < initial < full


def test_evidence_explains_each_word(index: ScreeningIndex) -> None:
    qa, qb = prepare_name("SOE WIN", limit=8), prepare_name("Kyaw Soe Win")
    assert qa is not None and qb is not None
    m = best_name_match((qa,), (qb,))
    assert m is not None
    ev = name_evidence(m, index.token_frequency)
    assert "kyaw unexplained" in ev.text and "soe=soe" in ev.text
    assert ev.explained == pytest.approx(4 / 5)


def test_cached_evidence_follows_the_list_and_does_not_keep_it_alive() -> None:
    """The evidence cache is per list: another list's frequencies give other bits, and a list that is
    dropped (an index replaced by a rebuild) is freed."""
    import gc
    import weakref

    from tipnet.matching.name_evidence import best_name_evidence

    def build(names: list[str]) -> ScreeningIndex:
        return ScreeningIndex.build(
            [(ListInfo("l", "1"), [ListEntry(str(k), make_record(n)) for k, n in enumerate(names)])]
        )

    q, e = prepare_name("SOK DARA", limit=8), prepare_name("Sok Dara")
    assert q is not None and e is not None
    common = build(["Sok Dara"] * 30 + _RARE)
    rare = build(["Sok Dara", *_RARE])
    a = best_name_evidence((q,), (e,), common.token_frequency)
    b = best_name_evidence((q,), (e,), rare.token_frequency)
    assert a is not None and b is not None and a[1].bits < b[1].bits
    gone = weakref.ref(common)
    del common, a
    gc.collect()
    assert gone() is None
