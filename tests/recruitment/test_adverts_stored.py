"""Stored adverts are screened as they are ingested, once per screener version (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine, func, select

from tipnet.ingest.pipeline import ingest_file
from tipnet.recruitment.screen import Screener
from tipnet.recruitment.stored import screen_stored
from tipnet.store.engine import session_scope
from tipnet.store.tables.adverts import AdvertScreening
from tipnet.store.tables.sources import Organisation

ROWS = [
    (
        "AD1",
        "Customer service in Bavet, salary $2,500/month, no experience, free visa, Telegram @fast_jobs88",
        "en",
    ),
    (
        "AD2",
        "Tonle Logistics Co., Ltd. hiring a clerk, USD 320, contract, apply hr@tonlelogistics.com.kh",
        "en",
    ),
    ("AD3", "招聘客服，月薪3万，包机票包签证，无需经验，地点西港，加微信 vx: job8888", "zh"),
]


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "adverts.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "org", "posted_on", "platform", "language", "title", "body"])
        for rid, body, lang in ROWS:
            w.writerow([rid, "KH-NGO-SAFEWORK", "2026-05-01", "Facebook", lang, "", body])
    return path


def test_ingested_adverts_get_one_verdict_per_screener_version(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        s.add(Organisation(code="KH-NGO-SAFEWORK", org_Name="Safe work NGO", org_Type="NGO"))
    report = ingest_file(engine, "adverts", _file(tmp_path), rejects_path=tmp_path / "rej.csv")
    assert report.ok and report.new == 3, (report.rejections, report.warnings)
    screener = Screener()
    assert screen_stored(engine, screener) == 3
    assert screen_stored(engine, screener) == 0  # nothing new
    with session_scope(engine) as s:
        rows = list(s.scalars(select(AdvertScreening).order_by(AdvertScreening.job_advert_id)))
        assert [r.deceptive for r in rows] == [True, False, True]
        assert rows[2].language == "zh" and any(f["code"] == "COMPOUND_HUB" for f in rows[2].flags)
        assert {r.version for r in rows} == {screener.version}
    screener.version = "rules-next"
    assert screen_stored(engine, screener) == 3  # a new screener redoes them, replacing the old rows
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(AdvertScreening)) == 3


def test_tipnet_ingest_screens_new_adverts(tmp_path: Path, data_dir: Path) -> None:
    from typer.testing import CliRunner

    from tipnet.cli import app
    from tipnet.store.engine import make_engine

    orgs = tmp_path / "organisations.csv"
    orgs.write_text(
        "record_id,org,org_Name,org_Type\nKH-NGO-SAFEWORK,KH-NGO-SAFEWORK,Safe work NGO,NGO\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "organisations", str(orgs)]).exit_code == 0
    result = runner.invoke(app, ["ingest", "adverts", str(_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "3 advert(s) screened for deceptive recruitment" in result.output
    again = runner.invoke(app, ["ingest", "adverts", str(_file(tmp_path))])
    assert again.exit_code == 0 and "screened for deceptive recruitment" not in again.output
    engine = make_engine()
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(AdvertScreening)) == 3
    engine.dispose()
