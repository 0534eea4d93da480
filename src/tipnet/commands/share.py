"""`tipnet share`: signed and encrypted bundles for partners (records of cases, withdrawal notices)
and their import on the receiving install. Prints counts, field names and record references; never
a person's data."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import typer
from rich.console import Console

from tipnet.commands.partners import store_and_keys

console = Console(stderr=True)
share_app = typer.Typer(help="Bundles for partners: build, withdraw, import.", no_args_is_help=True)


def _write_then_commit(path: Path, data: bytes) -> Path:
    """Write the bundle beside its destination (exclusive, 0600) before the log commits; the caller
    renames it into place after the commit, or removes it if the commit fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


@share_app.command("bundle")
def bundle(
    partner: str = typer.Option(..., "--partner", help="The partner's code."),
    purpose: str = typer.Option(..., "--purpose", help="A purpose of the agreement, e.g. victim-support."),
    case: list[int] = typer.Option(..., "--case", help="A case id (repeat)."),
    out: Path = typer.Option(..., "--out", help="The bundle file to write."),
    reason: str = typer.Option(..., "--reason", help="Why these records are shared (audit log)."),
    referral: int = typer.Option(
        None, "--referral", help="Hand over this outgoing referral (purpose referral)."
    ),
    actor: str = typer.Option("cli", "--actor", help="Who shares, for the audit log."),
) -> None:
    """Build a bundle of the cases' records whose consent covers the purpose and the partner."""
    from tipnet.sharing.send import build_records

    tmp: Path | None = None
    try:
        with store_and_keys() as (session, ring):
            built = build_records(
                session,
                ring,
                partner_code=partner,
                purpose=purpose,
                case_ids=list(case),
                actor=actor,
                reason=reason,
                referral_id=referral,
            )
            tmp = _write_then_commit(out, built.data)
        os.replace(tmp, out)
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()
    typer.echo(f"bundle {built.bundle_id} for {built.partner}: {built.records} record(s)")
    if built.no_consent:
        typer.echo(
            f"left out: {built.no_consent} person(s) without a consent covering {purpose} and {partner}"
        )
    for name, n in sorted(built.withheld.items()):
        typer.echo(f"withheld (outside the agreement): {name} in {n} record(s)")


@share_app.command("withdrawals")
def withdrawals(
    out: Path = typer.Option(..., "--out", help="Folder for the notices (one file per partner)."),
    partner: str = typer.Option(None, "--partner", help="Only this partner."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Build a signed withdrawal notice for every partner holding a record whose consent was withdrawn."""
    from sqlalchemy import select

    from tipnet.sharing.consent import pending_withdrawals
    from tipnet.sharing.send import build_withdrawals
    from tipnet.store.tables.sharing import Partner

    written: list[tuple[Path, str, int]] = []
    with store_and_keys() as (session, ring):
        due = pending_withdrawals(session)
        ids = sorted({d.partner_id for d in due})
        codes = list(
            session.scalars(select(Partner.code).where(Partner.id.in_(ids or [-1])).order_by(Partner.code))
        )
        if partner is not None:
            codes = [c for c in codes if c == partner]
        temps: list[tuple[Path, Path, str, int]] = []
        try:
            for code in codes:
                built = build_withdrawals(session, ring, partner_code=code, actor=actor)
                if built is None:
                    continue
                target = out / f"withdrawal-{code}-{built.bundle_id[:12]}.tnb"
                temps.append((_write_then_commit(target, built.data), target, code, built.records))
        except BaseException:
            for tmp, *_ in temps:
                tmp.unlink(missing_ok=True)
            raise
    for tmp, target, code, n in temps:
        os.replace(tmp, target)
        written.append((target, code, n))
    for target, code, n in written:
        typer.echo(f"withdrawal notice for {code}: {n} record(s) -> {target}")
    if not written:
        typer.echo("no withdrawal due")


@share_app.command("import")
def import_(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="A bundle from a partner."),
    rejects: Path = typer.Option(None, "--rejects", help="Write rejected records (ref, field, why) as CSV."),
    actor: str = typer.Option("cli", "--actor"),
) -> None:
    """Verify, check and import a partner's bundle. Refused whole (exit 2) when not intact, not for
    us, unsigned, or from an unknown or revoked partner; exit 1 when some records were rejected."""
    from tipnet.sharing.bundle import BundleRefused
    from tipnet.sharing.receive import import_bundle

    try:
        with path.open("rb") as fh, store_and_keys() as (session, ring):
            result = import_bundle(session, ring, fh, actor=actor)  # read part by part
    except BundleRefused as exc:
        console.print(f"[red]refused:[/] {path.name}: {exc}")
        raise typer.Exit(2) from None
    if result.duplicate:
        typer.echo(f"bundle {result.bundle_id} from {result.partner} was imported already: nothing changed")
        return
    if result.kind == "withdrawal":
        typer.echo(f"withdrawal from {result.partner}: {result.withdrawn} record(s) withdrawn and emptied")
    else:
        typer.echo(
            f"bundle {result.bundle_id} from {result.partner}: {result.added} added, {result.updated} updated, "
            f"{len(result.rejects)} rejected"
        )
    if result.case_id is not None:
        typer.echo(f"handover: case {result.case_id} is in the incoming-referral queue")
    for ref, name, why in result.rejects:
        typer.echo(f"rejected: record {ref}, field {name}: {why}")
    if rejects is not None and result.rejects:
        from tipnet.ingest import csvsafe

        with rejects.open("w", newline="", encoding="utf-8") as fh:
            w = csvsafe.writer(fh)
            w.writerow(["record_ref", "field", "why"])
            w.writerows(result.rejects)
    if result.rejects:
        raise typer.Exit(1)


@share_app.command("status")
def status() -> None:
    """Per partner: bundles sent and received, records held from it, withdrawals due, records past
    retention awaiting `tipnet partners purge`. Counts only."""
    from datetime import date

    from rich.table import Table
    from sqlalchemy import func, select

    from tipnet.sharing.consent import pending_withdrawals
    from tipnet.store.tables.sharing import Partner, ReceivedRecord, SharingBundle

    table = Table("partner", "state", "sent", "received", "records held", "withdrawals due", "past retention")
    with store_and_keys() as (session, _ring):
        due: dict[int, int] = {}
        for p in pending_withdrawals(session):
            due[p.partner_id] = due.get(p.partner_id, 0) + 1

        def bundles(pid: int, direction: str) -> int:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(SharingBundle)
                    .where(SharingBundle.partner_id == pid, SharingBundle.direction == direction)
                )
                or 0
            )

        for partner in session.scalars(select(Partner).order_by(Partner.code)):
            held = session.scalar(
                select(func.count())
                .select_from(ReceivedRecord)
                .where(ReceivedRecord.partner_id == partner.id, ReceivedRecord.status == "active")
            )
            expired = session.scalar(
                select(func.count())
                .select_from(ReceivedRecord)
                .where(ReceivedRecord.partner_id == partner.id, ReceivedRecord.retain_until < date.today())
            )
            table.add_row(
                partner.code,
                "revoked" if partner.revoked_at else "active",
                str(bundles(partner.id, "out")),
                str(bundles(partner.id, "in")),
                str(held or 0),
                str(due.get(partner.id, 0)),
                str(expired or 0),
            )
    Console(width=160).print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")
