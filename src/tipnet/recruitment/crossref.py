"""Where an advert's phone numbers also appear in case records: the recruiter's number on a suspect,
or on a victim who answered the advert. For analysts only (case:read and advert:screen), only cases
in their organisation's scope, and audited: every look-up is an audit event committed with the
transaction that shows its answer.

Suspects' phones are in clear (table phone); victims' and witnesses' are sealed, and found through
their blind index (keyed hash of the E.164 number, tipnet.security.fields), never decrypted here.
The answer names the case and the person's part in it, nothing about the person.

Hotline reports' numbers (the caller's, and those the sealed narrative mentions: a recruiter's number
a caller repeats) are found the same way, through their blind index (tipnet.security.hotline_phones),
among the reports the analyst's organisation received; the answer names the report, when it came
and whether the number was the caller's or in the text, nothing the report says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.security import audit, fields, hotline_phones
from tipnet.security.keys import Keyring, load_keyring
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.scope import scoped_ids
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import Phone
from tipnet.store.tables.security import PersonBlindIndex
from tipnet.store.tables.sources import SourceRecord

MAX_PHONES = 500


@dataclass(frozen=True, slots=True)
class Sighting:
    phone: str  # E.164, as the advert gave it
    case_id: int
    case_ref: str
    role: str  # the person's part in the case: Victim | Suspect | Witness


def case_sightings(
    session: Session,
    principal: Principal,
    phones: Iterable[str],
    *,
    ring: Keyring | None = None,
    purpose: str = "advert contacts",
) -> dict[str, list[Sighting]]:
    """For each E.164 number, the cases in the principal's scope where a person has it. Audited."""
    require(principal, Perm.ADVERT_SCREEN)
    require(principal, Perm.CASE_READ)
    wanted = sorted({p for p in phones if p.startswith("+")})[:MAX_PHONES]
    by_person: dict[int, set[str]] = defaultdict(set)
    if wanted:
        for person_id, number in session.execute(
            select(Phone.person_id, Phone.number).where(Phone.number.in_(wanted))
        ):
            by_person[person_id].add(number)
        ring = ring or load_keyring()
        ring.refresh()
        for _ in range(3):
            digest_of = {d: p for p in wanted for _, d in fields.lookup_digests(ring, [("phone", p)])}
            for person_id, dig in session.execute(
                select(PersonBlindIndex.person_id, PersonBlindIndex.digest).where(
                    PersonBlindIndex.kind == "phone", PersonBlindIndex.digest.in_(list(digest_of))
                )
            ):
                by_person[person_id].add(digest_of[dig])
            if not ring.refresh():  # the index key changed while it ran (a rotation): look again
                break
    out: dict[str, list[Sighting]] = defaultdict(list)
    if by_person:
        rows = session.execute(
            select(CasePerson.person_id, CasePerson.role, Case.id, Case.case_ref)
            .join(Case, Case.id == CasePerson.case_id)
            .where(CasePerson.person_id.in_(list(by_person)), Case.id.in_(scoped_ids(principal)))
            .order_by(Case.id)
        )
        seen = set()
        for person_id, role, case_id, case_ref in rows:
            for phone in sorted(by_person[person_id]):
                if (phone, case_id, role) not in seen:
                    seen.add((phone, case_id, role))
                    out[phone].append(Sighting(phone, case_id, case_ref, role))
    case_ids = sorted({s.case_id for hits in out.values() for s in hits})
    # The numbers are the recruiter's, from the adverts; what was read is which cases hold them.
    audit.record(
        session,
        principal.username,
        "search",
        "advert_contacts",
        details={"purpose": purpose, "phones": len(wanted), "matched": len(out), "case_ids": case_ids[:200]},
    )
    return dict(out)


def _hotline_hits(session: Session, wanted: list[str], ring: Keyring) -> dict[str, list[tuple[int, str]]]:
    """number -> [(hotline report id, caller|text|subject)], every organisation's (scoped by the caller)."""
    found = hotline_phones.lookup(session, wanted, ring)
    # the report's subject (a possible victim, a sealed person): its phone's blind index
    digest_of = {d: p for p in wanted for _, d in fields.lookup_digests(ring, [("phone", p)])}
    for dig, report_id in session.execute(
        select(PersonBlindIndex.digest, HotlineReport.id)
        .join(HotlineReport, HotlineReport.subject_person_id == PersonBlindIndex.person_id)
        .where(PersonBlindIndex.kind == "phone", PersonBlindIndex.digest.in_(list(digest_of)))
    ):
        hits = found.setdefault(digest_of[dig], [])
        if (report_id, "subject") not in hits:
            hits.append((report_id, "subject"))
    return found


@dataclass(frozen=True, slots=True)
class HotlineSighting:
    phone: str  # E.164, as the advert gave it
    report_id: int
    reference: str  # the report's id at the hotline (its source record)
    received_at: datetime
    channel: str | None
    where: str  # caller (the caller's own number) | text (a number the report mentions) | subject


def hotline_sightings(
    session: Session,
    principal: Principal,
    phones: Iterable[str],
    *,
    ring: Keyring | None = None,
    purpose: str = "advert contacts",
) -> dict[str, list[HotlineSighting]]:
    """For each E.164 number, the hotline reports of the principal's organisation holding it (the
    caller's number, one the narrative mentions, or the phone of the person the report is about),
    found by blind index: nothing is decrypted.
    Audited, with the report ids returned."""
    require(principal, Perm.ADVERT_SCREEN)
    require(principal, Perm.CASE_READ)
    wanted = sorted({p for p in phones if p.startswith("+")})[:MAX_PHONES]
    out: dict[str, list[HotlineSighting]] = defaultdict(list)
    if wanted:
        ring = ring or load_keyring()
        ring.refresh()
        for _ in range(3):
            found = _hotline_hits(session, wanted, ring)
            # An index-key rotation that began or ended while the look-up ran (the key file changed):
            # the rows may have moved to a key this look-up did not hash with. Look again.
            if not ring.refresh():
                break
        ids = sorted({rid for hits in found.values() for rid, _ in hits})
        reports = {
            rid: (ref, at, channel)
            for rid, ref, at, channel in session.execute(
                select(
                    HotlineReport.id, SourceRecord.record_id, HotlineReport.received_at, HotlineReport.channel
                )
                .join(SourceRecord, SourceRecord.id == HotlineReport.source_record_id)
                .where(HotlineReport.id.in_(ids), SourceRecord.org_id == principal.org_id)
            )
        }
        for phone in wanted:
            for rid, where in found.get(phone, []):
                if rid in reports:
                    ref, at, channel = reports[rid]
                    out[phone].append(HotlineSighting(phone, rid, ref, at, channel, where))
    report_ids = sorted({h.report_id for hits in out.values() for h in hits})
    audit.record(
        session,
        principal.username,
        "search",
        "hotline_phones",
        details={
            "purpose": purpose,
            "phones": len(wanted),
            "matched": len(out),
            "hotline_report_ids": report_ids[:200],
        },
    )
    return dict(out)
