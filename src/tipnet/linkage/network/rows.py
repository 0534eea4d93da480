"""Plain rows read from the store: the only input of graph construction.

Keeping the store behind these dataclasses lets the graph and its metrics be pure functions,
tested without a database and fed from any source (an extract, another engine, a fixture).
Rows carry ids, codes, dates and the values that make shared things (phone numbers, account
numbers, addresses, document numbers, booking refs and plates), never names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class PersonRow:
    """A person as one record holds them: id and statistics fields only."""

    id: int
    nationalities: tuple[str, ...] = ()
    sealed: bool = False


@dataclass(frozen=True)
class ThingRow:
    """A person's phone, address or document (`kind`), as a clear value or a sealed digest."""

    id: int  # the row id in its table (phone, address, identity_document); 0 for sealed digests
    person_id: int
    kind: str  # phone | address | document
    value: str = ""  # the clear value; empty when only `digest` is known (sealed persons)
    digest: str = ""  # blind index of the value (sealed persons), to join with clear values
    document_type: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class RoleRow:
    """A person's part in a case (HTCDS role and per_RoleInProcess)."""

    id: int  # case_person.id
    case_id: int
    person_id: int
    role: str  # Victim | Suspect | Witness
    roles_in_process: tuple[str, ...] = ()
    opened_on: date | None = None


@dataclass(frozen=True)
class CrossingRow:
    id: int
    person_id: int
    crossing_time: datetime
    direction: str
    border_post: str | None = None
    booking_ref: str | None = None


@dataclass(frozen=True)
class HotlineRow:
    id: int
    received_at: datetime
    caller_phone: str | None = None
    subject_person_id: int | None = None
    # The blind index of a sealed caller's phone (tipnet.security.textseal): joins the same phone
    # of clear records without the caller's number being shown.
    caller_digest: str = ""


@dataclass(frozen=True)
class AccountRow:
    id: int
    account_number: str
    bank_org_id: int  # the holding bank (account numbers are unique only within one bank)
    holder_person_id: int | None = None
    opened_on: date | None = None
    bank: str = ""  # the holding bank's organisation code, for labels


@dataclass(frozen=True)
class TransactionRow:
    id: int
    booked_at: datetime
    from_account: str
    to_account: str
    amount: Decimal
    currency: str
    # The reporting bank (its source record's organisation): a side's number is its own account first.
    bank_org_id: int | None = None


@dataclass(frozen=True)
class AdvertRow:
    id: int
    posted_on: date
    employer: str | None = None
    contact_phone: str | None = None
    # Phones found in the advert's text by its screening (tipnet.recruitment), E.164.
    text_phones: tuple[str, ...] = ()
    # Messaging accounts found there ("telegram:name", "line:id", "wechat:id"), as the screening keyed them.
    text_handles: tuple[str, ...] = ()


@dataclass
class StoreRows:
    """Everything the network is built from, as plain rows."""

    persons: list[PersonRow] = field(default_factory=list)
    things: list[ThingRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    crossings: list[CrossingRow] = field(default_factory=list)
    hotline: list[HotlineRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    transactions: list[TransactionRow] = field(default_factory=list)
    adverts: list[AdvertRow] = field(default_factory=list)
