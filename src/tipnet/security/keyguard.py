"""Keys against the store: check values at start, which versions sealed rows use, safe sealing,
resumable re-sealing and retirement of data-key versions.

- `open_keyring(engine)` loads the keyring (never creating a key file) and compares each version's
  check value with the store's `key_check` table: a missing key file while the store holds sealed
  data, a wrong key file, or a file lacking a version rows are sealed under is refused with a
  message saying what to do (`KeyringRefused`).
- `sealing_version(session, ring)` is what every writer of sealed rows asks for the version to seal
  under: it re-reads the key file if it changed and takes a shared lock on that version's
  `key_check` row for the transaction; `retire` takes the exclusive lock, so a version is never
  retired while a transaction is sealing under it, and never while any row still uses it.
- `reseal(engine, ring)` moves every sealed row to the current version in committed batches (a
  re-run continues where an interrupted one stopped), one audit event per batch, no personal data.

Every column holding a key version of sealed data is listed in SEALED_VERSION_COLUMNS; a module
adding a sealed column adds it there, and retirement counts it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Engine, Table, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from tipnet.security import audit, fields
from tipnet.security.config import security_settings
from tipnet.security.keys import (
    KeyFileMissing,
    Keyring,
    KeyringError,
    check_value,
    init_keyring,
    key_file_exists,
    load_keyring,
    missing_file_message,
)
from tipnet.store.tables.security import KeyCheck, PersonSecret, TextSecret

SEALED_VERSION_COLUMNS: list[ColumnElement[Any]] = [
    PersonSecret.__table__.c.key_version,
    TextSecret.__table__.c.key_version,  # free text of hotline reports and cases (security.textseal)
]


class KeyringRefused(KeyringError):
    """The key file and the store do not belong together (or the key file is missing)."""


class KeyInUse(KeyringError):
    """A key version still has sealed rows (or is current) and cannot be retired."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def version_counts(session: Session) -> dict[int, int]:
    """How many sealed rows each key version holds, over every sealed column."""
    counts: dict[int, int] = {}
    for col in SEALED_VERSION_COLUMNS:
        for version, n in session.execute(select(col, func.count()).group_by(col)):
            if version is not None:
                counts[int(version)] = counts.get(int(version), 0) + int(n)
    return counts


def _source(ring: Keyring) -> str:
    return str(ring.path) if ring.path is not None else "TIPNET_ENCRYPTION_KEY"


def _sample_opens(session: Session, ring: Keyring, version: int) -> bool:
    """Whether one person sealed under `version` opens with the ring's key (for stores sealed before
    check values existed)."""
    row = session.execute(
        select(PersonSecret.person_id, PersonSecret.nonce, PersonSecret.ciphertext)
        .where(PersonSecret.key_version == version)
        .limit(1)
    ).first()
    if row is None:
        return True
    try:
        fields.unseal(ring, row[0], version, row[1], row[2])
    except Exception:  # InvalidTag: another key
        return False
    return True


def verify(session: Session, ring: Keyring) -> None:
    """Refuse a keyring that is not the store's; record check values of versions new to the store."""
    known = {row.version: row for row in session.scalars(select(KeyCheck))}
    counts = version_counts(session)
    for version, key in sorted(ring.keys.items()):
        check = check_value(key)
        row = known.get(version)
        if row is not None and row.check_value != check:
            raise KeyringRefused(
                f"the key file {_source(ring)} does not hold the key this store used for key version "
                f"{version} (check values differ): it is the wrong key file, or a new one replaced it. "
                "Restore the key file backed up with this store; nothing was changed."
            )
        if row is None:
            if counts.get(version) and not _sample_opens(session, ring, version):
                raise KeyringRefused(
                    f"the key file {_source(ring)} cannot open the records sealed under key version "
                    f"{version}: wrong key file. Restore the key file backed up with this store."
                )
            session.add(KeyCheck(version=version, check_value=check))
    lacking = {v: n for v, n in counts.items() if n and v not in ring.keys}
    if lacking:
        described = ", ".join(f"{n} under version {v}" for v, n in sorted(lacking.items()))
        raise KeyringRefused(
            f"the store holds sealed records ({described}) whose key is not in {_source(ring)}. "
            "Restore the key file backed up with this store (or a later one); nothing was changed."
        )


def holds_sealed_data(session: Session) -> dict[int, int]:
    """Sealed rows per version, plus versions the store has check values for (count 0)."""
    counts = version_counts(session)
    for version in session.scalars(select(KeyCheck.version).where(KeyCheck.retired_at.is_(None))):
        counts.setdefault(int(version), 0)
    return counts


def open_keyring(engine: Engine, ring: Keyring | None = None) -> Keyring:
    """The keyring, checked against the store (see the module docstring); KeyringRefused if not."""
    if ring is None:
        try:
            ring = load_keyring()
        except KeyFileMissing as exc:
            with Session(engine) as session:
                held = holds_sealed_data(session)
            if held:
                rows = sum(held.values())
                raise KeyringRefused(
                    f"{exc} The store holds {rows} sealed records under key version(s) "
                    f"{', '.join(map(str, sorted(held)))}: without their key file they cannot be read "
                    "by anyone. Do not run `tipnet keys init` for this store."
                ) from None
            raise KeyringRefused(str(exc)) from None
    for attempt in range(3):
        try:
            with Session(engine) as session, session.begin():
                verify(session, ring)
            return ring
        except (IntegrityError, OperationalError):  # another process recorded the same check first
            if attempt == 2:
                raise
            time.sleep(0.05 * (attempt + 1))
    return ring  # pragma: no cover


def init_for_empty_store(engine: Engine, *, explicit: bool = False) -> Keyring:
    """Create the key file of an empty store (the explicit step of `tipnet keys init`, the demo and a
    first `tipnet db upgrade`). Refused when the store holds sealed data or key check values: a new
    key cannot read them; restore the right key file instead. Without `explicit`, an existing key
    file (or TIPNET_ENCRYPTION_KEY) is simply checked and returned."""
    settings = security_settings()
    if key_file_exists(settings):
        if explicit:
            raise KeyringError(
                "TIPNET_ENCRYPTION_KEY is set: keys come from the environment, no key file is used"
                if settings.encryption_key
                else f"a key file exists already at {settings.resolved_key_file}; it was left untouched"
            )
        return open_keyring(engine)
    with Session(engine) as session:
        held = holds_sealed_data(session)
    if held:
        raise KeyringRefused(
            f"{missing_file_message(settings.resolved_key_file)} This store holds {sum(held.values())} "
            "sealed records: a new key file cannot read them, so none was created."
        )
    return open_keyring(engine, init_keyring(settings))


_TX_KEY = "tipnet.sealing_version"


def sealing_version(session: Session, ring: Keyring) -> int:
    """The version to seal under now, locked (shared) in the store for this transaction.

    Re-reads a changed key file first. The store must not have retired the version (a stale key
    file): then the file is re-read once, and KeyringError raised if it still names a retired version.
    """
    ring.refresh()
    tx = session.get_transaction()
    cached = session.info.get(_TX_KEY)
    if cached is not None and cached[0] is tx and cached[1] == ring.current:
        return ring.current
    for attempt in range(2):
        version = ring.current
        row = session.execute(
            select(KeyCheck.check_value, KeyCheck.retired_at)
            .where(KeyCheck.version == version)
            .with_for_update(read=True)
        ).first()
        if row is None:
            _register(session, version, check_value(ring.key(version)))
            row = session.execute(
                select(KeyCheck.check_value, KeyCheck.retired_at)
                .where(KeyCheck.version == version)
                .with_for_update(read=True)
            ).first()
        assert row is not None
        if row[0] != check_value(ring.key(version)):
            raise KeyringRefused(f"key version {version} of {_source(ring)} is not this store's key")
        if row[1] is None:
            session.info[_TX_KEY] = (tx, version)
            return version
        if attempt == 0:
            ring.refresh(force=True)
    raise KeyringError(f"key version {ring.current} is retired in this store; the key file is stale")


def _register(session: Session, version: int, check: str) -> None:
    """Record a version's check value, tolerating a concurrent writer recording it too."""
    table = KeyCheck.__table__
    assert isinstance(table, Table)
    name = session.get_bind().dialect.name
    values = {"version": version, "check_value": check, "created_at": _now()}
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
    else:  # pragma: no cover
        session.execute(table.insert().values(**values))


def _with_retry(work: Callable[[], Any], attempts: int = 20) -> Any:
    """Run one short write transaction, retrying when SQLite reports the database busy."""
    for attempt in range(attempts):
        try:
            return work()
        except OperationalError as exc:
            text = str(exc).lower()
            transient = "locked" in text or "busy" in text or "deadlock" in text
            if not transient or attempt == attempts - 1:
                raise
            time.sleep(min(0.05 * (attempt + 1), 0.5))
    return None  # pragma: no cover


def add_version(engine: Engine, ring: Keyring) -> int:
    """A new data-key version, recorded in the store, then written to the key file as current."""
    with ring.locked():
        ring.refresh(force=True)
        with Session(engine) as session:
            highest = session.scalar(select(func.max(KeyCheck.version))) or 0
        version = ring.add_version(above=int(highest))

        def record() -> None:
            with Session(engine) as session, session.begin():
                _register(session, version, check_value(ring.keys[version]))

        _with_retry(record)
        ring.save()
    return version


def reseal(
    engine: Engine,
    ring: Keyring,
    *,
    batch: int = 500,
    actor: str = "cli",
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Re-seal every row not under the current version, `batch` rows per committed transaction, each
    with one audit event (counts and versions only). Resumable: a re-run continues."""
    resealed = batches = 0

    def one_batch() -> int:
        with Session(engine) as session, session.begin():
            version = sealing_version(session, ring)
            rows = list(
                session.scalars(
                    select(PersonSecret)
                    .where(PersonSecret.key_version != version)
                    .order_by(PersonSecret.id)
                    .limit(batch)
                    .with_for_update()
                )
            )
            for secret in rows:
                payload = fields.unseal(
                    ring, secret.person_id, secret.key_version, secret.nonce, secret.ciphertext
                )
                secret.key_version, secret.nonce, secret.ciphertext = fields.seal(
                    ring, secret.person_id, payload, version=version
                )
            texts = list(
                session.scalars(
                    select(TextSecret)
                    .where(TextSecret.key_version != version)
                    .order_by(TextSecret.id)
                    .limit(max(0, batch - len(rows)))
                    .with_for_update()
                )
            )
            for text in texts:
                sealed = fields.unseal_text(
                    ring, text.table_name, text.row_id, text.key_version, text.nonce, text.ciphertext
                )
                text.nonce, text.ciphertext = fields.seal_text(
                    ring, text.table_name, text.row_id, sealed, version
                )
                text.key_version = version
            if rows or texts:
                audit.record(
                    session,
                    actor,
                    "rotate",
                    "keyring",
                    version,
                    details={
                        "step": "reseal",
                        "batch": batches + 1,
                        "rows": len(rows),
                        "texts": len(texts),
                        "to_version": version,
                    },
                )
            return len(rows) + len(texts)

    while True:
        n = _with_retry(one_batch)
        if not n:
            break
        resealed += n
        batches += 1
        if progress:
            progress(resealed)
    return {"resealed": resealed, "batches": batches}


def retire(engine: Engine, ring: Keyring, version: int, *, actor: str = "cli") -> None:
    """Retire a data-key version: refused (KeyInUse) while it is current or any row is sealed under
    it; then marked retired in the store (never reused) and removed from the key file."""
    with ring.locked():
        ring.refresh(force=True)
        if version == ring.current:
            raise KeyInUse(f"key version {version} is the current one; rotate first")
        with Session(engine) as session:
            if version not in ring.keys and session.get(KeyCheck, version) is None:
                raise KeyringError(f"no key version {version} in the key file or the store")

        def mark() -> None:
            with Session(engine) as session, session.begin():
                # the exclusive lock first: sealing transactions hold a shared one on this row
                result = session.execute(
                    update(KeyCheck)
                    .where(KeyCheck.version == version, KeyCheck.retired_at.is_(None))
                    .values(retired_at=_now())
                )
                done = result.rowcount if isinstance(result, CursorResult) else 0
                if not done and session.get(KeyCheck, version) is None and version in ring.keys:
                    session.add(
                        KeyCheck(
                            version=version, check_value=check_value(ring.keys[version]), retired_at=_now()
                        )
                    )
                used = version_counts(session).get(version, 0)
                if used:
                    raise KeyInUse(
                        f"{used} sealed records still use key version {version}; run `tipnet keys reseal`"
                        " first. Nothing was changed."
                    )
                audit.record(
                    session,
                    actor,
                    "rotate",
                    "keyring",
                    version,
                    details={"step": "retire", "version": version},
                )

        _with_retry(mark)
        if version in ring.keys:
            del ring.keys[version]
            ring.save()


def retire_unused(engine: Engine, ring: Keyring, *, actor: str = "cli") -> list[int]:
    """Retire every non-current version no sealed row uses (after a complete re-seal)."""
    ring.refresh(force=True)
    with Session(engine) as session:
        counts = version_counts(session)
        live = set(session.scalars(select(KeyCheck.version).where(KeyCheck.retired_at.is_(None))))
    retired = []
    for version in sorted((set(ring.keys) | live) - {ring.current}):
        if counts.get(version, 0) == 0:
            try:
                retire(engine, ring, version, actor=actor)
            except KeyInUse:  # sealed under it meanwhile (a stale writer): keep it
                continue
            retired.append(version)
    return retired


def status(session: Session, ring: Keyring) -> list[tuple[int, int, str]]:
    """(version, sealed rows, state) for every version the key file or the store knows."""
    counts = version_counts(session)
    rows = {r.version: r for r in session.scalars(select(KeyCheck))}
    out = []
    for version in sorted(set(ring.keys) | set(counts) | set(rows)):
        row = rows.get(version)
        if version not in ring.keys:
            state = "retired" if row is not None and row.retired_at and not counts.get(version) else "MISSING"
        elif row is not None and row.retired_at:
            state = "retired (still in the key file)"
        else:
            state = "current" if version == ring.current else "in keyring"
        out.append((version, counts.get(version, 0), state))
    return out
