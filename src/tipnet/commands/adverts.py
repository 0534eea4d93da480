"""`tipnet adverts`: screen job adverts for deceptive recruitment; train the text model."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn

from tipnet.ingest import csvsafe

adverts_app = typer.Typer(help="Job adverts: deceptive recruitment screening.", no_args_is_help=True)
VERDICT_COLUMNS = ("id", "language", "deceptive", "score", "flags", "evidence", "explanations")
POSTING_COLUMNS = ("id", "fraudulent", "score", "flags", "evidence", "where", "explanations")


class _Closable(Protocol):
    def close(self) -> None: ...


R = TypeVar("R", bound=_Closable)  # the input rows
S = TypeVar("S")  # the screener


class _Rows:
    """Rows of a CSV file streamed with their line numbers; bytes that are not UTF-8 stay visible as
    surrogates so that the row, not the file, is rejected."""

    def __init__(self, path: Path, id_col: str, text_col: str, lang_col: str | None) -> None:
        csv.field_size_limit(10_000_000)  # an advert's text may be long
        self.fh = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
        self.size = path.stat().st_size
        self.reader = csv.DictReader(self.fh)
        header = self.reader.fieldnames or []
        missing = [c for c in (id_col, text_col, lang_col) if c and c not in header]
        if missing:
            self.fh.close()
            raise ValueError(
                f"{path.name}: no column {', '.join(map(repr, missing))} (columns: {', '.join(header)})"
            )
        self.cols = (id_col, text_col, lang_col)
        self.rejected: list[tuple[int, str, str, str]] = []  # row, id, field, reason

    def __iter__(self) -> Iterator[tuple[str, str, str | None]]:
        id_col, text_col, lang_col = self.cols
        for n, row in enumerate(self.reader, start=1):
            rid = row.get(id_col) or ""
            text = row.get(text_col)
            if _bad(rid):
                self.rejected.append((n, "", id_col, "unreadable encoding (not UTF-8)"))
                continue
            if text is None or not text.strip():
                self.rejected.append((n, rid, text_col, "empty text"))
                continue
            if _bad(text):
                self.rejected.append((n, rid, text_col, "unreadable encoding (not UTF-8)"))
                continue
            lang = (row.get(lang_col) or "").strip().lower() if lang_col else ""
            yield rid, text, (lang or None)

    def position(self) -> int:
        try:
            return int(self.fh.buffer.tell())  # type: ignore[attr-defined]
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        self.fh.close()


def _bad(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def _open_verdicts(out: Path, columns: tuple[str, ...] | list[str]) -> tuple[IO[str], Any]:
    """DIR/verdicts.csv opened, its header written (spreadsheet-safe writer); OSError if it cannot be."""
    out.mkdir(parents=True, exist_ok=True)
    fh = (out / "verdicts.csv").open("w", encoding="utf-8", newline="")
    writer = csvsafe.writer(fh)
    writer.writerow(columns)
    return fh, writer


def _open_run(
    open_rows: Callable[[], R],
    open_screener: Callable[[], S],
    out: Path | None,
    columns: tuple[str, ...],
    err: Console,
) -> tuple[R, S, IO[str] | None, Any]:
    """The input rows, the screener and, with --out, DIR/verdicts.csv; a clear error (exit 2) if any
    cannot be opened, with whatever was opened closed again."""
    try:
        rows = open_rows()
    except (OSError, ValueError, csv.Error) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    try:
        screener = open_screener()
        out_fh, writer = _open_verdicts(out, columns) if out is not None else (None, None)
    except (OSError, ValueError, csv.Error) as exc:
        rows.close()
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    return rows, screener, out_fh, writer


def _report_rejects(
    out: Path | None, rejected: list[tuple[int, str, str, str]], unit: str, err: Console
) -> None:
    """Each input `unit` (row, record) not screened, with its field and reason: in DIR/rejected.csv
    when there is an output folder, else on stderr."""
    if not rejected:
        return
    if out is not None:
        with (out / "rejected.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csvsafe.writer(fh)
            w.writerow((unit, "id", "field", "reason"))
            w.writerows(rejected)
        return
    for n, rid, field, reason in rejected:
        err.print(
            f"[yellow]{unit} {n}{f' ({rid})' if rid else ''} not screened:[/] field {field!r}: {reason}"
        )


def _progress(noun: str, quiet: bool, err: Console) -> Progress:
    """The bar shown on a terminal while `noun` are screened (none when quiet or piped)."""
    return Progress(
        TextColumn(f"screening {noun}"),
        BarColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[n]:,} " + noun),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
        transient=True,
    )


@adverts_app.command("screen")
def screen(
    file: Path = typer.Argument(..., help="CSV file of adverts (UTF-8)."),
    id_column: str = typer.Option(..., "--id-column", help="Column with the advert's id."),
    text_column: str = typer.Option(..., "--text-column", help="Column with the advert's text."),
    language_column: str | None = typer.Option(
        None, "--language-column", help="Column with ISO 639-1 codes."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON verdict per line on standard output."),
    out: Path | None = typer.Option(None, "--out", help="Write DIR/verdicts.csv (and DIR/rejected.csv)."),
    explain_in: str | None = typer.Option(
        None, "--explain-in", help="Language of the explanations (default: the advert's)."
    ),
    contacts: bool = typer.Option(False, "--contacts", help="Add the contacts found to each JSON verdict."),
    model: Path | None = typer.Option(None, "--model", help="A model file from `tipnet adverts train`."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Screen every advert of FILE: deceptive or not, a calibrated score and the red flags, each with its
    explanation, the evidence in the text and its source.

    Exit status 0 when every row was screened, 1 when rows were rejected (empty text, unreadable
    encoding; reasons on standard error or in DIR/rejected.csv), 2 when the file cannot be read."""
    from tipnet.recruitment.model import load
    from tipnet.recruitment.screen import Screener

    err = Console(stderr=True)
    if as_json == (out is not None):
        err.print("[red]error:[/] give exactly one of --json or --out DIR")
        raise typer.Exit(2)
    rows, screener, out_fh, writer = _open_run(
        lambda: _Rows(file, id_column, text_column, language_column),
        lambda: Screener(load(model) if model else None),
        out,
        VERDICT_COLUMNS,
        err,
    )
    screened = flagged = 0
    try:
        with _progress("adverts", quiet, err) as progress:
            task = progress.add_task("screen", total=rows.size, n=0)
            for v in screener.screen_stream(iter(rows), explain_lang=explain_in, with_contacts=contacts):
                screened += 1
                flagged += v.deceptive
                if writer is not None:
                    writer.writerow((
                        v.id, v.language, "true" if v.deceptive else "false", round(v.score, 4),
                        ";".join(f.code for f in v.flags), " | ".join(f.evidence for f in v.flags),
                        " | ".join(f.text for f in v.flags),
                    ))  # fmt: skip
                else:
                    typer.echo(json.dumps(v.to_json(with_contacts=contacts), ensure_ascii=False))
                if screened % 256 == 0:
                    progress.update(task, completed=rows.position(), n=screened)
    except csv.Error as exc:
        err.print(f"[red]error:[/] {file.name}: not a readable CSV after {screened} adverts: {exc}")
        raise typer.Exit(2) from None
    finally:
        rows.close()
        if out_fh is not None:
            out_fh.close()
    _report_rejects(out, rows.rejected, "row", err)
    if not quiet:
        err.print(
            f"{screened:,} adverts screened, {flagged:,} deceptive, {len(rows.rejected):,} rejected"
            + (f" (see {out / 'rejected.csv'})" if out is not None and rows.rejected else "")
        )
    if rows.rejected:
        raise typer.Exit(1)


@adverts_app.command("train")
def train_cmd(
    train_dirs: list[Path] = typer.Option(
        ..., "--train", help="A `tipnet simulate` folder to train the model on."
    ),
    calibration_dirs: list[Path] = typer.Option(
        ..., "--calibrate", help="Another simulated folder (other seed) to calibrate the score on."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (JSON)."),
    c: float = typer.Option(0.3, "--c", help="Inverse regularization strength of the n-gram model."),
) -> None:
    """Train the advert text model on simulated adverts and calibrate the combined score on others.

    Only the simulator's adverts: real adverts from news, NGO or police reports and the EMSCAD and ORFD
    sets are held out for evaluation and must never be used here."""
    from tipnet.recruitment.corpus import read_simulated
    from tipnet.recruitment.train import fit

    err = Console(stderr=True)
    try:
        train_set = [a for d in train_dirs for a in read_simulated(d)]
        cal_set = [a for d in calibration_dirs for a in read_simulated(d)]
        if {a.id for a in train_set} & {a.id for a in cal_set} and set(train_dirs) & set(calibration_dirs):
            raise ValueError("the calibration folders must differ from the training folders")
        model = fit(train_set, cal_set, c=c)
        model.save(out)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    err.print(f"trained on {len(train_set):,} adverts, calibrated on {len(cal_set):,}: {model.calibration}")
    typer.echo(str(out))


@adverts_app.command("calibrate")
def calibrate_cmd(
    development: list[Path] = typer.Option(
        ...,
        "--development",
        help="A labelled CSV (id, language, text, label) written independently of the simulator: a "
        "development seed of bench/independent/adverts, never the one you evaluate on.",
    ),
    simulated: list[Path] = typer.Option(
        [], "--sim", help="A `tipnet simulate` folder the model was not trained on (its calibration seed)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Model file to write (JSON)."),
    model_path: Path | None = typer.Option(
        None, "--model", help="The model to recalibrate (default: packaged)."
    ),
    max_fpr: float = typer.Option(
        0.10,
        "--max-fpr",
        help="At most this share of genuine development adverts flagged, in every language.",
    ),
) -> None:
    """Refit the combined score on simulated and independent development adverts and set the threshold
    by a false-positive budget; the n-gram weights stay as trained. Never give it held-out data (real
    adverts from reports, EMSCAD, ORFD) or the seed you will evaluate on."""
    from tipnet.recruitment.corpus import read_labelled, read_simulated
    from tipnet.recruitment.model import load
    from tipnet.recruitment.train import recalibrate

    err = Console(stderr=True)
    try:
        model = load(model_path)
        if model is None:
            raise ValueError("no model to recalibrate: train one with `tipnet adverts train`")
        sim = [a for d in simulated for a in read_simulated(d)]
        dev = [a for p in development for a in read_labelled(p)]
        model = recalibrate(model, sim, dev, max_fpr=max_fpr)
        model.save(out)
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    err.print(
        f"calibrated on {len(sim):,} simulated and {len(dev):,} development adverts: "
        f"{model.calibration}, threshold {model.threshold}"
    )
    typer.echo(str(out))


@adverts_app.command("postings")
def postings_cmd(
    file: Path = typer.Argument(..., help="CSV of job-board postings with EMSCAD-style columns (UTF-8)."),
    id_column: str = typer.Option("job_id", "--id-column", help="Column with the posting's id."),
    as_json: bool = typer.Option(False, "--json", help="One JSON verdict per line on standard output."),
    out: Path | None = typer.Option(None, "--out", help="Write DIR/verdicts.csv (and DIR/rejected.csv)."),
    explain_in: str = typer.Option("en", "--explain-in", help="Language of the explanations."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Screen job-board postings for generic job fraud (fake cheques, reshipping, pay to start, personal
    data up front, chat-only interviews ...): the columns title, location, company_profile, description,
    requirements, benefits (text) and telecommuting, has_company_logo, has_questions (0/1) are read.

    Exit status 0 when every row was screened, 1 when rows were rejected (no id, no text, a 0/1 column
    with another value, unreadable encoding; record and field on standard error or in DIR/rejected.csv),
    2 when the file cannot be read."""
    from tipnet.recruitment.postings import PostingRows, PostingScreener

    err = Console(stderr=True)
    if as_json == (out is not None):
        err.print("[red]error:[/] give exactly one of --json or --out DIR")
        raise typer.Exit(2)
    rows, screener, out_fh, writer = _open_run(
        lambda: PostingRows(file, id_column), PostingScreener, out, POSTING_COLUMNS, err
    )
    screened = flagged = 0
    try:
        with _progress("postings", quiet, err) as progress:
            task = progress.add_task("screen", total=rows.size, n=0)
            for posting in rows:
                v = screener.screen(posting, id_field=id_column, explain_lang=explain_in)
                screened += 1
                flagged += v.fraudulent
                if writer is not None:
                    writer.writerow((
                        v.id, "true" if v.fraudulent else "false", round(v.score, 4),
                        ";".join(f.code for f in v.flags), " | ".join(f.evidence for f in v.flags),
                        " | ".join(f.detail for f in v.flags), " | ".join(f.text for f in v.flags),
                    ))  # fmt: skip
                else:
                    typer.echo(json.dumps(v.to_json(), ensure_ascii=False))
                if screened % 256 == 0:
                    progress.update(task, completed=rows.position(), n=screened)
    except csv.Error as exc:
        err.print(f"[red]error:[/] {file.name}: not a readable CSV after {screened} postings: {exc}")
        raise typer.Exit(2) from None
    finally:
        rows.close()
        if out_fh is not None:
            out_fh.close()
    _report_rejects(out, rows.rejected, "record", err)
    if not quiet:
        err.print(
            f"{screened:,} postings screened, {flagged:,} fraudulent, {len(rows.rejected):,} rejected"
            + (f" (see {out / 'rejected.csv'})" if out is not None and rows.rejected else "")
        )
    if rows.rejected:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(adverts_app, name="adverts")
