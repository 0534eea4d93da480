"""Free text written on a case: sealed at once (tipnet.security.textseal), and the user warned when
it names a person of the case or holds a phone number, by field name only (never the value), so
they can decide whether the note needs the detail. Read back for roles that identify victims.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.cases.responses import TextWarning
from tipnet.security import sealing, textseal
from tipnet.security.keys import Keyring, load_keyring
from tipnet.store.base import Base
from tipnet.store.tables.cases import Case, CasePerson


def case_names(session: Session, case: Case, ring: Keyring) -> list[str]:
    """The names of every person of the case (sealed ones opened for the check only, never shown)."""
    pids = list(session.scalars(select(CasePerson.person_id).where(CasePerson.case_id == case.id)))
    out: list[str] = []
    for payload in sealing.open_many(session, pids, ring).values():
        out.extend(textseal.person_names(payload))
    return out


def seal_and_flag(
    session: Session,
    case: Case,
    rows: list[tuple[Base, tuple[str, ...]]],
    ring: Keyring | None,
    *,
    extra_names: list[str] | None = None,
) -> list[TextWarning]:
    """Seal the free text of `rows` (each with the fields this request wrote) and warn about those
    fields that name a person of the case or hold a phone number."""
    written: dict[str, Any] = {}
    for row, written_fields in rows:
        for name in written_fields:
            value = getattr(row, name, None)
            if value:
                written[name] = value
    if not written:
        return []
    ring = ring or load_keyring()
    names = case_names(session, case, ring) + list(extra_names or [])
    warnings = [TextWarning(**w) for w in textseal.flag(written, names)]
    textseal.seal_rows(session, [row for row, _ in rows], ring)
    return warnings
