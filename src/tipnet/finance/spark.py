"""The typologies on Apache Spark, for a bank book that outgrows one machine: the same SQL, not a copy.

Each typology module is written once, as DuckDB SQL run through `con.execute` / `con.sql` /
`con.executemany`. `SparkSql` takes those same calls and runs them on a Spark session: it rewrites the few
DuckDB-only forms into Spark SQL (`list` -> `collect_list`, `unnest` -> `explode`, `QUALIFY` -> a filtered
subquery, `date_diff('day', a, b)` -> `datediff(b, a)`, the `n0` macro, decimal literals as doubles, ...),
keeps each `CREATE TEMP TABLE` as a checkpointed view, and turns `INSERT` / `DELETE` into a union / a
filter. The few edges networkx needs (mule components, cycles) are collected to the driver, as on DuckDB.

Only what detection needs goes to Spark: account numbers as integers, holder type and opening date;
transaction row, time, accounts, amounts and channel. No holder name, no id number. The findings (a few
rows per alert) come back to the DuckDB connection, where alerts are grouped and written as on DuckDB, so
`alerts.csv` means the same whichever engine found them.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from tipnet.finance.detect import Detection, group_alerts
from tipnet.finance.typologies import OUTPUT_TABLES, TYPOLOGIES, Params, prepare

ACCOUNT_COLUMNS = ("aid", "holder_type", "opened")
TX_COLUMNS = ("row", "ts", "src", "dst", "amount", "usd", "channel")


class SparkUnavailable(RuntimeError):
    """Spark cannot be started (no pyspark, no Java); the message says what to install."""


def start_session(master: str = "local[2]", *, shuffle_partitions: int | None = None) -> Any:
    """A Spark session for detection: `local[N]` on one machine, `spark://host:7077` on a cluster.

    A session already running in this process (a notebook's, a test's) is reused. Times are UTC, as in
    the checked tables; ANSI mode is off so that arithmetic behaves as in DuckDB (x / 0 is NULL).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise SparkUnavailable("the Spark engine needs pyspark: pip install 'tipnet[spark]'") from exc
    active = _active()
    if active is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable(
            "the Spark engine needs Java 17 or newer (Debian: apt-get install default-jre-headless)"
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    local = master.strip().startswith("local")
    if active is None:
        if local:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            SparkSession.builder.master(master)
            .appName("tipnet-finance")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
        )
        if local:
            cores = re.findall(r"\d+", master)
            parts = shuffle_partitions or 2 * (int(cores[0]) if cores else os.cpu_count() or 2)
            builder = (
                builder.config("spark.sql.shuffle.partitions", str(parts))
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
            )
        elif shuffle_partitions:
            builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        active = builder.getOrCreate()
        active.sparkContext.setLogLevel("ERROR")
    active.conf.set("spark.sql.session.timeZone", "UTC")
    active.conf.set("spark.sql.ansi.enabled", "false")
    return active


def _active() -> Any:
    """The running session of this process, or None."""
    try:
        from pyspark.sql import SparkSession

        return SparkSession.active()
    except Exception:  # ImportError, or PySparkRuntimeError NO_ACTIVE_OR_DEFAULT_SESSION
        return None


# --- DuckDB SQL -> Spark SQL ---------------------------------------------------------------------------

_STRING = re.compile(r"'(?:[^']|'')*'|--[^\n]*")  # a string literal, or a comment (dropped)
_MASK = re.compile(r"\x00(\d+)\x00")


def _mask(sql: str) -> tuple[str, list[str]]:
    """String literals out of the way (placeholders hold no parenthesis, comma or keyword)."""
    strings: list[str] = []

    def keep(m: re.Match[str]) -> str:
        if m.group(0).startswith("--"):
            return ""  # a comment, read in the same pass so that an apostrophe in it opens no string
        strings.append(m.group(0))
        return f"\x00{len(strings) - 1}\x00"

    return _STRING.sub(keep, sql), strings


def _unmask(sql: str, strings: list[str]) -> str:
    return _MASK.sub(lambda m: strings[int(m.group(1))], sql)


def _close(sql: str, start: int) -> int:
    """Index of the parenthesis closing the one at `start`."""
    depth = 0
    for i in range(start, len(sql)):
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced parentheses in: {sql[start : start + 80]}")


def _split_args(text: str) -> list[str]:
    args, depth, last = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[last:i].strip())
            last = i + 1
    args.append(text[last:].strip())
    return args


def _calls(sql: str, name: str, rewrite: Callable[[list[str]], str]) -> str:
    """Rewrite every call `name(args...)` (innermost first, so nested calls are handled)."""
    pattern = re.compile(rf"(?<![\w.]){name}\s*\(", re.IGNORECASE)
    while True:
        found = [m for m in pattern.finditer(sql)]
        if not found:
            return sql
        m = found[-1]  # the last opening is never inside an earlier one's arguments... or is innermost
        open_at = m.end() - 1
        close_at = _close(sql, open_at)
        sql = sql[: m.start()] + rewrite(_split_args(sql[open_at + 1 : close_at])) + sql[close_at + 1 :]


def _round(args: list[str]) -> str:
    if len(args) == 1 or re.fullmatch(r"-?\d+", args[1]):
        return "ROUND_(" + ", ".join(args) + ")"
    # Spark wants a constant scale: round to 10^-scale by hand, as DuckDB does for a negative scale.
    return f"(ROUND_(({args[0]}) / pow(10D, -({args[1]}))) * pow(10D, -({args[1]})))"


def _filter_clause(sql: str) -> str:
    """`agg(x) FILTER (WHERE c)` -> `agg(CASE WHEN c THEN x END)` (Spark has no FILTER on windows)."""
    pattern = re.compile(r"(\b\w+)\s*\(([^()]*)\)\s+FILTER\s*\(\s*WHERE\s+", re.IGNORECASE)
    while m := pattern.search(sql):
        open_at = sql.index("(", m.end(2) + 1)
        close_at = _close(sql, open_at)
        cond = sql[m.end() : close_at]
        arg = "1" if m.group(2).strip() == "*" else m.group(2)
        sql = sql[: m.start()] + f"{m.group(1)}(CASE WHEN {cond} THEN {arg} END)" + sql[close_at + 1 :]
    return sql


def _top_level(sql: str, keyword: str) -> int:
    """Index of `keyword` outside any parenthesis, or -1."""
    depth = 0
    pattern = re.compile(rf"\b{keyword}\b", re.IGNORECASE)
    for i, ch in enumerate(sql):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (
            depth == 0
            and pattern.match(sql, i)
            and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_"))
        ):
            return i
    return -1


def _qualify(sql: str) -> str:
    at = _top_level(sql, "QUALIFY")
    if at < 0:
        return sql
    body, cond = sql[:at], sql[at + len("QUALIFY") :]
    m = re.fullmatch(r"\s*(.*?)\s*=\s*1\s*", cond, re.DOTALL)
    if not m:
        raise ValueError(f"QUALIFY other than `... = 1` is not translated: {cond.strip()[:80]}")
    frm = _top_level(body, "FROM")
    inner = body[:frm].rstrip() + f", {m.group(1)} AS __qn " + body[frm:]
    return f"SELECT * FROM ({inner}) __q WHERE __qn = 1"


def to_spark(sql: str) -> str:
    """One DuckDB SELECT (as the typologies write them) in Spark SQL."""
    text, strings = _mask(sql)
    text = re.sub(r"--[^\n]*", "", text)
    text = re.sub(r"(?<![\w.])(\d+\.\d+)(?![\w.])", r"\1D", text)  # decimals as doubles, as in DuckDB
    text = re.sub(r"\bAS\s+VARCHAR\b", "AS STRING", text, flags=re.IGNORECASE)
    text = text.replace("//", " div ")
    text = _filter_clause(text)
    text = _calls(text, "n0", lambda a: f"CAST(ROUND_({a[0]}) AS BIGINT)")
    text = _calls(text, "round", _round)
    text = text.replace("ROUND_(", "round(")
    text = _calls(text, "date_diff", lambda a: f"datediff({a[2]}, {a[1]})")
    text = _calls(
        text,
        "list_filter",
        lambda a: "filter({}, {})".format(a[0], re.sub(r"^lambda\s+(\w+)\s*:", r"\1 ->", a[1])),
    )
    text = _calls(text, "list_prepend", lambda a: f"concat(array({a[0]}), {a[1]})")
    text = _calls(text, "list_has_any", lambda a: f"arrays_overlap({a[0]}, {a[1]})")
    text = _calls(text, "list_sort", lambda a: f"array_sort({a[0]})")
    text = _calls(text, "array_to_string", lambda a: f"array_join({a[0]}, {a[1]})")
    text = re.sub(r"\blist\s*\(\s*DISTINCT\s+", "collect_set(", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<![\w.])list\s*\(", "collect_list(", text)
    text = re.sub(r"(?<![\w.])unnest\s*\(", "explode(", text)
    text = re.sub(r"\[([^\[\]]*)\]", r"array(\1)", text)
    text = _qualify(text)
    return _unmask(text, strings)


# --- the connection-like adapter --------------------------------------------------------------------

_TYPES = {"VARCHAR": "STRING", "INTEGER": "INT", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE"}
_CREATE_AS = re.compile(
    r"CREATE\s+OR\s+REPLACE\s+(?:TEMP\s+)?TABLE\s+(\w+)\s+AS\s+(.*)", re.IGNORECASE | re.DOTALL
)
_CREATE = re.compile(
    r"CREATE\s+OR\s+REPLACE\s+(?:TEMP\s+)?TABLE\s+(\w+)\s*\((.*)\)\s*", re.IGNORECASE | re.DOTALL
)
_INSERT = re.compile(r"INSERT\s+INTO\s+(\w+)\s+(SELECT\b.*)", re.IGNORECASE | re.DOTALL)
_INSERT_VALUES = re.compile(r"INSERT\s+INTO\s+(\w+)\s+VALUES\b", re.IGNORECASE)
_DELETE = re.compile(r"DELETE\s+FROM\s+(\w+)\s+WHERE\s+(.*)", re.IGNORECASE | re.DOTALL)
_MACRO = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\b", re.IGNORECASE)


def _statements(sql: str) -> list[str]:
    """Split a script on the `;` ending a line (a `;` inside a cited sentence does not end one)."""
    masked, strings = _mask(sql)
    parts = re.split(r";\s*(?:\n|$)", re.sub(r"--[^\n]*", "", masked))
    return [_unmask(p, strings).strip() for p in parts if p.strip()]


class _Rows:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


@dataclass
class SparkSql:
    """What the typologies call on a DuckDB connection, run on a Spark session."""

    spark: Any
    statements: int = 0
    seconds: float = 0.0
    _views: set[str] = field(default_factory=set)

    def execute(self, sql: str) -> SparkSql:
        for statement in _statements(sql):
            t0 = time.perf_counter()
            self._one(statement)
            self.seconds += time.perf_counter() - t0
            self.statements += 1
        return self

    def sql(self, sql: str) -> _Rows:
        return _Rows([tuple(r) for r in self.spark.sql(to_spark(sql)).collect()])

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> SparkSql:
        m = _INSERT_VALUES.match(sql.strip())
        if not m:
            raise ValueError(f"only INSERT INTO t VALUES (...) runs as executemany on Spark: {sql[:80]}")
        table = m.group(1)
        schema = self.spark.table(table).schema
        self._append(table, self.spark.createDataFrame([tuple(r) for r in rows], schema))
        return self

    def table(self, name: str) -> Any:
        return self.spark.table(name)

    def _keep(self, name: str, df: Any) -> None:
        # Checkpointed: each step computed once, its lineage cut (later steps read the result, not a plan
        # growing with every INSERT), and a step that reads and replaces its own table sees the old one.
        df.localCheckpoint().createOrReplaceTempView(name)
        self._views.add(name)

    def _append(self, table: str, df: Any) -> None:
        from pyspark.sql import functions as F

        old = self.spark.table(table)
        df = df.toDF(*old.columns).select(*[F.col(f.name).cast(f.dataType) for f in old.schema.fields])
        self._keep(table, old.unionByName(df))

    def _one(self, statement: str) -> None:
        if _MACRO.match(statement):
            return  # n0(x) is rewritten inline by to_spark
        if m := _CREATE_AS.match(statement):
            self._keep(m.group(1), self.spark.sql(to_spark(m.group(2))).drop("__qn"))
        elif m := _CREATE.match(statement):
            columns = []
            for col in _split_args(m.group(2)):
                name, typ = col.split()
                columns.append(f"{name} {_TYPES[typ.upper()]}")
            self._keep(m.group(1), self.spark.createDataFrame([], ", ".join(columns)))
        elif m := _INSERT.match(statement):
            self._append(m.group(1), self.spark.sql(to_spark(m.group(2))).drop("__qn"))
        elif m := _DELETE.match(statement):
            table, cond = m.group(1), m.group(2)
            # DELETE keeps a row whose condition is NULL; so does `NOT coalesce(c, false)`
            kept = self.spark.sql(to_spark(f"SELECT * FROM {table} WHERE NOT coalesce(({cond}), false)"))
            self._keep(table, kept)
        else:
            raise ValueError(f"statement not translated for Spark: {statement[:120]}")

    def drop_views(self) -> None:
        for name in self._views:
            self.spark.catalog.dropTempView(name)
        self._views.clear()


# --- detection ------------------------------------------------------------------------------------


def detect_on_spark(
    con: duckdb.DuckDBPyConnection,
    params: Params | None = None,
    *,
    spark: Any = None,
    master: str = "local[2]",
    typologies: Iterable[str] = TYPOLOGIES,
    on_step: Callable[[str], None] | None = None,
    parquet: Path | None = None,
) -> Detection:
    """Run the typologies on Spark over the checked tables of `con` (or the Parquet folder `parquet`,
    as `finance ingest` or `detect --parquet` wrote it), then group the alerts in `con` as `detect` does.

    `spark`: a session to use; otherwise the running one, or one started on `master` and stopped at the
    end. On a cluster, `parquet` must be a folder every executor can read.
    """
    p = params or Params()
    names = list(typologies)
    for name in names:
        if name not in TYPOLOGIES:
            raise ValueError(f"unknown typology {name!r}; known: {', '.join(TYPOLOGIES)}")
    out = Detection()
    start = time.perf_counter()
    owned = spark is None and _active() is None  # a session this call starts is stopped at the end
    session = spark if spark is not None else start_session(master)
    out.seconds["spark_start"] = time.perf_counter() - start
    scratch = None
    sql = SparkSql(session)
    try:
        if parquet is None:
            scratch = Path(tempfile.mkdtemp(prefix="tipnet-spark-"))
            con.execute(
                f"COPY (SELECT {', '.join(ACCOUNT_COLUMNS)} FROM accounts) TO '{scratch / 'accounts.parquet'}' (FORMAT parquet)"
            )
            con.execute(
                f"COPY (SELECT {', '.join(TX_COLUMNS)} FROM tx) TO '{scratch / 'tx.parquet'}' (FORMAT parquet)"
            )
            parquet = scratch
        t0 = time.perf_counter()
        for table, columns in (("accounts", ACCOUNT_COLUMNS), ("tx", TX_COLUMNS)):
            df = session.read.parquet(str(parquet / f"{table}.parquet")).select(*columns)
            sql._keep(table, df)
        out.seconds["read"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        prepare(sql)
        out.seconds["prepare"] = time.perf_counter() - t0
        from importlib import import_module

        for name in names:
            t0 = time.perf_counter()
            import_module(f"tipnet.finance.typologies.{name}").run(sql, p)
            out.seconds[name] = time.perf_counter() - t0
            if on_step:
                on_step(name)
        t0 = time.perf_counter()
        for table in OUTPUT_TABLES:
            con.register("spark_found", sql.table(table).toArrow())
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM spark_found")
            con.unregister("spark_found")
        out.seconds["collect"] = time.perf_counter() - t0
    finally:
        sql.drop_views()
        if owned:
            session.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    group_alerts(con, out)
    out.seconds["total"] = time.perf_counter() - start
    return out
