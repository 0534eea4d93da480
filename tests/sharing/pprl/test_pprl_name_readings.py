"""PPRL features come from the one matching core, so the readings a name's written form hides (issue 13)
survive encoding: an old Indonesian spelling carries today's words, a Khmer name written without a
space carries its family and given names. Burmese order is not kept: PPRL words are a set by design."""

from __future__ import annotations

from tipnet.sharing.pprl.features import PprlInput, record_features
from tipnet.sharing.pprl.schema import Schema


def _name_words(name: str, **kw: str) -> set[str]:
    schema = Schema()  # names salted with the date, each word in the context of the others (v5)
    feats, _dropped = record_features(PprlInput("r", names=(name,), **kw), schema)
    return {
        value.split("|")[-1].split(">")[-1]
        for field, kind, value in feats
        if field == "name" and kind == "name_token"
    }


def test_old_indonesian_spelling_shares_todays_words() -> None:
    assert {"joko", "susilo"} <= _name_words("DJOKO SOESILO", birth_date="1961-03-02")
    assert {"joko", "susilo"} <= _name_words("Joko Susilo", birth_date="1961-03-02")


def test_an_unspaced_khmer_name_shares_the_spaced_words() -> None:
    assert {"sok", "socheata"} <= _name_words("សុខសុជាតា", birth_date="1995-04-12")
    assert {"sok", "socheata"} <= _name_words("SOK SOCHEATA", birth_date="1995-04-12")
