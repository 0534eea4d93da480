"""Idempotency keys of forms: a form the browser queued while offline may reach the server twice
(a retry after a lost answer, two tabs sending the same queue). The key is claimed in the same
transaction that applies the form, so it is recorded only when the form was applied, and the
database's unique constraint (user, key) decides between two sendings that race.

A key is the sender's own: another account sending the same key neither finds nor disturbs the
first one's receipt. A receipt also keeps a digest of what the form said (its address and fields):
the key sent again with another form (a page the Back button restored with its old key, a queue
tampered with) is refused rather than answered "already applied", which would lose that form."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tipnet.errors import Invalid
from tipnet.store.tables.security import FormReceipt

FIELD = "idempotency_key"
_SHAPE = re.compile(r"[A-Za-z0-9-]{16,64}")


def key_of(value: object) -> str | None:
    """The form's idempotency key (none given: None); a malformed one is refused."""
    if value is None or value == "":
        return None
    text = str(value)
    if not _SHAPE.fullmatch(text):
        raise Invalid(f"{FIELD}: 16 to 64 letters, digits or dashes")
    return text


def digest(path: str, fields: Iterable[tuple[str, object]]) -> str:
    """What a form said: SHA-256 of its address and its fields in order (the CSRF token and the key
    left out: the same form sent from another tab of the session carries the same ones anyway)."""
    kept = [[name, str(value)] for name, value in fields if name not in ("csrf_token", FIELD)]
    text = json.dumps([path, kept], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seen(session: Session, user_id: int, key: str) -> FormReceipt | None:
    """The receipt of a form already applied with this key, if any."""
    return session.scalar(select(FormReceipt).where(FormReceipt.user_id == user_id, FormReceipt.key == key))


def claim(session: Session, user_id: int, key: str, path: str, form_digest: str) -> int:
    """Record the key in the current transaction (flushed: a racing sending waits for this one and
    then fails on the unique constraint). Rolled back with the form if the form is refused."""
    now = datetime.now(UTC).replace(tzinfo=None)
    receipt = FormReceipt(user_id=user_id, key=key, path=path[:300], digest=form_digest, received_at=now)
    session.add(receipt)
    session.flush()
    return receipt.id


def same_form(receipt: FormReceipt, form_digest: str) -> None:
    """A key already applied may come back only with the same form; another form is refused (422,
    the page re-rendered with what was entered and a fresh key)."""
    if receipt.digest != form_digest:
        raise Invalid("This form's key was already used for another form: check the entries and send again")


def settle(session: Session, receipt_id: int, location: str | None) -> None:
    """Where the first sending's answer sent the user (the second sending is sent there too)."""
    session.execute(
        update(FormReceipt)
        .where(FormReceipt.id == receipt_id)
        .values(location=(location or "")[:1000] or None)
    )
