"""`tipnet pprl`: privacy-preserving record linkage between partners (`encode` a CSV, `match` two files)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

pprl_app = typer.Typer(
    name="pprl",
    help="Privacy-preserving record linkage: encode a party's records under a shared secret (encode), "
    "find the persons two parties share from their encodings alone (match).",
    no_args_is_help=True,
    add_completion=False,
)

DEFAULT_THRESHOLD = 0.87  # precision 0.95 on the calibration split of the independent set (seed 13)


def _console(stderr: bool = False) -> Console:
    tty = sys.stderr.isatty() if stderr else sys.stdout.isatty()
    return Console(stderr=stderr, soft_wrap=True, width=None if tty else 140)


def _fail(message: str, code: int = 2) -> None:
    _console(stderr=True).print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_FORK: tuple[Sequence[Any], Any] | None = None  # (inputs, encoder), read by forked workers
CHUNK = 5000


def _encode_chunk(inputs: Sequence[Any], encoder: Any) -> tuple[Any, list[tuple[int, str, str]]]:
    """One chunk's filters (of the records that could be encoded, in order) and its refusals (index in
    the chunk, field, reason: plain values, since they cross a process pipe). Features are dropped as
    soon as hashed: only filters are kept."""
    from tipnet.sharing.pprl.features import EncodeError, record_features

    kept: list[Any] = []
    refused: list[tuple[int, str, str]] = []
    for i, rec in enumerate(inputs):
        try:
            if "\n" in rec.id:
                raise EncodeError("id", "the id holds a line break")
            kept.append(record_features(rec, encoder.schema)[0])
        except EncodeError as exc:
            refused.append((i, exc.field, exc.reason))
    return encoder.encode(kept), refused


def _encode_span(span: tuple[int, int]) -> tuple[Any, list[tuple[int, str, str]]]:
    assert _FORK is not None
    inputs, encoder = _FORK
    return _encode_chunk(inputs[span[0] : span[1]], encoder)


def _encode_all(
    inputs: Sequence[Any], encoder: Any, workers: int
) -> Iterator[tuple[int, tuple[Any, list[tuple[int, str, str]]]]]:
    """(chunk start, chunk result) in order; on `workers` forked processes for big inputs (romanizing
    is the slow part); each worker hashes its own chunk too."""
    global _FORK
    bounds = [(i, min(i + CHUNK, len(inputs))) for i in range(0, len(inputs), CHUNK)]
    if workers <= 1 or len(inputs) <= 2 * CHUNK:
        for a, b in bounds:
            yield a, _encode_chunk(inputs[a:b], encoder)
        return
    _FORK = (inputs, encoder)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (a, _b), part in zip(bounds, pool.imap(_encode_span, bounds), strict=True):
                yield a, part
    finally:
        _FORK = None


@pprl_app.command("encode")
def encode(
    file: Path = typer.Argument(..., help="The party's person records (CSV)."),
    out: Path = typer.Option(..., "--out", "-o", help="The encoding file to write (.clk)."),
    secret_file: Path = typer.Option(
        ..., "--secret-file", help="The secret shared with the other party only (never the linkage unit)."
    ),
    column: list[str] = typer.Option(
        [],
        "--column",
        "-c",
        help="ROLE=COLUMN as in `tipnet link csv` (ROLE=A,B joins columns). Roles: id, name, given_name, "
        "family_name, birth_date, gender, nationality, document_number, phone.",
    ),
    pseudonymize: bool = typer.Option(
        False, "--pseudonymize", help="Write keyed pseudonyms (HMAC of the id) instead of the record ids."
    ),
    rejects: Path = typer.Option(None, help="Where rejected rows go (default: OUT.rejects.csv)."),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Processes preparing names."),
) -> None:
    """Encode a CSV into keyed Bloom filters: writes OUT (.clk) and OUT.rejects.csv (row, id, field,
    reason; never values). Exit 1 when rows were rejected, 2 when nothing could be done."""
    import numpy as np

    from tipnet.ingest import csvsafe
    from tipnet.ingest.errors import FileError
    from tipnet.linkage.tabular import MappingError, parse_column_options, read_input
    from tipnet.sharing.pprl.clkfile import write_clk
    from tipnet.sharing.pprl.encode import Encoder, pseudonym
    from tipnet.sharing.pprl.features import PprlInput
    from tipnet.sharing.pprl.schema import DEFAULT_SCHEMA, SecretError, derive_keys, read_secret
    from tipnet.store.files import open_private

    started = time.perf_counter()
    err = _console(stderr=True)
    if not file.is_file():
        _fail(f"{file}: no such file")
    schema = DEFAULT_SCHEMA
    try:
        keys = derive_keys(read_secret(secret_file), schema)
    except SecretError as exc:
        _fail(str(exc))
    try:
        given = parse_column_options(column)
        if "address" in given:
            raise MappingError("--column address: addresses are not encoded")
        inp = read_input(file, given, label=file.name)
    except (MappingError, FileError) as exc:
        _fail(str(exc))
    inputs = [
        PprlInput(
            id=inp.ids[r.uid],
            names=r.names,
            birth_date=r.birth_date,
            gender=r.gender,
            nationalities=r.nationalities,
            documents=r.documents,
            phones=r.phones,
        )
        for r in inp.records
    ]
    inp.records = []  # the raw values are no longer needed: only inputs, then filters, are kept
    rejected: list[tuple[int, int, str, str, str]] = [
        (row, line, rej.uid, rej.field, rej.reason) for row, line, rej in inp.rejects
    ]
    encoder = Encoder(keys, schema)
    parts: list[Any] = []
    kept_ids: list[str] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=not err.is_terminal,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("encoding", total=len(inputs))
        for start, (filters_part, refused) in _encode_all(inputs, encoder, workers):
            parts.append(filters_part)
            bad = {i for i, _f, _r in refused}
            end = min(start + CHUNK, len(inputs))
            kept_ids.extend(inputs[k].id for k in range(start, end) if k - start not in bad)
            for i, field, reason in refused:
                rec = inputs[start + i]
                row, line = inp.rows.get(rec.id, (0, 0))
                rejected.append((row, line, "" if field == "id" else rec.id, field, reason))
            bar.advance(task, end - start)
    filters = np.concatenate(parts) if parts else np.zeros((0, schema.filter_bytes), dtype=np.uint8)
    ids = [pseudonym(keys, i) for i in kept_ids] if pseudonymize else kept_ids
    try:
        write_clk(out, schema, keys.check, ids, filters, id_mode="pseudonym" if pseudonymize else "plain")
    except OSError as exc:
        _fail(f"{out}: cannot write ({exc.strerror or exc})")
    rejects_path = rejects or out.with_name(out.name + ".rejects.csv")
    with open_private(rejects_path, "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["file", "row", "line", "id", "field", "reason"])
        for row, line, rid, field, reason in sorted(rejected):
            w.writerow([file.name, row, line, rid, field, reason])
    table = Table(title="tipnet pprl encode", show_header=False)
    table.add_row("records encoded", f"{len(ids):,}")
    table.add_row("rejected rows", f"{len(rejected):,}")
    table.add_row("schema", f"{schema.schema_id} v{schema.version} ({schema.digest()[:12]})")
    table.add_row("key check", keys.check[:16])
    table.add_row("ids", "keyed pseudonyms" if pseudonymize else "the file's own ids")
    table.add_row("output", str(out))
    table.add_row("seconds", f"{time.perf_counter() - started:.1f}")
    _console().print(table)
    if rejected:
        raise typer.Exit(1)


@pprl_app.command("match")
def match(
    a: Path = typer.Argument(..., help="Party A's encodings (.clk)."),
    b: Path = typer.Argument(..., help="Party B's encodings (.clk)."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for matches.csv and run.json."),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, min=0.01, max=1.0, help="Match score at which a pair is reported."
    ),
    blocking: str = typer.Option("auto", help="auto (in full when small), lsh, or full."),
) -> None:
    """Find the record pairs two encodings share: writes OUT/matches.csv (a_id, b_id, score; a record
    may match several) and OUT/run.json. Needs no key. Exit 2 when a file is refused."""
    import numpy as np

    from tipnet.ingest import csvsafe
    from tipnet.sharing.pprl.clkfile import ClkError, check_compatible, read_clk
    from tipnet.sharing.pprl.match import FULL_LIMIT, Blocking, match_filters
    from tipnet.store.files import open_private, private_dir

    if blocking not in ("auto", "lsh", "full"):
        _fail("--blocking must be auto, lsh or full")
    started = time.perf_counter()
    try:
        fa, fb = read_clk(a), read_clk(b)
        check_compatible(fa, fb)
    except ClkError as exc:
        _fail(str(exc))
    schema = fa.schema
    limit = FULL_LIMIT if blocking == "auto" else (0 if blocking == "lsh" else 1 << 62)
    res = match_filters(fa.filters, fb.filters, schema, threshold, full_limit=limit)
    order = np.lexsort((-res.score, res.b, res.a)) if len(res.a) else np.empty(0, dtype=np.int64)
    private_dir(out)
    with open_private(out / "matches.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["a_id", "b_id", "score"])
        for k in order:
            w.writerow([fa.ids[res.a[k]], fb.ids[res.b[k]], f"{float(res.score[k]):.4f}"])
    run = {
        "inputs": [
            {"file": str(p), "sha256": _sha256(p), "records": len(c), "ids": c.header.get("ids")}
            for p, c in ((a, fa), (b, fb))
        ],
        "schema": schema.schema_id,
        "schema_version": schema.version,
        "schema_digest": schema.digest(),
        "threshold": threshold,
        "blocked": res.blocked,
        "blocking": Blocking().__dict__ if res.blocked else None,
        "pairs_compared": int(res.candidates),
        "matches": len(res.a),
        "seconds": round(time.perf_counter() - started, 2),
    }
    with open_private(out / "run.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(run, indent=1, default=list))
    table = Table(title="tipnet pprl match", show_header=False)
    table.add_row("records", f"{len(fa):,} × {len(fb):,}")
    table.add_row("pairs compared", f"{res.candidates:,}" + (" (blocked)" if res.blocked else ""))
    table.add_row("matches (≥ threshold)", f"{len(res.a):,}")
    table.add_row("output", str(out))
    _console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(pprl_app)
