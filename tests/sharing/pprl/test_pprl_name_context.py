"""Schema v5: in the date-salted name segment each word is hashed with the phonetic keys of its name's
other words (`Schema.name_context`), so that two persons of one surname born the same day no longer
share that surname's features (the birthday-paradox namesakes `attack.shared_words` found), while one
person's records whose names agree as a whole (word order, phonetic spelling variants, a word more on
one side) still share theirs. On a v4 encoding (each word salted with the date alone) the namesake
tests fail."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, PROFILES, Schema

DATE = "1994-03-17"


def _name_features(names: tuple[str, ...], schema: Schema = DEFAULT_SCHEMA, date: str = DATE) -> set:
    feats, _ = record_features(PprlInput("x", names, date, "F", ("KHM",)), schema)
    return {f for f in feats if f[0] == "name"}


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def test_default_is_pair_context() -> None:
    assert DEFAULT_SCHEMA.name_context == "pair"
    assert PROFILES["unsalted"].name_context == ""


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Sok Dara",), ("Sok Mony",)),  # one surname, other given names
        (("Chan Sophea",), ("Sophea Meas",)),  # one given name, other surnames
        (("Sok Dara",), ("Sok Mony", "Sok")),  # the surname also written alone
        (("Nguyen Van Minh",), ("Nguyen Thi Lan",)),
    ],
)
def test_same_day_namesakes_share_no_word(one: tuple[str, ...], other: tuple[str, ...]) -> None:
    a, b = _name_features(one), _name_features(other)
    assert a and b
    shared = a & b
    # no word nor key in common; at most a letter pair or two of the other words by chance
    assert all(k == "name_bigram" for _f, k, _v in shared) and len(shared) <= 2, sorted(shared)
    # v4 (each word with the date alone) shared the common word's features
    v4 = replace(DEFAULT_SCHEMA, name_context="")
    assert _name_features(one, v4) & _name_features(other, v4)


@pytest.mark.parametrize(
    ("one", "other", "least"),
    [
        (("Sok Dara",), ("Dara Sok",), 1.0),  # word order
        (("Chhay Sokha",), ("Chay Sokha",), 0.8),  # a spelling variant with one phonetic key
        (("Sok Dara",), ("SOK, Dara",), 1.0),
        (("Sok Dara",), ("Sok Dara Vanna",), 0.45),  # a word more on one side
        (("Sok Dara",), ("Sok Daraa",), 0.4),  # a typo
    ],
)
def test_one_persons_records_still_agree(one: tuple[str, ...], other: tuple[str, ...], least: float) -> None:
    assert _dice(_name_features(one), _name_features(other)) >= least


def test_a_one_word_name_keeps_its_word_alone() -> None:
    """A record whose names are one word each keeps them (as a word alone); next to a name of two
    words the word alone is left out (it is what every same-day namesake would share)."""
    alone = _name_features(("Sok",))
    assert alone and all(v.split("|", 1)[1].startswith("->") for _f, _k, v in alone)
    assert alone == _name_features(("Sok",))
    both = _name_features(("Sok Dara", "Sok"))
    assert both == _name_features(("Sok Dara",))


def test_other_salts_keep_words_alone() -> None:
    """The phone- and document-salted segments are unchanged (namesakes rarely share a number)."""
    rec = PprlInput("x", ("Sok Dara",), DATE, "F", ("KHM",), ("N1234567",), ("+855 12 345 678",))
    feats, _ = record_features(rec, DEFAULT_SCHEMA)
    old, _ = record_features(rec, replace(DEFAULT_SCHEMA, name_context=""))
    assert {f for f in feats if f[0] != "name"} == {f for f in old if f[0] != "name"}


def test_unknown_context_refused() -> None:
    with pytest.raises(ValueError, match="name_context"):
        replace(DEFAULT_SCHEMA, name_context="all").validate()
