"""`tipnet release ...`: the privacy gate every victim-level or small-area export passes through."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import typer

from tipnet.ingest import csvsafe
from tipnet.release.kanon import Hierarchy, anonymize

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


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
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
    write_csv(out, columns, released)
    text = json.dumps(rep.as_dict(), indent=2)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)


def register(app: typer.Typer) -> None:
    app.add_typer(release_app, name="release")
