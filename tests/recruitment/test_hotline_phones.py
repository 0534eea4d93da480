"""Hotline reports' phone numbers in a blind index (SQLite and PostgreSQL): the caller's number and
those the sealed narrative mentions are kept as keyed hashes only, found without opening a report,
scoped to the analyst's organisation and audited; kept right through re-import, index-key rotation,
and built for reports sealed before the index existed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, text

from tipnet.errors import Forbidden
from tipnet.ingest.pipeline import ingest_file
from tipnet.recruitment.crossref import hotline_sightings
from tipnet.security import hotline_phones, sealing
from tipnet.security.keys import load_keyring
from tipnet.security.users import Principal
from tipnet.sources import SOURCE_TYPES
from tipnet.store.engine import session_scope
from tipnet.store.tables.hotline import HotlinePhoneIndex, HotlineReport
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sources import Organisation, SourceRecord

RECRUITER = "+85512777888"  # the number an advert gives, written "012 777 888" by one caller
CALLER = "+855971112222"
KHMER = "+855975551234"  # written in Khmer digits in a narrative
SUBJECT = "+66812345678"  # the phone of the person a report is about (a sealed person)
BASE = {
    "org": "KH-HOTLINE",
    "received_at": "2026-01-20T21:40:00",
    "channel": "Telegram",
    "language": "km",
    "caller_phone": "",
    "subject_name": "",
    "subject_phone": "",
    "subject_nationality": "",
    "location": "Poipet",
    "exploitation_type": "",
    "narrative": "",
}
ROWS = [
    {
        **BASE,
        "record_id": "H-1",
        "caller_phone": "+855 97 111 2222",
        "narrative": "My brother answered a job advert; the agent's WhatsApp is 012 777 888. Left on 2026-01-03.",
    },
    {
        **BASE,
        "record_id": "H-2",
        "narrative": "ភ្នាក់ងារ លេខ ០៩៧ ៥៥៥ ១២៣៤ បានសន្យាការងារ",
        "subject_name": "Srey Pov",
        "subject_phone": "+66 81 234 5678",
    },
    {**BASE, "record_id": "H-3", "org": "TH-HOTLINE", "narrative": "Broker on 012-777-888 took passports."},
]


def _ingest(engine: Engine, rows: list[dict[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hotline.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SOURCE_TYPES["hotline"].columns)
        writer.writeheader()
        writer.writerows(rows)
    report = ingest_file(engine, "hotline", path, rejects_path=folder / "rejects.csv")
    assert report.rejected == 0, report.rejections


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    with session_scope(engine) as s:
        s.add_all(
            [
                Organisation(code="KH-HOTLINE", org_Name="Hotline KH"),
                Organisation(code="TH-HOTLINE", org_Name="Hotline TH"),
            ]
        )
    _ingest(engine, ROWS, tmp_path / "first")
    return engine


def _report_ids(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        rows = s.execute(
            select(SourceRecord.record_id, HotlineReport.id).join(
                HotlineReport, HotlineReport.source_record_id == SourceRecord.id
            )
        )
        return {ref: rid for ref, rid in rows}


def _analyst(engine: Engine, code: str = "KH-HOTLINE", role: str = "analyst") -> Principal:
    with session_scope(engine) as s:
        org = s.scalar(select(Organisation.id).where(Organisation.code == code))
    assert org is not None
    return Principal(99, f"{role}_{code}", role, org)


def test_numbers_are_indexed_as_keyed_digests_never_in_clear(store: Engine) -> None:
    ids = _report_ids(store)
    ring = load_keyring()
    with session_scope(store) as s:
        found = hotline_phones.lookup(s, [RECRUITER, CALLER, KHMER, "+85520260103"], ring)
        dump = " ".join(str(v) for row in s.execute(text("SELECT * FROM hotline_phone_index")) for v in row)
        caller_column = s.scalars(select(HotlineReport.caller_phone)).all()
    assert found[RECRUITER] == [(ids["H-1"], "text"), (ids["H-3"], "text")]
    assert found[CALLER] == [(ids["H-1"], "caller")]
    assert found[KHMER] == [(ids["H-2"], "text")]  # Khmer digits read as the number
    assert "+85520260103" not in found  # a date is not a phone number
    for number in (RECRUITER, CALLER, KHMER):  # no number, nor its digits, in the index table
        assert number not in dump and number[-6:] not in dump
    assert all(not c for c in caller_column)  # the caller's number is sealed, not in clear
    # a different index key gives other digests: the index is keyed, not a plain hash
    with session_scope(store) as s:
        other = load_keyring()
        other.index_key = b"\x01" * 32
        assert hotline_phones.lookup(s, [RECRUITER], other) == {}


def test_analysts_see_their_organisations_reports_audited(store: Engine) -> None:
    ids = _report_ids(store)
    analyst = _analyst(store)
    with session_scope(store) as s:
        hits = hotline_sightings(s, analyst, [RECRUITER, KHMER, SUBJECT, "+85599999999", "not a phone"])
    assert {p: [(h.reference, h.where) for h in hs] for p, hs in hits.items()} == {
        RECRUITER: [("H-1", "text")],  # H-3 is the Thai hotline's: not in this analyst's scope
        KHMER: [("H-2", "text")],
        SUBJECT: [("H-2", "subject")],  # the sealed subject's phone, through the persons' blind index
    }
    assert hits[RECRUITER][0].received_at.year == 2026
    with session_scope(store) as s:
        event = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "hotline_phones")
            .order_by(AuditEvent.id.desc())
        ).first()
    assert event is not None and event.actor == analyst.username and event.action == "search"
    assert event.details["hotline_report_ids"] == sorted([ids["H-1"], ids["H-2"]])
    assert RECRUITER not in str(event.details) and "777888" not in str(event.details)
    with session_scope(store) as s:
        th = hotline_sightings(s, _analyst(store, "TH-HOTLINE"), [RECRUITER])
    assert [h.reference for h in th[RECRUITER]] == ["H-3"]
    with session_scope(store) as s, pytest.raises(Forbidden):  # no advert screening: no look-up
        hotline_sightings(s, _analyst(store, role="case_worker"), [RECRUITER])


def test_reimport_replaces_and_index_key_rotation_keeps_the_index(store: Engine, tmp_path: Path) -> None:
    changed = [{**ROWS[0], "narrative": "The agent now uses Telegram only."}, *ROWS[1:]]
    _ingest(store, changed, tmp_path / "again")
    ids = _report_ids(store)
    with session_scope(store) as s:
        found = hotline_phones.lookup(s, [RECRUITER, CALLER], load_keyring())
        old = set(s.scalars(select(HotlinePhoneIndex.digest)))
    assert found[RECRUITER] == [(ids["H-3"], "text")]  # H-1 no longer mentions it
    assert found[CALLER] == [(ids["H-1"], "caller")]
    result = sealing.rotate_index_key(store, load_keyring(), batch=1)
    assert result["hotline_reports"] == 3
    fresh = load_keyring()
    with session_scope(store) as s:
        assert not set(s.scalars(select(HotlinePhoneIndex.digest))) & old  # all under the new key
        found = hotline_phones.lookup(s, [RECRUITER, CALLER, KHMER], fresh)
    assert found[RECRUITER] == [(ids["H-3"], "text")] and found[KHMER] == [(ids["H-2"], "text")]


def test_reports_sealed_before_the_index_are_indexed_by_reindex(store: Engine) -> None:
    with session_scope(store) as s:
        s.execute(delete(HotlinePhoneIndex))
        assert hotline_phones.lookup(s, [RECRUITER], load_keyring()) == {}
    result = hotline_phones.reindex(store, load_keyring(), batch=2)
    assert result == {"reports": 3, "rows": 4}
    with session_scope(store) as s:
        assert len(hotline_phones.lookup(s, [RECRUITER], load_keyring())[RECRUITER]) == 2
        events = s.scalars(select(AuditEvent).where(AuditEvent.object_type == "hotline_phone_index")).all()
    assert len(events) == 2  # one per batch


def test_a_report_from_the_check_page_is_indexed(store: Engine) -> None:
    from tipnet.recruitment.reports import report_offer
    from tipnet.recruitment.screen import default_screener

    offer = "Typist in Bavet, $2,000 a month, no experience, visa free. WhatsApp 012 777 888"
    verdict = default_screener().screen(offer, "en")
    with session_scope(store) as s:
        reference = report_offer(s, offer, verdict, "KH", None)
    with session_scope(store) as s:
        rid = s.scalar(
            select(HotlineReport.id)
            .join(SourceRecord, SourceRecord.id == HotlineReport.source_record_id)
            .where(SourceRecord.record_id == reference)
        )
        found = hotline_phones.lookup(s, [RECRUITER], load_keyring())
    assert (rid, "text") in found[RECRUITER]


def test_the_keys_command_builds_the_index(
    store: Engine, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from tipnet.cli import app
    from tipnet.settings import get_settings

    with session_scope(store) as s:
        s.execute(delete(HotlinePhoneIndex))
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["keys", "index-hotline", "--batch", "2"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "3 hotline reports indexed (4 phone digests)" in result.output
    with session_scope(store) as s:
        assert hotline_phones.counts(s) == {"reports": 3, "indexed": 3}


# --- hostile: index-key rotation while searches and writes run ------------------------------------------


def test_a_search_in_the_middle_of_an_index_key_rotation_finds_every_report(store: Engine) -> None:
    """The rotation's state half-way (the new key announced in the key file, one report re-indexed
    under it, the others still under the old key), searched by a server whose keyring was loaded before
    the rotation began: every report is found, then again once the rotation is finished."""
    from dataclasses import replace

    from tipnet.security import textseal

    ids = _report_ids(store)
    analyst = _analyst(store)
    server_ring = load_keyring()  # a running server's keyring, loaded before the rotation
    rotator = load_keyring()
    with rotator.locked():  # the rotation's first step, as `rotate_index_key` takes it
        rotator.next_index_key = b"\x07" * 32
        rotator.save()
    new_ring = replace(rotator, index_key=rotator.next_index_key, next_index_key=None)
    with session_scope(store) as s:  # H-1 re-indexed under the new key; H-2, H-3 not yet
        opened = textseal.open_rows(s, "hotline_report", [ids["H-1"]], rotator)
        hotline_phones.index(s, opened, new_ring)
    # the low-level look-up with the server's keyring as it was: H-1 has left the old key's rows
    with session_scope(store) as s:
        stale = hotline_phones.lookup(s, [CALLER], replace(server_ring, path=None))
    assert CALLER not in stale
    with session_scope(store) as s:
        hits = hotline_sightings(s, analyst, [RECRUITER, CALLER, KHMER], ring=server_ring)
    assert {p: sorted(h.reference for h in hs) for p, hs in hits.items()} == {
        RECRUITER: ["H-1"],
        CALLER: ["H-1"],
        KHMER: ["H-2"],
    }
    result = sealing.rotate_index_key(store, load_keyring(), batch=1)  # resumed with the announced key
    assert result["hotline_reports"] == 3 and load_keyring().index_key == b"\x07" * 32
    with session_scope(store) as s:
        hits = hotline_sightings(s, analyst, [RECRUITER, CALLER, KHMER], ring=server_ring)
    assert {p: sorted(h.reference for h in hs) for p, hs in hits.items()} == {
        RECRUITER: ["H-1"],
        CALLER: ["H-1"],
        KHMER: ["H-2"],
    }


def test_a_report_sealed_with_a_keyring_older_than_the_rotation_stays_findable(store: Engine) -> None:
    """A long import (or a server) holds a keyring loaded before an index-key rotation ran to its end;
    the report it seals afterwards is indexed under the key searches now use, not the retired one."""
    from datetime import datetime

    from tipnet.security import textseal

    held = load_keyring()  # loaded before the rotation, kept by the writer
    sealing.rotate_index_key(store, load_keyring(), batch=2)
    with session_scope(store) as s:
        org = s.scalar(select(Organisation.id).where(Organisation.code == "KH-HOTLINE"))
        record = SourceRecord(source_type="hotline", org_id=org, record_id="H-LATE", content_hash="z")
        s.add(record)
        s.flush()
        report = HotlineReport(
            source_record_id=record.id,
            received_at=datetime(2026, 2, 1, 9, 0),
            channel="phone",
            narrative="The same agent, 012 777 888, called my cousin.",
        )
        s.add(report)
        s.flush()
        textseal.seal_rows(s, [report], held)
    with session_scope(store) as s:
        hits = hotline_sightings(s, _analyst(store), [RECRUITER])
    assert sorted(h.reference for h in hits[RECRUITER]) == ["H-1", "H-LATE"]
