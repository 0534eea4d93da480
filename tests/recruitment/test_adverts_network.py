"""Phones found in an advert's text by its screening join the trafficking network like its contact
phone does: the phone advertises for the employer, and whoever holds it works for the employer."""

from __future__ import annotations

from datetime import date

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
