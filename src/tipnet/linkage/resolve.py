"""One linkage run: prepared rows → trained model → scored pairs → analyst overrides → clusters.

The engine (DuckDB or Spark) does the pairwise work; this module only orchestrates it and turns its
output into `LinkedPair`s whose evidence is the per-comparison waterfall (bits of each level plus the
prior's), and clusters: connected components of the links at the threshold, after the analysts'
accepted links are added and their rejected ones removed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tipnet.linkage import second_stage
from tipnet.linkage.block_keys import (
    DEFAULT_CAP,
    RARE_ADDRESS,
    RARE_NAME,
    RARE_NAME_BLOCK,
    RARE_NAME_KEY,
    RARE_PHONE,
    filter_block_keys,
    rare_values,
)
from tipnet.linkage.bridges import cluster_edges, split_weak_bridges, weak_clusters
from tipnet.linkage.comparisons import CORROBORATING, FEATURES, NULL_COLUMN, PART_FEATURES, settings
from tipnet.linkage.conflicts import Date, split_conflicts, suspect_clusters
from tipnet.linkage.engines import Engine, start
from tipnet.linkage.model import Model
from tipnet.linkage.records import Prepared, rows_table
from tipnet.linkage.scored import LinkedPair, PairTable, pair_key, weight_column
from tipnet.linkage.training import TrainingConfig, TrainingReport, train, training_sample
from tipnet.linkage.vectors import Vectors
from tipnet.matching.features import capped, name_only
from tipnet.matching.learnt import TreeEnsemble

__all__ = ["Decision", "LinkedPair", "Model", "Options", "PairTable", "Resolution", "pair_key", "resolve"]

# The lowest threshold of 0.5, 0.6, ..., 0.9 with precision >= 0.95 on the independent set's calibration
# split (bench/independent, seed 13; BENCHMARKS.md, issue 13): 0.8 gives 0.964, 0.7 gives 0.945.
DEFAULT_THRESHOLD = 0.8
DEFAULT_REVIEW_LOW = 0.5
# A pair whose only agreement is the name (no birth date, document, phone or household address agrees:
# one side lacks them, or they disagree) is a `possible` match: it goes to the review queue, never linked
# by the model alone. On the second independent set's calibration split (bench/independent2, seed 2613),
# pairs sharing a whole name that only two records hold, and no birth year, phone or document, are one
# person 70 % of the time; held by four records, 41 %: namesakes are that common in a province-sized
# population, whatever gender, nationality or district say. Of the links this cap sends to review on
# that split, 271 of 425 were one person (0.64): their probability is capped at this value, inside the
# review band (BENCHMARKS.md, session 10: precision at the default 0.94 -> 0.96, recall 0.515 -> 0.489).
NAME_ONLY_CAP = 0.7


@dataclass(frozen=True)
class Decision:
    """An analyst's verdict on a pair: it overrides the model in every later run."""

    uid_l: str
    uid_r: str
    accept: bool

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.uid_l, self.uid_r)


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
    # Below this many records DuckDB runs on one thread: its queries are then short (two million
    # sampled pairs at most, EM on a few thousand), and a second thread's coordination costs more CPU
    # than it saves time (FEBRL3's 5,000 records: 0.3-0.4 CPU s less, the wall time no longer).
    one_thread_below: int = 50_000
    # Below this many records a run trained here keeps its candidate pairs' comparison vectors in
    # memory (`vectors`) and scores them twice without recomputing them; above it they are recomputed
    # (the vectors of millions of pairs would cost more memory than the second pass costs time).
    vectors_below: int = 50_000
    block_key_cap: int = DEFAULT_CAP  # name blocking keys held by more records are filtered (block_keys)
    split_bridges: bool = True  # cut clusters held together by one uncertain link (bridges)
    # never join two groups whose birth dates disagree (two namesakes joined by a sparse record)
    split_conflicts: bool = True
    # a pair resting on the name alone is capped at this probability (a review, not a link); None: off
    name_only_cap: float | None = NAME_ONLY_CAP
    # re-score the candidate pairs with the learnt second stage (`second_stage`), when its model knows
    # the run's comparisons; `second_stage_model`: another model than the shipped one
    second_stage: bool = True
    second_stage_model: TreeEnsemble | None = None
    keep_candidates: bool = False  # for the second stage's trainer: `Resolution.candidates`


@dataclass
class Resolution:
    pairs: PairTable  # every pair scored at or above the review floor
    clusters: dict[str, str]  # uid → cluster key (the smallest uid of the cluster)
    model: Model
    training: TrainingReport | None
    threshold: float
    review_low: float
    decisions: dict[tuple[str, str], bool]
    timings: dict[str, float]
    # with `Options.keep_candidates`: the candidate pairs down to the second stage's floor, with the
    # first stage's probabilities, and their second-stage features (`second_stage.COLUMNS`)
    candidates: tuple[PairTable, np.ndarray] | None = None
    second_stage: bool = False  # whether the learnt second stage re-scored the pairs

    def links(self) -> PairTable:
        """Pairs the clusters rest on: at or above the threshold and not rejected, or accepted."""
        mask = self.pairs.probability >= self.threshold
        for i, accept in self._decided().items():
            mask[i] = accept
        return self.pairs.where(mask)

    def is_link(self, p: LinkedPair) -> bool:
        verdict = self.decisions.get(p.key)
        return verdict if verdict is not None else p.probability >= self.threshold

    def review_queue(self) -> list[LinkedPair]:
        """Uncertain pairs no analyst has decided, most uncertain (nearest 0.5 in weight) first."""
        prob = self.pairs.probability
        mask = (prob >= self.review_low) & (prob < self.threshold)
        for i in self._decided():
            mask[i] = False
        queue = list(self.pairs.where(mask))
        return sorted(queue, key=lambda pair: (abs(pair.weight), pair.key))

    def _decided(self) -> dict[int, bool]:
        """Row → verdict, for the scored pairs an analyst has decided."""
        return {i: self.decisions[k] for k, i in self.pairs.positions(self.decisions).items()}


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


Data = Any  # an Arrow table of `records.COLUMNS`, a `records.Prepared`, or prepared row dicts


def as_table(data: Data) -> Any:
    """The Arrow table of prepared rows, whichever form they came in."""
    if isinstance(data, Prepared):
        return data.table
    if hasattr(data, "num_rows") and hasattr(data, "schema"):
        return data
    return rows_table(data)


def resolve(
    datasets: Sequence[Data],
    options: Options | None = None,
    decisions: Iterable[Decision] = (),
    progress: Callable[[str], None] | None = None,
) -> Resolution:
    """Link one data set with itself (dedupe) or two with each other (link). Rows come from
    `records.prepare_table` (or `prepare_row`); their `unique_id`s must be unique across the data sets."""
    from splink import Linker

    from tipnet.linkage import splink_memo

    splink_memo.install()  # Splink's column parsing and exact-match test, once per distinct input
    opts = options or Options()
    if not 0 < opts.review_low <= opts.threshold <= 1:
        raise ValueError("need 0 < review_low <= threshold <= 1")
    if len(datasets) not in (1, 2):
        raise ValueError("linkage takes one data set (dedupe) or two (link)")
    say = progress or (lambda _msg: None)
    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter is not for end users
    timings: dict[str, float] = {}
    verdicts = {d.key: d.accept for d in decisions}
    tables = run_tables([as_table(d) for d in datasets], opts.block_key_cap)
    total = sum(t.num_rows for t in tables)
    link_type = "dedupe_only" if len(tables) == 1 else "link_only"
    engine = start(
        opts.engine, spark_master=opts.spark_master, threads=1 if total < opts.one_thread_below else None
    )
    try:
        t = time.perf_counter()
        features = present_features(tables)
        spec = settings(link_type, engine.dialect, features)
        report = None
        model_json = opts.model
        if model_json is None:
            say("training (u by random sampling, m by EM)")
            sample = training_sample(tables, opts.training)
            if sample is not None:
                # A random sample of the records teaches the same m and u (and prior) as all of them,
                # at a fraction of the cost: same-birth-date pairs grow with the square of the records.
                trained = [engine.load(s, f"tipnet_train_{i}") for i, s in enumerate(sample)]
                trainer = Linker(
                    trained if len(trained) > 1 else trained[0], spec, log_level=None, validate_settings=False
                )
                n_sample = [s.num_rows for s in sample]
                report = train(
                    trainer,
                    opts.training,
                    records=sum(n_sample),
                    total_pairs=pair_count(n_sample),
                    feature_pairs=feature_pairs(sample, features),
                )
                report.sample_records, report.sampled_from = sum(s.num_rows for s in sample), total
                model_json = trainer.misc.save_model_to_json(out_path=None)
                _drop(engine, [f"tipnet_train_{i}" for i in range(len(sample))])
            timings["train_s"] = time.perf_counter() - t
            t = time.perf_counter()
        if model_json is not None:
            spec = apply_parameters(spec, model_json)
        loaded = [engine.load(tb, f"tipnet_input_{i}") for i, tb in enumerate(tables)]
        # Splink's settings validation only logs (at WARNING, silenced above) columns the settings name
        # and the input lacks; the settings are tipnet's own (`comparisons.settings`), and checking
        # them cost 0.1 CPU s a linker (sqlglot parsing every level)
        linker = Linker(
            loaded if len(loaded) > 1 else loaded[0], spec, log_level=None, validate_settings=False
        )
        timings["load_s"] = time.perf_counter() - t
        in_processes = engine.name == "duckdb" and opts.workers > 1 and total >= opts.parallel_from
        # a small run trained here scores its candidate pairs twice (the prior's refit, then the
        # final scores): their comparisons are computed once (`vectors`)
        vectors = (
            Vectors(linker)
            if model_json is None
            and engine.name == "duckdb"
            and not in_processes
            and total < opts.vectors_below
            else None
        )
        if model_json is None:
            t = time.perf_counter()
            report = train(
                linker,
                opts.training,
                records=total,
                total_pairs=pair_count([t.num_rows for t in tables]),
                feature_pairs=feature_pairs(tables, features),
                predict=vectors.predict if vectors else None,
            )
            timings["train_s"] = timings.get("train_s", 0.0) + time.perf_counter() - t
        model = Model(linker.misc.save_model_to_json(out_path=None), features)
        say("scoring candidate pairs")
        t = time.perf_counter()
        stage = second_stage_model(opts, features)
        wide = stage is not None or opts.keep_candidates
        floor = min(opts.review_low, second_stage.CANDIDATE_FLOOR) if wide else opts.review_low
        if in_processes:
            pairs = _predict_in_processes(engine, len(tables), model.splink, features, opts, floor)
        else:
            if vectors is not None:
                predictions = vectors.predict(floor)
                vectors.close()
            else:
                predictions = linker.inference.predict(threshold_match_probability=floor)
            pairs = _read_pairs(engine, predictions, features)
        candidates = None
        if wide:
            t_stage = time.perf_counter()
            X = second_stage.features(pairs, tables, model, corroborated(pairs, model), opts.threshold)
            if opts.keep_candidates:
                candidates = (pairs, X)
            if stage is not None:
                prob = second_stage.combine(pairs.probability, stage.probability(X), X, opts.threshold)
                pairs = second_stage.with_probability(pairs, prob)
            pairs = pairs.where(pairs.probability >= opts.review_low)
            timings["second_stage_s"] = time.perf_counter() - t_stage
        if opts.name_only_cap is not None:
            # a name-only pair the second stage is sure of keeps its probability (`NAME_ONLY_LIFT`)
            lift = second_stage.NAME_ONLY_LIFT if stage is not None else None
            pairs = cap_name_only(pairs, model, opts.name_only_cap, keep_from=lift)
        timings["predict_s"] = time.perf_counter() - t
        say("clustering")
        t = time.perf_counter()
        res = Resolution(pairs, {}, model, report, opts.threshold, opts.review_low, verdicts, timings)
        res.candidates = candidates
        res.second_stage = stage is not None
        links = res.links().table
        accepted = [k for k, accept in verdicts.items() if accept]
        missing = set(accepted) - set(pairs.positions(dict.fromkeys(accepted)))
        uids = [tb["unique_id"] for tb in tables]
        res.clusters = cluster(engine, uids, (links["unique_id_l"], links["unique_id_r"]), sorted(missing))
        ends = (links["unique_id_l"], links["unique_id_r"], links["match_probability"])
        if opts.split_conflicts:
            suspect = suspect_clusters(res.clusters, dates := births(tables))
            edges = cluster_edges(res.clusters, suspect, *ends)
            res.clusters = split_conflicts(res.clusters, edges, dates, accepted=accepted)
        if opts.split_bridges:
            edges = cluster_edges(res.clusters, weak_clusters(res.clusters, ends[0], ends[2]), *ends)
            accepted_edges = [(a, b, 1.0) for a, b in accepted]
            res.clusters = split_weak_bridges(res.clusters, [*edges, *accepted_edges])
        timings["cluster_s"] = time.perf_counter() - t
        return res
    finally:
        engine.close()


def second_stage_model(opts: Options, features: Sequence[str]) -> TreeEnsemble | None:
    """The learnt second stage's model for a run, or None when it is off or does not know the run's
    comparisons (given and family names compared apart: FEBRL, civil registers)."""
    if not opts.second_stage:
        return None
    model = opts.second_stage_model or second_stage.default_model()
    second_stage.check_columns(model)
    return model if second_stage.applies(model, features) else None


def births(tables: Sequence[Any]) -> dict[str, Date]:
    """uid → (year, month, day) of every record with a birth year (month and day 0 when unknown)."""
    import pyarrow.compute as pc

    out: dict[str, Date] = {}
    for tb in tables:
        cols = ("birth_year", "birth_month", "birth_day")
        if not all(c in tb.column_names for c in cols):
            continue
        known = tb.filter(pc.is_valid(tb["birth_year"]))
        for uid, y, m, d in zip(*(known[c].to_pylist() for c in ("unique_id", *cols)), strict=True):
            if y:
                out[uid] = (int(y), int(m or 0), int(d or 0))
    return out


def corroborated(pairs: PairTable, model: Model) -> np.ndarray:
    """Per pair: does a comparison other than the name agree at a level of linkage's `CORROBORATING`
    (`matching.features.name_only`, the one definition screening uses too)? Given and family names
    compared apart are the name too. A pair's level is the one whose weight it carries
    (`Model.level_of`); the few combinations of levels are judged once each."""
    features = [f for f in CORROBORATING if f in pairs.features]
    if not len(pairs) or not features:
        return np.zeros(len(pairs), dtype=bool)
    codes, names = [], []
    for feature in features:
        bits = np.nan_to_num(
            np.asarray(pairs.table[weight_column(feature)].to_numpy(zero_copy_only=False), dtype=float)
        )
        values, inverse = np.unique(bits, return_inverse=True)
        codes.append(inverse.reshape(-1))
        names.append([model.level_of(feature, float(b)) for b in values])
    combos, inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)
    agree = np.array(
        [
            not name_only(
                ((f, names[k][c]) for k, (f, c) in enumerate(zip(features, combo, strict=True))),
                CORROBORATING,
            )
            for combo in combos
        ],
        dtype=bool,
    )
    return np.asarray(agree[inverse.reshape(-1)], dtype=bool)


def cap_name_only(pairs: PairTable, model: Model, cap: float, keep_from: float | None = None) -> PairTable:
    """The pairs with the probability of those resting on the name alone lowered to at most `cap`
    (their weight, the model's own log odds, is kept for the evidence shown to reviewers); those at or
    above `keep_from` (the second stage's probabilities) are kept as they are."""
    import pyarrow as pa

    if not len(pairs):
        return pairs
    prob = pairs.probability
    lower = (prob > cap) & ~corroborated(pairs, model)
    if keep_from is not None:
        lower &= prob < keep_from
    if not lower.any():
        return pairs
    table = pairs.table
    i = table.schema.get_field_index("match_probability")
    lowered = np.where(lower, capped(prob, cap), prob)  # order kept inside the band: the queue's ranking
    table = table.set_column(i, "match_probability", pa.array(lowered, pa.float64()))
    return PairTable(table, pairs.features)


def pair_count(sizes: Sequence[int]) -> float:
    """All pairs a run compares in principle: n(n-1)/2 for one data set, n1 x n2 for two."""
    if len(sizes) == 1:
        return sizes[0] * (sizes[0] - 1) / 2
    return float(sizes[0] * sizes[1])


def _drop(engine: Engine, tables: Sequence[str]) -> None:
    if engine.name == "duckdb":
        for name in tables:
            engine.handle.execute(f"DROP TABLE IF EXISTS {name}")


def _predict_share(job: tuple[int, int, list[str], dict[str, Any], tuple[str, ...], float, str]) -> str:
    """One worker process: a fresh DuckDB reading the prepared rows from Parquet, the trained model,
    the scored pairs of its left chunk written to Parquet (nothing large crosses a pipe)."""
    from splink import Linker

    k, n, inputs, model, features, review_low, out = job
    engine = start_duckdb_worker()
    try:
        con = engine.handle
        tables = []
        for i, path in enumerate(inputs):
            con.execute(f"CREATE TABLE tipnet_input_{i} AS SELECT * FROM read_parquet(?)", [path])
            tables.append(engine.api.register(f"tipnet_input_{i}"))
        linker = Linker(
            tables if len(tables) > 1 else tables[0], model, log_level=None, validate_settings=False
        )
        chunk = linker.inference.predict_chunk(
            left_chunk=(k + 1, n), threshold_match_probability=review_low, warning_mode="never"
        )
        con.execute(
            f"COPY (SELECT {_pair_columns(features)} FROM {chunk.physical_name}) TO '{out}' (FORMAT parquet)"
        )
        return out
    finally:
        engine.close()


def start_duckdb_worker() -> Engine:
    """A scoring worker's DuckDB: one thread (the work is the Python name similarity, one core per
    process) and a share of the memory budget, so that all workers together stay within it."""
    from tipnet.linkage.engines import start_duckdb, worker_memory

    return start_duckdb(threads=1, memory_limit=worker_memory())


def _pair_columns(features: Sequence[str]) -> str:
    return ", ".join(
        ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
        + [weight_column(f) for f in features]
    )


def _predict_in_processes(
    engine: Engine,
    n_inputs: int,
    model: dict[str, Any],
    features: Sequence[str],
    opts: Options,
    floor: float | None = None,
) -> PairTable:
    """Score in `opts.workers` fresh processes (spawned: forking a process that runs DuckDB's threads
    can deadlock); the rows travel as Parquet files in a private temporary folder, removed after."""
    import multiprocessing
    import shutil
    import tempfile

    import pyarrow.parquet as pq

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
                opts.review_low if floor is None else floor,
                os.path.join(tmp, f"pairs_{k}.parquet"),
            )
            for k in range(opts.workers)
        ]
        with multiprocessing.get_context("spawn").Pool(opts.workers) as pool:
            outputs = pool.map(_predict_share, jobs)
        import pyarrow as pa

        from tipnet.linkage.scored import schema

        table = pa.concat_tables([pq.read_table(o).cast(schema(features)) for o in outputs])
        return PairTable(table, features)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def feature_pairs(tables: Sequence[Any], features: Sequence[str]) -> dict[str, float]:
    """feature → the pairs a run compares whose two records both hold it (`NULL_COLUMN` not null)."""
    return {
        f: pair_count([t.num_rows - t[NULL_COLUMN[f]].null_count for t in tables])
        for f in features
        if f in NULL_COLUMN
    }


def run_tables(tables: Sequence[Any], block_key_cap: int) -> list[Any]:
    """The prepared tables of one run with the columns counted over all of its records: blocking keys
    too common to block on removed, and the rare phones, name blocks, readings, keys and addresses."""
    out = filter_block_keys(tables, block_key_cap)
    out = rare_values(out, "phone_suffixes", "phone_rare", RARE_PHONE)
    out = rare_values(out, "name_blocks", "name_blocks_rare", RARE_NAME_BLOCK)
    out = rare_values(out, "name_forms_multi", "name_forms_rare", RARE_NAME)
    out = rare_values(out, "name_keys", "name_keys_rare", RARE_NAME_KEY)
    out = rare_values(out, "address_blocks", "address_blocks_rare", RARE_ADDRESS)
    return rare_values(out, "address_forms", "address_rare", RARE_ADDRESS)


def present_features(tables: Sequence[Any]) -> tuple[str, ...]:
    """The comparisons the data can inform: a feature no record has (phones in a passport list)
    would only add a level EM can never see."""
    found = {"name"}
    for table in tables:
        for feature, col in NULL_COLUMN.items():
            if table.num_rows and table[col].null_count < table.num_rows:
                found.add(feature)
    if not set(PART_FEATURES) <= found:
        found -= set(PART_FEATURES)  # a given name alone is the name comparison's business
    return tuple(f for f in FEATURES if f in found)


def _read_pairs(engine: Engine, predictions: Any, features: Sequence[str] = FEATURES) -> PairTable:
    from tipnet.linkage.scored import schema

    sql = f"SELECT {_pair_columns(features)} FROM {predictions.physical_name}"
    if engine.name == "duckdb":
        table = engine.handle.sql(sql).to_arrow_table()
    else:
        import pyarrow as pa

        rows = [r.asDict() for r in engine.handle.sql(sql).collect()]
        table = pa.Table.from_pylist(rows, schema=schema(features))
    return PairTable(table.cast(schema(features)), features)


def cluster(
    engine: Engine,
    uids: Sequence[Any],  # Arrow arrays of uids, one per input table
    edges: tuple[Any, Any],
    extra_edges: Sequence[tuple[str, str]] = (),
) -> dict[str, str]:
    """Connected components of the links (`edges`: two Arrow arrays of uids, plus `extra_edges`),
    computed by the engine (Splink's clustering); each cluster is named by its smallest uid, so the
    same input gives the same clusters on any engine."""
    import pyarrow as pa
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    node_table = pa.table({"unique_id": pa.chunked_array([c for u in uids for c in _chunks(u)], pa.string())})
    left = pa.chunked_array([*_chunks(edges[0]), pa.array([a for a, _ in extra_edges], type=pa.string())])
    right = pa.chunked_array([*_chunks(edges[1]), pa.array([b for _, b in extra_edges], type=pa.string())])
    edge_table = pa.table(
        {"unique_id_l": left, "unique_id_r": right, "match_probability": pa.array(np.ones(len(left)))}
    )
    if engine.name == "duckdb":
        con = engine.handle
        con.register("tipnet_nodes_arrow", node_table)
        con.register("tipnet_edges_arrow", edge_table)
        con.execute("CREATE OR REPLACE TABLE tipnet_nodes AS SELECT * FROM tipnet_nodes_arrow")
        con.execute("CREATE OR REPLACE TABLE tipnet_edges AS SELECT * FROM tipnet_edges_arrow")
        con.unregister("tipnet_nodes_arrow")
        con.unregister("tipnet_edges_arrow")
        node_t, edge_t = "tipnet_nodes", "tipnet_edges"
    else:
        spark = engine.handle
        node_t = spark.createDataFrame(node_table)
        edge_t = spark.createDataFrame(edge_table)
    result = cluster_pairwise_predictions_at_threshold(
        node_t, edge_t, db_api=engine.api, node_id_column_name="unique_id", threshold_match_probability=0.5
    )
    # each cluster's smallest uid, computed by the engine, so no Python pass groups a million rows
    sql = (
        f"SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id) AS name FROM {result.physical_name}"
    )
    if engine.name == "duckdb":
        out = engine.handle.sql(sql).to_arrow_table()
        return dict(zip(out["unique_id"].to_pylist(), out["name"].to_pylist(), strict=True))
    return {r["unique_id"]: r["name"] for r in engine.handle.sql(sql).collect()}


def _chunks(arr: Any) -> list[Any]:
    """The Arrow arrays of an array or a chunked array."""
    return list(arr.chunks) if hasattr(arr, "chunks") else [arr]
