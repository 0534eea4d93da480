"""`tipnet reminders send`: e-mail each worker their due and overdue follow-ups (and supervisors
those overdue beyond the grace period) through the configured SMTP server (TIPNET_SMTP_HOST, _PORT,
_STARTTLS (on unless set false; a password is never sent without it), _USER, _PASSWORD, _FROM; links to TIPNET_BASE_URL). Run it daily (cron, a systemd
timer). `tipnet reminders address` sets where an account's reminders go."""

from __future__ import annotations

import smtplib
from datetime import date

import typer
from rich.console import Console
from sqlalchemy import Engine, select

from tipnet.cases import reminders
from tipnet.security import audit
from tipnet.store import engine as store
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import UserAccount

console = Console(stderr=True)
reminders_app = typer.Typer(help="E-mail reminders of due and overdue work.", no_args_is_help=True)


def _engine() -> Engine:
    engine = store.make_engine()
    if not store.is_up_to_date(engine):
        console.print("[red]error:[/] the store is not migrated; run `tipnet db upgrade` first")
        raise typer.Exit(2)
    return engine


@reminders_app.command("send")
def send(
    dry_run: bool = typer.Option(False, "--dry-run", help="Say who would get what; send nothing."),
    today: str | None = typer.Option(None, "--today", help="The day to remind for (YYYY-MM-DD)."),
) -> None:
    """Send today's reminders (each account at most once a day; each message audited before it is
    sent, a failed one recorded and retried on the next run)."""
    settings = reminders.MailSettings()
    day = date.fromisoformat(today) if today else date.today()
    engine = _engine()
    with session_scope(engine) as session:
        due = reminders.due_work(session, today=day, grace_days=settings.reminder_grace_days)
    if dry_run or not due:
        for r in due:
            typer.echo(f"{r.username}: {len(r.items)} follow-ups, {r.overdue} overdue")
        typer.echo(f"{len(due)} reminders{' (dry run: none sent)' if dry_run and due else ''}")
        engine.dispose()
        return
    if not settings.smtp_host:
        console.print("[red]error:[/] no SMTP server: set TIPNET_SMTP_HOST (and _PORT, _FROM)")
        raise typer.Exit(2)
    if settings.smtp_user and not settings.smtp_starttls:
        console.print(
            "[red]error:[/] refusing to send the SMTP password without TLS: set TIPNET_SMTP_STARTTLS=true"
        )
        engine.dispose()
        raise typer.Exit(2)
    sent = 0
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            for r in due:
                with session_scope(engine) as session:  # audited (committed) before it leaves
                    reminders.record_sent(session, r)
                try:
                    smtp.send_message(reminders.message(r, settings, today=day))
                except (OSError, smtplib.SMTPException) as exc:
                    with session_scope(engine) as session:
                        reminders.record_failed(session, r, type(exc).__name__)
                    raise
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        console.print(f"[red]error:[/] SMTP {settings.smtp_host}:{settings.smtp_port}: {exc} ({sent} sent)")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"{sent} reminders sent")


@reminders_app.command("address")
def address(username: str, email: str = typer.Argument(..., help="The address; '-' removes it.")) -> None:
    """Set where an account's reminders go (audited)."""
    if email != "-" and ("@" not in email or len(email) > 320 or any(c.isspace() for c in email)):
        console.print(f"[red]error:[/] {email!r} is not an e-mail address")
        raise typer.Exit(2)
    engine = _engine()
    with session_scope(engine) as session:
        account = session.scalar(select(UserAccount).where(UserAccount.username == username))
        if account is None:
            console.print(f"[red]error:[/] no account {username!r}")
            raise typer.Exit(1)
        account.email = None if email == "-" else email
        audit.record(
            session, "tipnet-cli", "update", "user_account", account.id, details={"fields": ["email"]}
        )
    engine.dispose()
    typer.echo(f"{username}: reminders {'off' if email == '-' else 'to ' + email}")


def register(app: typer.Typer) -> None:
    app.add_typer(reminders_app, name="reminders")
