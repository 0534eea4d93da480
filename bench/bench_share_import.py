"""Importing a large partner bundle: peak memory (RSS) and time, e.g. 20,000 victims' records.

Run (heavy: take the lock):
    flock /work/notes/heavy.lock python bench/bench_share_import.py --records 20000 [--out DIR]

Builds a receiving install (fresh embedded SQLite store, key file, partner identity) that registered
a sending partner under an agreement for 7 fields, then a signed, encrypted bundle of N synthetic
victims' records (made-up names, dates and phones; the sender's side is not measured here: only its
payload is made, as `tipnet share bundle` would). The import runs in a fresh child process, which
reports its resident set before the import (interpreter and modules loaded) and its peak after
(VmHWM), and the seconds. A second import of the same file measures the "imported already" path.
Prints the numbers; nothing is appended to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import secrets
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

FIELDS = [
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "phones",
    "vic_TypeOfExploitation",
]
GIVEN = ["Sreyneang", "Chanthavy", "Sokha", "Dara", "Bopha", "Vannak", "Srey Mom", "Kunthea", "Rith"]
FAMILY = ["Kosal", "Rattana", "Sovann", "Chea", "Heng", "Meas", "Pich", "Sok", "Chhun", "Nget"]


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _rss_kb() -> int:
    return _status_kb("VmRSS")


def _peak_kb() -> int:
    """The process's peak resident set (VmHWM). Not ru_maxrss: that survives exec, so a spawned
    child would report its parent's peak (here, the parent that made the bundle in memory)."""
    return _status_kb("VmHWM")


def setup(root: Path, n: int, seed: int, parts: bool) -> tuple[str, Path, Path]:
    from tipnet.security.config import SecuritySettings
    from tipnet.security.keyguard import open_keyring
    from tipnet.security.keys import init_keyring, load_keyring
    from tipnet.sharing import agreements, bundle, htcds, identity, manifest, partners
    from tipnet.store.engine import make_engine, session_scope, upgrade

    root.mkdir(parents=True, exist_ok=True)
    key_file = root / "keys" / "tipnet-keys.json"
    init_keyring(SecuritySettings(key_file=key_file))
    url = f"sqlite:///{root / 'th.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ring = open_keyring(engine, load_keyring(SecuritySettings(key_file=key_file)))
    me = identity.create(ring)
    sender = identity.from_seed(secrets.token_bytes(32))
    with session_scope(engine) as session:
        row = partners.add(session, partners.card_of(sender.card("KH-NCCT", "NCCT", "KHM")), actor="bench")
        agreements.set_agreement(
            session,
            row,
            agreements.terms(
                ["victim-support"],
                FIELDS,
                90,
                date.today() - timedelta(days=1),
                date.today() + timedelta(days=365),
            ),
            actor="bench",
        )
    engine.dispose()
    rng = random.Random(seed)
    records = []
    for i in range(n):
        records.append(
            manifest.Record(
                ref=uuid.UUID(int=rng.getrandbits(128)).hex,
                role="Victim",
                fields={
                    "prs_FirstName": rng.choice(GIVEN),
                    "prs_SecondName": rng.choice(FAMILY),
                    "prs_Birthdate": f"{rng.randint(1980, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "prs_Gender": rng.choice(["Feminine", "Masculine"]),
                    "prs_Citizenship": ["KHM"],
                    "phones": [f"+8551{rng.randint(0, 99_999_999):08d}"],
                    "vic_TypeOfExploitation": [rng.choice(["ForcedLabour", "SexualExploitation"])],
                },
                withheld=["prs_IdentityNumber"],
                consent={
                    "consent_id": i + 1,
                    "given": True,
                    "method": "written",
                    "recorded_on": "2026-11-01",
                    "purposes": ["victim-support"],
                    "partner": "TH-DSDW",
                },
            )
        )
    bundle_id = uuid.uuid4().hex
    created = datetime.now(UTC).replace(tzinfo=None)
    size = bundle.PART_RECORDS if parts else len(records)
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    payloads: list[dict[str, Any]] = []
    for index, chunk in enumerate(chunks):
        doc = manifest.manifest(
            bundle_id=bundle_id,
            kind="records",
            sender=sender.fingerprint,
            recipient=me.fingerprint,
            created_at=created,
            purpose="victim-support",
            retain_until=date.today() + timedelta(days=90),
            records=chunk,
            part=(index, len(chunks)) if len(chunks) > 1 else None,
        )
        payloads.append(
            {
                "manifest": doc,
                "records": [
                    {
                        "ref": r.ref,
                        "role": r.role,
                        "fields": r.fields,
                        "htcds": htcds.document(r.role, r.fields),
                    }
                    for r in chunk
                ],
                "entities": [manifest.entity(sender.fingerprint, r) for r in chunk],
            }
        )
    data = bundle.seal_parts(
        payloads,
        kind="records",
        signing_key=sender.signing,
        sender=sender.fingerprint,
        recipient=me.fingerprint,
        recipient_box_key=me.box_public,
    )
    path = root / "big.tnb"
    path.write_bytes(data)
    return url, key_file, path


def child(url: str, key_file: str, path: str, out: Any) -> None:
    from tipnet.security.config import SecuritySettings
    from tipnet.security.keyguard import open_keyring
    from tipnet.security.keys import load_keyring
    from tipnet.sharing.receive import import_bundle
    from tipnet.store.engine import make_engine, session_scope

    engine = make_engine(url)
    ring = open_keyring(engine, load_keyring(SecuritySettings(key_file=Path(key_file))))
    # Warm what every import loads once (the FollowTheMoney model, the HTCDS schema), so "before" is
    # the process ready to import and the difference is the bundle's.
    from followthemoney import model

    from tipnet.sharing import htcds

    model.get("Person")
    htcds.errors({})
    before = _rss_kb()
    start = time.perf_counter()
    with open(path, "rb") as fh, session_scope(engine) as session:
        result = import_bundle(session, ring, fh, actor="bench")
    seconds = time.perf_counter() - start
    peak = _peak_kb()
    out.put(
        {
            "seconds": seconds,
            "rss_before_mb": before / 1024,
            "peak_rss_mb": peak / 1024,
            "added": result.added,
            "duplicate": result.duplicate,
            "rejected": len(result.rejects),
        }
    )


def bundle_part_records() -> int:
    from tipnet.sharing.bundle import PART_RECORDS

    return PART_RECORDS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(f"/tmp/share-import-bench-{secrets.token_hex(4)}"))
    parser.add_argument(
        "--single", action="store_true", help="One part (tipnet-bundle/1), as before bundles came in parts."
    )
    args = parser.parse_args()
    start = time.perf_counter()
    url, key_file, path = setup(args.out, args.records, args.seed, parts=not args.single)
    size = path.stat().st_size
    print(
        f"bundle of {args.records} records ({'one part' if args.single else 'parts of 1000'}): "
        f"{size / 1e6:.1f} MB, made in {time.perf_counter() - start:.1f} s"
    )
    ctx = mp.get_context("spawn")
    for label in ("import", "again (imported already)"):
        q = ctx.Queue()
        p = ctx.Process(target=child, args=(url, str(key_file), str(path), q))
        p.start()
        r = q.get()
        p.join()
        print(
            f"{label}: {r['seconds']:.1f} s, added {r['added']}, rejected {r['rejected']}, duplicate "
            f"{r['duplicate']}; RSS before {r['rss_before_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB "
            f"(+{r['peak_rss_mb'] - r['rss_before_mb']:.0f} MB, {size / 1e6:.1f} MB bundle)"
        )


if __name__ == "__main__":
    main()
