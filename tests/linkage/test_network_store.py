"""The network of a small store (SQLite and PostgreSQL): edges from the rows that make them, sealed
victims joined through blind indexes, and exports (FtM, GraphML, SVG, report) free of names."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tipnet.demo.network import network_section
from tipnet.linkage.network import (
    build_network,
    ftm_entities,
    network_svg,
    summarise,
    write_ftm,
    write_graphml,
)
from tipnet.linkage.network import model as m
from tipnet.security.sealing import seal_person
from tipnet.store.tables.adverts import JobAdvert
from tipnet.store.tables.cases import Case, CasePerson
from tipnet.store.tables.crossings import BorderCrossing
from tipnet.store.tables.finance import Account, Transaction
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.people import Address, IdentityDocument, Person, PersonName, Phone
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sources import Organisation, SourceRecord

NAMES = {
    "suspect": "Li Wei",
    "helper": "Sok Dara",
    "victim": "Chan Sreymom",
    "victim2": "Nguyen Van An",
    "subject": "Keo Bopha",
    "bank": "Li Wei Bank",
    "payee": "Pich Rotha",
    "traveller": "Lim Heng",
    "companion": "Mao Sophea",
}
SUSPECT_PHONE = "+85512000001"
HELPER_PHONE = "+85512000002"


def _person(
    session: Session,
    rec: SourceRecord,
    key: str,
    *,
    phone: str | None = None,
    address: str | None = None,
    document: str | None = None,
    sealed: bool = False,
) -> Person:
    first, second = NAMES[key].rsplit(" ", 1)
    person = Person(
        source_record=rec,
        prs_FirstName=first,
        prs_SecondName=second,
        full_name=NAMES[key],
        prs_Citizenship=["KHM"],
        birth_year=1990,
    )
    person.names.append(PersonName(kind="primary", name=NAMES[key]))
    if phone:
        person.phones.append(Phone(number=phone))
    if address:
        person.addresses.append(Address(text=address, country="KHM"))
    if document:
        person.documents.append(IdentityDocument(document_number=document, document_type="P"))
    session.add(person)
    session.flush()
    if sealed:
        seal_person(session, person)
    return person


def populate(engine: Engine) -> dict[str, int]:
    """One recruiter case, a second case, a hotline report, bank accounts, a booking, an advert."""
    ids: dict[str, int] = {}
    with Session(engine) as session, session.begin():
        org = Organisation(code="ORG", org_Name="Agency")
        session.add(org)
        session.flush()
        n = iter(range(1, 1000))

        def rec(source: str) -> SourceRecord:
            record = SourceRecord(
                source_type=source, org_id=org.id, record_id=f"R{next(n)}", content_hash="x"
            )
            session.add(record)
            return record

        case1 = Case(org_id=org.id, case_ref="C1", opened_on=date(2025, 1, 10))
        case2 = Case(org_id=org.id, case_ref="C2")
        session.add_all([case1, case2])
        suspect = _person(
            session,
            rec("police"),
            "suspect",
            phone=SUSPECT_PHONE,
            address="12, Street 5, Phnom Penh",
            document="E123",
        )
        helper = _person(session, rec("police"), "helper", phone=HELPER_PHONE)
        victim = _person(
            session, rec("police"), "victim", phone=HELPER_PHONE, document="N0123456", sealed=True
        )
        victim2 = _person(session, rec("ngo"), "victim2", sealed=True)
        session.add_all(
            [
                CasePerson(
                    case=case1, person=suspect, role="Suspect", per_RoleInProcess=["RecruiterOrIntermediary"]
                ),
                CasePerson(case=case1, person=helper, role="Suspect", per_RoleInProcess=["Exploiter"]),
                CasePerson(case=case1, person=victim, role="Victim"),
                CasePerson(case=case2, person=victim2, role="Victim"),
            ]
        )
        subject = _person(session, rec("hotline"), "subject", sealed=True)
        session.add(
            HotlineReport(
                source_record=rec("hotline"),
                subject=subject,
                received_at=datetime(2025, 2, 1, 9),
                caller_phone="+85599000009",
            )
        )
        bank = _person(session, rec("bank"), "bank", address="12 street 5 phnom penh")
        payee = _person(session, rec("bank"), "payee")
        session.add_all(
            [
                Account(org_id=org.id, account_number="ACC-1", holder=bank, opened_on=date(2024, 1, 1)),
                Account(org_id=org.id, account_number="ACC-2", holder=payee),
            ]
        )
        for i, amount in enumerate(("100", "50.25")):
            session.add(
                Transaction(
                    source_record=rec("transactions"),
                    booked_at=datetime(2025, 3, 1 + i),
                    from_account="ACC-1",
                    to_account="ACC-2",
                    amount=Decimal(amount),
                    currency="USD",
                )
            )
        traveller = _person(session, rec("crossings"), "traveller", document="E123")
        companion = _person(session, rec("crossings"), "companion", document="K777")
        for person, hour in ((traveller, 8), (companion, 11)):
            session.add(
                BorderCrossing(
                    source_record=rec("crossings"),
                    person=person,
                    crossing_time=datetime(2025, 1, 5, hour),
                    direction="Exit",
                    border_post="Poipet",
                    booking_ref="BK-9",
                )
            )
        # A van at a land checkpoint (its plate written two ways), a flight's PNR at an airport,
        # and a van only a sealed victim is known to have crossed in.
        for person, when, post, ref in (
            (traveller, datetime(2025, 1, 20, 7), "Poipet International Checkpoint", "2B-4821"),
            (companion, datetime(2025, 1, 20, 9), "Poipet International Checkpoint", "2b 4821"),
            (traveller, datetime(2025, 2, 3, 7), "Phnom Penh International Airport", "K7Q2M9"),
            (companion, datetime(2025, 2, 3, 9), "Phnom Penh International Airport", "K7Q2M9"),
            (victim2, datetime(2025, 1, 2, 6), "Bavet International Checkpoint", "3C-7707"),
        ):
            session.add(
                BorderCrossing(
                    source_record=rec("crossings"),
                    person=person,
                    crossing_time=when,
                    direction="Entry",
                    border_post=post,
                    booking_ref=ref,
                )
            )
        session.add(
            JobAdvert(
                source_record=rec("adverts"),
                posted_on=date(2024, 12, 1),
                body="Drivers wanted",
                employer="Tonle Logistics Co., Ltd.",
                contact_phone=SUSPECT_PHONE,
            )
        )
        session.flush()
        for key, person in (
            ("suspect", suspect),
            ("helper", helper),
            ("victim", victim),
            ("victim2", victim2),
            ("subject", subject),
            ("bank", bank),
            ("payee", payee),
            ("traveller", traveller),
            ("companion", companion),
        ):
            ids[key] = person.id
    return ids


def _node(ids: dict[str, int], key: str) -> str:
    return f"person:{ids[key]}"


def _names_in(text: str) -> list[str]:
    words = {w for name in NAMES.values() for w in name.split() if w not in ("Bank",)}
    return sorted(w for w in words if re.search(rf"\b{w}\b", text))


def _org_id(engine: Engine) -> int:
    with Session(engine) as session:
        org_id = session.scalar(select(Organisation.id).where(Organisation.code == "ORG"))
    assert org_id is not None
    return org_id


@pytest.fixture
def store(engine: Engine) -> tuple[Engine, dict[str, int]]:
    return engine, populate(engine)


def test_edges_from_the_store(store: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = store
    with Session(engine) as session:
        net = build_network(session)
    p = {k: _node(ids, k) for k in ids}
    assert len(net.nodes_of("person")) == len(ids)
    # Sealed victims: no name, no clear phone; joined to the helper's phone by its blind index.
    victim = net.graph.nodes[p["victim"]]
    assert victim["roles"] == ("victim",) and victim["sealed"] and victim["nationalities"] == ("KHM",)
    assert net.edge(p["victim"], f"phone:{HELPER_PHONE}", m.HAS_PHONE)["evidence"] == (
        f"person_blind_index:{ids['victim']}",
    )
    assert net.edge(p["helper"], f"phone:{HELPER_PHONE}", m.HAS_PHONE) is not None
    # The victim's passport is known to nobody else: a digest node, never the number.
    [doc] = [v for u, v, _ in net.edges_of(m.HOLDS_DOCUMENT) if u == p["victim"]]
    assert doc.startswith("document:#") and "N0123456" not in doc
    # Recruiter → victim in the same case only; the exploiter recruits nobody.
    assert [(u, v) for u, v, _ in net.edges_of(m.RECRUITED)] == [(p["suspect"], p["victim"])]
    assert [(u, v) for u, v, _ in net.edges_of(m.CALLED)] == [("phone:+85599000009", p["subject"])]
    assert net.graph.nodes[p["subject"]]["roles"] == ("hotline subject",)
    acc1, acc2 = (f"account:ACC{i}@{_org_id(engine)}" for i in (1, 2))
    paid = net.edge(acc1, acc2, m.PAID)
    assert paid["count"] == 2 and paid["amounts"] == {"USD": "150.2500"}
    assert net.edge(p["bank"], p["payee"], m.PAID)["count"] == 2
    assert net.edge(p["bank"], acc1, m.HAS_ACCOUNT)["first"] == "2024-01-01"
    assert net.graph.nodes[acc1]["number"] == "ACC1" and net.graph.nodes[acc1]["bank"] == "ORG"
    assert net.edge(p["traveller"], p["companion"], m.TRAVELLED_WITH)["basis"] == ("booking",)
    # The van's plate, written two ways, is one vehicle; the flight's PNR is none.
    assert net.nodes_of("vehicle") == ["vehicle:2B4821", "vehicle:3C7707"]
    assert net.graph.nodes["vehicle:2B4821"]["posts"] == ("Poipet International Checkpoint",)
    rode = net.edge(p["traveller"], "vehicle:2B4821", m.TRAVELLED_IN)
    assert rode["count"] == 1 and rode["first"] == rode["last"] == "2025-01-20T07:00:00"
    assert rode["evidence"][0].startswith("border_crossing:")
    assert [u for u, v, _ in net.edges_of(m.TRAVELLED_IN) if v == "vehicle:2B4821"] == sorted(
        [p["traveller"], p["companion"]]
    )
    assert net.edge(p["suspect"], p["bank"], m.SAME_ADDRESS) is not None
    assert net.edge(p["suspect"], p["traveller"], m.SAME_DOCUMENT) is not None
    assert net.edge(f"phone:{SUSPECT_PHONE}", "company:tonle logistics", m.ADVERTISED_BY) is not None
    assert [(u, v) for u, v, _ in net.edges_of(m.EMPLOYED_BY)] == [(p["suspect"], "company:tonle logistics")]
    assert {k for _, _, k in net.graph.edges(keys=True)} == set(m.EDGE_TYPES)
    for _, attrs in net.graph.nodes(data=True):
        assert not _names_in(json.dumps(attrs, default=str))


def test_identities_merge_and_components(store: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = store
    identities = {ids["suspect"]: "P-li", ids["bank"]: "P-li", ids["traveller"]: "P-li"}
    with Session(engine) as session:
        net = build_network(session, identities)
    node = net.graph.nodes["person:P-li"]
    assert node["records"] == 3 and node["roles"] == ("suspect", "traveller", "bank customer")
    assert not net.edges_of(m.SAME_ADDRESS) and not net.edges_of(m.SAME_DOCUMENT)
    assert len(net.nodes_of("person")) == len(ids) - 2
    summary = summarise(net)
    # One network: Li (suspect, bank, traveller) ties the case, the payments and the booking.
    assert summary.person_records == len(ids)
    # Li, the helper (through the victim's phone), the victim, the payee and the companion;
    # the second victim and the hotline subject stand apart.
    assert summary.largest_person_components == [5, 1, 1]
    assert summary.brokers[0].node == "person:P-li"


def test_ftm_export_validates_and_hides_names(store: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = store
    with Session(engine) as session:
        net = build_network(session)
    buf = io.StringIO()
    count = write_ftm(net, buf)
    lines = buf.getvalue().splitlines()
    assert count == len(lines) > 0
    schemata = set()
    entities = {}
    for line in lines:
        proxy = model.get_proxy(json.loads(line))
        assert proxy.schema.validate(proxy.to_dict()) is None
        for prop in proxy.schema.required:
            assert proxy.get(prop), (proxy.schema.name, prop)
        schemata.add(proxy.schema.name)
        entities[proxy.id] = proxy
    assert {"Person", "BankAccount", "Address", "Company", "Passport", "Ownership", "Payment"} <= schemata
    assert {"Employment", "Call", "Associate", "Vehicle", "UnknownLink"} <= schemata
    # The van the traveller and companion took: a Vehicle tied to both by `travelled in` links.
    [van] = [p for p in entities.values() if p.schema.name == "Vehicle"]
    assert van.get("registrationNumber") == ["2B4821"]
    rides = [p for p in entities.values() if p.schema.name == "UnknownLink" and p.get("object") == [van.id]]
    assert len(rides) == 2 and {r.first("role") for r in rides} == {"travelled in"}
    assert {entities[r.first("subject")].first("name") for r in rides} == {
        f"person:{ids['traveller']}",
        f"person:{ids['companion']}",
    }
    # The PNR is no vehicle, and the van only a sealed victim crossed in stays out, like her phone.
    assert "K7Q2M9" not in buf.getvalue() and "3C7707" not in buf.getvalue()
    for proxy in entities.values():  # every reference resolves inside the export
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in entities
    assert _names_in(buf.getvalue()) == []
    # Sealed victims keep no phone in the export, though the network joined them to one.
    victim = next(
        p
        for p in entities.values()
        if p.schema.name == "Person" and p.first("name") == f"person:{ids['victim']}"
    )
    assert victim.get("phone") == [] and victim.get("keywords") == ["victim"]
    assert victim.get("nationality") == ["kh"]


def test_ftm_reveal_names_is_explicit_and_audited(
    store: tuple[Engine, dict[str, int]], tmp_path: Path
) -> None:
    engine, _ = store
    with Session(engine) as session:
        net = build_network(session)
        with pytest.raises(ValueError):
            write_ftm(net, io.StringIO(), reveal_names=True)
        out = tmp_path / "network.ftm.json"
        write_ftm(net, out, reveal_names=True, session=session, actor="analyst1", reason="case C1")
        session.commit()
        events = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "network")).all()
    text = out.read_text(encoding="utf-8")
    assert "Chan Sreymom" in text and "Li Wei" in text
    assert "3C7707" in text  # the sealed victim's van, revealed with the names (and audited)
    assert [(e.actor, e.action) for e in events] == [("analyst1", "export")]
    assert "Chan" not in json.dumps(events[0].details)
    for line in text.splitlines():
        model.get_proxy(json.loads(line))


def test_graphml_round_trips(store: tuple[Engine, dict[str, int]], tmp_path: Path) -> None:
    engine, ids = store
    with Session(engine) as session:
        net = build_network(session)
    path = tmp_path / "network.graphml"
    write_graphml(net, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert set(back.nodes) == set(net.graph.nodes)
    assert back.number_of_edges() == net.graph.number_of_edges()
    victim = back.nodes[f"person:{ids['victim']}"]
    assert victim["kind"] == "person" and victim["roles"] == "victim" and victim["label"] == "victim"
    van = back.nodes["vehicle:2B4821"]
    assert van["kind"] == "vehicle" and van["label"] == "vehicle"
    assert van["posts"] == "Poipet International Checkpoint"
    ride = back.get_edge_data(f"person:{ids['traveller']}", "vehicle:2B4821")["travelled_in"]
    assert ride["count"] == 1 and ride["evidence"].startswith("border_crossing:")
    org = _org_id(engine)
    edge = back.get_edge_data(f"account:ACC1@{org}", f"account:ACC2@{org}")["paid"]
    assert edge["count"] == 2 and edge["amounts"] == "USD=150.2500"
    assert _names_in(path.read_text(encoding="utf-8")) == []


def test_svg_and_report_section(store: tuple[Engine, dict[str, int]]) -> None:
    engine, _ = store
    with Session(engine) as session:
        net = build_network(session)
    svg = network_svg(net, max_components=2)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    circles = root.findall(f".//{ns}circle")
    largest = sorted((len(c) for c in nx.weakly_connected_components(net.graph)), reverse=True)[:2]
    assert len(circles) == sum(largest)
    assert _names_in(svg) == [] and "+855" not in svg and "2B4821" not in svg
    assert ">vehicle<" in svg and ">travelled in<" in svg  # legend entries
    assert svg == network_svg(net, max_components=2)  # deterministic
    section = network_section(net)
    assert section.anchor == "network" and "<svg" in section.html
    assert _names_in(section.html) == []
    assert "<td>vehicles</td><td>2</td>" in section.html and "<td>travelled in</td><td>3</td>" in section.html
    assert "2B4821" not in section.html
    ET.fromstring(f"<div>{section.html}</div>")


def test_ftm_entities_of_an_empty_store(engine: Engine) -> None:
    with Session(engine) as session:
        net = build_network(session)
    assert list(ftm_entities(net)) == []
    assert "no connected records" in network_svg(net)
    assert summarise(net).components == 0


def test_a_sealed_callers_phone_joins_by_blind_index_only(store: tuple[Engine, dict[str, int]]) -> None:
    """Issue 14, severe 5: once the hotline's free text is sealed (`tipnet keys seal-text`), the
    caller's phone still links the report to its subject, as a digest node: the number is not in
    the network unless a clear record of someone else gives it; the same number as a clear phone of
    another record joins that record's node."""
    from tipnet.security import textseal
    from tipnet.security.keys import load_keyring

    engine, ids = store
    with Session(engine) as session, session.begin():
        textseal.seal_rows(session, list(session.scalars(select(HotlineReport))), load_keyring())
    with Session(engine) as session:
        assert session.scalar(select(HotlineReport.caller_phone)) is None
        net = build_network(session)
    p = {k: f"person:{v}" for k, v in ids.items()}
    [(phone, subject)] = [(u, v) for u, v, _ in net.edges_of(m.CALLED)]
    assert subject == p["subject"] and phone.startswith("phone:#") and net.graph.nodes[phone]["sealed"]
    assert not any("99000009" in node for node in net.graph.nodes)

    # A suspect's clear record with the same number: the caller's digest joins that node.
    with Session(engine) as session, session.begin():
        rec = session.scalars(select(SourceRecord)).first()
        assert rec is not None
        _person(session, rec, "suspect", phone="+85599000009")
    with Session(engine) as session:
        net = build_network(session)
    [(phone, _)] = [(u, v) for u, v, _ in net.edges_of(m.CALLED)]
    assert phone == "phone:+85599000009"


def test_one_number_at_two_banks_is_two_accounts_in_the_store(engine: Engine) -> None:
    """Two banks' customers both holding "ACC1" are two accounts: each book's transactions join its own
    bank's ACC1, a counterparty number only one bank holds joins that bank's customer."""
    with Session(engine) as session, session.begin():
        banks = [Organisation(code=f"BANK{i}", org_Name=f"Bank {i}") for i in (1, 2)]
        session.add_all(banks)
        session.flush()
        n = iter(range(1, 1000))

        def rec(bank: Organisation, source: str) -> SourceRecord:
            record = SourceRecord(
                source_type=source, org_id=bank.id, record_id=f"R{next(n)}", content_hash="x"
            )
            session.add(record)
            return record

        one, two = banks
        victim = Person(source_record=rec(one, "bank_accounts"), prs_Citizenship=["KHM"])
        suspect = Person(source_record=rec(two, "bank_accounts"), prs_Citizenship=["KHM"])
        landlord = Person(source_record=rec(one, "bank_accounts"), prs_Citizenship=["KHM"])
        payee = Person(source_record=rec(two, "bank_accounts"), prs_Citizenship=["KHM"])
        session.add_all([victim, suspect, landlord, payee])
        session.add_all(
            [
                Account(org_id=one.id, account_number="ACC1", holder=victim),
                Account(org_id=one.id, account_number="ACC3", holder=landlord),
                Account(org_id=two.id, account_number="ACC1", holder=suspect),
                Account(org_id=two.id, account_number="ACC7", holder=payee),
            ]
        )
        for bank, source, target in ((one, "ACC1", "ACC3"), (two, "ACC1", "ACC7"), (one, "ACC3", "ACC7")):
            session.add(
                Transaction(
                    source_record=rec(bank, "bank_transactions"),
                    booked_at=datetime(2025, 3, 1),
                    from_account=source,
                    to_account=target,
                    amount=Decimal("10"),
                    currency="USD",
                )
            )
        session.flush()
        ids = {
            k: p.id
            for k, p in (("victim", victim), ("suspect", suspect), ("landlord", landlord), ("payee", payee))
        }
        o1, o2 = one.id, two.id
    with Session(engine) as session:
        net = build_network(session)
    g = net.graph
    p = {k: f"person:{v}" for k, v in ids.items()}
    assert net.nodes_of("account") == sorted(
        [f"account:ACC1@{o1}", f"account:ACC3@{o1}", f"account:ACC1@{o2}", f"account:ACC7@{o2}"]
    )
    assert g.nodes[f"account:ACC1@{o2}"]["bank"] == "BANK2"
    # The victim of bank 1 and the suspect of bank 2 share no account and no edge.
    assert not set(nx.all_neighbors(g, p["victim"])) & set(nx.all_neighbors(g, p["suspect"]))
    assert net.edge(p["victim"], p["landlord"], m.PAID) is not None  # bank 1's book: bank 1's ACC1
    assert net.edge(p["suspect"], p["payee"], m.PAID) is not None  # bank 2's book: bank 2's ACC1
    assert (
        net.edge(p["victim"], p["payee"], m.PAID) is None
        and net.edge(p["suspect"], p["landlord"], m.PAID) is None
    )
    # ACC7, which bank 2 alone holds, paid from bank 1's book: joins bank 2's customer.
    assert net.edge(f"account:ACC3@{o1}", f"account:ACC7@{o2}", m.PAID)["count"] == 1
    assert net.edge(p["landlord"], p["payee"], m.PAID)["evidence"][0].startswith("transaction:")
