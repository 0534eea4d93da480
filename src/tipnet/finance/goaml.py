"""goAML suspicious transaction reports (STR) from alerts, validated against the FIU's own schema.

Every FIU exports its own goAML schema and lookup codes (report codes, transmission modes, funds codes,
indicator codes), so both are settings (`GoamlConfig`, loadable from a JSON file), never constants here.
A report is validated with `xmlschema.XMLSchema11` (the schema declares `vc:minVersion="1.1"`: the XSD 1.0
class would skip every declaration) before it is written; an invalid one is refused with the schema's
errors by element path, and nothing is written.

Reporting currency: amounts are kept in US dollars by `tipnet.finance.load`, so `amount_local` is in USD
and `currency_code_local` must be USD; a transaction in another currency carries `from_foreign_currency`
with its original amount and rate.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import xmlschema

DEFAULT_SCHEMA = (
    Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "goaml" / "goAMLSchema.xsd"
)
REASON_LIMIT = 8000


@dataclass
class GoamlConfig:
    """The reporting entity, its compliance officer and the FIU's lookup codes."""

    schema: str = str(DEFAULT_SCHEMA)
    rentity_id: int = 1
    rentity_branch: str = "Head office"
    institution_name: str = "Reporting bank"
    institution_code: str = "RB"
    submission_code: str = "E"
    report_code: str = "STR"
    currency_code_local: str = "USD"
    person_first_name: str = "Compliance"
    person_last_name: str = "Officer"
    person_occupation: str = "AML compliance officer"
    address: str = "Head office"
    city: str = "Phnom Penh"
    country_code: str = "KH"
    address_type: str = "1"
    # transmission mode per channel (goAML conduction_type), funds codes (funds_type)
    transmode: dict[str, str] = field(
        default_factory=lambda: {
            "transfer": "A",
            "mobile": "A",
            "card": "B",
            "cash_deposit": "C",
            "cash_withdrawal": "C",
            "international_wire": "A",
            "crypto_exchange": "A",
        }
    )
    funds_account: str = "K"
    funds_cash: str = "A"
    # indicator codes per typology: this schema export allows only "-"; an FIU lists its own
    indicators: dict[str, list[str]] = field(default_factory=dict)
    default_indicator: str = "-"
    # The reporting entity's own customers (a person held in the home country whose KYC the file
    # carries: opening date, birth date, id number, phone) are reported as `t_from_my_client` /
    # `t_to_my_client` with the full account and signatory; other parties as `t_from` / `t_to`.
    my_client: bool = True
    my_client_account_type: str = "A"  # account_type
    my_client_status_code: str = "A"  # account_status_type
    my_client_signatory_role: str = "A"  # account_person_role_type
    phone_contact_type: str = "1"  # contact_type
    phone_communication_type: str = "M"  # communication_type
    phone_country_prefix: str = "855"  # when the number carries none
    occupation_unknown: str = "Not recorded by the bank"
    # A case's or a stored alert's STR: the reporting bank's organisation code in the store (default:
    # `institution_code`); its accounts are the bank's own customers, reported with the KYC stored.
    reporting_org: str | None = None
    entity_legal_form: str = "-"  # legal_form_type, when the bank's file gives none
    entity_business: str = "Not recorded by the bank"
    # t_entity_my_client needs a director; the bank's accounts file names none
    director_first_name: str = "Not recorded"
    director_last_name: str = "by the bank"
    director_role: str = "-"  # entity_person_role_type

    @classmethod
    def from_file(cls, path: Path | None) -> GoamlConfig:
        if path is None:
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        known = set(asdict(cls()))
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{path.name}: unknown goAML settings {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass
class Party:
    account_id: str
    holder_name: str
    holder_type: str
    country: str
    # the bank's know-your-customer facts, when its file carries them (for `_my_client` parties)
    opened: str | None = None
    birth_date: str | None = None
    id_number: str | None = None
    phone: str | None = None
    # set by a store-built report: the bank's own customer, with its complete KYC
    kyc: ClientKyc | None = None


@dataclass
class ClientKyc:
    """The reporting bank's own customer as its KYC in the store gives it, every field goAML's
    `_my_client` types require present (the store reader checks and names what is missing).
    A person: names, birth date, identity number, nationality, residence, phones. A company:
    name, registration number, date of incorporation, country, phones."""

    kind: str  # person | company
    name: str
    id_number: str  # a person's identity number (ssn), a company's registration number
    born: str  # YYYY-MM-DD: birth date or date of incorporation
    country: str  # residence (and nationality when none is recorded), or country of incorporation
    phones: list[str]
    opened: str | None = None
    nationality: str | None = None
    first_name: str = ""
    last_name: str = ""


@dataclass
class Evidence:
    tx_id: str
    timestamp: datetime
    from_account: str | None
    to_account: str | None
    amount: float
    currency: str
    usd: float
    channel: str


class StrInvalid(ValueError):
    """The report does not validate against the FIU's schema: `errors` holds (element path, reason)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} schema error(s); first: {errors[0][0]}: {errors[0][1]}")


@lru_cache(maxsize=4)
def load_schema(path: str) -> xmlschema.XMLSchema11:
    """The FIU's schema, loaded once (about 0.8 s)."""
    return xmlschema.XMLSchema11(path)


def validation_errors(document: str | bytes | Path, schema_path: str) -> list[tuple[str, str]]:
    """Every schema error of a report, as (element path, reason); empty when valid."""
    schema = load_schema(schema_path)
    source: Any = str(document) if isinstance(document, Path) else document
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    try:
        return [(e.path or "/", e.reason or str(e)) for e in schema.iter_errors(source)]
    except xmlschema.XMLResourceError as exc:
        return [("/", f"not well-formed XML: {exc}")]


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can carry: control characters (a pasted narrative, a bank's name field) dropped."""
    return _NOT_XML.sub("", str(value))


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = xml_text(text)
    return el


def _date(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S")


def _money(x: float) -> str:
    return f"{x:.2f}"


def _name_parts(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) >= 2:
        return " ".join(parts[:-1])[:100], parts[-1][:100]
    return (name or "Unknown")[:100], (name or "Unknown")[:100]


def _account(parent: ET.Element, tag: str, party: Party, cfg: GoamlConfig) -> None:
    acc = _sub(parent, tag)
    home = party.country == cfg.country_code
    _sub(acc, "institution_name", cfg.institution_name if home else "Foreign institution")
    _sub(acc, "institution_code", cfg.institution_code if home else f"X-{party.country}")
    _sub(acc, "account", party.account_id[:255])
    _sub(acc, "account_name", (party.holder_name or party.account_id)[:255])


def _kyc_date(value: str | None) -> str | None:
    try:
        return datetime.fromisoformat((value or "").strip()[:10]).strftime("%Y-%m-%dT00:00:00")
    except ValueError:
        return None


def is_my_client(party: Party, cfg: GoamlConfig) -> bool:
    """The reporter's own customer, with the KYC goAML's `_my_client` types require (from the store:
    `party.kyc`; from the bank's CSV: a person in the home country with every KYC column)."""
    if party.kyc is not None:
        return cfg.my_client
    return bool(
        cfg.my_client
        and party.holder_type == "person"
        and party.country == cfg.country_code
        and _kyc_date(party.opened)
        and _kyc_date(party.birth_date)
        and (party.id_number or "").strip()
        and re.sub(r"\D", "", party.phone or "")
    )


def _phone(phones: ET.Element, number: str, cfg: GoamlConfig) -> None:
    """One `phone` of a `phones` element."""
    digits = re.sub(r"\D", "", number)
    prefix = cfg.phone_country_prefix
    if number.strip().startswith("+") and digits.startswith(prefix):
        digits = digits[len(prefix) :]
    phone = _sub(phones, "phone")
    _sub(phone, "tph_contact_type", cfg.phone_contact_type)
    _sub(phone, "tph_communication_type", cfg.phone_communication_type)
    _sub(phone, "tph_country_prefix", prefix[:4])
    _sub(phone, "tph_number", digits[:50] or "-")


def _kyc_of(party: Party) -> ClientKyc:
    """The KYC of a `_my_client` party: the store's, or the bank CSV's optional columns."""
    if party.kyc is not None:
        return party.kyc
    first, last = _name_parts(party.holder_name or party.account_id)
    return ClientKyc(
        kind="person",
        name=party.holder_name or party.account_id,
        id_number=(party.id_number or "").strip(),
        born=party.birth_date or "",
        country=party.country,
        phones=[party.phone or ""],
        opened=party.opened,
        first_name=first,
        last_name=last,
    )


def _my_client_person(parent: ET.Element, tag: str, kyc: ClientKyc, cfg: GoamlConfig) -> None:
    """`t_person_my_client`."""
    person = _sub(parent, tag)
    _sub(person, "first_name", (kyc.first_name or kyc.name)[:100])
    _sub(person, "last_name", (kyc.last_name or kyc.name)[:100])
    _sub(person, "birthdate", _kyc_date(kyc.born))
    _sub(person, "ssn", kyc.id_number[:25])
    _sub(person, "nationality1", kyc.nationality or kyc.country)
    _sub(person, "residence", kyc.country)
    phones = _sub(person, "phones")
    for number in kyc.phones:
        _phone(phones, number, cfg)
    _sub(person, "occupation", cfg.occupation_unknown[:255])


def _my_client_account(parent: ET.Element, tag: str, party: Party, cfg: GoamlConfig) -> None:
    """`t_account_my_client`: the account with its holder as signatory (`t_person_my_client`)."""
    kyc = _kyc_of(party)
    acc = _sub(parent, tag)
    _sub(acc, "institution_name", cfg.institution_name)
    _sub(acc, "institution_code", cfg.institution_code)
    _sub(acc, "branch", cfg.rentity_branch[:255])
    _sub(acc, "account", party.account_id[:255])
    _sub(acc, "currency_code", cfg.currency_code_local)
    _sub(acc, "account_name", (kyc.name or party.account_id)[:255])
    _sub(acc, "client_number", party.account_id[:30])
    _sub(acc, "personal_account_type", cfg.my_client_account_type)
    signatory = _sub(acc, "signatory")
    _sub(signatory, "is_primary", "1")
    _my_client_person(signatory, "t_person", kyc, cfg)
    _sub(signatory, "role", cfg.my_client_signatory_role)
    _sub(acc, "opened", _kyc_date(kyc.opened))
    _sub(acc, "status_code", cfg.my_client_status_code)


def _my_client_entity(parent: ET.Element, tag: str, party: Party, cfg: GoamlConfig) -> None:
    """`t_entity_my_client`: a company that is the bank's own customer. Reported as the entity (an
    account of the schema's `t_account_my_client` needs a signatory person the bank's file does not
    name); its account number goes in `comments`."""
    kyc = _kyc_of(party)
    entity = _sub(parent, tag)
    _sub(entity, "name", kyc.name[:255])
    _sub(entity, "commercial_name", kyc.name[:255])
    _sub(entity, "incorporation_legal_form", cfg.entity_legal_form)
    _sub(entity, "incorporation_number", kyc.id_number[:50])
    _sub(entity, "business", cfg.entity_business[:255])
    phones = _sub(entity, "phones")
    for number in kyc.phones:
        _phone(phones, number, cfg)
    _sub(entity, "incorporation_country_code", kyc.country)
    director = _sub(entity, "director_id")
    _sub(director, "first_name", cfg.director_first_name[:100])
    _sub(director, "last_name", cfg.director_last_name[:100])
    _sub(director, "role", cfg.director_role)
    _sub(entity, "incorporation_date", _kyc_date(kyc.born))
    opened = f", opened {kyc.opened[:10]}" if kyc.opened else ""
    _sub(entity, "comments", f"Account {party.account_id} at {cfg.institution_name}{opened}"[:4000])


def _side(
    tx_el: ET.Element,
    side: str,
    account: str | None,
    parties: Mapping[str, Party],
    ev: Evidence,
    cfg: GoamlConfig,
) -> None:
    """`t_from` / `t_to`: an account, or for cash an unidentified person (the bank's file names none);
    `t_from_my_client` / `t_to_my_client` for the reporter's own customer (`is_my_client`)."""
    cash = account is None
    party = (
        None
        if account is None
        else parties.get(account) or Party(account, account, "person", cfg.country_code)
    )
    mine = party is not None and is_my_client(party, cfg)
    el = _sub(tx_el, f"t_{side}_my_client" if mine else f"t_{side}")
    _sub(el, f"{side}_funds_code", cfg.funds_cash if cash else cfg.funds_account)
    if side == "from" and ev.currency != cfg.currency_code_local:
        fc = _sub(el, "from_foreign_currency")
        _sub(fc, "foreign_currency_code", ev.currency)
        _sub(fc, "foreign_amount", _money(ev.amount))
        _sub(fc, "foreign_exchange_rate", f"{ev.amount / ev.usd:.6f}" if ev.usd else "1")
    if cash:
        person = _sub(el, f"{side}_person")
        _sub(person, "first_name", "Unidentified")
        _sub(person, "last_name", "cash depositor" if side == "from" else "cash recipient")
        _sub(el, f"{side}_country", cfg.country_code)
        return
    assert party is not None
    if mine and _kyc_of(party).kind == "company":
        _my_client_entity(el, f"{side}_entity", party, cfg)
    elif mine:
        _my_client_account(el, f"{side}_account", party, cfg)
    else:
        _account(el, f"{side}_account", party, cfg)
    _sub(el, f"{side}_country", party.country)


def build_str(
    *,
    alert_id: str,
    typologies: Sequence[str],
    reason: str,
    evidence: Sequence[Evidence],
    parties: Mapping[str, Party],
    cfg: GoamlConfig,
    submitted: datetime,
    action: str | None = None,
) -> bytes:
    """The report's XML (not yet validated)."""
    if not evidence:
        raise ValueError(f"alert {alert_id}: no evidence transactions to report")
    root = ET.Element("report")
    _sub(root, "rentity_id", cfg.rentity_id)
    _sub(root, "rentity_branch", cfg.rentity_branch)
    _sub(root, "submission_code", cfg.submission_code)
    _sub(root, "report_code", cfg.report_code)
    _sub(root, "entity_reference", f"TIPNET-{alert_id}"[:255])
    _sub(root, "submission_date", _date(submitted))
    _sub(root, "currency_code_local", cfg.currency_code_local)
    person = _sub(root, "reporting_person")
    _sub(person, "first_name", cfg.person_first_name)
    _sub(person, "last_name", cfg.person_last_name)
    _sub(person, "occupation", cfg.person_occupation)
    loc = _sub(root, "location")
    _sub(loc, "address_type", cfg.address_type)
    _sub(loc, "address", cfg.address)
    _sub(loc, "city", cfg.city)
    _sub(loc, "country_code", cfg.country_code)
    reason = xml_text(reason).strip() or "-"
    text = reason if len(reason) <= REASON_LIMIT else reason[: REASON_LIMIT - 1] + "…"
    _sub(root, "reason", text)
    if action:
        _sub(root, "action", action[:4000])
    for ev in evidence:
        tx = _sub(root, "transaction")
        _sub(tx, "transactionnumber", ev.tx_id[:50])
        _sub(tx, "transaction_location", ev.channel.replace("_", " "))
        _sub(
            tx, "transaction_description", f"{ev.channel.replace('_', ' ')} of {ev.amount:.2f} {ev.currency}"
        )
        _sub(tx, "date_transaction", _date(ev.timestamp))
        _sub(tx, "transmode_code", cfg.transmode.get(ev.channel, "-"))
        _sub(tx, "amount_local", _money(ev.usd))
        _side(tx, "from", ev.from_account, parties, ev, cfg)
        _side(tx, "to", ev.to_account, parties, ev, cfg)
    indicators = _sub(root, "report_indicators")
    codes: list[str] = []
    for typ in typologies:
        codes += [c for c in cfg.indicators.get(typ, []) if c not in codes]
    for code in codes or [cfg.default_indicator]:
        _sub(indicators, "indicator", code)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def write_str(path: Path, document: bytes, cfg: GoamlConfig) -> None:
    """Validate, then write; an invalid report raises StrInvalid and nothing is written."""
    errors = validation_errors(document, cfg.schema)
    if errors:
        raise StrInvalid(errors)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(document)
    tmp.replace(path)
