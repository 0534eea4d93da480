"""Statistics from the store (SQLite and PostgreSQL) equal the same tables recomputed from the
simulator's folder alone (tests/stats/truth_tables.py): people counted once per year by identity,
records beside them, every breakdown."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.stats.truth_tables import persons_by_year, true_victims, victim_rows
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.demo.statistics import statistics_section
from tipnet.ingest.folder import ingest_folder
from tipnet.linkage.store_link import run_link
from tipnet.settings import get_settings
from tipnet.sim import simulate
from tipnet.stats import tables
from tipnet.stats.export import rows_as_dicts, tables_csv, to_xlsx
from tipnet.stats.service import compute, facts, load_population
from tipnet.stats.tables import MICRODATA_QUASI
from tipnet.store.tables.linkage import IdentityMember, ResolvedIdentity
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation, SourceRecord


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sim")
    simulate(root, people=900, seed=3)
    return root


def _truth_identities(engine: Engine, root: Path) -> None:
    """Resolve every person record to its true person, as a perfect linkage would."""

    with (root / "truth" / "records.csv").open(newline="", encoding="utf-8") as fh:
        truth = {(r["source_type"], r["org"], r["record_id"]): r["person_id"] for r in csv.DictReader(fh)}
    with Session(engine) as s, s.begin():
        rows = s.execute(
            select(Person.id, SourceRecord.source_type, Organisation.code, SourceRecord.record_id)
            .join(SourceRecord, SourceRecord.id == Person.source_record_id)
            .join(Organisation, Organisation.id == SourceRecord.org_id)
        ).all()
        members: dict[str, list[int]] = {}
        for pid, st, org, rid in rows:
            members.setdefault(truth[(st, org, rid)], []).append(pid)
        for tid, pids in members.items():
            s.add(ResolvedIdentity(id=tid, members=len(pids)))
        s.flush()
        for tid, pids in members.items():
            for pid in pids:
                s.add(IdentityMember(uid=f"person:{pid}", person_id=pid, identity_id=tid, dataset="store"))


def _table(f, by):  # type: ignore[no-untyped-def]
    return {tuple(str(r[b]) for b in by): r["persons"] for r in rows_as_dicts(tables.victims(f.victims, by))}


@pytest.mark.slow
def test_tables_equal_truth_recomputation(
    engine: Engine,
    store_url: str,
    scenario: Path,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ingest_folder(engine, scenario, data_dir=data_dir)
    _truth_identities(engine, scenario)
    with Session(engine) as s:
        f = facts(s)
    truth = persons_by_year(scenario)
    assert len(truth) > 20  # enough victims to mean something

    # people, not records: once per person and year, records beside
    pvr = rows_as_dicts(tables.people_vs_records(f.victims))
    assert {r["year"]: r["victims (persons)"] for r in pvr} == dict(Counter(y for _, y in truth))
    records: Counter[int] = Counter()
    for (_, y), v in truth.items():
        records[y] += int(str(v["records"]))
    assert {r["year"]: r["victim records"] for r in pvr} == dict(records)
    assert any(r["records of people already counted"] > 0 for r in pvr)  # the scenario double-records
    dated = {person for person, _ in truth}
    assert {p.identity for p in f.victims} == dated  # counts by identity = the truth's distinct victims
    undated = {str(v["person"]) for v in victim_rows(scenario) if v["opened"] is None}
    assert f.undated_victim_records == sum(1 for v in victim_rows(scenario) if v["opened"] is None)
    assert not undated & dated or f.undated_victim_records > 0
    assert dated & true_victims(scenario)

    for by in ("sex", "nationality", "child"):
        want: Counter[tuple[str, str]] = Counter()
        for (_, y), v in truth.items():
            want[(str(y), str(v[by]))] += 1
        got = {k: n for k, n in _table(f, ["year", by]).items() if k[0] != "total"}
        assert got == dict(want), by
    want_forms: Counter[tuple[str, str]] = Counter()
    for (_, y), v in truth.items():
        for form in v["forms"]:  # type: ignore[attr-defined]
            want_forms[(str(y), form)] += 1
    got_forms = {k: n for k, n in _table(f, ["year", "exploitation"]).items() if k[0] != "total"}
    assert got_forms == dict(want_forms)

    # the GLOTIP layout: girls, boys, women, men per year and form
    want_glotip: Counter[tuple[str, str, str]] = Counter()
    for (_, y), v in truth.items():
        sex, child = str(v["sex"]), str(v["child"])
        group = (
            ("girls" if sex == "Feminine" else "boys")
            if child == "child" and sex in ("Feminine", "Masculine")
            else ("women" if sex == "Feminine" else "men")
            if child == "adult" and sex in ("Feminine", "Masculine")
            else "sex or age not recorded"
        )
        for form in v["forms"]:  # type: ignore[attr-defined]
            want_glotip[(str(y), form, group)] += 1
    glotip = tables.glotip_victims(f.victims)
    got_glotip = {
        (r[0], r[1], g): n
        for r in glotip.rows
        for g, n in zip(glotip.columns[2:-1], r[2:-1], strict=True)
        if n
    }
    assert got_glotip == dict(want_glotip)

    # every table of the report computes, and exports to CSV and XLSX
    ts = compute(f, population=load_population())
    assert any(t.name.startswith("SDG 16.2.2") for t in ts)
    tables_csv(ts, tmp_path / "stats.csv")
    to_xlsx(ts, tmp_path / "stats.xlsx")
    assert "people, not records" in (tmp_path / "stats.csv").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    assert len(load_workbook(tmp_path / "stats.xlsx").sheetnames) == len(ts)

    # the report's section: people per year as in the truth, small cells of victim tables hidden
    section, counts = statistics_section(engine)
    assert counts["victims_persons"] == len({p for p, _ in truth})
    assert "people, not records" in section.html and "&lt;5*" in section.html

    # the CLI's exports pass through the small-cell rule by default
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    out = tmp_path / "by-sex.csv"
    micro = tmp_path / "microdata.csv"
    res = CliRunner().invoke(
        app, ["stats", "--by", "year,sex", "--csv", str(out), "--microdata", str(micro), "--k", "5"]
    )
    assert res.exit_code == 0, res.output
    with micro.open(newline="", encoding="utf-8") as fh:
        released = list(csv.DictReader(fh))
    sizes = Counter(tuple(r[c] for c in MICRODATA_QUASI) for r in released)
    assert released and min(sizes.values()) >= 5 and len(released) <= len(truth)
    assert not {"identity", "record", "name"} & set(released[0])
    with out.open(newline="", encoding="utf-8") as fh:
        cells = [r[2] for r in csv.reader(fh) if len(r) == 5 and r[0] not in ("year", "total")]
    assert cells and "<5*" in cells
    assert all(c == "<5*" or int(c) >= 5 or int(c) == 0 for c in cells)

    # a framework's indicators from the same store: computed values equal the truth's people
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "indicators_example.yaml"
    years = sorted({y for _, y in truth})
    res = CliRunner().invoke(
        app, ["indicators", str(example), "--json", *(a for y in years for a in ("--year", str(y)))]
    )
    assert res.exit_code == 0, res.output
    (table,) = json.loads(res.output)
    got = {(r[0], r[2]): r[3] for r in table["rows"]}
    assert all(got[("E1", y)] == sum(1 for _, yy in truth if yy == y) for y in years)
    assert all(got[("E3", y)] == "not recorded" for y in years)


@pytest.mark.slow
def test_linkage_identities_count_close_to_truth(engine: Engine, scenario: Path, data_dir: Path) -> None:
    """With the real linkage (not the truth), people counted per year are within 10% of the truth's
    distinct victims and never the per-record count's overcount."""
    ingest_folder(engine, scenario, data_dir=data_dir)
    run_link(engine, actor="tester", reason="statistics test")
    with Session(engine) as s:
        f = facts(s)
    truth = Counter(y for _, y in persons_by_year(scenario))
    got = Counter(p.year for p in f.victims)
    records = Counter({p.year: 0 for p in f.victims})
    for p in f.victims:
        records[p.year] += p.records
    assert set(got) == set(truth)
    total_truth, total_got = sum(truth.values()), sum(got.values())
    assert abs(total_got - total_truth) <= max(1, total_truth // 10), (got, truth)
    assert sum(records.values()) > total_truth  # the per-record count overcounts; identities fix most
    assert abs(total_got - total_truth) < sum(records.values()) - total_truth


def test_prevention_counts_read_dates_and_times_raw(engine: Engine) -> None:
    """The store is read through the driver's cursor: SQLite hands dates and date-times over as
    text, PostgreSQL as objects; both count in the right year, and changes not yet flushed count."""
    from datetime import date, datetime

    from tipnet.stats.store_facts import prevention_counts
    from tipnet.store.tables.adverts import JobAdvert
    from tipnet.store.tables.hotline import HotlineReport

    with Session(engine) as s:
        org = Organisation(code="KH-HOT", org_Name="Hotline")
        s.add(org)
        s.flush()
        src = SourceRecord(source_type="hotline", org_id=org.id, record_id="r1", content_hash="x")
        s.add(src)
        s.flush()
        for when in (
            datetime(2024, 12, 31, 23, 59, 59, 5),
            datetime(2025, 1, 1, 0, 0),
            datetime(2025, 6, 1, 8),
        ):
            s.add(HotlineReport(source_record_id=src.id, received_at=when, narrative="n/a"))
        s.add(JobAdvert(source_record_id=src.id, posted_on=date(2025, 2, 28), body="job"))
        assert prevention_counts(s) == {
            2024: {"hotline reports": 1, "adverts collected": 0},
            2025: {"hotline reports": 2, "adverts collected": 1},
        }
