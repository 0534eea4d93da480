"""Two requests at once on the same link hint or link decision: two workers stating the same pair,
two analysts deciding the same hinted pair. On PostgreSQL (read committed) the second statement on
a pair failed with a unique-key error (a 500 page); it must wait and replace the first. SQLite and
PostgreSQL (see test_concurrent_drafts for the harness)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.api.fixtures import make_world
from tests.hostile.test_concurrent_drafts import _both, _principal
from tests.web.test_assessment_steps import _new_victim
from tests.web.test_pages import login

from tipnet.linkage import hints
from tipnet.linkage.store_review import record_decision
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.linkage import LinkDecision, LinkHint


def _two_persons(engine: Engine) -> tuple[int, int, int]:
    """Two victims of the case worker's organisation (a case each) and the first case's id."""
    w = make_world(engine, roles=("case_worker", "analyst"))
    token = login(w.client, "case_worker")
    first, _ = _new_victim(w.client, token, "Sok")
    second, _ = _new_victim(w.client, token, "Sokh")
    with Session(engine) as s:
        a = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == first))
        b = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == second))
    assert a is not None and b is not None
    return a, b, first


def test_two_workers_stating_the_same_pair_at_once(engine: Engine) -> None:
    a, b, case_id = _two_persons(engine)
    p = _principal(engine, "case_worker")
    out = _both(
        engine,
        lambda s: hints.record_hint(s, p, a, b, hints.SAME, 0.9, case_id=case_id),
        lambda s: hints.record_hint(s, p, b, a, hints.DIFFERENT, 0.9, case_id=case_id).id,
    )
    assert len(out) == 1 and not isinstance(out[0], Exception), out
    with Session(engine) as s:
        (hint,) = s.scalars(select(LinkHint)).all()
        assert hint.same_person is False  # the later statement replaces the earlier


def test_two_analysts_deciding_the_same_hint_at_once(engine: Engine) -> None:
    a, b, case_id = _two_persons(engine)
    worker = _principal(engine, "case_worker")
    with Session(engine) as s, s.begin():
        hint = hints.record_hint(s, worker, a, b, hints.SAME, 0.9, case_id=case_id)
        uid_l, uid_r = hint.uid_l, hint.uid_r
    analyst = _principal(engine, "analyst")
    out = _both(
        engine,
        lambda s: record_decision(s, analyst, uid_l, uid_r, True),
        lambda s: record_decision(s, analyst, uid_l, uid_r, False),
    )
    assert len(out) == 1 and not isinstance(out[0], Exception), out
    with Session(engine) as s:
        (decision,) = s.scalars(select(LinkDecision)).all()
        assert decision.accept is False  # deciding again replaces the earlier verdict
        assert s.scalars(select(LinkHint.decided)).all() == [True]
