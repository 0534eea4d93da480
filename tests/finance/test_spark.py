"""The typologies on Spark (local mode) give the alerts DuckDB gives, byte for byte, from the same SQL.

One Spark session serves the module (starting the JVM is most of the cost). The translation of the
DuckDB-only forms is tested on its own first (no Spark needed).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tipnet.finance.detect import detect, write_alerts, write_dismissed
from tipnet.finance.load import load
from tipnet.finance.spark import _statements, detect_on_spark, start_session, to_spark
from tipnet.finance.typologies import TYPOLOGIES
from tipnet.sim.finance import simulate_finance

needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java (make installs default-jre-headless)"
)


def test_duckdb_only_forms_are_rewritten_and_string_literals_left_alone() -> None:
    sql = to_spark(
        "SELECT n0(100 * x) || ' 1.5; list(a) [b] QUALIFY', list(DISTINCT ch), unnest([a, b]), "
        "date_diff('day', s.opened, CAST(t.ts AS DATE)), count(*) FILTER (WHERE ok) OVER (PARTITION BY d), "
        "CAST(a AS VARCHAR), 7 // 2, 0.8 * u, round(v, 1 - CAST(floor(log10(v)) AS INTEGER)) "
        "FROM t -- a comment\nWHERE y QUALIFY row_number() OVER (PARTITION BY k ORDER BY ts) = 1"
    )
    assert "' 1.5; list(a) [b] QUALIFY'" in sql  # the literal untouched
    assert "CAST(round(100 * x) AS BIGINT)" in sql
    assert "collect_set(ch)" in sql and "explode(array(a, b))" in sql
    assert "datediff(CAST(t.ts AS DATE), s.opened)" in sql
    assert "count(CASE WHEN ok THEN 1 END) OVER" in sql
    assert "AS STRING" in sql and "7  div  2" in sql and "0.8D * u" in sql
    assert "pow(10D, -(1 - CAST(floor(log10(v)) AS INTEGER)))" in sql and "comment" not in sql
    assert sql.startswith("SELECT * FROM (SELECT") and sql.endswith("__q WHERE __qn = 1")
    assert "row_number() OVER (PARTITION BY k ORDER BY ts) AS __qn FROM t" in sql


def test_a_script_splits_on_line_ending_semicolons_only() -> None:
    script = (
        "INSERT INTO a SELECT 'x; y' || 'Sources: A; B.';\n-- a person's note; here\nDELETE FROM a WHERE z;\n"
        "SELECT 1 -- it's\nFROM b WHERE c = '--x';\n"
    )
    assert _statements(script) == [
        "INSERT INTO a SELECT 'x; y' || 'Sources: A; B.'",
        "DELETE FROM a WHERE z",
        "SELECT 1 \nFROM b WHERE c = '--x'",
    ]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = start_session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark-book")
    simulate_finance(out, accounts=3000, seed=5)
    return out


def _files(folder: Path) -> dict[str, str]:
    return {
        n: (folder / n).read_text(encoding="utf-8") for n in ("alerts.csv", "alerts.json", "evidence.csv")
    }


@pytest.mark.spark
@pytest.mark.slow
@needs_java
def test_spark_and_duckdb_give_the_same_alerts(spark: Any, book: Path, tmp_path: Path) -> None:
    def loaded() -> Any:
        return load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")

    on_duckdb = loaded()
    detect(on_duckdb.con)
    write_alerts(on_duckdb.con, tmp_path / "duckdb")
    on_spark = loaded()
    result = detect_on_spark(on_spark.con, spark=spark)
    write_alerts(on_spark.con, tmp_path / "spark")
    assert set(result.per_typology) == set(TYPOLOGIES)  # every typology found something to compare
    a, b = _files(tmp_path / "duckdb"), _files(tmp_path / "spark")
    for name in a:
        assert a[name] == b[name], name
    # the explained-away look-alikes too (what an analyst tunes against)
    write_dismissed(on_duckdb.con, tmp_path / "duckdb" / "dismissed.csv")
    write_dismissed(on_spark.con, tmp_path / "spark" / "dismissed.csv")
    da = {tuple(r.split(",")[:2]) for r in (tmp_path / "duckdb" / "dismissed.csv").read_text().splitlines()}
    db = {tuple(r.split(",")[:2]) for r in (tmp_path / "spark" / "dismissed.csv").read_text().splitlines()}
    assert da == db
    assert spark.catalog.listTables() == [] or not any(
        t.name == "finding" for t in spark.catalog.listTables()
    )


@pytest.mark.spark
@pytest.mark.slow
@needs_java
def test_the_command_runs_on_spark(spark: Any, book: Path, tmp_path: Path) -> None:
    from tipnet.cli import app

    out = tmp_path / "out"
    args = ["finance", "detect", "--accounts", str(book / "accounts.csv"), "--transactions"]
    args += [str(book / "transactions.csv"), "--rates", str(book / "rates.csv"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--engine", "spark", "--typology", "structuring"])
    assert result.exit_code == 0, result.output
    rows = (out / "alerts.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1 and all(",structuring," in r for r in rows[1:])
    bad = CliRunner().invoke(app, [*args, "--engine", "flink"])
    assert bad.exit_code == 2 and "unknown engine" in bad.output


@pytest.mark.spark
@pytest.mark.slow
@needs_java
def test_spark_reads_what_finance_ingest_kept(
    spark: Any, book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipnet.cli import app
    from tipnet.settings import get_settings

    monkeypatch.setenv("TIPNET_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        files = [
            str(book / "accounts.csv"),
            str(book / "transactions.csv"),
            "--rates",
            str(book / "rates.csv"),
        ]
        assert CliRunner().invoke(app, ["finance", "ingest", *files]).exit_code == 0
        cmd = ["finance", "detect", "--typology", "recruitment_fees", "--out"]
        on_duckdb = CliRunner().invoke(app, [*cmd, str(tmp_path / "d")])
        on_spark = CliRunner().invoke(app, [*cmd, str(tmp_path / "s"), "--engine", "spark"])
        assert on_duckdb.exit_code == 0 and on_spark.exit_code == 0, on_spark.output
        a = (tmp_path / "d" / "alerts.csv").read_text(encoding="utf-8")
        assert a.count("\n") > 1 and a == (tmp_path / "s" / "alerts.csv").read_text(encoding="utf-8")
    finally:
        get_settings.cache_clear()


def test_every_statement_of_every_typology_is_one_spark_runs(book: Path) -> None:
    """Without Spark: each statement the typologies send is a form `SparkSql` knows and translates."""
    import importlib

    from tipnet.finance import spark as s
    from tipnet.finance.typologies import Params, prepare

    loaded = load(book / "accounts.csv", book / "transactions.csv", rates=book / "rates.csv")
    unknown: list[str] = []

    class Checked:
        def execute(self, query: str) -> object:
            for st in _statements(query):
                kinds = (s._MACRO, s._CREATE_AS, s._CREATE, s._INSERT, s._DELETE)
                if not any(k.match(st) for k in kinds):
                    unknown.append(st[:80])
                for k in (s._CREATE_AS, s._INSERT):
                    if m := k.match(st):
                        assert "QUALIFY" not in to_spark(m.group(2)).upper().split("'")[0]
            return loaded.con.execute(query)

        def sql(self, query: str) -> Any:
            to_spark(query)
            return loaded.con.sql(query)

        def executemany(self, query: str, parameters: Any) -> object:
            return loaded.con.executemany(query, parameters)

    checked = Checked()
    prepare(checked)
    for name in TYPOLOGIES:
        importlib.import_module(f"tipnet.finance.typologies.{name}").run(checked, Params())
    assert unknown == []
