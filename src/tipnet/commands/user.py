"""`tipnet user` (accounts) and `tipnet keys` (encryption keys of victim data)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from sqlalchemy import Engine

from tipnet.security.keys import load_keyring
from tipnet.security.roles import Role
from tipnet.security.sealing import key_versions, rotate_index_key, rotate_keys
from tipnet.security.users import UserError, create_user, set_password
from tipnet.store import engine as store
from tipnet.store.engine import session_scope

console = Console(stderr=True)
user_app = typer.Typer(help="Accounts of the web app and API.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys of victim-identifying fields.", no_args_is_help=True)


def _read_password() -> str:
    """The password from standard input (first line), never from the command line."""
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _engine() -> Engine:
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        store.upgrade(engine)
    return engine


@user_app.command("add")
def add(
    name: str = typer.Argument(..., help="Account name."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(r.value for r in Role)}."),
    org: str = typer.Option(
        ..., "--org", help="Organisation code (created if missing, unless --no-create-org)."
    ),
    create_org: bool = typer.Option(
        True, "--create-org/--no-create-org", help="Create the organisation if it does not exist."
    ),
) -> None:
    """Create an account; the password is read from standard input."""
    password = _read_password()
    try:
        with session_scope(_engine()) as session:
            create_user(session, name, password, role, org, create_org=create_org)
    except UserError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    console.print(f"account [bold]{name}[/] ({role}, {org}) created")


@user_app.command("passwd")
def passwd(name: str = typer.Argument(..., help="Account name.")) -> None:
    """Set an account's password (read from standard input)."""
    from sqlalchemy import select

    from tipnet.store.tables.security import UserAccount

    password = _read_password()
    with session_scope(_engine()) as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == name))
        if user is None:
            console.print(f"[red]error:[/] no account {name!r}")
            raise typer.Exit(2)
        try:
            set_password(session, user, password)
        except UserError as exc:
            console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    console.print("password changed")


@user_app.command("list")
def list_users() -> None:
    """Account names, roles and organisations."""
    from sqlalchemy import select

    from tipnet.store.tables.security import UserAccount
    from tipnet.store.tables.sources import Organisation

    with session_scope(_engine()) as session:
        rows = session.execute(
            select(UserAccount.username, UserAccount.role, Organisation.code, UserAccount.active).join(
                Organisation, Organisation.id == UserAccount.org_id
            )
        )
        for username, role, org, active in rows:
            typer.echo(f"{username}\t{role}\t{org}\t{'active' if active else 'disabled'}")


@keys_app.command("status")
def status() -> None:
    """Key versions in the keyring and how many sealed persons each holds."""
    ring = load_keyring()
    with session_scope(_engine()) as session:
        used = key_versions(session)
    typer.echo(f"current version {ring.current}; source {ring.path or 'TIPNET_ENCRYPTION_KEY'}")
    for version in sorted(set(ring.keys) | set(used)):
        typer.echo(
            f"v{version}\t{used.get(version, 0)} sealed persons\t{'in keyring' if version in ring.keys else 'MISSING'}"
        )


@keys_app.command("rotate")
def rotate(
    keep_old: bool = typer.Option(False, "--keep-old", help="Keep retired key versions in the file."),
    index: bool = typer.Option(
        False, "--index", help="Also replace the blind-index key and re-index everyone."
    ),
) -> None:
    """Add a new data key, re-encrypt every sealed person under it, retire unused old keys."""
    engine = _engine()
    result = rotate_keys(engine, retire=not keep_old)
    if index:
        result.update(rotate_index_key(engine))
    with session_scope(engine) as session:
        from tipnet.security import audit

        audit.record(session, "cli", "rotate", "keyring", result["version"], details=result)
    console.print(
        f"key version {result['version']} is current; {result['resealed']} persons re-encrypted, "
        f"{result['retired']} old versions retired"
        + (f"; {result['reindexed']} persons re-indexed under a new index key" if index else "")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(keys_app, name="keys")
