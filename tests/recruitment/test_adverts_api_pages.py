"""POST /api/adverts/screen (analysts and administrators only), the public /check page (no sign-in,
nothing kept unless the person consents, rate-limited) and the analysts' /adverts page, on SQLite and
PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from tests.api.fixtures import ROLES, World, make_world, password

from tipnet.recruitment.screen import default_screener, explanations
from tipnet.recruitment.stored import screen_stored
from tipnet.security import textseal
from tipnet.security.roles import Perm, allowed
from tipnet.store.engine import session_scope
from tipnet.store.tables.hotline import HotlineReport
from tipnet.store.tables.security import AuditEvent
from tipnet.web import adverts as web_adverts

DECEPTIVE = (
    "URGENT: online customer service in Bavet, salary $2,500/month, no experience, free flight and visa, "
    "contact Telegram @fast_jobs88"
)
GENUINE = (
    "Tonle Logistics Co., Ltd. hiring a warehouse clerk in Phnom Penh, USD 320 a month, 2 years experience, "
    "employment contract and social security, apply hr@tonlelogistics.com.kh"
)


@pytest.fixture
def world(engine):  # type: ignore[no-untyped-def]
    return make_world(engine)


def test_api_screens_one_or_a_batch_for_permitted_roles_only(world: World) -> None:
    c = world.client
    for role in ROLES:
        r = c.post("/api/adverts/screen", json={"text": DECEPTIVE}, headers=world.h(role))
        assert r.status_code == (200 if allowed(role, Perm.ADVERT_SCREEN) else 403), (role, r.text)
    assert {r for r in ROLES if allowed(r, Perm.ADVERT_SCREEN)} == {"admin", "analyst"}
    assert c.post("/api/adverts/screen", json={"text": DECEPTIVE}).status_code == 401
    h = world.h("analyst")
    batch = c.post(
        "/api/adverts/screen",
        json={
            "adverts": [{"id": "a", "text": DECEPTIVE}, {"id": "b", "text": GENUINE, "language": "en"}],
            "explain_in": "km",
            "contacts": True,
        },
        headers=h,
    )
    assert batch.status_code == 200
    a, b = batch.json()
    assert a["id"] == "a" and a["deceptive"] and not b["deceptive"]
    assert any(f["code"] == "COMPOUND_HUB" and f["evidence"] == "Bavet" for f in a["flags"])
    assert all(re.search("[\u1780-\u17ff]", f["text"]) for f in a["flags"])  # explained in Khmer
    assert {"kind": "telegram", "value": "fast_jobs88"} in a["contacts"]
    for bad in (
        {},
        {"text": ""},
        {"text": "x", "adverts": [{"text": "y"}]},
        {"text": "x", "language": "xx"},
        {"adverts": [{"text": "y"}] * 501},
    ):
        assert c.post("/api/adverts/screen", json=bad, headers=h).status_code == 422, bad


def _csrf(page_html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert m
    return m.group(1)


def _reports(world: World) -> int:
    with world.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(HotlineReport)) or 0


def test_check_page_keeps_nothing_unless_the_person_reports(world: World) -> None:
    c = world.client
    page = c.get("/check?lang=km&country=TH")
    assert page.status_code == 200 and "1300" in page.text and 'lang="km"' in page.text
    token = _csrf(page.text)
    result = c.post("/check", data={"csrf_token": token, "text": DECEPTIVE, "country": "KH", "lang": "km"})
    assert result.status_code == 200
    assert 'data-code="COMPOUND_HUB"' in result.text and "1288" in result.text
    assert result.headers["cache-control"] == "no-store"
    assert _reports(world) == 0  # checked, not kept
    # No consent, no report.
    r = c.post("/check/report", data={"csrf_token": token, "text": DECEPTIVE, "country": "KH", "lang": "en"})
    assert r.status_code == 422 and _reports(world) == 0
    # A forged form (no CSRF cookie token) is refused.
    r = c.post(
        "/check/report", data={"csrf_token": "forged", "text": DECEPTIVE, "country": "KH", "consent": "yes"}
    )
    assert r.status_code == 403 and _reports(world) == 0
    r = c.post(
        "/check/report", data={"csrf_token": token, "text": DECEPTIVE, "country": "KH", "consent": "yes"}
    )
    assert r.status_code == 200
    ref = re.search(r'id="reference">([^<]+)<', r.text)
    assert ref and ref.group(1).startswith("CHK-")
    with session_scope(world.engine) as session:
        report = session.execute(
            select(HotlineReport.id, HotlineReport.channel, HotlineReport.narrative)
        ).one()
        audited = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "hotline_report")
        )
        # Sealed like every hotline narrative: no clear copy in the row.
        opened = textseal.open_rows(session, "hotline_report", [report.id], world.client.app.state.ring)
    assert report.channel == "web" and not report.narrative
    assert opened[report.id]["location"] == "KHM"
    assert "COMPOUND_HUB" in opened[report.id]["narrative"] and "Bavet" in opened[report.id]["narrative"]
    assert audited == 1


def test_check_page_speaks_the_job_seekers_language(world: World) -> None:
    c = world.client
    assert "ตรวจสอบข้อเสนองาน" in c.get("/check?lang=th").text
    assert "核查招聘信息" in c.get("/check", headers={"accept-language": "zh-CN,zh;q=0.9"}).text
    token = _csrf(c.get("/check?lang=vi").text)
    r = c.post("/check", data={"csrf_token": token, "text": DECEPTIVE, "country": "VN", "lang": "vi"})
    assert "Nơi làm việc là thị trấn" in r.text and "113" in r.text
    # Burmese and Lao readers get the page and every red flag in their language, not English.
    for lang, title in (("my", "အလုပ်ကမ်းလှမ်းချက်ကို စစ်ဆေးပါ"), ("lo", "ກວດສອບຂໍ້ສະເໜີວຽກ")):
        token = _csrf(c.get(f"/check?lang={lang}").text)
        assert title in c.get(f"/check?lang={lang}").text
        r = c.post("/check", data={"csrf_token": token, "text": DECEPTIVE, "country": "LA", "lang": lang})
        assert r.status_code == 200
        assert explanations()[lang]["COMPOUND_HUB"] in r.text
        assert explanations()["en"]["COMPOUND_HUB"] not in r.text


def test_check_page_strings_exist_in_every_offered_language() -> None:
    import json
    from importlib import resources

    from tipnet.web.adverts import CHECK_LANGUAGES

    strings = json.loads((resources.files("tipnet.web") / "i18n" / "check.json").read_text(encoding="utf-8"))
    for lang in CHECK_LANGUAGES:
        assert set(strings[lang]) == set(strings["en"]), lang
        assert all(v.strip() for v in strings[lang].values()), lang


def test_check_is_rate_limited_per_client(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_adverts, "CHECK_LIMIT", 3)
    c = world.client
    token = _csrf(c.get("/check").text)
    codes = [c.post("/check", data={"csrf_token": token, "text": GENUINE}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_check_rejects_empty_and_oversized_offers(world: World) -> None:
    c = world.client
    token = _csrf(c.get("/check").text)
    assert c.post("/check", data={"csrf_token": token, "text": "  "}).status_code == 422
    assert c.post("/check", data={"csrf_token": token, "text": "x" * 10_001}).status_code == 422


def test_analyst_page_lists_flagged_adverts_and_clusters(world: World) -> None:
    from datetime import date

    from tipnet.store.engine import session_scope
    from tipnet.store.tables.adverts import JobAdvert
    from tipnet.store.tables.sources import Organisation, SourceRecord

    with session_scope(world.engine) as s:
        org = s.scalar(select(Organisation).limit(1))
        assert org is not None
        for i, body in enumerate(
            [DECEPTIVE, DECEPTIVE.replace("Bavet", "Poipet").replace("2,500", "2,800"), GENUINE]
        ):
            src = SourceRecord(source_type="adverts", org_id=org.id, record_id=f"AD{i}", content_hash="x")
            s.add(src)
            s.flush()
            s.add(
                JobAdvert(
                    source_record_id=src.id,
                    posted_on=date(2026, 5, 1),
                    platform="Facebook",
                    language="en",
                    body=body,
                )
            )
    c = world.client
    for role, ok in (("analyst", True), ("case_worker", False)):
        c.cookies.clear()
        login = c.get("/login")
        r = c.post(
            "/login", data={"username": role, "password": password(role), "csrf_token": _csrf(login.text)}
        )
        assert r.status_code in (200, 303)
        page = c.get("/adverts")
        if ok:
            assert page.status_code == 200
            assert page.text.count('class="advert"') == 2 and page.text.count('class="cluster"') == 1
            assert "telegram fast_jobs88" in page.text
            # The same page from the verdicts written at ingestion.
            assert screen_stored(world.engine, default_screener()) == 3
            again = c.get("/adverts")
            assert again.text.count('class="advert"') == 2 and again.text.count('class="cluster"') == 1
            assert "COMPOUND_HUB: Bavet" in again.text and "Operation Bavet" not in again.text
        else:
            assert page.status_code == 403


def _login(c, role: str) -> None:  # type: ignore[no-untyped-def]
    c.cookies.clear()
    login = c.get("/login")
    r = c.post("/login", data={"username": role, "password": password(role), "csrf_token": _csrf(login.text)})
    assert r.status_code in (200, 303)


def test_advert_phones_found_in_case_records_for_analysts_in_scope_audited(world: World) -> None:
    """The recruiter's WhatsApp number in two adverts is a suspect's phone in a case of the analyst's
    organisation, and the number of a victim who answered (sealed, found by its blind index): the page
    names those cases and the look-up is audited. An analyst of another organisation sees none of
    them; a case worker (no advert screening) cannot ask."""
    from datetime import date

    from tests.api.fixtures import ORG_B, SUSPECT, VICTIM

    from tipnet.recruitment.crossref import case_sightings
    from tipnet.security.users import create_user, principal_of
    from tipnet.store.tables.adverts import JobAdvert
    from tipnet.store.tables.security import UserAccount
    from tipnet.store.tables.sources import Organisation, SourceRecord

    c = world.client
    suspect = {**SUSPECT, "phones": ["+855 12 777 888"]}
    victim = {**VICTIM, "phones": ["+855 97 555 1234"]}
    r = c.post("/api/cases", json={"persons": [victim, suspect]}, headers=world.h("case_worker"))
    assert r.status_code in (200, 201), r.text
    case_id = r.json()["id"]
    bodies = [
        "Online typist in Bavet, $2,000 a month, no experience. WhatsApp wa.me/85512777888",
        "Customer service in Poipet, USD 1,800, free visa. Call 012 777 888 now",
        "Game operator wanted, Sihanoukville, $2,500, contact Telegram @kk_jobs or 097 555 1234",
        GENUINE,
    ]
    with session_scope(world.engine) as s:
        org = s.scalar(select(Organisation).where(Organisation.code != ORG_B).limit(1))
        assert org is not None
        for i, body in enumerate(bodies):
            src = SourceRecord(source_type="adverts", org_id=org.id, record_id=f"PH{i}", content_hash="x")
            s.add(src)
            s.flush()
            s.add(JobAdvert(source_record_id=src.id, posted_on=date(2026, 5, 1), language="en", body=body))
        b_org = s.scalar(select(Organisation.id).where(Organisation.code == ORG_B))
        assert b_org is not None
        create_user(s, "b_analyst", password("b_analyst"), "analyst", b_org)
    _login(c, "analyst")
    before = _audit_count(world, "advert_contacts")
    page = c.get("/adverts")
    assert page.status_code == 200
    hits = re.findall(r'<tr class="phone-hit"><td>([^<]+)</td>', page.text)
    assert sorted(hits) == ["+85512777888", "+855975551234"]
    assert f'href="/cases/{case_id}"' in page.text and "(Suspect)" in page.text and "(Victim)" in page.text
    assert _audit_count(world, "advert_contacts") == before + 1
    with session_scope(world.engine) as s:
        event = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "advert_contacts")
            .order_by(AuditEvent.id.desc())
        ).first()
        assert event is not None and event.actor == "analyst" and event.details["case_ids"] == [case_id]
        assert "+85512777888" not in str(event.details)  # counts and case ids, not the numbers
    # Another organisation's analyst: the same adverts, no case of theirs holds the numbers.
    _login(c, "b_analyst")
    other = c.get("/adverts")
    assert other.status_code == 200 and 'class="phone-hit"' not in other.text
    assert f'href="/cases/{case_id}"' not in other.text
    # A case worker may read cases but not screen adverts: the look-up itself refuses.
    from tipnet.errors import Forbidden

    with session_scope(world.engine) as s:
        worker = s.scalar(select(UserAccount).where(UserAccount.username == "case_worker"))
        assert worker is not None
        with pytest.raises(Forbidden):
            case_sightings(s, principal_of(worker), ["+85512777888"])


def _audit_count(world: World, object_type: str) -> int:
    with session_scope(world.engine) as s:
        return int(
            s.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == object_type)
            )
            or 0
        )


def test_advert_phones_found_in_hotline_reports_through_the_blind_index(world: World) -> None:
    """A recruiter's number in a flagged advert is also the number a caller repeated in a hotline
    report of the analyst's organisation (sealed narrative, found by its keyed hash): the page lists
    the report (reference, day, where the number was), audited; another organisation's analyst sees
    nothing of it."""
    from datetime import date, datetime

    from tests.api.fixtures import ORG_B

    from tipnet.security.keys import load_keyring
    from tipnet.security.users import create_user
    from tipnet.store.tables.adverts import JobAdvert
    from tipnet.store.tables.sources import Organisation, SourceRecord

    c = world.client
    with session_scope(world.engine) as s:
        org = s.scalar(select(Organisation).where(Organisation.code != ORG_B).limit(1))
        assert org is not None
        src = SourceRecord(source_type="adverts", org_id=org.id, record_id="HP1", content_hash="x")
        call = SourceRecord(source_type="hotline", org_id=org.id, record_id="CALL-7", content_hash="y")
        s.add_all([src, call])
        s.flush()
        body = "Online typist in Bavet, $2,000 a month, no experience, free visa. WhatsApp 012 666 999"
        s.add(JobAdvert(source_record_id=src.id, posted_on=date(2026, 5, 1), language="en", body=body))
        report = HotlineReport(
            source_record_id=call.id,
            received_at=datetime(2026, 5, 3, 20, 15),
            channel="phone",
            narrative="My daughter was told to call 012 666 999 for a job in Bavet.",
        )
        s.add(report)
        s.flush()
        textseal.seal_rows(s, [report], load_keyring())
        b_org = s.scalar(select(Organisation.id).where(Organisation.code == ORG_B))
        assert b_org is not None
        create_user(s, "b_analyst", password("b_analyst"), "analyst", b_org)
    _login(c, "analyst")
    before = _audit_count(world, "hotline_phones")
    page = c.get("/adverts")
    assert page.status_code == 200
    rows = re.findall(r'<tr class="hotline-hit"><td>([^<]+)</td>.*?</tr>', page.text, re.S)
    assert rows == ["+85512666999"]
    assert "CALL-7 · 2026-05-03 · " in page.text
    assert "My daughter" not in page.text  # the report's text stays sealed
    assert _audit_count(world, "hotline_phones") == before + 1
    _login(c, "b_analyst")
    other = c.get("/adverts")
    assert other.status_code == 200 and 'class="hotline-hit"' not in other.text and "CALL-7" not in other.text
    # hostile: every role without advert screening is refused the page, and no look-up runs (no audit
    # event of a search, nothing of the report in the answer); the administrator of the organisation
    # holds both rights and sees it
    searches = _audit_count(world, "hotline_phones")
    for role in ROLES:
        if allowed(role, Perm.ADVERT_SCREEN):
            continue
        _login(c, role)
        refused = c.get("/adverts")
        assert refused.status_code == 403, (role, refused.status_code)
        assert "CALL-7" not in refused.text and "+85512666999" not in refused.text
    assert _audit_count(world, "hotline_phones") == searches
    from tipnet.errors import Forbidden
    from tipnet.recruitment.crossref import hotline_sightings
    from tipnet.security.users import principal_of
    from tipnet.store.tables.security import UserAccount

    with session_scope(world.engine) as s:
        for role in ("case_worker", "fiu_analyst", "partner", "border_officer"):
            user = s.scalar(select(UserAccount).where(UserAccount.username == role))
            assert user is not None
            with pytest.raises(Forbidden):  # the function itself refuses, whatever page calls it
                hotline_sightings(s, principal_of(user), ["+85512666999"])
    assert _audit_count(world, "hotline_phones") == searches
    _login(c, "admin")
    admin = c.get("/adverts")
    assert admin.status_code == 200 and "CALL-7" in admin.text
