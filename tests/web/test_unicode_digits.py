"""Numbers in a page's query or a form that are digits to str.isdigit() but not to int(): '²', '³',
'①'. Each place checked `isdigit()` and then called int(), which raised ValueError: a 500 page (or,
on a form, "malformed identifier" for what was no identifier). Every page answers as for any other
malformed number: the value ignored or a clear error, never a 500. SQLite (parsing, not the store)."""

from __future__ import annotations

from tests.api.fixtures import World
from tests.web.test_assessment_steps import _new_victim
from tests.web.test_pages import login

ODD = ("²", "³", "①", "٣²")


def test_unicode_digits_never_make_a_500(sqlite_world: World) -> None:
    c = sqlite_world.client
    token = login(c, "case_worker")
    case_id, _ = _new_victim(c, token, "Vanna")
    for odd in ODD:
        for url in (
            f"/cases?case_id={odd}",  # every page checks ids in its query
            f"/cases/{case_id}?similar={odd}",
            f"/cases/{case_id}?similar=1,{odd}",
        ):
            resp = c.get(url)
            assert resp.status_code < 500, (url, resp.status_code)
        # A statement on a "duplicate" whose id is no number: ignored, the case still registered.
        made = c.post(
            "/cases/new",
            data={"csrf_token": token, "role": "victim", "prs_FirstName": "Vanna", f"dup_{odd}": "same"},
            follow_redirects=False,
        )
        assert made.status_code == 303, (odd, made.status_code)

    a = sqlite_world.client.__class__(c.app, base_url="https://testserver")
    login(a, "admin")
    for odd in ODD:
        for url in (f"/audit?case={odd}", f"/audit?case=%23{odd}"):
            resp = a.get(url)
            assert resp.status_code < 500, (url, resp.status_code)
