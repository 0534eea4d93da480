"""The blind index of hotline reports' phone numbers.

A hotline report's caller phone and narrative are sealed (tipnet.security.textseal): the numbers in
them (the caller's, and the recruiter's or broker's number a caller repeats) could not be compared
with anything without decrypting every report. Each report's numbers are kept here as keyed hashes
(HMAC-SHA256 under the keyring's index key, `fields.digest` with kind "phone", the same digest as
persons' phones in `person_blind_index`): a number is looked up by its digest, never stored or
compared in clear.

Written whenever a report's text is sealed (`textseal.seal_values`), dropped with it
(`textseal.delete_rows`), recomputed under the new key by `sealing.rotate_index_key`, and built for
reports sealed before this index existed by `reindex` (`tipnet keys index-hotline`).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from tipnet.identity.phones import REGION_PHONE_REGIONS, PhoneError, normalize_phone, phones_in_text
from tipnet.security import audit, fields
from tipnet.security.keys import Keyring
from tipnet.store.tables.hotline import HotlinePhoneIndex, HotlineReport
from tipnet.store.tables.security import TextSecret

TABLE = "hotline_report"


def numbers(payload: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(kind, E.164) of the numbers in a report's sealed text: the caller's phone and every number
    its narrative mentions (kind `caller` or `text`)."""
    out: set[tuple[str, str]] = set()
    caller = str(payload.get("caller_phone") or "").strip()
    if caller:
        with contextlib.suppress(PhoneError):  # a caller id that is no number (withheld) has none
            out.add(("caller", normalize_phone(caller, fallback_regions=REGION_PHONE_REGIONS)))
    for phone in phones_in_text(str(payload.get("narrative") or "")):
        out.add(("text", phone))
    return out


def _rows(report_id: int, payload: Mapping[str, Any], ring: Keyring) -> list[dict[str, Any]]:
    out = []
    for kind, phone in sorted(numbers(payload)):
        for _, dig in fields.digests(ring, [("phone", phone)]):
            out.append({"hotline_report_id": report_id, "kind": kind, "digest": dig})
    return out


def index(session: Session, payloads: Mapping[int, Mapping[str, Any]], ring: Keyring) -> int:
    """Replace the index rows of these reports (report id -> its whole sealed text); returns rows."""
    if not payloads:
        return 0
    ids = sorted(payloads)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        session.execute(delete(HotlinePhoneIndex).where(HotlinePhoneIndex.hotline_report_id.in_(part)))
    rows = [row for rid in ids for row in _rows(rid, payloads[rid], ring)]
    if rows:  # one executemany, not an ORM object per row (an import seals thousands of reports)
        session.execute(insert(HotlinePhoneIndex), rows)
    return len(rows)


def drop(session: Session, report_ids: Any) -> None:
    """Delete the index rows of reports being deleted (`report_ids`: ids or a SELECT of them)."""
    session.execute(delete(HotlinePhoneIndex).where(HotlinePhoneIndex.hotline_report_id.in_(report_ids)))


def lookup(session: Session, phones: Iterable[str], ring: Keyring) -> dict[str, list[tuple[int, str]]]:
    """E.164 number -> [(hotline report id, caller|text)] holding it, by digest (both index keys
    during an index rotation). Nothing is decrypted."""
    digest_of: dict[str, str] = {}
    for phone in sorted(set(phones)):
        for _, dig in fields.lookup_digests(ring, [("phone", phone)]):
            digest_of[dig] = phone
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    wanted = list(digest_of)
    for start in range(0, len(wanted), 1000):
        rows = session.execute(
            select(HotlinePhoneIndex.digest, HotlinePhoneIndex.hotline_report_id, HotlinePhoneIndex.kind)
            .where(HotlinePhoneIndex.digest.in_(wanted[start : start + 1000]))
            .order_by(HotlinePhoneIndex.hotline_report_id)
        )
        for dig, report_id, kind in rows:
            hit = (int(report_id), str(kind))
            if hit not in out[digest_of[dig]]:
                out[digest_of[dig]].append(hit)
    return dict(out)


def _open(session: Session, report_ids: list[int], ring: Keyring) -> dict[int, dict[str, str]]:
    """The sealed text of these reports (textseal's secrets, read directly: textseal writes this
    index, so it cannot be imported here)."""
    found = session.execute(
        select(TextSecret.row_id, TextSecret.key_version, TextSecret.nonce, TextSecret.ciphertext).where(
            TextSecret.table_name == TABLE, TextSecret.row_id.in_(report_ids)
        )
    )
    return {rid: fields.unseal_text(ring, TABLE, rid, v, n, ct) for rid, v, n, ct in found}


def reindex(
    engine: Engine, ring: Keyring, *, write_ring: Keyring | None = None, batch: int = 500, actor: str = "cli"
) -> dict[str, int]:
    """Recompute every sealed report's index rows (under `write_ring`'s index key, default `ring`'s),
    in committed batches, one audit event per batch (the sealed text is opened to read the numbers,
    never shown or logged)."""
    target = write_ring or ring
    reports = rows = 0
    last = 0
    # then again for reports committed while it ran (an import's, the /check page's): a writer whose
    # keyring was read just before a rotation announced its key indexes under the old one
    while True:
        with Session(engine) as session:
            ids = list(
                session.scalars(
                    select(HotlineReport.id).where(HotlineReport.id > last).order_by(HotlineReport.id)
                )
            )
        if not ids:
            break
        last = ids[-1]
        for start in range(0, len(ids), batch):
            part = ids[start : start + batch]
            with Session(engine) as session, session.begin():
                opened = _open(session, part, ring)
                rows += index(session, {rid: opened.get(rid, {}) for rid in part}, target)
                reports += len(part)
                audit.record(
                    session,
                    actor,
                    "update",
                    "hotline_phone_index",
                    None,
                    details={"reports": len(part), "first": part[0], "last": part[-1], "opened": len(opened)},
                )
    return {"reports": reports, "rows": rows}


def counts(session: Session) -> dict[str, int]:
    """Reports and index rows, for `tipnet keys status`-like summaries and tests."""
    return {
        "reports": int(session.scalar(select(func.count()).select_from(HotlineReport)) or 0),
        "indexed": int(
            session.scalar(select(func.count(func.distinct(HotlinePhoneIndex.hotline_report_id)))) or 0
        ),
    }
