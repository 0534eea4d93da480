"""Two processes import the same bundle at once, on SQLite and PostgreSQL: exactly one imports it,
the other says "imported already", and the store holds one copy (records, sealed content, bundle
row), with both imports audited.

Each process opens its own engine and keyring, as two `tipnet share import` commands would, and waits
at a barrier; on PostgreSQL a second barrier holds both right before they record the bundle (after
both checked it was not imported yet), the interleaving a lock-free check-then-insert loses."""

from __future__ import annotations

import multiprocessing as mp
import threading
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.sharing.installs import Install, shared_case
from tests.sharing.test_exchange import counts, send

from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent
from tipnet.store.tables.sharing import SharingBundle

Pair = tuple[Install, Install]


def _child(url: str, key_file: str, data: bytes, start: Barrier, at_claim: Barrier | None, out: Any) -> None:
    from tipnet.security.config import SecuritySettings
    from tipnet.security.keyguard import open_keyring
    from tipnet.security.keys import load_keyring
    from tipnet.sharing import receive
    from tipnet.store.engine import make_engine

    engine = make_engine(url)
    ring = open_keyring(engine, load_keyring(SecuritySettings(key_file=Path(key_file))))
    if at_claim is not None:
        real = receive._claim

        def claim_together(session: Any, row: Any) -> bool:
            at_claim.wait(timeout=60)
            return real(session, row)

        receive._claim = claim_together
    try:
        start.wait(timeout=60)
        with session_scope(engine) as session:
            result = receive.import_bundle(session, ring, data, actor=f"worker-{mp.current_process().name}")
        out.put(("duplicate" if result.duplicate else f"imported {result.added}", ""))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def test_two_processes_import_one_bundle_once(pair: Pair) -> None:
    kh, th = pair
    case_id, _ = shared_case(kh)
    data = send(kh, [case_id]).data
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(2)
    postgres = th.url.startswith("postgresql")
    at_claim = ctx.Barrier(2) if postgres else None
    out = ctx.Queue()
    key_file = str(th.data_dir / "keys" / "tipnet-keys.json")
    procs = [
        ctx.Process(target=_child, args=(th.url, key_file, data, start, at_claim, out), name=f"p{i}")
        for i in range(2)
    ]
    for p in procs:
        p.start()
    results = sorted(out.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    assert [r for r, _ in results] == ["duplicate", "imported 1"], results
    assert counts(th) == (1, 1, 1)
    with session_scope(th.engine) as session:
        row = session.scalar(select(SharingBundle).where(SharingBundle.direction == "in"))
        assert row is not None and row.records == 1
        imports = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
        assert sorted(bool(e.details.get("duplicate")) for e in imports) == [False, True]


@pytest.mark.parametrize("threads", [4])
def test_many_threads_one_bundle(pair: Pair, threads: int) -> None:
    """The same within one process (a web server's workers): one import, the rest duplicates."""
    from tipnet.sharing.receive import import_bundle

    kh, th = pair
    data = send(kh, [shared_case(kh)[0]]).data
    gate = threading.Barrier(threads)
    outcomes: list[str] = []

    def one() -> None:
        gate.wait(timeout=30)
        try:
            with session_scope(th.engine) as session:
                result = import_bundle(session, th.ring, data, actor="worker-th")
            outcomes.append("duplicate" if result.duplicate else "imported")
        except Exception as exc:
            outcomes.append(f"error {type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert sorted(outcomes) == ["duplicate"] * (threads - 1) + ["imported"], outcomes
    with session_scope(th.engine) as session:
        assert session.scalar(select(func.count()).select_from(SharingBundle)) == 1
