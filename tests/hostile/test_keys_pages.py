"""Issue 14, a doubt of the keys work: the web pages took the app's keyring from `app.state` without
the reload the API's `Ring` dependency does. A `tipnet keys rotate --index` run by another process
while the server runs (new data key, old one retired and removed from the file, new blind-index
key) must be seen by the pages too: existing cases open, search finds people under the new index
key, a case opened from a page is sealed under the new version and indexed under the new key.

Finding: the pages were not exposed in practice (the keyring re-reads its file on an unknown version
and every sealing or search path refreshes it first), so this attack passes on the code before the
change as well; the pages now go through the same reload path as the API (`web.base.current_ring`)
so that stays true whatever a future page reads first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, make_world
from tests.web.test_pages import login

from tipnet.security import sealing
from tipnet.security.keys import load_keyring
from tipnet.settings import get_settings
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.security import PersonSecret


@pytest.fixture
def store_env(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    yield store_url
    get_settings.cache_clear()


def test_pages_see_a_rotation_made_while_they_serve(engine: Engine, store_env: str) -> None:
    world = make_world(engine, roles=("case_worker",))
    c = world.client
    served_ring = c.app.state.ring  # type: ignore[attr-defined]
    before = c.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker")).json()["id"]
    csrf = login(c, "case_worker")
    assert "Dara" in c.get(f"/cases/{before}").text
    old_version, old_index = served_ring.current, served_ring.index_key

    # Another process rotates the data key (retiring the old one) and the blind-index key.
    result = sealing.rotate_keys(engine, load_keyring())
    sealing.rotate_index_key(engine, load_keyring())
    on_disk = load_keyring()
    assert old_version not in on_disk.keys and on_disk.index_key != old_index

    page = c.get(f"/cases/{before}")
    assert page.status_code == 200 and "Dara" in page.text
    found = c.get("/cases", params={"q": "Sok Dara"})
    assert found.status_code == 200 and f"/cases/{before}" in found.text

    opened = c.post(
        "/cases/new",
        data={"csrf_token": csrf, "role": "victim", "prs_FirstName": "Keo", "prs_SecondName": "Mony",
              "prs_Gender": "Feminine", "prs_Birthdate": "1999-02-03"},
        follow_redirects=False,
    )  # fmt: skip
    assert opened.status_code == 303, opened.text
    new_case = int(re.search(r"/cases/(\d+)", opened.headers["location"]).group(1))  # type: ignore[union-attr]
    with session_scope(engine) as s:
        pid = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == new_case))
        version = s.scalar(select(PersonSecret.key_version).where(PersonSecret.person_id == pid))
        hits = sealing.search(s, "Keo Mony", load_keyring())  # under the new index key only
    assert version == result["version"]
    assert pid in hits
    assert "Keo" in c.get(f"/cases/{new_case}").text
    assert served_ring.current == result["version"] and served_ring.index_key == on_disk.index_key
