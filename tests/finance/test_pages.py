"""The alert queue pages: an FIU analyst lists and opens alerts (the network picture, accounts, evidence),
decides with a CSRF-protected form, and the decision is kept; no other role gets the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.api.fixtures import World, make_world
from tests.finance.test_queue_api import _book
from tests.web.test_pages import login

from tipnet.store.engine import make_engine
from tipnet.store.tables.finance import FinanceAlertDecision


@pytest.fixture
def sqlite_world(tmp_path: Path, migrated_sqlite: Callable[[Path], str]) -> Iterator[World]:
    eng = make_engine(migrated_sqlite(tmp_path / "store.db"))
    yield make_world(eng)
    eng.dispose()


def test_queue_pages_flow(sqlite_world: World) -> None:
    c = sqlite_world.client
    h = sqlite_world.h("fiu_analyst")
    assert c.post("/api/finance/transactions", files=_book(), headers=h).status_code == 200
    assert c.get("/finance/alerts", follow_redirects=False).status_code == 303  # to the sign-in page
    csrf = login(c, "fiu_analyst")
    queue = c.get("/finance/alerts")
    assert queue.status_code == 200 and "Money mule chain" in queue.text and "Recruitment fees" in queue.text
    assert 'id="nav-finance"' in queue.text
    alert_id = c.get("/api/finance/alerts?typology=mule_chain", headers=h).json()["items"][0]["id"]
    page = c.get(f"/finance/alerts/{alert_id}?why=review")
    assert page.status_code == 200
    assert (
        "data:image/png;base64," in page.text and "scam victim" in page.text and "RETIREE ABROAD" in page.text
    )
    assert "H3" in page.text and "Sources:" in page.text
    form = {"action": "close_false_positive", "comment": "a known customer's property sale"}
    assert (
        c.post(f"/finance/alerts/{alert_id}/decision", data=form, follow_redirects=False).status_code == 403
    )
    resp = c.post(
        f"/finance/alerts/{alert_id}/decision", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert resp.status_code == 303
    after = c.get(resp.headers["location"])
    assert 'id="alert-saved"' in after.text and "closed: false positive" in after.text
    with Session(sqlite_world.engine) as s:
        d = s.scalar(select(FinanceAlertDecision))
        assert d is not None and d.action == "close_false_positive" and d.actor == "fiu_analyst"
    bad = c.post(f"/finance/alerts/{alert_id}/decision", data={"action": "assign", "csrf_token": csrf})
    assert bad.status_code == 422  # closed: only comment or reopen


def test_queue_pages_refused_to_other_roles(sqlite_world: World) -> None:
    c = sqlite_world.client
    assert (
        c.post("/api/finance/transactions", files=_book(), headers=sqlite_world.h("fiu_analyst")).status_code
        == 200
    )
    login(c, "admin")
    assert c.get("/finance/alerts").status_code == 403
    assert c.get("/finance/alerts/1").status_code == 403
    assert 'id="nav-finance"' not in c.get("/cases").text


def test_the_queue_pages_in_khmer_show_no_english_code_or_label(sqlite_world: World) -> None:
    import html
    import re

    from tipnet.finance.typologies import ROLES
    from tipnet.sources import TRANSACTION_CHANNELS
    from tipnet.web.i18n import catalogue

    km, en = catalogue("km"), catalogue("en")
    keys = [k for k in en if k.startswith("finance_")]
    assert keys and all(k in km for k in keys), [k for k in keys if k not in km]
    codes = set(ROLES) | {r for roles in ROLES.values() for r in roles} | set(TRANSACTION_CHANNELS)
    english = codes | {en[k] for k in keys if len(en[k]) > 3}
    c = sqlite_world.client
    h = sqlite_world.h("fiu_analyst")
    assert c.post("/api/finance/transactions", files=_book(), headers=h).status_code == 200
    login(c, "fiu_analyst")
    alert_id = c.get("/api/finance/alerts?typology=mule_chain", headers=h).json()["items"][0]["id"]
    for url in ("/finance/alerts?lang=km", f"/finance/alerts/{alert_id}?lang=km"):
        page = c.get(url)
        assert page.status_code == 200
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.text, flags=re.S)
        body = re.sub(r'<p id="alert-explanation">.*?</p>', " ", body, flags=re.S)  # the narrative: English
        visible = html.unescape(re.sub(r"<[^>]+>", " ", body))
        words = set(re.findall(r"[A-Za-z_]+", visible))
        assert not (codes & words), (url, codes & words)
        assert not [e for e in english if " " in e and e in visible], url
