"""`tipnet stats`: the committee's statistics from the store, people counted by resolved identity."""

from __future__ import annotations

from pathlib import Path

import typer

from tipnet.release.kanon import anonymize
from tipnet.stats import export
from tipnet.stats import indicators as framework
from tipnet.stats import plan as action_plan
from tipnet.stats.export import write_rows
from tipnet.stats.service import compute, facts, load_population
from tipnet.stats.tables import MICRODATA_COLUMNS, MICRODATA_QUASI, Table, suppress_small, victim_microdata
from tipnet.store import engine as store
from tipnet.store.engine import session_scope


def stats(
    year: int | None = typer.Option(None, "--year", help="Only this year."),
    by: str | None = typer.Option(None, "--by", help="One victims table by these fields, comma-separated."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Also write the tables to this CSV."),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", help="Also write the tables to this XLSX."),
    population: Path | None = typer.Option(None, "--population", help="year,sex,age_group,population CSV."),
    microdata: Path | None = typer.Option(
        None, "--microdata", help="Write one k-anonymous row per victim and year (no ids) to this CSV."
    ),
    k: int = typer.Option(11, "--k", min=2, help="k of the --microdata release (CTDC used 11)."),
    suppress: int | None = typer.Option(
        None,
        "--suppress",
        help="Hide person counts under N (with secondary suppression); default 5 for --csv/--xlsx exports, "
        "0 on the screen. `--suppress 0` exports every cell (for internal use only).",
    ),
) -> None:
    """Print the 3P tables (or one table --by FIELD,...): persons by resolved identity, records beside."""
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        typer.echo("error: the store is not migrated; run `tipnet db upgrade` first", err=True)
        raise typer.Exit(2)
    fields = [b.strip() for b in by.split(",") if b.strip()] if by else None
    with session_scope(engine) as session:
        f = facts(session, year)
    engine.dispose()
    try:
        ts = compute(f, fields, load_population(population))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if microdata is not None:
        rows = victim_microdata(f.victims)
        released, rep = anonymize(rows, MICRODATA_QUASI, k=k)
        write_rows(microdata, list(MICRODATA_COLUMNS), released)
        typer.echo(
            f"microdata: {rep.rows_out} of {rep.rows_in} rows released at k={k} "
            f"({rep.share_rows_whole:.1%} whole, {rep.cells_suppressed} cells suppressed, {rep.rows_dropped} dropped)",
            err=True,
        )
    if suppress is None:
        suppress = 5 if (csv_out or xlsx_out) else 0
    if suppress > 0:
        ts = [suppress_small(t, suppress, "victims" if t.name.startswith("SDG") else "persons") for t in ts]
    typer.echo(export.to_json(ts) if as_json else export.to_text(ts))
    if csv_out:
        export.tables_csv(ts, csv_out)
    if xlsx_out:
        export.to_xlsx(ts, xlsx_out)


def plan(
    file: Path = typer.Argument(..., help="The action plan (YAML)."),
    year: list[int] = typer.Option([], "--year", help="Years to report (default: the plan's target years)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Also write the progress table to this CSV."),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", help="Also write it to this XLSX."),
) -> None:
    """Progress of the national action plan: each indicator per year against its target."""
    try:
        p = action_plan.load(file)
    except (OSError, action_plan.PlanError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    years = sorted(set(year) or {y for i in p.indicators for y in i.targets})
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        typer.echo("error: the store is not migrated; run `tipnet db upgrade` first", err=True)
        raise typer.Exit(2)
    with session_scope(engine) as session:
        f = facts(session)
    engine.dispose()
    rows = [r.row() for r in action_plan.progress(p, f.victims, f.suspects, years)]
    t = Table(p.title, action_plan.PROGRESS_COLUMNS, rows, ["progress: 0 at the baseline, 1 at the target"])
    typer.echo(export.to_json([t]) if as_json else export.to_text([t]))
    if csv_out:
        export.tables_csv([t], csv_out)
    if xlsx_out:
        export.to_xlsx([t], xlsx_out)


def indicators(
    file: Path = typer.Argument(..., help="The framework's indicator list (YAML)."),
    year: list[int] = typer.Option(..., "--year", help="Years to report."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    csv_out: Path | None = typer.Option(None, "--csv", help="Also write the table to this CSV."),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", help="Also write it to this XLSX."),
) -> None:
    """A reporting framework's indicators (ASEAN ACTIP, ...) per year: computed from the store,
    entered by hand with their source, or "not recorded" with the reason."""
    try:
        fw = framework.load(file)
    except (OSError, framework.FrameworkError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        typer.echo("error: the store is not migrated; run `tipnet db upgrade` first", err=True)
        raise typer.Exit(2)
    with session_scope(engine) as session:
        f = facts(session)
    engine.dispose()
    rows = framework.report(fw, f.victims, f.suspects, sorted(set(year)))
    t = Table(fw.title, framework.COLUMNS, rows, [f"indicators: {fw.source}"])
    typer.echo(export.to_json([t]) if as_json else export.to_text([t]))
    if csv_out:
        export.tables_csv([t], csv_out)
    if xlsx_out:
        export.to_xlsx([t], xlsx_out)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
    app.command("plan")(plan)
    app.command("indicators")(indicators)
