"""`tipnet pprl`: privacy-preserving record linkage between partners (`encode` a CSV, `match` two files)."""

from __future__ import annotations

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
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tipnet.commands import progress

pprl_app = typer.Typer(
    name="pprl",
    help="Privacy-preserving record linkage: encode a party's records under a shared secret (encode), "
    "find the persons two parties share from their encodings alone (match).",
    no_args_is_help=True,
    add_completion=False,
)

# Default match thresholds per encoding: the score with precision 0.95 on the calibration split of the
# independent set (seed 13; bench/bench_pprl.py, BENCHMARKS.md). The salted default's score was refitted
# for v4 (session 11: the median of three encodings' calibration thresholds, 0.165-0.199); the unsalted
# profile keeps the coefficients and threshold of v1.
DEFAULT_THRESHOLD_SALTED = 0.18
DEFAULT_THRESHOLD = 0.87  # --profile unsalted


def default_threshold(salt_names: str) -> float:
    """The default match threshold of an encoding (its schema's `salt_names`)."""
    return DEFAULT_THRESHOLD_SALTED if salt_names else DEFAULT_THRESHOLD


def _console(stderr: bool = False) -> Console:
    tty = sys.stderr.isatty() if stderr else sys.stdout.isatty()
    return Console(stderr=stderr, soft_wrap=True, width=None if tty else 140)


def _fail(message: str, code: int = 2) -> None:
    _console(stderr=True).print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


_FORK: tuple[Sequence[Any], Any] | None = None  # (inputs, encoder), read by forked workers
CHUNK = 5000


def _encode_chunk(
    inputs: Sequence[Any], encoder: Any, stream: int = 0
) -> tuple[Any, list[tuple[int, str, str]]]:
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
    return encoder.encode(kept, stream=stream), refused


def _encode_span(span: tuple[int, int]) -> tuple[Any, list[tuple[int, str, str]]]:
    assert _FORK is not None
    inputs, encoder = _FORK
    return _encode_chunk(inputs[span[0] : span[1]], encoder, span[0] // CHUNK)


def _encode_all(
    inputs: Sequence[Any], encoder: Any, workers: int
) -> Iterator[tuple[int, tuple[Any, list[tuple[int, str, str]]]]]:
    """(chunk start, chunk result) in order; on `workers` forked processes for big inputs (romanizing
    is the slow part); each worker hashes its own chunk too."""
    global _FORK
    bounds = [(i, min(i + CHUNK, len(inputs))) for i in range(0, len(inputs), CHUNK)]
    if workers <= 1 or len(inputs) <= 2 * CHUNK:
        for a, b in bounds:
            yield a, _encode_chunk(inputs[a:b], encoder, a // CHUNK)
        return
    _FORK = (inputs, encoder)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (a, _b), part in zip(bounds, pool.imap(_encode_span, bounds), strict=True):
                yield a, part
    finally:
        _FORK = None


def _configured_store(label: str) -> Any:
    """The store the audit event goes to: the configured database (TIPNET_DATABASE_URL), or the
    embedded one when it exists. None when neither: the file commands then run without a store and
    say so (the linkage unit may have no tipnet store at all)."""
    from tipnet.settings import get_settings
    from tipnet.store import engine as store

    settings = get_settings()
    if not settings.database_url and not (settings.data_dir / "tipnet.db").exists():
        _console(stderr=True).print(
            f"[yellow]not audited:[/yellow] no store is configured, so this {label} is not in an audit "
            "log (set TIPNET_DATABASE_URL, or create the embedded store with `tipnet db upgrade`)"
        )
        return None
    db = store.make_engine()
    if not _store_ready(db):
        db.dispose()
        _fail(f"the store is not migrated; run `tipnet db upgrade` first (the {label} is audited there)")
    return db


def _store_ready(db: Any) -> bool:
    """Whether the store is migrated; an unreachable one is a clear error (exit 2), not a traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    from tipnet.store import engine as store

    try:
        return store.is_up_to_date(db)
    except SQLAlchemyError as exc:
        db.dispose()
        _fail(f"the store cannot be reached ({type(exc).__name__}); nothing was read or written")
        raise  # unreachable: _fail exits


def _schema_details(schema: Any) -> dict[str, Any]:
    return {"schema": schema.schema_id, "schema_version": schema.version, "schema_digest": schema.digest()}


Rejected = tuple[int, int, str, str, str]  # row, line, id, field, reason (never a value)


def _own_groups(records: Sequence[Any], workers: int) -> dict[str, dict[str, tuple[str, ...]]]:
    """uid -> the group_* values of `PprlInput` (the other records' birth dates, phones and documents;
    and `group_key`, the group's smallest uid, for counting) of each record the party's own plaintext linkage (`linkage.resolve`, the defaults of `tipnet link
    csv` on one file) puts in a group of two or more records."""
    from collections import defaultdict

    from tipnet.linkage.records import prepare_table
    from tipnet.linkage.resolve import Options, resolve

    if len(records) < 2:
        return {}
    err = _console(stderr=True)
    with progress.counted(err) as bar:
        task = bar.add_task("linking own records", total=len(records))
        prepared = prepare_table(list(records), workers=workers, advance=lambda done: bar.advance(task, done))
        try:
            res = resolve([prepared], Options())
        except Exception as exc:  # an engine failure is reported, not a traceback
            _fail(f"--link-own: linkage failed: {type(exc).__name__}: {exc}")
    members: dict[str, list[Any]] = defaultdict(list)
    by_uid = {r.uid: r for r in records}
    for uid, key in res.clusters.items():
        if uid in by_uid:
            members[key].append(by_uid[uid])
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        for r in group:
            others = [o for o in group if o.uid != r.uid]
            out[r.uid] = {
                "group_birth_dates": tuple(dict.fromkeys(o.birth_date for o in others if o.birth_date)),
                "group_phones": tuple(dict.fromkeys(p for o in others for p in o.phones)),
                "group_documents": tuple(dict.fromkeys(d for o in others for d in o.documents)),
                "group_key": (min(o.uid for o in group),),
            }
    return out


def _encode_inputs(
    inputs: Sequence[Any], encoder: Any, workers: int, rows: dict[str, tuple[int, int]]
) -> tuple[Any, list[str], list[Rejected]]:
    """Filters and ids of the records that could be encoded, in order, and the refused ones."""
    import numpy as np

    err = _console(stderr=True)
    parts: list[Any] = []
    kept_ids: list[str] = []
    rejected: list[Rejected] = []
    with progress.counted(err) as bar:
        task = bar.add_task("encoding", total=len(inputs))
        for start, (filters_part, refused) in _encode_all(inputs, encoder, workers):
            parts.append(filters_part)
            bad = {i for i, _f, _r in refused}
            end = min(start + CHUNK, len(inputs))
            kept_ids.extend(inputs[k].id for k in range(start, end) if k - start not in bad)
            for i, field, reason in refused:
                rec = inputs[start + i]
                row, line = rows.get(rec.id, (0, 0))
                rejected.append((row, line, "" if field == "id" else rec.id, field, reason))
            bar.advance(task, end - start)
    filters = np.concatenate(parts) if parts else np.zeros((0, encoder.schema.filter_bytes), dtype=np.uint8)
    return filters, kept_ids, rejected


def _stored_inputs(
    db: Any, ring: Any, roles: Sequence[str], case_org: str | None, phone_region: str | None = None
) -> tuple[list[Any], Any, dict[str, Any]]:
    """The store's persons as PPRL inputs, read by linkage's reader (the fields `tipnet link store`
    compares, sealed persons unsealed in memory). Returns the inputs, the reader's counts and what
    was selected; the caller writes the one audit event."""
    from sqlalchemy.orm import Session

    from tipnet.linkage.store_records import Extraction, store_records
    from tipnet.sharing.pprl.features import PprlInput
    from tipnet.sharing.pprl.stored import SelectionError, person_selection

    ext = Extraction()
    with Session(db) as session:
        try:
            only = person_selection(session, roles, case_org)
        except SelectionError as exc:
            _fail(str(exc))
        inputs = [
            PprlInput(
                id=r.uid,
                names=r.names,
                birth_date=r.birth_date,
                gender=r.gender,
                nationalities=r.nationalities,
                documents=r.documents,
                phones=r.phones,
                phone_region=phone_region,
            )
            for r in store_records(session, ext, ring=ring, watchlists=False, persons=only)
        ]
        session.rollback()  # the read transaction ends before the encoding
    selected = {"roles": sorted({r.lower() for r in roles}), "case_org": case_org}
    return inputs, ext, selected


@pprl_app.command("encode")
def encode(
    file: Path = typer.Argument(None, help="The party's person records (CSV); or --stored."),
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
    stored: bool = typer.Option(
        False,
        "--stored",
        help="Encode the store's persons instead of a CSV (sealed victims opened under one audit event; "
        "ids are person:N, or pseudonyms with --pseudonymize).",
    ),
    role: list[str] = typer.Option(
        [], "--role", help="With --stored: only persons with this part in a case (victim, suspect, witness)."
    ),
    case_org: str = typer.Option(
        None, "--case-org", help="With --stored: only persons of cases owned by this organisation (code)."
    ),
    pseudonymize: bool = typer.Option(
        False, "--pseudonymize", help="Write keyed pseudonyms (HMAC of the id) instead of the record ids."
    ),
    rejects: Path = typer.Option(None, help="Where rejected rows go (default: OUT.rejects.csv)."),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Processes preparing names."),
    profile: str = typer.Option(
        "salted",
        "--profile",
        help="salted (default): names salted with the full birth date and with each phone and document, "
        "so the linkage unit cannot mine the file for frequent names; unsalted: names link whatever the birth date (more matches) but the "
        "file can be mined: only when the parties match their files themselves. Both parties alike.",
    ),
    phone_region: str = typer.Option(
        None,
        "--phone-region",
        help="The country (ISO alpha-2, e.g. TH) the party's phones written without a country code are "
        "in: they are then encoded with their country, as numbers written with one always are. Leave it "
        "out when the records mix countries (such numbers are then compared on their last eight digits).",
    ),
    link_own: bool = typer.Option(
        False,
        "--link-own",
        help="First link the CSV's own records (tipnet's plaintext linkage, as `tipnet link csv` on the "
        "one file): each record's names are then salted with its group's full dates, phones and "
        "documents too, so a record without a date, linked to one with it, still agrees on the name. "
        "The file holds no group ids nor anything else of the grouping. Salted profile only.",
    ),
    actor: str = typer.Option("cli", "--actor", help="Who encodes, for the audit log."),
    reason: str = typer.Option(
        None, "--reason", help="Why the records are encoded (audit log); with --stored, why victims are read."
    ),
) -> None:
    """Encode a CSV, or the store's persons (--stored), into keyed Bloom filters: writes OUT (.clk)
    and OUT.rejects.csv (row, id, field, reason; never values), and one audit event in the store
    (always with --stored; for a CSV when a store is configured). Exit 1 when rows were rejected,
    2 when nothing could be done."""
    import secrets as pysecrets

    from sqlalchemy.exc import SQLAlchemyError

    from tipnet.ingest import csvsafe
    from tipnet.ingest.errors import FileError
    from tipnet.ingest.pipeline import file_sha256
    from tipnet.linkage.tabular import MappingError, parse_column_options, read_input
    from tipnet.sharing.pprl.audit_log import record_encoding
    from tipnet.sharing.pprl.clkfile import write_clk
    from tipnet.sharing.pprl.encode import Encoder, pseudonym
    from tipnet.sharing.pprl.features import PprlInput
    from tipnet.sharing.pprl.schema import PROFILES, SecretError, derive_keys, read_secret
    from tipnet.store.engine import session_scope
    from tipnet.store.files import open_private

    started = time.perf_counter()
    if stored == (file is not None):
        _fail("give either a CSV file or --stored")
    if stored and column:
        _fail("--column is for a CSV file, not --stored")
    if not stored and (role or case_org):
        _fail("--role and --case-org select the store's persons: use them with --stored")
    if file is not None and not file.is_file():
        _fail(f"{file}: no such file")
    if profile not in PROFILES:
        _fail(f"--profile {profile!r}: one of {', '.join(PROFILES)}")
    if link_own and stored:
        _fail("--link-own links a CSV's records: the store's persons are already linked, one person each")
    if link_own and not PROFILES[profile].salt_names:
        _fail("--link-own adds salts to the names: the unsalted profile has none")
    if phone_region is not None:
        import phonenumbers

        phone_region = phone_region.strip().upper()
        if phone_region not in phonenumbers.SUPPORTED_REGIONS:
            _fail(f"--phone-region {phone_region!r}: not a country code of the numbering plans (e.g. KH, TH)")
    schema = PROFILES[profile]
    try:
        keys = derive_keys(read_secret(secret_file), schema)
    except SecretError as exc:
        _fail(str(exc))
    rows: dict[str, tuple[int, int]] = {}
    rejected: list[Rejected] = []
    stored_details: dict[str, Any] | None = None
    own_counts: dict[str, int] | None = None
    own_ids: dict[str, str] = {}  # --link-own: record id -> its group's label (the groups file)
    if stored:
        from tipnet.errors import TipnetError
        from tipnet.security.keyguard import open_keyring
        from tipnet.security.keys import KeyringError
        from tipnet.store import engine as store

        db = store.make_engine()
        if not _store_ready(db):
            _fail("the store is not migrated; run `tipnet db upgrade` first")
        try:
            ring = open_keyring(db)
        except (TipnetError, KeyringError) as exc:
            _fail(f"refused: {exc}")
        inputs, ext, selected = _stored_inputs(db, ring, role, case_org, phone_region)
        stored_details = {**selected, "persons": ext.persons, "sealed_persons": ext.sealed}
        source = "store"
    else:
        assert file is not None
        db = _configured_store("encoding")
        try:
            given = parse_column_options(column)
            if "address" in given:
                raise MappingError("--column address: addresses are not encoded")
            inp = read_input(file, given, label=file.name)
        except (MappingError, FileError) as exc:
            _fail(str(exc))
        groups = _own_groups(inp.records, workers) if link_own else {}
        own_counts = (
            {"records_grouped": len(groups), "groups": len({v["group_key"] for v in groups.values()})}
            if link_own
            else None
        )
        labels = {k: str(n) for n, k in enumerate(sorted({v["group_key"] for v in groups.values()}), start=1)}
        own_ids = {inp.ids[u]: labels[v["group_key"]] for u, v in groups.items()}
        groups = {k: {f: x for f, x in v.items() if f != "group_key"} for k, v in groups.items()}
        inputs = [
            PprlInput(
                id=inp.ids[r.uid],
                names=r.names,
                birth_date=r.birth_date,
                gender=r.gender,
                nationalities=r.nationalities,
                documents=r.documents,
                phones=r.phones,
                phone_region=phone_region,
                **groups.get(r.uid, {}),
            )
            for r in inp.records
        ]
        del groups
        inp.records = []  # the raw values are no longer needed: only inputs, then filters, are kept
        rows = inp.rows
        rejected = [(row, line, rej.uid, rej.field, rej.reason) for row, line, rej in inp.rejects]
        source = f"csv:{file.name}"
    id_mode = "pseudonym" if pseudonymize else "plain"
    audit_args: dict[str, Any] = {
        "source": source,
        "out_name": out.name,
        "schema": _schema_details(schema),
        "key_check": keys.check,
        "ids": id_mode,
        "reason": reason,
        "stored": stored_details,
        "own_groups": own_counts,
    }
    part = out.with_name(f".{out.name}.{pysecrets.token_hex(6)}.part")
    try:
        filters, kept_ids, refused = _encode_inputs(inputs, Encoder(keys, schema), workers, rows)
        rejected.extend(refused)
        del inputs
        ids = [pseudonym(keys, i) for i in kept_ids] if pseudonymize else kept_ids
        try:
            write_clk(part, schema, keys.check, ids, filters, id_mode=id_mode)
        except OSError as exc:
            _fail(f"{out}: cannot write ({exc.strerror or exc})")
        # the event commits before the encoding is in place: no encoding goes out unaudited
        if db is not None:
            try:
                with session_scope(db) as session:
                    record_encoding(
                        session,
                        actor,
                        out_sha256=file_sha256(part),
                        records=len(ids),
                        rejected=len(rejected),
                        **audit_args,
                    )
            except SQLAlchemyError as exc:
                _fail(f"the audit event could not be written ({type(exc).__name__}): no encoding was kept")
        try:
            os.replace(part, out)
        except OSError as exc:
            _fail(f"{out}: cannot write ({exc.strerror or exc})")
        if link_own:  # the party's own groups, by the ids the file carries: kept by the party
            from tipnet.sharing.pprl.groups import write_groups

            shown = {r: pseudonym(keys, r) for r in own_ids} if pseudonymize else {r: r for r in own_ids}
            write_groups(out.with_name(out.name + ".groups.csv"), {shown[r]: g for r, g in own_ids.items()})
    except BaseException:
        if stored and db is not None:  # sealed persons were opened: that read is audited anyway
            try:
                with session_scope(db) as session:
                    record_encoding(session, actor, out_sha256=None, records=0, rejected=0, **audit_args)
            except SQLAlchemyError as exc:
                _console(stderr=True).print(
                    f"[red]the failed run's reading of the store could not be audited[/red] ({type(exc).__name__})"
                )
        raise
    finally:
        if part.exists():
            part.unlink()
        if db is not None:
            db.dispose()
    rejects_path = rejects or out.with_name(out.name + ".rejects.csv")
    with open_private(rejects_path, "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["file", "row", "line", "id", "field", "reason"])
        for row, line, rid, field, why in sorted(rejected):
            w.writerow([file.name if file is not None else "store", row, line, rid, field, why])
    table = Table(title="tipnet pprl encode", show_header=False)
    if stored_details is not None:
        table.add_row("persons read (sealed opened)", f"{ext.persons:,} ({ext.sealed:,})")
    table.add_row("records encoded", f"{len(ids):,}")
    table.add_row("rejected rows", f"{len(rejected):,}")
    table.add_row("schema", f"{schema.schema_id} v{schema.version} ({schema.digest()[:12]})")
    table.add_row("key check", keys.check[:16])
    table.add_row(
        "ids", "keyed pseudonyms" if pseudonymize else ("person:N" if stored else "the file's own ids")
    )
    if link_own:
        table.add_row("names salted with their own group's values", "yes (--link-own)")
    table.add_row("audited", "yes" if db is not None else "no (no store)")
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
    threshold: float | None = typer.Option(
        None,
        min=0.01,
        max=1.0,
        help=f"Match score at which a pair is reported (default {DEFAULT_THRESHOLD_SALTED} for the default "
        f"salted encodings, {DEFAULT_THRESHOLD} for --profile unsalted: precision 0.95 on calibration data).",
    ),
    blocking: str = typer.Option("auto", help="auto (in full when small), lsh, or full."),
    expected_overlap: float | None = typer.Option(
        None,
        "--expected-overlap",
        min=0.0001,
        max=1.0,
        help="Share of the smaller file's records the parties expect to have a match in the other "
        "(default: the calibration data's, 0.665). Sets the population prior of the score.",
    ),
    population_prior: bool = typer.Option(
        True,
        "--population-prior/--no-population-prior",
        help="Score pairs with the prior of the files' sizes (default), so that one threshold means one "
        "precision at any size; --no-population-prior scores as at the calibration population (2,467 "
        "records a side).",
    ),
    learnt: bool | None = typer.Option(
        None,
        "--learnt/--no-learnt",
        help="Re-score the candidate pairs with the learnt comparison stage (by default for files of up to "
        "50,000 records a side, encoded with the schema it was trained on; others keep the schema's "
        "score); --learnt at any size; --no-learnt scores with the schema's coefficients alone.",
    ),
    learnt_model: Path | None = typer.Option(
        None,
        "--learnt-model",
        help="The learnt stage's model (JSON, bench/pprl_learnt_match.py) instead of the shipped one; "
        "refused (exit 2) when it does not fit the files' schema.",
    ),
    actor: str = typer.Option("cli", "--actor", help="Who matches, for the audit log."),
    reason: str = typer.Option(
        None, "--reason", help="Why the two parties' encodings are matched (audit log)."
    ),
) -> None:
    """Find the record pairs two encodings share: writes OUT/matches.csv (a_id, b_id, score; a record
    may match several) and OUT/run.json, and one audit event when a store is configured (before the
    output is written). Needs no key. Exit 2 when a file is refused."""
    import numpy as np
    from sqlalchemy.exc import SQLAlchemyError

    from tipnet.ingest import csvsafe
    from tipnet.ingest.pipeline import file_sha256
    from tipnet.matching.learnt import ModelFileError
    from tipnet.sharing.pprl.audit_log import record_match
    from tipnet.sharing.pprl.clkfile import ClkError, check_compatible, read_clk
    from tipnet.sharing.pprl.learnt_match import (
        AUTO_LIMIT,
        check,
        load_model,
        match_learnt,
        prior_logodds,
    )
    from tipnet.sharing.pprl.match import FULL_LIMIT, Blocking, Population, match_filters
    from tipnet.store.engine import session_scope
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
    if learnt_model is not None and learnt is False:
        _fail("--learnt-model is the learnt stage's model: it cannot go with --no-learnt")
    stage = None
    learnt_details: dict[str, Any] = {"applied": False}
    if learnt is None and learnt_model is None and max(len(fa), len(fb)) > AUTO_LIMIT:
        learnt = False
        learnt_details["not_applied"] = (
            f"files of more than {AUTO_LIMIT:,} records a side are scored by the schema unless --learnt is given"
        )
    if learnt is not False:
        try:
            stage = check(load_model(learnt_model), schema)
        except ModelFileError as exc:
            if learnt_model is not None:
                _fail(f"{learnt_model}: refused: {exc}")
            # the shipped model knows the default profile's schema only: others keep the schema's score
            learnt_details["not_applied"] = str(exc)
        else:
            learnt_details = {"applied": True, "model": learnt_model.name if learnt_model else "shipped"}
    if threshold is None:
        threshold = stage.threshold if stage is not None else default_threshold(schema.salt_names)
    if expected_overlap is not None and not population_prior:
        _fail("--expected-overlap sets the population prior: it cannot go with --no-population-prior")
    population = Population(len(fa), len(fb), expected_overlap)
    shift = population.shift(schema) if population_prior else 0.0
    limit = FULL_LIMIT if blocking == "auto" else (0 if blocking == "lsh" else 1 << 62)
    err = _console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        transient=not err.is_terminal,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("matching", total=1.0)
        if stage is not None:
            res = match_learnt(
                fa.filters,
                fb.filters,
                schema,
                threshold,
                stage,
                shift=shift,
                prior=prior_logodds(population, schema, population_prior),
                full_limit=limit,
                progress=lambda done: bar.update(task, completed=done),
            )
        else:
            res = match_filters(
                fa.filters,
                fb.filters,
                schema,
                threshold,
                full_limit=limit,
                progress=lambda done: bar.update(task, completed=done),
                shift=shift,
            )
    order = np.lexsort((-res.score, res.b, res.a)) if len(res.a) else np.empty(0, dtype=np.int64)
    inputs = [
        {"file": p.name, "sha256": file_sha256(p), "records": len(c), "ids": c.header.get("ids")}
        for p, c in ((a, fa), (b, fb))
    ]
    prior_details = {
        "applied": population_prior,
        "expected_overlap": expected_overlap,
        "shift": round(shift, 4),
    }
    db = _configured_store("match")
    if db is not None:
        try:
            with session_scope(db) as session:  # committed before any output is written
                record_match(
                    session,
                    actor,
                    inputs=inputs,
                    schema=_schema_details(schema),
                    key_check=fa.key_check,
                    threshold=threshold,
                    pairs_compared=int(res.candidates),
                    matches=len(res.a),
                    out_name=out.name,
                    reason=reason,
                    population_prior=prior_details,
                    learnt=learnt_details,
                )
        except SQLAlchemyError as exc:
            _fail(f"the audit event could not be written ({type(exc).__name__}): no match was written")
        finally:
            db.dispose()
    private_dir(out)
    with open_private(out / "matches.csv", "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["a_id", "b_id", "score", "probability"])
        # the learnt stage's score is its calibrated probability already (with the prior)
        probability = res.score if stage is not None else population.probability(schema, res.score)
        for k in order:
            w.writerow(
                [fa.ids[res.a[k]], fb.ids[res.b[k]], f"{float(res.score[k]):.4f}", f"{probability[k]:.4f}"]
            )
    run = {
        "inputs": [{**i, "file": str(p)} for i, p in zip(inputs, (a, b), strict=True)],
        "schema": schema.schema_id,
        "schema_version": schema.version,
        "schema_digest": schema.digest(),
        "threshold": threshold,
        "population_prior": prior_details,
        "learnt": learnt_details,
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
    table.add_row(
        "scored by",
        "the learnt stage"
        if stage is not None
        else "the schema's coefficients"
        + (" (the learnt stage does not apply to these files)" if "not_applied" in learnt_details else ""),
    )
    table.add_row("audited", "yes" if db is not None else "no (no store)")
    table.add_row("output", str(out))
    _console().print(table)


@pprl_app.command("expand")
def expand_matches(
    matches: Path = typer.Argument(..., help="A match's matches.csv (or an expansion of it)."),
    groups: Path = typer.Option(
        ..., "--groups", help="This party's OUT.groups.csv from `encode --link-own`."
    ),
    side: str = typer.Option(..., "--side", help="a or b: which column holds this party's ids."),
    out: Path = typer.Option(..., "--out", "-o", help="The expanded matches (CSV)."),
    actor: str = typer.Option("cli", "--actor", help="Who expands, for the audit log."),
) -> None:
    """Add to a match the pairs of this party's own group-mates (`encode --link-own`'s groups file): a
    record its party linked to one the other party matched is reported with that record's score.
    Writes OUT (a_id, b_id, score, probability, added). Exit 2 when a file cannot be read."""
    import csv

    from tipnet.ingest import csvsafe
    from tipnet.sharing.pprl.groups import expand, read_groups
    from tipnet.store.files import open_private

    if side not in ("a", "b"):
        _fail("--side must be a or b")
    try:
        mates = read_groups(groups)
        with matches.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    if rows and not {"a_id", "b_id", "score"} <= set(rows[0]):
        _fail(f"{matches.name}: not a matches file (a_id, b_id, score)")
    try:
        pairs = {(r["a_id"], r["b_id"]): float(r["score"]) for r in rows}
    except ValueError:
        _fail(f"{matches.name}: a score that is not a number")
    prob = {(r["a_id"], r["b_id"]): r.get("probability", "") for r in rows}
    got = expand(pairs, mates, 0 if side == "a" else 1)
    added_count = sum(a for _s, a in got.values())
    db = _configured_store("expansion")
    if db is not None:
        from sqlalchemy.exc import SQLAlchemyError

        from tipnet.sharing.pprl.audit_log import record_expand
        from tipnet.store.engine import session_scope

        try:
            with session_scope(db) as session:  # committed before the output is written
                record_expand(session, actor, matches=matches.name, groups=groups.name, side=side,
                              read=len(pairs), added=added_count, out_name=out.name)  # fmt: skip
        except SQLAlchemyError as exc:
            _fail(f"the audit event could not be written ({type(exc).__name__}): nothing was written")
        finally:
            db.dispose()
    with open_private(out, "w", newline="", encoding="utf-8") as f:
        w = csvsafe.writer(f)
        w.writerow(["a_id", "b_id", "score", "probability", "added"])
        for (a_id, b_id), (score, added) in sorted(
            got.items(), key=lambda kv: (kv[0][0], -kv[1][0], kv[0][1])
        ):
            w.writerow([a_id, b_id, f"{score:.4f}", prob.get((a_id, b_id), ""), int(added)])
    table = Table(title="tipnet pprl expand", show_header=False)
    table.add_row("pairs read", f"{len(pairs):,}")
    table.add_row("pairs added through own groups", f"{added_count:,}")
    table.add_row("audited", "yes" if db is not None else "no (no store)")
    table.add_row("output", str(out))
    _console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(pprl_app)
