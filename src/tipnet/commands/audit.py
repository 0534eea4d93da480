"""`tipnet audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import typer
from rich.console import Console

from tipnet.security import audit
from tipnet.store import engine as store
from tipnet.store.engine import session_scope

console = Console(stderr=True)
audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Recompute the audit log's hash chain. Exit 0 when intact; 1 with the first broken row.

    Prints the head hash: keep it outside the database (a ticket, a signed mail) to detect later a
    chain rewritten as a whole by someone with write access to the database."""
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        console.print("[red]error:[/] the store is not migrated; run `tipnet db upgrade` first")
        raise typer.Exit(2)
    with session_scope(engine) as session:
        verdict = audit.verify(session)
    engine.dispose()
    if verdict.broken_at is not None:
        typer.echo(
            f"BROKEN at audit event {verdict.broken_at}: {verdict.why} ({verdict.rows} rows intact before it)"
        )
        raise typer.Exit(1)
    typer.echo(f"intact: {verdict.rows} events; head {verdict.head}")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
