"""goAML STRs built from the store: a case's escalated alerts, or one stored alert.

The reporting bank's own customers (its accounts in the store, `account.org_id` = the reporting bank's
organisation) are `t_from_my_client` / `t_to_my_client` parties with the KYC the bank gave
(`tipnet finance ingest --store` or `tipnet ingest bank`): a person as the account's signatory
(`t_person_my_client`: names, birth date, identity number, nationality, residence, phones), a company
as an entity (`t_entity_my_client`: name, registration number, date of incorporation, country,
phones). Everyone else stays `t_from` / `t_to`.

A holder may be a sealed person (a victim or witness recorded by a case): the identifying fields are
opened here, each opening an audit event in the same transaction as the export, and never logged. An
own customer whose KYC lacks what goAML requires (no holder at all, a company without its registration
number, a person without a full birth date) is refused with every account and field named (`Invalid`),
never reported half-filled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipnet.errors import Invalid, NotFound
from tipnet.finance.goaml import (
    ClientKyc,
    Evidence,
    GoamlConfig,
    Party,
    StrInvalid,
    build_str,
    validation_errors,
)
from tipnet.security import audit, sealing
from tipnet.security.permissions import require
from tipnet.security.roles import Perm
from tipnet.security.users import Principal
from tipnet.store.tables.cases import Case
from tipnet.store.tables.finance import Account, FinanceAlert
from tipnet.store.tables.people import Person
from tipnet.store.tables.sources import Organisation
from tipnet.vocab.codelists import alpha2

MAX_ERRORS = 50


def _full_date(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) >= 10 else None
    except ValueError:
        return None


def reporting_org_id(session: Session, cfg: GoamlConfig) -> int | None:
    """The reporting bank's organisation in the store: `reporting_org` (must exist), else the one whose
    code is `institution_code` (None when there is none: then nobody is reported as an own customer)."""
    code = cfg.reporting_org or cfg.institution_code
    org_id = session.scalar(select(Organisation.id).where(Organisation.code == code))
    if org_id is None and cfg.reporting_org:
        raise Invalid(f"goAML setting reporting_org: no organisation {cfg.reporting_org!r} in the store")
    return org_id


def _person_kyc(
    session: Session, account: Account, person: Person, errors: list[str], opened: list[int]
) -> ClientKyc | None:
    values = sealing.open_person(session, person)
    if sealing.is_sealed(session, person.id):
        opened.append(person.id)
    where = f"account {account.account_number} (holder person {person.id})"
    first = (values.get("prs_FirstName") or "").strip()
    last = (values.get("prs_SecondName") or "").strip()
    full = (values.get("full_name") or " ".join(p for p in (first, last) if p)).strip()
    if not (first and last) and full:
        parts = full.split()
        first, last = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (full, full)
    born = _full_date(values.get("prs_Birthdate"))
    documents = [d.get("document_number") for d in values.get("documents", []) if d.get("document_number")]
    id_number = (values.get("prs_IdentityNumber") or (documents[0] if documents else "") or "").strip()
    phones = [p for p in values.get("phones", []) if p]
    citizenship = [a for c in person.prs_Citizenship or [] if isinstance(c, str) and (a := alpha2(c))]
    homes = [alpha2(a.get("country")) for a in values.get("addresses", []) if isinstance(a, dict)]
    # residence: where the bank holds the account, else the address's country, else the nationality
    country = (
        account.country or next((h for h in homes if h), None) or (citizenship[0] if citizenship else None)
    )
    missing = [
        name
        for name, value in (
            ("holder_name", full),
            ("birth_date", born),
            ("id_number", id_number),
            ("phone", phones),
            ("country", country),
            ("opened", account.opened_on),
        )
        if not value
    ]
    if missing:
        errors.append(f"{where}: {', '.join(missing)}: missing (goAML needs it for the bank's own customer)")
        return None
    assert born is not None and country is not None and account.opened_on is not None
    return ClientKyc(
        kind="person",
        name=full,
        id_number=id_number,
        born=born,
        country=country[:2],
        nationality=citizenship[0] if citizenship else None,
        phones=phones,
        opened=account.opened_on.isoformat(),
        first_name=first,
        last_name=last,
    )


def _company_kyc(account: Account, errors: list[str]) -> ClientKyc | None:
    company = account.holder_company
    assert company is not None
    where = f"account {account.account_number} (holder company {company.id})"
    missing = [
        name
        for name, value in (
            ("holder_name", company.name),
            ("registration_number", company.registration_number),
            ("incorporated_on", company.incorporated_on),
            ("phone", company.phone),
            ("country", company.country or account.country),
            ("opened", account.opened_on),
        )
        if not value
    ]
    if missing:
        errors.append(f"{where}: {', '.join(missing)}: missing (goAML needs it for the bank's own customer)")
        return None
    assert company.incorporated_on is not None and account.opened_on is not None
    return ClientKyc(
        kind="company",
        name=company.name or "",
        id_number=company.registration_number or "",
        born=company.incorporated_on.isoformat(),
        country=(company.country or account.country or "")[:2],
        phones=[company.phone or ""],
        opened=account.opened_on.isoformat(),
    )


def _name_key(name: str | None) -> tuple[str, ...]:
    """A holder's name for comparison: case, punctuation and word order left out."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return tuple(sorted(w for w in re.split(r"[\W_]+", text) if w))


def own_customers(
    session: Session,
    principal: Principal,
    account_ids: Iterable[str],
    cfg: GoamlConfig,
    *,
    why: str | None,
    alert_names: Mapping[str, str] | None = None,
) -> dict[str, ClientKyc]:
    """account number -> the KYC of each of the reporting bank's own accounts among `account_ids`.
    Raises Invalid naming every account and field goAML would need and the store lacks. Every sealed
    holder opened is an audit event (in the caller's transaction).

    `alert_names` (account number -> the holder's name as the alert's bank file gave it), for alerts
    whose bank is not recorded: an account number is only unique within one bank, so a number the
    reporting bank also uses but for another holder is refused (named), never reported with the
    reporting bank's customer's identity."""
    if not cfg.my_client:
        return {}
    org_id = reporting_org_id(session, cfg)
    ids = sorted({a for a in account_ids if a})
    if org_id is None or not ids:
        return {}
    accounts = session.scalars(
        select(Account).where(Account.org_id == org_id, Account.account_number.in_(ids))
    ).all()
    out: dict[str, ClientKyc] = {}
    errors: list[str] = []
    opened: list[int] = []
    for account in sorted(accounts, key=lambda a: a.account_number):
        kyc: ClientKyc | None
        if account.holder_company is not None:
            kyc = _company_kyc(account, errors)
        elif account.holder_type == "company":
            errors.append(f"account {account.account_number}: holder: no company recorded for the account")
            continue
        elif account.holder is not None:
            kyc = _person_kyc(session, account, account.holder, errors, opened)
        else:
            errors.append(f"account {account.account_number}: holder: the account has no holder in the store")
            continue
        if kyc is None:
            continue
        named = (alert_names or {}).get(account.account_number)
        if named and _name_key(named) != _name_key(kyc.name):
            errors.append(
                f"account {account.account_number}: holder: the alert's holder is not the reporting bank's "
                "customer of that number (an alert from another bank's book? queue it with "
                "`tipnet finance detect --store --bank CODE`)"
            )
            continue
        out[account.account_number] = kyc
    for person_id in opened:  # the sealed identifying fields were read for the report
        audit.record(
            session,
            principal.username,
            "view",
            "person",
            person_id,
            reason=why,
            details={"purpose": "goAML STR: the bank's own customer", "fields": "sealed identifying fields"},
        )
    if errors:
        shown = errors[:MAX_ERRORS]
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise Invalid("the bank's own customers lack KYC goAML requires: " + "; ".join(shown) + more)
    return out


def _report(
    session: Session,
    principal: Principal,
    alerts: Sequence[FinanceAlert],
    *,
    ref: str,
    cfg: GoamlConfig,
    reason_text: str | None,
    submitted: datetime | None,
    why: str | None,
    subject: tuple[str, int],
    details: dict[str, Any],
) -> bytes:
    """The validated STR of `alerts`; its export is audited against `subject` (kind, id) in the same
    transaction, so no report leaves without its audit event."""
    evidence: dict[str, Evidence] = {}
    parties: dict[str, Party] = {}
    # A report names accounts by number and transactions by id, which are unique within one bank's book
    # only: alerts of two books (a case's) that give one number two holders, or one id two transactions,
    # are refused by number, never merged into one party or one transaction.
    holder_of: dict[str, tuple[int | None, tuple[str, ...]]] = {}
    tx_of: dict[str, tuple[int | None, tuple[Any, ...]]] = {}
    clashes: list[str] = []
    for a in alerts:
        for x in a.accounts:
            seen = holder_of.setdefault(x.account_id, (a.bank_org_id, _name_key(x.holder_name)))
            if seen[0] != a.bank_org_id and seen[1] != _name_key(x.holder_name):
                clashes.append(f"account {x.account_id}: two holders in alerts of two banks' books")
        for e in a.evidence:
            key = (e.booked_at, e.from_account, e.to_account, e.amount, e.currency)
            seen_tx = tx_of.setdefault(e.tx_id, (a.bank_org_id, key))
            if seen_tx[0] != a.bank_org_id and seen_tx[1] != key:
                clashes.append(f"transaction {e.tx_id}: two transactions in alerts of two banks' books")
    if clashes:
        raise Invalid(
            "the alerts come from books that share account numbers or transaction ids; report them "
            "apart (one STR per alert): " + "; ".join(sorted(set(clashes))[:MAX_ERRORS])
        )
    for a in alerts:
        for x in a.accounts:
            parties[x.account_id] = Party(
                x.account_id, x.holder_name or "", x.holder_type or "person", x.country or ""
            )
        for e in a.evidence:
            evidence.setdefault(
                e.tx_id,
                Evidence(
                    e.tx_id,
                    e.booked_at,
                    e.from_account,
                    e.to_account,
                    float(e.amount),
                    e.currency,
                    float(e.usd),
                    e.channel,
                ),
            )
    # Own customers come only from alerts of the reporting bank's book, or of a book not recorded (then
    # each account the alert names must be the reporting bank's customer of that name); an alert from
    # another bank's book reports its accounts as that bank's, whatever numbers the two banks share.
    own_org = reporting_org_id(session, cfg) if cfg.my_client else None
    involved: set[str] = set()
    alert_names: dict[str, str] = {}
    for a in alerts:
        if a.bank_org_id is not None and a.bank_org_id != own_org:
            continue
        involved |= {x.account_id for x in a.accounts}
        involved |= {x for e in a.evidence for x in (e.from_account, e.to_account) if x}
        if a.bank_org_id is None:
            alert_names.update({x.account_id: x.holder_name for x in a.accounts if x.holder_name})
    found = own_customers(session, principal, involved, cfg, why=why, alert_names=alert_names)
    for account_id, kyc in found.items():
        base = parties.get(account_id) or Party(account_id, kyc.name, kyc.kind, kyc.country)
        base.kyc = kyc
        base.country = kyc.country if kyc.kind == "person" else (base.country or kyc.country)
        parties[account_id] = base
    narrative = reason_text or " ".join(f"[{a.alert_key}, {a.typology}] {a.explanation}" for a in alerts)
    typologies = sorted({a.typology for a in alerts})
    document = build_str(
        alert_id=ref,
        typologies=typologies,
        reason=f"Typologies: {', '.join(typologies)}. {narrative}",
        evidence=sorted(evidence.values(), key=lambda e: (e.timestamp, e.tx_id)),
        parties=parties,
        cfg=cfg,
        submitted=submitted or datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    )
    errors = validation_errors(document, cfg.schema)
    if errors:
        raise StrInvalid(errors)
    audit.record(
        session,
        principal.username,
        "export",
        subject[0],
        subject[1],
        reason=why,
        details={"format": "goAML STR", **details, "transactions": len(evidence)},
    )
    return document


def case_str(
    session: Session,
    principal: Principal,
    case_id: int,
    cfg: GoamlConfig,
    *,
    reason_text: str | None = None,
    submitted: datetime | None = None,
    why: str | None = None,
) -> bytes:
    """A goAML STR for a case from its escalated alerts (validated; raises goaml.StrInvalid when not);
    the export is audited. The narrative is the alerts' explanations unless `reason_text` replaces it."""
    require(principal, Perm.FINANCE_READ)
    if session.get(Case, case_id) is None:
        raise NotFound("case not found")
    alerts = list(
        session.scalars(
            select(FinanceAlert)
            .where(FinanceAlert.case_id == case_id, FinanceAlert.status == "escalated")
            .order_by(FinanceAlert.id)
        )
    )
    if not alerts:
        raise Invalid("case: no alert has been escalated into it")
    return _report(
        session,
        principal,
        alerts,
        ref=f"CASE-{case_id}",
        cfg=cfg,
        reason_text=reason_text,
        submitted=submitted,
        why=why,
        subject=("case", case_id),
        details={"alerts": [a.alert_key for a in alerts]},
    )


def alert_str(
    session: Session,
    principal: Principal,
    alert_id: int,
    cfg: GoamlConfig,
    *,
    reason_text: str | None = None,
    submitted: datetime | None = None,
    why: str | None = None,
) -> bytes:
    """A goAML STR for one stored alert (any status), validated; the export is audited."""
    require(principal, Perm.FINANCE_READ)
    alert = session.get(FinanceAlert, alert_id)
    if alert is None:
        raise NotFound("alert not found")
    return _report(
        session,
        principal,
        [alert],
        ref=alert.alert_key,
        cfg=cfg,
        reason_text=reason_text,
        submitted=submitted,
        why=why,
        subject=("finance_alert", alert.id),
        details={},
    )
