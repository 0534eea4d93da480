"""Sealing persons: moving identifying fields out of clear columns into `person_secret`, reading
them back for those allowed, searching them through blind indexes, and rotating the data key.

Ingestion (or any writer of victim Person rows) calls `seal_person(session, person)` after the
person is flushed: the clear identifying columns and related names, phones, documents and
addresses are sealed and emptied; statistics fields (gender, citizenship, birth year) stay.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from tipnet.security import fields, hotline_phones, keyguard
from tipnet.security.keys import Keyring, load_keyring
from tipnet.store.bulk import Rec
from tipnet.store.tables.people import Person
from tipnet.store.tables.security import PersonBlindIndex, PersonSecret

# The identifying columns of a person row: emptied when it is sealed, read from it when it is not.
_CLEAR_COLUMNS = fields.IDENTIFYING_COLUMNS


def clear_payload(person: Person) -> dict[str, Any]:
    """The identifying fields a clear (unsealed) Person row holds, in the sealed payload's shape."""
    payload: dict[str, Any] = {col: getattr(person, col) for col in _CLEAR_COLUMNS}
    payload["phones"] = [p.number for p in person.phones]
    payload["addresses"] = [{"text": a.text, "country": a.country} for a in person.addresses]
    payload["documents"] = [
        {
            "document_type": d.document_type,
            "document_number": d.document_number,
            "issuing_state": d.issuing_state,
        }
        for d in person.documents
    ]
    payload["aliases"] = [n.name for n in person.names if n.kind == "alias"]
    return {k: v for k, v in payload.items() if v not in (None, [], "")}


def rec_payload(person: Rec) -> dict[str, Any]:
    """`clear_payload` of a person not yet written (a bulk `Rec` and its `kids`)."""
    payload: dict[str, Any] = {col: person.get(col) for col in _CLEAR_COLUMNS}
    kids = person.kids
    payload["phones"] = [k["number"] for k in kids if k.table.name == "phone"]
    payload["addresses"] = [
        {"text": k["text"], "country": k["country"]} for k in kids if k.table.name == "address"
    ]
    payload["documents"] = [
        {
            "document_type": k["document_type"],
            "document_number": k["document_number"],
            "issuing_state": k["issuing_state"],
        }
        for k in kids
        if k.table.name == "identity_document"
    ]
    payload["aliases"] = [k["name"] for k in kids if k.table.name == "person_name" and k["kind"] == "alias"]
    return {k: v for k, v in payload.items() if v not in (None, [], "")}


def seal_recs(session: Session, persons: list[Rec], ring: Keyring) -> list[Rec]:
    """Seal persons about to be written in bulk (ids assigned, nothing written yet).

    What `seal_person` does for a stored person, for a whole chunk at once: one key-version check
    and one AES-GCM key setup for the chunk. Returns the sealed secrets and blind indexes to write
    with the persons; their identifying columns are emptied and their names, phones, documents
    and addresses are not written at all.
    """
    if not persons:
        return []
    version = keyguard.sealing_version(session, ring)
    aead = AESGCM(ring.key(version))
    out: list[Rec] = []
    for person in persons:
        assert person.id is not None, "ids are assigned before sealing (the id is in the associated data)"
        payload = rec_payload(person)
        nonce, ciphertext = fields.seal_with(aead, version, person.id, payload)
        owner = {"person_id": person}
        out.append(
            Rec(PersonSecret, {"key_version": version, "nonce": nonce, "ciphertext": ciphertext}, owner)
        )
        for kind, dig in sorted(fields.digests(ring, fields.identity_forms(payload))):
            out.append(Rec(PersonBlindIndex, {"kind": kind, "digest": dig}, owner))
        for col in _CLEAR_COLUMNS:
            person.values[col] = None
        for kid in person.kids:
            kid.skip = True
    return out


def index_person(session: Session, person_id: int, payload: dict[str, Any], ring: Keyring) -> None:
    """Replace the person's blind indexes with those of `payload`."""
    session.execute(delete(PersonBlindIndex).where(PersonBlindIndex.person_id == person_id))
    for kind, dig in sorted(fields.digests(ring, fields.identity_forms(payload))):
        session.add(PersonBlindIndex(person_id=person_id, kind=kind, digest=dig))


def seal_person(
    session: Session, person: Person, payload: dict[str, Any] | None = None, ring: Keyring | None = None
) -> None:
    """Seal a person's identifying fields (from `payload`, or from its clear columns) and empty them.

    The person must have an id (flush first). Idempotent: sealing again replaces the secret.
    """
    ring = ring or load_keyring()
    if person.id is None:
        session.flush()
    payload = {k: v for k, v in (payload if payload is not None else clear_payload(person)).items() if v}
    version, nonce, ciphertext = fields.seal(
        ring, person.id, payload, version=keyguard.sealing_version(session, ring)
    )
    secret = session.scalar(select(PersonSecret).where(PersonSecret.person_id == person.id))
    if secret is None:
        session.add(
            PersonSecret(person_id=person.id, key_version=version, nonce=nonce, ciphertext=ciphertext)
        )
    else:
        secret.key_version, secret.nonce, secret.ciphertext = version, nonce, ciphertext
    for col in _CLEAR_COLUMNS:
        setattr(person, col, None)
    person.names.clear()
    person.phones.clear()
    person.documents.clear()
    person.addresses.clear()
    index_person(session, person.id, payload, ring)


def is_sealed(session: Session, person_id: int) -> bool:
    return session.scalar(select(PersonSecret.id).where(PersonSecret.person_id == person_id)) is not None


def open_person(session: Session, person: Person, ring: Keyring | None = None) -> dict[str, Any]:
    """The identifying fields of a person, unsealed if sealed. Callers audit the read."""
    secret = session.scalar(select(PersonSecret).where(PersonSecret.person_id == person.id))
    if secret is None:
        return clear_payload(person)
    ring = ring or load_keyring()
    return fields.unseal(ring, person.id, secret.key_version, secret.nonce, secret.ciphertext)


def open_many(
    session: Session, person_ids: list[int], ring: Keyring | None = None
) -> dict[int, dict[str, Any]]:
    """The names-level identifying fields of many persons in two queries (sealed ones unsealed).

    For lists: clear persons give their name columns only (no related rows are loaded).
    """
    if not person_ids:
        return {}
    out: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(
            PersonSecret.person_id, PersonSecret.key_version, PersonSecret.nonce, PersonSecret.ciphertext
        ).where(PersonSecret.person_id.in_(person_ids))
    ).all()
    if rows:
        ring = ring or load_keyring()
        for pid, version, nonce, ct in rows:
            out[pid] = fields.unseal(ring, pid, version, nonce, ct)
    clear = [pid for pid in person_ids if pid not in out]
    if clear:
        cols = [getattr(Person, c) for c in _CLEAR_COLUMNS]
        for row in session.execute(select(Person.id, *cols).where(Person.id.in_(clear))):
            out[row[0]] = {c: v for c, v in zip(_CLEAR_COLUMNS, row[1:], strict=True) if v is not None}
    return out


def search(session: Session, query: str, ring: Keyring | None = None, *, limit: int = 200) -> dict[int, int]:
    """Person ids whose blind indexes satisfy every term of `query`, with the count of matched forms."""
    return {pid: len(kinds) for pid, kinds in _search(session, query, ring, limit).items()}


def search_why(
    session: Session, query: str, ring: Keyring | None = None, *, limit: int = 200
) -> dict[int, frozenset[str]]:
    """As `search`, with what each person matched on: the kinds of index that answered ("name",
    "phon" a name as it sounds, "birth", "idno", "phone"); never the values."""
    return {
        pid: frozenset(kind for kind, _ in got) for pid, got in _search(session, query, ring, limit).items()
    }


def _search(
    session: Session, query: str, ring: Keyring | None, limit: int
) -> dict[int, set[tuple[str, str]]]:
    ring = ring or load_keyring()
    ring.refresh()
    groups = [fields.lookup_digests(ring, g) for g in fields.query_forms(query)]
    if not groups:
        return {}
    wanted = {d for g in groups for _, d in g}
    rows = session.execute(
        select(PersonBlindIndex.person_id, PersonBlindIndex.kind, PersonBlindIndex.digest).where(
            PersonBlindIndex.digest.in_(wanted)
        )
    )
    have: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for person_id, kind, dig in rows:
        have[person_id].add((kind, dig))
    hits = {pid: got for pid, got in have.items() if all(got & g for g in groups)}
    return dict(sorted(hits.items(), key=lambda kv: -len(kv[1]))[:limit])


def similar(
    session: Session, payload: dict[str, Any], ring: Keyring | None = None, *, exclude: int | None = None
) -> dict[int, float]:
    """Persons resembling `payload` (shared name tokens, phonetic keys, birth date, numbers), scored 0-1.

    A first, blind-index-only candidate check for duplicate warnings; the matching core can rescore.
    """
    ring = ring or load_keyring()
    ring.refresh()
    mine = fields.lookup_digests(ring, fields.identity_forms(payload))
    if not mine:
        return {}
    rows = session.execute(
        select(PersonBlindIndex.person_id, PersonBlindIndex.kind, PersonBlindIndex.digest).where(
            PersonBlindIndex.digest.in_({d for _, d in mine})
        )
    )
    have: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for person_id, kind, dig in rows:
        if person_id != exclude and (kind, dig) in mine:
            have[person_id].add((kind, dig))
    weights = {"name": 1.0, "phon": 0.5, "birth": 0.5, "idno": 3.0, "phone": 2.0}
    scores: dict[int, float] = {}
    for pid, got in have.items():
        names = sum(1 for k, _ in got if k == "name")
        score = sum(weights.get(k, 0) for k, _ in got)
        if names >= 2 or any(k in ("idno", "phone") for k, _ in got) or (names >= 1 and score >= 2.5):
            scores[pid] = min(1.0, score / 5.0)
    return dict(sorted(scores.items(), key=lambda kv: -kv[1])[:20])


def key_versions(session: Session) -> dict[int, int]:
    """How many sealed persons each key version holds."""
    rows = session.execute(select(PersonSecret.key_version, func.count()).group_by(PersonSecret.key_version))
    return {int(v): int(n) for v, n in rows}


def rotate_keys(
    engine: Engine, ring: Keyring | None = None, *, batch: int = 500, retire: bool = True, actor: str = "cli"
) -> dict[str, int]:
    """Add a new data key (recorded in the store, then current in the key file), re-seal every row
    under it in committed, audited batches, then retire the versions nothing uses any more.

    Safe while servers run: they re-read the changed key file; a version is retired only when no
    row (and no transaction in flight) uses it. Interrupted: `keyguard.reseal` continues.
    """
    ring = keyguard.open_keyring(engine, ring)
    new_version = keyguard.add_version(engine, ring)
    done = keyguard.reseal(engine, ring, batch=batch, actor=actor)
    retired = keyguard.retire_unused(engine, ring, actor=actor) if retire else []
    return {
        "version": new_version,
        "resealed": done["resealed"],
        "batches": done["batches"],
        "retired": len(retired),
    }


def rotate_index_key(engine: Engine, ring: Keyring | None = None, *, batch: int = 500) -> dict[str, int]:
    """Replace the blind-index key and recompute every person's blind indexes under it.

    The new key is written to the key file first (as `next_index_key`) so an interrupted run resumes
    with the same key; meanwhile writers index under the new key and searches look under both, so
    search keeps finding everyone during the run.
    """
    from dataclasses import replace

    ring = ring or load_keyring()
    with ring.locked():
        ring.refresh(force=True)
        if ring.next_index_key is None:
            import secrets

            ring.next_index_key = secrets.token_bytes(32)
            ring.save()
    new_ring = replace(ring, index_key=ring.next_index_key, next_index_key=None)
    with Session(engine) as session:
        person_ids = sorted(set(session.scalars(select(PersonBlindIndex.person_id).distinct())))
    for start in range(0, len(person_ids), batch):
        chunk = person_ids[start : start + batch]
        with Session(engine) as session, session.begin():
            for person in session.scalars(select(Person).where(Person.id.in_(chunk))):
                index_person(session, person.id, open_person(session, person, ring), new_ring)
    # hotline reports' phone numbers too (tipnet.security.hotline_phones): their sealed text opened
    # under the data keys, hashed under the new index key
    hotline = hotline_phones.reindex(engine, ring, write_ring=new_ring, batch=batch, actor="keys")
    with ring.locked():
        ring.refresh(force=True)
        ring.index_key, ring.next_index_key = new_ring.index_key, None
        ring.save()
    return {"reindexed": len(person_ids), "hotline_reports": hotline["reports"]}
