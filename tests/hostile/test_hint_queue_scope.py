"""The link review's workers' statements (hints) across organisations. The queue took the 200 oldest
undecided hints of every organisation and only then kept those of the reviewer's scope: another
organisation's 200 older hints hid every one of the reviewer's own, for good. And a pair with any
undecided hint left the reviewer's list of pairs, even when the hint was another organisation's and
so never shown to this reviewer: the pair vanished from its queue. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.api.fixtures import ORG_B, make_world, password
from tests.hostile.test_concurrent_drafts import _principal
from tests.web.test_assessment_steps import _new_victim
from tests.web.test_pages import login

from tipnet.linkage import hints
from tipnet.linkage.store_review import review_queue
from tipnet.security.users import create_user
from tipnet.store.engine import session_scope
from tipnet.store.tables.cases import CasePerson
from tipnet.store.tables.linkage import LinkHint, LinkPair, LinkRun


def test_other_organisations_hints_neither_starve_nor_hide_the_reviewers_pairs(engine: Engine) -> None:
    w = make_world(engine, roles=("case_worker",))
    with session_scope(engine) as s:
        create_user(s, "b_analyst", password("b_analyst"), "analyst", ORG_B)
        run = LinkRun(
            started_at=datetime(2026, 12, 1), actor="t", engine="core", threshold=0.9, review_low=0.3
        )
        s.add(run)
        s.flush()
        # A pair of clear records (in no case, in no identity): every reviewer may see it.
        s.add(
            LinkPair(
                run_id=run.id,
                uid_l="person:900001",
                uid_r="person:900002",
                match_probability=0.6,
                match_weight=0.5,
                evidence=[],
                status="review",
            )
        )
        # Organisation A's statements, older than anything B says: on that pair, and 200 more on
        # persons B's reviewer may not see.
        old = datetime(2026, 1, 1)
        s.add(
            LinkHint(
                uid_l="person:900001",
                uid_r="person:900002",
                same_person=True,
                score=0.6,
                case_id=None,
                actor="case_worker",
                given_at=old,
                decided=False,
            )
        )
        for i in range(200):
            s.add(
                LinkHint(
                    uid_l=f"person:{800000 + 2 * i}",
                    uid_r=f"person:{800001 + 2 * i}",
                    same_person=True,
                    score=0.8,
                    case_id=None,
                    actor="case_worker",
                    given_at=old + timedelta(minutes=i),
                    decided=False,
                )
            )

    # B's case worker registers two victims and states they are the same person.
    tb = login(w.client, "b_case_worker")
    first, _ = _new_victim(w.client, tb, "Sophea")
    second, _ = _new_victim(w.client, tb, "Sopheap")
    worker = _principal(engine, "b_case_worker")
    with session_scope(engine) as s:
        a = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == first))
        b = s.scalar(select(CasePerson.person_id).where(CasePerson.case_id == second))
        assert a is not None and b is not None
        mine = hints.record_hint(s, worker, a, b, hints.SAME, 0.9, case_id=first)
        pair = (mine.uid_l, mine.uid_r)

    reviewer = _principal(engine, "b_analyst")
    with Session(engine) as s, s.begin():
        queue = review_queue(s, reviewer)
    assert [(h["uid_l"], h["uid_r"]) for h in queue["hints"]] == [pair]  # B's own statement, shown
    assert [(i["uid_l"], i["uid_r"]) for i in queue["items"]] == [("person:900001", "person:900002")]
    assert queue["total"] == 2
