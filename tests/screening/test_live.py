"""The live index follows list updates (add, change, remove) without rebuilding its base."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tipnet.ingest.watchlists import load_watchlist
from tipnet.matching.record import make_record
from tipnet.screening.entries import entries_from_store
from tipnet.screening.index import ListInfo, ScreeningIndex
from tipnet.screening.live import LiveIndex, update_from_store
from tipnet.screening.screen import Screener
from tipnet.store.tables.people import Person

from .lists import LIST_CSV

KEY = b"k" * 32  # the index integrity key (a keyring's screening_index_key)


def _ids(screener: Screener, name: str, **kw: str) -> list[str]:
    return [h.entry_id for h in screener.screen(make_record(name, **kw)).hits]


def test_updates_from_the_store(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "traffickers.csv"
    path.write_text(LIST_CSV, encoding="utf-8")
    load_watchlist(engine, "traffickers", path, rejects_path=tmp_path / "r.csv")
    base = ScreeningIndex.build(entries_from_store(engine))
    live = LiveIndex(base)
    screener = Screener(live)
    assert _ids(screener, "Maria Santos", birth_date="1970") == ["T5"]

    # v2: T5 removed, T3 changed (new birth date), T6 added.
    lines = LIST_CSV.splitlines()
    lines = [ln for ln in lines if not ln.startswith("T5,")]
    lines = [ln.replace("1975-02-11", "1961-07-07") if ln.startswith("T3,") else ln for ln in lines]
    lines.append("T6,Sok Pisey,សុខ ពិសី,1993,KH,F,,wanted")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_watchlist(engine, "traffickers", path, rejects_path=tmp_path / "r.csv")
    assert update_from_store(engine, live) == {"traffickers": (2, 1)}
    assert {li.name: li.version for li in screener.index.lists} == {"traffickers": "2"}
    assert _ids(screener, "Maria Santos", birth_date="1970") == []
    assert _ids(screener, "ពិសី សុខ", birth_date="1993") == ["T6"]
    assert _ids(screener, "Somchai Phrom", birth_date="1961-07-07") == ["T3"]
    assert _ids(screener, "Somchai Phrom", birth_date="1975-02-11") == []  # the old version is gone
    assert _ids(screener, "Chen Wei", birth_date="1980") == ["T1"]  # untouched entries stay
    assert len(live) == 5 and update_from_store(engine, live) == {}


def _police(engine: Engine, folder: Path, rows: list[dict[str, str]]) -> None:
    from tests.report.fixtures import _write

    from tipnet.ingest.pipeline import ingest_file
    from tipnet.sources import POLICE

    path = _write(folder / "police-2.csv", POLICE.columns, rows)
    report = ingest_file(engine, "police", path, rejects_path=folder / "police-2.rejects.csv")
    assert report.ok, report.rejections


def test_case_suspects_follow_the_cases(engine: Engine, tmp_path: Path) -> None:
    """New and changed suspects come in as a new version of the case-suspects list, unchanged ones
    are not prepared again, and a person who is no longer a suspect leaves the list."""
    from tests.report.fixtures import fill_store

    from tipnet.screening.entries import SUSPECTS_LIST
    from tipnet.screening.live import live_from_store

    fill_store(engine, tmp_path)
    live = live_from_store(engine)
    screener = Screener(live)
    version = {li.name: li.version for li in live.lists}[SUSPECTS_LIST]
    wang = _ids(screener, "Wang Lei", nationality="CN")
    assert len(wang) == 1 and update_from_store(engine, live) == {}

    with Session(engine) as session:  # changed: a birth date is now known
        session.get(Person, int(wang[0].removeprefix("person-"))).prs_Birthdate = "1975"
        session.commit()
    base = {"org": "KH-AHTJP", "case_ref": "C1", "report_date": "2026-01-10", "role": "Suspect"}
    _police(engine, tmp_path, [
        {**base, "record_id": "4", "full_name": "Li Qiang", "birth_date": "1980", "gender": "Masculine",
         "nationality": "CHN"},  # new
    ])  # fmt: skip
    assert update_from_store(engine, live) == {SUSPECTS_LIST: (2, 0)}
    assert {li.name: li.version for li in live.lists}[SUSPECTS_LIST] != version
    assert len(_ids(screener, "李强", birth_date="1980")) == 1
    hit = screener.screen(make_record("Wang Lei", birth_date="1975", nationality="CN")).hits[0]
    assert [hit.entry_id] == wang and any(
        e["feature"] == "birth_date" and e["level"] == "same_year" for e in hit.explanation
    )
    assert update_from_store(engine, live) == {}  # nothing changed: nothing prepared again
    assert len(live) == 2


def test_suspects_of_a_loaded_index_are_brought_up_to_date(engine: Engine, tmp_path: Path) -> None:
    """A base saved earlier (no fingerprints kept) is brought in line by its first update."""
    from tests.report.fixtures import fill_store

    from tipnet.screening.entries import SUSPECTS_LIST, entries_from_suspects

    fill_store(engine, tmp_path)
    old_info, _old = entries_from_suspects(engine)
    ScreeningIndex.build([(old_info, [])]).save(tmp_path / "ix.idx", KEY)  # saved when there were none
    live = LiveIndex(ScreeningIndex.load(tmp_path / "ix.idx", KEY))
    live.update(ListInfo(SUSPECTS_LIST, "old"), [], [])
    assert _ids(Screener(live), "Wang Lei", nationality="CN") == []
    assert update_from_store(engine, live) == {SUSPECTS_LIST: (1, 0)}
    assert len(_ids(Screener(live), "Wang Lei", nationality="CN")) == 1
