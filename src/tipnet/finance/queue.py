"""The FIU analyst's alert queue in the store: alerts from a detection run stored with their accounts,
roles and evidence; listed, opened (with the alert's money network), assigned, commented, closed as a
false positive or escalated into a case. Only `fiu_analyst` holds the finance permissions; every read of
an alert's accounts and transactions and every decision is audited, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import duckdb
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.finance import tuning
from tipnet.finance.typologies import TYPOLOGIES, VICTIM_ROLES
from tipnet.security import audit
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case
from tipnet.store.tables.finance import (
    FinanceAlert,
    FinanceAlertAccount,
    FinanceAlertDecision,
    FinanceAlertEvidence,
    FinanceThreshold,
)

ACTIONS = ("assign", "comment", "close_false_positive", "escalate", "reopen")
STATUSES = ("open", "assigned", "closed_false_positive", "escalated")


def store_alerts(
    session: Session, con: duckdb.DuckDBPyConnection, *, actor: str, bank_org_id: int | None = None
) -> dict[str, int]:
    """Store the alerts of a detection run (`con` after `detect`). An alert already stored (the same
    typology, bank, accounts and roles, and evidence transactions: its fingerprint) is kept as it is (its
    review goes on), so re-running on the same files adds nothing twice; a new alert whose run-local id
    (`MC-000001`, ...) is taken by another book's alert gets the id with its fingerprint's first digits
    (`MC-000001-3fa2c9d1`), never dropped. `bank_org_id`: the bank whose book the run read, when known (an
    STR takes a bank's own customers only from its alerts)."""
    alerts = con.sql(
        """
        SELECT a.alert_id, a.typology, a.score, coalesce(n.explanation, '')
        FROM alert a LEFT JOIN scheme_note n USING (typology, scheme) ORDER BY a.alert_id
        """
    ).fetchall()
    accounts = con.sql(
        """
        SELECT a.alert_id, acc.account_id, acc.holder_name, acc.holder_type, acc.country, f.role
        FROM alert a JOIN finding f USING (typology, scheme) JOIN accounts acc ON acc.aid = f.aid
        ORDER BY 1, 6, 2
        """
    ).fetchall()
    evidence = con.sql(
        """
        SELECT DISTINCT a.alert_id, t.tx_id, t.ts, s.account_id, d.account_id, t.amount, t.currency, t.usd,
               t.channel
        FROM alert a JOIN evidence e USING (typology, scheme) JOIN tx t ON t.row = e.row
        LEFT JOIN accounts s ON s.aid = t.src LEFT JOIN accounts d ON d.aid = t.dst
        ORDER BY 1, 3, 2
        """
    ).fetchall()
    parts: dict[str, list[str]] = {key: [typology, str(bank_org_id)] for key, typology, _, _ in alerts}
    for key, account_id, _, _, _, role in accounts:
        parts[key].append(f"a\x1f{account_id}\x1f{role}")
    for key, tx_id, *_ in evidence:
        parts[key].append(f"t\x1f{tx_id}")
    prints = {
        key: hashlib.sha256("\x1e".join(sorted(set(p[2:])) + p[:2]).encode("utf-8")).hexdigest()
        for key, p in parts.items()
    }
    stored_prints: set[str] = set()
    wanted = sorted(prints.values())
    for start in range(0, len(wanted), 500):
        stored_prints |= set(
            session.scalars(
                select(FinanceAlert.fingerprint).where(
                    FinanceAlert.fingerprint.in_(wanted[start : start + 500])
                )
            )
        )
    taken = set(session.scalars(select(FinanceAlert.alert_key)))
    # alerts stored before fingerprints (migration 0020): their run-local id is all there is to go by
    legacy = set(session.scalars(select(FinanceAlert.alert_key).where(FinanceAlert.fingerprint.is_(None))))
    by_key: dict[str, FinanceAlert] = {}
    for key, typology, score, explanation in alerts:
        fingerprint = prints[key]
        if fingerprint in stored_prints or key in legacy:
            continue
        stored_key = key if key not in taken else f"{key}-{fingerprint[:8]}"
        if stored_key in taken:
            stored_key = f"{key}-{fingerprint[:20]}"
        taken.add(stored_key)
        row = FinanceAlert(
            alert_key=stored_key,
            typology=typology,
            score=float(score),
            explanation=explanation,
            bank_org_id=bank_org_id,
            fingerprint=fingerprint,
        )
        session.add(row)
        by_key[key] = row
    for key, account_id, name, holder_type, country, role in accounts:
        if key in by_key:
            by_key[key].accounts.append(
                FinanceAlertAccount(
                    account_id=account_id,
                    holder_name=name,
                    holder_type=holder_type,
                    country=country,
                    role=role,
                )
            )
    for key, tx_id, ts, src, dst, amount, currency, usd, channel in evidence:
        if key in by_key:
            by_key[key].evidence.append(
                FinanceAlertEvidence(
                    tx_id=tx_id,
                    booked_at=ts,
                    from_account=src,
                    to_account=dst,
                    amount=Decimal(str(amount)),
                    currency=currency,
                    usd=Decimal(str(round(usd, 4))),
                    channel=channel,
                )
            )
    session.flush()
    raised = apply_knowledge(session, by_key.values())
    audit.record(
        session, actor, "create", "finance_alert", None, details={"alerts": len(by_key), "raised": raised}
    )
    return {"stored": len(by_key), "already_stored": len(alerts) - len(by_key), "raised_by_knowledge": raised}


def _summary(a: FinanceAlert, accounts: int, below: bool = False) -> dict[str, Any]:
    return {
        "below_threshold": below,
        "id": a.id,
        "alert_key": a.alert_key,
        "typology": a.typology,
        "score": round(a.score, 3),
        "status": a.status,
        "assignee": a.assignee,
        "case_id": a.case_id,
        "accounts": accounts,
        "created_at": a.created_at.isoformat(),
    }


def list_alerts(
    session: Session,
    principal: Principal,
    *,
    status: str | None = None,
    typology: str | None = None,
    limit: int = 50,
    offset: int = 0,
    reason: str | None = None,
) -> dict[str, Any]:
    """The queue, highest score first (no account data in the list; opening an alert shows it)."""
    require(principal, Perm.FINANCE_READ)
    if status is not None and status not in STATUSES:
        raise Invalid(f"status: one of {', '.join(STATUSES)}")
    count = (
        select(FinanceAlertAccount.alert_id, func.count().label("n"))
        .group_by(FinanceAlertAccount.alert_id)
        .subquery()
    )
    stmt = select(FinanceAlert, func.coalesce(count.c.n, 0)).outerjoin(
        count, count.c.alert_id == FinanceAlert.id
    )
    total_stmt = select(func.count()).select_from(FinanceAlert)
    if status:
        stmt = stmt.where(FinanceAlert.status == status)
        total_stmt = total_stmt.where(FinanceAlert.status == status)
    if typology:
        stmt = stmt.where(FinanceAlert.typology == typology)
        total_stmt = total_stmt.where(FinanceAlert.typology == typology)
    # alerts under their typology's tuned threshold come after all others (never hidden)
    limits = thresholds(session)
    below = (
        case(
            *[
                (and_(FinanceAlert.typology == typ, FinanceAlert.score < v), 1)
                for typ, v in limits.items()
                if v > 0
            ],
            else_=0,
        )
        if any(v > 0 for v in limits.values())
        else literal(0)
    )
    stmt = stmt.add_columns(below.label("below"))
    rows = session.execute(
        stmt.order_by(below, FinanceAlert.score.desc(), FinanceAlert.id).limit(limit).offset(offset)
    ).all()
    audit.record(
        session,
        principal.username,
        "search",
        "finance_alert",
        None,
        reason=reason,
        details={"status": status, "typology": typology, "returned": len(rows)},
    )
    return {
        "total": int(session.scalar(total_stmt) or 0),
        "limit": limit,
        "offset": offset,
        "items": [_summary(a, int(n), bool(b)) for a, n, b in rows],
        "thresholds": limits,
    }


def _get(session: Session, alert_id: int) -> FinanceAlert:
    found = session.get(FinanceAlert, alert_id)
    if found is None:
        raise NotFound("alert not found")
    return found


def network(
    accounts: Iterable[FinanceAlertAccount], evidence: Iterable[FinanceAlertEvidence]
) -> dict[str, Any]:
    """The alert's money network: accounts (with their roles) as nodes, money moved between two accounts
    as edges (total USD, count, first and last time); cash as a node of its own."""
    roles = {a.account_id: a.role for a in accounts}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {
        a: {"id": a, "role": r, "victim": r in VICTIM_ROLES} for a, r in roles.items()
    }
    for e in evidence:
        src = e.from_account or "cash"
        dst = e.to_account or "cash"
        for n in (src, dst):
            nodes.setdefault(n, {"id": n, "role": None, "victim": False})
        edge = edges.setdefault(
            (src, dst),
            {"from": src, "to": dst, "usd": 0.0, "count": 0, "first": e.booked_at, "last": e.booked_at},
        )
        edge["usd"] += float(e.usd)
        edge["count"] += 1
        edge["first"] = min(edge["first"], e.booked_at)
        edge["last"] = max(edge["last"], e.booked_at)
    return {
        "nodes": list(nodes.values()),
        "edges": [
            {**e, "usd": round(e["usd"], 2), "first": e["first"].isoformat(), "last": e["last"].isoformat()}
            for e in edges.values()
        ],
    }


def alert_detail(
    session: Session, principal: Principal, alert_id: int, *, reason: str | None = None
) -> dict[str, Any]:
    """An alert with its accounts (holders' names: the FIU analyst's to see), evidence, network and
    review history; the read is audited."""
    require(principal, Perm.FINANCE_READ)
    a = _get(session, alert_id)
    audit.record(session, principal.username, "view", "finance_alert", a.id, reason=reason)
    known = known_about(session, [x.account_id for x in a.accounts])
    return {
        **_summary(a, len(a.accounts)),
        "explanation": a.explanation,
        "accounts": [
            {
                "account_id": x.account_id,
                "holder_name": x.holder_name,
                "holder_type": x.holder_type,
                "country": x.country,
                "role": x.role,
                "victim": x.role in VICTIM_ROLES,
                "known": known.get(x.account_id, []),
            }
            for x in a.accounts
        ],
        "evidence": [
            {
                "tx_id": e.tx_id,
                "timestamp": e.booked_at.isoformat(),
                "from_account": e.from_account,
                "to_account": e.to_account,
                "amount": float(e.amount),
                "currency": e.currency,
                "usd": float(e.usd),
                "channel": e.channel,
            }
            for e in a.evidence
        ],
        "network": network(a.accounts, a.evidence),
        "decisions": [
            {"action": d.action, "actor": d.actor, "at": d.at.isoformat(), "comment": d.comment}
            for d in a.decisions
        ],
    }


def decide(
    session: Session,
    principal: Principal,
    alert_id: int,
    action: str,
    *,
    comment: str | None = None,
    assignee: str | None = None,
    case_id: int | None = None,
) -> dict[str, Any]:
    """One review step, kept in the alert's history and audited. `escalate` needs a case id (the case
    the alert is escalated into); a closed or escalated alert only takes comments or `reopen`."""
    require(principal, Perm.FINANCE_REVIEW)
    if action not in ACTIONS:
        raise Invalid(f"action: one of {', '.join(ACTIONS)}")
    a = _get(session, alert_id)
    done = a.status in ("closed_false_positive", "escalated")
    if done and action not in ("comment", "reopen"):
        raise Invalid(f"action: the alert is {a.status}; only comment or reopen")
    if action == "reopen" and not done:
        raise Invalid("action: the alert is not closed or escalated")
    comment = (comment or "").strip()[:2000] or None
    if action == "comment" and not comment:
        raise Invalid("comment: empty")
    if action == "assign":
        a.assignee = (assignee or principal.username).strip()[:200]
        a.status = "assigned"
    elif action == "close_false_positive":
        if not comment:
            raise Invalid("comment: say why the alert is a false positive")
        a.status = "closed_false_positive"
    elif action == "escalate":
        if case_id is None:
            raise Invalid("case_id: the case the alert is escalated into")
        if session.get(Case, case_id) is None:
            raise NotFound("case not found")
        a.case_id = case_id
        a.status = "escalated"
    elif action == "reopen":
        a.status = "assigned" if a.assignee else "open"
    a.decisions.append(
        FinanceAlertDecision(
            action=action, actor=principal.username, user_id=principal.user_id, comment=comment
        )
    )
    session.flush()
    audit.record(
        session,
        principal.username,
        "update",
        "finance_alert",
        a.id,
        details={"action": action, "status": a.status, "case_id": a.case_id},
    )
    return {"id": a.id, "status": a.status, "assignee": a.assignee, "case_id": a.case_id, "action": action}


def decided_share(session: Session) -> dict[str, dict[str, int]]:
    """Per typology, how many alerts analysts closed as false positives and escalated: what the scores'
    thresholds are tuned against."""
    out: dict[str, dict[str, int]] = {}
    for typology, status, n in session.execute(
        select(FinanceAlert.typology, FinanceAlert.status, func.count()).group_by(
            FinanceAlert.typology, FinanceAlert.status
        )
    ):
        out.setdefault(typology, {})[status] = int(n)
    return out


def thresholds(session: Session) -> dict[str, float]:
    """Each typology's queue threshold: the latest `tune --apply` set (0 where none was ever set)."""
    latest = (
        select(FinanceThreshold.typology, func.max(FinanceThreshold.id).label("id"))
        .group_by(FinanceThreshold.typology)
        .subquery()
    )
    rows = session.execute(
        select(FinanceThreshold.typology, FinanceThreshold.threshold).join(
            latest, latest.c.id == FinanceThreshold.id
        )
    ).all()
    out = dict.fromkeys(TYPOLOGIES, 0.0)
    out.update({typ: float(v) for typ, v in rows})
    return out


def tuning_proposals(session: Session, principal: Principal) -> list[tuning.Proposal]:
    """What the analysts' decisions so far propose for each typology's threshold (nothing changes)."""
    require(principal, Perm.FINANCE_READ)
    current = thresholds(session)
    decided: dict[str, list[tuple[float, bool]]] = {typ: [] for typ in current}
    for typology, score, status in session.execute(
        select(FinanceAlert.typology, FinanceAlert.score, FinanceAlert.status).where(
            FinanceAlert.status.in_(("closed_false_positive", "escalated"))
        )
    ):
        decided.setdefault(typology, []).append((float(score), status == "closed_false_positive"))
    return [tuning.propose(typ, current.get(typ, 0.0), labels) for typ, labels in sorted(decided.items())]


def apply_tuning(session: Session, principal: Principal) -> list[tuning.Proposal]:
    """Recompute the proposals and keep each that changes a threshold (with what it rested on), audited;
    returns every proposal. Nothing is taken from outside but the decisions in the store."""
    require(principal, Perm.FINANCE_REVIEW)
    proposals = tuning_proposals(session, principal)
    actor = principal.username
    changed = []
    for p in proposals:
        if not p.changes:
            continue
        session.add(
            FinanceThreshold(
                typology=p.typology,
                threshold=p.proposed,
                previous=p.current,
                decided=p.decided,
                false_positives=p.false_positives,
                escalated=p.escalated,
                why=p.why,
                set_by=actor[:200],
            )
        )
        changed.append(p.typology)
    session.flush()
    if changed:
        audit.record(
            session,
            actor,
            "update",
            "finance_threshold",
            None,
            details={p.typology: [p.current, p.proposed] for p in proposals if p.changes},
        )
    return proposals


def case_str(
    session: Session,
    principal: Principal,
    case_id: int,
    cfg: Any,
    *,
    reason_text: str | None = None,
    submitted: Any = None,
    why: str | None = None,
) -> bytes:
    """A goAML STR for a case from its escalated alerts (`tipnet.finance.stored_str.case_str`: the
    bank's own customers as `_my_client` parties with their stored KYC); validated and audited."""
    from tipnet.finance.stored_str import case_str as build

    return build(session, principal, case_id, cfg, reason_text=reason_text, submitted=submitted, why=why)


# How much what tipnet knows raises an alert's score: a suspect-role account whose holder is a suspect in
# a case (or on a watchlist), a victim-role account whose holder is a victim in a case.
KNOWN_SUSPECT_BOOST = 0.15
KNOWN_VICTIM_BOOST = 0.05


def known_about(session: Session, account_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """What else tipnet knows about the people behind accounts: the bank's KYC record of the account
    (`account`, from `tipnet ingest bank`) gives its holder, linkage (`tipnet link store`) the holder's
    identity, and the identity's other records their roles in cases and watchlist entries. Case ids and
    roles only, never a name."""
    from tipnet.store.tables.cases import CasePerson
    from tipnet.store.tables.finance import Account
    from tipnet.store.tables.linkage import IdentityMember
    from tipnet.store.tables.watchlists import Watchlist, WatchlistEntry

    ids = sorted(set(account_ids))
    if not ids:
        return {}
    holders = session.execute(
        select(Account.account_number, IdentityMember.identity_id)
        .join(IdentityMember, IdentityMember.person_id == Account.holder_person_id)
        .where(Account.account_number.in_(ids))
    ).all()
    if not holders:
        return {}
    identities = {ident for _, ident in holders}
    roles = session.execute(
        select(IdentityMember.identity_id, CasePerson.role, CasePerson.case_id)
        .join(CasePerson, CasePerson.person_id == IdentityMember.person_id)
        .where(IdentityMember.identity_id.in_(identities))
    ).all()
    listed = session.execute(
        select(IdentityMember.identity_id, Watchlist.name)
        .join(WatchlistEntry, WatchlistEntry.id == IdentityMember.watchlist_entry_id)
        .join(Watchlist, Watchlist.id == WatchlistEntry.watchlist_id)
        .where(IdentityMember.identity_id.in_(identities))
    ).all()
    by_identity: dict[str, list[dict[str, Any]]] = {}
    for ident, role, case_id in roles:
        by_identity.setdefault(ident, []).append({"kind": "case", "role": role, "case_id": case_id})
    for ident, name in listed:
        by_identity.setdefault(ident, []).append({"kind": "watchlist", "watchlist": name})
    out: dict[str, list[dict[str, Any]]] = {}
    for account_id, ident in holders:
        facts = by_identity.get(ident, [])
        if facts:
            out.setdefault(account_id, []).extend({**f, "identity_id": ident} for f in facts)
    return out


def knowledge_boost(role: str, facts: list[dict[str, Any]]) -> float:
    """The score added for one account of an alert, from what tipnet knows of its holder."""
    if role in VICTIM_ROLES:
        return KNOWN_VICTIM_BOOST if any(f.get("role") == "Victim" for f in facts) else 0.0
    if any(f.get("role") == "Suspect" or f["kind"] == "watchlist" for f in facts):
        return KNOWN_SUSPECT_BOOST
    return 0.0


def apply_knowledge(session: Session, alerts: Iterable[FinanceAlert]) -> int:
    """Raise the scores of alerts whose accounts' holders tipnet knows (capped at 1); returns how many."""
    raised = 0
    for a in alerts:
        known = known_about(session, [x.account_id for x in a.accounts])
        boost = max((knowledge_boost(x.role, known.get(x.account_id, [])) for x in a.accounts), default=0.0)
        if boost:
            a.score = min(1.0, a.score + boost)
            raised += 1
    return raised
