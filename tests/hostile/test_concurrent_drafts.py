"""Two requests at once on the same assessment draft (two browser tabs, a double-clicked "Save"). On PostgreSQL (read committed) each request
read the store before the other committed: a double-clicked "Save" made two assessments of one
interview, two first steps at once failed with a unique-key error (a 500 page), and two tabs on
different steps lost the first tab's ticks. SQLite takes the writer lock at BEGIN, so there the
same tests pass without the fix; they run on both, as every store-facing test.

The second request runs in a thread while the first one's transaction is still open; it must wait
for the first to commit and then act on what the first wrote."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tests.api.fixtures import make_world
from tests.web.test_assessment_steps import _new_victim, _step
from tests.web.test_pages import login

from tipnet.cases import assessment_draft
from tipnet.errors import Invalid
from tipnet.security.users import Principal, principal_of
from tipnet.store.tables.cases import AssessmentDraft, VictimAssessment
from tipnet.store.tables.security import UserAccount

WAIT = 1.5  # long enough for the second request to reach the point where it would have read stale data


def _principal(engine: Engine, username: str) -> Principal:
    with Session(engine) as s:
        user = s.scalar(select(UserAccount).where(UserAccount.username == username))
        assert user is not None
        return principal_of(user)


def _both(engine: Engine, first: Callable[[Session], Any], second: Callable[[Session], Any]) -> list[Any]:
    """Run `first` in an open transaction, start `second` in another thread and session, let it run
    into whatever it waits on, then commit `first`; the second's result or exception."""
    out: list[Any] = []
    session = Session(engine)
    session.begin()
    first(session)

    def other() -> None:
        try:
            with Session(engine) as s2, s2.begin():
                out.append(second(s2))
        except Exception as exc:  # the test asserts on it
            out.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    time.sleep(WAIT)
    session.commit()
    session.close()
    thread.join(30)
    assert not thread.is_alive()
    return out


def test_a_double_clicked_save_makes_one_assessment(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    case_id, cp = _new_victim(w.client, token, "Srey")
    url = f"/cases/{case_id}/persons/{cp}/assess"
    assert _step(w.client, token, url, 1, "next", acts=["recruitment"]).status_code == 303
    p = _principal(engine, "case_worker")

    out = _both(
        engine,
        lambda s: assessment_draft.save(s, p, case_id, cp),
        lambda s: assessment_draft.save(s, p, case_id, cp),
    )
    # The second click finds the draft already saved: refused, nothing written twice.
    assert len(out) == 1 and isinstance(out[0], Invalid), out
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(VictimAssessment)) == 1
        assert s.scalar(select(func.count()).select_from(AssessmentDraft)) == 0


def test_two_tabs_first_steps_at_once_keep_both(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    case_id, cp = _new_victim(w.client, token, "Srey")
    p = _principal(engine, "case_worker")

    def tab(number: int, fields: dict[str, Any]) -> Callable[[Session], Any]:
        return lambda s: assessment_draft.save_step(s, p, case_id, cp, number, fields, going_to=number + 1)

    out = _both(engine, tab(1, {"acts": ["recruitment"]}), tab(2, {"indicators": ["dr_wages"]}))
    assert len(out) == 1 and not isinstance(out[0], Exception), out
    with Session(engine) as s:
        (draft,) = s.scalars(select(AssessmentDraft)).all()
        assert draft.answers["acts"] == ["recruitment"] and draft.answers["indicators"] == ["dr_wages"]


def test_two_tabs_on_different_steps_lose_no_ticks(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    token = login(w.client, "case_worker")
    case_id, cp = _new_victim(w.client, token, "Srey")
    url = f"/cases/{case_id}/persons/{cp}/assess"
    assert _step(w.client, token, url, 1, "next", acts=["recruitment"]).status_code == 303
    p = _principal(engine, "case_worker")

    def tab(number: int, fields: dict[str, Any]) -> Callable[[Session], Any]:
        return lambda s: assessment_draft.save_step(s, p, case_id, cp, number, fields, going_to=number + 1)

    out = _both(engine, tab(2, {"indicators": ["dr_wages"]}), tab(3, {"indicators": ["cr_violence"]}))
    assert len(out) == 1 and not isinstance(out[0], Exception), out
    with Session(engine) as s:
        (draft,) = s.scalars(select(AssessmentDraft)).all()
        assert draft.answers["acts"] == ["recruitment"]
        assert draft.answers["indicators"] == ["cr_violence", "dr_wages"]
