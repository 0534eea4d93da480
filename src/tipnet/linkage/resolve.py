"""One linkage run: prepared rows → trained model → scored pairs → analyst overrides → clusters.

The engine (DuckDB or Spark) does the pairwise work; this module only orchestrates it and turns its
output into `LinkedPair`s whose evidence is the per-comparison waterfall (bits of each level plus the
prior's), and clusters: connected components of the links at the threshold, after the analysts'
accepted links are added and their rejected ones removed.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tipnet.linkage.comparisons import FEATURES, NULL_COLUMN, settings
from tipnet.linkage.engines import Engine, start
from tipnet.linkage.training import TrainingConfig, TrainingReport, train

DEFAULT_THRESHOLD = 0.9
DEFAULT_REVIEW_LOW = 0.5


@dataclass(frozen=True, slots=True)
class LinkedPair:
    """Two records the model scored at or above the review floor; `bits` are each comparison's match
    weight (log2 Bayes factor), in the order of `comparisons.FEATURES`."""

    uid_l: str
    uid_r: str
    probability: float
    weight: float
    bits: tuple[float, ...]

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.uid_l, self.uid_r)


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Decision:
    """An analyst's verdict on a pair: it overrides the model in every later run."""

    uid_l: str
    uid_r: str
    accept: bool

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.uid_l, self.uid_r)


@dataclass(frozen=True)
class Evidence:
    feature: str
    level: str
    bits: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "level": self.level, "bits": round(self.bits, 2)}


@dataclass
class Model:
    """The trained parameters (Splink's model JSON) and what they explain about a pair."""

    splink: dict[str, Any]
    features: tuple[str, ...] = FEATURES

    def __post_init__(self) -> None:
        # feature → [(level name, bits)] of its non-null levels, best first
        self._levels: dict[str, list[tuple[str, float]]] = {}
        for comp in self.splink["comparisons"]:
            levels = []
            for lv in comp["comparison_levels"]:
                if lv.get("is_null_level"):
                    continue
                m, u = lv.get("m_probability"), lv.get("u_probability")
                levels.append((lv.get("label_for_charts", "?"), math.log2(m / u) if m and u else 0.0))
            self._levels[comp["output_column_name"]] = levels

    @property
    def prior(self) -> float:
        return float(self.splink["probability_two_random_records_match"])

    def evidence(self, pair: LinkedPair) -> list[Evidence]:
        """The waterfall of a pair: each comparison's level and its bits (log2 Bayes factor)."""
        out = []
        for feature, bits in zip(self.features, pair.bits, strict=True):
            out.append(Evidence(feature, self.level_of(feature, bits), bits))
        return out

    def level_of(self, feature: str, bits: float) -> str:
        """The level whose weight the engine reported (a null level weighs exactly 0)."""
        levels = self._levels[feature]
        best = min(levels, key=lambda lv: abs(lv[1] - bits))
        if bits == 0.0 and abs(best[1]) > 1e-9:
            return "missing"
        return best[0]

    def prior_bits(self) -> float:
        p = self.prior
        return math.log2(p / (1 - p))


@dataclass
class Options:
    engine: str = "duckdb"
    spark_master: str | None = None
    threshold: float = DEFAULT_THRESHOLD
    review_low: float = DEFAULT_REVIEW_LOW
    training: TrainingConfig = field(default_factory=TrainingConfig)
    model: dict[str, Any] | None = None  # trained parameters to reuse instead of training
    # DuckDB scores big inputs in this many processes (the name similarity is Python, so one
    # process uses one core); each scores the pairs whose left record falls in its share.
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    parallel_from: int = 50_000  # records; below this one process is quicker than starting several


@dataclass
class Resolution:
    pairs: list[LinkedPair]
    clusters: dict[str, str]  # uid → cluster key (the smallest uid of the cluster)
    model: Model
    training: TrainingReport | None
    threshold: float
    review_low: float
    decisions: dict[tuple[str, str], bool]
    timings: dict[str, float]

    def links(self) -> list[LinkedPair]:
        """Pairs the clusters rest on: at or above the threshold and not rejected, or accepted."""
        return [p for p in self.pairs if self.is_link(p)]

    def is_link(self, p: LinkedPair) -> bool:
        verdict = self.decisions.get(p.key)
        return verdict if verdict is not None else p.probability >= self.threshold

    def review_queue(self) -> list[LinkedPair]:
        """Uncertain pairs no analyst has decided, most uncertain (nearest 0.5 in weight) first."""
        queue = [
            p
            for p in self.pairs
            if p.key not in self.decisions and self.review_low <= p.probability < self.threshold
        ]
        return sorted(queue, key=lambda p: (abs(p.weight), p.key))


def apply_parameters(settings_dict: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """Settings for one engine carrying another run's trained m/u values and prior (matched by
    comparison and level label): how a DuckDB-trained model runs on Spark."""
    trained = {
        (c["output_column_name"], lv.get("label_for_charts")): lv
        for c in model["comparisons"]
        for lv in c["comparison_levels"]
    }
    out = dict(settings_dict)
    out["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for comp in out["comparisons"]:
        for lv in comp["comparison_levels"]:
            src = trained.get((comp["output_column_name"], lv.get("label_for_charts")))
            if src and not lv.get("is_null_level"):
                for k in ("m_probability", "u_probability"):
                    if src.get(k) is not None:
                        lv[k] = src[k]
    return out


def resolve(
    datasets: Sequence[Sequence[dict[str, Any]]],
    options: Options | None = None,
    decisions: Iterable[Decision] = (),
    progress: Callable[[str], None] | None = None,
) -> Resolution:
    """Link one data set with itself (dedupe) or two with each other (link). Rows come from
    `records.prepare_row`; their `unique_id`s must be unique across the data sets."""
    from splink import Linker

    opts = options or Options()
    if not 0 < opts.review_low <= opts.threshold <= 1:
        raise ValueError("need 0 < review_low <= threshold <= 1")
    if len(datasets) not in (1, 2):
        raise ValueError("linkage takes one data set (dedupe) or two (link)")
    say = progress or (lambda _msg: None)
    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter is not for end users
    timings: dict[str, float] = {}
    verdicts = {d.key: d.accept for d in decisions}
    engine = start(opts.engine, spark_master=opts.spark_master)
    try:
        t = time.perf_counter()
        tables = [engine.load(rows, f"tipnet_input_{i}") for i, rows in enumerate(datasets)]
        link_type = "dedupe_only" if len(datasets) == 1 else "link_only"
        features = present_features(datasets)
        spec = settings(link_type, engine.dialect, features)
        if opts.model is not None:
            spec = apply_parameters(spec, opts.model)
        linker = Linker(tables if len(tables) > 1 else tables[0], spec, log_level=None)
        timings["load_s"] = time.perf_counter() - t
        report = None
        if opts.model is None:
            say("training (u by random sampling, m by EM)")
            t = time.perf_counter()
            report = train(linker, opts.training, records=sum(len(d) for d in datasets))
            timings["train_s"] = time.perf_counter() - t
        model = Model(linker.misc.save_model_to_json(out_path=None), features)
        say("scoring candidate pairs")
        t = time.perf_counter()
        total = sum(len(d) for d in datasets)
        if engine.name == "duckdb" and opts.workers > 1 and total >= opts.parallel_from:
            pairs = _predict_in_processes(engine, len(datasets), model.splink, features, opts)
        else:
            predictions = linker.inference.predict(threshold_match_probability=opts.review_low)
            pairs = _read_pairs(engine, predictions, features)
        timings["predict_s"] = time.perf_counter() - t
        say("clustering")
        t = time.perf_counter()
        uids = [r["unique_id"] for rows in datasets for r in rows]
        res = Resolution(pairs, {}, model, report, opts.threshold, opts.review_low, verdicts, timings)
        edges = [p.key for p in res.links()]
        known = {p.key for p in pairs}
        edges += [k for k, accept in verdicts.items() if accept and k not in known]
        res.clusters = cluster(engine, uids, edges)
        timings["cluster_s"] = time.perf_counter() - t
        return res
    finally:
        engine.close()


def _predict_share(job: tuple[int, int, list[str], dict[str, Any], tuple[str, ...], float, str]) -> str:
    """One worker process: a fresh DuckDB reading the prepared rows from Parquet, the trained model,
    the scored pairs of its left chunk written to Parquet (nothing large crosses a pipe)."""
    from splink import Linker

    k, n, inputs, model, features, review_low, out = job
    engine = start("duckdb")
    try:
        con = engine.handle
        con.execute("SET threads = 1")
        tables = []
        for i, path in enumerate(inputs):
            con.execute(f"CREATE TABLE tipnet_input_{i} AS SELECT * FROM read_parquet(?)", [path])
            tables.append(engine.api.register(f"tipnet_input_{i}"))
        linker = Linker(tables if len(tables) > 1 else tables[0], model, log_level=None)
        chunk = linker.inference.predict_chunk(
            left_chunk=(k + 1, n), threshold_match_probability=review_low, warning_mode="never"
        )
        cols = ", ".join(
            ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
            + [f"mw_{f}" for f in features]
        )
        con.execute(f"COPY (SELECT {cols} FROM {chunk.physical_name}) TO '{out}' (FORMAT parquet)")
        return out
    finally:
        engine.close()


def _predict_in_processes(
    engine: Engine, n_inputs: int, model: dict[str, Any], features: Sequence[str], opts: Options
) -> list[LinkedPair]:
    """Score in `opts.workers` fresh processes (spawned: forking a process that runs DuckDB's threads
    can deadlock); the rows travel as Parquet files in a private temporary folder, removed after."""
    import multiprocessing
    import shutil
    import tempfile

    tmp = tempfile.mkdtemp(prefix="tipnet-link-")
    try:
        inputs = []
        for i in range(n_inputs):
            path = os.path.join(tmp, f"input_{i}.parquet")
            engine.handle.execute(f"COPY tipnet_input_{i} TO '{path}' (FORMAT parquet)")
            inputs.append(path)
        jobs = [
            (
                k,
                opts.workers,
                inputs,
                model,
                tuple(features),
                opts.review_low,
                os.path.join(tmp, f"pairs_{k}.parquet"),
            )
            for k in range(opts.workers)
        ]
        with multiprocessing.get_context("spawn").Pool(opts.workers) as pool:
            outputs = pool.map(_predict_share, jobs)
        weights = ", ".join(f"mw_{f}" for f in features)
        sql = f"SELECT unique_id_l, unique_id_r, match_probability, match_weight, {weights} FROM read_parquet(?)"
        rel = engine.handle.execute(sql, [outputs])
        return [
            LinkedPair(a, b, float(p), float(w), tuple(float(x) for x in rest))
            for a, b, p, w, *rest in rel.fetchall()
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def present_features(datasets: Sequence[Sequence[dict[str, Any]]]) -> tuple[str, ...]:
    """The comparisons the data can inform: a feature no record has (phones in a passport list)
    would only add a level EM can never see."""
    found = {"name"}
    for rows in datasets:
        for row in rows:
            for feature, col in NULL_COLUMN.items():
                if feature not in found and row.get(col) is not None:
                    found.add(feature)
            if len(found) == len(FEATURES):
                return FEATURES
    return tuple(f for f in FEATURES if f in found)


def _read_pairs(engine: Engine, predictions: Any, features: Sequence[str] = FEATURES) -> list[LinkedPair]:
    weights = ", ".join(f"mw_{f}" for f in features)
    sql = f"SELECT unique_id_l, unique_id_r, match_probability, match_weight, {weights} FROM {{t}}"
    out = []
    for r in engine.rows(predictions, sql):
        out.append(
            LinkedPair(
                r["unique_id_l"],
                r["unique_id_r"],
                float(r["match_probability"]),
                float(r["match_weight"]),
                tuple(float(r[f"mw_{f}"]) for f in features),
            )
        )
    return out


def cluster(engine: Engine, uids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Connected components of the links, computed by the engine (Splink's clustering); each cluster
    is named by its smallest uid, so the same input gives the same clusters on any engine."""
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    nodes = [{"unique_id": u} for u in uids]
    edge_rows = [{"unique_id_l": a, "unique_id_r": b, "match_probability": 1.0} for a, b in edges]
    if engine.name == "duckdb":
        import pyarrow as pa

        con = engine.handle
        con.register(
            "tipnet_nodes_arrow", pa.Table.from_pylist(nodes, schema=pa.schema([("unique_id", pa.string())]))
        )
        con.register(
            "tipnet_edges_arrow",
            pa.Table.from_pylist(
                edge_rows,
                schema=pa.schema(
                    [
                        ("unique_id_l", pa.string()),
                        ("unique_id_r", pa.string()),
                        ("match_probability", pa.float64()),
                    ]
                ),
            ),
        )
        con.execute("CREATE OR REPLACE TABLE tipnet_nodes AS SELECT * FROM tipnet_nodes_arrow")
        con.execute("CREATE OR REPLACE TABLE tipnet_edges AS SELECT * FROM tipnet_edges_arrow")
        node_t, edge_t = "tipnet_nodes", "tipnet_edges"
    else:
        from pyspark.sql.types import DoubleType, StringType, StructField, StructType

        spark = engine.handle
        node_t = spark.createDataFrame(nodes, StructType([StructField("unique_id", StringType())]))
        edge_t = spark.createDataFrame(
            edge_rows,
            StructType(
                [
                    StructField("unique_id_l", StringType()),
                    StructField("unique_id_r", StringType()),
                    StructField("match_probability", DoubleType()),
                ]
            ),
        )
    result = cluster_pairwise_predictions_at_threshold(
        node_t, edge_t, db_api=engine.api, node_id_column_name="unique_id", threshold_match_probability=0.5
    )
    rows = engine.rows(result, "SELECT unique_id, cluster_id FROM {t}")
    members: dict[str, list[str]] = {}
    for r in rows:
        members.setdefault(str(r["cluster_id"]), []).append(r["unique_id"])
    out: dict[str, str] = {}
    for group in members.values():
        name = min(group)
        for u in group:
            out[u] = name
    return out
