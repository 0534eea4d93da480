"""Free text written on a case: sealed at once (tipnet.security.textseal), and the user warned when
it names a person of the case or holds a phone number, by field name only (never the value), so
they can decide whether the note needs the detail. Read back for roles that identify victims.
"""

from __future__ import annotations

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
    rows: list[tuple[Base, dict[str, str]]],
    ring: Keyring | None,
) -> list[TextWarning]:
    """Seal the text this request wrote (each row with the values `textseal.take_clear` moved out of
    it before any flush) and warn about the fields that name a person of the case or hold a phone."""
    written = {name: value for _row, values in rows for name, value in values.items() if value}
    if not written:
        return []
    ring = ring or load_keyring()
    warnings = [TextWarning(**w) for w in textseal.flag(written, case_names(session, case, ring))]
    textseal.seal_values(session, rows, ring)
    return warnings
