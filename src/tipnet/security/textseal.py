"""Sealing free text attached to victims: hotline reports and everything written on a case.

A hotline narrative names the person it is about ("my sister Sok Dara was taken to ..."), with the
caller's phone and where they called from; a case's notes, referral details, support plans and
follow-ups name the victim, their family, their shelter. Sealing only the person row's fields would
leave all of that in clear. So these columns (SEALED_TEXT) are sealed the way identifying fields are
(AES-256-GCM under the keyring's numbered data key, `tipnet keys rotate` re-seals them, a version is
never retired while a text uses it): one `text_secret` row per table row holds the row's sealed
columns as one JSON document, bound by the associated data to its table and row, and the clear
columns are emptied.

Which rows: every hotline report (its subject is a possible victim and its caller an informant,
named or not), and every free-text column of a case (a case about suspects only today may receive
a victim tomorrow, and its notes name the victim whoever the case's persons are).

Writers call `seal_rows` after a flush (rows need ids); readers call `open_rows` and audit the read
(the case service's view event counts the texts opened). `mentions` tells a writer whether a text
names a person of the case or holds a phone number, so the user is warned (by field name, never
echoing the value). `seal_existing` seals the clear text a store held before this module existed
(`tipnet keys seal-text`): resumable, one audit event per batch.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from tipnet.security import audit
from tipnet.security.keys import Keyring
from tipnet.store.base import Base
from tipnet.store.tables.cases import (
    Case,
    CaseComment,
    CasePerson,
    FollowUp,
    Referral,
    SupportPlan,
    TraffickingEvent,
)
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.security import TextSecret

# The sealed columns of each table (ORM attribute names are the column names).
SEALED_TEXT: dict[str, tuple[str, ...]] = {
    "hotline_report": ("narrative", "caller_phone", "location"),
    "case": ("cas_ReasonForCaseClosure",),
    "case_comment": ("cco_CaseComment",),
    "referral": ("details",),
    "case_person": ("per_RoleDetails",),
    "trafficking_event": ("hte_Description", "hte_City"),
    "support_plan": ("spl_Objectives", "spl_ActionPlan"),
    "follow_up": ("notes",),
}
MODELS: dict[str, type[Base]] = {
    "hotline_report": HotlineReport,
    "case": Case,
    "case_comment": CaseComment,
    "referral": Referral,
    "case_person": CasePerson,
    "trafficking_event": TraffickingEvent,
    "support_plan": SupportPlan,
    "follow_up": FollowUp,
}


def _aad(table: str, row_id: int, version: int) -> bytes:
    return f"tipnet:text:{table}:{row_id}:v{version}".encode()


def seal_payload(
    ring: Keyring, table: str, row_id: int, payload: dict[str, str], version: int
) -> tuple[bytes, bytes]:
    nonce = os.urandom(12)
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return nonce, AESGCM(ring.key(version)).encrypt(nonce, data, _aad(table, row_id, version))


def unseal_payload(
    ring: Keyring, table: str, row_id: int, version: int, nonce: bytes, ciphertext: bytes
) -> dict[str, str]:
    """The sealed columns; raises cryptography's InvalidTag when the secret was tampered with or moved."""
    data = AESGCM(ring.key(version)).decrypt(nonce, ciphertext, _aad(table, row_id, version))
    payload: dict[str, str] = json.loads(data.decode("utf-8"))
    return payload


def _table(row: Base) -> str:
    name = str(getattr(row, "__tablename__", ""))
    if name not in SEALED_TEXT:
        raise ValueError(f"no sealed text in table {name!r}")
    return name


def _empty(model: type[Base], column: str) -> str | None:
    """What a sealed column holds in clear: NULL, or '' where the column may not be NULL."""
    col = model.__table__.c[column]
    return None if col.nullable else ""


def seal_rows(session: Session, rows: Sequence[Base], ring: Keyring) -> int:
    """Seal the clear free text of `rows` (merged into what each row has sealed already) and empty
    the clear columns. Rows without clear text are left alone. Returns how many rows were sealed."""
    from tipnet.security.keyguard import sealing_version

    pending = [r for r in rows if any(getattr(r, c) not in (None, "") for c in SEALED_TEXT[_table(r)])]
    if not pending:
        return 0
    if any(getattr(r, "id", None) is None for r in pending):
        session.flush()
    version = sealing_version(session, ring)
    by_table: dict[str, list[Base]] = {}
    for row in pending:
        by_table.setdefault(_table(row), []).append(row)
    for table, group in by_table.items():
        ids = [int(getattr(r, "id")) for r in group]  # noqa: B009 (any mapped row)
        existing = {
            s.row_id: s
            for s in session.scalars(
                select(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id.in_(ids))
            )
        }
        for row in group:
            row_id = int(getattr(row, "id"))  # noqa: B009
            secret = existing.get(row_id)
            payload: dict[str, str] = (
                unseal_payload(ring, table, row_id, secret.key_version, secret.nonce, secret.ciphertext)
                if secret is not None
                else {}
            )
            for column in SEALED_TEXT[table]:
                value = getattr(row, column)
                if value not in (None, ""):
                    payload[column] = str(value)
                    setattr(row, column, _empty(MODELS[table], column))
            nonce, ciphertext = seal_payload(ring, table, row_id, payload, version)
            if secret is None:
                session.add(
                    TextSecret(
                        table_name=table,
                        row_id=row_id,
                        key_version=version,
                        nonce=nonce,
                        ciphertext=ciphertext,
                    )
                )
            else:
                secret.key_version, secret.nonce, secret.ciphertext = version, nonce, ciphertext
    return len(pending)


def forget(session: Session, table: str, row_id: int, column: str, ring: Keyring | None) -> None:
    """Remove one column from a row's sealed text (the user cleared the field)."""
    secret = session.scalar(
        select(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id == row_id)
    )
    if secret is None:
        return
    if ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    payload = unseal_payload(ring, table, row_id, secret.key_version, secret.nonce, secret.ciphertext)
    if payload.pop(column, None) is None:
        return
    if not payload:
        session.delete(secret)
        return
    from tipnet.security.keyguard import sealing_version

    version = sealing_version(session, ring)
    secret.nonce, secret.ciphertext = seal_payload(ring, table, row_id, payload, version)
    secret.key_version = version


def open_rows(
    session: Session, table: str, row_ids: Iterable[int], ring: Keyring | None
) -> dict[int, dict[str, str]]:
    """The sealed columns of the given rows of `table`, in one query. Callers audit the read."""
    ids = sorted(set(row_ids))
    if not ids:
        return {}
    found = session.execute(
        select(TextSecret.row_id, TextSecret.key_version, TextSecret.nonce, TextSecret.ciphertext).where(
            TextSecret.table_name == table, TextSecret.row_id.in_(ids)
        )
    ).all()
    if not found:
        return {}
    if ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    return {rid: unseal_payload(ring, table, rid, v, n, ct) for rid, v, n, ct in found}


def open_tables(
    session: Session, wanted: Mapping[str, Iterable[int]], ring: Keyring | None
) -> dict[str, dict[int, dict[str, str]]]:
    """The sealed columns of rows of several tables (table -> row ids) in one query."""
    conditions = [
        and_(TextSecret.table_name == table, TextSecret.row_id.in_(sorted(set(ids))))
        for table, ids in wanted.items()
        if ids
    ]
    out: dict[str, dict[int, dict[str, str]]] = {table: {} for table in wanted}
    if not conditions:
        return out
    found = session.execute(
        select(
            TextSecret.table_name,
            TextSecret.row_id,
            TextSecret.key_version,
            TextSecret.nonce,
            TextSecret.ciphertext,
        ).where(or_(*conditions))
    ).all()
    if found and ring is None:
        from tipnet.security.keys import load_keyring

        ring = load_keyring()
    for table, rid, v, n, ct in found:
        assert ring is not None
        out[table][rid] = unseal_payload(ring, table, rid, v, n, ct)
    return out


def delete_rows(session: Session, table: str, row_ids: Any) -> None:
    """Delete the secrets of rows being deleted (`row_ids`: ids or a SELECT of them)."""
    session.execute(delete(TextSecret).where(TextSecret.table_name == table, TextSecret.row_id.in_(row_ids)))


# --- warnings: names and phone numbers in free text ------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE = re.compile(r"\+?\d[\d\s().\-]{6,}\d")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def mentions(text: str | None, names: Iterable[str]) -> list[str]:
    """What a free text holds that identifies someone: "name" when it contains a name token (3+
    letters) of one of `names` (any script; a name in a script written without spaces, such as
    Khmer or Thai, is looked for as a substring), "phone" when it holds a phone-like number."""
    if not text:
        return []
    found: list[str] = []
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    for name in names:
        for token in _WORD.findall(_fold(name or "")):
            if len(token) < 3 or token.isdigit():
                continue
            if token in words or (not token.isascii() and token in folded):
                found.append("name")
                break
        if found:
            break
    if any(sum(ch.isdigit() for ch in m.group(0)) >= 8 for m in _PHONE.finditer(text)):
        found.append("phone")
    return found


def person_names(payload: dict[str, Any]) -> list[str]:
    """The names of one person's identifying payload (as tipnet.security.sealing keeps them)."""
    keys = ("prs_FirstName", "prs_MiddleName", "prs_SecondName", "full_name", "name_native")
    return [str(payload[k]) for k in keys if payload.get(k)] + [str(a) for a in payload.get("aliases") or []]


def flag(values: dict[str, str | None], names: Iterable[str]) -> list[dict[str, Any]]:
    """Warnings for the given fields (field name -> text written): which mention whom. No values."""
    names = list(names)
    out = []
    for field, text in values.items():
        kinds = mentions(text, names)
        if kinds:
            out.append({"field": field, "mentions": kinds, "sealed": True})
    return out


# --- existing data -----------------------------------------------------------------------------------


def clear_counts(session: Session) -> dict[str, int]:
    """Rows per table still holding free text in clear (what `seal_existing` has left to do)."""
    return {
        table: int(session.scalar(select(func.count()).where(_has_clear(table))) or 0)
        for table in SEALED_TEXT
    }


def _has_clear(table: str) -> Any:
    model = MODELS[table]
    cols = [getattr(model, c) for c in SEALED_TEXT[table]]
    return or_(*(and_(c.is_not(None), c != "") for c in cols))


def seal_existing(
    engine: Engine,
    ring: Keyring,
    *,
    batch: int = 500,
    actor: str = "cli",
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Seal every row's free text still in clear, `batch` rows per committed transaction with one
    audit event each (table and count, no text). Resumable: a re-run continues where one stopped."""
    from tipnet.security.keyguard import _with_retry

    done: dict[str, int] = {}
    for table in SEALED_TEXT:
        model = MODELS[table]
        total = 0
        batches = 0

        def one_batch(table: str = table, model: type[Base] = model, number: int = 1) -> int:
            with Session(engine) as session, session.begin():
                rows = list(
                    session.scalars(
                        select(model).where(_has_clear(table)).order_by(model.id).limit(batch)  # type: ignore[attr-defined]
                    )
                )
                n = seal_rows(session, rows, ring)
                if n:
                    audit.record(
                        session,
                        actor,
                        "seal",
                        "free_text",
                        table,
                        details={"step": "seal-text", "table": table, "batch": number, "rows": n},
                    )
                return n

        while True:
            n = _with_retry(lambda: one_batch(number=batches + 1))  # noqa: B023 (called at once)
            if not n:
                break
            total += n
            batches += 1
            if progress:
                progress(table, total)
        done[table] = total
    return done
