"""`tipnet db`: create and migrate the store."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy import Engine

from tipnet.store import engine as store

console = Console(stderr=True)
db_app = typer.Typer(help="Create and migrate the database (Alembic).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create the schema or bring it up to date."""
    engine = store.make_engine()
    store.upgrade(engine, revision)
    console.print(
        f"database at revision [bold]{store.current_revision(engine)}[/] ({engine.url.render_as_string()})"
    )
    if store.is_up_to_date(engine):
        _first_key_file(engine)


def _first_key_file(engine: Engine) -> None:
    """On an empty store without keys, create the key file explicitly (and say so); with sealed data
    and no key file, say what to do (the schema upgrade itself needs no key)."""
    from tipnet.security import keyguard
    from tipnet.security.keys import KeyringError, key_file_exists

    if key_file_exists():
        return
    try:
        ring = keyguard.init_for_empty_store(engine)
    except KeyringError as exc:
        console.print(f"[yellow]warning:[/] {exc}")
        return
    console.print(
        f"key file created at {ring.path} (mode 0600): back it up with the store, kept apart from it"
    )


@db_app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base.")) -> None:
    """Step the schema back (keep a backup: data in dropped tables is lost)."""
    engine = store.make_engine()
    store.downgrade(engine, revision)
    console.print(f"database at revision [bold]{store.current_revision(engine)}[/]")


@db_app.command("current")
def current() -> None:
    """Print the schema revision of the database and whether it is up to date."""
    engine = store.make_engine()
    rev, head = store.current_revision(engine), store.head_revision(engine)
    typer.echo(f"{rev or 'empty'} (head {head}){'' if rev == head else ' - run: tipnet db upgrade'}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
