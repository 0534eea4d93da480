"""The main job end to end: simulate, ingest, report; a second run changes nothing in the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.store.engine import make_engine
from tipnet.store.tables.adverts import JobAdvert
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Transaction
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import IngestRun
from tipnet.store.tables.watchlists import WatchlistEntry

COUNTED = (Person, CasePerson, BorderCrossing, Transaction, JobAdvert, WatchlistEntry)


def _counts(session: Session) -> dict[str, int | None]:
    return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in COUNTED}


@pytest.mark.slow
def test_demo_runs_end_to_end_and_is_idempotent(data_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--people", "400", "--quiet"])
    assert result.exit_code == 0, result.output
    report = data_dir / "report" / "index.html"
    assert f"report: {report.resolve()}" in result.output
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") >= 9
    assert "Watchlist screening of travellers" in html
    # Listed persons who crossed a border are found by screening every traveller.
    found, listed = re.search(r"(\d+) of (\d+) listed persons who crossed were found", result.output).groups()
    assert int(listed) > 0 and int(found) >= 0.8 * int(listed)
    # Linkage: identities against the simulator's truth, the network picture and its exports.
    precision, recall = re.search(
        r"linkage: .* pairwise precision ([\d.]+), recall ([\d.]+)", result.output
    ).groups()
    assert float(precision) >= 0.97 and float(recall) >= 0.95
    assert "Cross-agency linkage" in html and "The trafficking network" in html
    assert "Statistics: people, not records" in html and "SDG 16.2.2" in html
    assert (data_dir / "report" / "network.graphml").stat().st_size > 0
    assert (data_dir / "report" / "network.ftm.json").stat().st_size > 0
    # Finance: the typologies in a simulated bank book, victims found and never suspects.
    fin = re.search(
        r"finance: (\d+) alerts .* victims found ([\d.]+), reported as suspects (\d+)", result.output
    )
    assert fin and int(fin.group(1)) > 0 and float(fin.group(2)) >= 0.8 and fin.group(3) == "0"
    assert "Financial intelligence" in html and "Alerts per typology" in html
    # Sharing: two installs exchange a bundle; the receiver's purge empties it (counts only).
    sent, imported, purged = map(
        int,
        re.search(r"sharing: (\d+) record\(s\) sent, (\d+) imported, (\d+) purged", result.output).groups(),
    )
    assert sent == imported == purged > 0 and "Sharing with partners across borders" in html
    # Adverts: screened as ingested, with verdicts against the truth and a section of the report.
    screened, called = map(
        int, re.search(r"adverts: (\d+) screened, (\d+) called deceptive", result.output).groups()
    )
    assert screened > 0 and called > 0
    assert "Deceptive recruitment: job adverts" in html

    engine = make_engine(f"sqlite:///{data_dir / 'tipnet.db'}")
    with Session(engine) as session:
        counts = _counts(session)
        runs = session.scalars(select(IngestRun)).all()
    assert all(n and n > 0 for n in counts.values()), counts
    assert all(run.rows_rejected == 0 for run in runs), [(r.source_type, r.rows_rejected) for r in runs]
    # The report carries aggregates only: no name of any simulated person.
    with Session(engine) as session:
        names = session.scalars(select(Person.full_name).where(Person.full_name.is_not(None)).limit(50)).all()
    assert names and not any(name in html for name in names if len(name) > 6)

    again = runner.invoke(app, ["demo", "--people", "400", "--quiet"])
    assert again.exit_code == 0, again.output
    with Session(engine) as session:
        after = _counts(session)
        last_runs = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(len(runs))).all()
    assert after == counts
    assert all(run.rows_new == 0 and run.rows_updated == 0 for run in last_runs)
    engine.dispose()
