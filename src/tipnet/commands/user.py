"""`tipnet user` (accounts) and `tipnet keys` (encryption keys of victim data)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from sqlalchemy import Engine

from tipnet.security import audit, keyguard
from tipnet.security.keys import KeyringError
from tipnet.security.roles import Role
from tipnet.security.sealing import rotate_index_key, rotate_keys
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


def _refused(exc: Exception) -> typer.Exit:
    console.print(f"[red]refused:[/] {exc}")
    return typer.Exit(2)


@keys_app.command("init")
def init() -> None:
    """Create the key file of a new, empty store (refused if one exists or the store holds sealed data)."""
    engine = _engine()
    try:
        ring = keyguard.init_for_empty_store(engine, explicit=True)
    except KeyringError as exc:
        raise _refused(exc) from None
    console.print(
        f"key file created at {ring.path} (mode 0600). Back it up with every backup of the store, "
        "kept apart from it: without this file the sealed victim data cannot be read by anyone."
    )


@keys_app.command("status")
def status() -> None:
    """Key versions, how many sealed records each holds, and whether the key file has each."""
    engine = _engine()
    try:
        ring = keyguard.open_keyring(engine)
    except KeyringError as exc:
        raise _refused(exc) from None
    from tipnet.security import textseal

    with session_scope(engine) as session:
        rows = keyguard.status(session, ring)
        clear = sum(textseal.clear_counts(session).values())
    typer.echo(f"current version {ring.current}; source {ring.path or 'TIPNET_ENCRYPTION_KEY'}")
    for version, count, state in rows:
        typer.echo(f"v{version}\t{count} sealed records\t{state}")
    if clear:
        typer.echo(f"{clear} rows of free text still in clear: run `tipnet keys seal-text`")


@keys_app.command("rotate")
def rotate(
    keep_old: bool = typer.Option(False, "--keep-old", help="Do not retire unused old versions."),
    index: bool = typer.Option(
        False, "--index", help="Also replace the blind-index key and re-index everyone."
    ),
    batch: int = typer.Option(500, "--batch", min=1, help="Records re-sealed per transaction."),
) -> None:
    """Add a new data key, re-seal every record under it, retire old versions nothing uses.

    Safe while servers run (they pick up the new key file). If interrupted, run `tipnet keys reseal`.
    """
    engine = _engine()
    try:
        result = rotate_keys(engine, batch=batch, retire=not keep_old)
        if index:
            result.update(rotate_index_key(engine))
    except KeyringError as exc:
        raise _refused(exc) from None
    with session_scope(engine) as session:
        audit.record(
            session, "cli", "rotate", "keyring", result["version"], details={"step": "rotate", **result}
        )
    console.print(
        f"key version {result['version']} is current; {result['resealed']} records re-sealed in "
        f"{result['batches']} batches, {result['retired']} old versions retired"
        + (f"; {result['reindexed']} persons re-indexed under a new index key" if index else "")
    )


@keys_app.command("index-hotline")
def index_hotline(
    batch: int = typer.Option(500, "--batch", min=1, help="Reports per transaction."),
) -> None:
    """Build the blind index of hotline reports' phone numbers (caller's and those the narrative
    mentions) for reports sealed before it existed; new reports are indexed as they are sealed."""
    from tipnet.security import hotline_phones

    engine = _engine()
    try:
        ring = keyguard.open_keyring(engine)
    except KeyringError as exc:
        raise _refused(exc) from None
    result = hotline_phones.reindex(engine, ring, batch=batch)
    console.print(f"{result['reports']} hotline reports indexed ({result['rows']} phone digests)")


@keys_app.command("reseal")
def reseal(
    batch: int = typer.Option(500, "--batch", min=1, help="Records re-sealed per transaction."),
    retire: bool = typer.Option(False, "--retire", help="Then retire old versions nothing uses."),
) -> None:
    """Re-seal every record not under the current version (continues an interrupted rotation)."""
    engine = _engine()
    try:
        ring = keyguard.open_keyring(engine)
        result = keyguard.reseal(engine, ring, batch=batch)
        retired = keyguard.retire_unused(engine, ring) if retire else []
    except KeyringError as exc:
        raise _refused(exc) from None
    console.print(
        f"{result['resealed']} records re-sealed under version {ring.current} in {result['batches']} "
        f"batches; {len(retired)} old versions retired"
    )


@keys_app.command("seal-text")
def seal_text(
    batch: int = typer.Option(500, "--batch", min=1, help="Rows sealed per transaction."),
    vacuum: bool = typer.Option(
        False,
        "--vacuum",
        help="Then rewrite the tables so no copy of the clear text stays on disk (VACUUM; "
        "PostgreSQL: VACUUM FULL). Takes exclusive locks: run it when the store is quiet.",
    ),
) -> None:
    """Seal the free text a store still holds in clear (hotline narratives, callers' phones and
    locations, case notes...): for stores written before free text was sealed. Resumable (a re-run
    continues), one audit event per batch; safe while servers run (without --vacuum)."""
    from tipnet.security import textseal

    engine = _engine()
    try:
        ring = keyguard.open_keyring(engine)
        result = textseal.seal_existing(engine, ring, batch=batch)
    except KeyringError as exc:
        raise _refused(exc) from None
    if vacuum:
        engine.dispose()
        textseal.compact(engine, [table for table, n in result.items() if n] or list(textseal.SEALED_TEXT))
    with session_scope(engine) as session:
        left = sum(textseal.clear_counts(session).values())
    sealed = ", ".join(f"{table} {n}" for table, n in result.items() if n) or "nothing"
    console.print(f"free text sealed: {sealed}; {left} rows left in clear")


@keys_app.command("retire")
def retire(version: int = typer.Argument(..., help="The key version to retire.")) -> None:
    """Remove an old key version; refused while it is current or any record is sealed under it."""
    engine = _engine()
    try:
        ring = keyguard.open_keyring(engine)
        keyguard.retire(engine, ring, version)
    except KeyringError as exc:
        raise _refused(exc) from None
    console.print(f"key version {version} retired")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(keys_app, name="keys")
