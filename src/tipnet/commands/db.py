"""`tipnet db`: create and migrate the store."""

from __future__ import annotations

import typer
from rich.console import Console

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
