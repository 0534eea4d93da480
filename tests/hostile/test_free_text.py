"""Issue 14, severe 5: free text of sealed persons kept their names, the caller's phone and location.

- A hotline import seals the narrative, the caller's phone and the location (no clear copy in the
  table, nor in the SQLite file and its WAL), and the import report warns, by field and count only,
  that narratives name their subject.
- Free text written on a case (role details, closure reason, referral details, support plans,
  follow-ups) is sealed on write; the answer names the fields that mention a person of the case or
  hold a phone number, never their values; authorised readers get the text back (audited), roles
  that do not identify victims get it withheld; clearing a field clears its sealed copy.
- Key rotation re-seals free text too and retires the old version only when nothing uses it.
- Clear free text left by an older version is sealed by `tipnet keys seal-text`: resumable after an
  interruption, audited per batch without the text.
- The case page shows the text to the case worker and the warning after a form saves such a text.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from tests.api.fixtures import ORG_B, SUSPECT, VICTIM, make_world
from typer.testing import CliRunner

from tipnet.cli import app as cli
from tipnet.ingest.pipeline import ingest_file
from tipnet.security import keyguard, textseal
from tipnet.security.keys import load_keyring
from tipnet.security.sealing import rotate_keys
from tipnet.settings import get_settings
from tipnet.sources import SOURCE_TYPES
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import Case, CasePerson, FollowUp, Referral, SupportPlan
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.security import AuditEvent, KeyCheck, TextSecret
from tipnet.store.tables.sources import Organisation, SourceRecord

runner = CliRunner()
NARRATIVE = "My cousin Srey Pov was taken to a karaoke bar in Pattaya, call me back on 097 111 2222"
CALLER = "+855 97 111 2222"
LOCATION = "Soi 6, Pattaya, near the Lucky Star bar"
OBJECTIVES = "Reunite Sok Dara with her mother in Kampot, mother's phone +855 12 345 678"


@pytest.fixture
def store_env(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    yield store_url
    get_settings.cache_clear()


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def _store_bytes(engine: Engine) -> bytes:
    """Every byte of an SQLite store (the database file and its WAL); empty for PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return b""
    path = Path(str(engine.url.database))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _clear_values(engine: Engine) -> list[str]:
    """Every sealed column's clear value in the store, all tables."""
    out: list[str] = []
    with engine.connect() as conn:
        for table, columns in textseal.SEALED_TEXT.items():
            for column in columns:
                out += [v for (v,) in conn.execute(text(f'SELECT "{column}" FROM "{table}"')) if v]
    return out


# --- hotline import ------------------------------------------------------------------------------


def test_hotline_import_seals_narrative_caller_and_location(
    engine: Engine, tmp_path: Path, logs: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    with session_scope(engine) as s:
        s.add(Organisation(code="KH-HOTLINE", org_Name="Hotline", org_Type="NGO"))
    rows = [
        {
            "record_id": f"H-{i}",
            "org": "KH-HOTLINE",
            "received_at": "2026-01-20T21:40:00",
            "caller_phone": CALLER,
            "subject_name": "Srey Pov" if i < 3 else "",
            "subject_phone": "+66 81 234 5678" if i < 3 else "",
            "location": LOCATION,
            "narrative": NARRATIVE,
        }
        for i in range(4)
    ]
    path = tmp_path / "hotline.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SOURCE_TYPES["hotline"].columns)
        writer.writeheader()
        writer.writerows(rows)
    report = ingest_file(engine, "hotline", path, rejects_path=tmp_path / "rejects.csv")
    assert (report.new, report.rejected) == (4, 0)
    # The subject's name in the narrative (3 reports name one), the phone in every narrative.
    flagged = [w for w in report.warnings if w.startswith("narrative:")]
    assert flagged and "4 rows" in flagged[0] and "Srey" not in " ".join(report.warnings)

    assert _clear_values(engine) == []
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(TextSecret)) == 4
        ids = list(s.scalars(select(HotlineReport.id)))
        opened = textseal.open_rows(s, "hotline_report", ids, load_keyring())
    assert all(
        o == {"narrative": NARRATIVE, "caller_phone": "+855971112222", "location": LOCATION}
        for o in opened.values()
    )
    everything = _store_bytes(engine)
    for secret in ("Srey Pov", "Pattaya", "971112222", "karaoke"):
        assert secret.encode() not in everything, secret
    printed = capfd.readouterr()
    for secret in ("Srey", "Pattaya", "971112222"):
        assert secret not in logs.text and secret not in printed.out + printed.err

    # A re-import of a changed row replaces its sealed text, leaving no orphan behind.
    rows[0]["narrative"] = "Updated: the caller called again."
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, SOURCE_TYPES["hotline"].columns)
        writer.writeheader()
        writer.writerows(rows)
    assert ingest_file(engine, "hotline", path, rejects_path=tmp_path / "rejects2.csv").updated == 1
    with session_scope(engine) as s:
        live = set(s.scalars(select(HotlineReport.id)))
        secrets = set(s.scalars(select(TextSecret.row_id).where(TextSecret.table_name == "hotline_report")))
        assert secrets == live
        texts = textseal.open_rows(s, "hotline_report", live, None)
        assert sorted(t["narrative"] for t in texts.values()).count("Updated: the caller called again.") == 1


# --- case free text over the API ------------------------------------------------------------------


def _case_with_texts(world):  # type: ignore[no-untyped-def]
    c, h = world.client, world.h("case_worker")
    suspect = {**SUSPECT, "per_RoleDetails": "Recruited Sok Dara in Poipet"}
    created = c.post("/api/cases", json={"persons": [VICTIM, suspect]}, headers=h)
    assert created.status_code == 201, created.text
    assert created.json()["text_warnings"] == [
        {"field": "per_RoleDetails", "mentions": ["name"], "sealed": True}
    ]
    case_id = created.json()["id"]
    doc = c.get(f"/api/cases/{case_id}", headers=h).json()
    victim = next(p["id"] for p in doc["persons"] if p["role"] == "Victim")
    plan = c.post(
        f"/api/cases/{case_id}/persons/{victim}/support-plans",
        json={"spl_Type": "Health", "spl_Objectives": OBJECTIVES, "spl_ActionPlan": "Weekly counselling"},
        headers=h,
    )
    assert plan.status_code == 201, plan.text
    assert plan.json()["text_warnings"] == [
        {"field": "spl_Objectives", "mentions": ["name", "phone"], "sealed": True}
    ]
    assert "Dara" not in plan.text and "345" not in plan.text  # named, never echoed
    fu = c.post(
        f"/api/cases/{case_id}/persons/{victim}/follow-ups",
        json={"due_on": "2027-01-15", "notes": "Visit at the aunt's house; ask for Dara"},
        headers=h,
    )
    assert fu.status_code == 201 and fu.json()["text_warnings"][0]["field"] == "notes"
    done = c.patch(
        f"/api/cases/{case_id}/follow-ups/{fu.json()['id']}",
        json={"done_on": "2027-01-16", "notes": "Seen; new number 0977 555 123"},
        headers=h,
    )
    assert done.status_code == 204 and done.headers["x-text-warnings"] == "notes=phone"
    closing = c.patch(
        f"/api/cases/{case_id}", json={"cas_ReasonForCaseClosure": "Sok Dara moved abroad"}, headers=h
    )
    assert (
        closing.status_code == 204 and closing.headers["x-text-warnings"] == "cas_ReasonForCaseClosure=name"
    )
    consent = c.post(
        f"/api/cases/{case_id}/persons/{victim}/consents",
        json={"con_Consent": True, "scope": "sharing"},
        headers=h,
    )
    assert consent.status_code == 201
    ref = c.post(
        f"/api/cases/{case_id}/referrals",
        json={
            "org": ORG_B,
            "reason": "AdditionalServicesRequired",
            "details": "Shelter bed for Dara, quiet room",
        },
        headers=h,
    )
    assert ref.status_code == 201 and ref.json()["text_warnings"][0]["field"] == "details"
    return case_id


def test_case_free_text_is_sealed_flagged_and_read_back_only_by_those_who_identify(
    engine: Engine, logs: pytest.LogCaptureFixture
) -> None:
    world = make_world(engine, roles=("case_worker", "analyst"))
    c = world.client
    case_id = _case_with_texts(world)

    assert _clear_values(engine) == []
    for secret in ("Reunite", "Poipet", "moved abroad", "quiet room", "aunt's house", "555 123"):
        assert secret.encode() not in _store_bytes(engine), secret
        assert secret not in logs.text, secret
    with session_scope(engine) as s:
        tables = sorted(s.scalars(select(TextSecret.table_name)))
    assert tables == ["case", "case_person", "follow_up", "referral", "support_plan"]

    doc = c.get(
        f"/api/cases/{case_id}", headers={**world.h("case_worker"), "X-Purpose": "plan review"}
    ).json()
    victim = next(p for p in doc["persons"] if p["role"] == "Victim")
    suspect = next(p for p in doc["persons"] if p["role"] == "Suspect")
    assert victim["support_plans"][0]["spl_Objectives"] == OBJECTIVES
    assert victim["support_plans"][0]["spl_ActionPlan"] == "Weekly counselling"
    assert victim["follow_ups"][0]["notes"] == "Seen; new number 0977 555 123"
    assert suspect["per_RoleDetails"] == "Recruited Sok Dara in Poipet"
    assert doc["cas_ReasonForCaseClosure"] == "Sok Dara moved abroad"
    assert doc["referrals"][0]["details"] == "Shelter bed for Dara, quiet room"
    assert "free_text_withheld" not in doc
    with session_scope(engine) as s:
        view = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "case", AuditEvent.action == "view")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert view is not None and view.reason == "plan review" and view.details["sealed_texts"] == 5
        assert "Reunite" not in str(view.details)

    withheld = c.get(f"/api/cases/{case_id}", headers=world.h("analyst"))
    assert withheld.status_code == 200 and withheld.json()["free_text_withheld"] is True
    for secret in ("Reunite", "Poipet", "moved abroad", "quiet room", "555 123"):
        assert secret not in withheld.text, secret

    # Changing a text replaces its sealed copy (flagged, never in clear).
    patched = c.patch(
        f"/api/cases/{case_id}/persons/{suspect['id']}",
        json={"per_RoleDetails": "Drove Dara to the border"},
        headers=world.h("case_worker"),
    )
    assert patched.status_code == 204 and patched.headers["x-text-warnings"] == "per_RoleDetails=name"
    assert _clear_values(engine) == []
    again = c.get(f"/api/cases/{case_id}", headers=world.h("case_worker")).json()
    assert (
        next(p for p in again["persons"] if p["role"] == "Suspect")["per_RoleDetails"]
        == "Drove Dara to the border"
    )
    # Clearing a field clears its sealed copy too.
    assert (
        c.patch(
            f"/api/cases/{case_id}", json={"cas_ReasonForCaseClosure": None}, headers=world.h("case_worker")
        ).status_code
        == 204
    )
    assert (
        c.get(f"/api/cases/{case_id}", headers=world.h("case_worker")).json()["cas_ReasonForCaseClosure"]
        is None
    )


def test_key_rotation_reseals_free_text(engine: Engine, store_env: str) -> None:
    world = make_world(engine, roles=("case_worker",))
    case_id = _case_with_texts(world)
    with session_scope(engine) as s:
        before = set(s.scalars(select(TextSecret.key_version)))
    result = rotate_keys(engine)
    with session_scope(engine) as s:
        after = set(s.scalars(select(TextSecret.key_version)))
        retired = set(s.scalars(select(KeyCheck.version).where(KeyCheck.retired_at.is_not(None))))
        audits = [e.details for e in s.scalars(select(AuditEvent).where(AuditEvent.object_type == "keyring"))]
    assert after == {result["version"]} and before <= retired
    assert sum(d.get("texts", 0) for d in audits if d.get("step") == "reseal") == 5
    ring = load_keyring()
    assert set(ring.keys) == {result["version"]}
    doc = world.client.get(f"/api/cases/{case_id}", headers=world.h("case_worker")).json()
    victim = next(p for p in doc["persons"] if p["role"] == "Victim")
    assert victim["support_plans"][0]["spl_Objectives"] == OBJECTIVES
    # A version is never retired while a text uses it.
    with session_scope(engine) as s:
        s.execute(
            text("UPDATE text_secret SET key_version = 999 WHERE id = (SELECT MIN(id) FROM text_secret)")
        )
        assert keyguard.version_counts(s).get(999) == 1


# --- existing clear text ---------------------------------------------------------------------------


def _legacy_store(engine: Engine) -> int:
    """Rows written before free text was sealed (clear columns, no secrets)."""
    world = make_world(engine, roles=("case_worker",))
    case_id = world.client.post(
        "/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")
    ).json()["id"]
    with session_scope(engine) as s:
        org = s.scalar(select(Organisation.id).where(Organisation.code == "NGO-A"))
        for i in range(5):
            rec = SourceRecord(source_type="hotline", org_id=org, record_id=f"L-{i}", content_hash=str(i))
            s.add(rec)
            s.flush()
            s.add(
                HotlineReport(
                    source_record_id=rec.id,
                    received_at=__import__("datetime").datetime(2025, 1, 1),
                    caller_phone="+85597111222" + str(i),
                    location=LOCATION,
                    narrative=f"{NARRATIVE} #{i}",
                )
            )
        cp = s.scalar(select(CasePerson).where(CasePerson.case_id == case_id))
        assert cp is not None
        s.add(SupportPlan(case_person_id=cp.id, spl_Type="Health", spl_Objectives=OBJECTIVES))
        s.add(
            FollowUp(
                case_person_id=cp.id,
                due_on=__import__("datetime").date(2027, 1, 1),
                notes="legacy note on Dara",
            )
        )
        s.add(
            Referral(case_id=case_id, direction="in", status="accepted", details="legacy referral for Dara")
        )
        case = s.get(Case, case_id)
        assert case is not None
        case.cas_ReasonForCaseClosure = "legacy closure"
    return case_id


def test_existing_clear_text_is_sealed_by_a_resumable_audited_step(
    engine: Engine, store_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _legacy_store(engine)
    with session_scope(engine) as s:
        total = sum(textseal.clear_counts(s).values())
    assert total == 9 and len(_clear_values(engine)) == 5 * 3 + 4

    # Interrupted after two batches (a crash, a kill): what was committed stays sealed.
    calls = {"n": 0}
    real = textseal.seal_rows

    def crashing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(textseal, "seal_rows", crashing)
    with pytest.raises(RuntimeError):
        textseal.seal_existing(engine, load_keyring(), batch=2)
    monkeypatch.setattr(textseal, "seal_rows", real)
    with session_scope(engine) as s:
        left = sum(textseal.clear_counts(s).values())
    assert 0 < left < total

    status = runner.invoke(cli, ["keys", "status"])
    assert status.exit_code == 0 and f"{left} rows of free text still in clear" in status.output
    engine.dispose()  # the command compacts the store: no connection of ours may hold it
    result = runner.invoke(cli, ["keys", "seal-text", "--batch", "2", "--vacuum"])
    assert result.exit_code == 0, result.output
    assert "0 rows left in clear" in result.output and "Pattaya" not in result.output
    assert _clear_values(engine) == []
    for secret in ("Pattaya", "legacy note", "legacy closure", "legacy referral"):
        assert secret.encode() not in _store_bytes(engine), secret  # no copy left on disk (SQLite)
    again = runner.invoke(cli, ["keys", "seal-text"])
    assert again.exit_code == 0 and "free text sealed: nothing" in again.output
    assert "in clear" not in runner.invoke(cli, ["keys", "status"]).output
    with session_scope(engine) as s:
        events = list(
            s.scalars(
                select(AuditEvent).where(AuditEvent.action == "update", AuditEvent.object_type == "free_text")
            )
        )
        assert sum(e.details["rows"] for e in events) == total
        assert all("Pattaya" not in str(e.details) and "Dara" not in str(e.details) for e in events)
        ids = list(s.scalars(select(HotlineReport.id).order_by(HotlineReport.id)))
        opened = textseal.open_rows(s, "hotline_report", ids, None)
    assert [opened[i]["narrative"] for i in ids] == [f"{NARRATIVE} #{i}" for i in range(5)]


# --- the pages -------------------------------------------------------------------------------------


def test_case_page_shows_text_and_warns_after_a_form_saves_a_name(engine: Engine) -> None:
    from tests.web.test_pages import login

    world = make_world(engine, roles=("case_worker",))
    c = world.client
    case_id = c.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")).json()["id"]
    csrf = login(c, "case_worker")
    page = c.get(f"/cases/{case_id}").text
    cp_id = re.search(r'id="person-(\d+)"', page)
    assert cp_id is not None
    saved = c.post(
        f"/cases/{case_id}/persons/{cp_id.group(1)}/support-plans",
        data={"csrf_token": csrf, "spl_Type": "Health", "spl_Objectives": OBJECTIVES},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert "flagged=spl_Objectives" in saved.headers["location"] and "Dara" not in saved.headers["location"]
    shown = c.get(saved.headers["location"])
    assert 'id="text-flagged"' in shown.text and "spl_Objectives" in shown.text
    assert "Reunite Sok Dara" in shown.text  # the case worker reads it back
    assert _clear_values(engine) == []


def test_concurrent_writers_of_one_text_never_fail(engine: Engine) -> None:
    """Eight users complete the same follow-up with notes at once (its first sealed text): every
    answer is 204, one of their notes is kept, sealed, and the row has one secret."""
    import threading

    import httpx
    from tests.web.live_server import serve

    from tipnet.api import create_app

    world = make_world(engine, roles=("case_worker",))
    c, h = world.client, world.h("case_worker")
    case_id = c.post("/api/cases", json={"persons": [VICTIM]}, headers=h).json()["id"]
    victim = c.get(f"/api/cases/{case_id}", headers=h).json()["persons"][0]["id"]
    fu = c.post(
        f"/api/cases/{case_id}/persons/{victim}/follow-ups", json={"due_on": "2027-01-15"}, headers=h
    ).json()["id"]
    statuses: list[int] = []
    notes = [f"visit {i}: all well" for i in range(8)]
    app = create_app(engine=engine, ring=c.app.state.ring)  # type: ignore[attr-defined]
    with serve(app) as base:
        start = threading.Barrier(len(notes))

        def complete(note: str) -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                start.wait()
                resp = client.patch(f"/api/cases/{case_id}/follow-ups/{fu}", json={"notes": note}, headers=h)
                statuses.append(resp.status_code)

        threads = [threading.Thread(target=complete, args=(n,)) for n in notes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [204] * len(notes), statuses
    with session_scope(engine) as s:
        assert (
            s.scalar(select(func.count()).select_from(TextSecret).where(TextSecret.table_name == "follow_up"))
            == 1
        )
        kept = textseal.open_rows(s, "follow_up", [fu], None)[fu]["notes"]
    assert kept in notes and _clear_values(engine) == []
