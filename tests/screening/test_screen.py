"""Screening end to end: CSV and FtM lists, CSV and PAXLST manifests, the border flow, the log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.report.fixtures import fill_store

from tipnet.identity.mrz.compose import compose_td3
from tipnet.ingest.watchlists import load_watchlist
from tipnet.matching.record import RecordError, make_record
from tipnet.screening.border import check_mrz
from tipnet.screening.entries import build_from_files, entries_from_store, entries_from_suspects
from tipnet.screening.index import ScreeningIndex
from tipnet.screening.log import DecisionError, record_decision, record_screening
from tipnet.screening.manifest import read_manifest
from tipnet.screening.screen import Screener
from tipnet.store.tables.watchlists import WatchlistScreening

from .lists import MANIFEST_CSV, write_lists
from .test_paxlst import MESSAGE


@pytest.fixture
def screener(tmp_path: Path) -> Screener:
    ix, _ = build_from_files(write_lists(tmp_path))
    return Screener(ix)


def _best(screener: Screener, name: str, **kw: str) -> tuple[str, float] | None:
    r = screener.screen(make_record(name, **kw))
    return (r.hits[0].entry_id, r.hits[0].score) if r.hits else None


def _best_id(screener: Screener, name: str, **kw: str) -> str | None:
    best = _best(screener, name, **kw)
    return best[0] if best else None


def test_cross_script_and_varied_queries_hit(screener: Screener) -> None:
    assert _best_id(screener, "陈伟", birth_date="1980-06-01", nationality="CN") == "T1"
    assert _best_id(screener, "ចាន់ ស្រីមុំ", birth_date="1991") == "T2"
    assert _best_id(screener, "PHROM SOMCHAI", birth_date="1975-02-11") == "T3"
    assert _best_id(screener, "Minh Nguyen Van", document_number="C7654321") == "T4"
    assert _best_id(screener, "赵伟", birth_date="1972-05") == "os-1"
    assert _best(screener, "John Smith", birth_date="1965") is None


def test_disagreement_lowers_the_score(screener: Screener) -> None:
    good = _best(screener, "Chen Wei", birth_date="1980-06-01", nationality="CN")
    worse = screener.screen(make_record("Chen Wei", birth_date="1955-01-01", nationality="TH"), threshold=0.0)
    assert good is not None and good[1] > max(h.score for h in worse.hits if h.entry_id == "T1")
    hit = screener.screen(make_record("Chen Wei", birth_date="1955-01-01"), threshold=0.0).hits[0]
    assert {e["feature"]: e["level"] for e in hit.explanation}["birth_date"] == "disagree"


def test_hits_are_sorted_and_thresholded(screener: Screener) -> None:
    r = screener.screen(make_record("Wei Chen"), threshold=0.0)
    assert [h.score for h in r.hits] == sorted((h.score for h in r.hits), reverse=True)
    assert all(h.score >= 0.99 for h in screener.screen(make_record("Wei Chen"), threshold=0.99).hits)


def test_unreadable_name_is_an_error(screener: Screener) -> None:
    with pytest.raises(RecordError):
        screener.screen(make_record("12345"))


def test_csv_and_paxlst_manifests(tmp_path: Path, screener: Screener) -> None:
    (tmp_path / "m.csv").write_text(MANIFEST_CSV + "P5,,1990,KH,F,\nP6,Sok Dara,1990-13-45,KH,F,\n")
    travellers = read_manifest(tmp_path / "m.csv")
    assert [t.ref for t in travellers if t.error] == ["P5", "P6"]
    results = screener.screen_many([t.record for t in travellers if t.record])
    assert [r.hits[0].entry_id if r.hits else None for r in results] == ["T1", "T2", None, "os-1"]
    (tmp_path / "m.edi").write_text(MESSAGE)
    pax = read_manifest(tmp_path / "m.edi")
    assert [t.ref for t in pax] == ["ABC123", "pax-2", "pax-3"]
    # 991399 is no date: the parser drops it and the traveller is still screened on the rest.
    assert pax[2].error is None and pax[2].record is not None and pax[2].record.birth_date is None
    born_2001 = pax[0].record
    assert born_2001 is not None
    assert screener.screen(born_2001).hits == []  # born 2001, T2 in 1991
    first = screener.screen(born_2001, threshold=0.0)
    assert first.hits[0].entry_id == "T2" and first.hits[0].explanation[1]["level"] == "disagree"


def test_border_flow_screens_the_mrz_holder(screener: Screener) -> None:
    mrz = compose_td3(
        document_type="P",
        issuing_state="CHN",
        surname="ZHAO",
        given_names="WEI",
        document_number="G12345678",
        nationality="CHN",
        birth_date=date(1972, 5, 3),
        sex="M",
        expiry_date=date(2030, 1, 1),
    )
    check = check_mrz(screener, list(mrz), today=date(2026, 11, 23))
    assert check.document.valid and check.result is not None
    assert check.result.hits[0].entry_id == "os-1" and check.result.hits[0].score > 0.99
    out = check.to_dict()
    assert out["document"]["surname"] == "ZHAO" and out["hits"][0]["list"] == "sanctions"


def test_stored_lists_and_the_log(engine: Engine, tmp_path: Path) -> None:
    csv_path, ftm_path = write_lists(tmp_path)
    load_watchlist(engine, "traffickers", csv_path, rejects_path=tmp_path / "r1.csv")
    load_watchlist(engine, "sanctions", ftm_path, rejects_path=tmp_path / "r2.csv")
    screener = Screener(ScreeningIndex.build(entries_from_store(engine)))
    assert {li.name: li.version for li in screener.index.lists} == {"sanctions": "1", "traffickers": "1"}
    record = make_record("陈伟", birth_date="1980")
    result = screener.screen(record)
    sid = record_screening(engine, record, result, actor="officer-7", channel="border", ref="P1")
    record_decision(engine, sid, "referred", actor="officer-7", note="second line")
    with pytest.raises(DecisionError):
        record_decision(engine, sid, "shrug", actor="officer-7")
    with Session(engine) as s:
        row = s.scalars(select(WatchlistScreening).where(WatchlistScreening.id == sid)).one()
        assert row.list_versions == {"sanctions": "1", "traffickers": "1"} and row.actor == "officer-7"
        assert next((h.list_name, h.entry_id) for h in row.hits) == ("traffickers", "T1")
        assert (
            [d.decision for d in row.decisions] == ["referred"]
            and row.decisions[0].note == "second line"
            and row.hit_count == len(result.hits)
            and len(row.query_digest) == 64
        )
        assert "陈" not in str(row.__dict__)  # the traveller's name is not stored


def test_case_suspects_are_a_list(engine: Engine, tmp_path: Path) -> None:
    fill_store(engine, tmp_path)
    info, entries = entries_from_suspects(engine)
    assert info.name == "case-suspects" and len(entries) == 1  # victims are never listed
    screener = Screener(ScreeningIndex.build([(info, entries)]))
    hit = screener.screen(make_record("王磊", nationality="CN", gender="M")).hits[0]
    assert hit.list == "case-suspects" and hit.entry_id == entries[0].entry_id
    assert screener.screen(make_record("Sok Dara", birth_date="2009")).hits == []


def test_screening_equals_scoring_every_entry(screener: Screener) -> None:
    """Blocking and the early skip of hopeless pairs lose no hit on a small list: the hits are those
    of scoring every entry (word-frequency name evidence, ambiguity shared, calibrated)."""
    from tipnet.matching.scoring import evidence_bits
    from tipnet.screening.screen import share_ambiguity

    ix = screener.index
    cal = screener.calibration
    assert isinstance(ix, ScreeningIndex)
    found = 0
    for name, birth in (
        ("Chen Wei", "1980"),
        ("Wei Chen", "1955"),
        ("ចាន់ ស្រីមុំ", None),
        ("Zhao Wei", "1972-05"),
    ):
        record = make_record(name, birth_date=birth)
        q = screener.prepare(record)
        every = [(i, *evidence_bits(q, ix.entry(i), ix.token_frequency)) for i in range(len(ix))]
        brute = sorted(
            (round(p, 4), ix.entry_ids[i])
            for i, _bits, ev in share_ambiguity(every)
            if (p := cal.probability(cal.combine((e.feature, e.bits) for e in ev))) >= screener.threshold
        )
        found += len(brute)
        assert sorted((h.score, h.entry_id) for h in screener.screen(record).hits) == brute
    assert found >= 3  # the comparison is not vacuous


# A list with common Khmer and Vietnamese family names, Burmese names that overlap, and namesakes.
_HARD_LIST = (
    "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"
    "B1,Kyaw Soe Win,ကျော်စိုးဝင်း,1990,MM,male,,crime.traffick\n"
    "B2,Aye Min,,1985,MM,female,,crime.traffick\n"
    "V1,Nguyen Minh Duc,,1979,VN,male,,crime.traffick\n"
    "V2,Nguyen Thi Huyen,,1994-05-01,VN,female,,crime.traffick\n"
    "V3,Nguyen Thi Huyen,,1974-04-21,VN,female,,crime.traffick\n"
    "K1,Sok Sreyoun,,,KH,female,,crime.traffick\n"
    "L1,Phonesavanh Xayyavong,,1988,LA,male,,crime.traffick\n"
) + "".join(
    # Filler: 240 other people, so that word frequencies are those of a list, not of a dozen names.
    f"X{k},{family} {given},,,,,,\n"
    for k, (family, given) in enumerate(
        (f, g)
        for f in ("Nguyen", "Tran", "Le", "Pham", "Sok", "Chan", "Kim", "Heng", "Chea", "Ly", "Wang", "Li")
        for g in ("Van Hung", "Thi Lan", "Van Nam", "Dara", "Vanna", "Sokha", "Thi Mai", "Van Tam",
                  "Sophal", "Bopha", "Wei", "Lei", "Pisey", "Rotha", "Chanthou", "Makara", "Vuthy",
                  "Sreyleak", "Minh Anh", "Thi Hoa")
    )
) + "".join(
    # and 64 Burmese names: a few syllables recombined, as Burmese names are.
    f"Y{k},{a} {b} {c},,,MM,,,\n"
    for k, (a, b, c) in enumerate(
        (a, b, c)
        for a in ("Aung", "Zaw", "Thant", "Htet")
        for b in ("Soe", "Win", "Min", "Myat")
        for c in ("Naing", "Moe", "Hlaing", "Oo")
    )
)  # fmt: skip


@pytest.fixture
def hard_screener(tmp_path: Path) -> Screener:
    path = tmp_path / "hard.csv"
    path.write_text(_HARD_LIST, encoding="utf-8")
    ix, _ = build_from_files([path])
    return Screener(ix)


def test_burmese_partial_names_are_not_hits(hard_screener: Screener) -> None:
    """ "Kyaw Soe Win" is not "Soe Win", "Aye Min" is not "Min Aye Ko", even in the same birth year."""
    assert _best_id(hard_screener, "KYAW SOE WIN", birth_date="1990", nationality="MM") == "B1"
    assert _best_id(hard_screener, "SOE WIN", birth_date="1990", nationality="MM") is None
    assert _best_id(hard_screener, "MIN AYE KO", birth_date="1985", nationality="MM") is None
    assert _best_id(hard_screener, "AYE MIN", birth_date="1985", nationality="MM") == "B2"


def test_a_shared_common_family_name_is_not_a_hit(hard_screener: Screener) -> None:
    assert _best_id(hard_screener, "NGUYEN MINH LONG", nationality="VN") is None
    assert _best_id(hard_screener, "SREYNEANG SOK", nationality="KH") is None
    # A rare name, MRZ order, no birth date on the traveller: a hit on the name alone.
    assert _best_id(hard_screener, "XAYYAVONG PHONESAVANH", nationality="LA") == "L1"


def test_two_namesakes_without_a_birth_date_are_both_returned_honestly(hard_screener: Screener) -> None:
    alone = hard_screener.screen(make_record("NGUYEN THI HUYEN", nationality="VN"), threshold=0.0)
    both = [h for h in alone.hits if h.entry_id in ("V2", "V3")]
    assert len(both) == 2 and abs(both[0].score - both[1].score) < 0.01
    assert any(e["feature"] == "ambiguity" for e in both[0].explanation)
    # With the birth date the query says which one, and that one is scored above the other.
    dated = hard_screener.screen(make_record("NGUYEN THI HUYEN", nationality="VN", birth_date="1994-05-01"))
    assert dated.hits and dated.hits[0].entry_id == "V2" and dated.hits[0].score > both[0].score


def test_one_disagreement_lowers_but_does_not_veto(hard_screener: Screener) -> None:
    """A year off by one, or a gender written wrong, lowers the score; the rare name still hits."""
    exact = _best(hard_screener, "XAYYAVONG PHONESAVANH", birth_date="1988", gender="M", nationality="LA")
    year_off = _best(hard_screener, "XAYYAVONG PHONESAVANH", birth_date="1989", gender="M", nationality="LA")
    wrong_gender = _best(
        hard_screener, "XAYYAVONG PHONESAVANH", birth_date="1988", gender="F", nationality="LA"
    )
    assert exact is not None and year_off is not None and wrong_gender is not None
    assert exact[0] == year_off[0] == wrong_gender[0] == "L1"
    assert year_off[1] < exact[1] and wrong_gender[1] < exact[1]
