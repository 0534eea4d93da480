"""Reading what `tipnet link store` kept, and the analysts' review of it: the service the API and the
pages call.

Identities are read per person (for the network) or one by one with their member records and every
scored pair touching them; the review queue lists the undecided pairs of the review band; a decision
on a pair is kept across runs. Readers see a member's name only as far as their role and scope allow
(sealed victims' names for a role that identifies victims, within its cases or organisation), and
every sealed name shown is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import QueryableAttribute, Session

from tipnet.security.keys import Keyring
from tipnet.security.permissions import require
from tipnet.security.users import Principal
from tipnet.store.tables.linkage import IdentityMember, LinkDecision, LinkHint, LinkPair, ResolvedIdentity


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def identities_by_person(session: Session) -> dict[int, str]:
    """person id → identity id of the latest run (what `network.build_network` takes)."""
    rows = session.execute(
        select(IdentityMember.person_id, IdentityMember.identity_id).where(
            IdentityMember.person_id.is_not(None)
        )
    )
    return {pid: ident for pid, ident in rows if pid is not None}  # (the query already excludes None)


# Case roles whose holders are sealed: a person holding one is a victim (or witness) whoever reads.
_SEALED_ROLES = ("Victim", "Witness")


def hidden_uids(principal: Principal) -> Select[str]:
    """The SELECT of the member uids the principal must not see at all: persons who are sealed or
    hold a victim's or witness's role in any case, unless the principal may read cases and one of
    the person's cases is in its scope (or the record is its organisation's own).

    Showing such a member grouped with the same person's clear border or bank records would say
    "this traveller is a trafficking victim" to a reader who may not see the victim's case: the
    member, the pairs touching it and anything counting it are left out for that reader.

    The whole set, for questions over all pairs (the review queue: one hashed set, scanned once);
    a question about a few members asks `hidden` instead.
    """
    from sqlalchemy import or_

    from tipnet.security.roles import Perm
    from tipnet.security.scope import scoped_ids
    from tipnet.store.tables.cases import CasePerson
    from tipnet.store.tables.people import Person
    from tipnet.store.tables.security import PersonSecret
    from tipnet.store.tables.sources import SourceRecord

    sensitive = or_(
        IdentityMember.person_id.in_(select(PersonSecret.person_id)),
        IdentityMember.person_id.in_(select(CasePerson.person_id).where(CasePerson.role.in_(_SEALED_ROLES))),
    )
    stmt = select(IdentityMember.uid).where(IdentityMember.person_id.is_not(None), sensitive)
    if principal.can(Perm.CASE_READ):
        in_scope = select(CasePerson.person_id).where(CasePerson.case_id.in_(scoped_ids(principal)))
        own = (
            select(Person.id)
            .join(SourceRecord, SourceRecord.id == Person.source_record_id)
            .where(SourceRecord.org_id == principal.org_id)
        )
        stmt = stmt.where(IdentityMember.person_id.not_in(in_scope), IdentityMember.person_id.not_in(own))
    return stmt


def hidden(principal: Principal, uid: ColumnElement[str] | QueryableAttribute[str]) -> ColumnElement[bool]:
    """True for a member uid the principal must not see at all: a person who is sealed or holds a
    victim's or witness's role in any case, unless the principal may read cases and one of the
    person's cases is in its scope (or the record is its organisation's own).

    Showing such a member grouped with the same person's clear border or bank records would say
    "this traveller is a trafficking victim" to a reader who may not see the victim's case: the
    member, the pairs touching it and anything counting it are left out for that reader.

    A correlated EXISTS on the member's own person (index lookups), not `uid NOT IN (every hidden
    uid)`: that computed the whole hidden set for each question, 0.3 s for one identity on
    PostgreSQL at 100,000 persons and growing with the store (BENCHMARKS.md, issue 14).
    """
    from sqlalchemy import exists, or_
    from sqlalchemy.orm import aliased

    from tipnet.security.roles import Perm
    from tipnet.security.scope import scoped_ids
    from tipnet.store.tables.cases import CasePerson
    from tipnet.store.tables.people import Person
    from tipnet.store.tables.security import PersonSecret
    from tipnet.store.tables.sources import SourceRecord

    member = aliased(IdentityMember)
    person = member.person_id
    conditions: list[ColumnElement[bool]] = [
        member.uid == uid,
        person.is_not(None),
        or_(
            exists().where(PersonSecret.person_id == person),
            exists().where(CasePerson.person_id == person, CasePerson.role.in_(_SEALED_ROLES)),
        ),
    ]
    if principal.can(Perm.CASE_READ):
        conditions += [
            ~exists().where(CasePerson.person_id == person, CasePerson.case_id.in_(scoped_ids(principal))),
            ~exists().where(
                Person.id == person,
                SourceRecord.id == Person.source_record_id,
                SourceRecord.org_id == principal.org_id,
            ),
        ]
    return exists().where(*conditions)


def _describe(
    session: Session, principal: Principal, uids: Sequence[str], ring: Keyring | None
) -> tuple[dict[str, dict[str, Any]], list[int]]:
    """What a reader may see of member records: source, organisation, record id, dataset, role and a
    name. Sealed persons' names only for a role that identifies victims, when the person is in a case
    of its scope or a record of its organisation; otherwise withheld. Returns the sealed person ids
    whose names were revealed (the caller audits them)."""
    from tipnet.security.roles import Perm
    from tipnet.security.scope import visible_cases
    from tipnet.security.sealing import open_many
    from tipnet.store.tables.cases import Case, CasePerson
    from tipnet.store.tables.people import Person
    from tipnet.store.tables.security import PersonSecret
    from tipnet.store.tables.sources import Organisation, SourceRecord
    from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

    members = {
        m.uid: m for m in session.scalars(select(IdentityMember).where(IdentityMember.uid.in_(list(uids))))
    }
    pids = [m.person_id for m in members.values() if m.person_id is not None]
    wids = [m.watchlist_entry_id for m in members.values() if m.watchlist_entry_id is not None]
    persons = {
        r.id: r
        for r in session.execute(
            select(
                Person.id,
                SourceRecord.source_type,
                SourceRecord.record_id,
                SourceRecord.org_id,
                Organisation.code,
            )
            .outerjoin(SourceRecord, SourceRecord.id == Person.source_record_id)
            .outerjoin(Organisation, Organisation.id == SourceRecord.org_id)
            .where(Person.id.in_(pids or [-1]))
        )
    }
    roles: dict[int, str] = {}
    in_scope: set[int] = set()
    scoped = visible_cases(principal).with_only_columns(Case.id)
    # A role is shown from a case the reader may read, or when it is no victim's or witness's role:
    # a person visible here (a suspect in the reader's case, its own record) may be a victim in
    # another organisation's case, which this answer must not tell.
    from sqlalchemy import or_

    shown_roles: ColumnElement[bool] = CasePerson.role.not_in(_SEALED_ROLES)
    if principal.can(Perm.CASE_READ):
        shown_roles = or_(shown_roles, CasePerson.case_id.in_(scoped))
    for pid, role in session.execute(
        select(CasePerson.person_id, CasePerson.role)
        .where(CasePerson.person_id.in_(pids or [-1]), shown_roles)
        .order_by(CasePerson.id)
    ):
        roles.setdefault(pid, role)
    if principal.can(Perm.PERSON_IDENTIFY) and pids:
        in_scope = set(
            session.scalars(
                select(CasePerson.person_id).where(
                    CasePerson.person_id.in_(pids), CasePerson.case_id.in_(scoped)
                )
            )
        )
    sealed = set(
        session.scalars(select(PersonSecret.person_id).where(PersonSecret.person_id.in_(pids or [-1])))
    )
    readable = [
        p
        for p in pids
        if p not in sealed
        or (
            principal.can(Perm.PERSON_IDENTIFY)
            and (p in in_scope or (persons.get(p) is not None and persons[p].org_id == principal.org_id))
        )
    ]
    idents = open_many(session, readable, ring) if readable else {}
    entries = {
        r.id: r
        for r in session.execute(
            select(
                WatchlistEntry.id,
                WatchlistEntry.entry_id,
                WatchlistEntry.name,
                Watchlist.name.label("list_name"),
            )
            .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
            .where(WatchlistEntry.id.in_(wids or [-1]))
        )
    }
    out: dict[str, dict[str, Any]] = {}
    for uid in uids:
        m = members.get(uid)
        if m is None:
            out[uid] = {"uid": uid, "missing": True}
            continue
        info: dict[str, Any] = {"uid": uid, "dataset": m.dataset, "identity_id": m.identity_id}
        if m.person_id is not None:
            p = persons.get(m.person_id)
            ident = idents.get(m.person_id)
            name = None
            if ident is not None:
                split = " ".join(x for x in (ident.get("prs_FirstName"), ident.get("prs_SecondName")) if x)
                name = ident.get("full_name") or split or ident.get("name_native")
            info.update(
                {
                    "person_id": m.person_id,
                    "source": p.source_type if p else None,
                    "org": p.code if p else None,
                    "record_id": p.record_id if p else None,
                    "role": roles.get(m.person_id),
                    "sealed": m.person_id in sealed,
                    "name": name,
                    "name_withheld": ident is None,
                }
            )
        else:
            e = entries.get(m.watchlist_entry_id or -1)
            info.update(
                {
                    "watchlist_entry_id": m.watchlist_entry_id,
                    "source": "watchlist",
                    "org": e.list_name if e else None,
                    "record_id": e.entry_id if e else None,
                    "role": "watchlist",
                    "sealed": False,
                    "name": e.name if e else None,
                    "name_withheld": False,
                }
            )
        out[uid] = info
    return out, sorted(p for p in readable if p in sealed)


def _pair_dict(p: LinkPair) -> dict[str, Any]:
    return {
        "uid_l": p.uid_l,
        "uid_r": p.uid_r,
        "match_probability": round(p.match_probability, 6),
        "match_weight": round(p.match_weight, 3),
        "status": p.status,
        "evidence": p.evidence,
    }


def identity_detail(
    session: Session,
    principal: Principal,
    identity_id: str,
    *,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """A resolved identity: its member records and every scored pair touching them, with evidence."""
    from sqlalchemy import or_

    from tipnet.errors import NotFound
    from tipnet.security import audit
    from tipnet.security.roles import Perm

    require(principal, Perm.LINK_READ)
    ident = session.get(ResolvedIdentity, identity_id[:16])
    uids = sorted(
        session.scalars(
            select(IdentityMember.uid).where(
                IdentityMember.identity_id == identity_id, ~hidden(principal, IdentityMember.uid)
            )
        )
    )
    if ident is None or not uids:  # nothing the reader may see: as if there were no such identity
        raise NotFound("identity not found")
    described, revealed = _describe(session, principal, uids, ring)
    pairs = session.scalars(
        select(LinkPair)
        .where(
            or_(LinkPair.uid_l.in_(uids), LinkPair.uid_r.in_(uids)),
            ~hidden(principal, LinkPair.uid_l),
            ~hidden(principal, LinkPair.uid_r),
        )
        .order_by(LinkPair.match_weight.desc(), LinkPair.uid_l, LinkPair.uid_r)
    )
    audit.record(
        session,
        principal.username,
        "view",
        "identity",
        identity_id,
        reason=reason,
        details={"members": len(uids), "sealed_persons_shown": revealed},
    )
    return {
        "id": ident.id,
        "first_run_id": ident.first_run_id,
        "last_run_id": ident.last_run_id,
        "members": [described[u] for u in uids],
        "pairs": [_pair_dict(p) for p in pairs],
    }


def _pending() -> Any:
    from sqlalchemy import and_, exists

    decided = exists().where(and_(LinkDecision.uid_l == LinkPair.uid_l, LinkDecision.uid_r == LinkPair.uid_r))
    return select(LinkPair).where(LinkPair.status == "review", ~decided)


def review_queue(
    session: Session,
    principal: Principal,
    *,
    limit: int = 20,
    offset: int = 0,
    reason: str | None = None,
    ring: Keyring | None = None,
) -> dict[str, Any]:
    """Undecided pairs of the review band, most uncertain first, with both records and the evidence."""
    from sqlalchemy import and_, exists, func

    from tipnet.security import audit
    from tipnet.security.roles import Perm

    require(principal, Perm.LINK_REVIEW)
    hidden_set = hidden_uids(principal)  # a scan of every pending pair: the set once, hashed
    # Workers' statements first (on the first page), each pair once: a hinted pair leaves the list.
    hints = _pending_hints(session, principal, hidden_set)
    shown_hints = hints if offset == 0 else []
    hinted = exists().where(  # only a hint this reviewer is shown takes its pair out of the list
        and_(
            LinkHint.uid_l == LinkPair.uid_l,
            LinkHint.uid_r == LinkPair.uid_r,
            ~LinkHint.decided,
            _hint_in_scope(principal),
        )
    )
    stmt = _pending().where(LinkPair.uid_l.not_in(hidden_set), LinkPair.uid_r.not_in(hidden_set), ~hinted)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = list(
        session.scalars(
            stmt.order_by(func.abs(LinkPair.match_weight), LinkPair.uid_l, LinkPair.uid_r)
            .limit(max(1, min(limit, 200)))
            .offset(max(0, offset))
        )
    )
    uids = sorted(
        {u for p in page for u in (p.uid_l, p.uid_r)} | {u for h in shown_hints for u in (h.uid_l, h.uid_r)}
    )
    described, revealed = _describe(session, principal, uids, ring) if uids else ({}, [])
    audit.record(
        session,
        principal.username,
        "view",
        "link_review",
        reason=reason,
        details={"pairs": len(page), "hints": len(shown_hints), "sealed_persons_shown": revealed},
    )
    items = []
    for p in page:
        item = _pair_dict(p)
        item["left"], item["right"] = described[p.uid_l], described[p.uid_r]
        items.append(item)
    hinted_items = []
    for h in shown_hints:
        pair = session.scalar(select(LinkPair).where(LinkPair.uid_l == h.uid_l, LinkPair.uid_r == h.uid_r))
        item = _pair_dict(pair) if pair is not None else _hint_pair(h)
        item["left"], item["right"] = described[h.uid_l], described[h.uid_r]
        item["hint"] = {
            "same_person": h.same_person,
            "score": h.score,
            "actor": h.actor,
            "given_at": h.given_at.isoformat(timespec="minutes"),
            "case_id": h.case_id,
        }
        hinted_items.append(item)
    return {
        "total": total + len(hints),
        "limit": limit,
        "offset": offset,
        "hints": hinted_items,
        "items": items,
    }


def _pending_hints(session: Session, principal: Principal, hidden_set: Select[str]) -> list[LinkHint]:
    """Workers' statements not yet decided, on pairs the reviewer may see, oldest first. The scope is
    asked in the query itself: taking the oldest of every organisation first and filtering after
    let another organisation's older hints hide all of the reviewer's own."""
    rows = session.scalars(
        select(LinkHint)
        .where(
            ~LinkHint.decided,
            LinkHint.uid_l.not_in(hidden_set),
            LinkHint.uid_r.not_in(hidden_set),
            _hint_in_scope(principal),
        )
        .order_by(LinkHint.given_at, LinkHint.id)
        .limit(50)
    )
    return list(rows)


def _hint_in_scope(principal: Principal) -> ColumnElement[bool]:
    """Both persons of a hint are in cases of the principal's scope (false for a reader of no cases):
    `_visible_hints` as SQL, for the queue."""
    from sqlalchemy import Integer, and_, case, cast, exists, false, func

    from tipnet.security.roles import Perm
    from tipnet.security.scope import scoped_ids
    from tipnet.store.tables.cases import CasePerson

    if not principal.can(Perm.CASE_READ):
        return false()

    def in_scope(uid: QueryableAttribute[str]) -> ColumnElement[bool]:
        number = case((uid.like("person:%"), cast(func.substr(uid, 8), Integer)), else_=None)
        return exists().where(CasePerson.person_id == number, CasePerson.case_id.in_(scoped_ids(principal)))

    return and_(in_scope(LinkHint.uid_l), in_scope(LinkHint.uid_r))


def _visible_hints(session: Session, principal: Principal, hints: list[LinkHint]) -> list[LinkHint]:
    """The hints whose two persons are both in cases of the reviewer's scope. A hinted person may be
    in no linkage run yet, so the members' rule (`hidden`) cannot tell: a victim registered today
    must not show in another organisation's queue."""
    from tipnet.security.roles import Perm
    from tipnet.security.scope import scoped_ids
    from tipnet.store.tables.cases import CasePerson

    if not hints or not principal.can(Perm.CASE_READ):
        return []

    def pid(uid: str) -> int | None:
        kind, _, number = uid.partition(":")
        return int(number) if kind == "person" and number.isdigit() else None

    wanted = {p for h in hints for p in (pid(h.uid_l), pid(h.uid_r)) if p is not None}
    seen = set(
        session.scalars(
            select(CasePerson.person_id).where(
                CasePerson.person_id.in_(wanted or {-1}), CasePerson.case_id.in_(scoped_ids(principal))
            )
        )
    )
    return [h for h in hints if pid(h.uid_l) in seen and pid(h.uid_r) in seen]


def _hint_pair(h: LinkHint) -> dict[str, Any]:
    """A hinted pair no linkage run has scored yet: the duplicate check's score stands in."""
    return {
        "uid_l": h.uid_l,
        "uid_r": h.uid_r,
        "match_probability": h.score,
        "match_weight": None,
        "status": "hint",
        "evidence": [],
    }


def record_decision(
    session: Session,
    principal: Principal,
    uid_l: str,
    uid_r: str,
    accept: bool,
    *,
    reason: str | None = None,
) -> dict[str, Any]:
    """An analyst's verdict on a scored pair; it overrides the model from the next run on and is kept.
    Deciding again replaces the earlier verdict."""
    from tipnet.errors import Invalid, NotFound
    from tipnet.linkage.resolve import pair_key
    from tipnet.security import audit
    from tipnet.security.roles import Perm

    require(principal, Perm.LINK_REVIEW)
    if uid_l == uid_r:
        raise Invalid("uid_r: must differ from uid_l")
    a, b = pair_key(uid_l, uid_r)
    # Two analysts on one pair at once: the second waits and replaces the first's verdict (no
    # unique-key error); taken before the pair's and hint's rows, as record_hint takes it.
    audit.serialise(session)
    pair = session.scalar(
        select(LinkPair).where(
            LinkPair.uid_l == a,
            LinkPair.uid_r == b,
            ~hidden(principal, LinkPair.uid_l),
            ~hidden(principal, LinkPair.uid_r),
        )
    )
    hints = _visible_hints(
        session,
        principal,
        list(
            session.scalars(
                select(LinkHint).where(
                    LinkHint.uid_l == a,
                    LinkHint.uid_r == b,
                    ~hidden(principal, LinkHint.uid_l),
                    ~hidden(principal, LinkHint.uid_r),
                )
            )
        ),
    )
    if pair is None and not hints:  # also a pair the reviewer may not see: the same answer
        raise NotFound("pair not found")
    for hint in hints:  # the worker's statement is settled by this decision
        hint.decided = True
    reason = (reason or "").strip()[:500] or None
    row = session.scalar(select(LinkDecision).where(LinkDecision.uid_l == a, LinkDecision.uid_r == b))
    if row is None:
        row = LinkDecision(uid_l=a, uid_r=b)
        session.add(row)
    row.accept, row.user_id, row.actor, row.decided_at, row.reason = (
        accept,
        principal.user_id,
        principal.username,
        _now(),
        reason,
    )
    if pair is not None:
        pair.status = "link" if accept else "rejected"
    audit.record(
        session,
        principal.username,
        "update",
        "link_decision",
        f"{a}|{b}",
        reason=reason,
        details={"accept": accept},
    )
    session.flush()
    return {"uid_l": a, "uid_r": b, "accept": accept, "decided_at": row.decided_at.isoformat()}
