"""`tipnet partners`: this install's partner identity, the partners (other tipnet installs) by their
public keys, their data-sharing agreements, revocation, and the retention purge of what they sent.
Prints codes, fingerprints and counts; never a person's data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from tipnet.errors import TipnetError
from tipnet.security.keys import Keyring, KeyringError

console = Console(stderr=True)
partners_app = typer.Typer(
    help="Partners across borders: keys, agreements, revocation, retention.", no_args_is_help=True
)


@contextmanager
def store_and_keys() -> Iterator[tuple[Session, Keyring]]:
    """A session on the migrated store and its checked keyring; errors become exit 2 with a message."""
    from tipnet.security.keyguard import open_keyring
    from tipnet.store import engine as store
    from tipnet.store.engine import session_scope

    db = store.make_engine()
    try:
        if not store.is_up_to_date(db):
            console.print("[red]error:[/] the store is not migrated; run `tipnet db upgrade` first")
            raise typer.Exit(2)
        try:
            ring = open_keyring(db)
            with session_scope(db) as session:
                yield session, ring
        except (TipnetError, KeyringError) as exc:
            console.print(f"[red]refused:[/] {exc}")
            raise typer.Exit(2) from None
    finally:
        db.dispose()


@partners_app.command("keygen")
def keygen() -> None:
    """Create this install's partner identity (Ed25519 signing, X25519 encryption) in the key file.

    Once: partners register its public keys. Back the key file up with the store."""
    from tipnet.sharing import identity

    with store_and_keys() as (_session, ring):
        me = identity.create(ring)
    typer.echo(f"partner identity created; fingerprint {me.fingerprint}")


@partners_app.command("me")
def me(
    code: str = typer.Option(..., "--code", help="How partners will name this install, e.g. KH-NCCT."),
    name: str = typer.Option(..., "--name", help="The organisation's name."),
    country: str = typer.Option(None, "--country", help="ISO 3166 alpha-3."),
    out: Path = typer.Option(None, "--out", help="Write the public card here (to send to partners)."),
) -> None:
    """Show this install's fingerprint and write its public card for partners."""
    from tipnet.sharing import identity

    with store_and_keys() as (_session, ring):
        mine = identity.load(ring)
    card = mine.card(code, name, country)
    if out is not None:
        out.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"fingerprint {mine.fingerprint}")
    typer.echo("read it to the partner by phone or letter: they check it before `tipnet partners add`")


@partners_app.command("add")
def add(
    card: Path = typer.Option(..., "--card", exists=True, dir_okay=False, help="The partner's public card."),
    fingerprint: str = typer.Option(
        None, "--fingerprint", help="The fingerprint the partner told you out of band (checked)."
    ),
    deliver_to: str = typer.Option(
        None, "--deliver-to", help="Our organisation (code) that receives this partner's referrals."
    ),
    actor: str = typer.Option("cli", "--actor", help="Who registers it, for the audit log."),
) -> None:
    """Register a partner by its public card."""
    from tipnet.sharing import partners

    with store_and_keys() as (session, _ring):
        row = partners.add(
            session,
            partners.read_card(card),
            actor=actor,
            expected_fingerprint=fingerprint,
            deliver_to=deliver_to,
        )
        code, fp = row.code, row.fingerprint
    typer.echo(f"partner {code} registered; fingerprint {fp}")
    if fingerprint is None:
        console.print("[yellow]warning:[/] no --fingerprint given: compare it with the partner out of band")


@partners_app.command("deliver-to")
def deliver_to(
    code: str = typer.Argument(..., help="The partner."),
    org: str = typer.Argument(..., help="Our organisation (code) that receives its referrals."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Set which of our organisations receives the partner's handed-over referrals."""
    from tipnet.errors import Invalid
    from tipnet.security import audit
    from tipnet.security.users import find_org
    from tipnet.sharing import partners

    with store_and_keys() as (session, _ring):
        row = partners.get(session, code)
        found = find_org(session, org)
        if found is None:
            raise Invalid("org: no such organisation")
        row.deliver_to_org_id = found.id
        audit.record(session, actor, "update", "partner", row.id, details={"deliver_to": found.code})
    typer.echo(f"partner {code}: referrals go to {org}")


@partners_app.command("agree")
def agree(
    code: str = typer.Argument(..., help="The partner."),
    purpose: list[str] = typer.Option(..., "--purpose", help="A purpose allowed (repeat)."),
    field: list[str] = typer.Option(..., "--field", help="An HTCDS field allowed (repeat)."),
    retention_days: int = typer.Option(
        ..., "--retention-days", help="How long the partner may keep a record."
    ),
    valid_from: str = typer.Option(None, "--valid-from", help="YYYY-MM-DD (default today)."),
    valid_until: str = typer.Option(..., "--valid-until", help="YYYY-MM-DD."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Record the data-sharing agreement with a partner (supersedes the previous one)."""
    from tipnet.errors import Invalid
    from tipnet.sharing import agreements, partners

    try:
        start = date.fromisoformat(valid_from) if valid_from else date.today()
        end = date.fromisoformat(valid_until)
    except ValueError:
        console.print("[red]error:[/] --valid-from/--valid-until: YYYY-MM-DD")
        raise typer.Exit(2) from None
    with store_and_keys() as (session, _ring):
        row = partners.get(session, code)
        if row.revoked_at is not None:
            raise Invalid(f"partner {code}: revoked")
        terms = agreements.terms(list(purpose), list(field), retention_days, start, end)
        agreements.set_agreement(session, row, terms, actor=actor)
    typer.echo(
        f"agreement with {code} recorded: {len(terms.purposes)} purpose(s), {len(terms.fields)} field(s)"
    )


@partners_app.command("list")
def list_partners() -> None:
    """The partners, their fingerprints, state and agreements."""
    from tipnet.sharing import partners

    table = Table(
        "code", "name", "country", "fingerprint", "state", "purposes", "fields", "retention", "valid"
    )
    with store_and_keys() as (session, _ring):
        overlap = partners.overlapping_keys(session)
        notes: list[str] = []
        for p, a in partners.listing(session):
            state = f"revoked {p.revoked_at:%Y-%m-%d}" if p.revoked_at else "active"
            if p.id in overlap and not p.revoked_at:
                notes.append(f"{p.code}: its old key is accepted until {overlap[p.id]:%Y-%m-%d %H:%M} UTC")
            table.add_row(
                p.code,
                p.name,
                p.country or "",
                p.fingerprint,
                state,
                ", ".join(a.purposes) if a else "(no agreement)",
                ", ".join(a.fields) if a else "",
                f"{a.retention_days} days" if a else "",
                f"{a.valid_from} to {a.valid_until}" if a else "",
            )
    Console(width=200).print(table)
    for note in notes:
        typer.echo(note)


@partners_app.command("keys")
def keys(code: str = typer.Argument(...)) -> None:
    """A partner's keys, oldest first: when each was registered here, retired, and accepted until."""
    from tipnet.sharing import partners

    with store_and_keys() as (session, _ring):
        history = partners.key_history(session, code)
    for k in history:
        if k.retired_at is None:
            typer.echo(f"{k.fingerprint}  registered {k.registered_at:%Y-%m-%d %H:%M:%S}  current")
        else:
            typer.echo(
                f"{k.fingerprint}  registered {k.registered_at:%Y-%m-%d %H:%M:%S}"
                f"  retired {k.retired_at:%Y-%m-%d %H:%M:%S} ({k.how})"
                f"  accepted until {k.accept_until:%Y-%m-%d %H:%M:%S} UTC"
            )


@partners_app.command("revoke")
def revoke(
    code: str = typer.Argument(...),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Refuse the partner's bundles from now on, and build none for it."""
    from tipnet.sharing import partners

    with store_and_keys() as (session, _ring):
        partners.revoke(session, code, actor=actor, reason=reason)
    typer.echo(f"partner {code} revoked")


@partners_app.command("rotate")
def rotate(
    code: str = typer.Argument(None, help="The partner whose keys changed (omit with --self)."),
    self_: bool = typer.Option(False, "--self", help="Rotate this install's own partner identity."),
    announcement: Path = typer.Option(
        None, "--announcement", exists=True, dir_okay=False, help="The partner's signed announcement."
    ),
    card: Path = typer.Option(
        None, "--card", exists=True, dir_okay=False, help="The partner's new card (with --fingerprint)."
    ),
    fingerprint: str = typer.Option(
        None, "--fingerprint", help="The new card's fingerprint, told out of band (with --card)."
    ),
    overlap_days: int = typer.Option(
        None,
        "--overlap-days",
        help="How long the old key stays accepted for bundles in transit (max 90; default 30 with"
        " --self, 0 with --card: an old key that cannot sign may be in someone else's hands).",
    ),
    my_code: str = typer.Option(None, "--code", help="With --self: how partners name this install."),
    name: str = typer.Option(None, "--name", help="With --self: the organisation's name."),
    country: str = typer.Option(None, "--country", help="With --self: ISO 3166 alpha-3."),
    out: Path = typer.Option(None, "--out", help="With --self: write the announcement for partners here."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Rotate keys in place: a partner's (from its announcement, or its new card and fingerprint)
    or our own (--self: a new identity; the announcement, signed by the old and the new key, goes to
    every partner). The old key stays accepted for the overlap, refused after."""
    from tipnet.errors import Invalid
    from tipnet.sharing import identity, partners

    if self_:
        if code or announcement or card:
            raise typer.BadParameter("--self takes no partner, --announcement or --card")
        if not (my_code and name and out):
            raise typer.BadParameter("--self needs --code, --name and --out (the announcement to send)")
        with store_and_keys() as (session, ring):
            old = identity.load(ring)
            # The audit event is written first and commits after the key file changed; a failure in
            # between leaves the old identity in place (the key file is written atomically).
            new, former = identity.rotate(ring, overlap_days=30 if overlap_days is None else overlap_days)
            partners.own_rotation_audited(
                session,
                actor=actor,
                old_fingerprint=old.fingerprint,
                fingerprint=new.fingerprint,
                accept_until=former.accept_until,
            )
            doc = identity.announcement(
                old, new, code=my_code, name=name, country=country, accept_until=former.accept_until
            )
        out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        typer.echo(
            f"new fingerprint {new.fingerprint}; old {old.fingerprint} accepted until {former.accept_until}"
        )
        typer.echo(
            f"send {out.name} to every partner: `tipnet partners rotate {my_code} --announcement FILE`"
        )
        return
    if not code:
        raise typer.BadParameter("name the partner, or give --self")
    if (announcement is None) == (card is None):
        raise typer.BadParameter("give --announcement, or --card with --fingerprint")
    with store_and_keys() as (session, _ring):
        if announcement is not None:
            old_key = partners.apply_announcement(
                session,
                code,
                partners.read_announcement(announcement),
                actor=actor,
                overlap_days=overlap_days,
            )
        else:
            if not fingerprint:
                raise Invalid(
                    "fingerprint: a new card needs the fingerprint the partner told you out of band"
                )
            old_key = partners.rotate_by_card(
                session,
                code,
                partners.read_card(card),
                actor=actor,
                expected_fingerprint=fingerprint,
                # The old key could not sign: lost, perhaps stolen. Its bundles are refused at once
                # unless the admin chooses an overlap (bundles known to be in transit).
                overlap_days=0 if overlap_days is None else overlap_days,
            )
        new_fp = partners.get(session, code).fingerprint
        until = old_key.accept_until
    typer.echo(f"partner {code}: new fingerprint {new_fp}; its old key is accepted until {until} UTC")


@partners_app.command("purge")
def purge(
    today: str = typer.Option(
        None, "--today", help="YYYY-MM-DD (default today): purge what expired before it."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count only."),
    actor: str = typer.Option("system:retention", "--actor"),
) -> None:
    """Delete the records received from partners whose retention date has passed (audited)."""
    from tipnet.sharing.purge import purge as run

    try:
        when = date.fromisoformat(today) if today else date.today()
    except ValueError:
        console.print("[red]error:[/] --today: YYYY-MM-DD")
        raise typer.Exit(2) from None
    with store_and_keys() as (session, _ring):
        counts = run(session, actor=actor, today=when, dry_run=dry_run)
    total = sum(counts.values())
    verb = "would delete" if dry_run else "deleted"
    detail = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
    typer.echo(f"{verb} {total} received record(s) past retention" + (f" ({detail})" if detail else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(partners_app, name="partners")
