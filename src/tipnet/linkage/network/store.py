"""The store adapter: reads the tables the network needs into plain rows (`StoreRows`).

Sealed persons (victims, witnesses, hotline subjects) have no phones or documents in clear; their
blind indexes (keyed hashes) are read instead and the clear phones and documents of everyone else
are hashed with the same key, so a victim joins the phone a suspect also used without anything
being unsealed. Sealed addresses are not blind-indexed and so stay out of the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.linkage.network.build import BuildOptions, build_graph
from tipnet.linkage.network.model import Network
from tipnet.linkage.network.rows import (
    AccountRow,
    AdvertRow,
    CrossingRow,
    HotlineRow,
    PersonRow,
    RoleRow,
    StoreRows,
    ThingRow,
    TransactionRow,
)
from tipnet.security import fields, textseal
from tipnet.security.keys import Keyring
from tipnet.store.tables.adverts import AdvertScreening, JobAdvert
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account, Transaction
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import Address, IdentityDocument, Person, Phone
from tipnet.store.tables.security import PersonBlindIndex, PersonSecret
from tipnet.store.tables.sources import Organisation, SourceRecord

# Blind-index kinds that name shared things, and the thing kind each becomes.
_DIGEST_KINDS = {"phone": "phone", "idno": "document"}


def _blind_digest(ring: Keyring, kind: str, value: str) -> str:
    payload = {"phones": [value]} if kind == "phone" else {"documents": [{"document_number": value}]}
    hashed = fields.digests(ring, fields.identity_forms(payload))
    return next((d for _, d in sorted(hashed)), "")


def _handles_of(contacts: object) -> tuple[str, ...]:
    """The messaging accounts among an advert's screened contacts, by the node key the screening gave
    them (recruitment.contacts.node_key): Telegram usernames, Line and WeChat ids; not phones."""
    if not isinstance(contacts, list):
        return ()
    found = {
        node
        for c in contacts
        if isinstance(c, dict)
        and isinstance(node := c.get("node"), str)
        and not node.startswith("phone:")
        and node.count(":") == 1
        and node.split(":", 1)[1]
    }
    return tuple(sorted(found))


def _phones_of(contacts: object) -> tuple[str, ...]:
    """The E.164 phones among an advert's screened contacts (phone, WhatsApp, Viber numbers)."""
    if not isinstance(contacts, list):
        return ()
    found = {
        str(c.get("value"))
        for c in contacts
        if isinstance(c, dict) and str(c.get("value", "")).startswith("+") and c.get("kind") != "url"
    }
    return tuple(sorted(found))


def read_rows(session: Session, ring: Keyring | None = None) -> StoreRows:
    """Read persons, their things, case roles, crossings, hotline reports, accounts, payments, adverts."""
    sealed = set(session.scalars(select(PersonSecret.person_id)))
    rows = StoreRows()
    for pid, citizenship in session.execute(select(Person.id, Person.prs_Citizenship).order_by(Person.id)):
        rows.persons.append(PersonRow(pid, tuple(citizenship or ()), pid in sealed))

    things: list[ThingRow] = []
    for rid, pid, number in session.execute(select(Phone.id, Phone.person_id, Phone.number)):
        things.append(ThingRow(rid, pid, "phone", value=number))
    for rid, pid, text, country in session.execute(
        select(Address.id, Address.person_id, Address.text, Address.country)
    ):
        things.append(ThingRow(rid, pid, "address", value=text, country=country))
    for rid, pid, number, dtype, state in session.execute(
        select(
            IdentityDocument.id,
            IdentityDocument.person_id,
            IdentityDocument.document_number,
            IdentityDocument.document_type,
            IdentityDocument.issuing_state,
        )
    ):
        things.append(ThingRow(rid, pid, "document", value=number, document_type=dtype, country=state))

    if sealed:
        from tipnet.security.keys import load_keyring

        ring = ring or load_keyring()
        query = select(PersonBlindIndex.person_id, PersonBlindIndex.kind, PersonBlindIndex.digest).where(
            PersonBlindIndex.kind.in_(list(_DIGEST_KINDS)),
            PersonBlindIndex.person_id.in_(select(PersonSecret.person_id)),
        )
        for pid, kind, dig in session.execute(query):
            things.append(ThingRow(0, pid, _DIGEST_KINDS[kind], digest=dig))
        reverse = {v: k for k, v in _DIGEST_KINDS.items()}
        things = [
            ThingRow(
                t.id,
                t.person_id,
                t.kind,
                value=t.value,
                digest=_blind_digest(ring, reverse[t.kind], t.value),
                document_type=t.document_type,
                country=t.country,
            )
            if t.value and t.kind in reverse
            else t
            for t in things
        ]
    rows.things = sorted(things, key=lambda thing: (thing.kind, thing.person_id, thing.id, thing.digest))

    role_query = select(
        CasePerson.id,
        CasePerson.case_id,
        CasePerson.person_id,
        CasePerson.role,
        CasePerson.per_RoleInProcess,
        Case.opened_on,
    ).join(Case, Case.id == CasePerson.case_id)
    for rid, case_id, pid, role, in_process, opened in session.execute(role_query.order_by(CasePerson.id)):
        rows.roles.append(RoleRow(rid, case_id, pid, role, tuple(in_process or ()), opened))

    crossing_query = select(
        BorderCrossing.id,
        BorderCrossing.person_id,
        BorderCrossing.crossing_time,
        BorderCrossing.direction,
        BorderCrossing.border_post,
        BorderCrossing.booking_ref,
    )
    rows.crossings = [CrossingRow(*r) for r in session.execute(crossing_query.order_by(BorderCrossing.id))]
    hotline_query = select(
        HotlineReport.id,
        HotlineReport.received_at,
        HotlineReport.caller_phone,
        HotlineReport.subject_person_id,
    )
    rows.hotline = [HotlineRow(*r) for r in session.execute(hotline_query.order_by(HotlineReport.id))]
    # A sealed caller's phone (tipnet.security.textseal) joins the network by its blind index only.
    sealed_calls = textseal.open_rows(session, "hotline_report", [h.id for h in rows.hotline], ring)
    if sealed_calls:
        if ring is None:
            from tipnet.security.keys import load_keyring

            ring = load_keyring()
        rows.hotline = [
            replace(h, caller_phone=None, caller_digest=_blind_digest(ring, "phone", phone))
            if (phone := sealed_calls.get(h.id, {}).get("caller_phone"))
            else h
            for h in rows.hotline
        ]
    account_query = select(
        Account.id,
        Account.account_number,
        Account.org_id,
        Account.holder_person_id,
        Account.opened_on,
        Organisation.code,
    ).join(Organisation, Organisation.id == Account.org_id)
    rows.accounts = [AccountRow(*r) for r in session.execute(account_query.order_by(Account.id))]
    # A transaction's bank is its source record's organisation (the bank whose file booked it).
    transaction_query = select(
        Transaction.id,
        Transaction.booked_at,
        Transaction.from_account,
        Transaction.to_account,
        Transaction.amount,
        Transaction.currency,
        SourceRecord.org_id,
    ).join(SourceRecord, SourceRecord.id == Transaction.source_record_id)
    # Cash legs (one account only, `tipnet finance ingest --store`) link no two accounts: left out.
    transaction_query = transaction_query.where(
        Transaction.from_account.is_not(None), Transaction.to_account.is_not(None)
    )
    rows.transactions = [
        TransactionRow(r[0], r[1], r[2] or "", r[3] or "", r[4], r[5], r[6])
        for r in session.execute(transaction_query.order_by(Transaction.id))
    ]
    advert_query = select(
        JobAdvert.id,
        JobAdvert.posted_on,
        JobAdvert.employer,
        JobAdvert.contact_phone,
        AdvertScreening.contacts,
    ).outerjoin(AdvertScreening, AdvertScreening.job_advert_id == JobAdvert.id)
    rows.adverts = [
        AdvertRow(*r[:4], text_phones=_phones_of(r[4]), text_handles=_handles_of(r[4]))
        for r in session.execute(advert_query.order_by(JobAdvert.id))
    ]
    return rows


def build_network(
    session: Session,
    identities: Mapping[int, str] | None = None,
    *,
    extra_roles: Mapping[int, Iterable[str]] | None = None,
    options: BuildOptions | None = None,
    ring: Keyring | None = None,
) -> Network:
    """The network of everything in the store, persons merged into `identities`.

    `identities` maps store person ids to resolved-identity ids; persons missing from it are
    their own identity (`person:<id>`). `extra_roles` adds roles the store does not hold (e.g.
    `listed` for persons the resolution matched to a watchlist entry).
    """
    return build_graph(read_rows(session, ring), identities, extra_roles=extra_roles, options=options)
