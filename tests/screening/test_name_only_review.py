"""Issue 13, session 10: a traveller whose passport gives a birth date, against a list entry that has
none, shares only a name with it: the listed person or a namesake. Such a hit is a possible match for
review (`Result.review`, scored at most NAME_ONLY_CAP, below the default threshold), not an alarm; an
entry whose birth date or document agrees still raises one. A search by name alone (no birth date in
the query) still ranks by name."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.identity.mrz.compose import compose_td3
from tipnet.matching.features import CAP_BAND
from tipnet.matching.record import make_record
from tipnet.screening.api import create_screening_app
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.log import record_screening
from tipnet.screening.screen import NAME_ONLY_CAP, Screener
from tipnet.store.tables.watchlists import WatchlistScreening

# A small list: the entry of interest and others to give the words their frequencies.
OTHERS = [("Sok Dara", "1990"), ("Chan Sophal", "1985-02-01"), ("Nguyen Van Hung", None),
          ("Aung Kyaw", "1979"), ("Wang Wei", "1992-07-14"), ("Siti Aminah", None)]  # fmt: skip


def _screener(birth_date: str | None, document: str | None = None) -> Screener:
    entries = [
        ListEntry(f"o{i}", make_record(name, birth_date=birth, nationality="KH"))
        for i, (name, birth) in enumerate(OTHERS)
    ]
    target = make_record(
        "Phommachanh Souliya", birth_date=birth_date, nationality="LA", gender="F", document_number=document
    )
    entries.append(ListEntry("target", target))
    return Screener(ScreeningIndex.build([(ListInfo("wl", "1"), entries)]))


TRAVELLER = make_record(
    "SOULIYA PHOMMACHANH", birth_date="1996-04-12", nationality="LAO", gender="F", document_number="P1234567"
)


def test_an_undated_entry_and_a_dated_traveller_sharing_a_name_go_to_review() -> None:
    screener = _screener(None)
    result = screener.screen(TRAVELLER)
    assert [h.entry_id for h in result.hits] == []
    [possible] = [h for h in result.review if h.entry_id == "target"]
    assert NAME_ONLY_CAP - CAP_BAND < possible.score <= NAME_ONLY_CAP < screener.threshold
    assert any(e["feature"] == "corroboration" and e["level"] == "name_only" for e in possible.explanation)


def test_capped_pairs_keep_their_order_in_the_review_list() -> None:
    """Two undated entries sharing only a name with dated travellers: the pair the uncapped score put
    higher (a rarer name, a closer spelling) stays ahead in the review list, inside the cap's band."""
    screener = _screener(None)
    uncapped = Screener(screener.index, name_only_cap=None)
    travellers = [
        TRAVELLER,
        make_record("SOULYA PHOMMACHANH", birth_date="1996-04-12", nationality="LAO", gender="F"),
    ]
    free = [uncapped.screen(t).hits[0].score for t in travellers]
    kept = [next(h.score for h in screener.screen(t).review if h.entry_id == "target") for t in travellers]
    assert free[0] > free[1] > NAME_ONLY_CAP
    assert NAME_ONLY_CAP >= kept[0] > kept[1] > NAME_ONLY_CAP - CAP_BAND


def test_without_the_cap_the_same_pair_would_alarm() -> None:
    screener = _screener(None)
    uncapped = Screener(screener.index, name_only_cap=None)
    assert [h.entry_id for h in uncapped.screen(TRAVELLER).hits] == ["target"]


def test_an_agreeing_birth_date_or_document_raises_the_alarm() -> None:
    for screener in (_screener("1996-04-12"), _screener("1996"), _screener(None, document="P1234567")):
        result = screener.screen(TRAVELLER)
        assert [h.entry_id for h in result.hits] == ["target"]
        assert result.hits[0].score > NAME_ONLY_CAP


def test_a_birth_date_that_disagrees_is_no_alarm_either() -> None:
    result = _screener("1971-11-30").screen(TRAVELLER)
    assert result.hits == []


def test_a_search_by_name_alone_still_ranks_by_name() -> None:
    """No birth date in the query: the person asking gave only a name, and the name's hit stands."""
    query = make_record("Souliya Phommachanh", nationality="LA")
    assert [h.entry_id for h in _screener(None).screen(query).hits] == ["target"]


def test_the_review_band_is_logged_after_the_hits_and_served_by_the_api(engine: Engine) -> None:
    """What the officer is shown is logged: the possible match is a row ranked after the hits, scored
    below the screening's threshold; the hit count counts hits only. The API returns it as `review`,
    for a single traveller and at the border (MRZ)."""
    screener = _screener(None)
    result = screener.screen(TRAVELLER)
    sid = record_screening(engine, TRAVELLER, result, actor="officer-1", channel="api")
    with Session(engine) as s:
        row = s.scalars(select(WatchlistScreening).where(WatchlistScreening.id == sid)).one()
        assert row.hit_count == 0
        assert [(h.rank, h.entry_id, h.score) for h in row.hits][:1] == [
            (1, "target", result.review[0].score)
        ]
        assert all(h.score < row.threshold for h in row.hits)
    client = TestClient(create_screening_app(screener, engine), raise_server_exceptions=False)
    body = client.post(
        "/screen",
        json={"id": "T", "name": "SOULIYA PHOMMACHANH", "birth_date": "1996-04-12", "nationality": "LA"},
    ).json()
    assert body["hits"] == [] and body["review"][0]["entry_id"] == "target"
    assert body["review"][0]["explanation"][-1]["level"] == "name_only"
    lines = compose_td3(
        issuing_state="LAO", surname="PHOMMACHANH", given_names="SOULIYA", document_number="P1234567",
        nationality="LAO", birth_date=date(1996, 4, 12), sex="F", expiry_date=date(2031, 1, 1),
    )  # fmt: skip
    mrz = client.post("/screen/mrz", json={"mrz": "\n".join(lines)}).json()
    assert mrz["hits"] == [] and [h["entry_id"] for h in mrz["review"]][:1] == ["target"]
