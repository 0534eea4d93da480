"""The network as FollowTheMoney entities (JSON lines), to load into Aleph or yente.

Persons carry their identity id as name, their roles (keywords) and nationalities; nothing
else by default. Persons any of whose records are sealed (victims, witnesses, hotline subjects)
also lose their phones, addresses and documents in the export. Names, and the sealed persons'
shared things, appear only with `reveal_names=True`: they are then read through the security
layer (`sealing.open_many`) and the read is audited.

FtM has no phone entity: phones are `Person.phone`, `Company.phone` and `Call.callerNumber`.
Vehicles are `Vehicle` (`registrationNumber`, the normalised plate) tied to each traveller by an
`UnknownLink` (role `travelled in`): FtM's `Vehicle.owner` / `operator` would claim more than a
crossing record shows. Like phones, a plate is exported only through a person it may be shown for:
a vehicle only sealed persons travelled in is left out unless names are revealed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy.orm import Session

from tipnet.linkage.network import model as m

NAMESPACE = "tipnet-network"
_NAME_FIELDS = ("full_name", "name_native")
# A person's own things: not exported for sealed persons unless names are revealed.
_PERSONAL_EDGES = frozenset({m.HAS_PHONE, m.LIVES_AT, m.HOLDS_DOCUMENT, m.HAS_ACCOUNT, m.TRAVELLED_IN})


def _entity(schema: str, *parts: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, schema, *parts)
    return proxy


def _dates(proxy: EntityProxy, data: Mapping[str, object]) -> None:
    if data.get("first"):
        proxy.add("startDate", str(data["first"])[:10])
    if data.get("last"):
        proxy.add("endDate", str(data["last"])[:10])


def _value(node: str) -> str:
    """The clear value of a thing node (`phone:+855…` → `+855…`); empty for sealed digests."""
    value = node.split(":", 1)[1]
    return "" if value.startswith("#") else value


def ftm_entities(network: m.Network, names: Mapping[str, list[str]] | None = None) -> Iterator[EntityProxy]:
    """The entities of the network. `names` (person node → names) reveals names and sealed things."""
    g = network.graph
    revealed = names is not None
    hidden = {n for n in network.nodes_of("person") if g.nodes[n].get("sealed") and not revealed}
    ids: dict[str, EntityProxy] = {}
    persons: dict[str, EntityProxy] = {}
    for node in network.nodes_of("person"):
        attrs = g.nodes[node]
        proxy = _entity("Person", node)
        node_names = (names or {}).get(node) or []
        proxy.add("name", node_names or [str(attrs["identity"])])
        if node_names:
            proxy.add("alias", str(attrs["identity"]))
        proxy.add("keywords", list(attrs.get("roles", ())))
        proxy.add("nationality", list(attrs.get("nationalities", ())), quiet=True)
        if "suspect" in attrs.get("roles", ()):
            proxy.add("topics", "crime.traffick.human")
        persons[node] = ids[node] = proxy
    for node in network.nodes_of("company"):
        proxy = _entity("Company", node)
        proxy.add("name", str(g.nodes[node].get("name") or _value(node)))
        ids[node] = proxy
    for node in network.nodes_of("account"):
        proxy = _entity("BankAccount", node)
        proxy.add("accountNumber", str(g.nodes[node].get("number") or _value(node)))
        proxy.add("bankName", str(g.nodes[node].get("bank") or ""), quiet=True)
        ids[node] = proxy
    for node in network.nodes_of("address"):
        proxy = _entity("Address", node)
        proxy.add("full", _value(node))
        proxy.add("country", str(g.nodes[node].get("country") or ""), quiet=True)
        ids[node] = proxy

    holders: dict[str, list[str]] = defaultdict(list)
    links: list[EntityProxy] = []
    for u, v, edge_type, data in sorted(
        g.edges(keys=True, data=True), key=lambda edge: (edge[2], edge[0], edge[1])
    ):
        if u in hidden and edge_type in _PERSONAL_EDGES:
            continue
        if edge_type == m.HAS_ACCOUNT:
            holders[v].append(u)
            link = _entity("Ownership", u, v)
            link.add("owner", ids[u].id)
            link.add("asset", ids[v].id)
            link.add("role", "account holder")
            _dates(link, data)
            links.append(link)
        elif edge_type == m.TRAVELLED_IN and _value(v):
            if v not in ids:
                vehicle = _entity("Vehicle", v)
                vehicle.add("registrationNumber", _value(v))
                ids[v] = vehicle
            link = _entity("UnknownLink", edge_type, u, v)
            link.add("subject", ids[u].id)
            link.add("object", ids[v].id)
            link.add("role", "travelled in")
            link.add("summary", f"border crossings: {data['count']}")
            _dates(link, data)
            links.append(link)
        elif edge_type == m.HAS_PHONE and _value(v):
            persons[u].add("phone", _value(v), quiet=True)
        elif edge_type == m.LIVES_AT:
            persons[u].add("addressEntity", ids[v].id)
            persons[u].add("address", _value(v))
        elif edge_type == m.HOLDS_DOCUMENT and _value(v):
            doc_type = str(g.nodes[v].get("document_type") or "")
            doc = _entity("Passport" if doc_type.startswith("P") else "Identification", u, v)
            doc.add("holder", ids[u].id)
            doc.add("number", _value(v))
            doc.add("country", str(g.nodes[v].get("country") or ""), quiet=True)
            links.append(doc)
        elif edge_type == m.ADVERTISED_BY and _value(u):
            if g.nodes[u].get("kind") == "handle":
                ids[v].add("keywords", _value(u), quiet=True)  # "telegram:name": FtM has no handle property
            else:
                ids[v].add("phone", _value(u), quiet=True)
        elif edge_type == m.EMPLOYED_BY:
            link = _entity("Employment", u, v)
            link.add("employee", ids[u].id)
            link.add("employer", ids[v].id)
            link.add("role", "contact on job adverts")
            _dates(link, data)
            links.append(link)
        elif edge_type == m.CALLED:
            link = _entity("Call", u, v)
            link.add("callerNumber", _value(u), quiet=True)
            link.add("receiver", ids[v].id)
            link.add("summary", f"hotline reports: {data['count']}")
            _dates(link, data)
            links.append(link)
        elif edge_type in (m.TRAVELLED_WITH, m.RECRUITED, m.SAME_ADDRESS, m.SAME_DOCUMENT):
            link = _entity("Associate", edge_type, u, v)
            link.add("person", ids[u].id)
            link.add("associate", ids[v].id)
            link.add("relationship", edge_type.replace("_", " "))
            link.add("summary", f"supporting records: {data['count']}")
            _dates(link, data)
            links.append(link)
    for u, v, data in network.edges_of(m.PAID):
        if g.nodes[u]["kind"] != "account":
            continue  # person-level payments are the account-level ones seen through holders
        amounts = data.get("amounts") or {}
        assert isinstance(amounts, dict)
        for currency, amount in amounts.items():
            payers, payees = holders.get(u, []), holders.get(v, [])
            if payers and payees:
                link = _entity("Payment", u, v, currency)
                link.add("payer", [ids[p].id for p in payers])
                link.add("beneficiary", [ids[p].id for p in payees])
                link.add("payerAccount", ids[u].id)
                link.add("beneficiaryAccount", ids[v].id)
                link.add("amount", str(amount))
                link.add("currency", currency, quiet=True)
            else:
                link = _entity("UnknownLink", u, v, currency)
                link.add("subject", ids[u].id)
                link.add("object", ids[v].id)
                link.add("role", f"paid {amount} {currency}")
            link.add("summary", f"transfers: {data['count']}")
            _dates(link, data)
            links.append(link)
    yield from ids.values()
    yield from links


def revealed_names(session: Session, network: m.Network, *, actor: str, reason: str) -> dict[str, list[str]]:
    """Person node → names, opened through the security layer; audited as one export event."""
    from tipnet.security import audit, sealing

    wanted = sorted({pid for ids in network.records.values() for pid in ids})
    payloads = sealing.open_many(session, wanted)
    audit.record(
        session, actor, "export", "network", reason=reason, details={"persons": len(wanted), "names": True}
    )
    out: dict[str, list[str]] = {}
    for node, pids in network.records.items():
        names: list[str] = []
        for pid in pids:
            payload = payloads.get(pid, {})
            full = payload.get("full_name") or " ".join(
                str(payload[k])
                for k in ("prs_FirstName", "prs_MiddleName", "prs_SecondName")
                if payload.get(k)
            )
            for name in [full, *(payload.get(k) for k in _NAME_FIELDS[1:]), *payload.get("aliases", [])]:
                if name and name not in names:
                    names.append(str(name))
        out[node] = names
    return out


def write_ftm(
    network: m.Network,
    out: Path | IO[str],
    *,
    reveal_names: bool = False,
    session: Session | None = None,
    actor: str = "",
    reason: str = "",
) -> int:
    """Write the entities as JSON lines; the number written.

    `reveal_names=True` needs the `session` to open names from, and an `actor` and `reason` for
    the audit log; the caller commits the session (the audit event commits with it).
    """
    names = None
    if reveal_names:
        if session is None or not actor:
            raise ValueError("revealing names needs a session and the actor, for the audit log")
        names = revealed_names(session, network, actor=actor, reason=reason or "network export")
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as fh:
            return _write(network, fh, names)
    return _write(network, out, names)


def _write(network: m.Network, fh: IO[str], names: Mapping[str, list[str]] | None) -> int:
    count = 0
    for proxy in ftm_entities(network, names):
        fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
