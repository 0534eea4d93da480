"""Encryption of victim-identifying fields (AES-256-GCM) and their blind indexes (HMAC-SHA256).

A sealed person keeps only what statistics need in clear (gender, citizenship, birth year); the
names, birth date, identity number, e-mail, phones and addresses are one AES-GCM sealed JSON
document in `person_secret`, bound to the person's id and key version by the associated data.
Search and duplicate warnings use `person_blind_index`: keyed hashes of normalized name tokens
(as written, romanized from any script, and their phonetic keys), of the birth date, of numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tipnet.security.keys import Keyring

# The one list of the fields of a person that identify them: sealed for victims and witnesses, and
# withheld from roles without person:identify. Sealing (tipnet.security.sealing) and the case
# service (tipnet.cases) derive what they handle from it.
IDENTIFYING_COLUMNS = (  # columns of the person row
    "prs_Salutation",
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "full_name",
    "name_native",
    "prs_Birthdate",
    "prs_IdentityNumber",
    "prs_Email",
)
IDENTIFYING_ROWS = ("phones", "addresses", "documents")  # the person's related rows
IDENTIFYING = IDENTIFYING_COLUMNS + IDENTIFYING_ROWS


def _aad(person_id: int, version: int) -> bytes:
    return f"tipnet:person:{person_id}:v{version}".encode()


def seal(
    ring: Keyring, person_id: int, payload: dict[str, Any], *, version: int | None = None
) -> tuple[int, bytes, bytes]:
    """(key version, nonce, ciphertext) of `payload` for person `person_id` under `version` (default:
    the current key; writers to the store pass `keyguard.sealing_version`'s answer)."""
    version = ring.current if version is None else version
    nonce, ciphertext = seal_with(AESGCM(ring.key(version)), version, person_id, payload)
    return version, nonce, ciphertext


def seal_with(aead: AESGCM, version: int, person_id: int, payload: dict[str, Any]) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of `payload` under an AES-GCM key already set up (`aead`, of `version`):
    a bulk writer builds it once per chunk rather than once per person."""
    nonce = os.urandom(12)
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return nonce, aead.encrypt(nonce, data, _aad(person_id, version))


def unseal(ring: Keyring, person_id: int, version: int, nonce: bytes, ciphertext: bytes) -> dict[str, Any]:
    """The payload; raises cryptography's InvalidTag when the row was tampered with or moved."""
    data = AESGCM(ring.key(version)).decrypt(nonce, ciphertext, _aad(person_id, version))
    payload: dict[str, Any] = json.loads(data.decode("utf-8"))
    return payload


def _text_aad(table: str, row_id: int, version: int) -> bytes:
    return f"tipnet:text:{table}:{row_id}:v{version}".encode()


def seal_text(
    ring: Keyring, table: str, row_id: int, payload: dict[str, str], version: int
) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of the free text of one row (tipnet.security.textseal), bound to its table
    and row id and key version."""
    nonce = os.urandom(12)
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return nonce, AESGCM(ring.key(version)).encrypt(nonce, data, _text_aad(table, row_id, version))


def unseal_text(
    ring: Keyring, table: str, row_id: int, version: int, nonce: bytes, ciphertext: bytes
) -> dict[str, str]:
    """The sealed columns of one row; raises InvalidTag when the secret was tampered with or moved."""
    data = AESGCM(ring.key(version)).decrypt(nonce, ciphertext, _text_aad(table, row_id, version))
    payload: dict[str, str] = json.loads(data.decode("utf-8"))
    return payload


# --- blind indexes ---------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s,;:/\\()\[\]{}\"'.\-_]+")


def _norm(token: str) -> str:
    return unicodedata.normalize("NFC", token).casefold().strip()


def _fold(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def _romanized(text: str) -> list[str]:
    """Latin spellings of `text` from the identity toolkit; none when it cannot read the script."""
    try:
        from tipnet.identity.romanize import romanize

        return romanize(text, limit=4)
    except Exception:  # the toolkit is optional here: exact-script search still works without it
        return []


def _hidden_readings(token: str, latin: set[str]) -> set[str]:
    """The words a token's written form hides, read by the identity toolkit as the matching core reads
    them: an old Indonesian spelling in today's (`soesilo` → `susilo`), and a Khmer name written as one
    word cut after its family name (`សុខសុជាតា` → `sok`, `socheata`). Empty without the toolkit."""
    out: set[str] = set()
    try:
        from tipnet.identity.romanize.indonesian import modern_indonesian
        from tipnet.identity.romanize.khmer.segment import split_family_name

        for form in latin:
            if modern := modern_indonesian(form):
                out.add(_fold(modern))
        for part in split_family_name(unicodedata.normalize("NFC", token)) or ():
            for spelling in _romanized(part):
                out.update(_fold(w) for w in _SPLIT.split(spelling))
    except Exception:  # the toolkit is optional here, as for romanization
        return set()
    return out - {""}


def _phonetic(token: str) -> str:
    import jellyfish

    return jellyfish.metaphone(token) if token.isascii() and token.isalpha() else ""


def name_token_variants(token: str) -> set[tuple[str, str]]:
    """(kind, form) pairs one name token may be found under: as written, folded, romanized, phonetic."""
    out: set[tuple[str, str]] = set()
    raw = _norm(token)
    if not raw:
        return out
    out.add(("name", raw))
    latin = {_fold(raw)} if raw.isascii() or _fold(raw) else set()
    if not raw.isascii():
        for spelling in _romanized(token):
            latin.update(_fold(part) for part in _SPLIT.split(spelling))
    latin |= _hidden_readings(token, latin)
    for form in latin - {""}:
        out.add(("name", form))
        if phon := _phonetic(form):
            out.add(("phon", phon))
    return out


def name_tokens(text: str | None) -> list[str]:
    return [t for t in _SPLIT.split(text or "") if t]


def identity_forms(payload: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (kind, form) a person's identifying payload is indexed under."""
    forms: set[tuple[str, str]] = set()
    for fld in ("prs_FirstName", "prs_MiddleName", "prs_SecondName", "full_name", "name_native"):
        for token in name_tokens(payload.get(fld)):
            forms |= name_token_variants(token)
    birth = str(payload.get("prs_Birthdate") or "")
    for cut in (4, 7, 10):  # 1990, 1990-05, 1990-05-01: a search by year finds full dates
        if len(birth) >= cut:
            forms.add(("birth", birth[:cut]))
    if payload.get("prs_IdentityNumber"):
        forms.add(("idno", _number(payload["prs_IdentityNumber"])))
    for doc in payload.get("documents") or []:
        if isinstance(doc, dict) and doc.get("document_number"):
            forms.add(("idno", _number(doc["document_number"])))
    for phone in payload.get("phones") or []:
        forms.add(("phone", _phone(str(phone))))
    return {(k, f) for k, f in forms if f}


def _number(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z+]", "", text).upper()


def _phone(text: str) -> str:
    try:
        from tipnet.identity.phones import normalize_phone

        return normalize_phone(text)
    except Exception:  # not a phone number we can read: index it as written
        return _number(text)


def digest(ring: Keyring, kind: str, form: str, *, key: bytes | None = None) -> str:
    """The blind index of one form: HMAC-SHA256 under the index key, 128 bits in hex."""
    mac = hmac.new(key or ring.index_key, f"{kind}\x1f{form}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def digests(ring: Keyring, forms: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The digests to write: under the index key being rolled out when an index rotation runs."""
    key = ring.next_index_key or ring.index_key
    return {(kind, digest(ring, kind, form, key=key)) for kind, form in forms}


def lookup_digests(ring: Keyring, forms: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The digests to look for: under the index key and, during an index rotation, the new one too,
    so a search finds persons whether or not they are re-indexed yet."""
    keys = [k for k in (ring.index_key, ring.next_index_key) if k]
    return {(kind, digest(ring, kind, form, key=k)) for kind, form in forms for k in keys}


def query_forms(query: str) -> list[set[tuple[str, str]]]:
    """For each term of a search query, the forms that satisfy it (a person must satisfy all)."""
    groups: list[set[tuple[str, str]]] = []
    for term in query.split():
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", term):
            groups.append({("birth", term)})
        elif any(ch.isdigit() for ch in term):
            groups.append({("idno", _number(term)), ("phone", _phone(term))})
        else:
            groups.extend(group for token in name_tokens(term) if (group := name_token_variants(token)))
    return groups
