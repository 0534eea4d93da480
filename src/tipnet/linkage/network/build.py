"""Building the network from plain rows: a pure function, deterministic for the same input.

Every edge aggregates the store rows that support it; derived person–person edges (same address,
same document) are drawn only through things shared by few people, so that a shelter's address
or a busy border post does not tie hundreds of strangers together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import combinations

import networkx as nx

from tipnet.linkage.network import keys
from tipnet.linkage.network import model as m
from tipnet.linkage.network.rows import StoreRows, ThingRow

# HTCDS per_RoleInProcess values of a suspect who recruited the victims of their case.
RECRUITER_ROLES = frozenset({"RecruiterOrIntermediary"})
_CASE_ROLES = {"Victim": "victim", "Suspect": "suspect", "Witness": "witness"}
_THING_EDGE = {"phone": m.HAS_PHONE, "address": m.LIVES_AT, "document": m.HOLDS_DOCUMENT}
_DERIVED_EDGE = {"address": m.SAME_ADDRESS, "document": m.SAME_DOCUMENT}
MAX_EVIDENCE = 50  # evidence rows kept per edge (the count covers them all)


@dataclass(frozen=True)
class BuildOptions:
    """Thresholds of the derived edges."""

    # Crossings at one post, in one direction, this close in time are travelling together...
    crossing_window: timedelta | None = timedelta(minutes=10)
    # ...unless more people than this crossed in that window (a busy hour, not a party).
    max_party: int = 5
    # Shared things (address, document) held by more persons than this derive no pairwise edges.
    max_shared: int = 25
    # Crossings under one booking ref travel together only this close in time: a plate or a PNR
    # that recurs months later (a bus line, a reused code) is other people, not a party.
    booking_window: timedelta = timedelta(days=2)


@dataclass
class _Edge:
    count: int = 0
    first: datetime | date | None = None
    last: datetime | date | None = None
    evidence: set[str] = field(default_factory=set)
    amounts: dict[str, Decimal] = field(default_factory=dict)
    basis: set[str] = field(default_factory=set)

    def add(self, evidence: str, when: datetime | date | None = None) -> None:
        if evidence not in self.evidence:
            self.count += 1
            self.evidence.add(evidence)
        if when is not None:
            self.first = when if self.first is None or _cmp(when) < _cmp(self.first) else self.first
            self.last = when if self.last is None or _cmp(when) > _cmp(self.last) else self.last


def _cmp(value: datetime | date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _iso(value: datetime | date | None) -> str:
    return "" if value is None else value.isoformat()


def person_node_id(identity: str) -> str:
    """The node id of a resolved identity (`person:<id>` for unresolved store persons)."""
    return identity if identity.startswith("person:") else f"person:{identity}"


class _Builder:
    def __init__(self, identities: Mapping[int, str]) -> None:
        self.identities = identities
        self.nodes: dict[str, dict[str, object]] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}
        self.records: dict[str, set[int]] = defaultdict(set)
        self.roles: dict[str, set[str]] = defaultdict(set)
        self.nationalities: dict[str, set[str]] = defaultdict(set)
        self.thing_rows: dict[str, int] = defaultdict(int)
        self.sealed: set[str] = set()

    def person(self, person_id: int) -> str:
        identity = self.identities.get(person_id) or f"person:{person_id}"
        node = person_node_id(identity)
        if node not in self.nodes:
            self.nodes[node] = {"kind": "person", "identity": identity}
        self.records[node].add(person_id)
        return node

    def thing(self, kind: str, key: str, **attrs: object) -> str:
        node = f"{kind}:{key}"
        if node not in self.nodes:
            self.nodes[node] = {"kind": kind, **attrs}
        return node

    def edge(self, source: str, target: str, edge_type: str) -> _Edge:
        if edge_type in m.SYMMETRIC and source > target:
            source, target = target, source
        return self.edges.setdefault((source, target, edge_type), _Edge())

    def graph(self) -> m.Network:
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for node in sorted(self.nodes):
            attrs = dict(self.nodes[node])
            if attrs["kind"] == "person":
                attrs["roles"] = tuple(r for r in m.ROLES if r in self.roles[node])
                attrs["records"] = len(self.records[node])
                attrs["nationalities"] = tuple(sorted(self.nationalities[node]))
                attrs["sealed"] = node in self.sealed
            else:
                attrs["records"] = self.thing_rows.get(node, 0)
                posts = attrs.get("posts")
                if isinstance(posts, set):
                    attrs["posts"] = tuple(sorted(str(post) for post in posts))
            graph.add_node(node, **attrs)
        for (source, target, edge_type), acc in sorted(self.edges.items()):
            edge_attrs: dict[str, object] = {
                "type": edge_type,
                "count": acc.count,
                "first": _iso(acc.first),
                "last": _iso(acc.last),
                "evidence": tuple(sorted(acc.evidence, key=_evidence_order)[:MAX_EVIDENCE]),
            }
            if acc.amounts:
                edge_attrs["amounts"] = {c: str(a) for c, a in sorted(acc.amounts.items())}
            if acc.basis:
                edge_attrs["basis"] = tuple(sorted(acc.basis))
            graph.add_edge(source, target, key=edge_type, **edge_attrs)
        records = {n: tuple(sorted(ids)) for n, ids in sorted(self.records.items())}
        return m.Network(graph=graph, records=records)


def _evidence_order(ref: str) -> tuple[str, int, str]:
    table, _, rid = ref.partition(":")
    return (table, int(rid), "") if rid.isdigit() else (table, 0, rid)


def _thing_key(row: ThingRow, clear_by_digest: Mapping[tuple[str, str], str]) -> str:
    if row.value:
        return {"phone": keys.phone_key, "address": keys.address_key, "document": keys.document_key}[
            row.kind
        ](row.value)
    # Sealed: the clear value another record gives for the same blind index, else the digest.
    return clear_by_digest.get((row.kind, row.digest)) or f"#{row.digest[:16]}"


def build_graph(
    rows: StoreRows,
    identities: Mapping[int, str] | None = None,
    *,
    extra_roles: Mapping[int, Iterable[str]] | None = None,
    options: BuildOptions | None = None,
) -> m.Network:
    """The network of `rows`, persons merged by `identities` (store person id → identity id)."""
    options = options or BuildOptions()
    b = _Builder(identities or {})
    for person_row in rows.persons:
        node = b.person(person_row.id)
        b.nationalities[node].update(person_row.nationalities)
        if person_row.sealed:
            b.sealed.add(node)
    for pid, extra in (extra_roles or {}).items():
        b.roles[b.person(pid)].update(extra)

    # Persons' phones, addresses, documents (clear values, or blind-index digests for sealed persons).
    clear_by_digest = {(t.kind, t.digest): _thing_key(t, {}) for t in rows.things if t.value and t.digest}
    holders: dict[str, set[str]] = defaultdict(set)
    for thing in rows.things:
        key = _thing_key(thing, clear_by_digest)
        if not key:
            continue
        attrs: dict[str, object] = {"sealed": key.startswith("#")}
        if thing.kind == "document":
            attrs |= {"document_type": thing.document_type or "", "country": thing.country or ""}
        if thing.kind == "address":
            attrs |= {"country": thing.country or ""}
        node = b.thing(thing.kind, key, **attrs)
        if thing.kind == "document" and thing.document_type and not b.nodes[node].get("document_type"):
            b.nodes[node]["document_type"] = thing.document_type
        person = b.person(thing.person_id)
        ref = f"{thing.kind if thing.kind != 'document' else 'identity_document'}:{thing.id}"
        if not thing.value:
            ref = f"person_blind_index:{thing.person_id}"
        b.edge(person, node, _THING_EDGE[thing.kind]).add(ref)
        b.thing_rows[node] += 1
        holders[node].add(person)

    # Case roles and recruiters.
    by_case: dict[int, list[tuple[str, int, tuple[str, ...], date | None, str]]] = defaultdict(list)
    for role in rows.roles:
        node = b.person(role.person_id)
        b.roles[node].add(_CASE_ROLES.get(role.role, role.role.lower()))
        by_case[role.case_id].append((role.role, role.id, role.roles_in_process, role.opened_on, node))
    for members in by_case.values():
        recruiters = [x for x in members if x[0] == "Suspect" and RECRUITER_ROLES & set(x[2])]
        victims = [x for x in members if x[0] == "Victim"]
        for _, rid, _, opened, suspect in recruiters:
            for _, vid, _, _, victim in victims:
                if suspect != victim:
                    acc = b.edge(suspect, victim, m.RECRUITED)
                    acc.add(f"case_person:{rid}", opened)
                    acc.add(f"case_person:{vid}", opened)

    # Travellers: same booking, or one post and direction within a short window.
    for crossing in rows.crossings:
        b.roles[b.person(crossing.person_id)].add("traveller")
    bookings: dict[str, list[tuple[datetime, int, str]]] = defaultdict(list)
    for c in rows.crossings:
        ref = keys.plate_key(c.booking_ref or "")  # "2B-4821" and "2b 4821" are one booking too
        if ref:
            bookings[ref].append((c.crossing_time, c.id, b.person(c.person_id)))
    for party in bookings.values():
        party.sort()
        for i, (t1, c1, p1) in enumerate(party):
            for t2, c2, p2 in party[i + 1 :]:
                if t2 - t1 > options.booking_window:
                    break
                if p1 != p2:
                    acc = b.edge(p1, p2, m.TRAVELLED_WITH)
                    acc.add(f"border_crossing:{c1}", t1)
                    acc.add(f"border_crossing:{c2}", t2)
                    acc.basis.add("booking")
    if options.crossing_window is not None:
        _window_parties(b, rows, options)
    # Vehicles: a land crossing's plate (keys.vehicle_key decides what is a plate, not a PNR).
    for c in rows.crossings:
        plate = keys.vehicle_key(c.booking_ref, c.border_post)
        if not plate:
            continue
        vehicle = b.thing("vehicle", plate, sealed=False, posts=set())
        b.thing_rows[vehicle] += 1
        posts = b.nodes[vehicle]["posts"]
        if c.border_post and c.border_post.strip() and isinstance(posts, set):
            posts.add(c.border_post.strip())
        b.edge(b.person(c.person_id), vehicle, m.TRAVELLED_IN).add(f"border_crossing:{c.id}", c.crossing_time)

    # Hotline: the caller's phone and the subject of the report.
    for report in rows.hotline:
        if report.subject_person_id is not None:
            b.roles[b.person(report.subject_person_id)].add("hotline subject")
        if (report.caller_phone or report.caller_digest) and report.subject_person_id is not None:
            if report.caller_phone:
                phone = b.thing("phone", keys.phone_key(report.caller_phone), sealed=False)
            else:
                key = clear_by_digest.get(("phone", report.caller_digest)) or f"#{report.caller_digest[:16]}"
                phone = b.thing("phone", key, sealed=key.startswith("#"))
            b.thing_rows[phone] += 1
            b.edge(phone, b.person(report.subject_person_id), m.CALLED).add(
                f"hotline_report:{report.id}", report.received_at
            )

    # Accounts and payments. Account numbers are unique only within one bank: an account node is the
    # holding bank's account of that number (`account:<NUMBER>@<bank org id>`), never all banks' at once.
    account_holders: dict[str, set[str]] = defaultdict(set)
    banks_of: dict[str, set[int]] = defaultdict(set)  # account key → banks holding an account of it
    for account in rows.accounts:
        number = keys.account_key(account.account_number)
        banks_of[number].add(account.bank_org_id)
        node = b.thing(
            "account",
            keys.bank_account_key(number, account.bank_org_id),
            number=number,
            bank_org_id=account.bank_org_id,
            bank=account.bank or "",
        )
        b.thing_rows[node] += 1
        if account.holder_person_id is not None:
            holder = b.person(account.holder_person_id)
            b.roles[holder].add("bank customer")
            b.edge(holder, node, m.HAS_ACCOUNT).add(f"account:{account.id}", account.opened_on)
            account_holders[node].add(holder)

    def side(raw: str, bank_org_id: int | None) -> str:
        """A transaction's side: the reporting bank's own account of that number, else the one bank
        holding it, else an account at a bank without a book here (keyed by the number only)."""
        number = keys.account_key(raw)
        banks = banks_of.get(number, set())
        if bank_org_id is not None and bank_org_id in banks:
            return f"account:{keys.bank_account_key(number, bank_org_id)}"
        if len(banks) == 1:
            return f"account:{keys.bank_account_key(number, next(iter(banks)))}"
        return b.thing("account", number, number=number, bank_org_id=0, bank="")

    for tx in rows.transactions:
        source = side(tx.from_account, tx.bank_org_id)
        target = side(tx.to_account, tx.bank_org_id)
        ref = f"transaction:{tx.id}"
        pairs = [(source, target)] + [
            (payer, payee)
            for payer in sorted(account_holders.get(source, ()))
            for payee in sorted(account_holders.get(target, ()))
            if payer != payee
        ]
        for u, v in pairs:
            if u == v:
                continue
            acc = b.edge(u, v, m.PAID)
            acc.add(ref, tx.booked_at)
            acc.amounts[tx.currency] = acc.amounts.get(tx.currency, Decimal(0)) + Decimal(tx.amount)

    # Job adverts: the contact phone advertises for the employer; whoever holds that phone works for it.
    companies_of_phone: dict[str, set[str]] = defaultdict(set)
    advert_refs: dict[tuple[str, str], list[tuple[str, date]]] = defaultdict(list)
    for advert in rows.adverts:
        company = None
        if advert.employer and keys.company_key(advert.employer):
            company = b.thing("company", keys.company_key(advert.employer), name=advert.employer.strip())
            b.thing_rows[company] += 1
        if company is None:
            continue
        # The contact phone column, and the phones the advert's screening found in its text.
        numbers = dict.fromkeys(keys.phone_key(n) for n in (advert.contact_phone, *advert.text_phones) if n)
        for number in numbers:
            phone = b.thing("phone", number, sealed=False)
            b.thing_rows[phone] += 1
            b.edge(phone, company, m.ADVERTISED_BY).add(f"job_advert:{advert.id}", advert.posted_on)
            companies_of_phone[phone].add(company)
            advert_refs[(phone, company)].append((f"job_advert:{advert.id}", advert.posted_on))
        # Its messaging accounts: two employers advertised through one Telegram account meet there.
        for handle_key in advert.text_handles:
            handle = b.thing("handle", handle_key, sealed=False)
            b.thing_rows[handle] += 1
            b.edge(handle, company, m.ADVERTISED_BY).add(f"job_advert:{advert.id}", advert.posted_on)
    for phone, companies in sorted(companies_of_phone.items()):
        for person in sorted(holders.get(phone, ())):
            for company in sorted(companies):
                acc = b.edge(person, company, m.EMPLOYED_BY)
                for ref, posted in advert_refs[(phone, company)]:
                    acc.add(ref, posted)

    # Derived person–person edges through a shared address or document.
    for node, persons in sorted(holders.items()):
        kind = b.nodes[node]["kind"]
        if kind not in _DERIVED_EDGE or len(persons) < 2 or len(persons) > options.max_shared:
            continue
        for p1, p2 in combinations(sorted(persons), 2):
            b.edge(p1, p2, _DERIVED_EDGE[str(kind)]).add(node)
    return b.graph()


def _window_parties(b: _Builder, rows: StoreRows, options: BuildOptions) -> None:
    """Crossings at one post and direction within `crossing_window` of each other, in small groups."""
    assert options.crossing_window is not None
    lanes: dict[tuple[str, str], list[tuple[datetime, int, str]]] = defaultdict(list)
    for c in rows.crossings:
        if c.border_post:
            lanes[(c.border_post, c.direction)].append((c.crossing_time, c.id, b.person(c.person_id)))
    for lane in lanes.values():
        lane.sort()
        start = 0
        for i, (t1, c1, p1) in enumerate(lane):
            while lane[start][0] < t1 - options.crossing_window:
                start += 1
            end = i
            while end + 1 < len(lane) and lane[end + 1][0] <= t1 + options.crossing_window:
                end += 1
            window = lane[start : end + 1]
            if len({p for _, _, p in window}) - 1 > options.max_party:
                continue
            for t2, c2, p2 in lane[i + 1 : end + 1]:
                if p1 != p2:
                    acc = b.edge(p1, p2, m.TRAVELLED_WITH)
                    acc.add(f"border_crossing:{c1}", t1)
                    acc.add(f"border_crossing:{c2}", t2)
                    acc.basis.add("same post and time")
