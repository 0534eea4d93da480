"""`tipnet release ...`: the privacy gate every victim-level or small-area export passes through."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from datetime import date
from pathlib import Path

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tipnet.ingest import csvsafe
from tipnet.release import budget
from tipnet.release.counts import noisy_counts
from tipnet.release.kanon import Hierarchy, anonymize
from tipnet.release.synthetic import synthesize
from tipnet.release.utility import assess, membership
from tipnet.security import audit
from tipnet.store import engine as store
from tipnet.store.engine import session_scope

release_app = typer.Typer(
    help="Privacy-safe releases: k-anonymity, DP synthetic data, DP counts.", no_args_is_help=True
)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise typer.BadParameter(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = [{c: (r.get(c) or "") for c in columns} for r in reader]
    return columns, rows


def save_release(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    """Written whole to a temporary file, then renamed: never a half-written release."""
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csvsafe.writer(fh)
        w.writerow(columns)
        w.writerows([r[c] for c in columns] for r in rows)
    tmp.replace(path)


def load_hierarchy(spec: str) -> tuple[str, Hierarchy]:
    """COL=FILE.csv with rows `value,parent` (one level; chains allowed)."""
    col, _, file = spec.partition("=")
    if not file:
        raise typer.BadParameter(f"--hierarchy {spec!r}: expected COL=FILE.csv")
    parents: dict[str, str] = {}
    with Path(file).open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh), start=1):
            if len(row) < 2:
                raise typer.BadParameter(f"{file} line {i}: expected value,parent")
            parents[row[0].strip()] = row[1].strip()
    return col, Hierarchy(parents=parents)


@release_app.command("kanon")
def kanon(
    file: Path = typer.Argument(..., help="CSV to release."),
    quasi: str = typer.Option(..., "--quasi", help="Quasi-identifier columns, comma-separated."),
    k: int = typer.Option(11, "--k", min=2, help="Smallest class allowed (CTDC used 11)."),
    out: Path = typer.Option(..., "--out", help="Released CSV (same columns)."),
    method: str = typer.Option("recode", "--method", help="recode (generalize, then suppress) or greedy."),
    hierarchy: list[str] = typer.Option([], "--hierarchy", help="COL=FILE.csv of value,parent rows."),
    ordered: list[str] = typer.Option([], "--ordered", help="Treat COL as numbers/ranges (auto-detected)."),
    report: Path | None = typer.Option(None, "--report", help="Write the report as JSON here."),
) -> None:
    """k-anonymity by generalization and suppression; prints the report (classes, cells, rows)."""
    columns, rows = read_csv(file)
    qs = [q.strip() for q in quasi.split(",") if q.strip()]
    unknown = [q for q in qs if q not in columns]
    if unknown:
        raise typer.BadParameter(f"{file}: no column {', '.join(unknown)} (columns: {', '.join(columns)})")
    hs = dict(load_hierarchy(s) for s in hierarchy)
    for col in ordered:
        hs[col] = Hierarchy(ordered=True)
    released, rep = anonymize(rows, qs, k=k, hierarchies=hs, method=method)
    save_release(out, columns, released)
    text = json.dumps(rep.as_dict(), indent=2)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


def _store() -> Engine:
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        typer.echo("error: the store is not migrated; run `tipnet db upgrade` first", err=True)
        raise typer.Exit(2)
    return engine


def _columns(spec: str | None, columns: list[str], file: Path) -> list[str]:
    if not spec:
        return columns
    cols = [c.strip() for c in spec.split(",") if c.strip()]
    unknown = [c for c in cols if c not in columns]
    if unknown:
        raise typer.BadParameter(f"{file}: no column {', '.join(unknown)} (columns: {', '.join(columns)})")
    return cols


def load_domain(path: Path | None) -> dict[str, list[str]] | None:
    """A JSON object {column: [every value it may take]}: the public value sets (a codebook)."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(f"--domain {path}: {exc}") from None
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in data.values()
    ):
        raise typer.BadParameter(f"--domain {path}: expected {{column: [values, ...]}}")
    return {str(k): list(v) for k, v in data.items()}


def _spend_or_refuse(
    session: Session,
    dataset: str,
    year: int,
    kind: str,
    epsilon: float,
    delta: float,
    actor: str,
    sha: str,
    note: str,
) -> budget.Standing:
    try:
        return budget.spend(session, dataset, year, kind, epsilon, delta, actor, sha256=sha, note=note)
    except budget.BudgetExceeded as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(3) from None


@release_app.command("synthetic")
def synthetic(
    file: Path = typer.Argument(..., help="CSV to release."),
    epsilon: float = typer.Option(..., "--epsilon", help="Privacy loss epsilon (CTDC used 4)."),
    delta: float = typer.Option(1e-6, "--delta", help="Privacy loss delta."),
    out: Path = typer.Option(..., "--out", help="Synthetic CSV (the chosen columns)."),
    columns: str | None = typer.Option(None, "--columns", help="Columns to synthesize (default: all)."),
    dataset: str | None = typer.Option(
        None, "--dataset", help="Ledger name of the data set (default: file name)."
    ),
    actor: str = typer.Option(..., "--actor", help="Who releases, for the ledger and the audit log."),
    seed: int | None = typer.Option(None, "--seed", help="Sampling seed (the noise is never seeded)."),
    report: Path | None = typer.Option(
        None, "--report", help="Write the utility and risk report as JSON here."
    ),
    quasi: str | None = typer.Option(None, "--quasi", help="Quasi-identifiers for the linkage attack."),
    domain: Path | None = typer.Option(
        None, "--domain", help="JSON {column: [values]}: the public value sets."
    ),
) -> None:
    """A DP synthetic data set (noisy marginals, tree model); spends epsilon from the ledger."""
    all_cols, rows = read_csv(file)
    cols = _columns(columns, all_cols, file)
    qs = _columns(quasi, all_cols, file) if quasi else cols
    doms = load_domain(domain)
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    name = dataset or file.name
    engine = _store()
    tmp = out.with_suffix(out.suffix + ".part")
    with session_scope(engine) as session:
        standing = _spend_or_refuse(
            session, name, date.today().year, "synthetic", epsilon, delta, actor, sha, str(out)
        )
        try:
            released, rep = synthesize(rows, cols, epsilon, delta, seed=seed, domain=doms)
        except ValueError as exc:  # nothing spent: the transaction rolls back
            typer.echo(f"error: {file}: {exc}", err=True)
            raise typer.Exit(2) from None
        save_release(tmp, cols, released)
        audit.record(
            session,
            actor,
            "export",
            "release",
            name,
            reason="DP synthetic release",
            details={"kind": "synthetic", "epsilon": epsilon, "delta": delta, "rows": len(released)},
        )
    engine.dispose()
    tmp.replace(out)
    # the risk check: a release from a random half, against the other half it never saw
    rnd = random.Random(seed)
    idx = list(range(len(rows)))
    rnd.shuffle(idx)
    train = [rows[i] for i in idx[: len(idx) // 2]]
    hold = [rows[i] for i in idx[len(idx) // 2 :]]
    half, _ = synthesize(train, cols, epsilon, delta, seed=seed, domain=doms)
    result = {
        "release": rep.as_dict(),
        "utility_and_risk": assess(rows, released, cols, qs).as_dict(),
        "membership_check": membership(train, hold, half, cols, qs, epsilon=epsilon, delta=delta).as_dict(),
        "budget": {
            "dataset": name,
            "year": standing.year,
            "spent": standing.spent,
            "budget": standing.budget,
        },
    }
    text = json.dumps(result, indent=2)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


@release_app.command("counts")
def counts(
    file: Path = typer.Argument(..., help="CSV of people, one row each."),
    by: str = typer.Option(..., "--by", help="Columns of the table, comma-separated."),
    epsilon: float = typer.Option(..., "--epsilon", help="Privacy loss epsilon of this table."),
    out: Path = typer.Option(..., "--out", help="Noisy table CSV with 95% confidence intervals."),
    dataset: str | None = typer.Option(
        None, "--dataset", help="Ledger name of the data set (default: file name)."
    ),
    actor: str = typer.Option(..., "--actor", help="Who releases, for the ledger and the audit log."),
    domain: Path | None = typer.Option(
        None, "--domain", help="JSON {column: [values]}: the public value sets."
    ),
) -> None:
    """DP counts per cell (discrete Laplace), each with its 95% confidence interval."""
    all_cols, rows = read_csv(file)
    cols = _columns(by, all_cols, file)
    doms = load_domain(domain)
    name = dataset or file.name
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    engine = _store()
    tmp = out.with_suffix(out.suffix + ".part")
    with session_scope(engine) as session:
        _spend_or_refuse(session, name, date.today().year, "counts", epsilon, 0.0, actor, sha, str(out))
        try:
            cells = noisy_counts(rows, cols, epsilon, domain=doms)
        except ValueError as exc:  # nothing spent: the transaction rolls back
            typer.echo(f"error: {file}: {exc}", err=True)
            raise typer.Exit(2) from None
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csvsafe.writer(fh)
            w.writerow([*cols, "count", "ci95_low", "ci95_high"])
            w.writerows([*c.key, c.published, round(c.low, 1), round(c.high, 1)] for c in cells)
        audit.record(
            session,
            actor,
            "export",
            "release",
            name,
            reason="DP counts release",
            details={"kind": "counts", "epsilon": epsilon, "cells": len(cells)},
        )
    engine.dispose()
    tmp.replace(out)
    typer.echo(
        f"{len(cells)} cells, epsilon {epsilon:g}, 95% interval +/- {cells[0].high - cells[0].count:.1f}"
    )


@release_app.command("budget")
def budget_cmd(
    dataset: str = typer.Argument(..., help="Ledger name of the data set."),
    year: int = typer.Option(date.today().year, "--year"),
    set_epsilon: float | None = typer.Option(None, "--set", help="Set the year's budget to this epsilon."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Show (or set) a data set's yearly privacy budget and what was spent."""
    engine = _store()
    with session_scope(engine) as session:
        if set_epsilon is not None:
            budget.set_budget(session, dataset, year, set_epsilon, actor)
            session.flush()
        s = budget.standing(session, dataset, year)
    engine.dispose()
    typer.echo(f"{dataset} {year}: budget {s.budget:g}, spent {s.spent:g}, left {s.left:g}")


def register(app: typer.Typer) -> None:
    app.add_typer(release_app, name="release")
