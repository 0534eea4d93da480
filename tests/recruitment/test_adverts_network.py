"""Phones found in an advert's text by its screening join the trafficking network like its contact
phone does: the phone advertises for the employer, and whoever holds it works for the employer."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tipnet.linkage.network import build_graph
from tipnet.linkage.network import model as m
from tipnet.linkage.network.rows import AdvertRow, PersonRow, StoreRows, ThingRow
from tipnet.linkage.network.store import _phones_of
from tipnet.recruitment.contacts import extract


def test_phones_in_the_text_link_holders_to_the_advertiser() -> None:
    text = "Golden Fortune Group hiring typists in Bavet. WhatsApp +855 97 123 4567, Telegram @gf_hr88"
    found = [{"kind": c.kind, "value": c.value} for c in extract(text)]
    phones = _phones_of(found)
    assert phones == ("+855971234567",)
    rows = StoreRows(
        persons=[PersonRow(7, ("KHM",), False)],
        things=[ThingRow(1, 7, "phone", value="+855971234567")],
        adverts=[AdvertRow(1, date(2026, 5, 1), "Golden Fortune Group", None, text_phones=phones)],
    )
    net = build_graph(rows)
    assert net.edge("phone:+855971234567", "company:golden fortune", m.ADVERTISED_BY) is not None
    employed = net.edges_of(m.EMPLOYED_BY)
    assert [(u, v) for u, v, _ in employed] == [("person:7", "company:golden fortune")]


def test_no_screening_no_text_phones() -> None:
    assert _phones_of(None) == ()
    assert _phones_of([{"kind": "telegram", "value": "gf_hr88"}, {"kind": "url", "value": "+x"}]) == ()


def test_messaging_accounts_join_the_network_and_tie_two_employers() -> None:
    """Two employers advertised through one Telegram account (written "@GF_hr88" in one advert and
    "t.me/gf_hr88" in the other) meet at one handle node; WhatsApp numbers stay phones; the screening's
    stored contacts carry the node key the network reads."""
    from tipnet.linkage.network.ftm import ftm_entities
    from tipnet.linkage.network.store import _handles_of
    from tipnet.recruitment.screen import Screener
    from tipnet.recruitment.stored import _row

    texts = {
        1: "Golden Fortune Group hiring typists in Bavet, $2,000. Telegram @GF_hr88, WhatsApp +855 97 123 4567",
        2: "Lucky Star Co., Ltd. needs chat agents in Poipet, $1,800. Apply: t.me/gf_hr88, LINE ID: lucky.star8",
    }
    screener = Screener()
    stored = {
        i: _row(i, screener.screen(t, "en", with_contacts=True), "v", datetime.now(UTC)).contacts
        for i, t in texts.items()
    }
    assert _handles_of(stored[1]) == ("telegram:gf_hr88",)
    assert _handles_of(stored[2]) == ("line:lucky.star8", "telegram:gf_hr88")
    assert _handles_of(None) == () and _handles_of([{"kind": "telegram", "value": "x"}]) == ()
    rows = StoreRows(
        adverts=[
            AdvertRow(
                1,
                date(2026, 5, 1),
                "Golden Fortune Group",
                None,
                _phones_of(stored[1]),
                _handles_of(stored[1]),
            ),
            AdvertRow(
                2,
                date(2026, 5, 3),
                "Lucky Star Co., Ltd.",
                None,
                _phones_of(stored[2]),
                _handles_of(stored[2]),
            ),
        ]
    )
    net = build_graph(rows)
    assert net.nodes_of("handle") == ["handle:line:lucky.star8", "handle:telegram:gf_hr88"]
    tied = sorted(v for u, v, _ in net.edges_of(m.ADVERTISED_BY) if u == "handle:telegram:gf_hr88")
    assert len(tied) == 2 and tied[0] != tied[1]
    assert net.nodes_of("phone") == ["phone:+855971234567"]
    companies = [e for e in ftm_entities(net) if e.schema.name == "Company"]
    assert any("telegram:gf_hr88" in e.get("keywords") for e in companies)
    assert not any("telegram:gf_hr88" in e.get("phone") for e in companies)
