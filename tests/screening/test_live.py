"""The live index follows list updates (add, change, remove) without rebuilding its base."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tipnet.matching.record import make_record
from tipnet.screening.index import ScreeningIndex, entries_from_store
from tipnet.screening.live import LiveIndex, update_from_store
from tipnet.screening.screen import Screener
from tipnet.screening.watchlists import load_watchlist

from .lists import LIST_CSV


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
