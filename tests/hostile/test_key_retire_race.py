"""A server must never lose, in memory, a key it held: a read that fetched a record sealed under the
old version just before a rotation re-sealed it and retired that version still opens it.

On PostgreSQL (READ COMMITTED) a request reads the sealed rows, then unseals them; meanwhile `tipnet
keys rotate` can re-seal those rows, retire the old version and rewrite the key file, and any other
request of the same worker re-reads the file (the keyring is shared). The keyring used to replace its
keys by the file's, so the first request's unseal found its version gone: a 500 on a read caught in
the rotation's window (seen while building the fault bench, from the code: the window is a few
milliseconds, too narrow for the bench to hit reliably). The interleaving is replayed here step
by step, so it runs on both stores (on SQLite a reader's transaction holds the writer lock, which
keeps the re-seal out, but the keyring is the same code).
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from tests.api.fixtures import VICTIM, make_world

from tipnet.security import fields
from tipnet.security.keyguard import open_keyring
from tipnet.security.keys import load_keyring
from tipnet.security.sealing import rotate_keys
from tipnet.store.engine import session_scope
from tipnet.store.tables.security import KeyCheck, PersonSecret


def test_a_read_that_fetched_the_old_version_opens_after_the_rotation_retired_it(engine: Engine) -> None:
    world = make_world(engine, roles=("case_worker",))
    served_ring = world.client.app.state.ring  # the server's keyring, shared by its requests
    h = world.h("case_worker")
    created = world.client.post("/api/cases", json={"persons": [VICTIM]}, headers=h)
    assert created.status_code == 201
    # 1. a request reads the sealed row (under the current version, 1)
    with session_scope(engine) as session:
        person_id, version, nonce, ciphertext = session.execute(
            select(
                PersonSecret.person_id, PersonSecret.key_version, PersonSecret.nonce, PersonSecret.ciphertext
            )
        ).one()
    assert version == 1
    # 2. meanwhile `tipnet keys rotate` (its own keyring, as the CLI process has) re-seals and retires 1
    done = rotate_keys(engine, open_keyring(engine, load_keyring()))
    assert done["resealed"] == 1 and done["retired"] == 1
    with session_scope(engine) as session:
        assert session.get(KeyCheck, 1).retired_at is not None  # type: ignore[union-attr]
    # 3. another request of the same worker re-reads the changed key file
    assert served_ring.refresh()
    assert served_ring.current == 2
    # 4. the first request unseals what it fetched
    opened = fields.unseal(served_ring, person_id, version, nonce, ciphertext)
    assert opened["prs_FirstName"] == VICTIM["prs_FirstName"]
    # ... while sealing never uses the retired version, and new reads are under version 2
    assert served_ring.current == 2 and 1 not in served_ring.keys
    got = world.client.get(f"/api/cases/{created.json()['id']}", headers=h)
    assert got.status_code == 200 and got.json()["persons"][0]["name_native"] == VICTIM["name_native"]
