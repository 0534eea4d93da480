"""Report figures count what the store holds, and the HTML carries no personal data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tests.report.fixtures import fill_store

from tipnet.report.figures import age_at, age_band, gather
from tipnet.report.render import write_report


def test_age_bands() -> None:
    assert age_band(age_at(2009, date(2026, 1, 10))) == "12-17"
    assert age_band(age_at(1995, date(2026, 1, 10))) == "26-35"
    assert age_band(age_at(None, date(2026, 1, 1))) == "unknown"
    assert age_band(0) == "0-11" and age_band(51) == "51+"


def test_figures_from_ingested_files(tmp_path: Path, sqlite_engine: Engine) -> None:
    fill_store(sqlite_engine, tmp_path)
    with Session(sqlite_engine) as session:
        f = gather(session)
    assert f.victims == 2 and f.children == 1
    assert f.victims_by_nationality == {"KHM": 1, "VNM": 1}
    assert f.victims_by_exploitation == {"Forced labour": 1, "Sexual exploitation": 1}
    assert f.suspects == 1 and f.verdicts == {"Convicted": 1}
    assert f.crossings == 5 and f.mrz_checks == {"valid": 4, "failed checks": 1}
    path = write_report(sqlite_engine, tmp_path / "report")
    html = path.read_text(encoding="utf-8")
    for personal in ("Sok Dara", "Nguyen Thi Lan", "Wang Lei", "N1234567", "SOK"):
        assert personal not in html
    assert html.count("<svg") == 9
