"""The privacy budget ledger on SQLite and PostgreSQL: spends add up, a release past the yearly
budget is refused with the figures and leaves nothing behind; the CLI refuses before writing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tipnet.cli import app
from tipnet.release import budget
from tipnet.store.tables.releases import PrivacySpend
from tipnet.store.tables.security import AuditEvent


def test_spend_then_refuse_with_figures(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        budget.set_budget(s, "ctdc", 2026, 5.0, "admin")
        budget.spend(s, "ctdc", 2026, "synthetic", 4.0, 1e-6, "analyst")
    with (
        Session(engine) as s,
        s.begin(),
        pytest.raises(budget.BudgetExceeded, match=r"to 6 of a budget of 5 \(1 left\)"),
    ):
        budget.spend(s, "ctdc", 2026, "counts", 2.0, 0.0, "analyst")
    with Session(engine) as s, s.begin():
        budget.spend(s, "ctdc", 2026, "counts", 1.0, 0.0, "analyst")  # exactly to the limit
        budget.spend(s, "ctdc", 2025, "counts", 1.0, 0.0, "analyst")  # another year, its own budget
        now = budget.standing(s, "ctdc", 2026)
        assert (now.budget, now.spent, now.left) == (5.0, 5.0, 0.0)
        assert budget.standing(s, "other", 2026).budget == budget.DEFAULT_YEARLY_EPSILON
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(PrivacySpend)) == 3


def test_cli_refuses_past_budget_and_writes_nothing(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    from tipnet.settings import get_settings

    get_settings.cache_clear()
    src = tmp_path / "people.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sex", "form"])
        w.writerows([["F", "sexual"]] * 30 + [["M", "labour"]] * 40)
    run = CliRunner()
    ok = run.invoke(app, ["release", "budget", "people", "--year", "2026", "--set", "1.5"])
    assert ok.exit_code == 0, ok.output
    first = tmp_path / "a.csv"
    res = run.invoke(
        app,
        [
            "release",
            "counts",
            str(src),
            "--by",
            "sex,form",
            "--epsilon",
            "1",
            "--out",
            str(first),
            "--actor",
            "t",
            "--dataset",
            "people",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(first.open(encoding="utf-8")))
    assert len(rows) == 4 and {"ci95_low", "ci95_high"} <= set(rows[0])
    second = tmp_path / "b.csv"
    res = run.invoke(
        app,
        [
            "release",
            "counts",
            str(src),
            "--by",
            "sex",
            "--epsilon",
            "1",
            "--out",
            str(second),
            "--actor",
            "t",
            "--dataset",
            "people",
        ],
    )
    assert res.exit_code == 3 and "refused" in res.output and "0.5 left" in res.output
    assert not second.exists()
    # a value outside the stated public domain: refused naming row and column, nothing spent
    dom = tmp_path / "domain.json"
    dom.write_text('{"sex": ["F"], "form": ["sexual", "labour"]}', encoding="utf-8")
    res = run.invoke(app, ["release", "counts", str(src), "--by", "sex,form", "--epsilon", "0.5", "--out", str(second), "--actor", "t", "--dataset", "people", "--domain", str(dom)])  # fmt: skip
    assert res.exit_code == 2 and "row 31, column sex: value 'M'" in res.output and not second.exists()
    from tipnet.store.engine import make_engine

    eng = make_engine(store_url)
    with Session(eng) as s:
        assert s.scalar(select(func.count()).select_from(PrivacySpend)) == 1
        assert (
            s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "release"))
            == 1
        )
    eng.dispose()


def test_two_releases_at_once_cannot_both_fit(store_url: str) -> None:
    """The second release waits for the first's lock (the budget row; SQLite: the writer lock), sees its
    spend and is refused; it does not squeeze under the limit beside it."""
    import threading

    from tipnet.store.engine import make_engine

    eng = make_engine(store_url)
    with Session(eng) as s, s.begin():
        budget.set_budget(s, "race", 2026, 5.0, "admin")
    first = Session(eng)
    first.begin()
    budget.spend(first, "race", 2026, "synthetic", 4.0, 1e-6, "a")  # holds the row lock
    outcome: list[str] = []

    def second() -> None:
        with Session(eng) as s2:
            try:
                with s2.begin():
                    budget.spend(s2, "race", 2026, "synthetic", 4.0, 1e-6, "b")
                outcome.append("spent")
            except budget.BudgetExceeded:
                outcome.append("refused")

    t = threading.Thread(target=second)
    t.start()
    t.join(timeout=1.0)
    assert t.is_alive()  # waiting on the lock
    first.commit()
    first.close()
    t.join(timeout=10)
    assert outcome == ["refused"]
    with Session(eng) as s:
        assert budget.standing(s, "race", 2026).spent == 4.0
    eng.dispose()
