"""Screening with the readings a name's written form hides (issue 13): an old Indonesian spelling and a
Khmer name written without a space are candidates of their modern and spaced forms and hit; Burmese
syllables in another order do not. Synthetic names in a list with filler, so word frequencies are a
list's."""

from __future__ import annotations

import pytest

from tipnet.matching.record import make_record, prepare_record
from tipnet.screening.entries import build_from_files
from tipnet.screening.screen import Screener

_LIST = (
    "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"
    "I1,DJOKO SOESILO,,1961-03-02,,male,,crime.traffick\n"
    "I2,Tjahjo Soeparman,,1970-08-17,ID,male,,crime.traffick\n"
    "K1,សុខសុជាតា,,1995-04-12,,female,,crime.traffick\n"
    "K2,ឈិម\u200bសុភាព,,1989-11-30,,female,,crime.traffick\n"
    "M1,ခင်သူမာ,,1990-06-05,MM,female,,crime.traffick\n"
    "M2,Aye Min Thu,,1986,MM,female,,crime.traffick\n"
) + "".join(
    f"X{k},{family} {given},,,,,,\n"
    for k, (family, given) in enumerate(
        (f, g)
        for f in ("Sok", "Chan", "Chhim", "Santoso", "Susanto", "Kyaw", "Win", "Thu", "Khin", "Aung")
        for g in ("Dara", "Sophea", "Budi", "Agus", "Min", "Zaw", "Ma", "Lwin", "Nanda", "Eko")
    )
)


@pytest.fixture(scope="module")
def screener(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    path = tmp_path_factory.mktemp("lists") / "list.csv"
    path.write_text(_LIST, encoding="utf-8")
    ix, problems = build_from_files([path])
    assert not problems
    return Screener(ix)


def _hit(screener: Screener, name: str, **kw: str) -> tuple[str, float] | None:
    r = screener.screen(make_record(name, **kw))
    return (r.hits[0].entry_id, r.hits[0].score) if r.hits else None


def _candidates(screener: Screener, name: str, **kw: str) -> set[str]:
    query = prepare_record(make_record(name, **kw))
    return {screener.index.entry_ids[i] for i, _w in screener.index.candidates(query)}


def test_the_modern_spelling_finds_the_old_one(screener: Screener) -> None:
    assert "I1" in _candidates(screener, "JOKO SUSILO")
    hit = _hit(screener, "JOKO SUSILO", birth_date="1961-03-02", nationality="IDN", gender="M")
    assert hit is not None and hit[0] == "I1" and hit[1] >= 0.9
    hit = _hit(screener, "CAHYO SUPARMAN", birth_date="1970-08-17", nationality="ID")
    assert hit is not None and hit[0] == "I2"
    # The reading is of the name, not a licence: another man's name still scores far lower.
    other = screener.screen(
        make_record("BUDI SUSANTO", birth_date="1961-03-02", nationality="IDN"), threshold=0
    )
    assert all(h.score < 0.5 for h in other.hits if h.entry_id == "I1")


def test_a_khmer_name_without_a_space_is_a_candidate_of_its_spaced_form(screener: Screener) -> None:
    for query in ("SOK SOCHEATA", "Socheata Sok", "សុខ សុជាតា"):
        assert "K1" in _candidates(screener, query), query
        hit = _hit(screener, query, birth_date="1995-04-12", gender="F")
        assert hit is not None and hit[0] == "K1" and hit[1] >= 0.9, query
    # and the other way round: a spaced (zero-width) entry, a query written without a space
    hit = _hit(screener, "ឈិមសុភាព", birth_date="1989-11-30")
    assert hit is not None and hit[0] == "K2"


def test_burmese_syllables_in_another_order_are_not_the_listed_person(screener: Screener) -> None:
    hit = _hit(screener, "KHIN THU MA", birth_date="1990-06-05", nationality="MM")
    assert hit is not None and hit[0] == "M1" and hit[1] >= 0.9
    assert _hit(screener, "THU MA KHIN", birth_date="1990", nationality="MM") is None
    assert _hit(screener, "MIN AYE THU", birth_date="1986", nationality="MM") is None
    # an honorific added by a clerk is no part of the name
    hit = _hit(screener, "MA AYE MIN THU", birth_date="1986", nationality="MM")
    assert hit is not None and hit[0] == "M2"
