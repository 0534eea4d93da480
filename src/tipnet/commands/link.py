"""`tipnet link`: entity resolution of any CSV (`link csv`) and of the store (`link store`)."""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from tipnet.commands import progress

link_app = typer.Typer(
    name="link",
    help="Entity resolution: dedupe one CSV or link two (link csv), or resolve the store's persons (link store).",
    no_args_is_help=True,
    add_completion=False,
)


def _console(stderr: bool = False) -> Console:
    tty = sys.stderr.isatty() if stderr else sys.stdout.isatty()
    # no emoji codes: a path holding ":name:" prints as written (and rich's emoji table, 15 ms, stays unloaded)
    return Console(stderr=stderr, soft_wrap=True, width=None if tty else 140, emoji=False)


def _arrow_without_pandas() -> None:
    """In the `tipnet` process, unless pandas is loaded already, tell pyarrow that pandas is absent:
    pyarrow imports pandas (0.2 CPU s) at its first `pa.array` only to ask whether the argument is a
    pandas object, and `link csv` hands it none. pyarrow still imports pandas when asked for one
    (`to_pandas`, `from_pandas`). Not done inside another program (tests, notebooks), where a pandas
    object given to `pa.array` would then be read as a plain sequence."""
    if "pandas" in sys.modules or os.path.basename(sys.argv[0]) != "tipnet":
        return
    import pyarrow as pa

    class NoPandas:  # pyarrow's try of `import pandas` fails
        @staticmethod
        def find_spec(name: str, *_: Any) -> None:
            if name == "pandas":
                raise ImportError("pandas not used here")

    finder = NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic collector off while the records are read and prepared: millions of small
    objects and no cycles (reference counting frees them as usual), which it would walk again and again
    (0.2-0.4 CPU s of FEBRL's 5,000-10,000 records). Run as the `tipnet` command, what they leave is
    then frozen (`gc.freeze`), so that the linkage's collections do not walk the prepared records."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if os.path.basename(sys.argv[0]) == "tipnet":
            gc.freeze()
        if was_enabled:
            gc.enable()


def _fail(message: str, code: int = 2) -> None:
    _console(stderr=True).print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@link_app.command("csv")
def link_csv(
    files: list[Path] = typer.Argument(..., help="One CSV to dedupe, or two to link with each other."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for pairs.csv, clusters.csv and the rest."),
    column: list[str] = typer.Option(
        [],
        "--column",
        "-c",
        help="ROLE=COLUMN (several columns: ROLE=A,B,C, joined with spaces). Roles: id, name, given_name, "
        "family_name, birth_date, gender, nationality, document_number, phone, address.",
    ),
    threshold: float = typer.Option(
        0.8,
        min=0.01,
        max=1.0,
        help="Match probability at which a pair links (linkage.resolve.DEFAULT_THRESHOLD).",
    ),
    review_low: float = typer.Option(
        0.5, min=0.01, max=1.0, help="Pairs from here up to the threshold go to review.csv."
    ),
    engine: str = typer.Option("duckdb", help="duckdb (embedded) or spark."),
    spark_master: str = typer.Option(None, help="Spark master URL (default local[2])."),
    model: Path = typer.Option(None, help="A model.json from an earlier run: reuse it instead of training."),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Processes preparing names."),
    seed: int = typer.Option(42, help="Seed of the u-probability sampling (reproducible models)."),
    second_stage: bool = typer.Option(
        True,
        "--second-stage/--no-second-stage",
        help="Re-score candidate pairs with the learnt second stage (docs/linkage.md); it applies only "
        "when its model knows the run's comparisons (not to given and family names compared apart).",
    ),
    second_stage_model: Path = typer.Option(
        None, help="A second-stage model JSON (bench/linkage_second_stage.py) instead of the shipped one."
    ),
) -> None:
    """Dedupe one CSV or link two: writes pairs.csv (id_l, id_r, match_probability), clusters.csv
    (id, cluster_id), review.csv, rejects.csv, model.json and run.json to --out."""
    import json

    with _collector_paused():  # imports and reading
        _arrow_without_pandas()
        from tipnet.ingest.errors import FileError
        from tipnet.ingest.readers import file_sha256
        from tipnet.linkage.records import prepare_table, table_digest
        from tipnet.linkage.resolve import Options, resolve
        from tipnet.linkage.tabular import MappingError, parse_column_options, read_input, write_outputs
        from tipnet.linkage.training import TrainingConfig

        if len(files) not in (1, 2):
            _fail("give one file to dedupe or two to link")
        if review_low > threshold:
            _fail("--review-low must not exceed --threshold")
        for f in files:
            if not f.is_file():
                _fail(f"{f}: no such file")
        err = _console(stderr=True)
        try:
            given = parse_column_options(column)
            two = len(files) == 2
            inputs = [
                read_input(
                    f,
                    given,
                    label=f.name if not two or files[0].name != files[1].name else f"{i + 1}:{f.name}",
                    prefix=f"{i}\x1f" if two else "",
                )
                for i, f in enumerate(files)
            ]
        except (MappingError, FileError) as exc:
            _fail(str(exc))
    trained = None
    if model is not None:
        try:
            trained = json.loads(model.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            _fail(f"{model}: not a model file ({exc})")
    stage_model = None
    if second_stage_model is not None:
        from tipnet.linkage.second_stage import check_columns
        from tipnet.matching.learnt import ModelFileError, load

        try:
            stage_model = load(second_stage_model)
            check_columns(stage_model)
        except ModelFileError as exc:
            _fail(f"{second_stage_model}: not a second-stage model ({exc})")
    datasets = []
    total = sum(len(i.records) for i in inputs)
    with progress.counted(err) as bar:
        task = bar.add_task("preparing names", total=total)
        with _collector_paused():
            for inp in inputs:
                prepared = prepare_table(
                    inp.records, workers=workers, advance=lambda done: bar.advance(task, done)
                )
                for rej in prepared.rejected:
                    inp.rejects.append((*inp.rows.get(rej.uid, (0, 0)), rej))
                datasets.append(prepared)
        status = bar.add_task("linking", total=None)
        opts = Options(
            engine=engine,
            spark_master=spark_master,
            threshold=threshold,
            review_low=review_low,
            training=TrainingConfig(seed=seed),
            model=trained,
            second_stage=second_stage,
            second_stage_model=stage_model,
        )
        try:
            res = resolve(datasets, opts, progress=lambda msg: bar.update(status, description=msg))
        except Exception as exc:  # an engine failure is reported, not a traceback
            _fail(f"linkage failed: {type(exc).__name__}: {exc}", 1)
    extra: dict[str, Any] = {
        "inputs": [
            {
                "file": str(i.path),
                "sha256": file_sha256(i.path),
                "records": len(i.records),
                "rejects": len(i.rejects),
            }
            for i in inputs
        ],
        "trained_on": {
            "records": sum(len(d) for d in datasets),
            "rows_sha256": table_digest([d.table for d in datasets]),
            # a sample of them when there were many: reproducible from these rows and the seed
            **(
                {"sample": {"records": res.training.sample_records, "seed": seed}}
                if res.training and res.training.sample_records
                else {}
            ),
        },
        "values_dropped": dict(sum((Counter(d.dropped) for d in datasets), Counter())),
        "engine": engine,
        "second_stage": {
            "applied": res.second_stage,
            "model": str(second_stage_model) if second_stage_model else "shipped",
        },
        "link_type": "dedupe_only" if len(files) == 1 else "link_only",
    }
    counts = write_outputs(out, inputs, res, extra)
    table = Table(title="tipnet link csv", show_header=False)
    table.add_row("records", f"{total:,}")
    table.add_row("links (≥ threshold)", f"{counts['links']:,}")
    table.add_row("to review", f"{counts['review']:,}")
    table.add_row("clusters", f"{counts['clusters']:,}")
    table.add_row("rejected rows", f"{counts['rejects']:,}")
    for field, n in extra["values_dropped"].items():
        table.add_row(f"unreadable {field} (ignored)", f"{n:,}")
    table.add_row("output", str(out))
    _console().print(table)
    if counts["rejects"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    try:  # `link store` lives beside, in its own module
        from tipnet.commands.link_store import register_store
    except ImportError:
        pass
    else:
        register_store(link_app)
    app.add_typer(link_app)
