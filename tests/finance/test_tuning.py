"""Analysts' decisions feed each typology's queue threshold: the rule (bounded, needs enough decisions,
comes back down when low scorers are escalated), kept and audited only on --apply, and the queue lists
alerts under their threshold last (never hidden). Store parts on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import make_world
from typer.testing import CliRunner

from tipnet.errors import Forbidden
from tipnet.finance import queue, tuning
from tipnet.security.users import principal_of
from tipnet.store.engine import session_scope
from tipnet.store.tables.finance import FinanceAlert, FinanceThreshold
from tipnet.store.tables.security import AuditEvent, UserAccount

LOW_FPS = [(0.30 + 0.01 * i, True) for i in range(8)]  # low scorers, all dismissed
HIGH_TPS = [(0.60 + 0.01 * i, False) for i in range(4)]  # high scorers, escalated


def test_too_few_decisions_change_nothing() -> None:
    p = tuning.propose("cycle", 0.0, LOW_FPS[:5] + HIGH_TPS[:2])
    assert not p.changes and p.proposed == 0.0 and "fewer than" in p.why


def test_dismissed_low_scorers_raise_the_threshold_a_bounded_step_at_a_time() -> None:
    labels = LOW_FPS + HIGH_TPS
    first = tuning.propose("mule_chain", 0.0, labels)
    assert first.changes and first.proposed == pytest.approx(tuning.MAX_STEP)
    assert (first.decided, first.false_positives, first.escalated) == (12, 8, 4)
    current = 0.0
    for _ in range(10):  # applied again and again: it settles on the band, never beyond
        current = tuning.propose("mule_chain", current, labels).proposed
    assert current == pytest.approx(0.60)  # the lowest escalated score: all under it were dismissed
    assert not tuning.propose("mule_chain", current, labels).changes


def test_never_above_the_cap_even_when_everything_is_dismissed() -> None:
    labels = [(0.5 + 0.04 * i, True) for i in range(12)]
    current = 0.0
    for _ in range(20):
        current = tuning.propose("structuring", current, labels).proposed
    assert current == pytest.approx(tuning.MAX_THRESHOLD)


def test_escalated_low_scorers_bring_it_back_down() -> None:
    labels = [(0.30 + 0.01 * i, i % 2 == 0) for i in range(12)]  # half the low scorers were real
    p = tuning.propose("debt_bondage", 0.5, labels)
    assert p.proposed == pytest.approx(0.4) and "no score band" in p.why


def _alert(key: str, typology: str, score: float, status: str) -> FinanceAlert:
    return FinanceAlert(alert_key=key, typology=typology, score=score, explanation="x", status=status)


def test_tuning_in_the_store_dry_run_then_apply(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    world = make_world(engine)
    with session_scope(engine) as s:
        for i, (score, fp) in enumerate(LOW_FPS + HIGH_TPS):
            s.add(_alert(f"MC-{i:06d}", "mule_chain", score, "closed_false_positive" if fp else "escalated"))
        s.add_all(
            [
                _alert("MC-LOW", "mule_chain", 0.05, "open"),
                _alert("MC-HIGH", "mule_chain", 0.95, "open"),
                _alert("CY-LOW", "cycle", 0.02, "open"),
            ]
        )
    with session_scope(engine) as s:
        analyst = principal_of(
            s.scalars(select(UserAccount).where(UserAccount.username == "fiu_analyst")).one()
        )
        admin = principal_of(s.scalars(select(UserAccount).where(UserAccount.username == "admin")).one())
        dry = {p.typology: p for p in queue.tuning_proposals(s, analyst)}
        assert dry["mule_chain"].proposed == pytest.approx(0.1) and not dry["cycle"].changes
        assert s.scalar(select(FinanceThreshold)) is None  # a dry run keeps nothing
        with pytest.raises(Forbidden):
            queue.apply_tuning(s, admin)
    with session_scope(engine) as s:
        queue.apply_tuning(s, analyst)
    with session_scope(engine) as s:
        kept = s.scalars(select(FinanceThreshold)).one()
        assert (kept.typology, kept.previous, kept.set_by) == ("mule_chain", 0.0, "fiu_analyst")
        assert kept.threshold == pytest.approx(0.1) and (kept.false_positives, kept.escalated) == (8, 4)
        events = s.scalars(select(AuditEvent).where(AuditEvent.object_type == "finance_threshold")).all()
        assert [e.actor for e in events] == ["fiu_analyst"]
        assert queue.thresholds(s)["mule_chain"] == pytest.approx(0.1)
        listed = queue.list_alerts(s, analyst, status="open")
        order = [(i["alert_key"], i["below_threshold"]) for i in listed["items"]]
        assert order == [("MC-HIGH", False), ("CY-LOW", False), ("MC-LOW", True)]  # listed last, not hidden
    api = world.client.get(
        "/api/finance/alerts?status=open", headers={**world.h("fiu_analyst"), "X-Purpose": "t"}
    )
    assert api.status_code == 200 and api.json()["thresholds"]["mule_chain"] == pytest.approx(0.1)
    assert [(i["alert_key"], i["below_threshold"]) for i in api.json()["items"]][-1] == ("MC-LOW", True)
    with session_scope(engine) as s:
        queue.apply_tuning(s, analyst)  # a second tuning: one more bounded step, a second row kept
    with session_scope(engine) as s:
        assert queue.thresholds(s)["mule_chain"] == pytest.approx(0.2)
        assert len(s.scalars(select(FinanceThreshold)).all()) == 2


def test_the_tune_command(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tipnet.cli import app
    from tipnet.settings import get_settings
    from tipnet.store.engine import make_engine

    eng = make_engine(store_url)
    make_world(eng)
    with session_scope(eng) as s:
        for i, (score, fp) in enumerate(LOW_FPS + HIGH_TPS):
            s.add(_alert(f"MC-{i:06d}", "mule_chain", score, "closed_false_positive" if fp else "escalated"))
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    try:
        dry = CliRunner().invoke(app, ["finance", "tune", "--as", "fiu_analyst"])
        assert dry.exit_code == 0, dry.output
        assert "mule_chain" in dry.output and "0.000 -> 0.100" in dry.output and "dry run" in dry.output
        refused = CliRunner().invoke(app, ["finance", "tune", "--as", "admin", "--apply"])
        assert refused.exit_code == 2
        applied = CliRunner().invoke(app, ["finance", "tune", "--as", "fiu_analyst", "--apply"])
        assert applied.exit_code == 0 and "kept 1 new threshold" in applied.output
        with session_scope(eng) as s:
            assert queue.thresholds(s)["mule_chain"] == pytest.approx(0.1)
    finally:
        get_settings.cache_clear()
        eng.dispose()
