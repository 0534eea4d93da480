"""Issue 14, severe 2 and 3, and the file modes: the keys of victim data under a hostile operator's day.

- `tipnet keys rotate` while a real uvicorn serves reads and creates: no 5xx, nothing sealed under a
  version the key file no longer has, every case created meanwhile reads back, a second rotation
  works, re-sealing is audited per batch without personal data, and a version is never retired
  while a row uses it.
- A missing key file is never replaced: `tipnet keys status`, `tipnet serve` and the app refuse with
  a message saying what to do, and no key file appears; a wrong key file is refused by its check value.
- Files holding personal data are 0600 (folders 0700) under umask 022.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, make_world, password
from tests.web.live_server import serve
from typer.testing import CliRunner

from tipnet.api import create_app
from tipnet.cli import app as cli
from tipnet.security import keyguard
from tipnet.security.config import security_settings
from tipnet.security.keys import KeyringError, load_keyring
from tipnet.settings import get_settings
from tipnet.store.engine import make_engine, session_scope, upgrade
from tipnet.store.tables.security import AuditEvent, KeyCheck, PersonSecret

runner = CliRunner()


@pytest.fixture
def store_env(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The CLI pointed at the test's store (SQLite file or PostgreSQL database)."""
    monkeypatch.setenv("TIPNET_DATABASE_URL", store_url)
    get_settings.cache_clear()
    yield store_url
    get_settings.cache_clear()


def _key_file() -> Path:
    return security_settings().resolved_key_file


def _file_versions() -> set[int]:
    return {int(v) for v in json.loads(_key_file().read_text())["keys"]}


def _sealed_versions(engine: Engine) -> Counter[int]:
    with session_scope(engine) as session:
        return Counter(session.scalars(select(PersonSecret.key_version)))


# --- severe 2: rotation while the server runs ---------------------------------------------------


def test_rotate_while_serving_loses_nothing(engine: Engine, store_env: str) -> None:
    make_world(engine, roles=("case_worker",))
    app = create_app(engine=engine)  # its own keyring object, kept alive across the rotations
    statuses: Counter[int] = Counter()
    created: list[int] = []
    problems: list[str] = []
    stop = threading.Event()
    with serve(app) as base:
        client = httpx.Client(base_url=base, timeout=60)
        token = client.post(
            "/api/auth/token", data={"username": "case_worker", "password": password("case_worker")}
        ).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        for _ in range(6):
            resp = client.post("/api/cases", json={"persons": [VICTIM]}, headers=h)
            assert resp.status_code == 201, resp.text
            created.append(resp.json()["id"])

        def user() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                resp = client.post("/api/cases", json={"persons": [VICTIM]}, headers=h)
                statuses[resp.status_code] += 1
                if resp.status_code == 201:
                    created.append(resp.json()["id"])
                read = client.get(f"/api/cases/{created[n % len(created)]}", headers=h)
                statuses[read.status_code] += 1
                if read.status_code == 200 and "Sok" not in read.text:
                    problems.append(f"case {created[n % len(created)]} read without its victim's name")
                found = client.get("/api/cases", params={"q": "សុខ"}, headers=h)
                statuses[found.status_code] += 1
                if found.status_code == 200 and not found.json():
                    problems.append("a search in Khmer found nobody")

        thread = threading.Thread(target=user)
        thread.start()
        try:
            time.sleep(0.5)
            first = runner.invoke(cli, ["keys", "rotate", "--batch", "2"])
            time.sleep(0.5)
            second = runner.invoke(cli, ["keys", "rotate", "--batch", "3"])
            time.sleep(0.5)
        finally:
            stop.set()
            thread.join(timeout=60)
        assert first.exit_code == 0, first.output
        assert second.exit_code == 0, second.output
        assert not problems, problems[:3]
        assert not [s for s in statuses if s >= 500], statuses
        assert statuses[201] > 0 and statuses[200] > 0, statuses
        # after the rotations, the same server still reads every case, old and new
        for case_id in created:
            resp = client.get(f"/api/cases/{case_id}", headers=h)
            assert resp.status_code == 200 and "Sok" in resp.text, (case_id, resp.status_code)
        hits = client.get("/api/cases", params={"q": "sok dara", "limit": 200}, headers=h)
        assert hits.status_code == 200 and len(hits.json()) == len(created)
        client.close()
    in_file = _file_versions()
    sealed = _sealed_versions(engine)
    assert set(sealed) <= in_file, (sealed, in_file)  # nothing sealed under a deleted version
    assert sum(sealed.values()) == len(created)
    ring = load_keyring()
    assert ring.current == 3
    with session_scope(engine) as session:
        retired = {r.version for r in session.scalars(select(KeyCheck)) if r.retired_at is not None}
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "rotate")))
    assert not retired & set(sealed)
    batches = [e for e in events if (e.details or {}).get("step") == "reseal"]
    assert batches and all(
        set(e.details) == {"step", "batch", "rows", "texts", "to_version"} for e in batches
    )
    assert not any("Sok" in json.dumps(e.details) or "Dara" in json.dumps(e.details) for e in events)


def test_retire_refused_while_rows_use_the_version(engine: Engine, store_env: str) -> None:
    world = make_world(engine, roles=("case_worker",))
    h = world.h("case_worker")
    assert world.client.post("/api/cases", json={"persons": [VICTIM]}, headers=h).status_code == 201
    result = runner.invoke(cli, ["keys", "rotate", "--keep-old"])
    assert result.exit_code == 0, result.output
    ring = load_keyring()
    # a writer still holding version 1 (a stale server) seals one more victim under it
    ring_v1 = load_keyring()
    ring_v1.current, ring_v1.path = 1, None
    with session_scope(engine) as session:
        secret = session.scalars(select(PersonSecret)).first()
        assert secret is not None
        from tipnet.security import fields

        payload = fields.unseal(ring, secret.person_id, secret.key_version, secret.nonce, secret.ciphertext)
        secret.key_version, secret.nonce, secret.ciphertext = fields.seal(ring_v1, secret.person_id, payload)
    refused = runner.invoke(cli, ["keys", "retire", "1"])
    assert refused.exit_code == 2 and "still use key version 1" in refused.output
    assert 1 in _file_versions()
    assert runner.invoke(cli, ["keys", "retire", "2"]).exit_code == 2  # the current one
    # an interrupted rotation continues with `keys reseal`; then the version can go
    resumed = runner.invoke(cli, ["keys", "reseal", "--retire"])
    assert resumed.exit_code == 0, resumed.output
    assert _file_versions() == {2} and set(_sealed_versions(engine)) == {2}
    status = runner.invoke(cli, ["keys", "status"])
    assert "v1\t0 sealed records\tretired" in status.output, status.output
    assert world.client.get("/api/cases", params={"q": "sok"}, headers=h).json()


def test_sealing_under_a_retired_version_is_refused(engine: Engine, store_env: str) -> None:
    """A writer whose key file copy is stale cannot seal under a version the store retired."""
    world = make_world(engine, roles=("case_worker",))
    stale = world.client.app.state.ring
    assert runner.invoke(cli, ["keys", "rotate"]).exit_code == 0
    stale.current, stale.path = 1, None  # frozen: cannot re-read the file
    with session_scope(engine) as session, pytest.raises(KeyringError, match="retired"):
        keyguard.sealing_version(session, stale)


# --- severe 3: a missing or wrong key file is refused, never replaced ---------------------------


def _store_with_a_victim(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    resp = world.client.post("/api/cases", json={"persons": [VICTIM]}, headers=world.h("case_worker"))
    assert resp.status_code == 201


def test_missing_key_file_is_refused_and_not_created(engine: Engine, store_env: str) -> None:
    _store_with_a_victim(engine)
    path = _key_file()
    path.unlink()
    for args in (["keys", "status"], ["keys", "rotate"], ["serve", "--port", "1"], ["keys", "init"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        text = " ".join(result.output.split())
        assert "no key file" in text and "restore the key file" in text.lower(), (args, text)
        assert not path.exists(), args
    with pytest.raises(KeyringError, match="no key file"):
        create_app(engine=engine)
    assert not path.exists()
    upgraded = runner.invoke(cli, ["db", "upgrade"])
    assert upgraded.exit_code == 0 and not path.exists()


def test_wrong_key_file_is_refused(engine: Engine, store_env: str) -> None:
    _store_with_a_victim(engine)
    path = _key_file()
    original = path.read_bytes()
    doc = json.loads(original)
    doc["keys"]["1"] = base64.b64encode(os.urandom(32)).decode()
    doc.pop("checks")  # a different key, consistent in itself
    path.write_text(json.dumps(doc))
    for args in (["keys", "status"], ["keys", "rotate"], ["serve", "--port", "1"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "wrong key file" in " ".join(result.output.split()), (args, result.output)
    with pytest.raises(KeyringError, match="wrong key file"):
        create_app(engine=engine)
    assert json.loads(path.read_text())["keys"] == doc["keys"]  # left as it was
    path.write_bytes(original)
    assert runner.invoke(cli, ["keys", "status"]).exit_code == 0


def test_keys_init_only_for_an_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIPNET_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    get_settings.cache_clear()
    _key_file().unlink()
    made = runner.invoke(cli, ["keys", "init"])
    assert made.exit_code == 0 and _key_file().exists(), made.output
    again = runner.invoke(cli, ["keys", "init"])
    assert again.exit_code == 2 and "exists already" in again.output
    get_settings.cache_clear()


# --- file modes under umask 022 -----------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_personal_data_files_are_private_under_umask_022(tmp_path: Path) -> None:
    from tipnet.ingest.errors import RowError
    from tipnet.ingest.pipeline import IngestReport, RejectsWriter
    from tipnet.ingest.readers import RawRow
    from tipnet.security.config import SecuritySettings
    from tipnet.security.keys import init_keyring

    old = os.umask(0o022)
    try:
        data = tmp_path / "fresh"
        engine = make_engine(f"sqlite:///{data / 'tipnet.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
            db = data / "tipnet.db"
            assert _mode(db) == 0o600
            for side in ("tipnet.db-wal", "tipnet.db-shm"):
                assert (data / side).exists() and _mode(data / side) == 0o600, side
        assert _mode(data) == 0o700
        engine.dispose()

        keys = tmp_path / "k" / "keys" / "tipnet-keys.json"
        init_keyring(SecuritySettings(key_file=keys))
        assert _mode(keys) == 0o600 and _mode(keys.parent) == 0o700
        assert [p.name for p in keys.parent.iterdir()] == ["tipnet-keys.json"]  # no temporary left

        rejects = tmp_path / "r" / "rejects" / "x.rejects.csv"
        writer = RejectsWriter(rejects, IngestReport(source_type="x", file=tmp_path))
        writer.add(RawRow(number=1, line=2, data={}), RowError("prs_FirstName", "required"))
        writer.close()
        assert _mode(rejects) == 0o600 and _mode(rejects.parent) == 0o700
    finally:
        os.umask(old)


def test_key_file_written_atomically_with_unpredictable_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tipnet.security.config import SecuritySettings
    from tipnet.security.keys import init_keyring

    path = tmp_path / "keys" / "k.json"
    ring = init_keyring(SecuritySettings(key_file=path))
    seen: list[str] = []
    real_open = os.open

    def spy(p, flags, mode=0o777, *a, **kw):  # type: ignore[no-untyped-def]
        if str(p).endswith(".tmp"):
            seen.append(Path(p).name)
            assert flags & os.O_EXCL and mode == 0o600 and Path(p).parent == path.parent
        return real_open(p, flags, mode, *a, **kw)

    monkeypatch.setattr(os, "open", spy)
    ring.add_version()
    ring.save()
    ring.save()
    assert len(seen) == 2 and seen[0] != seen[1] and str(os.getpid()) not in seen[0]
    assert len(seen[0]) > 40  # 128 random bits in the name
