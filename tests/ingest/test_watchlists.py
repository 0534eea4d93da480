"""Watchlists load from CSV and FollowTheMoney files, and update in place with versions."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.ingest.watchlists import WatchlistUpdate, load_watchlist
from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

HEADER = "id,name,aliases,birth_date,nationality,gender,document_number,topics\n"


def _entries(engine: Engine, name: str) -> dict[str, WatchlistEntry]:
    with Session(engine) as session:
        wl = session.scalars(select(Watchlist).where(Watchlist.name == name)).one()
        return {
            e.entry_id: e
            for e in session.scalars(select(WatchlistEntry).where(WatchlistEntry.watchlist_id == wl.id))
        }


def _load(engine: Engine, name: str, path: Path) -> WatchlistUpdate:
    return load_watchlist(engine, name, path, rejects_path=path.with_suffix(".rejects.csv"))


def test_csv_list_versions_add_change_remove(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "traffickers.csv"
    path.write_text(
        HEADER
        + "T1,Chen Wei,陈伟;Tan Wei,1980,CN,male,E1234-5678,crime.traffick.human\n"
        + "T2,Sok Pisey,សុខ ពិសី,1991-04,KHM,F,,wanted;crime.traffick\n"
        + "T3,Somchai Phrom,,,TH,,,\n",
        encoding="utf-8",
    )
    first = _load(engine, "traffickers", path)
    assert (first.new, first.version, first.rejected) == (3, 1, 0)
    entries = _entries(engine, "traffickers")
    assert entries["T1"].aliases == ["陈伟", "Tan Wei"]
    assert entries["T1"].document_number == "E12345678"
    assert entries["T1"].nationality == "CHN" and entries["T1"].gender == "Masculine"
    assert entries["T2"].birth_date == "1991-04" and entries["T2"].topics == ["wanted", "crime.traffick"]

    assert _load(engine, "traffickers", path).version == 1  # nothing changed, no new version

    path.write_text(
        HEADER
        + "T1,Chen Wei,陈伟;Tan Wei;Chan Wai,1980,CN,male,E1234-5678,crime.traffick.human\n"
        + "T2,Sok Pisey,,1991-13,KHM,F,,wanted\n"  # bad date: rejected, stored entry kept
        + "T4,Nguyen Van Hung,Nguyễn Văn Hùng,1975,VN,M,,crime.traffick\n",
        encoding="utf-8",
    )
    second = _load(engine, "traffickers", path)
    assert (second.new, second.updated, second.removed, second.rejected, second.version) == (1, 1, 1, 1, 2)
    entries = _entries(engine, "traffickers")
    assert set(entries) == {"T1", "T2", "T4"}
    assert entries["T1"].changed_in_version == 2 and entries["T1"].added_in_version == 1
    assert entries["T2"].birth_date == "1991-04"


def test_broken_rows_block_removals(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "wanted.csv"
    path.write_text(HEADER + "W1,Ly Sovann,,,,,,\nW2,Keo Sophal,,,,,,\n", encoding="utf-8")
    _load(engine, "wanted", path)
    path.write_text(HEADER + "W1,Ly Sovann,,,,,,\n,Nameless,,,,,,\n", encoding="utf-8")
    report = _load(engine, "wanted", path)
    assert report.removals_skipped and report.removed == 0
    assert set(_entries(engine, "wanted")) == {"W1", "W2"}


def test_followthemoney_entities(engine: Engine, tmp_path: Path) -> None:
    entities = [
        {"id": "os-1", "schema": "Person", "properties": {
            "name": ["Zhao Wei"], "alias": ["赵伟", "Chiu Wai"], "birthDate": ["1972-05-03"],
            "nationality": ["cn"], "gender": ["male"], "passportNumber": ["G12345678"],
            "topics": ["sanction", "crime.traffick.human"]}},
        {"id": "os-2", "schema": "Company", "properties": {"name": ["Kings Romans Casino"]}},
        {"id": "os-3", "schema": "Person", "properties": {"alias": ["no name"]}},
        {"id": "os-4", "schema": "Spaceship", "properties": {"name": ["x"]}},
    ]  # fmt: skip
    path = tmp_path / "opensanctions.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n", encoding="utf-8")
    report = _load(engine, "sanctions", path)
    assert (report.new, report.skipped, report.rejected) == (1, 1, 2)
    entry = _entries(engine, "sanctions")["os-1"]
    assert entry.name == "Zhao Wei" and entry.aliases == ["赵伟", "Chiu Wai"]
    assert (entry.birth_date, entry.nationality, entry.gender) == ("1972-05-03", "CHN", "Masculine")
    assert entry.document_number == "G12345678"
    assert entry.topics == ["sanction", "crime.traffick.human"]
