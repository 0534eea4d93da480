"""Issue 14, "keep it fixed": the fault and load bench in small, so every run of the suite attacks the
promise. `tipnet serve` for real (a subprocess) on SQLite and PostgreSQL, six accounts of three
organisations working through the API for a few seconds while `tipnet keys rotate` runs and the server
is restarted (SIGTERM, then `tipnet serve` again). Then: zero 5xx, every 2xx read of victim data
audited, every acknowledged write read back, nothing half-written, every screening logged, `tipnet
audit verify` intact, nothing sealed under a missing or retired key version, nothing in the server log
(tests/hostile/fault_run.py; bench/bench_fault_load.py is the full-size run).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.hostile.fault_run import fault_run
from tests.pg import PgServer

USERS = 6
SECONDS = 8.0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_rotation_and_restart_under_load_lose_nothing(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    pg: PgServer | None = request.getfixturevalue("pg_server") if kind == "postgres" else None
    verdict = fault_run(
        kind,
        tmp_path / "run",
        users=USERS,
        seconds=SECONDS,
        workers=2 if kind == "postgres" else 1,
        think=0.2,
        faults=[(0.2, "rotate"), (0.5, "restart")],
        pg=pg,
    )
    assert verdict.ok, verdict.summary()
    # the run did what it is for: work on both sides of each fault, and the faults happened
    answered = [c for c in verdict.calls if c.status is not None]
    kinds = {c.kind for c in answered}
    assert {"create", "read", "consent", "refer", "screen"} <= kinds, kinds
    assert [name for _at, name, _outcome in verdict.faults] == ["rotate", "restart"]
    rotated = next(o for _a, n, o in verdict.faults if n == "rotate")
    assert rotated.startswith("exit 0 "), rotated
    ends = {name: ended for name, _began, ended in verdict.fault_windows}
    assert any(c.t0 > ends["restart"] and c.status == 200 for c in answered), "no work after the restart"
    assert "current v2" in verdict.checks["keys"], verdict.checks["keys"]
