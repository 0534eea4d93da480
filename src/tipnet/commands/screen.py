"""`tipnet screen`: screen a manifest (CSV or PAXLST) against watchlists, as a table or JSON lines."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from tipnet.ingest.errors import FileError, RowError
from tipnet.screening.entries import (
    SUSPECTS_LIST,
    entries_from_file,
    entries_from_store,
    entries_from_suspects,
    file_version,
)
from tipnet.screening.index import ListEntry, ListInfo, ScreeningIndex
from tipnet.screening.index_file import IndexFileError
from tipnet.screening.manifest import ManifestError, read_manifest
from tipnet.screening.screen import Screener
from tipnet.security.keys import KeyringError


def _sources(
    lists: list[Path], stored: list[str], err: Console, *, all_stored: bool = False
) -> list[tuple[ListInfo, list[ListEntry]]]:
    """The lists to index: files (named after the file, versioned by content) and stored lists."""
    sources = []
    problems: list[str] = []
    for p in lists:
        entries, probs = entries_from_file(p)
        problems.extend(f"{p.name}: {x}" for x in probs)
        sources.append((ListInfo(p.stem, file_version(p)), entries))
    if stored or all_stored:
        from tipnet.store import engine as store

        engine = store.make_engine()
        if all_stored:
            sources.extend(entries_from_store(engine))
            sources.append(entries_from_suspects(engine))
        else:
            wanted = [n for n in stored if n != SUSPECTS_LIST]
            if wanted:
                sources.extend(entries_from_store(engine, wanted))
            if SUSPECTS_LIST in stored:
                sources.append(entries_from_suspects(engine))
    for prob in problems:
        err.print(f"[yellow]list row left out:[/] {prob}")
    return sources


def _index(
    lists: list[Path], stored: list[str], index: Path | None, err: Console, workers: int = 1
) -> ScreeningIndex:
    if index is not None:
        from tipnet.security.keys import load_keyring

        return ScreeningIndex.load(index, load_keyring().screening_index_key)
    return ScreeningIndex.build(_sources(lists, stored, err), workers=workers)


_WORKERS = min(2, os.cpu_count() or 1)


def screen(
    queries: Path = typer.Argument(
        ...,
        help="Travellers: CSV (id, name, birth_date, nationality, gender,"
        " document_number) or a UN/EDIFACT PAXLST message.",
    ),
    lists: list[Path] = typer.Option(
        [], "--list", help="A watchlist file (CSV or FollowTheMoney JSON lines)."
    ),
    stored: list[str] = typer.Option(
        [], "--stored", help="A watchlist in the store, by name; 'case-suspects' for the suspects of cases."
    ),
    index: Path | None = typer.Option(None, "--index", help="A saved index (see --save-index)."),
    save_index: Path | None = typer.Option(None, "--save-index", help="Save the built index here."),
    threshold: float | None = typer.Option(
        None, "--threshold", min=0.0, max=1.0, help="Minimum score of a hit (default: the calibrated one)."
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help='One JSON object per traveller: {"id", "hits", "review"} (review: possible matches below '
        "the threshold, such as a name alone against an entry without a birth date).",
    ),
    log: bool = typer.Option(True, "--log/--no-log", help="Record the screenings in the store."),
    officer: str = typer.Option(
        os.environ.get("USER", "cli"), "--officer", help="Who screens (for the log)."
    ),
    workers: int = typer.Option(
        _WORKERS, "--workers", min=1, help="Processes building the index and screening (default: up to 2)."
    ),
    learnt_stage: bool | None = typer.Option(
        None,
        "--learnt-stage/--no-learnt-stage",
        help="Re-score candidates from the review floor up with the learnt stage (docs/screening.md;"
        " default: as the shipped model says, off in this release). Its own default threshold applies.",
    ),
    learnt_model: Path | None = typer.Option(
        None,
        "--learnt-model",
        help="A learnt-stage model JSON (bench/screening_second_stage.py); implies --learnt-stage.",
    ),
) -> None:
    """Screen travellers against watchlists: hits at or above the threshold, best first.

    Exit status 0 when every traveller was screened, 1 when some rows were left out (reasons on
    standard error), 2 on a usage or file error."""
    err = Console(stderr=True)
    if not lists and not stored and index is None:
        err.print("[red]error:[/] give at least one --list FILE, --stored NAME or --index PATH")
        raise typer.Exit(2)
    try:
        travellers = read_manifest(queries)
        ix = _index(lists, stored, index, err, workers)
    except (OSError, FileError, ManifestError, RowError, KeyError, IndexFileError, KeyringError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if save_index is not None:
        from tipnet.security.keys import load_keyring

        try:
            ix.save(save_index, load_keyring().screening_index_key)
        except (OSError, KeyringError) as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    from tipnet.matching.learnt import ModelFileError
    from tipnet.screening.rescore import Rescorer, default_rescorer, load_rescorer

    stage: Rescorer | bool | None = True if learnt_stage is None else learnt_stage
    try:
        if learnt_model is not None:
            if learnt_stage is False:
                err.print("[red]error:[/] --learnt-model with --no-learnt-stage: choose one")
                raise typer.Exit(2)
            stage = load_rescorer(learnt_model)
        elif learnt_stage:
            stage = default_rescorer()
            if stage is None:
                err.print("[red]error:[/] this tipnet ships no learnt screening stage; give --learnt-model")
                raise typer.Exit(2)
    except ModelFileError as exc:
        err.print(f"[red]error:[/] {learnt_model}: not a learnt screening model ({exc})")
        raise typer.Exit(2) from None
    screener = Screener(ix, threshold=threshold, rescorer=stage)
    good = [t for t in travellers if t.record is not None]
    results = screener.screen_many([t.record for t in good], workers=workers)
    bad = [t for t in travellers if t.record is None]
    for t, r in zip(good, results, strict=True):
        if r.error:
            bad.append(t.__class__(t.ref, t.row, None, r.error))
    by_ref = {id(t): r for t, r in zip(good, results, strict=True) if not r.error}
    screened = [(t, by_ref[id(t)]) for t in good if id(t) in by_ref]
    if as_json:
        for t, r in screened:
            out = {
                "id": t.ref,
                "hits": [h.to_json() for h in r.hits],
                "review": [h.to_json() for h in r.review],
            }
            typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        table = Table(title=f"Screening against {', '.join(f'{li.name} v{li.version}' for li in ix.lists)}")
        for col in ("id", "hits", "best list", "entry", "listed name", "score", "why"):
            table.add_column(col, overflow="fold")
        for t, r in screened:
            count = str(len(r.hits)) + (f" (+{len(r.review)} to review)" if r.review else "")
            if r.hits:
                h = r.hits[0]
                why = "; ".join(f"{e['feature']} {e['level']} {e['bits']:+.1f}" for e in h.explanation)
                table.add_row(t.ref, count, h.list, h.entry_id, h.name, f"{h.score:.3f}", why)
            else:
                table.add_row(t.ref, count, "", "", "", "", "")
        Console(width=max(Console().width, 140), highlight=False).print(table)
    for t in good:
        for warning in t.warnings:
            err.print(f"[yellow]row {t.row} ({t.ref}) screened on what could be read:[/] {warning}")
    for t in sorted(bad, key=lambda traveller: traveller.row):
        err.print(f"[yellow]row {t.row} ({t.ref}) not screened:[/] {t.error}")
    if log and screened:
        from tipnet.screening.log import record_screenings
        from tipnet.store import engine as store

        engine = store.make_engine()
        store.upgrade(engine)
        from tipnet.security.keys import load_keyring

        record_screenings(
            engine,
            [(t.record, r, t.ref) for t, r in screened],
            actor=officer,
            channel="cli",
            key=load_keyring().index_key,
        )
    if bad:
        raise typer.Exit(1)


index_app = typer.Typer(
    help="The screening index, built once and saved, for a server to load at start"
    " (TIPNET_SCREENING_INDEX) or for `tipnet screen --index`.",
    no_args_is_help=True,
)


@index_app.command("build")
def build_index(
    out: Path = typer.Option(..., "--out", help="Where to save the index (replaced atomically)."),
    lists: list[Path] = typer.Option(
        [], "--list", help="A watchlist file (CSV or FollowTheMoney JSON lines)."
    ),
    stored: list[str] = typer.Option(
        [], "--stored", help="A watchlist in the store, by name; 'case-suspects' for the suspects of cases."
    ),
    all_stored: bool = typer.Option(
        False, "--all-stored", help="Every watchlist in the store and the case suspects."
    ),
    workers: int = typer.Option(_WORKERS, "--workers", min=1, help="Processes preparing names."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Prepare every entry of the lists and save the index: a server then starts in seconds instead of
    preparing a big list again. Exit status 2 on a usage or file error."""
    err = Console(stderr=True)
    if not lists and not stored and not all_stored:
        err.print("[red]error:[/] give at least one --list FILE, --stored NAME or --all-stored")
        raise typer.Exit(2)
    started = time.perf_counter()
    try:
        sources = _sources(lists, stored, err, all_stored=all_stored)
    except (OSError, FileError, RowError, KeyError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    bar = Progress(
        TextColumn("preparing names"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, disable=quiet or not err.is_terminal,
    )  # fmt: skip
    with bar:
        task = bar.add_task("names", total=None)
        ix = ScreeningIndex.build(
            sources,
            workers=workers,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    try:
        from tipnet.security.keys import load_keyring

        ix.save(out, load_keyring().screening_index_key)
    except (OSError, KeyringError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    lists_text = ", ".join(f"{li.name} v{li.version}" for li in ix.lists)
    typer.echo(
        f"{len(ix):,} entries ({lists_text}; {ix.skipped:,} without a readable name left out),"
        f" {len(ix.key_ids):,} keys, saved to {out} ({out.stat().st_size / 1e6:.1f} MB)"
        f" in {time.perf_counter() - started:.1f} s"
    )


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.add_typer(index_app, name="screen-index")
