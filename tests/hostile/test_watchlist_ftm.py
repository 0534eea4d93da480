"""A FollowTheMoney Person keeps every nationality and every document, not the first: a traveller
matching on the second passport or second nationality is found (files and the store)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from tipnet.ingest.watchlists import load_watchlist
from tipnet.matching.record import make_record
from tipnet.screening.entries import entries_from_file, entries_from_store
from tipnet.screening.index import ScreeningIndex
from tipnet.screening.screen import Screener

ENTITY = {
    "id": "os-9",
    "schema": "Person",
    "properties": {
        "name": ["Zhao Min"],
        "nationality": ["cn", "kh"],
        "citizenship": ["th"],
        "passportNumber": ["E11111111", "K22222222"],
        "idNumber": ["ID3333333"],
        "birthDate": ["1975-06-01"],
    },
}


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "sanctions.jsonl"
    path.write_text(json.dumps(ENTITY) + "\n", encoding="utf-8")
    return path


def _check(record) -> None:  # type: ignore[no-untyped-def]
    assert set(record.nationalities) == {"CHN", "KHM", "THA"}
    assert set(record.documents) >= {"E11111111", "K22222222", "ID3333333"}


def test_from_a_file(tmp_path: Path) -> None:
    entries, problems = entries_from_file(_write(tmp_path))
    assert problems == [] and len(entries) == 1
    _check(entries[0].record)


def test_through_the_store(engine: Engine, tmp_path: Path) -> None:
    load_watchlist(engine, "sanctions", _write(tmp_path), rejects_path=tmp_path / "r.csv")
    [(_info, entries)] = entries_from_store(engine)
    _check(entries[0].record)
    # A traveller on the second passport and the third nationality is found.
    screener = Screener(ScreeningIndex.build(entries_from_store(engine)))
    hits = screener.screen(make_record("Zhao Min", nationality="TH", document_number="K22222222")).hits
    assert hits and hits[0].entry_id == "os-9"
