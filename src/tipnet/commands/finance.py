"""`tipnet finance`: simulate a bank's book, detect trafficking typologies in it, export goAML STRs.

Exit status as elsewhere in tipnet: 0 clean, 1 when rows were rejected (outputs still written), 2 when a
file cannot be read (or a report does not validate: nothing is written then).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console

finance_app = typer.Typer(
    name="finance",
    help="Financial intelligence: typologies in bank transactions, alerts, goAML STRs.",
    no_args_is_help=True,
    add_completion=False,
)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> None:
    _err().print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


@finance_app.command("simulate")
def simulate(
    out: Path = typer.Option(Path("tipnet-data/finance-sim"), "--out", "-o", help="Output folder."),
    accounts: int = typer.Option(20_000, "--accounts", "-n", min=2000, help="Accounts in the bank's book."),
    seed: int = typer.Option(2026, "--seed", "-s"),
    days: int = typer.Option(120, "--days", min=60, help="Days of traffic."),
    parquet: bool = typer.Option(False, "--parquet", help="Transactions as Parquet chunks, not CSV."),
) -> None:
    """Write accounts.csv, transactions.csv, rates.csv and truth/ (typology and role per account)."""
    from tipnet.sim.finance import simulate_finance

    start = time.perf_counter()
    m = simulate_finance(out, accounts=accounts, seed=seed, days=days, parquet=parquet)
    _err().print(
        f"{m.accounts:,} accounts, {m.transactions:,} transactions, schemes {m.schemes} "
        f"in {time.perf_counter() - start:.1f} s"
    )
    typer.echo(str(out))


def _ingested() -> Path:
    """Where `finance ingest` keeps the checked tables (Parquet) under the data directory."""
    from tipnet.settings import get_settings

    return get_settings().data_dir / "finance" / "checked"


@finance_app.command("ingest")
def ingest(
    accounts: Path = typer.Argument(..., help="accounts.csv (or .parquet)."),
    transactions: Path = typer.Argument(..., help="transactions.csv (or .parquet, or a folder of them)."),
    rates: Path = typer.Option(
        None, "--rates", help="Dated rates: date, currency, per_usd (default: tipnet's table)."
    ),
    column: list[str] = typer.Option([], "--column", "-c", help="ROLE=COLUMN, e.g. tx_id=Reference."),
    store: bool = typer.Option(
        False, "--store", help="Also write accounts, holders and transactions into the store (needs --bank)."
    ),
    bank: str = typer.Option(
        None, "--bank", help="The bank's organisation code in the store (with --store)."
    ),
) -> None:
    """Check a bank's files row by row and keep the clean rows as Parquet under the data directory
    (DATA/finance/checked/), for `finance detect` without files; the rejects go to
    DATA/finance/rejected.csv. Replaces the previous ingest as a whole (never half-written).
    With --store, the clean rows also go into the store's account, company, person and transaction
    tables, a chunk per database transaction; importing the same files again adds nothing."""
    import shutil

    from tipnet.finance.load import InputError, load, parse_column_options, write_parquet, write_rejects

    if store and not bank:
        _fail("--store needs --bank CODE (the bank's organisation in the store)")
    try:
        loaded = load(accounts, transactions, columns=parse_column_options(column), rates=rates)
    except InputError as exc:
        _fail(str(exc))
        return
    if store:
        _to_store(loaded, bank, accounts, transactions)
    target = _ingested()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name("checked.part")
    shutil.rmtree(tmp, ignore_errors=True)
    write_parquet(loaded, tmp)
    rejected = write_rejects(loaded, target.parent / "rejected.csv")
    old = target.with_name("checked.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    _err().print(
        f"{loaded.accounts:,} accounts, {loaded.transactions:,} transactions kept in {target}; "
        f"{rejected:,} rows rejected ({target.parent / 'rejected.csv'})",
        highlight=False,
    )
    typer.echo(str(target))
    if rejected:
        raise typer.Exit(1)


def _to_store(loaded: object, bank: str, accounts: Path, transactions: Path) -> None:
    """Write the checked rows into the store; its own refusals join the rejects (row and field only)."""
    import hashlib

    from rich.progress import Progress

    from tipnet.finance.load import Loaded
    from tipnet.finance.store_write import StoreError, write_store
    from tipnet.store import engine as store_engine

    assert isinstance(loaded, Loaded)

    def sha(path: Path) -> str:
        if path.is_dir():
            return ""
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    db = store_engine.make_engine()
    if not store_engine.is_up_to_date(db):
        store_engine.upgrade(db)
    with Progress(console=_err(), transient=True) as bar:
        task = bar.add_task("into the store", total=loaded.accounts + loaded.transactions)
        try:
            counts = write_store(
                db,
                loaded,
                bank=bank,
                accounts_file=accounts.name,
                transactions_file=transactions.name,
                file_sha256=(sha(accounts), sha(transactions)),
                progress=lambda n: bar.advance(task, n),
            )
        except StoreError as exc:
            _fail(str(exc))
            return
    if counts.rejects:
        loaded.con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?)", counts.rejects)
        loaded.rejected += len(counts.rejects)
    _err().print(
        f"store: {counts.accounts_new:,} accounts new, {counts.accounts_unchanged:,} unchanged, "
        f"{counts.accounts_known:,} stored before by the bank source; {counts.transactions_new:,} "
        f"transactions new, {counts.transactions_unchanged:,} unchanged; {len(counts.rejects):,} refused",
        highlight=False,
    )


@finance_app.command("detect")
def detect(
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for alerts.csv, alerts.json, evidence.csv, rejected.csv."
    ),
    accounts: Path = typer.Option(None, "--accounts", help="accounts.csv (or .parquet)."),
    transactions: Path = typer.Option(
        None, "--transactions", help="transactions.csv (or .parquet, or a folder of them)."
    ),
    rates: Path = typer.Option(
        None, "--rates", help="Dated rates: date, currency, per_usd (default: tipnet's table)."
    ),
    column: list[str] = typer.Option([], "--column", "-c", help="ROLE=COLUMN, e.g. tx_id=Reference."),
    typology: list[str] = typer.Option(
        [], "--typology", "-t", help="Only these typologies (default: all six)."
    ),
    threshold: float = typer.Option(10_000.0, "--cash-threshold", help="Cash reporting threshold, USD."),
    home: str = typer.Option("KH", "--home-country", help="The reporting bank's country (ISO 3166 alpha-2)."),
    parquet: bool = typer.Option(
        False, "--parquet", help="Also write the checked tables as Parquet to OUT/parquet/."
    ),
    store: bool = typer.Option(
        False,
        "--store",
        help="Also queue the alerts in the store for FIU analysts (when no row was rejected).",
    ),
    actor: str = typer.Option(
        "system:finance", "--actor", help="Who runs this, for the audit log (with --store)."
    ),
    bank: str = typer.Option(
        None,
        "--bank",
        help="With --store: the organisation code of the bank whose book this is (kept on its alerts).",
    ),
    engine: str = typer.Option(
        "duckdb", "--engine", help="duckdb (embedded, the default) or spark (the same SQL on Apache Spark)."
    ),
    spark_master: str = typer.Option(
        "local[2]",
        "--spark-master",
        help="With --engine spark: local[N] or a cluster URL (spark://host:7077).",
    ),
) -> None:
    """Detect the six typologies; one alert per scheme, one row per account and role."""
    from tipnet.finance.detect import detect as run
    from tipnet.finance.detect import write_alerts, write_dismissed
    from tipnet.finance.load import (
        InputError,
        load,
        load_checked,
        parse_column_options,
        write_parquet,
        write_rejects,
    )
    from tipnet.finance.typologies import TYPOLOGIES, Params

    if engine not in ("duckdb", "spark"):
        _fail(f"unknown engine {engine!r}; known: duckdb, spark")
    unknown = [t for t in typology if t not in TYPOLOGIES]
    if unknown:
        _fail(f"unknown typology {', '.join(unknown)}; known: {', '.join(TYPOLOGIES)}")
    if (accounts is None) != (transactions is None):
        _fail("give both --accounts and --transactions, or neither (the files `finance ingest` checked)")
    try:
        if accounts is None or transactions is None:
            loaded = load_checked(_ingested())
        else:
            mapping = parse_column_options(column)
            loaded = load(accounts, transactions, columns=mapping, rates=rates)
    except InputError as exc:
        _fail(str(exc))
        return
    console = _err()
    out.mkdir(parents=True, exist_ok=True)
    rejected = write_rejects(loaded, out / "rejected.csv")
    if parquet:
        write_parquet(loaded, out / "parquet")
    params = Params(cash_threshold_usd=threshold, home_country=home)
    on_step = (lambda name: console.print(f"  {name} done")) if sys.stderr.isatty() else None
    if engine == "spark":
        from tipnet.finance.spark import SparkUnavailable, detect_on_spark

        try:
            # what `finance ingest` kept is read by Spark straight from its Parquet (on a cluster, a data
            # directory every executor reaches); files given on the command line go through a scratch copy
            result = detect_on_spark(
                loaded.con,
                params,
                master=spark_master,
                typologies=typology or TYPOLOGIES,
                on_step=on_step,
                parquet=_ingested() if accounts is None else None,
            )
        except SparkUnavailable as exc:
            _fail(str(exc))
            return
    else:
        result = run(loaded.con, params, typologies=typology or TYPOLOGIES, on_step=on_step)
    rows = write_alerts(loaded.con, out)
    write_dismissed(loaded.con, out / "dismissed.csv")
    console.print(
        f"{loaded.accounts:,} accounts, {loaded.transactions:,} transactions read, {rejected:,} rows rejected; "
        f"{result.alerts:,} alerts ({rows:,} account rows) in {result.seconds['total']:.1f} s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(result.per_typology.items())),
        highlight=False,
    )
    for reason, n in sorted(loaded.reasons.items(), key=lambda kv: -kv[1])[:10]:
        console.print(f"  rejected {n:>8,}  {reason}", highlight=False)
    if store and rejected:
        console.print("[yellow]not queued in the store:[/yellow] rows were rejected; fix them and run again")
    elif store:
        from tipnet.finance.queue import store_alerts
        from tipnet.store import engine as store_engine

        db = store_engine.make_engine()
        if not store_engine.is_up_to_date(db):
            store_engine.upgrade(db)
        with store_engine.session_scope(db) as session:
            bank_org_id = None
            if bank:
                from tipnet.security.users import find_org

                org = find_org(session, bank)
                if org is None:
                    _fail(f"--bank: no organisation {bank!r} in the store; nothing queued")
                    return
                bank_org_id = org.id
            queued = store_alerts(session, loaded.con, actor=actor, bank_org_id=bank_org_id)
        console.print(
            f"queued in the store: {queued['stored']} new alerts ({queued['already_stored']} already there)"
        )
    typer.echo(str(out / "alerts.csv"))
    if rejected:
        raise typer.Exit(1)


@finance_app.command("str")
def str_report(
    case: str = typer.Argument(None, help="A case id (its escalated alerts); needs the store's alert queue."),
    out: Path = typer.Option(..., "--out", "-o", help="The STR XML file."),
    alerts_dir: Path = typer.Option(None, "--alerts-dir", help="A `finance detect` output folder."),
    alert: str = typer.Option(None, "--alert", help="The alert id in --alerts-dir."),
    goaml_settings: Path = typer.Option(
        None,
        "--goaml-settings",
        help="JSON: schema path, reporting entity and person, the FIU's lookup codes.",
    ),
    reason_file: Path = typer.Option(
        None, "--reason-file", help="The narrative, edited (default: the explanation)."
    ),
    action: str = typer.Option(None, "--action", help="What the reporting entity did."),
    as_user: str = typer.Option(
        None,
        "--as",
        help="With CASE or --stored-alert: the fiu_analyst account the export is made (and audited) as.",
    ),
    stored_alert: int = typer.Option(
        None, "--stored-alert", min=1, help="An alert of the store's queue (its number in the queue)."
    ),
) -> None:
    """Write a goAML STR for one alert, validated against the FIU's schema before it is written."""
    from tipnet.finance.detect import read_alert
    from tipnet.finance.goaml import GoamlConfig, StrInvalid, build_str, write_str

    if case is not None or stored_alert is not None:
        if case is not None and stored_alert is not None:
            _fail("give CASE or --stored-alert, not both")
        _case_str(case, out, goaml_settings, reason_file, as_user, stored_alert=stored_alert)
        return
    if alerts_dir is None or alert is None:
        _fail("give --alerts-dir DIR and --alert ALERT_ID")
    try:
        cfg = GoamlConfig.from_file(goaml_settings)
        found = read_alert(alerts_dir, alert)
        reason = reason_file.read_text(encoding="utf-8").strip() if reason_file else found.explanation
    except FileNotFoundError as exc:
        _fail(f"{exc.filename}: no such file")
        return
    except KeyError:
        _fail(f"{alerts_dir}: no alert {alert!r}")
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    if not Path(cfg.schema).is_file():
        _fail(f'goAML schema not found: {cfg.schema} (set "schema" in --goaml-settings)')
    document = build_str(
        alert_id=found.alert_id,
        typologies=found.typologies,
        reason=f"Typology: {', '.join(found.typologies)}. {reason}",
        evidence=found.evidence,
        parties=found.parties,
        cfg=cfg,
        submitted=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        action=action,
    )
    try:
        write_str(out, document, cfg)
    except StrInvalid as exc:
        console = _err()
        console.print(
            f"[red]error:[/red] the report does not validate against {cfg.schema}; nothing written:"
        )
        for path, why in exc.errors[:50]:
            console.print(f"  {path}: {why}", highlight=False, markup=False)
        raise typer.Exit(2) from None
    _err().print(f"{len(found.evidence)} transactions reported; valid against {Path(cfg.schema).name}")
    typer.echo(str(out))


def _case_str(
    case: str | None,
    out: Path,
    goaml_settings: Path | None,
    reason_file: Path | None,
    as_user: str | None,
    *,
    stored_alert: int | None = None,
) -> None:
    """An STR from a case's escalated alerts, or from one alert of the store's queue, as an FIU
    analyst's account (the bank's own customers as `_my_client` parties: tipnet.finance.stored_str)."""
    from sqlalchemy import select

    from tipnet.errors import Forbidden, Invalid, NotFound
    from tipnet.finance.goaml import GoamlConfig, StrInvalid
    from tipnet.finance.stored_str import alert_str, case_str
    from tipnet.security.users import principal_of
    from tipnet.store import engine as store_engine
    from tipnet.store.tables.security import UserAccount

    if case is not None and not case.isdigit():
        _fail(f"CASE: a case id (a number), not {case!r}")
    if not as_user:
        _fail("give --as USERNAME: the fiu_analyst account the export is made as")
    try:
        cfg = GoamlConfig.from_file(goaml_settings)
        reason = reason_file.read_text(encoding="utf-8").strip() if reason_file else None
    except (OSError, ValueError) as exc:
        _fail(str(exc))
        return
    db = store_engine.make_engine()
    try:
        with store_engine.session_scope(db) as session:
            user = session.scalar(select(UserAccount).where(UserAccount.username == as_user))
            if user is None:
                _fail(f"no account {as_user!r}")
                return
            if stored_alert is not None:
                document = alert_str(session, principal_of(user), stored_alert, cfg, reason_text=reason)
            else:
                assert case is not None
                document = case_str(session, principal_of(user), int(case), cfg, reason_text=reason)
            out.write_bytes(document)
    except StrInvalid as exc:
        console = _err()
        console.print(
            f"[red]error:[/red] the report does not validate against {cfg.schema}; nothing written:"
        )
        for path, why in exc.errors[:50]:
            console.print(f"  {path}: {why}", highlight=False, markup=False)
        raise typer.Exit(2) from None
    except (Forbidden, NotFound, Invalid) as exc:
        _fail(str(exc))
    finally:
        db.dispose()
    typer.echo(str(out))


@finance_app.command("tune")
def tune(
    as_user: str = typer.Option(..., "--as", help="The fiu_analyst account this is run (and audited) as."),
    apply: bool = typer.Option(False, "--apply", help="Keep the proposed thresholds (default: a dry run)."),
) -> None:
    """Each typology's queue threshold from analysts' decisions (closed as false positive, escalated):
    what the rule in tipnet.finance.tuning proposes, and with --apply, kept and audited. Alerts under
    their typology's threshold are still queued, listed after the others."""
    from sqlalchemy import select

    from tipnet.errors import Forbidden
    from tipnet.finance import tuning
    from tipnet.finance.queue import apply_tuning, tuning_proposals
    from tipnet.security.users import principal_of
    from tipnet.store import engine as store_engine
    from tipnet.store.tables.security import UserAccount

    db = store_engine.make_engine()
    try:
        if not store_engine.is_up_to_date(db):
            store_engine.upgrade(db)
        with store_engine.session_scope(db) as session:
            user = session.scalar(select(UserAccount).where(UserAccount.username == as_user))
            if user is None:
                _fail(f"no account {as_user!r}")
                return
            principal = principal_of(user)
            proposals = apply_tuning(session, principal) if apply else tuning_proposals(session, principal)
    except Forbidden as exc:
        _fail(str(exc))
        return
    finally:
        db.dispose()
    console = _err()
    console.print(f"rule: {tuning.RULE}", highlight=False)
    for p in proposals:
        mark = "->" if p.changes else "=="
        typer.echo(
            f"{p.typology:<17} {p.current:.3f} {mark} {p.proposed:.3f}  decided {p.decided} "
            f"(false positives {p.false_positives}, escalated {p.escalated}): {p.why}"
        )
    changed = [p for p in proposals if p.changes]
    if not apply and changed:
        console.print("dry run: nothing kept; run again with --apply to keep these thresholds")
    elif apply:
        console.print(f"kept {len(changed)} new threshold(s)")


def register(app: typer.Typer) -> None:
    app.add_typer(finance_app)
