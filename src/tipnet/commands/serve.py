"""`tipnet serve`: the web app and REST API (uvicorn)."""

from __future__ import annotations

import typer
from rich.console import Console

console = Console(stderr=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="Port."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (PostgreSQL only; SQLite: 1)."),
) -> None:
    """Serve case management: pages at /, the API under /api (OpenAPI at /api/openapi.json, signed in).

    Migrates the store first. Put it behind HTTPS (the session cookie is Secure).
    """
    import uvicorn

    from tipnet.store import engine as store

    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        store.upgrade(engine)
    if workers > 1 and engine.dialect.name == "sqlite":
        console.print("[yellow]SQLite serves one writer: using 1 worker[/]")
        workers = 1
    from tipnet.security.keyguard import open_keyring
    from tipnet.security.keys import KeyringError

    try:  # the key file must exist and be this store's (never created here)
        open_keyring(engine)
    except KeyringError as exc:
        console.print(f"[red]refused:[/] {exc}")
        raise typer.Exit(2) from None
    engine.dispose()
    from tipnet.security.config import security_settings

    # X-Forwarded-For decides the client address that sign-in throttling counts: believed only
    # from the proxies configured in TIPNET_TRUSTED_PROXIES (none by default).
    proxies = [p.strip() for p in security_settings().trusted_proxies.split(",") if p.strip()]
    console.print(f"serving on http://{host}:{port}/ ({engine.url.render_as_string()})")
    uvicorn.run(
        "tipnet.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,  # URLs can carry search terms: keep them out of logs
        proxy_headers=bool(proxies),
        forwarded_allow_ips=",".join(proxies) or "",
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
