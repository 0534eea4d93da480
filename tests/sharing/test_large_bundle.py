"""Bundles in parts, on SQLite and PostgreSQL: a large bundle is written as a header and one sealed,
signed part per line; the receiver imports it part by part in one transaction (bounded memory: see
bench/bench_share_import.py) and refuses the whole, nothing written, when a part is missing,
repeated, out of order, from another bundle, alone, or followed by more."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.sharing.installs import VICTIM, Install, consent, open_case
from tests.sharing.test_cli import run
from tests.sharing.test_exchange import counts, receive

from tipnet.sharing.bundle import BundleRefused
from tipnet.sharing.send import build_records
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import AuditEvent

Pair = tuple[Install, Install]


def _parts(kh: Install, n: int = 5, per_part: int = 2) -> list[bytes]:
    case_id, persons = open_case(kh, *([VICTIM] * n))
    for cp in persons:
        consent(kh, case_id, cp, purposes=["victim-support"], partners=["TH-DSDW"])
    with session_scope(kh.engine) as session:
        built = build_records(
            session,
            kh.ring,
            partner_code="TH-DSDW",
            purpose="victim-support",
            case_ids=[case_id],
            actor="worker-kh",
            reason="shelter",
            part_records=per_part,
        )
    assert built.records == n
    return built.data.splitlines(keepends=True)


def test_a_bundle_in_parts_imports_whole_and_once(pair: Pair) -> None:
    kh, th = pair
    lines = _parts(kh)
    assert len(lines) == 4 and b'"tipnet-bundle/2"' in lines[0]  # header + 3 parts (2, 2, 1 records)
    result = receive(th, b"".join(lines))
    assert (result.added, result.rejects) == (5, [])
    assert counts(th) == (5, 1, 5)
    assert receive(th, b"".join(lines)).duplicate
    with session_scope(th.engine) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).first()
        assert event is not None and event.details["parts"] == 3 and event.details["added"] == 5


ATTACKS: dict[str, tuple[Callable[[list[bytes], list[bytes]], bytes], str]] = {
    "truncated": (lambda a, b: b"".join(a[:-1]), "truncated"),
    "reordered": (lambda a, b: b"".join([a[0], a[2], a[1], a[3]]), "another place"),
    "repeated": (lambda a, b: b"".join([a[0], a[1], a[2], a[2]]), "another place"),
    "spliced": (lambda a, b: b"".join([a[0], a[1], b[2], a[3]]), "differs from the first"),
    "alone": (lambda a, b: a[1], "alone"),
    "followed": (lambda a, b: b"".join([*a, b[1]]), "more than the 3 parts"),
    "header only": (lambda a, b: a[0], "truncated"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_part_missing_repeated_reordered_or_foreign_refuses_the_whole(pair: Pair, attack: str) -> None:
    kh, th = pair
    a, b = _parts(kh), _parts(kh)
    make, why = ATTACKS[attack]
    with pytest.raises(BundleRefused, match=why):
        receive(th, make(a, b))
    assert counts(th) == (0, 0, 0)
    # The genuine file still imports afterwards.
    assert receive(th, b"".join(a)).added == 5


def test_cli_imports_a_bundle_in_parts_from_the_file(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kh, th = pair
    lines = _parts(kh)
    path = tmp_path / "to-th.tnb"
    path.write_bytes(b"".join(lines))
    done = run(th, monkeypatch, "share", "import", str(path))
    assert done.exit_code == 0, done.output
    assert "5 added" in done.output
    cut = tmp_path / "cut.tnb"
    cut.write_bytes(b"".join(lines[:-1]))
    again = run(th, monkeypatch, "share", "import", str(cut))  # truncated copy of an imported bundle
    assert again.exit_code == 0 and "imported already" in again.output  # known by its first part
    assert counts(th) == (5, 1, 5)
