"""The SQL engines Splink runs on: DuckDB embedded (the default), Spark when data outgrows one machine.

Both get the same prepared rows and the same name-similarity function, so the same settings give the
same predictions on either.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from tipnet.linkage import address_level
from tipnet.linkage.name_similarity import register_duckdb, register_spark
from tipnet.linkage.records import COLUMNS

ENGINES = ("duckdb", "spark")


class EngineError(RuntimeError):
    """The engine cannot be started (Spark without Java, say); the message says what to install."""


@dataclass
class Engine:
    """A started engine: its Splink database API and how to load rows and read tables back."""

    name: str
    api: Any
    handle: Any  # the DuckDB connection or the Spark session
    owns_session: bool = True  # False for a Spark session that was running before: it stays up
    _views_before: set[str] = field(default_factory=set)

    @property
    def dialect(self) -> str:
        return self.name

    def load(self, data: Any, table: str) -> Any:
        """Register prepared rows (an Arrow table of `records.COLUMNS`) as a Splink input table."""
        if self.name == "duckdb":
            self.handle.register(f"{table}_arrow", data)
            self.handle.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {table}_arrow")
            self.handle.unregister(f"{table}_arrow")
            return self.api.register(table)
        # From Arrow, so list columns arrive as Spark arrays (the comparisons use array functions).
        df = self.handle.createDataFrame(data, schema=_spark_schema())
        return self.api.register(df, table_name=table)

    def rows(self, sdf: Any, sql: str | None = None) -> list[dict[str, Any]]:
        """The rows of a Splink table (optionally through `sql` with `{t}` for its name)."""
        query = (sql or "SELECT * FROM {t}").format(t=sdf.physical_name)
        if self.name == "duckdb":
            rel = self.handle.sql(query)
            cols = rel.columns
            return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
        return [r.asDict() for r in self.handle.sql(query).collect()]

    def close(self) -> None:
        """Release the engine. A Spark session this engine did not start is left running, without
        the views (and their cached data) this run added."""
        if self.name == "duckdb":
            self.handle.close()
            return
        if self.owns_session:
            self.handle.stop()
            return
        catalog = self.handle.catalog
        for t in catalog.listTables():
            if t.isTemporary and t.name not in self._views_before:
                catalog.dropTempView(t.name)  # uncaches it too


def _spark_schema() -> Any:
    from pyspark.sql.types import ArrayType, IntegerType, StringType, StructField, StructType

    types = {"VARCHAR": StringType(), "INTEGER": IntegerType(), "VARCHAR[]": ArrayType(StringType())}
    return StructType([StructField(c, types[t], True) for c, t in COLUMNS.items()])


DUCKDB_MEMORY = "3GB"  # beyond it DuckDB spills to disk: a million records stay within a laptop's RAM
# Each scoring worker's DuckDB (they run beside the main process): together within a laptop's RAM.
DUCKDB_WORKER_MEMORY = "1500MB"


def worker_memory() -> str:
    return os.environ.get("TIPNET_LINK_WORKER_MEMORY") or DUCKDB_WORKER_MEMORY


def start_duckdb(*, threads: int | None = None, memory_limit: str | None = None) -> Engine:
    """An in-memory DuckDB that spills to a temporary folder past `memory_limit` (default 3 GB, or
    TIPNET_LINK_MEMORY), instead of DuckDB's own default of 80 % of the machine's memory."""
    import tempfile

    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    limit = memory_limit or os.environ.get("TIPNET_LINK_MEMORY") or DUCKDB_MEMORY
    con.execute("SET memory_limit = ?", [limit])
    con.execute("SET temp_directory = ?", [os.path.join(tempfile.gettempdir(), "tipnet-duckdb")])
    con.execute("SET preserve_insertion_order = false")
    register_duckdb(con)
    address_level.register_duckdb(con)
    return Engine("duckdb", DuckDBAPI(connection=con), con)


def start_spark(
    master: str = "local[2]", *, app_name: str = "tipnet-link", shuffle_partitions: int | None = None
) -> Engine:
    """A Spark session (`local[N]` for one machine, `spark://host:7077` for a cluster).

    An already running session (a notebook's, a test fixture's) is reused and left running on close.
    In local mode nothing listens beyond 127.0.0.1 and there is no web UI; on a cluster the driver's
    address comes from the site's Spark configuration, since executors must reach it.
    """
    try:
        from pyspark.sql import SparkSession
        from splink import SparkAPI
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EngineError("the Spark engine needs pyspark: pip install 'tipnet[spark]'") from exc
    active = _running_session(SparkSession)
    if active is None and not _has_java():
        raise EngineError(
            "the Spark engine needs Java 17 or newer (Debian: apt-get install default-jre-headless)"
        )
    # Workers run the name-similarity UDF, so they must import tipnet: the same interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = active or _new_session(master, app_name, shuffle_partitions)
    register_spark(spark)
    # persist (memory, then disk) breaks Splink's long lineages without a checkpoint directory.
    api = SparkAPI(spark_session=spark, break_lineage_method="persist", register_udfs_automatically=False)
    views = {t.name for t in spark.catalog.listTables() if t.isTemporary}
    return Engine("spark", api, spark, owns_session=active is None, _views_before=views)


def _running_session(session_class: Any) -> Any:
    """The active or default session of this process (any thread), or None."""
    try:
        return session_class.active()
    except Exception:  # PySparkRuntimeError NO_ACTIVE_OR_DEFAULT_SESSION
        return None


def _new_session(master: str, app_name: str, shuffle_partitions: int | None) -> Any:
    from pyspark.sql import SparkSession

    local = master.strip().startswith("local")
    if local:
        # Read by the JVM launcher: without it Spark picks the first non-loopback interface.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    partitions = shuffle_partitions or (_local_partitions(master) if local else None)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    if local:
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config(
            "spark.driver.host", "127.0.0.1"
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _local_partitions(master: str) -> int:
    """Shuffle partitions in local mode: two per core (Spark's 200 would be 200 tiny tasks per stage
    on one machine). On a cluster Spark's own setting holds unless one is given."""
    m = re.fullmatch(r"local(?:\[(\d+|\*)(?:,\s*\d+)?\])?", master.strip())
    n = (m.group(1) if m else None) or "1"
    cores = (os.cpu_count() or 2) if n == "*" else int(n)
    return max(2, 2 * cores)


def _has_java() -> bool:
    import shutil

    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))


def start(name: str = "duckdb", *, spark_master: str | None = None, threads: int | None = None) -> Engine:
    """The engine `name`; `threads` caps DuckDB's threads (None: DuckDB's default, one per core)."""
    if name == "duckdb":
        return start_duckdb(threads=threads)
    if name == "spark":
        return start_spark(spark_master or "local[2]")
    raise EngineError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}")
